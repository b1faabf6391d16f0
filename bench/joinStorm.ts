import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import type { RoomState, Workshop } from '../shared/domain/workshop.ts';
import type { JoinResult } from '../shared/protocol/rest.ts';
import type { Presence } from '../shared/protocol/socket.ts';
import { PROTOCOL_VERSION } from '../shared/protocol/version.ts';
import { start, type ServerProcess } from '../test/helpers/process.ts';
import {
  checkOpenFiles,
  command,
  connected,
  distribution,
  median,
  openFileLimit,
  pidusage,
  postJson,
  sleep,
  withTimeout,
  type ClientSocket,
  type Distribution,
  setUpFacilitator,
} from './lib.ts';

export { distribution, type Distribution } from './lib.ts';

export type StormOptions = {
  phones: number;
  seconds: number;
  baselineJoins?: number;
  /** How long one phone may take from its POST to its first room:state before it counts as failed. */
  phoneTimeoutMs?: number;
  fanoutTimeoutMs?: number;
  log?: (line: string) => void;
};

export type StormReport = {
  phones: number;
  seconds: number;
  serverPid: number;
  baseline: { joins: number; median: number; post: number };
  storm: {
    ready: Distribution;
    post: Distribution;
    socket: Distribution;
    failed: number;
    failures: Record<string, number>;
    wallMs: number;
    /** How late the driver started phones against the even schedule (its own overload). */
    startLag: Distribution;
  };
  fanout: { reached: number; of: number; latency: Distribution; ackMs: number };
  presenceOnline: number | undefined;
  cpu: { mean: number; peak: number; samples: number };
  rssMb: { idle: number; peak: number };
  driver: { loopDelayP99Ms: number; loopDelayMaxMs: number; cpuPercent: number };
  openFileLimit: { server: number | undefined; driver: number | undefined };
};

type Phone = {
  scheduledAt: number;
  startedAt: number;
  postDoneAt: number;
  readyAt: number;
  fanoutAt: number;
  failure: string | undefined;
  socket: ClientSocket | undefined;
};

/**
 * The join storm: a real server in a child process, a baseline of single joins on the idle
 * server, then `phones` scripted phones joining evenly over `seconds`, then one facilitator move
 * fanned out to all of them. Everything runs on 127.0.0.1 and is bounded in time.
 */
export async function runJoinStorm(opts: StormOptions): Promise<StormReport> {
  const log = opts.log ?? (() => undefined);
  const phoneTimeoutMs = opts.phoneTimeoutMs ?? 30_000;
  const fanoutTimeoutMs = opts.fanoutTimeoutMs ?? 30_000;
  const baselineJoins = opts.baselineJoins ?? 20;

  const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-bench-'));
  // Many phones share a handful of keep-alive connections for their POSTs instead of each paying
  // for a TCP handshake; there is no cap, so a slow server shows as latency, not as a local queue.
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 256 });
  const phones: Phone[] = [];
  let server: ServerProcess | undefined;
  let facilitator: ClientSocket | undefined;
  let sampler: NodeJS.Timeout | undefined;

  try {
    log(`starting the server on an empty PGlite folder (${dataDir})`);
    server = await start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { timeoutMs: 60_000 });
    const url = server.url;
    const limits = { server: openFileLimit(server.pid), driver: openFileLimit('self') };
    // Node raises its own soft limit to the hard limit at start-up, so this is what each side
    // really has; every phone costs one descriptor on each side, plus the keep-alive pool.
    checkOpenFiles(limits, opts.phones + 300, `${opts.phones} phones`);

    const cookie = await setUpFacilitator(agent, url);
    const created = await postJson(
      agent,
      `${url}/api/workshops`,
      {
        title: 'Join storm',
        agenda: [
          { kind: 'idea_board', title: 'What should young people have?' },
          { kind: 'dot_vote', title: 'Pick your priorities' },
        ],
      },
      cookie,
    );
    if (created.status !== 201)
      throw new Error(`create workshop: ${created.status} ${created.body}`);
    const workshop = JSON.parse(created.body) as Workshop;

    facilitator = io(url, {
      auth: { v: PROTOCOL_VERSION, role: 'facilitator', workshopId: workshop.id },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie },
    });
    let presence: Presence | undefined;
    facilitator.on('presence:changed', (p) => (presence = p));
    await connected(facilitator, 10_000);
    const opened = await command(facilitator, 'workshop:open', {});
    if (!opened.ok) throw new Error(`open: ${opened.error.message}`);
    const code = opened.data.workshop.joinCode!;
    log(`workshop open with code ${code}`);

    const samples: { t: number; cpu: number; rss: number }[] = [];
    let sampling = false;
    const serverPid = server.pid;
    await pidusage(serverPid); // pidusage reports CPU since its previous call: this is the zero.
    sampler = setInterval(() => {
      if (sampling) return;
      sampling = true;
      pidusage(serverPid)
        .then((s) => samples.push({ t: performance.now(), cpu: s.cpu, rss: s.memory }))
        .catch(() => undefined)
        .finally(() => (sampling = false));
    }, 250);

    // Baseline: single joins, one after another, on the idle server, in this same run. The first
    // ones only warm up the JIT and PGlite's caches (single joins settle after 30 to 40); without
    // that the baseline would measure a cold server and flatter every ratio against it.
    const warmUp = 50;
    const baseline: Phone[] = [];
    for (let i = 0; i < warmUp + baselineJoins; i++) {
      const phone = newPhone(performance.now());
      await runPhone(phone, url, code, agent, phoneTimeoutMs);
      phone.socket?.disconnect();
      if (phone.failure) throw new Error(`baseline join failed: ${phone.failure}`);
      if (i >= warmUp) baseline.push(phone);
    }
    const idleRss = (await pidusage(serverPid)).memory;
    log(`baseline done; storming ${opts.phones} phones over ${opts.seconds} s`);

    // The storm: phone i starts at i * spacing, whatever happened to the ones before it.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const cpuBefore = process.cpuUsage();
    const spacing = (opts.seconds * 1000) / opts.phones;
    const stormStart = performance.now() + 50;
    const runs: Promise<void>[] = [];
    for (let i = 0; i < opts.phones; i++) {
      const phone = newPhone(stormStart + i * spacing);
      phones.push(phone);
      runs.push(
        new Promise<void>((resolve) => {
          setTimeout(
            () => void runPhone(phone, url, code, agent, phoneTimeoutMs).then(resolve),
            Math.max(0, phone.scheduledAt - performance.now()),
          );
        }),
      );
    }
    await Promise.all(runs);
    const stormEnd = performance.now();
    loop.disable();
    const cpuUsed = process.cpuUsage(cpuBefore);
    const ready = phones.filter((p) => !p.failure);
    log(`storm done: ${ready.length} ready, ${phones.length - ready.length} failed`);

    // Fan-out: one move by the facilitator, timed until every ready phone has the new room.
    const target = workshop.agenda[0]!.id;
    let reached = 0;
    let allReached: () => void = () => undefined;
    const everyone = new Promise<void>((resolve) => (allReached = resolve));
    const sent = performance.now();
    for (const phone of ready) {
      phone.socket!.on('room:state', (state: RoomState) => {
        if (phone.fanoutAt || state.currentActivityId !== target) return;
        phone.fanoutAt = performance.now();
        if (++reached === ready.length) allReached();
      });
    }
    const moved = await command(facilitator, 'activity:goto', { activityId: target });
    const ackMs = performance.now() - sent;
    if (!moved.ok) throw new Error(`goto: ${moved.error.message}`);
    if (ready.length > 0) await withTimeout(everyone, fanoutTimeoutMs).catch(() => undefined);
    log(`fan-out reached ${reached} of ${ready.length}`);
    clearInterval(sampler);

    // Presence is pushed on a timer; give it a moment to catch up with the last joins.
    const until = Date.now() + 3000;
    while (presence?.online !== ready.length && Date.now() < until) await sleep(50);

    const storm = samples.filter((s) => s.t >= stormStart && s.t <= stormEnd);
    const failures: Record<string, number> = {};
    for (const p of phones) if (p.failure) failures[p.failure] = (failures[p.failure] ?? 0) + 1;
    return {
      phones: opts.phones,
      seconds: opts.seconds,
      serverPid: server.pid,
      baseline: {
        joins: baseline.length,
        median: median(baseline.map((p) => p.readyAt - p.startedAt)),
        post: median(baseline.map((p) => p.postDoneAt - p.startedAt)),
      },
      storm: {
        ready: distribution(ready.map((p) => p.readyAt - p.startedAt)),
        post: distribution(ready.map((p) => p.postDoneAt - p.startedAt)),
        socket: distribution(ready.map((p) => p.readyAt - p.postDoneAt)),
        failed: phones.length - ready.length,
        failures,
        wallMs: stormEnd - stormStart,
        // Timers may fire a fraction of a millisecond early; early is not lag.
        startLag: distribution(phones.map((p) => Math.max(0, p.startedAt - p.scheduledAt))),
      },
      fanout: {
        reached,
        of: ready.length,
        latency: distribution(ready.filter((p) => p.fanoutAt).map((p) => p.fanoutAt - sent)),
        ackMs,
      },
      presenceOnline: presence?.online,
      cpu: {
        mean: storm.length ? storm.reduce((s, x) => s + x.cpu, 0) / storm.length : 0,
        peak: Math.max(0, ...storm.map((s) => s.cpu)),
        samples: storm.length,
      },
      rssMb: { idle: idleRss / 2 ** 20, peak: Math.max(0, ...samples.map((s) => s.rss)) / 2 ** 20 },
      driver: {
        // The histogram counts the 1 ms sampling interval itself; only the excess is delay.
        loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 1),
        loopDelayMaxMs: Math.max(0, loop.max / 1e6 - 1),
        cpuPercent: ((cpuUsed.user + cpuUsed.system) / 1000 / (stormEnd - stormStart)) * 100,
      },
      openFileLimit: limits,
    };
  } catch (err) {
    if (server) log(`server output:\n${server.output()}`);
    throw err;
  } finally {
    if (sampler) clearInterval(sampler);
    for (const p of phones) p.socket?.disconnect();
    facilitator?.disconnect();
    agent.destroy();
    if (server) {
      const exit = await server.stop();
      if (exit.code !== 0) log(`server exit: ${JSON.stringify(exit)}\n${server.output()}`);
    }
    pidusage.clear();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function newPhone(scheduledAt: number): Phone {
  return {
    scheduledAt,
    startedAt: 0,
    postDoneAt: 0,
    readyAt: 0,
    fanoutAt: 0,
    failure: undefined,
    socket: undefined,
  };
}

/** One phone: POST /api/join/:code, then a participant socket; ready at its first room:state. */
async function runPhone(phone: Phone, url: string, code: string, agent: Agent, timeoutMs: number) {
  phone.startedAt = performance.now();
  const deadline = phone.startedAt + timeoutMs;
  try {
    const res = await postJson(
      agent,
      `${url}/api/join/${code}`,
      { groupKey: 'resident' },
      '',
      timeoutMs,
    );
    phone.postDoneAt = performance.now();
    if (res.status !== 201) {
      phone.failure = `POST ${res.status}`;
      return;
    }
    const { token } = JSON.parse(res.body) as JoinResult;
    const socket: ClientSocket = io(url, {
      auth: { v: PROTOCOL_VERSION, role: 'participant', token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: Math.max(1, deadline - performance.now()),
    });
    phone.socket = socket;
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('room:state', () => {
          phone.readyAt = performance.now();
          resolve();
        });
        socket.once('connect_error', (err) => reject(new Error(`connect_error ${err.message}`)));
        socket.once('disconnect', (reason) => reject(new Error(`disconnect ${reason}`)));
      }),
      Math.max(1, deadline - performance.now()),
    );
  } catch (err) {
    phone.failure = err instanceof Error ? err.message : String(err);
  }
}
