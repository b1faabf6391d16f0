import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { WebSocket as WsClient } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  TABLECLOTH_TEXT,
  tableColours,
  tableclothDocName,
  type CafeQuality,
  type CafeSeatRow,
} from '../shared/domain/cafe.ts';
import { assignTables, type AssignInput, type PastSeat } from '../shared/domain/cafeAssign.ts';
import { repeatPairsLowerBound } from '../shared/domain/cafeQuality.ts';
import type { Workshop } from '../shared/domain/workshop.ts';
import type { CafeView } from '../shared/protocol/cafe.ts';
import type { JoinResult } from '../shared/protocol/rest.ts';
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
  startBaselineProcess,
  startPressure,
  startSampler,
  withTimeout,
  type BaselineProcess,
  type ClientSocket,
  type Distribution,
  mulberry32,
  pool,
  reason,
  setUpFacilitator,
} from './lib.ts';
import { list, mb, ms, pct, ratio, table } from './format.ts';

export type CafeOptions = {
  /** People in the room, hosts included. */
  people: number;
  rounds: number;
  /** Seconds of note-writing in each round. */
  seconds: number;
  /** People per table, host included (the café's tableSize and maxTableSize). */
  tableSize?: number;
  /** Joins (and relay peers) set up at once; not part of the figures. */
  joinConcurrency?: number;
  /** How long one join, one ack, or one wait (seats, tablecloths, notes) may take. */
  timeoutMs?: number;
  /** Seed of the note schedule, so both sides and every run write the same lines at the same moments. */
  seed?: number;
  log?: (line: string) => void;
};

/** One line a person writes on their table's tablecloth in one round. */
type PlannedLine = { id: number; round: number; person: number; atMs: number; text: string };

type Driver = {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  cpuPercent: number;
  rssPeakMb: number;
  /** How late lines were written against the schedule. */
  sendLag: Distribution;
};

type Machine = {
  pressure: { cpuPercent: number; ioPercent: number } | undefined;
  loadAverage: number;
};

/** The notes of one side (Roundtable or the relay), over every round. */
export type NoteFigures = {
  planned: number;
  /** Lines written into a synced tablecloth. */
  written: number;
  /** Per (line, tablemate): from the insert to that tablemate's document holding it. */
  toTablemate: Distribution;
  /** Per line: from the insert to the last of its tablemates holding it. */
  toEveryTablemate: Distribution;
  /** Lines some tablemate still lacked when the wait ended, or not written; by reason. */
  failures: Record<string, number>;
  /** Times a tablecloth connection closed while its round's notes were being written. */
  drops: number;
  /** From the first line of round 1 to the end of the last round's wait, writing time only. */
  cpu: { mean: number; peak: number; samples: number };
  rssPeakMb: number;
  driver: Driver;
  machine: Machine;
};

export type CafeRound = {
  round: number;
  /** From sending cafe:start (round 1) or cafe:advance to the facilitator's ack. */
  ackMs: number;
  /** Phones that got their cafe:seat for the round, of those connected. */
  seated: number;
  of: number;
  /** From the same send to each phone's cafe:seat (p50 and the last phone). */
  seatDelivery: Distribution;
  /** From the same send to each phone's cafe:changed, sent just before the seat. */
  stateDelivery: Distribution;
  /** From opening a phone's tablecloth document (every phone at once) to its being synced. */
  tableclothOpen: Distribution;
  tableclothFailures: number;
  /** Lines planned in the round, lines written, and per side the latency to each tablemate. */
  lines: number;
  written: number;
  toTablemate: { roundtable: Distribution; relay: Distribution };
  /** The server's assignment figures for the round (facilitator cafe:get, view.quality). */
  quality: CafeQuality | undefined;
  /** The same counted by the bench from the facilitator's seating, as a cross-check. */
  counted: { repeatPairs: number; revisits: number; sizeSpread: number };
  /** The counting lower bound on repeat pairs for this round (shared/domain/cafeQuality.ts). */
  repeatPairsLowerBound: number;
  /** assignTables alone on the same people, tables and history, timed in this process. */
  algorithmMs: number;
  /** When the round's command was sent (performance.now). */
  sentAt: number;
};

export type CafeReport = {
  people: number;
  tables: number;
  tableSize: number;
  rounds: number;
  seconds: number;
  roundtable: NoteFigures & {
    pid: number;
    joined: number;
    joinFailures: Record<string, number>;
    setupMs: number;
    /** Every phone's cafe:get when the room moved to the café (set-up, as the phone does). */
    phoneGet: Distribution;
    /** cafe:tables with every table, and the cafe:host per table (one after another). */
    tablesAckMs: number;
    hostAck: Distribution;
    /** cafe:host refused with RATE_LIMITED (then retried after the time it asked for). */
    hostsRateLimited: number;
    perRound: CafeRound[];
    /** The last round's cafe:advance, which ends the café: its ack and the phase it reported. */
    harvestAckMs: number;
    harvestPhase: string;
    /** From that advance to each phone's cafe:changed saying so. */
    harvestState: Distribution;
    /** The facilitator's cafe:tablecloths at the harvest, and what it held. */
    tableclothsMs: number;
    tablecloths: number;
    expectedTablecloths: number;
    /** Planned lines not found on their table's tablecloth at the harvest. */
    missingAtHarvest: number;
    /** Phones whose cafe:seat disagreed with the facilitator's seating. */
    seatMismatches: number;
    met: { mean: number; best: number; min: number; max: number; people: number };
    /** The whole café, from cafe:start to the harvest's tablecloths. */
    cafeCpu: { mean: number; peak: number; samples: number };
    cafeWallMs: number;
    rssMb: { atStart: number; afterJoin: number; peak: number };
    serverLog: Record<string, number>;
    openFiles: number | undefined;
    /** The event-loop probe (GET of an unknown /api path every 250 ms) over the whole café. */
    probes: Distribution;
    /** Probes that took SLOW_NOTE_MS or more, by seconds since the server answered /healthz. */
    stalls: { atS: number; ms: number }[];
    /** Lines that took SLOW_NOTE_MS or more to some tablemate, by the second they were written. */
    slowNotes: { atS: number; notes: number }[];
    serverLaunchMs: number;
    /** When each round's cafe:start / cafe:advance was sent, in seconds since the server was up. */
    roundsAtS: { round: number; atS: number }[];
  };
  relay: NoteFigures & {
    pid: number;
    setupMs: number;
    stderr: string;
    openFiles: number | undefined;
  };
  driverOpenFiles: number | undefined;
};

const ideas = [
  'More benches along the river path',
  'Youth club open on Friday evenings',
  'Safer crossings by the primary school',
  'Free wifi in the library and park',
  'Street lights on the walk from station',
  'Community fridge at the market hall',
  'Bus shelters with timetables that work',
  'Skate park repairs and a water fountain',
  'Monthly clean-ups with the residents',
  'Translation at council meetings',
  'Cheaper hall hire for small groups',
  'A noticeboard in every block lobby',
];

/** A note or probe this slow is listed with the moment it happened. */
const SLOW_NOTE_MS = 100;

/** Every line of the café is this long, newline included. */
const LINE_CHARS = 40;

/**
 * Each person writes a line every 2 to 3 s through each round's window, starting at a random
 * moment in the first 2.5 s. Each line starts with `#<id> `, unique over the café, so a document
 * that receives it can tell which line it is and when it was written.
 */
function plan(people: number, rounds: number, seconds: number, seed: number): PlannedLine[][] {
  const random = mulberry32(seed);
  let id = 0;
  const perRound: PlannedLine[][] = [];
  for (let round = 1; round <= rounds; round++) {
    const lines: PlannedLine[] = [];
    for (let person = 0; person < people; person++) {
      for (let at = random() * 2500; at < seconds * 1000; at += 2000 + random() * 1000) {
        id++;
        const idea = ideas[Math.floor(random() * ideas.length)]!;
        const head = `#${id} ${idea}`;
        lines.push({
          id,
          round,
          person,
          atMs: at,
          text: `${head.slice(0, LINE_CHARS - 1).padEnd(LINE_CHARS - 1, '.')}\n`,
        });
      }
    }
    lines.sort((a, b) => a.atMs - b.atMs);
    perRound.push(lines);
  }
  return perRound;
}

type Peer = { doc: Y.Doc; text: Y.Text; provider: WebsocketProvider; close(): void };

/**
 * A phone's tablecloth: y-websocket 3.1.0's own provider as the browser runs it (disableBc, so
 * providers in one process cannot sync behind the server's back), announcing the person's name
 * as the tablecloth page does. `synced` settles once the server's copy has arrived.
 */
function openPeer(
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

function count(into: Record<string, number>, key: string, by = 1) {
  into[key] = (into[key] ?? 0) + by;
}

/** Polls `done` every 20 ms until it holds or `ms` have passed; whether it held. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await sleep(20);
  }
  return true;
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
class NoteWatch {
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
async function writeRound(args: {
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

function driverFigures(
  loop: IntervalHistogram,
  cpu: NodeJS.CpuUsage,
  wallMs: number,
  lags: number[],
): Driver {
  return {
    // The histogram counts the 1 ms sampling interval itself; only the excess is delay.
    loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 1),
    loopDelayMaxMs: Math.max(0, loop.max / 1e6 - 1),
    cpuPercent: wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : 0,
    rssPeakMb: process.resourceUsage().maxRSS / 1024,
    sendLag: distribution(lags),
  };
}

/** Lines not with every tablemate when the wait ended, by how far they got. */
function deliveryFailures(watch: NoteWatch, into: Record<string, number>) {
  for (const t of watch.tracks.values()) {
    if (t.seen.size >= t.expected.size) continue;
    t.failure =
      t.seen.size === 0
        ? 'written but with no tablemate after the wait'
        : 'written but with only some tablemates after the wait';
    count(into, t.failure);
  }
}

/** Busy moments of the bench process over a writing window: reused for both sides. */
function startDriverWatch() {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const at = performance.now();
  const pressure = startPressure();
  return {
    stop(lags: number[]) {
      loop.disable();
      return {
        driver: driverFigures(loop, process.cpuUsage(cpu), performance.now() - at, lags),
        machine: { pressure: pressure(), loadAverage: loadavg()[0]! },
      };
    },
  };
}

/** pino's JSON lines at warn (40) or above, counted by message. */
function summarizeLog(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        err?: { message?: string };
      };
      if ((entry.level ?? 0) < 40) continue;
      const why = entry.err?.message ? ` (${entry.err.message.slice(0, 120)})` : '';
      count(counts, `${entry.level === 40 ? 'warn' : 'error'}: ${entry.msg ?? '?'}${why}`);
    } catch {
      if (/error|warn|exception|unhandled|reject/i.test(line))
        count(counts, `(not JSON) ${line.slice(0, 120)}`);
    }
  }
  return counts;
}

/**
 * GETs an unknown /api path (a 404 that touches no database) every 250 ms, or right after a slower
 * answer: how long the server's event loop was unavailable, and when.
 */
function startProbe(url: string, everyMs = 250) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const probes: { at: number; ms: number }[] = [];
  let running = true;
  const once = (timeoutMs: number) =>
    new Promise<number>((resolve) => {
      const at = performance.now();
      const req = get(url, { agent, timeout: timeoutMs }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - at));
        res.on('error', () => resolve(performance.now() - at));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(performance.now() - at));
    });
  const done = (async () => {
    while (running) {
      const at = performance.now();
      probes.push({ at, ms: await once(30_000) });
      await sleep(Math.max(0, at + everyMs - performance.now()));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      agent.destroy();
      return probes;
    },
  };
}

type Seat = { round: number; tableId: string; isHost: boolean; at: number };

type Phone = {
  index: number;
  groupKey: string;
  participantId: string;
  token: string;
  socket: ClientSocket | undefined;
  seats: Map<number, Seat>;
  /** This round's tablecloth; the last round's stays open until the new one is opened. */
  peer: Peer | undefined;
  peerRound: number;
  /** When each cafe:changed arrived. */
  changes: number[];
  openedAt: number;
  syncedAt: number;
  openFailure: string | undefined;
};

/** Who sat at which table in each round, by participant id, from the facilitator's seating. */
type Seating = Map<number, CafeSeatRow[]>;

/** Repeat pairs, revisits and size spread of `round`, counted from the seating as CAFE9 defines them. */
function countQuality(seating: Seating, round: number, tableIds: string[]) {
  const rows = seating.get(round) ?? [];
  const metBefore = new Map<string, Set<string>>();
  const visited = new Map<string, Set<string>>();
  for (let r = 1; r < round; r++) {
    for (const [, people] of byTable(seating.get(r) ?? [])) {
      for (const a of people) {
        let s = metBefore.get(a);
        if (!s) metBefore.set(a, (s = new Set()));
        for (const b of people) if (a !== b) s.add(b);
      }
    }
    for (const row of seating.get(r) ?? []) {
      let v = visited.get(row.participantId);
      if (!v) visited.set(row.participantId, (v = new Set()));
      v.add(row.tableId);
    }
  }
  let repeatPairs = 0;
  const tables = byTable(rows);
  for (const people of tables.values()) {
    for (let i = 0; i < people.length; i++) {
      for (let j = i + 1; j < people.length; j++) {
        if (metBefore.get(people[i]!)?.has(people[j]!)) repeatPairs++;
      }
    }
  }
  const revisits = rows.filter(
    (row) => !row.isHost && visited.get(row.participantId)?.has(row.tableId),
  ).length;
  const sizes = tableIds.map((id) => tables.get(id)?.length ?? 0);
  return { repeatPairs, revisits, sizeSpread: Math.max(...sizes) - Math.min(...sizes) };
}

function byTable(rows: readonly CafeSeatRow[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(row.tableId);
    if (list) list.push(row.participantId);
    else out.set(row.tableId, [row.participantId]);
  }
  return out;
}

/**
 * New people met: distinct tablemates over every round, per person; the best possible is the
 * bound shared/domain/cafeQuality.ts uses, min(people - 1, sum over rounds of own table size - 1).
 */
function peopleMet(seating: Seating) {
  const met = new Map<string, Set<string>>();
  const reach = new Map<string, number>();
  for (const rows of seating.values()) {
    for (const people of byTable(rows).values()) {
      for (const a of people) {
        let s = met.get(a);
        if (!s) met.set(a, (s = new Set()));
        for (const b of people) if (a !== b) s.add(b);
        reach.set(a, (reach.get(a) ?? 0) + people.length - 1);
      }
    }
  }
  const n = met.size;
  const counts = [...met.values()].map((s) => s.size);
  const best = [...reach.values()].map((r) => Math.min(n - 1, r));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  return {
    mean: mean(counts),
    best: mean(best),
    min: counts.length ? Math.min(...counts) : 0,
    max: counts.length ? Math.max(...counts) : 0,
    people: n,
  };
}

/**
 * The server's assignment again, in this process, on the same people, tables, hosts and history
 * (its seed is the café's own, kept in the database, so the seating may differ): how much of the
 * ack is the algorithm. Also the lower bound on repeat pairs for that input.
 */
function offlineAssignment(
  seating: Seating,
  round: number,
  tableIds: string[],
  groupOf: Map<string, string>,
  serverRevisits: number,
  maxPerTable: number,
) {
  const rows = seating.get(round) ?? [];
  const history: PastSeat[] = [];
  for (let r = 1; r < round; r++) {
    for (const s of seating.get(r) ?? []) {
      history.push({ round: r, tableId: s.tableId, participantId: s.participantId });
    }
  }
  const hosts = new Map(rows.filter((s) => s.isHost).map((s) => [s.tableId, s.participantId]));
  const input: AssignInput = {
    tables: tableIds.map((id) => ({ id, online: false, hostId: hosts.get(id) ?? null })),
    people: rows.map((s) => ({
      id: s.participantId,
      groupKey: groupOf.get(s.participantId) ?? s.groupKey,
      remote: false,
    })),
    history,
    seed: `bench:${round}`,
    maxPerTable,
  };
  const at = performance.now();
  assignTables(input);
  const algorithmMs = performance.now() - at;
  return { algorithmMs, lowerBound: repeatPairsLowerBound(input, serverRevisits === 0) };
}

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

async function roundtableRun(
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
  const phones: Phone[] = [];
  let server: ServerProcess | undefined;
  let facilitator: ClientSocket | undefined;
  let sampler: Awaited<ReturnType<typeof startSampler>> | undefined;
  let writing = false;
  let drops = 0;
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
    const created = await postJson(
      agent,
      `${url}/api/workshops`,
      {
        title: 'World Café bench',
        agenda: [
          {
            kind: 'world_cafe',
            title: 'What would make the neighbourhood better for young people?',
            settings: {
              tables: tableCount,
              rounds: opts.rounds,
              roundMinutes: 5,
              // No changeover: one cafe:advance ends a round and starts the next one's talk.
              changeoverMinutes: 0,
              tableSize,
              maxTableSize: tableSize,
              questions: [
                'What is good about living here?',
                'What gets in the way?',
                'What could we do together this year?',
              ],
            },
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
    log(`cafe: workshop open with code ${code}; joining ${opts.people} phones`);

    const wsUrl = `${url.replace(/^http/, 'ws')}/yjs`;
    const joins = await pool(opts.people, opts.joinConcurrency ?? 25, async (i) => {
      const deadline = performance.now() + timeoutMs;
      const left = () => Math.max(1, deadline - performance.now());
      const groupKey = i % 4 === 3 ? 'officer' : 'resident';
      const res = await postJson(agent, `${url}/api/join/${code}`, { groupKey }, '', left());
      if (res.status !== 201) throw new Error(`POST ${res.status}`);
      const { token, participantId } = JSON.parse(res.body) as JoinResult;
      const socket: ClientSocket = io(url, {
        auth: { v: PROTOCOL_VERSION, role: 'participant', token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: left(),
      });
      const phone: Phone = {
        index: i,
        groupKey,
        participantId,
        token,
        socket,
        seats: new Map(),
        peer: undefined,
        peerRound: 0,
        changes: [],
        openedAt: 0,
        syncedAt: 0,
        openFailure: undefined,
      };
      phones[i] = phone;
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          socket.once('room:state', () => resolve());
          socket.once('connect_error', (err) => reject(new Error(`connect_error ${err.message}`)));
          socket.once('disconnect', (why) => reject(new Error(`disconnect ${why}`)));
        }),
        left(),
      );
      return phone;
    });
    const joinFailures: Record<string, number> = {};
    joins.forEach((j, i) => {
      if (j.status === 'fulfilled') return;
      count(joinFailures, `join: ${reason(j.reason)}`);
      phones[i]?.socket?.disconnect();
      if (phones[i]) phones[i].socket = undefined;
    });
    const ready = phones.filter((p): p is Phone => p?.socket !== undefined);

    for (const phone of ready) {
      phone.socket!.on('cafe:changed', (state) => {
        if (state.activityId === activityId) phone.changes.push(performance.now());
      });
      phone.socket!.on('cafe:seat', (seat) => {
        if (seat.activityId !== activityId || phone.seats.has(seat.round)) return;
        phone.seats.set(seat.round, { ...seat, at: performance.now() });
      });
    }
    /**
     * The phone leaves last round's tablecloth and opens its new table's. Done for every phone once
     * the seats are in, not inside the seat handler: 200 providers built in this one process
     * would otherwise hold up the reading of the later seats and of the facilitator's ack.
     */
    const openTablecloth = (phone: Phone, round: number) => {
      const seat = phone.seats.get(round)!;
      phone.peer?.close();
      phone.peerRound = round;
      phone.syncedAt = 0;
      phone.openFailure = undefined;
      phone.openedAt = performance.now();
      const { peer, synced } = openPeer(
        wsUrl,
        tableclothDocName(seat.tableId, round),
        { token: phone.token },
        `Person ${phone.index + 1}`,
        timeoutMs,
      );
      phone.peer = peer;
      watch.watch(phone.index, peer.text);
      peer.provider.on('status', ({ status }) => {
        if (status === 'disconnected' && writing && phone.peer === peer) drops++;
      });
      synced.then(
        () => phone.peer === peer && (phone.syncedAt = performance.now()),
        (err: unknown) => phone.peer === peer && (phone.openFailure = reason(err)),
      );
    };

    const moved = await command(facilitator, 'activity:goto', { activityId });
    if (!moved.ok) throw new Error(`goto: ${moved.error.message}`);
    // The café page loads the participant's view when it opens: every phone at once.
    const gets = await Promise.all(
      ready.map(async (p) => {
        const at = performance.now();
        const view = await command(p.socket!, 'cafe:get', { activityId }, timeoutMs).catch(
          () => undefined,
        );
        return view?.ok ? performance.now() - at : undefined;
      }),
    );
    const phoneGet = distribution(gets.filter((g): g is number => g !== undefined));

    // The tables the café laid out at its creation, renamed and coloured as a facilitator would.
    const initial = await command(facilitator, 'cafe:get', { activityId });
    if (!initial.ok) throw new Error(`cafe:get: ${initial.error.message}`);
    const tablesAt = performance.now();
    const laid = await command(facilitator, 'cafe:tables', {
      activityId,
      tables: Array.from({ length: tableCount }, (_, i) => {
        const colour = tableColours[i % tableColours.length]!;
        return {
          ...(initial.data.state.tables[i] ? { id: initial.data.state.tables[i].id } : {}),
          number: i + 1,
          name: `${colour[0]!.toUpperCase()}${colour.slice(1)} ${i + 1}`,
          colour,
        };
      }),
    });
    const tablesAckMs = performance.now() - tablesAt;
    if (!laid.ok) throw new Error(`cafe:tables: ${laid.error.message}`);
    const tableIds = laid.data.state.tables.map((t) => t.id);
    if (tableIds.length !== tableCount) {
      throw new Error(`cafe:tables left ${tableIds.length} tables, not ${tableCount}`);
    }
    // One command per host: a socket's bucket (30 at once, 10 a second) makes 40 wait their turn.
    const hostAcks: number[] = [];
    let hostsRateLimited = 0;
    for (const [i, tableId] of tableIds.entries()) {
      const host = ready[i];
      if (!host) break;
      for (;;) {
        const at = performance.now();
        const done = await command(facilitator, 'cafe:host', {
          activityId,
          tableId,
          participantId: host.participantId,
        });
        if (!done.ok && done.error.code === 'RATE_LIMITED') {
          hostsRateLimited++;
          await sleep(1000 * (done.error.retryAfterSeconds ?? 1));
          continue;
        }
        hostAcks.push(performance.now() - at);
        if (!done.ok) throw new Error(`cafe:host: ${done.error.message}`);
        break;
      }
    }
    const setupMs = performance.now() - setupAt;
    await sleep(500);
    const rssAfterJoin = (await pidusage(server.pid)).memory;
    log(
      `cafe: ${ready.length} of ${opts.people} joined, ${tableIds.length} tables with hosts, ` +
        `in ${(setupMs / 1000).toFixed(1)} s; starting ${opts.rounds} rounds of ${opts.seconds} s`,
    );

    const seating: Seating = new Map();
    const perRound: CafeRound[] = [];
    const failures: Record<string, number> = {};
    const lags: number[] = [];
    let seatMismatches = 0;
    let harvestAckMs = NaN;
    let harvestPhase = '?';
    let harvestState = distribution([]);
    probe = startProbe(`${url}/api/bench-probe`);
    const cafeAt = performance.now();
    let writeFrom = 0;
    let writeTo = 0;
    const driverWatch = startDriverWatch();

    for (let round = 1; round <= opts.rounds + 1; round++) {
      const last = round > opts.rounds;
      const sentAt = performance.now();
      const ack = await command(
        facilitator,
        round === 1 ? 'cafe:start' : 'cafe:advance',
        { activityId },
        timeoutMs,
      );
      const ackMs = performance.now() - sentAt;
      // The round's state reaches each phone just before its seat, in the same flush.
      const stateToEveryPhone = async () => {
        await until(
          () => ready.every((p) => !p.socket!.connected || (p.changes.at(-1) ?? 0) > sentAt),
          timeoutMs,
        );
        return distribution(
          ready.flatMap((p) => {
            const at = p.changes.find((t) => t > sentAt);
            return at ? [at - sentAt] : [];
          }),
        );
      };
      if (!ack.ok) throw new Error(`round ${round}: ${ack.error.code}: ${ack.error.message}`);
      const { phase, round: at } = ack.data.state;
      if (last) {
        harvestAckMs = ackMs;
        harvestState = await stateToEveryPhone();
        harvestPhase = phase;
        if (phase !== 'harvest')
          log(`cafe: the last advance left the café in ${phase}, not harvest`);
        break;
      }
      if (phase !== 'talking' || at !== round) {
        throw new Error(`round ${round}: the ack says ${phase} in round ${at}, not talking`);
      }
      const rows = ack.data.seating ?? [];
      seating.set(round, rows);
      const live = () => ready.filter((p) => p.socket!.connected);
      await until(() => live().every((p) => p.seats.has(round)), timeoutMs);
      const seated = ready.filter((p) => p.seats.has(round));
      const stateDelivery = await stateToEveryPhone();
      for (const p of seated) {
        const row = rows.find((r) => r.participantId === p.participantId);
        if (row?.tableId !== p.seats.get(round)!.tableId) seatMismatches++;
      }
      for (const p of seated) openTablecloth(p, round);
      await until(() => seated.every((p) => p.syncedAt > 0 || p.openFailure), timeoutMs);
      const tableFailures = seated.filter((p) => p.peerRound !== round || !p.syncedAt).length;

      const tableOf = (person: number) => phones[person]?.seats.get(round)?.tableId;
      const atTable = new Map<string, number[]>();
      for (const p of seated) {
        const t = tableOf(p.index)!;
        const list = atTable.get(t);
        if (list) list.push(p.index);
        else atTable.set(t, [p.index]);
      }
      log(
        `cafe: round ${round} seated in ${ackMs.toFixed(0)} ms (${seated.length} seats); ` +
          `${plannedLines[round - 1]!.length} lines over ${opts.seconds} s`,
      );
      writing = true;
      if (!writeFrom) writeFrom = performance.now();
      const roundLags = await writeRound({
        lines: plannedLines[round - 1]!,
        watch,
        failures,
        timeoutMs,
        writer: (person) => {
          const p = phones[person];
          if (!p?.socket) return 'phone did not join';
          const seat = p.seats.get(round);
          if (!seat) return 'phone had no seat';
          if (p.peerRound !== round || !p.syncedAt || !p.peer) return 'tablecloth not synced';
          return { tableId: seat.tableId, text: p.peer.text };
        },
        tablemates: (person) =>
          (atTable.get(tableOf(person) ?? '') ?? []).filter(
            (q) => q !== person && phones[q]!.peerRound === round && phones[q]!.syncedAt > 0,
          ),
      });
      writing = false;
      writeTo = performance.now();
      lags.push(...roundLags);

      const counted = countQuality(seating, round, tableIds);
      perRound.push({
        round,
        ackMs,
        seated: seated.length,
        of: ready.length,
        seatDelivery: distribution(seated.map((p) => p.seats.get(round)!.at - sentAt)),
        stateDelivery,
        tableclothOpen: distribution(
          seated.filter((p) => p.syncedAt > 0).map((p) => p.syncedAt - p.openedAt),
        ),
        tableclothFailures: tableFailures,
        lines: plannedLines[round - 1]!.length,
        written: [...watch.tracks.values()].filter((t) => t.line.round === round).length,
        toTablemate: { roundtable: watch.figures(round).toTablemate, relay: distribution([]) },
        quality: undefined,
        counted,
        repeatPairsLowerBound: NaN,
        algorithmMs: NaN,
        sentAt,
      });
    }
    const { driver, machine } = driverWatch.stop(lags);
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
        const tableId = phones[line.person]?.seats.get(line.round)?.tableId;
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

    const figures = sampler.figures(writeFrom, writeTo);
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
      harvestAckMs,
      harvestPhase,
      harvestState,
      tableclothsMs,
      tablecloths: cloths.data.tablecloths.length,
      expectedTablecloths: tableIds.length * opts.rounds,
      missingAtHarvest,
      seatMismatches,
      met: peopleMet(seating),
      cafeCpu: whole.cpu,
      cafeWallMs,
      planned,
      written: watch.tracks.size,
      ...notes,
      failures,
      drops,
      cpu: figures.cpu,
      rssPeakMb: figures.rssPeakMb,
      rssMb: {
        atStart: rssAtStart / 2 ** 20,
        afterJoin: rssAfterJoin / 2 ** 20,
        peak: figures.rssPeakMb,
      },
      driver,
      machine,
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
    writing = false;
    sampler?.stop();
    await probe?.stop();
    for (const p of phones) {
      p?.peer?.close();
      p?.socket?.disconnect();
    }
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

/**
 * The baseline: a plain y-websocket relay (bench/yRelay.ts) and the same people at the same tables
 * in each round, writing the same lines at the same moments into documents of the same names.
 * Nothing seats anyone and nothing is checked or stored: the floor for the tablecloth traffic.
 */
async function relayRun(
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
