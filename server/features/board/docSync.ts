import type * as Y from 'yjs';
import type { BoardMeta, PublicNote, Theme } from '../../../shared/domain/board.ts';
import { isPublic, type StoredNote } from './store.ts';

/**
 * The board's Yjs document is derived from the database: these functions write what everyone
 * may see into it, and nothing else (no participant ids, no hidden or private text). Only the
 * server runs them; residents' connections to the document are read-only.
 *
 * Layout: map `meta` (BoardMeta fields), map `themes` (id -> Theme), map `notes` (id -> PublicNote).
 */
export function publicNoteOf(n: StoredNote): PublicNote {
  return {
    id: n.id,
    text: n.text,
    groupKey: n.groupKey,
    authorName: n.authorName,
    assisted: n.assisted,
    themeId: n.themeId,
    position: n.position,
    mergedCount: n.mergedCount,
    createdAt: n.createdAt,
  };
}

export function isShown(n: StoredNote): boolean {
  return n.status === 'visible' && n.mergedInto === null;
}

/** Sets a map entry only if its value changed, so unchanged notes cost no update bytes. */
function setIfChanged<T>(map: Y.Map<T>, key: string, value: T) {
  const current = map.get(key);
  if (current === undefined || JSON.stringify(current) !== JSON.stringify(value))
    map.set(key, value);
}

/** Writes the notes given (or removes them from view) according to the board's visibility. */
export function writeNotes(doc: Y.Doc, meta: BoardMeta, notes: StoredNote[]) {
  const map = doc.getMap<PublicNote>('notes');
  for (const n of notes) {
    if (isPublic(meta) && isShown(n)) setIfChanged(map, n.id, publicNoteOf(n));
    else if (map.has(n.id)) map.delete(n.id);
  }
}

/** Makes the whole document match the database: used after a reveal, a mode change or a load. */
export function reconcileDoc(doc: Y.Doc, meta: BoardMeta, themes: Theme[], notes: StoredNote[]) {
  const metaMap = doc.getMap<unknown>('meta');
  for (const [k, v] of Object.entries(meta)) setIfChanged(metaMap, k, v);
  const themeMap = doc.getMap<Theme>('themes');
  const themeIds = new Set(themes.map((t) => t.id));
  for (const t of themes) setIfChanged(themeMap, t.id, t);
  for (const id of [...themeMap.keys()]) if (!themeIds.has(id)) themeMap.delete(id);
  const noteMap = doc.getMap<PublicNote>('notes');
  const known = new Set(notes.map((n) => n.id));
  for (const id of [...noteMap.keys()]) if (!known.has(id)) noteMap.delete(id);
  writeNotes(doc, meta, notes);
}

/**
 * How many notes have come in, in the document's `tally` map: a private board's projector and
 * phones show the count while the notes themselves stay private (HALL3).
 */
export function writeTally(doc: Y.Doc, notes: number) {
  const tally = doc.getMap<unknown>('tally');
  if (tally.get('notes') !== notes) tally.set('notes', notes);
}

export function writeMeta(doc: Y.Doc, meta: BoardMeta) {
  const metaMap = doc.getMap<unknown>('meta');
  for (const [k, v] of Object.entries(meta)) setIfChanged(metaMap, k, v);
}

export function writeThemes(doc: Y.Doc, themes: Theme[], removedIds: string[] = []) {
  const themeMap = doc.getMap<Theme>('themes');
  for (const t of themes) setIfChanged(themeMap, t.id, t);
  for (const id of removedIds) themeMap.delete(id);
}
