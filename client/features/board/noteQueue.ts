import * as z from 'zod/mini';
import type { OwnNote } from '../../../shared/domain/board.ts';
import { Outbox, type Delivery } from '../../lib/outbox.ts';

/**
 * Notes a phone has written but the server has not yet confirmed, in the app's one outbox (see
 * client/lib/outbox.ts). Each is kept in local storage from the moment it is written, so a
 * dropped signal, a locked screen or a reload loses nothing. A refusal (the board is locked, too
 * many notes...) marks it "failed" with the reason, for the person to try again or remove it.
 */

/** What `localStorage` offers; injected so the logic runs (and is tested) without a browser. */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const QueuedNoteSchema = z.object({
  id: z.uuid(),
  activityId: z.uuid(),
  text: z.string(),
  showName: z.boolean(),
  createdAt: z.string(),
  state: z.enum(['sending', 'failed']),
  error: z.nullable(z.object({ code: z.string(), message: z.string() })),
});
export type QueuedNote = z.infer<typeof QueuedNoteSchema>;
export type QueuedNoteError = NonNullable<QueuedNote['error']>;
/** A note as written, before the outbox adds how sending it has gone. */
export type NoteDraft = Omit<QueuedNote, 'state' | 'error'>;
export type NoteQueue = Outbox<NoteDraft, OwnNote>;

export type SendOutcome = Delivery<OwnNote>;
export type SendNote = (note: QueuedNote) => Promise<SendOutcome>;

export function queueKey(participantId: string): string {
  return `roundtable.notes.${participantId}`;
}

/** Reads a queue back; anything unreadable is dropped rather than stopping the page. */
export function loadQueue(storage: StorageLike | null, key: string): QueuedNote[] {
  let raw: string | null;
  try {
    raw = storage?.getItem(key) ?? null;
  } catch {
    return [];
  }
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const notes: QueuedNote[] = [];
  for (const item of data) {
    const parsed = QueuedNoteSchema.safeParse(item);
    if (parsed.success && !notes.some((n) => n.id === parsed.data.id)) notes.push(parsed.data);
  }
  return notes;
}

/** Writes a queue; an empty queue removes the key. Storage that refuses (full, private mode)
 * only means the notes would not survive a reload; they are still sent. */
export function saveQueue(storage: StorageLike | null, key: string, notes: readonly QueuedNote[]) {
  try {
    if (notes.length === 0) storage?.removeItem(key);
    else storage?.setItem(key, JSON.stringify(notes));
  } catch {
    return;
  }
}

type Options = {
  storage: StorageLike | null;
  key: string;
  send: SendNote;
  /** Told when the server confirms a note, with the note as stored. */
  onSaved?: (note: OwnNote, queued: QueuedNote) => void;
  /** Told when the server refuses a note (it is now "failed", with the reason). */
  onFailed?: (queued: QueuedNote) => void;
  /** Waits before retrying after a network failure; the last one repeats. */
  retryDelaysMs?: readonly number[];
};

/** A participant's notes on their way: kept in storage, and a refused one kept to show why. */
export function noteQueue({
  storage,
  key,
  send,
  onSaved,
  onFailed,
  retryDelaysMs,
}: Options): NoteQueue {
  return new Outbox<NoteDraft, OwnNote>({
    send,
    keepRefused: true,
    store: { load: () => loadQueue(storage, key), save: (notes) => saveQueue(storage, key, notes) },
    ...(onSaved ? { onSent: (note: OwnNote, queued: QueuedNote) => onSaved(note, queued) } : {}),
    ...(onFailed ? { onRefused: (queued: QueuedNote) => onFailed(queued) } : {}),
    ...(retryDelaysMs ? { retryDelaysMs } : {}),
  });
}
