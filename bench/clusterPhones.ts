import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import type { VoteMeta } from '../shared/protocol/voting.ts';
import type { JoinResult } from '../shared/protocol/rest.ts';
import { PROTOCOL_VERSION } from '../shared/protocol/version.ts';
import { ballotOf, type CongressMethod } from './congress.ts';
import {
  command,
  mulberry32,
  pool,
  postJson,
  reason,
  sleep,
  withTimeout,
  type ClientSocket,
} from './lib.ts';

/**
 * One load-generating process of the multi-node congress bench (forked by clusterCongress.ts):
 * it plays a share of the hall's phones, so the generator is not the bottleneck. Times are
 * absolute (performance.timeOrigin + now), comparable across the processes of one machine.
 */

export type WorkerSetup = {
  type: 'setup';
  urls: string[];
  code: string;
  activityId: string;
  /** The phones this process plays: their indices in the whole hall. */
  from: number;
  to: number;
  hall: number;
  seconds: number;
  seed: number;
  method: CongressMethod;
  timeoutMs: number;
  joinConcurrency: number;
};
export type WorkerGo = { type: 'go'; t0: number; meta: VoteMeta; canonical: string[] };
export type WorkerWait = { type: 'wait'; target: number; until: number };
export type ToWorker = WorkerSetup | WorkerGo | WorkerWait | { type: 'exit' };

export type WorkerJoined = {
  type: 'joined';
  joined: number;
  failures: Record<string, number>;
  /** When each joined phone had its first room state (absolute ms). */
  joinedAt: number[];
};
export type WorkerSent = {
  type: 'sent';
  /** Per accepted ballot: [sent, acknowledged] (absolute ms). */
  acks: [number, number][];
  failures: Record<string, number>;
  /** Ballots answered "not now" (UNAVAILABLE) and sent again, as a phone's queue does. */
  resent: number;
};
export type WorkerDone = {
  type: 'done';
  /** Per voter count k (index k): phones of this process that saw voters >= k, and the last time. */
  reached: number[];
  last: number[];
  screens: number;
  withFinalCount: number;
  drops: number;
  dropReasons: Record<string, number>;
  /** This process's CPU (user + system, ms) and peak RSS (MB) over its life. */
  cpuMs: number;
  rssPeakMb: number;
};
export type FromWorker =
  WorkerJoined | WorkerSent | WorkerDone | { type: 'error'; message: string };

const now = () => performance.timeOrigin + performance.now();
/** Sends of one ballot at most, like a phone's queue giving up on a hall that never clears. */
const MAX_SENDS = 10;

type Phone = {
  index: number;
  socket: ClientSocket | undefined;
  maxVoters: number;
  atMs: number;
  draws: number[];
};

function count(into: Record<string, number>, key: string) {
  into[key] = (into[key] ?? 0) + 1;
}

function send(message: FromWorker) {
  process.send!(message);
}

async function run(setup: WorkerSetup) {
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 256 });
  // The whole hall's schedule from one seed, so a phone votes at the same moment whichever
  // process plays it.
  const random = mulberry32(setup.seed);
  const all = Array.from({ length: setup.hall }, () => ({
    atMs: random() * setup.seconds * 1000,
    draws: Array.from({ length: 8 }, () => random()),
  }));
  const phones: Phone[] = [];
  for (let i = setup.from; i < setup.to; i++) {
    phones.push({ index: i, socket: undefined, maxVoters: 0, ...all[i]! });
  }
  const reached = new Array<number>(setup.hall + 1).fill(0);
  const last = new Array<number>(setup.hall + 1).fill(0);
  let measuring = false;
  let drops = 0;
  const dropReasons: Record<string, number> = {};

  const joinedAt: number[] = [];
  const joins = await pool(phones.length, setup.joinConcurrency, async (i) => {
    const phone = phones[i]!;
    // Phones arrive through the balancer in turn: node by index.
    const url = setup.urls[phone.index % setup.urls.length]!;
    const deadline = performance.now() + setup.timeoutMs;
    const left = () => Math.max(1, deadline - performance.now());
    const res = await postJson(
      agent,
      `${url}/api/join/${setup.code}`,
      { groupKey: phone.index % 4 === 3 ? 'officer' : 'resident' },
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
      if (!measuring || results.activityId !== setup.activityId) return;
      const at = now();
      const upTo = Math.min(results.voters, setup.hall);
      for (let k = phone.maxVoters + 1; k <= upTo; k++) {
        reached[k]!++;
        last[k] = Math.max(last[k]!, at);
      }
      if (upTo > phone.maxVoters) phone.maxVoters = upTo;
    });
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('room:state', () => resolve());
        socket.once('connect_error', (err) => reject(new Error(`connect_error ${err.message}`)));
        socket.once('disconnect', (why) => reject(new Error(`disconnect ${why}`)));
      }),
      left(),
    );
    joinedAt.push(now());
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
      drops++;
      count(dropReasons, why);
    });
  }
  send({ type: 'joined', joined: ready.length, failures: joinFailures, joinedAt });

  const go = await next<WorkerGo>('go');
  measuring = true;
  const acks: [number, number][] = [];
  const failures: Record<string, number> = {};
  let resent = 0;
  await Promise.all(
    phones.map(
      (phone) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              const socket = phone.socket;
              if (!socket?.connected) {
                count(failures, socket ? 'phone socket disconnected' : 'phone did not join');
                return resolve();
              }
              const ballot = ballotOf(setup.method, go.canonical, phone.draws, go.meta);
              const sentAt = now();
              const opId = randomUUID();
              // A phone's queue sends a ballot answered "not now" again, with the same operation
              // id, after the Retry-After it was given (DUR2, DUR6); its ack time runs from the
              // first send, as the person waits.
              const attempt = (tries: number): Promise<void> =>
                command(
                  socket,
                  'ballot:cast',
                  { opId, activityId: setup.activityId, ballot },
                  setup.timeoutMs,
                ).then(async (ack) => {
                  if (ack.ok) acks.push([sentAt, now()]);
                  else if (
                    ack.error.code === 'UNAVAILABLE' &&
                    tries < MAX_SENDS &&
                    now() - sentAt < setup.timeoutMs
                  ) {
                    resent++;
                    const wait = (ack.error.retryAfterSeconds ?? 1) * 1000 * (1 + Math.random());
                    await new Promise((r) => setTimeout(r, wait));
                    return attempt(tries + 1);
                  } else count(failures, `${ack.error.code}: ${ack.error.message}`);
                });
              attempt(1)
                .catch((err: unknown) => count(failures, reason(err)))
                .finally(resolve);
            },
            Math.max(0, go.t0 + phone.atMs - now()),
          );
        }),
    ),
  );
  send({ type: 'sent', acks, failures, resent });

  const wait = await next<WorkerWait>('wait');
  const behind = () => ready.filter((p) => p.socket!.connected && p.maxVoters < wait.target);
  while (behind().length > 0 && now() < wait.until) await sleep(50);
  measuring = false;
  const cpu = process.cpuUsage();
  send({
    type: 'done',
    reached,
    last,
    screens: ready.length,
    withFinalCount: ready.filter((p) => p.maxVoters >= wait.target).length,
    drops,
    dropReasons,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssPeakMb: process.resourceUsage().maxRSS / 1024,
  });
  await next('exit');
  for (const p of phones) p.socket?.disconnect();
  agent.destroy();
}

const inbox: ToWorker[] = [];
let wake: (() => void) | undefined;
process.on('message', (m: ToWorker) => {
  inbox.push(m);
  wake?.();
});

async function next<T extends ToWorker>(type: T['type']): Promise<T> {
  for (;;) {
    const i = inbox.findIndex((m) => m.type === type);
    if (i >= 0) return inbox.splice(i, 1)[0] as T;
    await new Promise<void>((r) => (wake = r));
  }
}

next<WorkerSetup>('setup')
  .then(run)
  .then(
    () => process.exit(0),
    (err: unknown) => {
      send({ type: 'error', message: reason(err) });
      process.exit(1);
    },
  );
