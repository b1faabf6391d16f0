import type { Phrases } from './types.ts';

export const ar: Phrases = {
  subject: (title) => `ماذا حدث بعد «${title}»`,
  hello: 'مرحبًا،',
  intro: (workshops, service) =>
    `شاركت في ${workshops} وطلبت أن نُخبرك بما حدث. هذا ما فعله ${service} بما قاله الناس.`,
  decision: {
    adopted: 'اعتُمد',
    partly_adopted: 'اعتُمد جزئيًا',
    not_adopted: 'لم يُعتمد',
    considering: 'لا يزال قيد الدراسة',
  },
  why: 'السبب',
  decidedBy: (who, when) => `قرَّره ${who} في ${when}.`,
  nothingYet: 'لم تُسجَّل أي قرارات بعد.',
  readMore: 'اقرأ كل شيء، مع ما قاله الناس، هنا:',
  goodbye: 'هذه هي الرسالة الوحيدة التي ستصلك بهذا الشأن. يُحذف عنوان بريدك الإلكتروني فور إرسالها.',
  locale: 'ar',
};
