import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OwnNote } from '../../../shared/domain/board.ts';
import { isTransient } from '../../lib/outbox.ts';
import {
  loadQueue,
  noteQueue,
  queueKey,
  saveQueue,
  type QueuedNote,
  type SendNote,
  type SendOutcome,
  type StorageLike,
} from './noteQueue.ts';

/** localStorage as a Map, with a switch to make it refuse writes like a full or private one. */
class MemoryStorage implements StorageLike {
  readonly data = new Map<string, string>();
  refuse = false;
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.refuse) throw new Error('QuotaExceededError');
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

const activityId = '6f1d3c2a-9b7e-4c1d-8e2f-0a1b2c3d4e5f';
const ids = [
  '0d8f6c1e-2b3a-4c5d-8e9f-101112131415',
  '1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d',
  '2b3c4d5e-6f7a-4b2c-8d3e-4f5a6b7c8d9e',
] as const;
const key = queueKey('9e8d7c6b-5a49-4382-a716-151413121110');

function ownNote(note: QueuedNote): OwnNote {
  return {
    id: note.id,
    text: note.text,
    groupKey: 'resident',
    authorName: null,
    assisted: false,
    themeId: null,
    position: 0,
    mergedCount: 0,
    createdAt: note.createdAt,
    status: 'visible',
    hiddenReason: null,
    mergedInto: null,
  };
}

/** A fake server: answers each send with the next scripted outcome, and records what it got. */
function server(
  ...script: ('ok' | 'offline' | 'locked' | 'cap' | 'flood' | 'throw' | 'unavailable')[]
) {
  const received: QueuedNote[] = [];
  const send: SendNote = async (note) => {
    received.push(note);
    const step = script.shift() ?? 'ok';
    const outcomes: Record<typeof step, SendOutcome> = {
      ok: { ok: true, data: ownNote(note) },
      offline: { ok: false, error: { code: 'OFFLINE', message: 'Not connected' } },
      locked: { ok: false, error: { code: 'CONFLICT', message: 'The board is locked' } },
      cap: { ok: false, error: { code: 'RATE_LIMITED', message: 'You have added the 5 notes' } },
      flood: {
        ok: false,
        error: { code: 'RATE_LIMITED', message: 'Slow down', retryAfterSeconds: 1 },
      },
      throw: { ok: false, error: { code: 'INTERNAL', message: 'unused' } },
      unavailable: { ok: false, error: { code: 'UNAVAILABLE', message: 'Database unreachable' } },
    };
    if (step === 'throw') throw new Error('socket gone');
    return outcomes[step];
  };
  return { send, received };
}

/** Lets the sends started by add() and timers run to their answer. */
const settle = () => vi.advanceTimersByTimeAsync(0);

const input = (i: 0 | 1 | 2, text = `Note ${i}`) => ({
  id: ids[i],
  activityId,
  text,
  showName: false,
  createdAt: '2026-12-01T18:30:00.000Z',
});

describe('note queue', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps a note in storage from the moment it is written, and drops it once saved', async () => {
    const { send, received } = server('ok');
    const saved: OwnNote[] = [];
    const queue = noteQueue({ storage, key, send, onSaved: (n) => saved.push(n) });
    queue.add(input(0, 'More benches'));
    // Before any answer: stored, and shown as sending.
    expect(loadQueue(storage, key)).toMatchObject([{ id: ids[0], state: 'sending' }]);
    expect(queue.snapshot().entries).toMatchObject([{ text: 'More benches', state: 'sending' }]);
    await settle();
    expect(received.map((n) => n.id)).toEqual([ids[0]]);
    expect(queue.snapshot().entries).toEqual([]);
    expect(storage.data.has(key)).toBe(false);
    expect(saved.map((n) => n.id)).toEqual([ids[0]]);
  });

  it('survives a reload while offline and sends each note once, with the same id, when back', async () => {
    const offline = server('offline', 'offline');
    const first = noteQueue({ storage, key, send: offline.send });
    first.add(input(0));
    first.add(input(1));
    await settle();
    expect(first.snapshot().entries.map((n) => n.state)).toEqual(['sending', 'sending']);
    first.stop();

    // The page reloads: a new queue reads the same storage.
    const online = server('ok', 'ok');
    const second = noteQueue({ storage, key, send: online.send });
    expect(second.snapshot().entries.map((n) => n.id)).toEqual([ids[0], ids[1]]);
    await second.flush();
    expect(online.received.map((n) => n.id)).toEqual([ids[0], ids[1]]);
    expect(second.snapshot().entries).toEqual([]);
    // Flushing again sends nothing more.
    await second.flush();
    expect(online.received).toHaveLength(2);
  });

  it('stops at the first network failure, keeps order, and retries by itself later', async () => {
    const { send, received } = server('offline', 'ok', 'ok');
    const queue = noteQueue({ storage, key, send, retryDelaysMs: [1000] });
    queue.add(input(0));
    queue.add(input(1));
    await settle();
    // Only the first was tried: the second would have failed the same way.
    expect(received.map((n) => n.id)).toEqual([ids[0]]);
    expect(queue.snapshot().entries).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(received.map((n) => n.id)).toEqual([ids[0], ids[0], ids[1]]);
    expect(queue.snapshot().entries).toEqual([]);
  });

  it('marks a refused note failed with the reason; try again or remove it', async () => {
    const { send, received } = server('locked', 'ok', 'ok');
    const queue = noteQueue({ storage, key, send });
    queue.add(input(0));
    queue.add(input(1));
    await settle();
    // The refusal is about that note only: the next one is still sent.
    expect(queue.snapshot().entries).toMatchObject([
      { id: ids[0], state: 'failed', error: { code: 'CONFLICT', message: 'The board is locked' } },
    ]);
    expect(loadQueue(storage, key)).toMatchObject([{ id: ids[0], state: 'failed' }]);
    // A failed note is not sent again on its own.
    await queue.flush();
    expect(received.map((n) => n.id)).toEqual([ids[0], ids[1]]);

    queue.retry(ids[0]);
    expect(queue.snapshot().entries).toMatchObject([{ id: ids[0], state: 'sending', error: null }]);
    await queue.flush();
    expect(received.map((n) => n.id)).toEqual([ids[0], ids[1], ids[0]]);
    expect(queue.snapshot().entries).toEqual([]);

    const cap = noteQueue({ storage, key, send: server('cap').send });
    cap.add(input(2));
    await settle();
    expect(cap.snapshot().entries).toMatchObject([
      { state: 'failed', error: { code: 'RATE_LIMITED' } },
    ]);
    cap.remove(ids[2]);
    expect(cap.snapshot().entries).toEqual([]);
    expect(storage.data.has(key)).toBe(false);
  });

  it('tells a cap (refused) from a flood limit or a thrown send (try again later)', async () => {
    expect(isTransient({ code: 'RATE_LIMITED' })).toBe(false);
    expect(isTransient({ code: 'RATE_LIMITED', retryAfterSeconds: 1 })).toBe(true);
    for (const code of ['OFFLINE', 'TIMEOUT', 'NETWORK', 'INTERNAL'] as const)
      expect(isTransient({ code })).toBe(true);
    for (const code of ['BAD_REQUEST', 'CONFLICT', 'WORKSHOP_CLOSED', 'FORBIDDEN'] as const)
      expect(isTransient({ code })).toBe(false);

    const { send, received } = server('flood', 'throw', 'ok');
    const queue = noteQueue({ storage, key, send, retryDelaysMs: [500] });
    queue.add(input(0));
    await settle();
    expect(queue.snapshot().entries).toMatchObject([{ state: 'sending' }]);
    await vi.advanceTimersByTimeAsync(1000); // the server's retryAfterSeconds
    expect(received).toHaveLength(2);
    expect(queue.snapshot().entries).toMatchObject([{ state: 'sending' }]);
    await vi.advanceTimersByTimeAsync(500);
    expect(received).toHaveLength(3);
    expect(queue.snapshot().entries).toEqual([]);
  });

  it('[DUR2] a note answered UNAVAILABLE (database unreachable) waits and goes again, with its id, as soon as the page flushes', async () => {
    expect(isTransient({ code: 'UNAVAILABLE' })).toBe(true);
    const { send, received } = server('unavailable', 'ok');
    const queue = noteQueue({ storage, key, send, retryDelaysMs: [30_000] });
    queue.add(input(0));
    await settle();
    expect(queue.snapshot().entries).toMatchObject([{ id: ids[0], state: 'sending', error: null }]);
    // The database is back (server:health): the page flushes without waiting out the back-off.
    await queue.flush();
    expect(received.map((n) => n.id)).toEqual([ids[0], ids[0]]);
    expect(queue.snapshot().entries).toEqual([]);
  });

  it('never sends one note twice at once, and a call during a send asks for one more pass', async () => {
    let release: (outcome: SendOutcome) => void = () => undefined;
    const received: string[] = [];
    const send: SendNote = (note) => {
      received.push(note.id);
      return new Promise((resolve) => {
        release = resolve;
      });
    };
    const queue = noteQueue({ storage, key, send });
    queue.add(input(0));
    void queue.flush();
    void queue.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(received).toEqual([ids[0]]);
    release({ ok: false, error: { code: 'TIMEOUT', message: 'No answer' } });
    await vi.advanceTimersByTimeAsync(0);
    // The extra pass asked for meanwhile tries again straight away (the connection came back).
    expect(received).toEqual([ids[0], ids[0]]);
    const first = queue.snapshot().entries[0]!;
    release({ ok: true, data: ownNote(first) });
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.snapshot().entries).toEqual([]);
  });

  it('tells subscribers about each change, with a new snapshot and array each time', async () => {
    const queue = noteQueue({ storage, key, send: server('ok').send });
    const seen: ReturnType<typeof queue.snapshot>[] = [];
    const stop = queue.subscribe(() => seen.push(queue.snapshot()));
    const before = queue.snapshot();
    expect(queue.snapshot()).toBe(before);
    queue.add(input(0));
    await settle();
    stop();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]).not.toBe(before);
    expect(seen[0]?.entries).not.toBe(before.entries);
    expect(seen.at(-1)?.entries).toEqual([]);
  });

  it('reads back only well-formed notes, and keeps working when storage refuses', async () => {
    storage.data.set(key, 'not json');
    expect(loadQueue(storage, key)).toEqual([]);
    storage.data.set(key, JSON.stringify({ not: 'a list' }));
    expect(loadQueue(storage, key)).toEqual([]);
    const good: QueuedNote = {
      ...input(0),
      state: 'sending',
      error: null,
    };
    storage.data.set(key, JSON.stringify([good, { id: 'x' }, good]));
    expect(loadQueue(storage, key)).toEqual([good]);
    expect(loadQueue(null, key)).toEqual([]);

    storage.refuse = true;
    saveQueue(storage, key, [good]);
    const { send, received } = server('ok');
    const queue = noteQueue({ storage, key: queueKey('other'), send });
    queue.add(input(1));
    await settle();
    expect(received.map((n) => n.id)).toEqual([ids[1]]);
    expect(queue.snapshot().entries).toEqual([]);
  });
});
