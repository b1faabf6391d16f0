import type { Phrases } from './types.ts';

export const ur: Phrases = {
  subject: (title) => `”${title}“ کے بعد کیا ہوا`,
  hello: 'السلام علیکم،',
  intro: (workshops, service) =>
    `آپ نے ${workshops} میں حصہ لیا تھا اور کہا تھا کہ آپ کو بتایا جائے کہ آگے کیا ہوا۔ لوگوں نے جو کہا، اس پر ${service} نے یہ کیا۔`,
  decision: {
    adopted: 'منظور',
    partly_adopted: 'جزوی طور پر منظور',
    not_adopted: 'منظور نہیں',
    considering: 'ابھی زیرِ غور ہے',
  },
  why: 'کیوں',
  decidedBy: (who, when) => `${when} کو ${who} نے فیصلہ کیا۔`,
  nothingYet: 'ابھی تک کوئی فیصلہ درج نہیں کیا گیا۔',
  readMore: 'لوگوں کی کہی باتوں سمیت، پوری تفصیل یہاں پڑھیں:',
  goodbye:
    'اس بارے میں آپ کو صرف یہی ایک پیغام ملے گا۔ یہ بھیجے جانے کے فوراً بعد آپ کا ای میل پتہ حذف کر دیا جاتا ہے۔',
  locale: 'ur-PK',
};
