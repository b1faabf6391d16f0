import { describe, expect, it } from 'vitest';
import { EventBus } from './events.ts';

type Events = {
  'note.added': { text: string };
  'workshop.closed': { id: string };
};

function bus() {
  const failures: { name: string; message: string }[] = [];
  const b = new EventBus<Events>((err, name) =>
    failures.push({ name, message: err instanceof Error ? err.message : String(err) }),
  );
  return { b, failures };
}

describe('event bus', () => {
  it('tells every listener, in the order they subscribed, before emit returns', () => {
    const { b } = bus();
    const heard: string[] = [];
    b.on('note.added', (p) => void heard.push(`first ${p.text}`));
    b.on('note.added', (p) => void heard.push(`second ${p.text}`));
    b.on('workshop.closed', () => void heard.push('wrong event'));
    b.emit('note.added', { text: 'benches' });
    expect(heard).toEqual(['first benches', 'second benches']);
  });

  it("one listener's failure, thrown or rejected, reaches the error handler and not the others", async () => {
    const { b, failures } = bus();
    const heard: string[] = [];
    b.on('note.added', () => {
      throw new Error('thrown');
    });
    b.on('note.added', () => Promise.reject(new Error('rejected')));
    b.on('note.added', (p) => void heard.push(p.text));
    b.emit('note.added', { text: 'still heard' });
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual(['still heard']);
    expect(failures).toEqual([
      { name: 'note.added', message: 'thrown' },
      { name: 'note.added', message: 'rejected' },
    ]);
  });

  it('emitAndWait resolves after async listeners finish and rejects with a failure', async () => {
    const { b, failures } = bus();
    let saved = false;
    const off = b.on('workshop.closed', async () => {
      await new Promise((r) => setTimeout(r, 20));
      saved = true;
    });
    await b.emitAndWait('workshop.closed', { id: 'w1' });
    expect(saved).toBe(true);
    off();
    b.on('workshop.closed', async () => {
      await Promise.resolve();
      throw new Error('outcome not saved');
    });
    await expect(b.emitAndWait('workshop.closed', { id: 'w1' })).rejects.toThrow(
      'outcome not saved',
    );
    // The caller handles it; it is not also reported as unheard.
    expect(failures).toEqual([]);
  });

  it('a listener that stops listening is not told again, and does not make a neighbour miss out', () => {
    const { b } = bus();
    const heard: string[] = [];
    const off = b.on('note.added', () => {
      heard.push('once');
      off();
    });
    b.on('note.added', (p) => void heard.push(p.text));
    b.emit('note.added', { text: 'a' });
    b.emit('note.added', { text: 'b' });
    expect(heard).toEqual(['once', 'a', 'b']);
  });
});
