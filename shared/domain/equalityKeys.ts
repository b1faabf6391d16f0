/**
 * The shape of the council's equality questions (REC12): which questions there are, which answers
 * each takes, and the census's broad headings. Keys only, no words: phones show their own
 * language from client/i18n/aboutYou.*.json, and the English the reach report uses lives in
 * ./equality.ts. Kept apart so a phone's bundle carries no English it never shows (LIGHT3).
 *
 * Categories follow Census 2021 (England and Wales) where the census asked the question, so the
 * answers can be compared with the borough's census profile.
 */

/** Every question has this answer too. It is an answer, not a skip: it is counted. */
export const PREFER_NOT = 'prefer_not';

export const ethnicHeadingKeys = ['asian', 'black', 'mixed', 'white', 'other'] as const;
export type EthnicHeading = (typeof ethnicHeadingKeys)[number];

export type QuestionShape = {
  key: string;
  options: readonly { key: string; heading?: EthnicHeading }[];
};

export const equalityShape = [
  {
    key: 'age',
    options: [
      { key: 'under_16' },
      { key: '16_24' },
      { key: '25_34' },
      { key: '35_49' },
      { key: '50_64' },
      { key: '65_plus' },
    ],
  },
  {
    key: 'sex',
    options: [{ key: 'female' }, { key: 'male' }],
  },
  {
    key: 'ethnic_group',
    options: [
      { key: 'indian', heading: 'asian' },
      { key: 'pakistani', heading: 'asian' },
      { key: 'bangladeshi', heading: 'asian' },
      { key: 'chinese', heading: 'asian' },
      { key: 'other_asian', heading: 'asian' },
      { key: 'african', heading: 'black' },
      { key: 'caribbean', heading: 'black' },
      { key: 'other_black', heading: 'black' },
      { key: 'white_asian', heading: 'mixed' },
      { key: 'white_black_african', heading: 'mixed' },
      { key: 'white_black_caribbean', heading: 'mixed' },
      { key: 'other_mixed', heading: 'mixed' },
      { key: 'white_british', heading: 'white' },
      { key: 'irish', heading: 'white' },
      { key: 'gypsy_traveller', heading: 'white' },
      { key: 'roma', heading: 'white' },
      { key: 'other_white', heading: 'white' },
      { key: 'arab', heading: 'other' },
      { key: 'other_ethnic', heading: 'other' },
    ],
  },
  {
    key: 'disability',
    options: [{ key: 'yes' }, { key: 'no' }],
  },
  {
    key: 'religion',
    options: [
      { key: 'none' },
      { key: 'buddhist' },
      { key: 'christian' },
      { key: 'hindu' },
      { key: 'jewish' },
      { key: 'muslim' },
      { key: 'sikh' },
      { key: 'other_religion' },
    ],
  },
  {
    key: 'sexual_orientation',
    options: [
      { key: 'straight' },
      { key: 'gay_lesbian' },
      { key: 'bisexual' },
      { key: 'other_orientation' },
    ],
  },
  {
    key: 'first_language',
    options: [
      { key: 'english' },
      { key: 'bengali' },
      { key: 'somali' },
      { key: 'urdu' },
      { key: 'chinese' },
      { key: 'arabic' },
      { key: 'turkish' },
      { key: 'polish' },
      { key: 'italian' },
      { key: 'spanish' },
      { key: 'french' },
      { key: 'portuguese' },
      { key: 'other_language' },
    ],
  },
  {
    key: 'carer',
    options: [{ key: 'yes' }, { key: 'no' }],
  },
  {
    key: 'area',
    options: [
      { key: 'E1' },
      { key: 'E1W' },
      { key: 'E2' },
      { key: 'E3' },
      { key: 'E14' },
      { key: 'elsewhere' },
    ],
  },
] as const satisfies readonly QuestionShape[];

export type QuestionKey = (typeof equalityShape)[number]['key'];
/** The answers of one question, "prefer not to say" aside. */
export type AnswerKey<Q extends QuestionKey> = Extract<
  (typeof equalityShape)[number],
  { key: Q }
>['options'][number]['key'];

export const questionKeys = equalityShape.map((q) => q.key) as QuestionKey[];

export function shapeOf(key: string): QuestionShape | undefined {
  return (equalityShape as readonly QuestionShape[]).find((q) => q.key === key);
}

/** The answers a question takes, "prefer not to say" included. */
export function answerKeys(question: string): string[] {
  const q = shapeOf(question);
  return q ? [...q.options.map((o) => o.key), PREFER_NOT] : [];
}
