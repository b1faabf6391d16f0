import { performance } from 'node:perf_hooks';
import { WebSocket as WsClient } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { TABLECLOTH_TEXT } from '../../shared/domain/cafe.ts';
import { distribution, withTimeout } from '../lib.ts';
import { count, until } from './measure.ts';
import type { PlannedLine } from './plan.ts';

export type Peer = { doc: Y.Doc; text: Y.Text; provider: WebsocketProvider; close(): void };

/**
 * A phone's tablecloth: y-websocket 3.1.0's own provider as the browser runs it (disableBc, so
 * providers in one process cannot sync behind the server's back), announcing the person's name
 * as the tablecloth page does. `synced` settles once the server's copy has arrived.
 */
export function openPeer(
  wsUrl: string,
  docName: string,
  params: Record<string, string>,
  name: string,
  timeoutMs: number,
): { peer: Peer; synced: Promise<void> } {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState({ name });
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    WebSocketPolyfill: WsClient as unknown as typeof globalThis.WebSocket,
    params,
    awareness,
    disableBc: true,
  });
  const peer: Peer = {
    doc,
    text: doc.getText(TABLECLOTH_TEXT),
    provider,
    close() {
      provider.destroy();
      awareness.destroy();
      doc.destroy();
    },
  };
  const synced = withTimeout(
    new Promise<void>((resolve) => {
      if (provider.synced) return resolve();
      provider.on('sync', (s: boolean) => s && resolve());
    }),
    timeoutMs,
  );
  return { peer, synced };
}

type NoteTrack = {
  line: PlannedLine;
  tableId: string;
  /** Tablemates whose tablecloth was synced when the line was written: who must receive it. */
  expected: Set<number>;
  sentAt: number;
  seen: Map<number, number>;
  failure: string | undefined;
};

/** When each line reached each tablemate's copy of the tablecloth. */
export class NoteWatch {
  readonly tracks = new Map<number, NoteTrack>();
  private pending = 0;

  /** Records the moment a line is written; it is complete at once when nobody is to receive it. */
  written(track: NoteTrack) {
    track.sentAt = performance.now();
    this.tracks.set(track.line.id, track);
    if (track.expected.size > 0) this.pending++;
  }

  /**
   * Watches one person's tablecloth. A remote update's delta holds each line whole (every line is
   * one insert, and concurrent inserts never split each other), so its marker is found in it.
   */
  watch(person: number, text: Y.Text) {
    text.observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') continue;
        for (const m of op.insert.matchAll(/#(\d+) /g)) {
          const track = this.tracks.get(Number(m[1]));
          if (!track || !track.expected.has(person) || track.seen.has(person)) continue;
          track.seen.set(person, now);
          if (track.seen.size === track.expected.size) this.pending--;
        }
      }
    });
  }

  /** Resolves once every written line is with all its tablemates, or after `ms`. */
  settle(ms: number) {
    return until(() => this.pending === 0, ms);
  }

  figures(round?: number) {
    const tracks = [...this.tracks.values()].filter((t) => !round || t.line.round === round);
    const pairs: number[] = [];
    const every: number[] = [];
    for (const t of tracks) {
      for (const at of t.seen.values()) pairs.push(at - t.sentAt);
      if (t.expected.size > 0 && t.seen.size === t.expected.size) {
        every.push(Math.max(...t.seen.values()) - t.sentAt);
      }
    }
    return { toTablemate: distribution(pairs), toEveryTablemate: distribution(every) };
  }
}

/**
 * Writes one round's lines at their moments: each into the writer's tablecloth as one insert at
 * the end (the phone's textarea commits a line; the provider sends the update as the transaction
 * ends), then waits until every line is with all its tablemates.
 */
export async function writeRound(args: {
  lines: PlannedLine[];
  watch: NoteWatch;
  /** The writer's table and synced tablecloth, or why the line cannot be written. */
  writer: (person: number) => { tableId: string; text: Y.Text } | string;
  /** The writer's tablemates with a synced tablecloth. */
  tablemates: (person: number) => number[];
  timeoutMs: number;
  failures: Record<string, number>;
}): Promise<number[]> {
  const t0 = performance.now() + 200;
  const lags: number[] = [];
  await Promise.all(
    args.lines.map(
      (line) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              const w = args.writer(line.person);
              if (typeof w === 'string') {
                count(args.failures, w);
                return resolve();
              }
              lags.push(Math.max(0, performance.now() - (t0 + line.atMs)));
              const track: NoteTrack = {
                line,
                tableId: w.tableId,
                expected: new Set(args.tablemates(line.person)),
                sentAt: 0,
                seen: new Map(),
                failure: undefined,
              };
              args.watch.written(track);
              w.text.insert(w.text.length, line.text);
              resolve();
            },
            Math.max(0, t0 + line.atMs - performance.now()),
          );
        }),
    ),
  );
  await args.watch.settle(args.timeoutMs);
  return lags;
}

/** Lines not with every tablemate when the wait ended, by how far they got. */
export function deliveryFailures(watch: NoteWatch, into: Record<string, number>) {
  for (const t of watch.tracks.values()) {
    if (t.seen.size >= t.expected.size) continue;
    t.failure =
      t.seen.size === 0
        ? 'written but with no tablemate after the wait'
        : 'written but with only some tablemates after the wait';
    count(into, t.failure);
  }
}
