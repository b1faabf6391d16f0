import type { Phrases } from './types.ts';

export const bn: Phrases = {
  subject: (title) => `“${title}”-এর পরে কী হলো`,
  hello: 'শুভেচ্ছা,',
  intro: (workshops, service) =>
    `আপনি ${workshops}-এ অংশ নিয়েছিলেন এবং কী হলো তা জানতে চেয়েছিলেন। মানুষ যা বলেছিলেন, তা নিয়ে ${service} যা করেছে তা এখানে দেওয়া হলো।`,
  decision: {
    adopted: 'গৃহীত',
    partly_adopted: 'আংশিকভাবে গৃহীত',
    not_adopted: 'গৃহীত হয়নি',
    considering: 'এখনও বিবেচনা করা হচ্ছে',
  },
  why: 'কেন',
  decidedBy: (who, when) => `${when} তারিখে ${who} সিদ্ধান্ত নিয়েছেন।`,
  nothingYet: 'এখনও কোনো সিদ্ধান্ত লেখা হয়নি।',
  readMore: 'মানুষ যা বলেছিলেন তা সহ সবকিছু এখানে পড়ুন:',
  goodbye:
    'এ বিষয়ে এটিই আপনার কাছে আসা একমাত্র বার্তা। এটি পাঠানোর সঙ্গে সঙ্গে আপনার ইমেল ঠিকানা মুছে ফেলা হয়।',
  locale: 'bn-BD',
};
