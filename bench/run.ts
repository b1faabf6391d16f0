import { parseArgs } from 'node:util';
import { runBoard, type BoardReport, type NoteRun } from './board.ts';
import { printCafe, runCafe } from './cafe.ts';
import { printCongress, runCongress, type CongressMethod } from './congress.ts';
import { printClusterCongress, runClusterComparison } from './clusterCongress.ts';
import { runJoinStorm, type StormReport } from './joinStorm.ts';
import { profiles, runPhone, type PhoneFigures, type PhoneReport } from './phone.ts';
import type { Distribution } from './lib.ts';
import { list, ms, pct, ratio, table } from './format.ts';

/**
 * `npm run bench [-- CASE...] [flags]`: benchmarks against a real server in a child process.
 * Cases: `join-storm` (phones joining a workshop at once), `board` (notes on an idea board
 * reaching every screen, beside a plain y-websocket relay), `congress` (a live congress vote's
 * tallies reaching every phone, beside a bare ws broadcaster), `cafe` (a World Café's seating
 * and tablecloth notes through its rounds, beside the same relay) and `cluster-congress` (the
 * congress vote over several nodes with Redis and PostgreSQL, beside half the hall on one node and
 * the bare ws broadcaster). Without a case all run, in that order. Prints a table per case and exits non-zero when more than 1% of the phones (join storm),
 * notes (board), ballots (congress) or café notes (missing at the harvest or from a tablemate)
 * failed.
 */
const usage = `usage: npm run bench -- [join-storm] [board] [congress] [cafe] [phone] [cluster-congress] [flags]
  join storm: --phones N (default 1000; env BENCH_PHONES) --seconds S (default 10)
  board:      --participants N (default 300) --notes-per-person K (default 3) --seconds S (default 30)
  congress:   --phones N (default 2000) --seconds S (default 30)
              --method single|approval|ranking|points (default ranking) --refetch
  cafe:       --cafe-people N (default 200, 5 a table) --cafe-rounds R (default 3)
              --seconds S of notes in each round (default 12)
  phone:      --phone-runs N (default 3; medians are printed) --network slow-3g,fast-3g
  cluster-congress: --phones N (default 10000) --nodes N (default 2) --workers N (default 4)
              --pool N (DATABASE_POOL_SIZE of each node, default 10)
              --seconds S (default 60) --method (as congress) --no-one-node (skip the comparison)
  --seconds applies to every case that runs; each case has its own default.`;

const caseNames = ['join-storm', 'board', 'congress', 'cafe', 'phone', 'cluster-congress'] as const;
type CaseName = (typeof caseNames)[number];

type Options = {
  cases: CaseName[];
  phones: number;
  stormSeconds: number;
  participants: number;
  notesPerPerson: number;
  boardSeconds: number;
  congressPhones: number;
  congressSeconds: number;
  method: CongressMethod;
  refetch: boolean;
  cafePeople: number;
  cafeRounds: number;
  cafeSeconds: number;
  phoneRuns: number;
  networks: string[];
  clusterPhones: number;
  clusterNodes: number;
  clusterWorkers: number;
  clusterPool: number;
  clusterSeconds: number;
  oneNode: boolean;
};

function options(): Options {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      phones: { type: 'string' },
      seconds: { type: 'string' },
      participants: { type: 'string' },
      'notes-per-person': { type: 'string' },
      method: { type: 'string' },
      refetch: { type: 'boolean' },
      'cafe-people': { type: 'string' },
      'cafe-rounds': { type: 'string' },
      'phone-runs': { type: 'string' },
      network: { type: 'string' },
      nodes: { type: 'string' },
      workers: { type: 'string' },
      pool: { type: 'string' },
      'no-one-node': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const cases: CaseName[] = [];
  for (const name of positionals) {
    const known = name === 'join' ? 'join-storm' : caseNames.find((c) => c === name);
    if (!known) throw new Error(`unknown case ${name}\n${usage}`);
    if (!cases.includes(known)) cases.push(known);
  }
  const whole = (flag: string, raw: string | undefined, fallback: number, max: number) => {
    const v = Number(raw ?? fallback);
    if (!Number.isInteger(v) || v < 1 || v > max) {
      throw new Error(`${flag} must be a whole number from 1 to ${max}\n${usage}`);
    }
    return v;
  };
  const seconds = (fallback: number) => {
    const v = Number(values.seconds ?? fallback);
    if (!Number.isFinite(v) || v <= 0 || v > 600) {
      throw new Error(`--seconds must be more than 0 and at most 600\n${usage}`);
    }
    return v;
  };
  return {
    cases: cases.length ? cases : [...caseNames],
    phones: whole('--phones', values.phones ?? process.env.BENCH_PHONES, 1000, 20_000),
    stormSeconds: seconds(10),
    participants: whole('--participants', values.participants, 300, 5000),
    // The board's cap (maxNotesPerPerson) goes up to 50.
    notesPerPerson: whole('--notes-per-person', values['notes-per-person'], 3, 50),
    boardSeconds: seconds(30),
    // --phones applies to the congress too; BENCH_PHONES stays the join storm's.
    congressPhones: whole('--phones', values.phones, 2000, 20_000),
    congressSeconds: seconds(30),
    method: congressMethod(values.method),
    refetch: values.refetch === true,
    // 60 tables of 5 at most (CAFE_TABLES_MAX); more people sit at fuller tables.
    cafePeople: whole('--cafe-people', values['cafe-people'], 200, 1000),
    // A café has 1 to 6 rounds (WorldCafeSettingsSchema).
    cafeRounds: whole('--cafe-rounds', values['cafe-rounds'], 3, 6),
    cafeSeconds: seconds(12),
    phoneRuns: whole('--phone-runs', values['phone-runs'], 3, 20),
    networks: networks(values.network),
    clusterPhones: whole('--phones', values.phones, 10_000, 20_000),
    clusterNodes: whole('--nodes', values.nodes, 2, 8),
    clusterWorkers: whole('--workers', values.workers, 4, 16),
    clusterPool: whole('--pool', values.pool, 10, 200),
    clusterSeconds: seconds(60),
    oneNode: values['no-one-node'] !== true,
  };
}

function networks(raw: string | undefined): string[] {
  const names = (raw ?? 'slow-3g,fast-3g').split(',').filter(Boolean);
  for (const n of names) {
    if (!(n in profiles))
      throw new Error(`--network takes ${Object.keys(profiles).join(', ')}\n${usage}`);
  }
  return names;
}

function congressMethod(raw: string | undefined): CongressMethod {
  const methods = ['single', 'approval', 'ranking', 'points'] as const;
  const found = methods.find((m) => m === (raw ?? 'ranking'));
  if (!found) throw new Error(`--method must be one of ${methods.join(', ')}\n${usage}`);
  return found;
}

const times = (v: number) => (Number.isFinite(v) ? `x${v.toFixed(2)}` : '-');

const row = (label: string, d: Distribution) => [label, ms(d.p50), ms(d.p95), ms(d.p99), ms(d.max)];

function print(r: StormReport) {
  const base = r.baseline.median;
  const failedShare = (r.storm.failed / r.phones) * 100;
  const lines = [
    '',
    `Join storm: ${r.phones} phones over ${r.seconds} s against one server (pid ${r.serverPid}, PGlite on disk)`,
    '',
    table([
      ['', 'p50', 'p95', 'p99', 'max'],
      [`baseline: one phone, idle server (median of ${r.baseline.joins})`, ms(base), '', '', ''],
      row('storm: join to ready (POST to first room:state)', r.storm.ready),
      [
        '  ratio to baseline',
        times(r.storm.ready.p50 / base),
        times(r.storm.ready.p95 / base),
        '',
        '',
      ],
      row('  of which POST /api/join', r.storm.post),
      row('  of which socket to first room:state', r.storm.socket),
      row(`fan-out: activity:goto to room:state on every phone`, r.fanout.latency),
      [
        '  ratio to baseline',
        times(r.fanout.latency.p50 / base),
        times(r.fanout.latency.p95 / base),
        '',
        '',
      ],
    ]),
    '',
    `failed joins       ${r.storm.failed} of ${r.phones} (${pct(failedShare)})${formatFailures(r)}`,
    `fan-out reached    ${r.fanout.reached} of ${r.fanout.of} ready phones (facilitator's ack after ${ms(r.fanout.ackMs)})`,
    `presence online    ${r.presenceOnline ?? '-'} (as last pushed to the facilitator)`,
    `storm wall time    ${ms(r.storm.wallMs)} (schedule ${r.seconds * 1000} ms)`,
    `server CPU         mean ${pct(r.cpu.mean)}, peak ${pct(r.cpu.peak)} over the storm (${r.cpu.samples} samples every 250 ms; 100% = one core)`,
    `server RSS         peak ${r.rssMb.peak.toFixed(0)} MB (idle after baseline ${r.rssMb.idle.toFixed(0)} MB)`,
    `driver             CPU ${pct(r.driver.cpuPercent)}, event-loop delay p99 ${ms(r.driver.loopDelayP99Ms)} / max ${ms(r.driver.loopDelayMaxMs)}, start lag p95 ${ms(r.storm.startLag.p95)} / max ${ms(r.storm.startLag.max)}`,
    `open-file limit    server ${r.openFileLimit.server ?? '?'}, driver ${r.openFileLimit.driver ?? '?'}`,
    '',
  ];
  console.log(lines.join('\n'));
}

function formatFailures(r: StormReport): string {
  const entries = Object.entries(r.storm.failures);
  return entries.length ? `: ${entries.map(([why, n]) => `${n}× ${why}`).join(', ')}` : '';
}

function printBoard(r: BoardReport) {
  const rt = r.roundtable;
  const base = r.baseline;
  const notes = r.participants * r.notesPerPerson;
  const ratio = (a: number, b: number) => times(a / b);
  const latency = (label: string, pick: (n: NoteRun) => Distribution | undefined) => {
    const a = pick(rt);
    const b = pick(base);
    const cell = (d: Distribution | undefined, q: keyof Distribution) => (d ? ms(d[q]) : '-');
    return (['p50', 'p95', 'p99', 'max'] as const).map((q, i) => [
      i === 0 ? `${label}  ${q}` : `${' '.repeat(label.length)}  ${q}`,
      cell(a, q),
      cell(b, q),
      a && b && (q === 'p50' || q === 'p95') ? ratio(a[q], b[q]) : '',
    ]);
  };
  const failed = (n: NoteRun) =>
    `${n.failed} of ${n.planned} (${pct((n.failed / n.planned) * 100)})`;
  const lines = [
    '',
    `Idea board: ${r.participants} participants x ${r.notesPerPerson} notes over ${r.seconds} s ` +
      `(${notes} notes, ${(notes / r.seconds).toFixed(1)}/s offered), one board, every participant's screen open on it`,
    `Roundtable: pid ${rt.pid}, PGlite on disk; relay: @y/websocket-server in memory, pid ${base.pid}`,
    '',
    table([
      ['', 'Roundtable', 'relay', 'Roundtable / relay'],
      ...latency('note to every screen', (n) => n.toEveryScreen),
      ...latency('note to first screen', (n) => n.toFirstScreen),
      ...latency('note:add ack        ', (n) => n.ack),
      ['notes failed', failed(rt), failed(base), ''],
      ['notes accepted/s', rt.acceptedPerSecond.toFixed(1), base.acceptedPerSecond.toFixed(1), ''],
      ['server CPU  mean', pct(rt.cpu.mean), pct(base.cpu.mean), ratio(rt.cpu.mean, base.cpu.mean)],
      ['            peak', pct(rt.cpu.peak), pct(base.cpu.peak), ''],
      [
        'server RSS  peak',
        `${rt.rssMb.peak.toFixed(0)} MB`,
        `${base.rssMb.peak.toFixed(0)} MB`,
        ratio(rt.rssMb.peak, base.rssMb.peak),
      ],
      [
        '            at start',
        `${rt.rssMb.atStart.toFixed(0)} MB`,
        `${base.rssMb.atStart.toFixed(0)} MB`,
        '',
      ],
      [
        '            after joins',
        `${rt.rssMb.afterJoin.toFixed(0)} MB`,
        `${base.rssMb.afterJoin.toFixed(0)} MB`,
        '',
      ],
      ['screens', String(rt.screens), String(base.screens), ''],
      ['screen drops during notes', String(rt.screenDrops), String(base.screenDrops), ''],
      ['wall time (first send to last screen)', ms(rt.wallMs), ms(base.wallMs), ''],
      ['driver CPU', pct(rt.driver.cpuPercent), pct(base.driver.cpuPercent), ''],
      [
        'driver RSS peak so far',
        `${rt.driver.rssPeakMb.toFixed(0)} MB`,
        `${base.driver.rssPeakMb.toFixed(0)} MB`,
        '',
      ],
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
      [
        'machine: tasks waiting for a core',
        rt.pressure ? pct(rt.pressure.cpuPercent) : '-',
        base.pressure ? pct(base.pressure.cpuPercent) : '-',
        '',
      ],
      [
        '         tasks waiting for the disk',
        rt.pressure ? pct(rt.pressure.ioPercent) : '-',
        base.pressure ? pct(base.pressure.ioPercent) : '-',
        '',
      ],
      ['         load average (1 min)', rt.loadAverage.toFixed(1), base.loadAverage.toFixed(1), ''],
      ['driver send lag  p95', ms(rt.driver.sendLag.p95), ms(base.driver.sendLag.p95), ''],
      ['                 max', ms(rt.driver.sendLag.max), ms(base.driver.sendLag.max), ''],
    ]),
    '',
    ...saturation(rt, base),
    `CPU is sampled every 250 ms from the first send until the last note was on every screen (${rt.cpu.samples} and ${base.cpu.samples} samples); 100% = one core.`,
    `joins (not measured)  Roundtable ${r.participants - rt.failedJoins} of ${r.participants} in ${ms(rt.setupMs)}${list(rt.joinFailures)}; relay ${r.participants - base.failedJoins} in ${ms(base.setupMs)}`,
    `facilitator board:get ${ms(rt.facilitatorBoardGetMs)} for the whole board once the notes were in (Roundtable)`,
    `failures              Roundtable${list(rt.failures) || ' none'}; relay${list(base.failures) || ' none'}`,
    `server log            ${list(rt.serverLog).slice(2) || 'nothing at warn or above'}`,
    ...(base.relayLog.trim()
      ? [`relay stderr          ${base.relayLog.trim().slice(0, 500)}`]
      : []),
    `open-file limit       server ${r.openFileLimit.server ?? '?'}, relay ${r.openFileLimit.relay ?? '?'}, driver ${r.openFileLimit.driver ?? '?'}`,
    '',
  ];
  console.log(lines.join('\n'));
}

/**
 * The screens all live in this process: when it cannot keep up, every latency above is its own
 * backlog, not the server's. Said plainly rather than left to the reader of the driver rows.
 */
function saturation(...runs: NoteRun[]): string[] {
  const over = runs.some(
    (n) => n.driver.loopDelayP99Ms > 50 || n.driver.sendLag.p95 > 100 || n.driver.cpuPercent > 80,
  );
  const crowded = Math.max(...runs.map((n) => n.pressure?.cpuPercent ?? 0));
  const lines =
    crowded > 25
      ? [
          `NOTE: tasks were waiting for a core ${pct(crowded)} of the time: the server and this process`,
          'shared too few cores, with each other or with other work on the machine. Compare such a run',
          'only with runs at a similar pressure.',
          '',
        ]
      : [];
  return over
    ? [
        'WARNING: the bench process fell behind (its event-loop delay, send lag or CPU above):',
        'these latencies, and screen drops after a stall, are mostly its own backlog, not the server’s.',
        'Use fewer --participants, or a machine with more free cores for the driver.',
        '',
        ...lines,
      ]
    : lines;
}

const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : '-');

function printPhone(r: PhoneReport) {
  const lines = [
    '',
    `Phone: a resident opens /j/<code> at 360x640 (median of ${r.runs} runs each)`,
  ];
  const cells = (f: PhoneFigures) => [
    ms(f.firstPaintMs),
    ms(f.formMs),
    ms(f.readyMs),
    ms(f.joinToReadyMs),
    kb(f.bytes),
    kb(f.scriptBytes),
    String(f.requests),
  ];
  for (const b of r.byProfile) {
    lines.push(
      '',
      `${b.profile.name} (${b.profile.latencyMs} ms, ${((b.profile.throughput * 8) / 1000).toFixed(0)} kbit/s)`,
      table([
        [
          '',
          'first paint',
          'form shown',
          'ready',
          'Join → ready',
          'bytes',
          'of which JS',
          'requests',
        ],
        ['phone, cold cache', ...cells(b.cold)],
        ['phone, warm (returning)', ...cells(b.warm)],
        ['static page same size, cold', ...cells(b.staticCold)],
        ['static page same size, warm', ...cells(b.staticWarm)],
        [
          'ready: phone / static (cold)',
          ratio(b.cold.readyMs, b.staticCold.readyMs),
          '',
          '',
          '',
          '',
          '',
          '',
        ],
      ]),
    );
  }
  lines.push(
    '',
    'Times from the navigation start, in the page; "Join → ready" from the tap on Join (the bench then taps Skip twice). Static page: "form shown" is DOMContentLoaded, "ready" the load event.',
    '',
  );
  console.log(lines.join('\n'));
}

async function phone(opts: Options): Promise<boolean> {
  const report = await runPhone({ runs: opts.phoneRuns, profiles: opts.networks, log });
  printPhone(report);
  return true;
}

const log = (line: string) => console.error(`[bench] ${line}`);

async function joinStorm(opts: Options): Promise<boolean> {
  const report = await runJoinStorm({
    phones: opts.phones,
    seconds: opts.stormSeconds,
    log,
  });
  print(report);
  const failed = report.storm.failed + (report.fanout.of - report.fanout.reached);
  if (failed / report.phones > 0.01) {
    log(`more than 1% of phones failed to join or to follow the room`);
    return false;
  }
  return true;
}

async function board(opts: Options): Promise<boolean> {
  const report = await runBoard({
    participants: opts.participants,
    seconds: opts.boardSeconds,
    notesPerPerson: opts.notesPerPerson,
    log,
  });
  printBoard(report);
  if (report.roundtable.failed / report.roundtable.planned > 0.01) {
    log(`more than 1% of the notes failed on Roundtable`);
    return false;
  }
  return true;
}

async function congress(opts: Options): Promise<boolean> {
  const report = await runCongress({
    phones: opts.congressPhones,
    seconds: opts.congressSeconds,
    method: opts.method,
    refetch: opts.refetch,
    log,
  });
  printCongress(report);
  if (report.roundtable.failed / report.roundtable.planned > 0.01) {
    log(`more than 1% of the ballots failed on Roundtable`);
    return false;
  }
  return true;
}

async function clusterCongress(opts: Options): Promise<boolean> {
  const report = await runClusterComparison({
    phones: opts.clusterPhones,
    nodes: opts.clusterNodes,
    workers: opts.clusterWorkers,
    pool: opts.clusterPool,
    seconds: opts.clusterSeconds,
    method: opts.method,
    compare: opts.oneNode,
    log,
  });
  printClusterCongress(report);
  if ((report.phones - report.accepted) / report.phones > 0.01) {
    log(`more than 1% of the ballots failed over several nodes`);
    return false;
  }
  return true;
}

async function cafe(opts: Options): Promise<boolean> {
  const report = await runCafe({
    people: opts.cafePeople,
    rounds: opts.cafeRounds,
    seconds: opts.cafeSeconds,
    log,
  });
  printCafe(report);
  const rt = report.roundtable;
  const failed = Object.values(rt.failures).reduce((s, n) => s + n, 0);
  let ok = true;
  if (rt.missingAtHarvest / rt.planned > 0.01) {
    log(`more than 1% of the café's lines were missing from the harvest's tablecloths`);
    ok = false;
  }
  if (failed / rt.planned > 0.01) {
    log(`more than 1% of the café's lines failed to reach every tablemate on Roundtable`);
    ok = false;
  }
  if (rt.harvestPhase !== 'harvest') {
    log(`the café ended in ${rt.harvestPhase}, not harvest`);
    ok = false;
  }
  return ok;
}

async function main(): Promise<number> {
  const opts = options();
  let ok = true;
  for (const name of opts.cases) {
    try {
      const run = {
        'join-storm': joinStorm,
        board,
        congress,
        cafe,
        phone,
        'cluster-congress': clusterCongress,
      }[name];
      ok = (await run(opts)) && ok;
    } catch (err) {
      // One case going wrong does not hide the figures of the next.
      log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      ok = false;
    }
  }
  return ok ? 0 : 1;
}

// Exit explicitly: a socket a phone failed to close must not keep the bench running.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
