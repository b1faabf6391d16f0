import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { WebSocket as WsClient } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { boardDocName, type PublicNote } from '../shared/domain/board.ts';
import type { Workshop } from '../shared/domain/workshop.ts';
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

export type BoardOptions = {
  participants: number;
  seconds: number;
  notesPerPerson: number;
  /** Joins (or relay peers) set up at once before the measurement; not part of the figures. */
  joinConcurrency?: number;
  /** How long one join, one ack, or the last screens after the last ack may take. */
  timeoutMs?: number;
  /** Seed of the note schedule, so two runs send the same notes at the same moments. */
  seed?: number;
  log?: (line: string) => void;
};

/** One side of the comparison: Roundtable, or the plain relay with the same schedule. */
export type NoteRun = {
  /** Documents that took part: the screens every note has to reach. */
  screens: number;
  planned: number;
  sent: number;
  accepted: number;
  /** Notes not accepted, or accepted but not on every screen in time; grouped by reason. */
  failed: number;
  failures: Record<string, number>;
  /** From sending a note to the last screen holding it, over notes that reached every screen. */
  toEveryScreen: Distribution;
  /**
   * From sending a note to the first screen holding it: the server's own part of the delay,
   * without this process's time to read the same update on every other screen.
   */
  toFirstScreen: Distribution;
  /** From sending `note:add` to its ack (Roundtable only). */
  ack: Distribution | undefined;
  /** Accepted notes per second, from the first send to the last accepted ack. */
  acceptedPerSecond: number;
  /** From the first send until every accepted note was on every screen (or the wait ended). */
  wallMs: number;
  /** Times a screen's document connection dropped during the notes (the provider reconnects). */
  screenDrops: number;
  cpu: { mean: number; peak: number; samples: number };
  /** At start (before any connection), once the screens were in, and the peak of the run. */
  rssMb: { atStart: number; afterJoin: number; peak: number };
  driver: {
    loopDelayP99Ms: number;
    loopDelayMaxMs: number;
    cpuPercent: number;
    /** How late notes were sent against the schedule. */
    sendLag: Distribution;
    /** The bench process's own peak resident memory so far (it holds every screen's document). */
    rssPeakMb: number;
  };
  /** Machine-wide pressure during the notes (Linux): the share of time tasks waited for a core or the disk. */
  pressure: { cpuPercent: number; ioPercent: number } | undefined;
  /** The 1-minute load average when the notes ended (all processes on the machine). */
  loadAverage: number;
};

export type BoardReport = {
  participants: number;
  seconds: number;
  notesPerPerson: number;
  roundtable: NoteRun & {
    pid: number;
    failedJoins: number;
    joinFailures: Record<string, number>;
    setupMs: number;
    /**
     * One `board:get` by the facilitator once the notes are in: what the console loads to sort
     * the board. Not part of the note figures; it shows how reading a full board scales.
     */
    facilitatorBoardGetMs: number;
    /** Server log lines at warn or above, by message (from the last 64 KiB of its output). */
    serverLog: Record<string, number>;
  };
  baseline: NoteRun & { pid: number; failedJoins: number; setupMs: number; relayLog: string };
  openFileLimit: {
    server: number | undefined;
    relay: number | undefined;
    driver: number | undefined;
  };
};

type PlannedNote = { index: number; person: number; atMs: number; text: string };

type Track = {
  note: PlannedNote;
  id: string;
  sentAt: number;
  ackAt: number;
  accepted: boolean;
  failure: string | undefined;
  seen: number;
  firstAt: number;
  lastAt: number;
};

/**
 * The idea board under a hall of phones: every participant has the board open (a read-only Yjs
 * document) and adds a few notes at random moments; each note is timed until it is on every
 * screen. The same notes on the same schedule then go through a plain y-websocket relay, the
 * floor for this traffic, so the cost of Roundtable's checks, database and durable document is
 * seen as a ratio. Everything runs on 127.0.0.1 and is bounded in time.
 */
export async function runBoard(opts: BoardOptions): Promise<BoardReport> {
  const log = opts.log ?? (() => undefined);
  const planned = plan(opts.participants, opts.notesPerPerson, opts.seconds, opts.seed ?? 1);
  // Each WebsocketProvider adds a process 'exit' listener in Node.
  const listeners = process.getMaxListeners();
  process.setMaxListeners(Math.max(listeners, opts.participants + 50));
  try {
    const baseline = await relayRun(opts, planned, log);
    const roundtable = await roundtableRun(opts, planned, log);
    return {
      participants: opts.participants,
      seconds: opts.seconds,
      notesPerPerson: opts.notesPerPerson,
      roundtable,
      baseline,
      openFileLimit: {
        server: roundtable.openFiles,
        relay: baseline.openFiles,
        driver: openFileLimit('self'),
      },
    };
  } finally {
    process.setMaxListeners(listeners);
  }
}

/** K moments per participant, uniform over the window: N*K notes over S seconds in all. */
function plan(participants: number, perPerson: number, seconds: number, seed: number) {
  const random = mulberry32(seed);
  const ideas = [
    'More benches along the river path',
    'A youth club open on Friday evenings',
    'Safer crossings near the primary school',
    'Free wifi in the library and the park café',
    'Street lights on the walk from the station',
    'A community fridge at the market hall',
    'Bus stops with shelters and timetables that work',
    'Skate park repairs, and a water fountain',
    'Regular clean-ups with the residents’ association',
    'Translation at council meetings: Bengali, Somali, Polish',
  ];
  const notes: PlannedNote[] = [];
  for (let person = 0; person < participants; person++) {
    for (let k = 0; k < perPerson; k++) {
      const idea = ideas[Math.floor(random() * ideas.length)]!;
      notes.push({
        index: 0,
        person,
        atMs: random() * seconds * 1000,
        text: `${idea} (${person + 1}.${k + 1})`,
      });
    }
  }
  notes.sort((a, b) => a.atMs - b.atMs);
  notes.forEach((n, i) => (n.index = i));
  return notes;
}

/** The first time each note appears in each screen's document. */
class Delivery {
  readonly tracks = new Map<string, Track>();
  complete = 0;
  private waiting: (() => void) | undefined;

  constructor(readonly screens: number) {}

  add(note: PlannedNote): Track {
    const track: Track = {
      note,
      id: randomUUID(),
      sentAt: 0,
      ackAt: 0,
      accepted: false,
      failure: undefined,
      seen: 0,
      firstAt: 0,
      lastAt: 0,
    };
    this.tracks.set(track.id, track);
    return track;
  }

  /** Watches one screen's `notes` map; an id is added to a map once, whatever the update. */
  watch(doc: Y.Doc) {
    doc.getMap<PublicNote>('notes').observe((event) => {
      const now = performance.now();
      for (const [key, change] of event.changes.keys) {
        if (change.action !== 'add') continue;
        const track = this.tracks.get(key);
        if (!track) continue;
        if (track.seen++ === 0) track.firstAt = now;
        track.lastAt = now;
        if (track.seen === this.screens) {
          this.complete++;
          this.waiting?.();
        }
      }
    });
  }

  /** Resolves once `count` notes are on every screen, or after `ms`. */
  async until(count: number, ms: number) {
    const deadline = performance.now() + ms;
    while (this.complete < count && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, Math.min(250, deadline - performance.now()));
      });
    }
    this.waiting = undefined;
  }
}

type Peer = { doc: Y.Doc; provider: WebsocketProvider; close(): void };

/**
 * A screen: y-websocket 3.1.0's own provider as a browser runs it, resolved once synced. Its
 * awareness state is null, so it announces no presence (a read-only phone has none to give).
 */
async function openPeer(
  wsUrl: string,
  docName: string,
  params: Record<string, string>,
  timeoutMs: number,
  onDrop: () => void,
  presence?: Record<string, string>,
): Promise<Peer> {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(presence ?? null);
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    WebSocketPolyfill: WsClient as unknown as typeof globalThis.WebSocket,
    params,
    awareness,
    // Providers in one process would otherwise sync through a BroadcastChannel, not the server.
    disableBc: true,
  });
  const peer = {
    doc,
    provider,
    close() {
      provider.destroy();
      awareness.destroy();
      doc.destroy();
    },
  };
  try {
    await withTimeout(
      new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        provider.on('sync', (synced: boolean) => synced && resolve());
      }),
      timeoutMs,
    );
  } catch (err) {
    peer.close();
    throw err;
  }
  provider.on('status', ({ status }) => status === 'disconnected' && onDrop());
  return peer;
}

/**
 * Sends every planned note at its moment with `send`, then waits until every accepted note is on
 * every screen or `timeoutMs` after the last answer, and works out the figures.
 */
async function notePhase(args: {
  planned: PlannedNote[];
  delivery: Delivery;
  send: (track: Track) => Promise<void>;
  sendable: (note: PlannedNote) => string | undefined;
  sampler: Awaited<ReturnType<typeof startSampler>>;
  rss: { atStart: number; afterJoin: number };
  screenDrops: () => number;
  timeoutMs: number;
}): Promise<NoteRun> {
  const { planned, delivery } = args;
  const tracks = planned.map((n) => delivery.add(n));
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const pressure = startPressure();
  const dropsBefore = args.screenDrops();
  const t0 = performance.now() + 200;
  const sends = tracks.map(
    (track) =>
      new Promise<void>((resolve) => {
        setTimeout(
          () => {
            const why = args.sendable(track.note);
            if (why) {
              track.failure = why;
              return resolve();
            }
            track.sentAt = performance.now();
            args.send(track).then(resolve, (err: unknown) => {
              track.failure = reason(err);
              resolve();
            });
          },
          Math.max(0, t0 + track.note.atMs - performance.now()),
        );
      }),
  );
  await Promise.all(sends);
  const accepted = tracks.filter((t) => t.accepted);
  await delivery.until(accepted.length, args.timeoutMs);
  const t1 = performance.now();
  loop.disable();
  const cpuUsed = process.cpuUsage(cpuBefore);
  const firstSent = Math.min(...tracks.filter((t) => t.sentAt).map((t) => t.sentAt));
  const lastAck = Math.max(0, ...accepted.map((t) => t.ackAt));
  const failures: Record<string, number> = {};
  for (const t of tracks) {
    const why =
      t.failure ??
      (t.accepted && t.seen < delivery.screens
        ? `accepted but on ${t.seen < delivery.screens / 2 ? 'under half' : 'not all'} of the screens after the wait`
        : undefined);
    if (why) failures[why] = (failures[why] ?? 0) + 1;
  }
  const complete = tracks.filter((t) => t.seen === delivery.screens && t.sentAt);
  const acked = accepted.filter((t) => t.ackAt);
  const figures = args.sampler.figures(firstSent, t1);
  return {
    screens: delivery.screens,
    planned: planned.length,
    sent: tracks.filter((t) => t.sentAt).length,
    accepted: accepted.length,
    failed: Object.values(failures).reduce((s, n) => s + n, 0),
    failures,
    toEveryScreen: distribution(complete.map((t) => t.lastAt - t.sentAt)),
    toFirstScreen: distribution(
      tracks.filter((t) => t.firstAt && t.sentAt).map((t) => t.firstAt - t.sentAt),
    ),
    ack: acked.length ? distribution(acked.map((t) => t.ackAt - t.sentAt)) : undefined,
    acceptedPerSecond: lastAck > firstSent ? accepted.length / ((lastAck - firstSent) / 1000) : 0,
    wallMs: t1 - firstSent,
    screenDrops: args.screenDrops() - dropsBefore,
    cpu: figures.cpu,
    rssMb: {
      atStart: args.rss.atStart / 2 ** 20,
      afterJoin: args.rss.afterJoin / 2 ** 20,
      peak: figures.rssPeakMb,
    },
    driver: {
      // The histogram counts the 1 ms sampling interval itself; only the excess is delay.
      loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 1),
      loopDelayMaxMs: Math.max(0, loop.max / 1e6 - 1),
      cpuPercent: ((cpuUsed.user + cpuUsed.system) / 1000 / (t1 - firstSent)) * 100,
      sendLag: distribution(
        tracks.filter((t) => t.sentAt).map((t) => Math.max(0, t.sentAt - (t0 + t.note.atMs))),
      ),
      rssPeakMb: process.resourceUsage().maxRSS / 1024,
    },
    pressure: pressure(),
    loadAverage: loadavg()[0]!,
  };
}

type Participant = { socket: ClientSocket; peer?: Peer };

/** Roundtable: a real server, a workshop on its idea board, N phones each adding K notes. */
async function roundtableRun(
  opts: BoardOptions,
  planned: PlannedNote[],
  log: (line: string) => void,
): Promise<BoardReport['roundtable'] & { openFiles: number | undefined }> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-bench-board-'));
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 256 });
  const participants: (Participant | undefined)[] = [];
  let server: ServerProcess | undefined;
  let facilitator: ClientSocket | undefined;
  let sampler: Awaited<ReturnType<typeof startSampler>> | undefined;
  let drops = 0;

  try {
    log(`board: starting Roundtable on an empty PGlite folder (${dataDir})`);
    server = await start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { timeoutMs: 60_000 });
    const url = server.url;
    const openFiles = openFileLimit(server.pid);
    // Each phone holds a Socket.IO connection and a document connection on each side.
    checkOpenFiles(
      { server: openFiles, driver: openFileLimit('self') },
      2 * opts.participants + 300,
      `${opts.participants} participants`,
    );
    sampler = await startSampler(server.pid);
    const rssAtStart = (await pidusage(server.pid)).memory;

    const setupAt = performance.now();
    const cookie = await setUpFacilitator(agent, url);
    const created = await postJson(
      agent,
      `${url}/api/workshops`,
      {
        title: 'Idea board bench',
        agenda: [
          {
            kind: 'idea_board',
            title: 'What would make the neighbourhood better for young people?',
            settings: { mode: 'open', maxNotesPerPerson: opts.notesPerPerson },
          },
        ],
      },
      cookie,
    );
    if (created.status !== 201)
      throw new Error(`create workshop: ${created.status} ${created.body}`);
    const workshop = JSON.parse(created.body) as Workshop;
    const board = workshop.agenda[0]!;

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
    const moved = await command(facilitator, 'activity:goto', { activityId: board.id });
    if (!moved.ok) throw new Error(`goto: ${moved.error.message}`);
    log(`board: workshop open with code ${code} on its board; joining ${opts.participants}`);

    const wsUrl = `${url.replace(/^http/, 'ws')}/yjs`;
    const docName = boardDocName(board.id);
    const joins = await pool(opts.participants, opts.joinConcurrency ?? 25, async (i) => {
      // One deadline for the whole join, shared by its three steps.
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
      participants[i] = { socket };
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          socket.once('room:state', () => resolve());
          socket.once('connect_error', (err) => reject(new Error(`connect_error ${err.message}`)));
          socket.once('disconnect', (why) => reject(new Error(`disconnect ${why}`)));
        }),
        left(),
      );
      const peer = await openPeer(wsUrl, docName, { token }, left(), () => drops++);
      participants[i] = { socket, peer };
      return peer;
    });
    const joinFailures: Record<string, number> = {};
    const delivery = new Delivery(joins.filter((j) => j.status === 'fulfilled').length);
    joins.forEach((j, i) => {
      if (j.status === 'fulfilled') return delivery.watch(j.value.doc);
      const why = `join: ${reason(j.reason)}`;
      joinFailures[why] = (joinFailures[why] ?? 0) + 1;
      participants[i]?.socket.disconnect();
      participants[i] = undefined;
    });
    const setupMs = performance.now() - setupAt;
    const rssAfterJoin = (await pidusage(server.pid)).memory;
    log(
      `board: ${delivery.screens} of ${opts.participants} joined in ${(setupMs / 1000).toFixed(1)} s; ` +
        `${planned.length} notes over ${opts.seconds} s`,
    );

    const run = await notePhase({
      planned,
      delivery,
      timeoutMs,
      sampler,
      rss: { atStart: rssAtStart, afterJoin: rssAfterJoin },
      screenDrops: () => drops,
      sendable: (note) => {
        const p = participants[note.person];
        if (!p) return 'participant did not join';
        if (!p.socket.connected) return 'participant socket disconnected';
        return undefined;
      },
      send: async (track) => {
        const ack = await command(
          participants[track.note.person]!.socket,
          'note:add',
          { id: track.id, activityId: board.id, text: track.note.text, showName: false },
          timeoutMs,
        );
        track.ackAt = performance.now();
        if (ack.ok) track.accepted = true;
        else track.failure = `${ack.error.code}: ${ack.error.message}`;
      },
    });
    log(
      `board: Roundtable ${run.accepted} of ${run.planned} accepted, ` +
        `${delivery.complete} on every screen, ${run.failed} failed`,
    );
    sampler.stop();
    const getAt = performance.now();
    const full = await command(facilitator, 'board:get', { activityId: board.id }, 60_000);
    const facilitatorBoardGetMs = performance.now() - getAt;
    if (!full.ok) log(`board: the facilitator's board:get failed: ${full.error.message}`);
    return {
      ...run,
      facilitatorBoardGetMs,
      pid: server.pid,
      failedJoins: opts.participants - delivery.screens,
      joinFailures,
      setupMs,
      serverLog: summarizeLog(server.output()),
      openFiles,
    };
  } catch (err) {
    if (server) log(`server output:\n${server.output()}`);
    throw err;
  } finally {
    sampler?.stop();
    for (const p of participants) {
      p?.peer?.close();
      p?.socket.disconnect();
    }
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

/** pino's JSON lines at warn (40) or above, counted by message. */
function summarizeLog(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    let key: string;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) < 40) continue;
      key = `${entry.level === 40 ? 'warn' : entry.level === 50 ? 'error' : 'fatal'}: ${entry.msg ?? '?'}`;
    } catch {
      // Plain lines (the start-up banner) count only when they look like trouble.
      if (!/error|warn|exception|unhandled|reject/i.test(line)) continue;
      key = `(not JSON) ${line.slice(0, 120)}`;
    }
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * The baseline: the same number of screens on a plain relay, and one writer that puts the same
 * notes, in the same shape, on the same schedule, into its own copy of the document.
 */
async function relayRun(
  opts: BoardOptions,
  planned: PlannedNote[],
  log: (line: string) => void,
): Promise<BoardReport['baseline'] & { openFiles: number | undefined }> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const peers: Peer[] = [];
  let writer: Peer | undefined;
  let relay: BaselineProcess | undefined;
  let sampler: Awaited<ReturnType<typeof startSampler>> | undefined;
  let drops = 0;
  try {
    // Generous: joins, the schedule and every wait, so it only ever stops a run gone wrong.
    relay = await startBaselineProcess(
      'bench/yRelay.ts',
      opts.seconds + 600 + opts.participants / 5,
      'relay',
    );
    log(`board: baseline y-websocket relay (pid ${relay.pid}) at ${relay.url}`);
    const openFiles = openFileLimit(relay.pid);
    checkOpenFiles(
      { relay: openFiles, driver: openFileLimit('self') },
      opts.participants + 300,
      `${opts.participants} screens`,
    );
    sampler = await startSampler(relay.pid);
    const rssAtStart = (await pidusage(relay.pid)).memory;
    const docName = `board:${randomUUID()}`;
    const setupAt = performance.now();
    // The writer announces itself like a facilitator's console; its awareness renewal every
    // 15 s is the only traffic idle screens get, as Roundtable's 15 s heartbeat is on its side.
    writer = await openPeer(relay.url, docName, {}, timeoutMs, () => drops++, {
      name: 'writer',
    });
    const relayUrl = relay.url;
    const joined = await pool(opts.participants, opts.joinConcurrency ?? 25, async () => {
      const peer = await openPeer(relayUrl, docName, {}, timeoutMs, () => drops++);
      peers.push(peer);
      return peer;
    });
    const failedJoins = joined.filter((j) => j.status === 'rejected').length;
    if (failedJoins > 0) log(`board: ${failedJoins} relay screens did not sync`);
    const delivery = new Delivery(peers.length);
    for (const p of peers) delivery.watch(p.doc);
    const setupMs = performance.now() - setupAt;
    const rssAfterJoin = (await pidusage(relay.pid)).memory;
    log(`board: ${peers.length} relay screens synced; the same ${planned.length} notes`);

    const notes = writer.doc.getMap<PublicNote>('notes');
    const run = await notePhase({
      planned,
      delivery,
      timeoutMs,
      sampler,
      rss: { atStart: rssAtStart, afterJoin: rssAfterJoin },
      screenDrops: () => drops,
      sendable: () => undefined,
      send: async (track) => {
        // The provider sends the update to the relay inside set(), as the transaction ends.
        notes.set(track.id, {
          id: track.id,
          text: track.note.text,
          groupKey: track.note.person % 4 === 3 ? 'officer' : 'resident',
          authorName: null,
          assisted: false,
          themeId: null,
          position: track.note.index,
          mergedCount: 0,
          createdAt: new Date().toISOString(),
        });
        track.ackAt = performance.now();
        track.accepted = true;
      },
    });
    log(`board: relay ${delivery.complete} of ${run.planned} on every screen`);
    sampler.stop();
    // The writer's set() has no answer to wait for: there is no ack on this side.
    return {
      ...run,
      ack: undefined,
      pid: relay.pid,
      failedJoins,
      setupMs,
      relayLog: relay.stderr(),
      openFiles,
    };
  } finally {
    sampler?.stop();
    for (const p of peers) p.close();
    writer?.close();
    if (relay) {
      const exit = await relay.stop();
      if (exit.code !== 0) log(`relay exit: ${JSON.stringify(exit)}\n${relay.stderr()}`);
    }
    pidusage.clear();
    // Let the closed connections' last events run before the next part starts.
    await sleep(100);
  }
}
