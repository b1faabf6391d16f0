import { performance } from 'node:perf_hooks';
import { tableclothDocName } from '../../shared/domain/cafe.ts';
import {
  checkOpenFiles,
  openFileLimit,
  pidusage,
  pool,
  sleep,
  startBaselineProcess,
  startSampler,
  type BaselineProcess,
} from '../lib.ts';
import { startDriverWatch } from './measure.ts';
import { deliveryFailures, NoteWatch, openPeer, writeRound, type Peer } from './notes.ts';
import type { PlannedLine } from './plan.ts';
import type { CafeOptions, CafeReport } from './types.ts';

/**
 * The baseline: a plain y-websocket relay (bench/yRelay.ts) and the same people at the same tables
 * in each round, writing the same lines at the same moments into documents of the same names.
 * Nothing seats anyone and nothing is checked or stored: the floor for the tablecloth traffic.
 */
export async function relayRun(
  opts: CafeOptions,
  seatOf: (round: number, person: number) => string | undefined,
  plannedLines: PlannedLine[][],
  log: (line: string) => void,
): Promise<{ report: CafeReport['relay']; watch: NoteWatch }> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let relay: BaselineProcess | undefined;
  let sampler: Awaited<ReturnType<typeof startSampler>> | undefined;
  let peers: (Peer | undefined)[] = [];
  let writing = false;
  let drops = 0;
  try {
    relay = await startBaselineProcess(
      'bench/yRelay.ts',
      opts.rounds * (opts.seconds + 120) + 300,
      'relay',
    );
    log(`cafe: baseline y-websocket relay (pid ${relay.pid}) at ${relay.url}`);
    const openFiles = openFileLimit(relay.pid);
    checkOpenFiles(
      { relay: openFiles, driver: openFileLimit('self') },
      opts.people + 300,
      `${opts.people} tablecloths`,
    );
    sampler = await startSampler(relay.pid);
    const watch = new NoteWatch();
    const failures: Record<string, number> = {};
    const lags: number[] = [];
    let setupMs = 0;
    let writeFrom = 0;
    const driverWatch = startDriverWatch();
    const url = relay.url;
    for (let round = 1; round <= opts.rounds; round++) {
      const setupAt = performance.now();
      const opened = await pool(opts.people, opts.joinConcurrency ?? 25, async (person) => {
        const tableId = seatOf(round, person);
        if (!tableId) return undefined;
        const { peer, synced } = openPeer(
          url,
          tableclothDocName(tableId, round),
          {},
          `Person ${person + 1}`,
          timeoutMs,
        );
        try {
          await synced;
        } catch (err) {
          peer.close();
          throw err;
        }
        watch.watch(person, peer.text);
        peer.provider.on('status', ({ status }) => {
          if (status === 'disconnected' && writing) drops++;
        });
        return peer;
      });
      peers = opened.map((o) => (o.status === 'fulfilled' ? o.value : undefined));
      setupMs += performance.now() - setupAt;
      const atTable = new Map<string, number[]>();
      peers.forEach((peer, person) => {
        const t = seatOf(round, person);
        if (!peer || !t) return;
        const list = atTable.get(t);
        if (list) list.push(person);
        else atTable.set(t, [person]);
      });
      log(`cafe: relay round ${round}: ${peers.filter(Boolean).length} tablecloths synced`);
      writing = true;
      if (!writeFrom) writeFrom = performance.now();
      lags.push(
        ...(await writeRound({
          lines: plannedLines[round - 1]!,
          watch,
          failures,
          timeoutMs,
          writer: (person) => {
            const peer = peers[person];
            const tableId = seatOf(round, person);
            if (!tableId) return 'phone had no seat';
            if (!peer) return 'tablecloth not synced';
            return { tableId, text: peer.text };
          },
          tablemates: (person) =>
            (atTable.get(seatOf(round, person) ?? '') ?? []).filter((q) => q !== person),
        })),
      );
      writing = false;
      for (const p of peers) p?.close();
      peers = [];
    }
    const writeTo = performance.now();
    const { driver, machine } = driverWatch.stop(lags);
    sampler.stop();
    deliveryFailures(watch, failures);
    const figures = sampler.figures(writeFrom, writeTo);
    log(`cafe: relay ${watch.tracks.size} lines written`);
    return {
      watch,
      report: {
        pid: relay.pid,
        setupMs,
        planned: plannedLines.reduce((s, l) => s + l.length, 0),
        written: watch.tracks.size,
        ...watch.figures(),
        failures,
        drops,
        cpu: figures.cpu,
        rssPeakMb: figures.rssPeakMb,
        driver,
        machine,
        stderr: relay.stderr(),
        openFiles,
      },
    };
  } finally {
    writing = false;
    sampler?.stop();
    for (const p of peers) p?.close();
    if (relay) {
      const exit = await relay.stop();
      if (exit.code !== 0) log(`relay exit: ${JSON.stringify(exit)}\n${relay.stderr()}`);
    }
    pidusage.clear();
    await sleep(100);
  }
}
