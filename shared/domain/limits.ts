/** Size limits shared by forms, schemas and the server's transport guards. */
export const limits = {
  emailMax: 254,
  passwordMin: 10,
  passwordMax: 200,
  personNameMax: 60,
  displayNameMax: 40,
  workshopTitleMax: 120,
  workshopPurposeMax: 2000,
  activityTitleMax: 120,
  activityPromptMax: 1000,
  agendaMax: 40,
  groupsMax: 12,
  groupLabelMax: 40,
  optionTextMax: 200,
  optionsMax: 30,
  /** A workshop's phrasebook (LANG11): entries per language, and each text's length. */
  translationsPerLanguageMax: 400,
  translationTextMax: 2000,
  /** Socket.IO frames above this are refused by the transport before any handler runs. */
  socketMessageBytes: 64 * 1024,
  /** JSON request bodies above this get 413. */
  restBodyBytes: 256 * 1024,
} as const;
