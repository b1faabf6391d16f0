const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();

/**
 * Whether "Kind: title" needs its kind: not when the title already starts with it, as a café
 * left with its default title "World Café" would read "World Café: World Café".
 */
export function kindAddsToTitle(kind: string, title: string): boolean {
  const k = fold(kind);
  return k !== '' && !fold(title).startsWith(k);
}
