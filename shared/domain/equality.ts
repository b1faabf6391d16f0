/**
 * The council's equality questions, asked in the optional "about you" step after joining (REC12),
 * and the words the reach report uses for each answer (REC13). Keys are stored; labels are the
 * plain English the report and the reference profile page show. Phones show their own language
 * from client/i18n/reach.*.json, keyed by the same question and answer keys.
 *
 * Categories follow Census 2021 (England and Wales) where the census asked the question, so the
 * answers can be compared with the borough's census profile.
 */

/** Every question has this answer too. It is an answer, not a skip: it is counted. */
export const PREFER_NOT = 'prefer_not';

export type EqualityOption = {
  key: string;
  /** The answer as a person picks it. */
  label: string;
  /** The people who gave it, for the reach report's plain sentences. */
  people: string;
  /** The broad group the answer is listed under (the census's five broad ethnic groups). */
  heading?: EthnicHeading;
};

export type EqualityQuestion = {
  key: string;
  /** Short name for tables and the reference profile. */
  label: string;
  /** The question as asked. */
  question: string;
  options: readonly EqualityOption[];
};

export const ethnicHeadings = {
  asian: 'Asian, Asian British or Asian Welsh',
  black: 'Black, Black British, Black Welsh, Caribbean or African',
  mixed: 'Mixed or Multiple ethnic groups',
  white: 'White',
  other: 'Other ethnic group',
} as const;
export type EthnicHeading = keyof typeof ethnicHeadings;
const asian = 'asian';
const black = 'black';
const mixed = 'mixed';
const white = 'white';
const other = 'other';

export const equalityQuestions = [
  {
    key: 'age',
    label: 'Age',
    question: 'How old are you?',
    options: [
      { key: 'under_16', label: 'Under 16', people: 'Residents aged under 16' },
      { key: '16_24', label: '16 to 24', people: 'Residents aged 16 to 24' },
      { key: '25_34', label: '25 to 34', people: 'Residents aged 25 to 34' },
      { key: '35_49', label: '35 to 49', people: 'Residents aged 35 to 49' },
      { key: '50_64', label: '50 to 64', people: 'Residents aged 50 to 64' },
      { key: '65_plus', label: '65 or over', people: 'Residents aged 65 and over' },
    ],
  },
  {
    key: 'sex',
    label: 'Sex',
    question: 'What is your sex?',
    options: [
      { key: 'female', label: 'Female', people: 'Women and girls' },
      { key: 'male', label: 'Male', people: 'Men and boys' },
    ],
  },
  {
    key: 'ethnic_group',
    label: 'Ethnic group',
    question: 'What is your ethnic group?',
    options: [
      { key: 'indian', label: 'Indian', people: 'Indian residents', heading: asian },
      { key: 'pakistani', label: 'Pakistani', people: 'Pakistani residents', heading: asian },
      {
        key: 'bangladeshi',
        label: 'Bangladeshi',
        people: 'Bangladeshi residents',
        heading: asian,
      },
      { key: 'chinese', label: 'Chinese', people: 'Chinese residents', heading: asian },
      {
        key: 'other_asian',
        label: 'Any other Asian background',
        people: 'Residents of another Asian background',
        heading: asian,
      },
      { key: 'african', label: 'African', people: 'Black African residents', heading: black },
      {
        key: 'caribbean',
        label: 'Caribbean',
        people: 'Black Caribbean residents',
        heading: black,
      },
      {
        key: 'other_black',
        label: 'Any other Black, Black British or Caribbean background',
        people: 'Residents of another Black background',
        heading: black,
      },
      {
        key: 'white_asian',
        label: 'White and Asian',
        people: 'Residents of White and Asian heritage',
        heading: mixed,
      },
      {
        key: 'white_black_african',
        label: 'White and Black African',
        people: 'Residents of White and Black African heritage',
        heading: mixed,
      },
      {
        key: 'white_black_caribbean',
        label: 'White and Black Caribbean',
        people: 'Residents of White and Black Caribbean heritage',
        heading: mixed,
      },
      {
        key: 'other_mixed',
        label: 'Any other Mixed or Multiple ethnic background',
        people: 'Residents of another mixed background',
        heading: mixed,
      },
      {
        key: 'white_british',
        label: 'English, Welsh, Scottish, Northern Irish or British',
        people: 'White British residents',
        heading: white,
      },
      { key: 'irish', label: 'Irish', people: 'White Irish residents', heading: white },
      {
        key: 'gypsy_traveller',
        label: 'Gypsy or Irish Traveller',
        people: 'Gypsy and Irish Traveller residents',
        heading: white,
      },
      { key: 'roma', label: 'Roma', people: 'Roma residents', heading: white },
      {
        key: 'other_white',
        label: 'Any other White background',
        people: 'Residents of another White background',
        heading: white,
      },
      { key: 'arab', label: 'Arab', people: 'Arab residents', heading: other },
      {
        key: 'other_ethnic',
        label: 'Any other ethnic group',
        people: 'Residents of another ethnic group',
        heading: other,
      },
    ],
  },
  {
    key: 'disability',
    label: 'Disability',
    question:
      'Do you have a physical or mental health condition or illness that has lasted or is expected to last 12 months or more, and that reduces your ability to carry out day-to-day activities?',
    options: [
      { key: 'yes', label: 'Yes', people: 'Disabled residents' },
      { key: 'no', label: 'No', people: 'Residents who are not disabled' },
    ],
  },
  {
    key: 'religion',
    label: 'Religion or belief',
    question: 'What is your religion or belief?',
    options: [
      { key: 'none', label: 'No religion', people: 'Residents with no religion' },
      { key: 'buddhist', label: 'Buddhist', people: 'Buddhist residents' },
      { key: 'christian', label: 'Christian', people: 'Christian residents' },
      { key: 'hindu', label: 'Hindu', people: 'Hindu residents' },
      { key: 'jewish', label: 'Jewish', people: 'Jewish residents' },
      { key: 'muslim', label: 'Muslim', people: 'Muslim residents' },
      { key: 'sikh', label: 'Sikh', people: 'Sikh residents' },
      {
        key: 'other_religion',
        label: 'Any other religion or belief',
        people: 'Residents of another religion or belief',
      },
    ],
  },
  {
    key: 'sexual_orientation',
    label: 'Sexual orientation',
    question: 'Which of the following best describes your sexual orientation?',
    options: [
      {
        key: 'straight',
        label: 'Straight or heterosexual',
        people: 'Straight or heterosexual residents',
      },
      { key: 'gay_lesbian', label: 'Gay or lesbian', people: 'Gay or lesbian residents' },
      { key: 'bisexual', label: 'Bisexual', people: 'Bisexual residents' },
      {
        key: 'other_orientation',
        label: 'Another sexual orientation',
        people: 'Residents of another sexual orientation',
      },
    ],
  },
  {
    key: 'first_language',
    label: 'First language',
    question: 'What is your first language?',
    options: [
      { key: 'english', label: 'English', people: 'Residents whose first language is English' },
      {
        key: 'bengali',
        label: 'Bengali or Sylheti',
        people: 'Residents whose first language is Bengali or Sylheti',
      },
      { key: 'somali', label: 'Somali', people: 'Residents whose first language is Somali' },
      { key: 'urdu', label: 'Urdu', people: 'Residents whose first language is Urdu' },
      {
        key: 'chinese',
        label: 'Chinese (Cantonese or Mandarin)',
        people: 'Residents whose first language is Chinese',
      },
      { key: 'arabic', label: 'Arabic', people: 'Residents whose first language is Arabic' },
      { key: 'turkish', label: 'Turkish', people: 'Residents whose first language is Turkish' },
      { key: 'polish', label: 'Polish', people: 'Residents whose first language is Polish' },
      { key: 'italian', label: 'Italian', people: 'Residents whose first language is Italian' },
      { key: 'spanish', label: 'Spanish', people: 'Residents whose first language is Spanish' },
      { key: 'french', label: 'French', people: 'Residents whose first language is French' },
      {
        key: 'portuguese',
        label: 'Portuguese',
        people: 'Residents whose first language is Portuguese',
      },
      {
        key: 'other_language',
        label: 'Another language',
        people: 'Residents whose first language is another language',
      },
    ],
  },
  {
    key: 'carer',
    label: 'Unpaid carer',
    question:
      'Do you look after, or give any help or support to, anyone because of a long-term illness, disability or problems related to old age (not as a paid job)?',
    options: [
      { key: 'yes', label: 'Yes', people: 'Unpaid carers' },
      { key: 'no', label: 'No', people: 'Residents who are not carers' },
    ],
  },
  {
    key: 'area',
    label: 'Postcode district',
    question: 'Which postcode district do you live in?',
    options: [
      { key: 'E1', label: 'E1', people: 'Residents of E1' },
      { key: 'E1W', label: 'E1W', people: 'Residents of E1W' },
      { key: 'E2', label: 'E2', people: 'Residents of E2' },
      { key: 'E3', label: 'E3', people: 'Residents of E3' },
      { key: 'E14', label: 'E14', people: 'Residents of E14' },
      {
        key: 'elsewhere',
        label: 'Outside the borough',
        people: 'People who live outside the borough',
      },
    ],
  },
] as const satisfies readonly EqualityQuestion[];

export type QuestionKey = (typeof equalityQuestions)[number]['key'];
export const questionKeys = equalityQuestions.map((q) => q.key) as QuestionKey[];

/** The answers a question takes, "prefer not to say" included. */
export function answerKeys(question: string): string[] {
  const q = questionOf(question);
  return q ? [...q.options.map((o) => o.key), PREFER_NOT] : [];
}

export function questionOf(key: string): EqualityQuestion | undefined {
  return (equalityQuestions as readonly EqualityQuestion[]).find((q) => q.key === key);
}

export function optionOf(question: string, answer: string): EqualityOption | undefined {
  if (answer === PREFER_NOT) {
    return {
      key: PREFER_NOT,
      label: 'Prefer not to say',
      people: 'People who preferred not to say',
    };
  }
  return questionOf(question)?.options.find((o) => o.key === answer);
}
