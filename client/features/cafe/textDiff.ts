/**
 * The arithmetic behind a plain textarea bound to a shared Y.Text (the café's tablecloth). Kept
 * free of Yjs and the DOM so it can be tested on strings: positions are UTF-16 code units, which
 * is how both JavaScript strings and Y.Text count.
 */

/** Replace `remove` characters at `index` with `insert`. */
export type TextChange = { index: number; remove: number; insert: string };

/** One step of a Y.Text delta, as `YTextEvent.delta` gives it. */
export type DeltaOp = { retain?: number; insert?: string | object; delete?: number };
export type Delta = readonly DeltaOp[];

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The single edit that turns `before` into `after`, found from their common start and end.
 * `caret` (where the cursor is after the edit) settles the ambiguous cases: typing "a" into "aa"
 * at the start must insert at 0, not at 2, or a tablemate's cursor would be pushed the wrong way.
 * Returns null when nothing changed.
 */
export function diffText(before: string, after: string, caret?: number): TextChange | null {
  if (before === after) return null;
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (caret !== undefined) {
    // The edit ends at the caret; growth of the text must lie before it.
    const grew = Math.max(0, after.length - before.length);
    prefix = Math.max(0, Math.min(prefix, caret - grew));
  }
  // Never cut an emoji (a surrogate pair) in two.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** The text after a change. */
export function applyChange(text: string, change: TextChange): string {
  return text.slice(0, change.index) + change.insert + text.slice(change.index + change.remove);
}

/** The text after a Y.Text delta (embedded objects, which tablecloths never hold, are skipped). */
export function applyDelta(text: string, delta: Delta): string {
  let out = '';
  let at = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      out += text.slice(at, at + op.retain);
      at += op.retain;
    } else if (op.delete !== undefined) {
      at += op.delete;
    } else if (typeof op.insert === 'string') {
      out += op.insert;
    }
  }
  return out + text.slice(at);
}

/**
 * Where `position` ends up after a delta someone else made. Text they insert exactly at the
 * position goes before it when `assoc` is 'after' (a caret stays after what it follows, so a
 * tablemate typing at the same spot pushes it along), after it when 'before'. Text deleted
 * around the position collapses it to the start of the deletion.
 */
export function mapPosition(position: number, delta: Delta, assoc: 'before' | 'after' = 'after') {
  let oldAt = 0;
  let shift = 0;
  for (const op of delta) {
    if (oldAt > position || (oldAt === position && assoc === 'before' && op.insert !== undefined)) {
      break;
    }
    if (op.retain !== undefined) {
      oldAt += op.retain;
    } else if (op.delete !== undefined) {
      const removed = Math.min(op.delete, Math.max(0, position - oldAt));
      shift -= removed;
      oldAt += op.delete;
    } else if (op.insert !== undefined) {
      shift += typeof op.insert === 'string' ? op.insert.length : 1;
    }
  }
  return Math.max(0, position + shift);
}

/**
 * A local edit made against an older copy of the text, moved onto the text as it is after the
 * `deltas` that arrived meanwhile (in the order they arrived). A range the others deleted shrinks.
 */
export function mapChange(change: TextChange, deltas: readonly Delta[]): TextChange {
  let start = change.index;
  let end = change.index + change.remove;
  for (const delta of deltas) {
    // An empty range stays empty, and stays after text inserted at its spot.
    const collapsed = start === end;
    start = mapPosition(start, delta, 'after');
    end = collapsed ? start : Math.max(start, mapPosition(end, delta, 'before'));
  }
  return { index: start, remove: end - start, insert: change.insert };
}

/**
 * The change cut down so the text stays within `max` characters (TABLECLOTH_CHARS_MAX): what
 * does not fit is dropped from the end of what was typed or pasted.
 */
export function limitChange(change: TextChange, length: number, max: number): TextChange {
  const room = Math.max(0, max - (length - change.remove));
  if (change.insert.length <= room) return change;
  let cut = room;
  if (cut > 0 && isHighSurrogate(change.insert.charCodeAt(cut - 1))) cut--;
  return { ...change, insert: change.insert.slice(0, cut) };
}
