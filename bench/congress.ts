import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import type { congressMethods } from '../shared/domain/activity.ts';
import type { Ballot, Results } from '../shared/domain/voting.ts';
import type { Workshop } from '../shared/domain/workshop.ts';
import type { JoinResult } from '../shared/protocol/rest.ts';
import type { VoteMeta } from '../shared/protocol/voting.ts';
import { PROTOCOL_VERSION } from '../shared/protocol/version.ts';
import { start, type ServerProcess } from '../test/helpers/process.ts';
import {
  checkOpenFiles,
  command,
  connected,
  distribution,
  openFileLimit,
  pidusage,
  postJson,
  sleep,
  startPressure,
  startSampler,
  withTimeout,
  type ClientSocket,
  type Distribution,
  startBaselineProcess,
  type BaselineProcess,
  mulberry32,
  pool,
  reason,
  setUpFacilitator,
} from './lib.ts';
import { list, mb, ms, pct, ratio, table } from './format.ts';

export type CongressMethod = (typeof congressMethods)[number];

export type CongressOptions = {
  phones: number;
  seconds: number;
  method: CongressMethod;
  /** Joins (and baseline clients) set up at once before the measurement; not part of the figures. */
  joinConcurrency?: number;
  /** How long one join, one ack, or the last screens after the last ack may take. */
  timeoutMs?: number;
  /**
   * Whether each phone fetches `vote:get` a random moment after `vote:changed` (default false). The
   * participant app used to do this at the opening, and it stalled the server for seconds in a
   * large hall; it now takes the pushed meta instead. On, this measures that older behaviour.
   */
  refetch?: boolean;
  /** Seed of the schedule and the ballots, so two runs cast the same votes at the same moments. */
  seed?: number;
  log?: (line: string) => void;
};

type Machine = {
  /** Linux pressure-stall: share of time some task waited for a core / the disk. */
  pressure: { cpuPercent: number; ioPercent: number } | undefined;
  loadAverage: number;
};

type Driver = {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  cpuPercent: number;
  rssPeakMb: number;
};

/** One snapshot (a Roundtable tally version, or a baseline frame) across the screens. */
type SnapshotFigures = {
  /** Snapshots sent: distinct tally versions any phone received (Roundtable), or frames (baseline). */
  sent: number;
  /** Of which every screen received. */
  onEveryScreen: number;
  /** Per snapshot, from the first screen receiving it to the last (over the screens that did). */
  firstToLast: Distribution;
  /** Per snapshot, from the server's write to the last screen (baseline only: it stamps frames). */
  sendToLast: Distribution | undefined;
  /** Bytes of one frame as sent on the WebSocket. */
  bytes: Distribution;
  /** Between consecutive snapshots (first arrivals): the cadence actually achieved. */
  interval: Distribution;
  /** Snapshots received per screen over the vote, and the fewest any screen received. */
  perScreen: Distribution;
  perScreenMin: number;
};

export type CongressReport = {
  phones: number;
  seconds: number;
  method: CongressMethod;
  roundtable: {
    pid: number;
    screens: number;
    joinFailures: Record<string, number>;
    setupMs: number;
    /**
     * vote:get by every phone a random moment (0 to 800 ms) after vote:changed, as the phone does;
     * undefined when the run was told not to.
     */
    refetch: { latency: Distribution; failed: number; lastDoneMs: number } | undefined;
    /**
     * The vote in thirds of its schedule (by the moment each ballot was due): ack p95 and the
     * tally interval p50 in each, to show whether the server slows as the ballots add up.
     */
    thirds: { ackP95: number; intervalP50: number; voters: number }[];
    /** Ack and vote to every screen over the ballots sent after the last refetch was answered. */
    settled: { votes: number; ack: Distribution; toEveryScreen: Distribution } | undefined;
    openAckMs: number;
    planned: number;
    accepted: number;
    failed: number;
    failures: Record<string, number>;
    ack: Distribution;
    /** Per vote (the k-th ack makes voters = k): from its ack to the last phone seeing voters >= k. */
    toEveryScreen: Distribution;
    /** The same to the first phone: coalescing and counting, without the fan-out. */
    toFirstScreen: Distribution;
    /** Votes whose count reached every phone, of the accepted. */
    votesOnEveryScreen: number;
    /** Votes some phone saw counted before the vote's own ack arrived (clamped to 0 above). */
    countedBeforeAck: number;
    /** Phones that had the final count when the wait ended. */
    phonesWithFinalCount: number;
    acceptedPerSecond: number;
    sendLag: Distribution;
    snapshots: SnapshotFigures;
    drops: number;
    /** Why phones' sockets closed during the vote (Socket.IO's disconnect reason). */
    dropReasons: Record<string, number>;
    /**
     * The server's responsiveness during the vote, probed from this process every 250 ms: a GET
     * that touches no database (an unknown /api path, 404: the event loop), and GET /healthz
     * (`SELECT 1`: the event loop plus the wait in the one database connection's queue).
     */
    probes: { loop: Distribution; database: Distribution };
    /** Whether the server process was still running once the final count was in. */
    serverAlive: boolean;
    wallMs: number;
    cpu: { mean: number; peak: number; samples: number };
    rssMb: { atStart: number; afterJoin: number; peak: number };
    driver: Driver;
    machine: Machine;
    serverLog: Record<string, number>;
    openFiles: number | undefined;
  };
  baseline: {
    pid: number;
    screens: number;
    failedJoins: number;
    setupMs: number;
    snapshots: SnapshotFigures;
    drops: number;
    wallMs: number;
    cpu: { mean: number; peak: number; samples: number };
    rssMb: { atStart: number; afterJoin: number; peak: number };
    driver: Driver;
    machine: Machine;
    stderr: string;
    openFiles: number | undefined;
  };
  driverOpenFiles: number | undefined;
};

/** What the phone waits, at most, before fetching after `vote:changed` (ParticipantVote.tsx). */
const CROWD_SPREAD_MS = 800;

/**
 * The congress vote under a full hall: N phones on a live congress vote (results shown to
 * everyone while it runs), each casting one ballot at a random moment over S seconds, every
 * phone receiving the coalesced tallies. Then a bare `ws` broadcaster sends the same number of
 * frames, of the same sizes, at the same moments, to the same number of clients: the floor for
 * that fan-out. Everything runs on 127.0.0.1 and is bounded in time.
 */
export async function runCongress(opts: CongressOptions): Promise<CongressReport> {
  const log = opts.log ?? (() => undefined);
  const roundtable = await roundtableRun(opts, log);
  const baseline = await baselineRun(opts, roundtable.schedule, log);
  return {
    phones: opts.phones,
    seconds: opts.seconds,
    method: opts.method,
    roundtable: roundtable.report,
    baseline,
    driverOpenFiles: openFileLimit('self'),
  };
}

type Phone = {
  index: number;
  socket: ClientSocket | undefined;
  /** Option ids as this phone's own vote:get listed them (shuffled per person). */
  optionIds: string[];
  atMs: number;
  /** Random draws for the ballot, fixed by the seed. */
  draws: number[];
  maxVoters: number;
  tallies: number;
  sentAt: number;
  ackAt: number;
  accepted: boolean;
  failure: string | undefined;
  dropped: boolean;
  refetchAt: number;
  refetchMs: number;
  refetchFailed: boolean;
};

/** Per counted voter k: how many phones have seen voters >= k, and when the first and last did. */
class VoterWatch {
  readonly reached: Int32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly versions = new Map<
    number,
    { first: number; last: number; receivers: number; bytes: number }
  >();

  constructor(readonly maxVoters: number) {
    this.reached = new Int32Array(maxVoters + 1);
    this.first = new Float64Array(maxVoters + 1);
    this.last = new Float64Array(maxVoters + 1);
  }

  /** One tally arriving at one phone. Callbacks run in arrival order, so `now` only grows. */
  seen(phone: Phone, results: Results, now: number) {
    phone.tallies++;
    const version = this.versions.get(results.version);
    if (version) {
      version.last = now;
      version.receivers++;
    } else {
      this.versions.set(results.version, {
        first: now,
        last: now,
        receivers: 1,
        // Socket.IO's text frame: `42["vote:tally",{...}]`.
        bytes: Buffer.byteLength(JSON.stringify(['vote:tally', results])) + 2,
      });
    }
    const upTo = Math.min(results.voters, this.maxVoters);
    for (let k = phone.maxVoters + 1; k <= upTo; k++) {
      if (this.reached[k] === 0) this.first[k] = now;
      this.reached[k] = this.reached[k]! + 1;
      this.last[k] = now;
    }
    if (upTo > phone.maxVoters) phone.maxVoters = upTo;
  }
}

/**
 * A valid ballot for the method from this phone's draws. Options are favoured unevenly (the hall
 * is not indifferent), by their position in the facilitator's list, not the phone's shuffled one.
 */
export function ballotOf(
  method: CongressMethod,
  canonical: string[],
  draws: number[],
  meta: VoteMeta,
): Ballot {
  const weights = canonical.map((_, i) => 1 / (i + 1.5));
  let d = 0;
  const next = () => draws[d++ % draws.length]!;
  const pick = (pool: string[], w: number[]) => {
    const total = w.reduce((s, x) => s + x, 0);
    let r = next() * total;
    for (let i = 0; i < pool.length; i++) {
      r -= w[i]!;
      if (r <= 0) return i;
    }
    return pool.length - 1;
  };
  const ordered = (count: number) => {
    const pool = [...canonical];
    const w = [...weights];
    const out: string[] = [];
    while (out.length < count && pool.length) {
      const i = pick(pool, w);
      out.push(pool.splice(i, 1)[0]!);
      w.splice(i, 1);
    }
    return out;
  };
  switch (method) {
    case 'single':
      return { kind: 'single', choice: ordered(1)[0]! };
    case 'approval':
      return { kind: 'approval', choices: ordered(1 + Math.floor(next() * canonical.length)) };
    case 'ranking':
      return { kind: 'ranking', order: ordered(Math.min(meta.rankTopK, canonical.length)) };
    case 'points': {
      // The whole budget, shared over 1 to 3 options.
      const chosen = ordered(1 + Math.floor(next() * Math.min(3, canonical.length)));
      const points: Record<string, number> = {};
      let left = meta.pointsTotal;
      chosen.forEach((id, i) => {
        const share = i === chosen.length - 1 ? left : Math.round(left * (0.3 + 0.5 * next()));
        points[id] = share;
        left -= share;
      });
      return { kind: 'points', points };
    }
  }
}

function count(into: Record<string, number>, key: string) {
  into[key] = (into[key] ?? 0) + 1;
}

function driverFigures(loop: IntervalHistogram, cpu: NodeJS.CpuUsage, wallMs: number): Driver {
  return {
    // The histogram counts the 1 ms sampling interval itself; only the excess is delay.
    loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 1),
    loopDelayMaxMs: Math.max(0, loop.max / 1e6 - 1),
    cpuPercent: wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : 0,
    rssPeakMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** pino's JSON lines at warn (40) or above, counted by message. */
function summarizeLog(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) < 40) continue;
      count(counts, `${entry.level === 40 ? 'warn' : 'error'}: ${entry.msg ?? '?'}`);
    } catch {
      if (/error|warn|exception|unhandled|reject/i.test(line))
        count(counts, `(not JSON) ${line.slice(0, 120)}`);
    }
  }
  return counts;
}

type Schedule = { atMs: number; bytes: number }[];

/** One GET, resolved with its duration in ms whatever the answer (a timeout counts as its length). */
function timedGet(agent: Agent, url: string, timeoutMs: number): Promise<number> {
  const at = performance.now();
  return new Promise((resolve) => {
    const req = get(url, { agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - at));
      res.on('error', () => resolve(performance.now() - at));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(performance.now() - at));
  });
}

/** GETs `url` every `everyMs` (or right after a slower answer) until stopped; the durations. */
function startProbe(url: string, everyMs = 250) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const durations: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const at = performance.now();
      durations.push(await timedGet(agent, url, 60_000));
      await sleep(Math.max(0, at + everyMs - performance.now()));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      agent.destroy();
      return distribution(durations);
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function roundtableRun(
  opts: CongressOptions,
  log: (line: string) => void,
): Promise<{ report: CongressReport['roundtable']; schedule: Schedule }> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-bench-congress-'));
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 256 });
  const random = mulberry32(opts.seed ?? 1);
  const phones: Phone[] = Array.from({ length: opts.phones }, (_, index) => ({
    index,
    socket: undefined,
    optionIds: [],
    atMs: random() * opts.seconds * 1000,
    draws: Array.from({ length: 8 }, () => random()),
    maxVoters: 0,
    tallies: 0,
    sentAt: 0,
    ackAt: 0,
    accepted: false,
    failure: undefined,
    dropped: false,
    refetchAt: 0,
    refetchMs: 0,
    refetchFailed: false,
  }));
  let server: ServerProcess | undefined;
  let facilitator: ClientSocket | undefined;
  let sampler: Awaited<ReturnType<typeof startSampler>> | undefined;
  let drops = 0;
  const dropReasons: Record<string, number> = {};
  let measuring = false;
  const watch = new VoterWatch(opts.phones);

  try {
    log(`congress: starting Roundtable on an empty PGlite folder (${dataDir})`);
    server = await start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { timeoutMs: 60_000 });
    const url = server.url;
    const openFiles = openFileLimit(server.pid);
    checkOpenFiles(
      { server: openFiles, driver: openFileLimit('self') },
      opts.phones + 300,
      `${opts.phones} phones`,
    );
    sampler = await startSampler(server.pid);
    const rssAtStart = (await pidusage(server.pid)).memory;

    const setupAt = performance.now();
    const cookie = await setUpFacilitator(agent, url);
    const created = await postJson(
      agent,
      `${url}/api/workshops`,
      {
        title: 'Congress bench',
        agenda: [
          {
            kind: 'congress_vote',
            title: 'Which call to action should come first?',
            // The five calls to action are the default options.
            settings: { method: opts.method, hideResultUntilReveal: false },
          },
        ],
      },
      cookie,
    );
    if (created.status !== 201)
      throw new Error(`create workshop: ${created.status} ${created.body}`);
    const workshop = JSON.parse(created.body) as Workshop;
    const activityId = workshop.agenda[0]!.id;

    facilitator = io(url, {
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
      `congress: workshop open with code ${code} on a ${opts.method} vote of ${canonical.length} options; ` +
        `joining ${opts.phones} phones`,
    );

    // Each phone as the participant app runs it on the vote page: join, socket, vote:get.
    const joins = await pool(opts.phones, opts.joinConcurrency ?? 50, async (i) => {
      const phone = phones[i]!;
      const deadline = performance.now() + timeoutMs;
      const left = () => Math.max(1, deadline - performance.now());
      const res = await postJson(
        agent,
        `${url}/api/join/${code}`,
        { groupKey: i % 4 === 3 ? 'officer' : 'resident' },
        '',
        left(),
      );
      if (res.status !== 201) throw new Error(`POST ${res.status}`);
      const { token } = JSON.parse(res.body) as JoinResult;
      const socket: ClientSocket = io(url, {
        auth: { v: PROTOCOL_VERSION, role: 'participant', token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: left(),
      });
      phone.socket = socket;
      socket.on('vote:tally', (results) => {
        if (measuring && results.activityId === activityId)
          watch.seen(phone, results, performance.now());
      });
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          socket.once('room:state', () => resolve());
          socket.once('connect_error', (err) => reject(new Error(`connect_error ${err.message}`)));
          socket.once('disconnect', (why) => reject(new Error(`disconnect ${why}`)));
        }),
        left(),
      );
      const view = await command(socket, 'vote:get', { activityId }, left());
      if (!view.ok) throw new Error(`vote:get ${view.error.code}`);
      phone.optionIds = view.data.options.map((o) => o.id);
    });
    const joinFailures: Record<string, number> = {};
    joins.forEach((j, i) => {
      if (j.status === 'fulfilled') return;
      count(joinFailures, `join: ${reason(j.reason)}`);
      phones[i]!.socket?.disconnect();
      phones[i]!.socket = undefined;
    });
    const ready = phones.filter((p) => p.socket);
    for (const p of ready) {
      p.socket!.on('disconnect', (why) => {
        if (!measuring) return;
        p.dropped = true;
        drops++;
        count(dropReasons, why);
      });
    }
    const setupMs = performance.now() - setupAt;
    // Let the presence pushes and the last joins' work settle before measuring.
    await sleep(1000);
    const rssAfterJoin = (await pidusage(server.pid)).memory;
    log(
      `congress: ${ready.length} of ${opts.phones} joined in ${(setupMs / 1000).toFixed(1)} s; ` +
        `opening the vote, ${ready.length} ballots over ${opts.seconds} s`,
    );

    // With --refetch, each phone fetches a random moment (up to 800 ms) after vote:changed.
    for (const p of opts.refetch === true ? ready : []) {
      p.socket!.once('vote:changed', () => {
        setTimeout(() => {
          if (!p.socket?.connected) return;
          p.refetchAt = performance.now();
          command(p.socket, 'vote:get', { activityId }, timeoutMs).then(
            (r) => {
              p.refetchMs = performance.now() - p.refetchAt;
              if (!r.ok) p.refetchFailed = true;
            },
            () => (p.refetchFailed = true),
          );
        }, Math.random() * CROWD_SPREAD_MS);
      });
    }

    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const cpuBefore = process.cpuUsage();
    const pressure = startPressure();
    measuring = true;
    const loopProbe = startProbe(`${url}/api/bench-probe`);
    const databaseProbe = startProbe(`${url}/healthz`);
    const openAt = performance.now();
    const open = await command(facilitator, 'vote:open', { activityId, closesAt: null });
    const openAckMs = performance.now() - openAt;
    if (!open.ok) throw new Error(`vote:open: ${open.error.message}`);
    const meta = open.data;

    const t0 = performance.now() + 200;
    const sends = phones.map(
      (phone) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              const socket = phone.socket;
              if (!socket) {
                phone.failure = 'phone did not join';
                return resolve();
              }
              if (!socket.connected) {
                phone.failure = 'phone socket disconnected';
                return resolve();
              }
              const ballot = ballotOf(opts.method, canonical, phone.draws, meta);
              phone.sentAt = performance.now();
              command(socket, 'ballot:cast', { opId: randomUUID(), activityId, ballot }, timeoutMs)
                .then((ack) => {
                  phone.ackAt = performance.now();
                  if (ack.ok) phone.accepted = true;
                  else phone.failure = `${ack.error.code}: ${ack.error.message}`;
                })
                .catch((err: unknown) => (phone.failure = reason(err)))
                .finally(resolve);
            },
            Math.max(0, t0 + phone.atMs - performance.now()),
          );
        }),
    );
    await Promise.all(sends);
    const accepted = phones.filter((p) => p.accepted).sort((a, b) => a.ackAt - b.ackAt);
    log(
      `congress: ${accepted.length} ballots accepted; waiting for the final count on every phone`,
    );

    // The final count on every phone still connected, or the wait runs out.
    const target = accepted.length;
    const waitUntil = performance.now() + timeoutMs;
    const behind = () => ready.filter((p) => p.socket!.connected && p.maxVoters < target).length;
    while (behind() > 0 && performance.now() < waitUntil) await sleep(50);
    const t1 = performance.now();
    measuring = false;
    loop.disable();
    const cpuUsed = process.cpuUsage(cpuBefore);
    sampler.stop();

    const serverAlive = alive(server.pid);
    const probes = { loop: await loopProbe.stop(), database: await databaseProbe.stop() };
    const screens = ready.length;
    const toEvery: number[] = [];
    const toFirst: number[] = [];
    let countedBeforeAck = 0;
    accepted.forEach((p, i) => {
      const k = i + 1;
      if (watch.reached[k]! === 0) return;
      toFirst.push(Math.max(0, watch.first[k]! - p.ackAt));
      if (watch.reached[k]! < screens) return;
      const ms = watch.last[k]! - p.ackAt;
      if (ms < 0) countedBeforeAck++;
      toEvery.push(Math.max(0, ms));
    });
    const failures: Record<string, number> = {};
    for (const p of phones) if (p.failure) count(failures, p.failure);
    const firstSent = Math.min(...phones.filter((p) => p.sentAt).map((p) => p.sentAt));
    const lastAck = Math.max(0, ...accepted.map((p) => p.ackAt));
    const versions = [...watch.versions.values()].sort((a, b) => a.first - b.first);
    const firstTally = versions[0]?.first ?? 0;
    const figures = sampler.figures(openAt, t1);
    const refetched = ready.filter((p) => p.refetchMs > 0);
    const settledAt = Math.max(0, ...refetched.map((p) => p.refetchAt + p.refetchMs));
    const everyScreenAt = new Map<Phone, number>();
    accepted.forEach((p, i) => {
      if (watch.reached[i + 1]! >= screens)
        everyScreenAt.set(p, Math.max(0, watch.last[i + 1]! - p.ackAt));
    });
    const settled = accepted.filter((p) => p.sentAt > settledAt);
    const report: CongressReport['roundtable'] = {
      pid: server.pid,
      screens,
      joinFailures,
      setupMs,
      refetch:
        opts.refetch !== true
          ? undefined
          : {
              latency: distribution(refetched.map((p) => p.refetchMs)),
              failed: ready.filter((p) => p.refetchFailed).length,
              lastDoneMs: settledAt ? settledAt - openAt : 0,
            },
      thirds: [0, 1, 2].map((third) => {
        const from = t0 + (third * opts.seconds * 1000) / 3;
        const to = t0 + ((third + 1) * opts.seconds * 1000) / 3;
        const inside = (t: number) => t >= from && t < to;
        const firsts = versions.map((v) => v.first);
        return {
          ackP95: distribution(
            accepted.filter((p) => inside(t0 + p.atMs)).map((p) => p.ackAt - p.sentAt),
          ).p95,
          intervalP50: distribution(
            firsts.slice(1).flatMap((t, i) => (inside(t) ? [t - firsts[i]!] : [])),
          ).p50,
          voters: accepted.filter((p) => t0 + p.atMs < to).length,
        };
      }),
      settled: settledAt
        ? {
            votes: settled.length,
            ack: distribution(settled.map((p) => p.ackAt - p.sentAt)),
            toEveryScreen: distribution(
              settled.flatMap((p) => {
                const v = everyScreenAt.get(p);
                return v === undefined ? [] : [v];
              }),
            ),
          }
        : undefined,
      openAckMs,
      planned: phones.length,
      accepted: accepted.length,
      failed: phones.length - accepted.length,
      failures,
      ack: distribution(accepted.map((p) => p.ackAt - p.sentAt)),
      toEveryScreen: distribution(toEvery),
      toFirstScreen: distribution(toFirst),
      votesOnEveryScreen: toEvery.length,
      countedBeforeAck,
      phonesWithFinalCount: ready.filter((p) => p.maxVoters >= target).length,
      acceptedPerSecond: lastAck > firstSent ? accepted.length / ((lastAck - firstSent) / 1000) : 0,
      sendLag: distribution(
        phones.filter((p) => p.sentAt).map((p) => Math.max(0, p.sentAt - (t0 + p.atMs))),
      ),
      snapshots: {
        sent: versions.length,
        onEveryScreen: versions.filter((v) => v.receivers >= screens).length,
        firstToLast: distribution(versions.map((v) => v.last - v.first)),
        sendToLast: undefined,
        bytes: distribution(versions.map((v) => v.bytes)),
        interval: distribution(versions.slice(1).map((v, i) => v.first - versions[i]!.first)),
        perScreen: distribution(ready.map((p) => p.tallies)),
        perScreenMin: Math.min(...ready.map((p) => p.tallies)),
      },
      drops,
      dropReasons,
      probes,
      serverAlive,
      wallMs: t1 - openAt,
      cpu: figures.cpu,
      rssMb: {
        atStart: rssAtStart / 2 ** 20,
        afterJoin: rssAfterJoin / 2 ** 20,
        peak: figures.rssPeakMb,
      },
      driver: driverFigures(loop, cpuUsed, t1 - openAt),
      machine: { pressure: pressure(), loadAverage: loadavg()[0]! },
      serverLog: summarizeLog(server.output()),
      openFiles,
    };
    log(
      `congress: Roundtable ${report.accepted} of ${report.planned} accepted, ` +
        `${report.votesOnEveryScreen} on every screen, ${versions.length} tallies`,
    );
    return {
      report,
      schedule: versions.map((v) => ({ atMs: v.first - firstTally, bytes: v.bytes })),
    };
  } catch (err) {
    if (server) log(`server output:\n${server.output()}`);
    throw err;
  } finally {
    measuring = false;
    sampler?.stop();
    for (const p of phones) p.socket?.disconnect();
    facilitator?.disconnect();
    agent.destroy();
    if (server) {
      const exit = await server.stop();
      if (exit.code !== 0) log(`server exit: ${JSON.stringify(exit)}\n${server.output()}`);
    }
    pidusage.clear();
    rmSync(dataDir, { recursive: true, force: true });
    // Let the closed connections' last events run before the next part starts.
    await sleep(500);
  }
}

/**
 * The baseline: the same number of clients on a bare ws broadcaster, which sends as many frames
 * as Roundtable's phones received tallies, of the same sizes, with the same spacing.
 */
async function baselineRun(
  opts: CongressOptions,
  schedule: Schedule,
  log: (line: string) => void,
): Promise<CongressReport['baseline']> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const clients: { ws: WebSocket; frames: number; dropped: boolean }[] = [];
  let baseline: BaselineProcess | undefined;
  let sampler: Awaited<ReturnType<typeof startSampler>> | undefined;
  let drops = 0;
  let measuring = false;
  const frames = schedule.map(() => ({
    first: 0,
    last: 0,
    receivers: 0,
    sendToLast: 0,
  }));
  try {
    const spanMs = schedule.length ? schedule[schedule.length - 1]!.atMs : 0;
    baseline = await startBaselineProcess(
      'bench/wsBaseline.ts',
      spanMs / 1000 + 300 + opts.phones / 20,
      'ws baseline',
    );
    log(`congress: baseline ws broadcaster (pid ${baseline.pid}) at ${baseline.url}`);
    const openFiles = openFileLimit(baseline.pid);
    checkOpenFiles(
      { baseline: openFiles, driver: openFileLimit('self') },
      opts.phones + 300,
      `${opts.phones} clients`,
    );
    sampler = await startSampler(baseline.pid);
    const rssAtStart = (await pidusage(baseline.pid)).memory;
    const setupAt = performance.now();
    const url = baseline.url;
    const joined = await pool(opts.phones, opts.joinConcurrency ?? 50, async () => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      const client = { ws, frames: 0, dropped: false };
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        }),
        timeoutMs,
      ).catch((err: unknown) => {
        ws.terminate();
        throw err;
      });
      ws.on('message', (data: Buffer) => {
        const now = performance.now();
        // Parsed like the phone parses a tally: the whole frame, as JSON.
        const { seq, sentAt } = JSON.parse(data.toString('utf8')) as {
          seq: number;
          sentAt: number;
        };
        const f = frames[seq];
        if (!f) return;
        client.frames++;
        if (f.receivers++ === 0) f.first = now;
        f.last = now;
        f.sendToLast = performance.timeOrigin + now - sentAt;
      });
      ws.on('close', () => {
        if (!measuring) return;
        client.dropped = true;
        drops++;
      });
      clients.push(client);
    });
    const failedJoins = joined.filter((j) => j.status === 'rejected').length;
    const setupMs = performance.now() - setupAt;
    await sleep(1000);
    const rssAfterJoin = (await pidusage(baseline.pid)).memory;
    log(`congress: ${clients.length} baseline clients; ${schedule.length} frames`);

    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const cpuBefore = process.cpuUsage();
    const pressure = startPressure();
    measuring = true;
    const startAt = performance.now();
    baseline.send({ snapshots: schedule });
    const done = await withTimeout(baseline.next(), spanMs + timeoutMs);
    if (done.done !== true) throw new Error(`ws baseline said ${JSON.stringify(done)}`);
    const screens = clients.length;
    const waitUntil = performance.now() + timeoutMs;
    while (frames.some((f) => f.receivers < screens) && performance.now() < waitUntil) {
      if (clients.some((c) => c.dropped)) break;
      await sleep(50);
    }
    const t1 = performance.now();
    measuring = false;
    loop.disable();
    const cpuUsed = process.cpuUsage(cpuBefore);
    sampler.stop();
    const figures = sampler.figures(startAt, t1);
    const delivered = frames.filter((f) => f.receivers > 0);
    const arrivals = delivered.map((f) => f.first).sort((a, b) => a - b);
    log(`congress: baseline sent ${schedule.length} frames to ${screens} clients`);
    return {
      pid: baseline.pid,
      screens,
      failedJoins,
      setupMs,
      snapshots: {
        sent: schedule.length,
        onEveryScreen: frames.filter((f) => f.receivers >= screens).length,
        firstToLast: distribution(delivered.map((f) => f.last - f.first)),
        sendToLast: distribution(delivered.map((f) => f.sendToLast)),
        bytes: distribution(schedule.map((s) => s.bytes)),
        interval: distribution(arrivals.slice(1).map((t, i) => t - arrivals[i]!)),
        perScreen: distribution(clients.map((c) => c.frames)),
        perScreenMin: Math.min(...clients.map((c) => c.frames)),
      },
      drops,
      wallMs: t1 - startAt,
      cpu: figures.cpu,
      rssMb: {
        atStart: rssAtStart / 2 ** 20,
        afterJoin: rssAfterJoin / 2 ** 20,
        peak: figures.rssPeakMb,
      },
      driver: driverFigures(loop, cpuUsed, t1 - startAt),
      machine: { pressure: pressure(), loadAverage: loadavg()[0]! },
      stderr: baseline.stderr(),
      openFiles,
    };
  } finally {
    measuring = false;
    sampler?.stop();
    for (const c of clients) c.ws.terminate();
    if (baseline) {
      const exit = await baseline.stop();
      if (exit.code !== 0) log(`ws baseline exit: ${JSON.stringify(exit)}\n${baseline.stderr()}`);
    }
    pidusage.clear();
    await sleep(100);
  }
}

/** The table of one congress run, to stdout. */
export function printCongress(r: CongressReport) {
  const rt = r.roundtable;
  const base = r.baseline;
  const quantiles = ['p50', 'p95', 'p99', 'max'] as const;
  const latency = (
    label: string,
    a: Distribution | undefined,
    b: Distribution | undefined,
    withRatio: boolean,
  ) =>
    quantiles.map((q, i) => [
      i === 0 ? `${label}  ${q}` : `${' '.repeat(label.length)}  ${q}`,
      a ? ms(a[q]) : '-',
      b ? ms(b[q]) : '-',
      withRatio && a && b && (q === 'p50' || q === 'p95') ? ratio(a[q], b[q]) : '',
    ]);
  const perScreen = (s: SnapshotFigures) =>
    `${s.perScreen.p50} (${s.perScreenMin} to ${s.perScreen.max})`;
  const machine = (m: Machine, key: 'cpuPercent' | 'ioPercent') =>
    m.pressure ? pct(m.pressure[key]) : '-';
  // Over a window of a second or two a burst of reading looks like saturation; it is not.
  const behind = (d: Driver, wallMs: number) =>
    wallMs > 2000 && (d.loopDelayP99Ms > 50 || d.cpuPercent > 80);
  const saturated = [
    ...(behind(rt.driver, rt.wallMs) ? ['Roundtable'] : []),
    ...(behind(base.driver, base.wallMs) ? ['baseline'] : []),
  ];
  const crowded = Math.max(
    rt.machine.pressure?.cpuPercent ?? 0,
    base.machine.pressure?.cpuPercent ?? 0,
  );
  const offered = rt.screens / r.seconds;
  const lines = [
    '',
    `Congress vote (${r.method}): ${r.phones} phones, one ballot each over ${r.seconds} s ` +
      `(${offered.toFixed(1)}/s offered), live tally pushed to every phone`,
    `Roundtable: pid ${rt.pid}, PGlite on disk; baseline: bare ws broadcaster, pid ${base.pid}`,
    '',
    table([
      ['', 'Roundtable', 'ws baseline', 'Roundtable / baseline'],
      ...latency('ballot:cast ack               ', rt.ack, undefined, false),
      ...latency('vote to every screen          ', rt.toEveryScreen, undefined, false),
      ...latency('vote to first screen          ', rt.toFirstScreen, undefined, false),
      ...latency(
        'snapshot, first to last screen',
        rt.snapshots.firstToLast,
        base.snapshots.firstToLast,
        true,
      ),
      ...latency('snapshot, send to last screen ', undefined, base.snapshots.sendToLast, false),
      [
        'ballots failed',
        `${rt.failed} of ${rt.planned} (${pct((rt.failed / rt.planned) * 100)})`,
        '-',
        '',
      ],
      ['ballots accepted/s', rt.acceptedPerSecond.toFixed(1), '-', ''],
      ['votes counted on every screen', `${rt.votesOnEveryScreen} of ${rt.accepted}`, '-', ''],
      ['phones with the final count', `${rt.phonesWithFinalCount} of ${rt.screens}`, '-', ''],
      [
        'snapshots sent / on every screen',
        `${rt.snapshots.sent} / ${rt.snapshots.onEveryScreen}`,
        `${base.snapshots.sent} / ${base.snapshots.onEveryScreen}`,
        '',
      ],
      [
        'snapshots per screen  p50 (min to max)',
        perScreen(rt.snapshots),
        perScreen(base.snapshots),
        '',
      ],
      [
        'snapshot interval  p50 / p95',
        `${ms(rt.snapshots.interval.p50)} / ${ms(rt.snapshots.interval.p95)}`,
        `${ms(base.snapshots.interval.p50)} / ${ms(base.snapshots.interval.p95)}`,
        '',
      ],
      [
        'snapshot size  p50 (max)',
        `${rt.snapshots.bytes.p50} B (${rt.snapshots.bytes.max})`,
        `${base.snapshots.bytes.p50} B (${base.snapshots.bytes.max})`,
        '',
      ],
      ['server CPU  mean', pct(rt.cpu.mean), pct(base.cpu.mean), ratio(rt.cpu.mean, base.cpu.mean)],
      ['            peak', pct(rt.cpu.peak), pct(base.cpu.peak), ''],
      [
        'server RSS  peak',
        mb(rt.rssMb.peak),
        mb(base.rssMb.peak),
        ratio(rt.rssMb.peak, base.rssMb.peak),
      ],
      ['            at start', mb(rt.rssMb.atStart), mb(base.rssMb.atStart), ''],
      ['            after joins', mb(rt.rssMb.afterJoin), mb(base.rssMb.afterJoin), ''],
      ['screens', String(rt.screens), String(base.screens), ''],
      ['screen drops during the vote', String(rt.drops), String(base.drops), ''],
      ['wall time (open to final count)', ms(rt.wallMs), ms(base.wallMs), ''],
      ['driver CPU', pct(rt.driver.cpuPercent), pct(base.driver.cpuPercent), ''],
      ['driver RSS peak so far', mb(rt.driver.rssPeakMb), mb(base.driver.rssPeakMb), ''],
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
      ['driver send lag  p95 / max', `${ms(rt.sendLag.p95)} / ${ms(rt.sendLag.max)}`, '-', ''],
      [
        'machine: tasks waiting for a core',
        machine(rt.machine, 'cpuPercent'),
        machine(base.machine, 'cpuPercent'),
        '',
      ],
      [
        '         tasks waiting for the disk',
        machine(rt.machine, 'ioPercent'),
        machine(base.machine, 'ioPercent'),
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
    ...(saturated.length
      ? [
          `WARNING: the bench process fell behind on the ${saturated.join(' and the ')} side (event-loop`,
          'delay p99 over 50 ms or CPU over 80%): the screen latencies there are then mostly its own',
          'backlog, not the server’s. Use fewer',
          '--phones, or a machine with more free cores for the driver.',
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
    `CPU is sampled every 250 ms from vote:open (baseline: the first frame) to the final count on every screen (${rt.cpu.samples} and ${base.cpu.samples} samples); 100% = one core.`,
    `joins (not measured)  Roundtable ${rt.screens} of ${r.phones} in ${ms(rt.setupMs)}${list(rt.joinFailures)}; baseline ${base.screens} in ${ms(base.setupMs)}`,
    `vote:open             acknowledged after ${ms(rt.openAckMs)}`,
    rt.refetch
      ? `refetch               every phone's vote:get a random 0-800 ms after vote:changed, as the app does: p50 ${ms(rt.refetch.latency.p50)}, p95 ${ms(rt.refetch.latency.p95)}, max ${ms(rt.refetch.latency.max)}; the last answered ${ms(rt.refetch.lastDoneMs)} after the open; ${rt.refetch.failed} failed`
      : 'refetch               off: the phones did not fetch vote:get after vote:changed',
    ...(rt.settled
      ? [
          `after the refetch     the ${rt.settled.votes} ballots sent once every refetch was answered: ack p50 ${ms(rt.settled.ack.p50)}, p95 ${ms(rt.settled.ack.p95)}; vote to every screen p50 ${ms(rt.settled.toEveryScreen.p50)}, p95 ${ms(rt.settled.toEveryScreen.p95)}`,
        ]
      : []),
    `server probes         event loop (GET of an unknown /api path) p50 ${ms(rt.probes.loop.p50)}, p99 ${ms(rt.probes.loop.p99)}, max ${ms(rt.probes.loop.max)}; database queue (GET /healthz) p50 ${ms(rt.probes.database.p50)}, p99 ${ms(rt.probes.database.p99)}, max ${ms(rt.probes.database.max)} (${rt.probes.loop.count} and ${rt.probes.database.count} probes during the vote)`,
    `by third of the vote  ack p95 ${rt.thirds.map((t) => ms(t.ackP95)).join(' / ')}; tally interval p50 ${rt.thirds.map((t) => ms(t.intervalP50)).join(' / ')} (ballots counted by the end of each: ${rt.thirds.map((t) => t.voters).join(' / ')})`,
    `counted before ack    ${rt.countedBeforeAck} votes were on every screen before their own ack arrived (counted as 0 ms)`,
    `failures              Roundtable${list(rt.failures) || ' none'}`,
    ...(rt.drops ? [`screen drops          Roundtable${list(rt.dropReasons)}`] : []),
    ...(rt.serverAlive
      ? []
      : ['SERVER GONE           the Roundtable server process had exited by the end of the vote']),
    `server log            ${list(rt.serverLog).slice(2) || 'nothing at warn or above'}`,
    ...(base.stderr.trim() ? [`baseline stderr       ${base.stderr.trim().slice(0, 500)}`] : []),
    `open-file limit       server ${rt.openFiles ?? '?'}, baseline ${base.openFiles ?? '?'}, driver ${r.driverOpenFiles ?? '?'}`,
    '',
  ];
  console.log(lines.join('\n'));
}
