import { openFileLimit } from './lib.ts';
import { plan } from './cafe/plan.ts';
import { relayRun } from './cafe/relay.ts';
import { roundtableRun } from './cafe/roundtable.ts';
import type { CafeOptions, CafeReport } from './cafe/types.ts';

// The bench's parts are in bench/cafe/; bench/run.ts calls runCafe and printCafe from here.
export { printCafe } from './cafe/print.ts';
export type { CafeOptions, CafeReport, CafeRound, NoteFigures } from './cafe/types.ts';

/**
 * A World Café under a full room: P people at P / size tables (one host each), R rounds. In each
 * round the server seats everyone (cafe:start, then cafe:advance), every phone opens its table's
 * tablecloth (a Yjs document) as its seat arrives, and everyone writes a line every 2 to 3 s; each
 * line is timed until every tablemate's copy holds it. At the harvest every line must be on its
 * table's tablecloth. Then the same seating writes the same lines through a plain y-websocket
 * relay, the floor for that traffic. Everything runs on 127.0.0.1 and is bounded in time.
 */
export async function runCafe(opts: CafeOptions): Promise<CafeReport> {
  const log = opts.log ?? (() => undefined);
  const tableSize = opts.tableSize ?? 5;
  const tables = Math.min(60, Math.max(1, Math.ceil(opts.people / tableSize)));
  const lines = plan(opts.people, opts.rounds, opts.seconds, opts.seed ?? 1);
  // Each WebsocketProvider adds a process 'exit' listener in Node.
  const listeners = process.getMaxListeners();
  process.setMaxListeners(Math.max(listeners, 2 * opts.people + 50));
  try {
    const rt = await roundtableRun(opts, tables, tableSize, lines, log);
    const relay = await relayRun(opts, rt.seatOf, lines, log);
    for (const r of rt.report.perRound) {
      r.toTablemate.relay = relay.watch.figures(r.round).toTablemate;
    }
    return {
      people: opts.people,
      tables,
      tableSize,
      rounds: opts.rounds,
      seconds: opts.seconds,
      roundtable: rt.report,
      relay: relay.report,
      driverOpenFiles: openFileLimit('self'),
    };
  } finally {
    process.setMaxListeners(listeners);
  }
}
