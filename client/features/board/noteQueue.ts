import { z } from 'zod';
import type { OwnNote } from '../../../shared/domain/board.ts';
import { retryableCodes } from '../../../shared/protocol/ack.ts';
import type { ProblemBody } from '../../lib/api.ts';

/**
 * Notes a phone has written but the server has not yet confirmed. Each is kept in local storage
 * from the moment it is written, so a dropped signal, a locked screen or a reload loses nothing,
 * and is sent with the id made on the phone: the server stores a note once per id, so sending
 * it again after a lost answer never makes a second note.
 *
 * A note stays "sending" while there is no answer, or the answer is a network failure; it leaves
 * the queue when the server confirms it; a refusal (the board is locked, too many notes...) marks
 * it "failed" with the reason, for the person to try again or remove it.
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
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type QueuedNote = z.infer<typeof QueuedNoteSchema>;
export type QueuedNoteError = NonNullable<QueuedNote['error']>;

export type SendOutcome = { ok: true; note: OwnNote } | { ok: false; error: ProblemBody };
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

/** Client-side codes: the request did not get a real answer, so the note may still be sent. */
const networkCodes: ReadonlySet<string> = new Set([
  'OFFLINE',
  'TIMEOUT',
  'NETWORK',
  'BAD_RESPONSE',
  // The server's own failures that are nobody's fault (DUR2).
  ...retryableCodes,
]);

/**
 * Whether an error means "try again later" (no answer, or a passing problem) rather than "the
 * server refused this note". A flood limit says when to retry; the note cap does not.
 */
export function isTransient(error: Pick<ProblemBody, 'code' | 'retryAfterSeconds'>): boolean {
  if (networkCodes.has(error.code)) return true;
  return error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== undefined;
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

const defaultRetryDelays = [2000, 5000, 10_000, 30_000];

export class NoteQueue {
  private notes: readonly QueuedNote[];
  private readonly listeners = new Set<() => void>();
  private readonly options: Options;
  private running: Promise<void> | null = null;
  /** A flush was asked for during a pass: the connection may have come back, try once more. */
  private again = false;
  /** A note was added during a pass, after the pass may have looked for notes to send. */
  private more = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private stopped = false;

  constructor(options: Options) {
    this.options = options;
    // Notes left "sending" by a page that closed mid-send are sent again: the id makes it safe.
    this.notes = loadQueue(options.storage, options.key);
  }

  /** The queue as it is now; the same array until something changes (for React). */
  readonly snapshot = (): readonly QueuedNote[] => this.notes;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Keeps a new note (stored at once) and starts sending it. */
  add(input: Pick<QueuedNote, 'id' | 'activityId' | 'text' | 'showName'>): QueuedNote {
    const note: QueuedNote = {
      ...input,
      createdAt: new Date().toISOString(),
      state: 'sending',
      error: null,
    };
    this.set([...this.notes.filter((n) => n.id !== note.id), note]);
    if (this.running) this.more = true;
    else void this.flush();
    return note;
  }

  /** A failed note, back to sending. */
  retry(id: string) {
    this.set(
      this.notes.map((n) => (n.id === id ? { ...n, state: 'sending' as const, error: null } : n)),
    );
    this.failures = 0;
    void this.flush();
  }

  remove(id: string) {
    this.set(this.notes.filter((n) => n.id !== id));
  }

  /**
   * Sends every note waiting to be sent, one after another in the order written (so they reach
   * the board in that order). Calls while a pass runs ask for one more pass afterwards.
   */
  flush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.running = (async () => {
      try {
        for (;;) {
          this.again = false;
          this.more = false;
          const blocked = await this.pass();
          // After a network failure, new notes would fail the same way; only a fresh flush
          // (the connection is back) is worth another pass now.
          if (this.stopped || !(this.again || (this.more && !blocked))) break;
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Stops sending and retrying; the stored queue stays for the next page (or `start`). */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Resumes after `stop` (a component shown again) and sends what is waiting. */
  start() {
    this.stopped = false;
    void this.flush();
  }

  /** One pass over the queue; true when it stopped at a network failure. */
  private async pass(): Promise<boolean> {
    const tried = new Set<string>();
    for (;;) {
      if (this.stopped) return false;
      const next = this.notes.find((n) => n.state === 'sending' && !tried.has(n.id));
      if (!next) return false;
      tried.add(next.id);
      let outcome: SendOutcome;
      try {
        outcome = await this.options.send(next);
      } catch (err) {
        outcome = {
          ok: false,
          error: { code: 'NETWORK', message: err instanceof Error ? err.message : String(err) },
        };
      }
      if (this.stopped) return false;
      // Removed while it was on its way: whatever the answer, there is nothing left to update.
      if (!this.notes.some((n) => n.id === next.id)) continue;
      if (outcome.ok) {
        this.failures = 0;
        this.set(this.notes.filter((n) => n.id !== next.id));
        this.options.onSaved?.(outcome.note, next);
      } else if (isTransient(outcome.error)) {
        // No connection: the rest would fail the same way. Try again later, or when the
        // connection comes back (the page calls flush then).
        this.scheduleRetry(outcome.error.retryAfterSeconds);
        return true;
      } else {
        const error = { code: outcome.error.code, message: outcome.error.message };
        const failed = { ...next, state: 'failed' as const, error };
        this.set(this.notes.map((n) => (n.id === next.id ? failed : n)));
        this.options.onFailed?.(failed);
      }
    }
  }

  private scheduleRetry(afterSeconds: number | undefined) {
    const delays = this.options.retryDelaysMs ?? defaultRetryDelays;
    const delay =
      afterSeconds !== undefined
        ? afterSeconds * 1000
        : (delays[Math.min(this.failures, delays.length - 1)] ?? 5000);
    this.failures += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, delay);
  }

  private set(notes: readonly QueuedNote[]) {
    this.notes = notes;
    saveQueue(this.options.storage, this.options.key, notes);
    for (const listener of [...this.listeners]) listener();
  }
}
