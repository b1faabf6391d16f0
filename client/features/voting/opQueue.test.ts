import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProblemBody } from '../../lib/api.ts';
import type { Delivery } from '../../lib/outbox.ts';
import { isVoteTransient, opQueue } from './opQueue.ts';

type Op = { id: string; optionId: string };

function setup(answers: Delivery<number>[]) {
  const sent: string[] = [];
  const done: string[] = [];
  const refused: [string, ProblemBody][] = [];
  const queue = opQueue<Op, number>({
    send: (op) => {
      sent.push(op.id);
      return Promise.resolve(answers.shift() ?? { ok: true, data: 0 });
    },
    onDone: (op) => done.push(op.id),
    onRefused: (op, problem) => refused.push([op.id, problem]),
    retryMs: 1000,
  });
  return { queue, sent, done, refused };
}

describe('vote operations on their way to the server', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('[VOTE7] resends with the same operation id after the network fails, so it counts once', async () => {
    const { queue, sent, done } = setup([
      { ok: false, error: { code: 'OFFLINE', message: 'Not connected' } },
      { ok: true, data: 1 },
    ]);
    queue.add({ id: 'op-1', optionId: 'a' });
    await vi.waitFor(() => expect(sent).toEqual(['op-1']));
    expect(queue.snapshot()).toEqual({
      entries: [{ id: 'op-1', optionId: 'a', state: 'sending', error: null }],
      waiting: true,
    });
    // Reconnected: the same operation goes again.
    await queue.flush();
    expect(sent).toEqual(['op-1', 'op-1']);
    expect(done).toEqual(['op-1']);
    expect(queue.snapshot()).toEqual({ entries: [], waiting: false });
  });

  it("[DUR2] a server failure that is nobody's fault (database unreachable, internal error) is sent again with the same id, never dropped", async () => {
    const { queue, sent, done, refused } = setup([
      { ok: false, error: { code: 'UNAVAILABLE', message: 'Database unreachable' } },
      { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on the server' } },
      { ok: true, data: 1 },
    ]);
    queue.add({ id: 'op-1', optionId: 'a' });
    await vi.waitFor(() => expect(sent).toEqual(['op-1']));
    expect(queue.snapshot()).toEqual({
      entries: [{ id: 'op-1', optionId: 'a', state: 'sending', error: null }],
      waiting: true,
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['op-1', 'op-1']);
    expect(refused).toEqual([]);
    // The server says its database is back: the page flushes at once, before the timer.
    await queue.flush();
    expect(sent).toEqual(['op-1', 'op-1', 'op-1']);
    expect(done).toEqual(['op-1']);
    expect(refused).toEqual([]);
  });

  it('tries again by itself after a timeout while still connected', async () => {
    const { queue, sent, done } = setup([
      { ok: false, error: { code: 'TIMEOUT', message: 'No answer' } },
      { ok: true, data: 1 },
    ]);
    queue.add({ id: 'op-1', optionId: 'a' });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['op-1', 'op-1']);
    expect(done).toEqual(['op-1']);
  });

  it('sends in order, one at a time, and drops only what the server refuses', async () => {
    const { queue, sent, done, refused } = setup([
      { ok: true, data: 1 },
      { ok: false, error: { code: 'CONFLICT', message: 'You have 3 dots' } },
      { ok: true, data: 2 },
    ]);
    queue.add({ id: 'op-1', optionId: 'a' });
    queue.add({ id: 'op-2', optionId: 'b' });
    queue.add({ id: 'op-3', optionId: 'c' });
    await vi.waitFor(() => expect(done).toEqual(['op-1', 'op-3']));
    expect(sent).toEqual(['op-1', 'op-2', 'op-3']);
    expect(refused.map(([id, p]) => [id, p.message])).toEqual([['op-2', 'You have 3 dots']]);
  });

  it('waits out any rate limit, but drops an operation whose answer cannot be read', async () => {
    expect(isVoteTransient({ code: 'RATE_LIMITED', message: 'Slow down' })).toBe(true);
    expect(isVoteTransient({ code: 'BAD_RESPONSE', message: 'Unexpected answer' })).toBe(false);
    const { queue, sent, refused } = setup([
      { ok: false, error: { code: 'BAD_RESPONSE', message: 'Unexpected answer' } },
    ]);
    queue.add({ id: 'op-1', optionId: 'a' });
    await vi.waitFor(() => expect(refused.map(([id]) => id)).toEqual(['op-1']));
    expect(sent).toEqual(['op-1']);
    expect(queue.snapshot()).toEqual({ entries: [], waiting: false });
  });

  it('stops sending once stopped', async () => {
    const { queue, sent } = setup([]);
    queue.stop();
    queue.add({ id: 'op-1', optionId: 'a' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([]);
  });
});
