import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import type { Workshop } from '../shared/domain/workshop.ts';
import { PROTOCOL_VERSION } from '../shared/protocol/version.ts';
import { startPostgres, type PostgresServer } from '../test/helpers/postgres.ts';
import { start, type ServerProcess } from '../test/helpers/process.ts';
import { startRedis, type RedisServer } from '../test/helpers/redis.ts';
import type {
  FromWorker,
  ToWorker,
  WorkerDone,
  WorkerJoined,
  WorkerSent,
} from './clusterPhones.ts';
import { runCongress, type CongressMethod, type CongressReport } from './congress.ts';
import { list, mb, ms, pct, ratio, table } from './format.ts';
import {
  command,
  connected,
  distribution,
  postJson,
  setUpFacilitator,
  sleep,
  type ClientSocket,
  type Distribution,
} from './lib.ts';

/**
 * The congress hall over several nodes: N phones spread over the nodes (as a balancer would),
 * played by several worker processes so the generator is not the bottleneck; one ballot each at
 * a random moment over S seconds on a live ranked vote; every phone receives the tallies. The
 * nodes share a PostgreSQL server and Redis started here from the system's packages. With
 * `compare`, the same run then measures half the phones on one node (the embedded database) and
 * a bare ws broadcaster (the `congress` case), for the ratios.
 */

export type ClusterCongressOptions = {
  phones: number;
  nodes: number;
  /** Each node's DATABASE_POOL_SIZE. */
  pool?: number;
  workers: number;
  seconds: number;
  method: CongressMethod;
  compare: boolean;
  seed?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
};

type Usage = { cpuMean: number; cpuPeak: number; rssPeakMb: number };

export type ClusterCongressReport = {
  phones: number;
  nodes: number;
  workers: number;
  seconds: number;
  method: CongressMethod;
  joined: number;
  joinFailures: Record<string, number>;
  /** From the first join to the last phone's first room state. */
  joinMs: number;
  ack: Distribution;
  toEveryScreen: Distribution;
  votesOnEveryScreen: number;
  accepted: number;
  failures: Record<string, number>;
  /** Sends again of ballots answered "not now" (UNAVAILABLE), as a phone's queue makes. */
  resent: number;
  acceptedPerSecond: number;
  phonesWithFinalCount: number;
  drops: number;
  dropReasons: Record<string, number>;
  /** Per process during the vote (CPU: 100% = one core). */
  usage: { name: string; usage: Usage }[];
  /** The load generator's CPU over the whole run, all workers together, and their peak RSS. */
  generator: { cpuPercent: number; rssPeakMb: number };
  wallMs: number;
  oneNode: CongressReport | undefined;
};

const now = () => performance.timeOrigin + performance.now();
const workerFile = fileURLToPath(new URL('./clusterPhones.ts', import.meta.url));
const CLOCK_TICKS = 100;
const PAGE_BYTES = 4096;

/** CPU ticks and resident pages of a process and all its descendants (PostgreSQL's backends). */
function treeTotals(root: number): { ticks: Map<number, number>; rssBytes: number } {
  const parent = new Map<number, number>();
  const stats = new Map<number, string[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: split after it.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      stats.set(Number(entry), fields);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  const ticks = new Map<number, number>();
  let rssBytes = 0;
  for (const [pid, fields] of stats) {
    let p: number | undefined = pid;
    while (p !== undefined && p > 1 && p !== root) p = parent.get(p);
    if (p !== root) continue;
    // After the name: state(0) ppid(1) ... utime(11) stime(12) ... rss(21).
    ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    rssBytes += Number(fields[21]) * PAGE_BYTES;
  }
  return { ticks, rssBytes };
}

/** Samples several process trees every second; figures over the window it ran. */
function startTreeSampler(roots: { name: string; pid: number }[]) {
  const cpu = roots.map(() => [] as number[]);
  const rss = roots.map(() => 0);
  let previous = roots.map((r) => treeTotals(r.pid));
  let previousAt = performance.now();
  const timer = setInterval(() => {
    const at = performance.now();
    const totals = roots.map((r) => treeTotals(r.pid));
    const seconds = (at - previousAt) / 1000;
    totals.forEach((t, i) => {
      // Per process: a backend that ended since the last sample must not take its whole past
      // off the tree's total (PostgreSQL's came out negative), and a new one counts from 0.
      let spent = 0;
      for (const [pid, now] of t.ticks)
        spent += Math.max(0, now - (previous[i]!.ticks.get(pid) ?? 0));
      cpu[i]!.push((spent / CLOCK_TICKS / seconds) * 100);
      rss[i] = Math.max(rss[i]!, t.rssBytes);
    });
    previous = totals;
    previousAt = at;
  }, 1000);
  return () => {
    clearInterval(timer);
    return roots.map((r, i) => ({
      name: r.name,
      usage: {
        cpuMean: cpu[i]!.length ? cpu[i]!.reduce((s, x) => s + x, 0) / cpu[i]!.length : 0,
        cpuPeak: Math.max(0, ...cpu[i]!),
        rssPeakMb: rss[i]! / 2 ** 20,
      },
    }));
  };
}

type Worker = { child: ChildProcess; inbox: FromWorker[]; wake: (() => void) | undefined };

function startWorker(): Worker {
  const child = fork(workerFile, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const worker: Worker = { child, inbox: [], wake: undefined };
  child.on('message', (m: FromWorker) => {
    worker.inbox.push(m);
    worker.wake?.();
  });
  child.on('exit', () => worker.wake?.());
  return worker;
}

async function receive<T extends FromWorker>(
  w: Worker,
  type: T['type'],
  timeoutMs: number,
): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const error = w.inbox.find((m) => m.type === 'error');
    if (error?.type === 'error') throw new Error(`phone worker: ${error.message}`);
    const i = w.inbox.findIndex((m) => m.type === type);
    if (i >= 0) return w.inbox.splice(i, 1)[0] as T;
    if (w.child.exitCode !== null) throw new Error(`phone worker exited (${w.child.exitCode})`);
    if (performance.now() > until) throw new Error(`phone worker: no ${type} in ${timeoutMs} ms`);
    await Promise.race([new Promise<void>((r) => (w.wake = r)), sleep(1000)]);
  }
}

const tell = (w: Worker, m: ToWorker) => w.child.send(m);

function merge(into: Record<string, number>, from: Record<string, number>) {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

export async function runClusterCongress(
  opts: ClusterCongressOptions,
): Promise<ClusterCongressReport> {
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const seed = opts.seed ?? 1;
  let database: PostgresServer | undefined;
  let redis: RedisServer | undefined;
  const nodes: ServerProcess[] = [];
  const workers: Worker[] = [];
  let facilitator: ClientSocket | undefined;
  const agent = new Agent({ keepAlive: true });
  try {
    log(`cluster congress: PostgreSQL, Redis and ${opts.nodes} nodes on 127.0.0.1`);
    database = await startPostgres();
    redis = await startRedis();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: String(opts.pool ?? 10),
    };
    for (let i = 0; i < opts.nodes; i++) nodes.push(await start(env, { timeoutMs: 60_000 }));
    const urls = nodes.map((n) => n.url);

    const cookie = await setUpFacilitator(agent, urls[0]!);
    const created = await postJson(
      agent,
      `${urls[0]}/api/workshops`,
      {
        title: 'Congress bench, several nodes',
        agenda: [
          {
            kind: 'congress_vote',
            title: 'Which call to action should come first?',
            settings: { method: opts.method, hideResultUntilReveal: false },
          },
        ],
      },
      cookie,
    );
    if (created.status !== 201) throw new Error(`create: ${created.status} ${created.body}`);
    const workshop = JSON.parse(created.body) as Workshop;
    const activityId = workshop.agenda[0]!.id;
    facilitator = io(urls[0]!, {
      auth: { v: PROTOCOL_VERSION, role: 'facilitator', workshopId: workshop.id },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie },
    });
    await connected(facilitator, 10_000);
    const opened = await command(facilitator, 'workshop:open', {});
    if (!opened.ok) throw new Error(`open: ${opened.error.message}`);
    const code = opened.data.workshop.joinCode!;
    const moved = await command(facilitator, 'activity:goto', { activityId });
    if (!moved.ok) throw new Error(`goto: ${moved.error.message}`);
    const prepared = await command(facilitator, 'vote:get', { activityId });
    if (!prepared.ok) throw new Error(`vote:get: ${prepared.error.message}`);
    const canonical = prepared.data.options.map((o) => o.id);

    log(
      `cluster congress: joining ${opts.phones} phones over ${opts.nodes} nodes from ` +
        `${opts.workers} worker processes`,
    );
    const share = Math.ceil(opts.phones / opts.workers);
    for (let w = 0; w < opts.workers; w++) workers.push(startWorker());
    const joinAt = now();
    workers.forEach((w, i) =>
      tell(w, {
        type: 'setup',
        urls,
        code,
        activityId,
        from: i * share,
        to: Math.min(opts.phones, (i + 1) * share),
        hall: opts.phones,
        seconds: opts.seconds,
        seed,
        method: opts.method,
        timeoutMs,
        joinConcurrency: 50,
      }),
    );
    const joins = await Promise.all(
      workers.map((w) => receive<WorkerJoined>(w, 'joined', timeoutMs * 4)),
    );
    const joined = joins.reduce((s, j) => s + j.joined, 0);
    const joinMs = Math.max(joinAt, ...joins.flatMap((j) => j.joinedAt)) - joinAt;
    const joinFailures: Record<string, number> = {};
    for (const j of joins) merge(joinFailures, j.failures);
    log(`cluster congress: ${joined} joined in ${(joinMs / 1000).toFixed(1)} s; voting`);
    await sleep(1000);

    const sample = startTreeSampler([
      ...nodes.map((n, i) => ({ name: `node ${i + 1}`, pid: n.pid })),
      { name: 'Redis', pid: redis.pid() },
      { name: 'PostgreSQL (all backends)', pid: database.pid() },
    ]);
    const openAt = now();
    const open = await command(facilitator, 'vote:open', { activityId, closesAt: null });
    if (!open.ok) throw new Error(`vote:open: ${open.error.message}`);
    const t0 = now() + 500;
    for (const w of workers) tell(w, { type: 'go', t0, meta: open.data, canonical });
    const sent = await Promise.all(
      workers.map((w) => receive<WorkerSent>(w, 'sent', opts.seconds * 1000 + timeoutMs + 10_000)),
    );
    const acks = sent.flatMap((s) => s.acks).sort((a, b) => a[1] - b[1]);
    const failures: Record<string, number> = {};
    for (const s of sent) merge(failures, s.failures);
    const resent = sent.reduce((n, s) => n + s.resent, 0);
    log(`cluster congress: ${acks.length} ballots accepted; waiting for the final count`);
    for (const w of workers)
      tell(w, { type: 'wait', target: acks.length, until: now() + timeoutMs });
    const done = await Promise.all(
      workers.map((w) => receive<WorkerDone>(w, 'done', timeoutMs + 10_000)),
    );
    const t1 = now();
    const usage = sample();
    for (const w of workers) tell(w, { type: 'exit' });

    const screens = done.reduce((s, d) => s + d.screens, 0);
    const toEvery: number[] = [];
    acks.forEach(([, ackAt], i) => {
      const k = i + 1;
      const reached = done.reduce((s, d) => s + d.reached[k]!, 0);
      if (reached < screens) return;
      toEvery.push(Math.max(0, Math.max(...done.map((d) => d.last[k]!)) - ackAt));
    });
    const dropReasons: Record<string, number> = {};
    for (const d of done) merge(dropReasons, d.dropReasons);
    const firstSent = Math.min(...acks.map((a) => a[0]));
    const lastAck = Math.max(0, ...acks.map((a) => a[1]));
    const generatorCpuMs = done.reduce((s, d) => s + d.cpuMs, 0);

    const report: ClusterCongressReport = {
      phones: opts.phones,
      nodes: opts.nodes,
      workers: opts.workers,
      seconds: opts.seconds,
      method: opts.method,
      joined,
      joinFailures,
      joinMs,
      ack: distribution(acks.map(([s, a]) => a - s)),
      toEveryScreen: distribution(toEvery),
      votesOnEveryScreen: toEvery.length,
      accepted: acks.length,
      failures,
      resent,
      acceptedPerSecond: lastAck > firstSent ? acks.length / ((lastAck - firstSent) / 1000) : 0,
      phonesWithFinalCount: done.reduce((s, d) => s + d.withFinalCount, 0),
      drops: done.reduce((s, d) => s + d.drops, 0),
      dropReasons,
      usage,
      generator: {
        cpuPercent: (generatorCpuMs / (t1 - joinAt)) * 100,
        rssPeakMb: done.reduce((s, d) => s + d.rssPeakMb, 0),
      },
      wallMs: t1 - openAt,
      oneNode: undefined,
    };
    return report;
  } catch (err) {
    for (const [i, n] of nodes.entries()) log(`node ${i + 1} output:\n${n.output().slice(-4000)}`);
    throw err;
  } finally {
    facilitator?.disconnect();
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    for (const n of nodes) await n.stop();
    redis?.stop();
    database?.stop();
    agent.destroy();
  }
}

/** The cluster run, then (with `compare`) half the hall on one node beside a bare ws broadcast. */
export async function runClusterComparison(
  opts: ClusterCongressOptions,
): Promise<ClusterCongressReport> {
  const report = await runClusterCongress(opts);
  if (opts.compare) {
    report.oneNode = await runCongress({
      phones: Math.round(opts.phones / 2),
      seconds: opts.seconds,
      method: opts.method,
      seed: opts.seed ?? 1,
      ...(opts.log ? { log: opts.log } : {}),
    });
  }
  return report;
}

export function printClusterCongress(r: ClusterCongressReport) {
  const one = r.oneNode?.roundtable;
  const base = r.oneNode?.baseline;
  const q = ['p50', 'p95', 'p99', 'max'] as const;
  const rows = (label: string, a: Distribution, b: Distribution | undefined) =>
    q.map((k, i) => [
      i === 0 ? `${label}  ${k}` : `${' '.repeat(label.length)}  ${k}`,
      ms(a[k]),
      b ? ms(b[k]) : '-',
      b ? ratio(a[k], b[k]) : '',
    ]);
  const oneLabel = one ? `1 node, ${one.planned} phones` : '1 node (not run)';
  const lines = [
    '',
    `Congress vote (${r.method}) over ${r.nodes} nodes: ${r.phones} phones from ${r.workers} ` +
      `worker processes, one ballot each over ${r.seconds} s, live tally to every phone`,
    `Nodes share a PostgreSQL server (fsync off, as in the tests) and Redis; the one-node run uses ` +
      `the embedded database on disk.`,
    '',
    table([
      ['', `${r.nodes} nodes, ${r.phones} phones`, oneLabel, 'ratio'],
      ...rows('vote to every screen', r.toEveryScreen, one?.toEveryScreen),
      ...rows('ballot:cast ack     ', r.ack, one?.ack),
      [
        'ballots accepted/s',
        r.acceptedPerSecond.toFixed(1),
        one ? one.acceptedPerSecond.toFixed(1) : '-',
        one ? ratio(r.acceptedPerSecond, one.acceptedPerSecond) : '',
      ],
      [
        'ballots failed',
        `${r.phones - r.accepted} of ${r.phones}`,
        one ? `${one.failed} of ${one.planned}` : '-',
        '',
      ],
      ['ballots sent again ("not now")', String(r.resent), '-', ''],
      [
        'votes counted on every screen',
        `${r.votesOnEveryScreen} of ${r.accepted}`,
        one ? `${one.votesOnEveryScreen} of ${one.accepted}` : '-',
        '',
      ],
      [
        'phones with the final count',
        `${r.phonesWithFinalCount} of ${r.joined}`,
        one ? `${one.phonesWithFinalCount} of ${one.screens}` : '-',
        '',
      ],
      [
        'joined / time to join',
        `${r.joined} in ${ms(r.joinMs)}`,
        one ? `${one.screens} in ${ms(one.setupMs)}` : '-',
        '',
      ],
      ['screen drops during the vote', String(r.drops), one ? String(one.drops) : '-', ''],
      ['wall time (open to final count)', ms(r.wallMs), one ? ms(one.wallMs) : '-', ''],
    ]),
    '',
    table([
      ['during the vote', 'CPU mean', 'CPU peak', 'RSS peak'],
      ...r.usage.map((u) => [
        u.name,
        pct(u.usage.cpuMean),
        pct(u.usage.cpuPeak),
        mb(u.usage.rssPeakMb),
      ]),
      ...(one
        ? [['1 node (embedded database)', pct(one.cpu.mean), pct(one.cpu.peak), mb(one.rssMb.peak)]]
        : []),
      [
        'load generator (all workers, whole run)',
        pct(r.generator.cpuPercent),
        '-',
        mb(r.generator.rssPeakMb),
      ],
    ]),
  ];
  if (base) {
    lines.push(
      '',
      `Bare ws broadcast of the one-node run's frames to ${base.screens} clients: snapshot first to ` +
        `last screen p99 ${ms(base.snapshots.firstToLast.p99)}, send to last screen p99 ` +
        `${ms(base.snapshots.sendToLast?.p99 ?? NaN)}; ${r.nodes} nodes' vote to every screen p99 is ` +
        `${ratio(r.toEveryScreen.p99, base.snapshots.sendToLast?.p99 ?? NaN)} of that.`,
    );
  }
  if (Object.keys(r.failures).length) lines.push('', `failures: ${list(r.failures)}`);
  if (Object.keys(r.joinFailures).length) lines.push(`join failures: ${list(r.joinFailures)}`);
  if (Object.keys(r.dropReasons).length) lines.push(`drops: ${list(r.dropReasons)}`);
  lines.push(
    '',
    `Target: vote to every screen p99 at most 500 ms at 10,000 phones; this run: ${ms(r.toEveryScreen.p99)}.`,
  );
  console.log(lines.join('\n'));
}
