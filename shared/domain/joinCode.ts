/**
 * Join codes are read off a projector and typed on a phone, often by someone reading in a second
 * language. The alphabet leaves out every character with a look-alike: 0/O/Q/D, 1/I/L, 2/Z, 5/S,
 * 8/B, U/V. (JOIN1)
 */
export const JOIN_CODE_ALPHABET = 'ACEFGHJKMNPRTWXY34679';
export const JOIN_CODE_LENGTH = 6;

const codePattern = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

export function isJoinCode(value: string): boolean {
  return codePattern.test(value);
}

/** What a person typed, made comparable: case, spaces and dashes do not matter. (JOIN2) */
export function normalizeJoinCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** Draws a code from a source of random bytes (crypto.getRandomValues on both ends). */
export function generateJoinCode(randomBytes: (n: number) => Uint8Array): string {
  let code = '';
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 21).
  const limit = 256 - (256 % JOIN_CODE_ALPHABET.length);
  while (code.length < JOIN_CODE_LENGTH) {
    for (const byte of randomBytes(JOIN_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < JOIN_CODE_LENGTH) {
        code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
      }
    }
  }
  return code;
}

/** Shown as "ACE 479" on screens so it is easier to read out and type. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
