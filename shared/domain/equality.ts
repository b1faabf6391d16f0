import {
  PREFER_NOT,
  equalityShape,
  type AnswerKey,
  type EthnicHeading,
  type QuestionKey,
} from './equalityKeys.ts';

/**
 * The council's equality questions in plain English, as the reach report and the reference
 * profile page show them (REC13). Keys and answers are in ./equalityKeys.ts; the type below makes
 * every question and answer there have its words here.
 */

export { PREFER_NOT, answerKeys, questionKeys, type QuestionKey } from './equalityKeys.ts';

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
  key: QuestionKey;
  /** Short name for tables and the reference profile. */
  label: string;
  /** The question as asked. */
  question: string;
  options: readonly EqualityOption[];
};

export const ethnicHeadings: Record<EthnicHeading, string> = {
  asian: 'Asian, Asian British or Asian Welsh',
  black: 'Black, Black British, Black Welsh, Caribbean or African',
  mixed: 'Mixed or Multiple ethnic groups',
  white: 'White',
  other: 'Other ethnic group',
};

type Words = { label: string; people: string };
type English = {
  [Q in QuestionKey]: { label: string; question: string; answers: Record<AnswerKey<Q>, Words> };
};

const english: English = {
  age: {
    label: 'Age',
    question: 'How old are you?',
    answers: {
      under_16: { label: 'Under 16', people: 'Residents aged under 16' },
      '16_24': { label: '16 to 24', people: 'Residents aged 16 to 24' },
      '25_34': { label: '25 to 34', people: 'Residents aged 25 to 34' },
      '35_49': { label: '35 to 49', people: 'Residents aged 35 to 49' },
      '50_64': { label: '50 to 64', people: 'Residents aged 50 to 64' },
      '65_plus': { label: '65 or over', people: 'Residents aged 65 and over' },
    },
  },
  sex: {
    label: 'Sex',
    question: 'What is your sex?',
    answers: {
      female: { label: 'Female', people: 'Women and girls' },
      male: { label: 'Male', people: 'Men and boys' },
    },
  },
  ethnic_group: {
    label: 'Ethnic group',
    question: 'What is your ethnic group?',
    answers: {
      indian: { label: 'Indian', people: 'Indian residents' },
      pakistani: { label: 'Pakistani', people: 'Pakistani residents' },
      bangladeshi: { label: 'Bangladeshi', people: 'Bangladeshi residents' },
      chinese: { label: 'Chinese', people: 'Chinese residents' },
      other_asian: {
        label: 'Any other Asian background',
        people: 'Residents of another Asian background',
      },
      african: { label: 'African', people: 'Black African residents' },
      caribbean: { label: 'Caribbean', people: 'Black Caribbean residents' },
      other_black: {
        label: 'Any other Black, Black British or Caribbean background',
        people: 'Residents of another Black background',
      },
      white_asian: { label: 'White and Asian', people: 'Residents of White and Asian heritage' },
      white_black_african: {
        label: 'White and Black African',
        people: 'Residents of White and Black African heritage',
      },
      white_black_caribbean: {
        label: 'White and Black Caribbean',
        people: 'Residents of White and Black Caribbean heritage',
      },
      other_mixed: {
        label: 'Any other Mixed or Multiple ethnic background',
        people: 'Residents of another mixed background',
      },
      white_british: {
        label: 'English, Welsh, Scottish, Northern Irish or British',
        people: 'White British residents',
      },
      irish: { label: 'Irish', people: 'White Irish residents' },
      gypsy_traveller: {
        label: 'Gypsy or Irish Traveller',
        people: 'Gypsy and Irish Traveller residents',
      },
      roma: { label: 'Roma', people: 'Roma residents' },
      other_white: {
        label: 'Any other White background',
        people: 'Residents of another White background',
      },
      arab: { label: 'Arab', people: 'Arab residents' },
      other_ethnic: {
        label: 'Any other ethnic group',
        people: 'Residents of another ethnic group',
      },
    },
  },
  disability: {
    label: 'Disability',
    question:
      'Do you have a physical or mental health condition or illness that has lasted or is expected to last 12 months or more, and that reduces your ability to carry out day-to-day activities?',
    answers: {
      yes: { label: 'Yes', people: 'Disabled residents' },
      no: { label: 'No', people: 'Residents who are not disabled' },
    },
  },
  religion: {
    label: 'Religion or belief',
    question: 'What is your religion or belief?',
    answers: {
      none: { label: 'No religion', people: 'Residents with no religion' },
      buddhist: { label: 'Buddhist', people: 'Buddhist residents' },
      christian: { label: 'Christian', people: 'Christian residents' },
      hindu: { label: 'Hindu', people: 'Hindu residents' },
      jewish: { label: 'Jewish', people: 'Jewish residents' },
      muslim: { label: 'Muslim', people: 'Muslim residents' },
      sikh: { label: 'Sikh', people: 'Sikh residents' },
      other_religion: {
        label: 'Any other religion or belief',
        people: 'Residents of another religion or belief',
      },
    },
  },
  sexual_orientation: {
    label: 'Sexual orientation',
    question: 'Which of the following best describes your sexual orientation?',
    answers: {
      straight: { label: 'Straight or heterosexual', people: 'Straight or heterosexual residents' },
      gay_lesbian: { label: 'Gay or lesbian', people: 'Gay or lesbian residents' },
      bisexual: { label: 'Bisexual', people: 'Bisexual residents' },
      other_orientation: {
        label: 'Another sexual orientation',
        people: 'Residents of another sexual orientation',
      },
    },
  },
  first_language: {
    label: 'First language',
    question: 'What is your first language?',
    answers: {
      english: { label: 'English', people: 'Residents whose first language is English' },
      bengali: {
        label: 'Bengali or Sylheti',
        people: 'Residents whose first language is Bengali or Sylheti',
      },
      somali: { label: 'Somali', people: 'Residents whose first language is Somali' },
      urdu: { label: 'Urdu', people: 'Residents whose first language is Urdu' },
      chinese: {
        label: 'Chinese (Cantonese or Mandarin)',
        people: 'Residents whose first language is Chinese',
      },
      arabic: { label: 'Arabic', people: 'Residents whose first language is Arabic' },
      turkish: { label: 'Turkish', people: 'Residents whose first language is Turkish' },
      polish: { label: 'Polish', people: 'Residents whose first language is Polish' },
      italian: { label: 'Italian', people: 'Residents whose first language is Italian' },
      spanish: { label: 'Spanish', people: 'Residents whose first language is Spanish' },
      french: { label: 'French', people: 'Residents whose first language is French' },
      portuguese: { label: 'Portuguese', people: 'Residents whose first language is Portuguese' },
      other_language: {
        label: 'Another language',
        people: 'Residents whose first language is another language',
      },
    },
  },
  carer: {
    label: 'Unpaid carer',
    question:
      'Do you look after, or give any help or support to, anyone because of a long-term illness, disability or problems related to old age (not as a paid job)?',
    answers: {
      yes: { label: 'Yes', people: 'Unpaid carers' },
      no: { label: 'No', people: 'Residents who are not carers' },
    },
  },
  area: {
    label: 'Postcode district',
    question: 'Which postcode district do you live in?',
    answers: {
      E1: { label: 'E1', people: 'Residents of E1' },
      E1W: { label: 'E1W', people: 'Residents of E1W' },
      E2: { label: 'E2', people: 'Residents of E2' },
      E3: { label: 'E3', people: 'Residents of E3' },
      E14: { label: 'E14', people: 'Residents of E14' },
      elsewhere: { label: 'Outside the borough', people: 'People who live outside the borough' },
    },
  },
};

export const equalityQuestions: readonly EqualityQuestion[] = equalityShape.map((shape) => {
  const words = english[shape.key];
  const answers = words.answers as Record<string, Words>;
  return {
    key: shape.key,
    label: words.label,
    question: words.question,
    options: shape.options.map((o: { key: string; heading?: EthnicHeading }) => {
      const said = answers[o.key];
      if (!said) throw new Error(`No English for ${shape.key}.${o.key}`);
      return { ...o, ...said };
    }),
  };
});

export function questionOf(key: string): EqualityQuestion | undefined {
  return equalityQuestions.find((q) => q.key === key);
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
