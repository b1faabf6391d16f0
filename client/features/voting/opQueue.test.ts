import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProblemBody } from '../../lib/api.ts';
import { OpQueue, type SendOutcome } from './opQueue.ts';

type Op = { opId: string; optionId: string };

function setup(answers: SendOutcome<number>[]) {
  const sent: string[] = [];
  const done: string[] = [];
  const refused: [string, ProblemBody][] = [];
  const queue = new OpQueue<Op, number>({
    send: (op) => {
      sent.push(op.opId);
      return Promise.resolve(answers.shift() ?? { ok: true, data: 0 });
    },
    onDone: (op) => done.push(op.opId),
    onRefused: (op, problem) => refused.push([op.opId, problem]),
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
    queue.push({ opId: 'op-1', optionId: 'a' });
    await vi.waitFor(() => expect(sent).toEqual(['op-1']));
    expect(queue.snapshot()).toEqual({ ops: [{ opId: 'op-1', optionId: 'a' }], waiting: true });
    // Reconnected: the same operation goes again.
    await queue.flush();
    expect(sent).toEqual(['op-1', 'op-1']);
    expect(done).toEqual(['op-1']);
    expect(queue.snapshot()).toEqual({ ops: [], waiting: false });
  });

  it("[DUR2] a server failure that is nobody's fault (database unreachable, internal error) is sent again with the same id, never dropped", async () => {
    const { queue, sent, done, refused } = setup([
      { ok: false, error: { code: 'UNAVAILABLE', message: 'Database unreachable' } },
      { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on the server' } },
      { ok: true, data: 1 },
    ]);
    queue.push({ opId: 'op-1', optionId: 'a' });
    await vi.waitFor(() => expect(sent).toEqual(['op-1']));
    expect(queue.snapshot()).toEqual({ ops: [{ opId: 'op-1', optionId: 'a' }], waiting: true });
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
    queue.push({ opId: 'op-1', optionId: 'a' });
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
    queue.push({ opId: 'op-1', optionId: 'a' });
    queue.push({ opId: 'op-2', optionId: 'b' });
    queue.push({ opId: 'op-3', optionId: 'c' });
    await vi.waitFor(() => expect(done).toEqual(['op-1', 'op-3']));
    expect(sent).toEqual(['op-1', 'op-2', 'op-3']);
    expect(refused.map(([id, p]) => [id, p.message])).toEqual([['op-2', 'You have 3 dots']]);
  });

  it('stops sending once stopped', async () => {
    const { queue, sent } = setup([]);
    queue.stop();
    queue.push({ opId: 'op-1', optionId: 'a' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([]);
  });
});
