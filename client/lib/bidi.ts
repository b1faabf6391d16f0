/**
 * Text someone wrote, put inside a translated sentence ("Board: {{title}}"): wrapped in Unicode's
 * first-strong isolate and pop directional isolate, the plain-text form of `<bdi>`, so an Arabic
 * title in an English sentence (or the other way round) keeps its own direction and does not
 * reorder the words around it. Screen readers do not read the two marks.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
