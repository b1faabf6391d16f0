/**
 * The sentences our own schemas write when they refuse a field. The schemas use these constants,
 * so each sentence maps back to one stable code (LANG3); the English stays for API readers and
 * logs, while clients say the code in the reader's language.
 */
export const checkSentences = {
  required: 'Required',
  email: 'Not an email address',
  twoOptions: 'At least two options',
  oneGroup: 'At least one group',
  groupKeysUnique: 'Group keys must be unique',
  groupNeedsName: 'A new group needs a name',
  groupKey: 'Lower-case letters, digits and dashes',
  reservedName: 'This name is reserved; choose another',
  dotsPerOption: 'Dots per option cannot exceed dots per person',
  tableTarget: 'The target cannot exceed the most a table takes',
  dateTime: 'A date and time like 2026-12-01T18:30',
  date: 'A date like 2026-12-01',
  realDate: 'Not a real date',
  badCharacters: 'Contains characters that are not allowed',
  duplicateActivity: 'An activity appears twice',
  endBeforeStart: 'The end date is before the start date',
  explanationRequired: 'Say why it could not be done',
  writeCommitment: 'Write the commitment',
  writeNote: 'Write something first',
  keyNotAllowed: 'A key that is not allowed',
  notAnAnswer: 'Not one of this question’s answers',
  listedTwice: 'Listed twice',
  ownLanguage: 'The workshop is written in this language already',
  sharesOver100: 'The shares for this question add up to more than 100%',
} as const;
