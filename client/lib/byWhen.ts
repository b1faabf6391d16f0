/**
 * A commitment's "by when" as people type it ("by March 2027", "March 2027") without the
 * leading "by", for the places that add their own ("…, by {{when}}"): never "by by March 2027".
 */
export function deadline(byWhen: string): string {
  return byWhen.replace(/^\s*by\s+/i, '').trim();
}
