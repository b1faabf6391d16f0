import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CafeView } from '../../shared/protocol/cafe.ts';
import { start, type ServerProcess } from '../../test/helpers/process.ts';
import {
  checkOpenFiles,
  command,
  connected,
  distribution,
  openFileLimit,
  pidusage,
  setUpFacilitator,
  sleep,
  startSampler,
  type ClientSocket,
} from '../lib.ts';
import { SLOW_NOTE_MS, startProbe, summarizeLog } from './measure.ts';
import { deliveryFailures, NoteWatch } from './notes.ts';
import { Phones } from './phones.ts';
import type { PlannedLine } from './plan.ts';
import { offlineAssignment, peopleMet } from './quality.ts';
import { playRounds } from './rounds.ts';
import { createCafe, facilitatorSocket, layTables, openCafe, pickHosts } from './setup.ts';
import type { CafeOptions, CafeReport } from './types.ts';

/**
 * The café on Roundtable, from an empty data folder: the server, the workshop and its phones, the
 * rounds, and at the harvest every line looked for on its table's tablecloth.
 */
export async function roundtableRun(
  opts: CafeOptions,
  tableCount: number,
  tableSize: number,
  plannedLines: PlannedLine[][],
  log: (line: string) => void,
): Promise<{
  report: CafeReport['roundtable'];
  /** Each person's table in each round (by person index), for the relay to seat them the same. */
  seatOf: (round: number, person: number) => string | undefined;
}> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-bench-cafe-'));
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 256 });
  let phones: Phones | undefined;
  let server: ServerProcess | undefined;
  let facilitator: ClientSocket | undefined;
  let sampler: Awaited<ReturnType<typeof startSampler>> | undefined;
  const watch = new NoteWatch();
  let probe: ReturnType<typeof startProbe> | undefined;
  let serverUpAt = 0;

  try {
    log(`cafe: starting Roundtable on an empty PGlite folder (${dataDir})`);
    const launchedAt = performance.now();
    server = await start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { timeoutMs: 60_000 });
    serverUpAt = performance.now();
    const serverLaunchMs = serverUpAt - launchedAt;
    const url = server.url;
    const openFiles = openFileLimit(server.pid);
    // Each phone holds a Socket.IO connection and a tablecloth connection (two at a changeover).
    checkOpenFiles(
      { server: openFiles, driver: openFileLimit('self') },
      3 * opts.people + 300,
      `${opts.people} phones`,
    );
    sampler = await startSampler(server.pid);
    const rssAtStart = (await pidusage(server.pid)).memory;

    const setupAt = performance.now();
    const cookie = await setUpFacilitator(agent, url);
    const { workshop, activityId } = await createCafe(agent, url, cookie, {
      tableCount,
      tableSize,
      rounds: opts.rounds,
    });
    facilitator = facilitatorSocket(url, workshop.id, cookie);
    await connected(facilitator, 10_000);
    const opened = await command(facilitator, 'workshop:open', {});
    if (!opened.ok) throw new Error(`open: ${opened.error.message}`);
    const code = opened.data.workshop.joinCode!;
    log(`cafe: workshop open with code ${code}; joining ${opts.people} phones`);

    phones = new Phones(`${url.replace(/^http/, 'ws')}/yjs`, watch, timeoutMs);
    const { ready, joinFailures } = await phones.join(
      agent,
      url,
      code,
      opts.people,
      opts.joinConcurrency ?? 25,
    );
    phones.listen(ready, activityId);
    const phoneGet = await openCafe(facilitator, ready, activityId, timeoutMs);
    const { tablesAckMs, tableIds } = await layTables(facilitator, activityId, tableCount);
    const { hostAcks, hostsRateLimited } = await pickHosts(
      facilitator,
      activityId,
      tableIds,
      ready,
    );
    const setupMs = performance.now() - setupAt;
    await sleep(500);
    const rssAfterJoin = (await pidusage(server.pid)).memory;
    log(
      `cafe: ${ready.length} of ${opts.people} joined, ${tableIds.length} tables with hosts, ` +
        `in ${(setupMs / 1000).toFixed(1)} s; starting ${opts.rounds} rounds of ${opts.seconds} s`,
    );

    probe = startProbe(`${url}/api/bench-probe`);
    const cafeAt = performance.now();
    const played = await playRounds({
      facilitator,
      activityId,
      rounds: opts.rounds,
      seconds: opts.seconds,
      timeoutMs,
      phones,
      ready,
      watch,
      plannedLines,
      tableIds,
      log,
    });
    const { seating, perRound, failures } = played;
    deliveryFailures(watch, failures);
    for (const p of ready) p.peer?.close();

    // The harvest: every line must be on the tablecloth of the table its writer sat at.
    const clothAt = performance.now();
    const cloths = await command(facilitator, 'cafe:tablecloths', { activityId }, 60_000);
    const tableclothsMs = performance.now() - clothAt;
    const cafeWallMs = performance.now() - cafeAt;
    sampler.stop();
    const probes = await probe.stop();
    probe = undefined;
    if (!cloths.ok) throw new Error(`cafe:tablecloths: ${cloths.error.message}`);
    const textOf = new Map(cloths.data.tablecloths.map((c) => [`${c.tableId}:${c.round}`, c.text]));
    let missingAtHarvest = 0;
    for (const round of plannedLines) {
      for (const line of round) {
        const tableId = phones.all[line.person]?.seats.get(line.round)?.tableId;
        const text = tableId ? textOf.get(`${tableId}:${line.round}`) : undefined;
        if (!text?.includes(line.text)) missingAtHarvest++;
      }
    }

    // The server's own quality figures, beside the bench's count and the offline algorithm.
    const view = await command(facilitator, 'cafe:get', { activityId });
    const quality: CafeView['quality'] = view.ok ? view.data.quality : null;
    const groupOf = new Map(ready.map((p) => [p.participantId, p.groupKey]));
    for (const r of perRound) {
      r.quality = quality?.find((q) => q.round === r.round);
      const offline = offlineAssignment(
        seating,
        r.round,
        tableIds,
        groupOf,
        r.quality?.revisits ?? r.counted.revisits,
        tableSize,
      );
      r.algorithmMs = offline.algorithmMs;
      r.repeatPairsLowerBound = offline.lowerBound;
    }

    const figures = sampler.figures(played.writeFrom, played.writeTo);
    const whole = sampler.figures(cafeAt, cafeAt + cafeWallMs);
    const sinceUp = (t: number) => Math.round((t - serverUpAt) / 100) / 10;
    const slowSeconds = new Map<number, number>();
    for (const t of watch.tracks.values()) {
      const worst = Math.max(0, ...[...t.seen.values()].map((at) => at - t.sentAt));
      if (worst < SLOW_NOTE_MS) continue;
      const second = Math.floor((t.sentAt - serverUpAt) / 1000);
      slowSeconds.set(second, (slowSeconds.get(second) ?? 0) + 1);
    }
    const notes = watch.figures();
    const planned = plannedLines.reduce((s, l) => s + l.length, 0);
    log(
      `cafe: Roundtable ${watch.tracks.size} of ${planned} lines written, ` +
        `${missingAtHarvest} missing at the harvest`,
    );
    const report: CafeReport['roundtable'] = {
      pid: server.pid,
      joined: ready.length,
      joinFailures,
      setupMs,
      phoneGet,
      tablesAckMs,
      hostAck: distribution(hostAcks),
      hostsRateLimited,
      perRound,
      harvestAckMs: played.harvestAckMs,
      harvestPhase: played.harvestPhase,
      harvestState: played.harvestState,
      tableclothsMs,
      tablecloths: cloths.data.tablecloths.length,
      expectedTablecloths: tableIds.length * opts.rounds,
      missingAtHarvest,
      seatMismatches: played.seatMismatches,
      met: peopleMet(seating),
      cafeCpu: whole.cpu,
      cafeWallMs,
      planned,
      written: watch.tracks.size,
      ...notes,
      failures,
      drops: phones.drops,
      cpu: figures.cpu,
      rssPeakMb: figures.rssPeakMb,
      rssMb: {
        atStart: rssAtStart / 2 ** 20,
        afterJoin: rssAfterJoin / 2 ** 20,
        peak: figures.rssPeakMb,
      },
      driver: played.driver,
      machine: played.machine,
      serverLog: summarizeLog(server.output()),
      openFiles,
      probes: distribution(probes.map((p) => p.ms)),
      stalls: probes
        .filter((p) => p.ms >= SLOW_NOTE_MS)
        .map((p) => ({ atS: sinceUp(p.at), ms: p.ms })),
      slowNotes: [...slowSeconds].map(([atS, notes]) => ({ atS, notes })),
      serverLaunchMs,
      roundsAtS: perRound.map((x) => ({ round: x.round, atS: sinceUp(x.sentAt) })),
    };
    const seats = new Map<string, string>();
    for (const p of ready) {
      for (const [round, seat] of p.seats) seats.set(`${round}:${p.index}`, seat.tableId);
    }
    return { report, seatOf: (round, person) => seats.get(`${round}:${person}`) };
  } catch (err) {
    if (server) log(`server output:\n${server.output().slice(-4000)}`);
    throw err;
  } finally {
    if (phones) phones.writing = false;
    sampler?.stop();
    await probe?.stop();
    phones?.close();
    facilitator?.disconnect();
    agent.destroy();
    if (server) {
      const exit = await server.stop();
      if (exit.code !== 0) log(`server exit: ${JSON.stringify(exit)}\n${server.output()}`);
    }
    pidusage.clear();
    rmSync(dataDir, { recursive: true, force: true });
    // Let the closed connections' last events run before the next part starts.
    await sleep(300);
  }
}
