import { list, mb, ms, pct, ratio, table } from '../format.ts';
import type { Distribution } from '../lib.ts';
import { SLOW_NOTE_MS } from './measure.ts';
import type { CafeReport, CafeRound, NoteFigures } from './types.ts';

/** The tables of one café run, to stdout. */
export function printCafe(r: CafeReport) {
  const rt = r.roundtable;
  const base = r.relay;
  const rounds = rt.perRound;
  const perRound = (label: string, cell: (x: CafeRound) => string, harvest = '') => [
    label,
    ...rounds.map(cell),
    harvest,
  ];
  const quantiles = ['p50', 'p95', 'p99', 'max'] as const;
  const latency = (label: string, a: Distribution, b: Distribution) =>
    quantiles.map((q, i) => [
      i === 0 ? `${label}  ${q}` : `${' '.repeat(label.length)}  ${q}`,
      ms(a[q]),
      ms(b[q]),
      q === 'max' ? '' : ratio(a[q], b[q]),
    ]);
  const missing = (n: NoteFigures) => {
    const failed = Object.values(n.failures).reduce((s, x) => s + x, 0);
    return `${failed} of ${n.planned} (${pct((failed / n.planned) * 100)})`;
  };
  const behind = [rt, base].some(
    (n) => n.driver.loopDelayP99Ms > 50 || n.driver.sendLag.p95 > 100 || n.driver.cpuPercent > 80,
  );
  const crowded = Math.max(
    rt.machine.pressure?.cpuPercent ?? 0,
    base.machine.pressure?.cpuPercent ?? 0,
  );
  const quality = (x: CafeRound) =>
    x.quality ? `${x.quality.repeatPairs} / ${x.quality.revisits} / ${x.quality.sizeSpread}` : '-';
  const disagree = rounds.filter(
    (x) =>
      x.quality &&
      (x.quality.repeatPairs !== x.counted.repeatPairs ||
        x.quality.revisits !== x.counted.revisits ||
        x.quality.sizeSpread !== x.counted.sizeSpread),
  );
  const lines = [
    '',
    `World Café: ${r.people} people at ${r.tables} tables (${r.tableSize} a table, host included), ` +
      `${r.rounds} rounds, each with ${r.seconds} s of notes (a 40-character line every 2 to 3 s per person)`,
    `Roundtable: pid ${rt.pid}, PGlite on disk; relay: @y/websocket-server in memory, pid ${base.pid}`,
    '',
    table([
      ['Rounds (Roundtable)', ...rounds.map((x) => `round ${x.round}`), 'harvest'],
      perRound('assignment: command to ack', (x) => ms(x.ackMs), ms(rt.harvestAckMs)),
      perRound('  of which assignTables (offline)', (x) => ms(x.algorithmMs)),
      perRound(
        'state (cafe:changed) to every phone',
        (x) => ms(x.stateDelivery.max),
        ms(rt.harvestState.max),
      ),
      perRound('seat to every phone (last)', (x) => ms(x.seatDelivery.max)),
      perRound('seat to a phone  p50', (x) => ms(x.seatDelivery.p50)),
      perRound('phones seated', (x) => `${x.seated} of ${x.of}`),
      perRound('tablecloth open to synced  p50', (x) => ms(x.tableclothOpen.p50)),
      perRound('                           max', (x) => ms(x.tableclothOpen.max)),
      perRound('tablecloths not synced', (x) => String(x.tableclothFailures)),
      perRound('lines written', (x) => `${x.written} of ${x.lines}`),
      perRound('note to a tablemate  p50', (x) => ms(x.toTablemate.roundtable.p50)),
      perRound('                     p99', (x) => ms(x.toTablemate.roundtable.p99)),
      perRound('  relay              p50', (x) => ms(x.toTablemate.relay.p50)),
      perRound('                     p99', (x) => ms(x.toTablemate.relay.p99)),
      perRound('repeat pairs / revisits / size spread', quality),
      perRound('repeat pairs lower bound', (x) => String(x.repeatPairsLowerBound)),
    ]),
    '',
    table([
      ['Over the café', 'Roundtable', 'relay', 'Roundtable / relay'],
      ...latency('note to a tablemate      ', rt.toTablemate, base.toTablemate),
      ...latency('note to every tablemate  ', rt.toEveryTablemate, base.toEveryTablemate).filter(
        (_, i) => i === 0 || i === 2,
      ),
      ['notes missing', missing(rt), missing(base), ''],
      ['  of which not on the harvest tablecloth', String(rt.missingAtHarvest), '-', ''],
      ['tablecloth drops while writing', String(rt.drops), String(base.drops), ''],
      [
        'server CPU, first line to last  mean',
        pct(rt.cpu.mean),
        pct(base.cpu.mean),
        ratio(rt.cpu.mean, base.cpu.mean),
      ],
      ['                                peak', pct(rt.cpu.peak), pct(base.cpu.peak), ''],
      ['server CPU, whole café  mean', pct(rt.cafeCpu.mean), '-', ''],
      ['                        peak', pct(rt.cafeCpu.peak), '-', ''],
      [
        'server RSS  peak',
        mb(rt.rssMb.peak),
        mb(base.rssPeakMb),
        ratio(rt.rssMb.peak, base.rssPeakMb),
      ],
      [
        '            at start, after joins',
        `${mb(rt.rssMb.atStart)}, ${mb(rt.rssMb.afterJoin)}`,
        '',
        '',
      ],
      ['driver CPU', pct(rt.driver.cpuPercent), pct(base.driver.cpuPercent), ''],
      [
        'driver event-loop delay  p99',
        ms(rt.driver.loopDelayP99Ms),
        ms(base.driver.loopDelayP99Ms),
        '',
      ],
      [
        '                         max',
        ms(rt.driver.loopDelayMaxMs),
        ms(base.driver.loopDelayMaxMs),
        '',
      ],
      ['driver send lag  p95', ms(rt.driver.sendLag.p95), ms(base.driver.sendLag.p95), ''],
      [
        'machine: tasks waiting for a core',
        rt.machine.pressure ? pct(rt.machine.pressure.cpuPercent) : '-',
        base.machine.pressure ? pct(base.machine.pressure.cpuPercent) : '-',
        '',
      ],
      [
        '         load average (1 min)',
        rt.machine.loadAverage.toFixed(1),
        base.machine.loadAverage.toFixed(1),
        '',
      ],
    ]),
    '',
    ...(behind
      ? [
          'WARNING: the bench process fell behind (event-loop delay p99 over 50 ms, send lag p95 over',
          '100 ms or CPU over 80%): the note latencies are then mostly its own backlog, not the server’s.',
          '',
        ]
      : []),
    ...(crowded > 25
      ? [
          `NOTE: tasks were waiting for a core ${pct(crowded)} of the time: compare this run only with runs`,
          'at a similar pressure.',
          '',
        ]
      : []),
    `people met         mean ${rt.met.mean.toFixed(2)} new people per person of ${rt.met.best.toFixed(2)} possible (${pct((rt.met.mean / rt.met.best) * 100)}); fewest ${rt.met.min}, most ${rt.met.max}, over ${rt.met.people} people`,
    `harvest            the last cafe:advance left the café in ${rt.harvestPhase}; cafe:tablecloths answered in ${ms(rt.tableclothsMs)} with ${rt.tablecloths} of ${rt.expectedTablecloths} tablecloths; ${rt.missingAtHarvest} of ${rt.planned} lines missing from them`,
    `seats              ${rt.seatMismatches} phones' cafe:seat disagreed with the facilitator's seating` +
      (disagree.length
        ? `; the bench counts rounds ${disagree.map((x) => `${x.round} as ${x.counted.repeatPairs}/${x.counted.revisits}/${x.counted.sizeSpread}`).join(', ')} (repeat pairs/revisits/spread), unlike the server`
        : '; the server’s quality figures match the bench’s own count'),
    `set-up (not timed) ${rt.joined} of ${r.people} joined in ${ms(rt.setupMs)}${list(rt.joinFailures)}; every phone's cafe:get at the opening p50 ${ms(rt.phoneGet.p50)}, max ${ms(rt.phoneGet.max)}; cafe:tables ${ms(rt.tablesAckMs)}; cafe:host p50 ${ms(rt.hostAck.p50)}, max ${ms(rt.hostAck.max)}, ${rt.hostsRateLimited} refused as too many messages and retried`,
    `CPU                sampled every 250 ms; "first line to last" from the first line of round 1 to the end of the last round's wait, the changes of round and tablecloth openings in between (${rt.cpu.samples} and ${base.cpu.samples} samples), "whole café" from cafe:start to the harvest's tablecloths (${ms(rt.cafeWallMs)}); 100% = one core`,
    `server probe       event loop (GET of an unknown /api path every 250 ms over the café) p50 ${ms(rt.probes.p50)}, p99 ${ms(rt.probes.p99)}, max ${ms(rt.probes.max)} (${rt.probes.count} probes)`,
    `stalls             seconds since the server was up (it took ${ms(rt.serverLaunchMs)} to start): rounds sent at ${rt.roundsAtS.map((x) => `${x.atS} s`).join(', ')}; probes over ${SLOW_NOTE_MS} ms at ${rt.stalls.map((x) => `${x.atS} s (${ms(x.ms)})`).join(', ') || 'none'}; lines over ${SLOW_NOTE_MS} ms to a tablemate written at ${rt.slowNotes.map((x) => `${x.atS} s (${x.notes})`).join(', ') || 'none'}`,
    `failures           Roundtable${list(rt.failures) || ' none'}; relay${list(base.failures) || ' none'}`,
    `server log         ${list(rt.serverLog).slice(2) || 'nothing at warn or above'}`,
    ...(base.stderr.trim() ? [`relay stderr       ${base.stderr.trim().slice(0, 500)}`] : []),
    `open-file limit    server ${rt.openFiles ?? '?'}, relay ${base.openFiles ?? '?'}, driver ${r.driverOpenFiles ?? '?'}`,
    '',
  ];
  console.log(lines.join('\n'));
}
