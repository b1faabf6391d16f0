/**
 * The language of a piece of text people wrote, where its script tells it (WCAG 3.1.2, LANG10):
 * Bengali script is Bengali; Arabic script is Urdu when it uses letters only Urdu has, Arabic
 * otherwise. Latin script could be English, Somali or Polish, so it says nothing and the text
 * keeps the page's language. Most letters must be in the script, so an English note with one
 * Bengali word is not marked Bengali. Screen readers then pick the right voice, and the `:lang()`
 * font stacks (LANG7) the right fonts.
 */
const bengali = /\p{Script=Bengali}/u;
const arabic = /\p{Script=Arabic}/u;
const letter = /\p{L}/u;
// ٹ ڈ ڑ ں ے ۓ ھ ہ: written in Urdu, not in Arabic.
const urduOnly = /[\u0679\u0688\u0691\u06BA\u06D2\u06D3\u06BE\u06C1]/u;

export function scriptLanguage(text: string): 'bn' | 'ar' | 'ur' | undefined {
  let letters = 0;
  let bn = 0;
  let ar = 0;
  for (const ch of text) {
    if (!letter.test(ch)) continue;
    letters += 1;
    if (bengali.test(ch)) bn += 1;
    else if (arabic.test(ch)) ar += 1;
  }
  if (letters === 0) return undefined;
  if (bn * 2 > letters) return 'bn';
  if (ar * 2 > letters) return urduOnly.test(text) ? 'ur' : 'ar';
  return undefined;
}
