import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import {
  TABLECLOTH_CHARS_MAX,
  TABLECLOTH_TEXT,
  parseTableclothDocName,
  questionFor,
  tableColours,
  tableclothDocName,
  type CafeInsight,
  type CafeSeat,
  type CafeState,
  type CafeTable,
  type CafeTableInput,
} from '../../../shared/domain/cafe.ts';
import {
  assignTables,
  hostsFromVolunteers,
  seatLatecomer,
} from '../../../shared/domain/cafeAssign.ts';
import { seatingQuality } from '../../../shared/domain/cafeQuality.ts';
import type {
  CafeMine,
  CafeSnapshot,
  CafeView,
  Tablecloth,
  cafeEvents,
} from '../../../shared/protocol/cafe.ts';
import type { z } from 'zod';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { DocAccess, DocViewer, Documents } from '../../core/documents.ts';
import type { Emitter } from '../../core/events.ts';
import type { Actor } from '../../core/identity.ts';
import * as participants from '../participants/store.ts';
import * as workshops from '../workshops/store.ts';
import * as store from './store.ts';

export type SeatEvent = z.output<(typeof cafeEvents)['cafe:seat']>;
export type FillEvent = z.output<(typeof cafeEvents)['cafe:fill']>;

/** What the café tells the transport, after each change is stored. */
export type CafeEvents = {
  'cafe.changed': { workshopId: string; state: CafeState };
  /** One participant's seat for the round (a new round, a move, a late arrival). */
  'cafe.seat': { participantId: string; seat: SeatEvent };
  'cafe.seating': { workshopId: string; activityId: string; round: number };
  /** How full each tablecloth is, for the facilitator's overview. */
  'cafe.fill': { workshopId: string; fill: FillEvent };
};

export type CafeDeps = {
  db: Database;
  docs: Documents;
  log: Logger;
  events: Emitter<CafeEvents>;
  /** Participants with a live connection now (presence). */
  onlineParticipantIds(workshopId: string): Promise<Set<string>>;
  /** Re-checks open tablecloth connections after who-may-write changed. */
  recheckAccess(docNames: readonly string[]): Promise<void>;
  now?: () => Date;
  /** How often running cafés are checked: fill figures, due phases, snapshots. */
  tickMs?: number;
  /** A changed tablecloth is snapshotted at most this often while its round runs (CAFE11). */
  snapshotEveryMs?: number;
  /**
   * How long after their phone's last connection ended someone seated last round is still seated
   * at a changeover (CAFE19); default 5 minutes.
   */
  awayMs?: number;
};

type Viewer = Actor | { role: 'screen'; workshopId: string };

type Ctx = {
  cafe: store.CafeRow;
  settings: {
    rounds: number;
    roundMinutes: number;
    changeoverMinutes: number;
    questions: string[];
    tables: number;
    tableSize: number;
    maxTableSize: number;
  };
  tables: CafeTable[];
};

/** What a change leaves to do once its transaction has committed. */
type Effects = {
  changed: boolean;
  seats: { participantId: string; seat: CafeSeat }[];
  seatingRound: number | undefined;
  /** Tablecloths of rounds that just ended: re-check access, then snapshot. */
  endedDocs: { tableId: string; round: number }[];
  /** Tablecloths whose writers changed (a move, a new host). */
  accessDocs: string[];
};

const newEffects = (): Effects => ({
  changed: false,
  seats: [],
  seatingRound: undefined,
  endedDocs: [],
  accessDocs: [],
});

/** People seated last round whose phone was connected this recently still count as here (CAFE19). */
export const AWAY_MS_DEFAULT = 5 * 60_000;
/** Bytes a tablecloth document may grow to in memory before writes to it are refused (CAFE12). */
const TABLECLOTH_BYTES_MAX = 1024 * 1024;

/**
 * The World Café. The database holds the phase clock, tables, seats and snapshots; every change
 * runs in one transaction that locks the café row and first brings the clock up to date, so the
 * timer's authority is the stored end time, not a process's timer (CAFE5).
 */
export class CafeService {
  private readonly db: Database;
  private readonly now: () => Date;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private ticker: NodeJS.Timeout | undefined;
  private ticking = false;
  private readonly lastFill = new Map<string, string>();
  private readonly lastSnapshot = new Map<string, { at: number; text: string }>();
  private readonly docBytes = new WeakMap<Y.Doc, number>();
  private stopped = false;

  constructor(private readonly deps: CafeDeps) {
    this.db = deps.db;
    this.now = deps.now ?? (() => new Date());
  }

  /** Starts the ticker; cafés running when the server stopped carry on from their stored clock. */
  start() {
    this.ticker = setInterval(() => void this.tick(), this.deps.tickMs ?? 5000);
    this.ticker.unref();
    void this.tick();
  }

  stop() {
    this.stopped = true;
    clearInterval(this.ticker);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  // ---------------------------------------------------------------- reading

  async get(viewer: Viewer, activityId: string): Promise<CafeView> {
    // Most reads change nothing: a whole room fetching at a round's start must not queue on the
    // café's row lock. Only a phase past its end or a participant without a seat needs the lock.
    const quick = await this.db.transaction(async (tx) => {
      const c = await this.load(tx, viewer.workshopId, activityId, { lock: false });
      if (this.isDue(c)) return undefined;
      const view = await this.viewFor(tx, c, viewer);
      if (viewer.role === 'participant' && this.isRunning(c) && !view.mine?.seat) return undefined;
      return view;
    });
    if (quick) return quick;
    const fx = newEffects();
    const view = await this.db.transaction(async (tx) => {
      const c = await this.load(tx, viewer.workshopId, activityId, { lock: true }, fx);
      if (viewer.role === 'participant') await this.seatLate(tx, c, viewer.participantId, fx);
      return this.viewFor(tx, c, viewer);
    });
    await this.flush(viewer.workshopId, activityId, fx);
    return view;
  }

  private async viewFor(tx: Queryable, c: Ctx, viewer: Viewer): Promise<CafeView> {
    const state = await this.stateOf(tx, c);
    const base = {
      state,
      mine: null,
      seating: null,
      volunteers: null,
      remote: null,
      quality: null,
    };
    if (viewer.role === 'participant') {
      return { ...base, mine: await this.mineOf(tx, c, viewer.participantId) };
    }
    if (viewer.role === 'facilitator') {
      const people = await store.people(tx, c.cafe.activityId);
      return {
        ...base,
        seating: c.cafe.round > 0 ? await store.seatRows(tx, c.cafe.activityId, c.cafe.round) : [],
        volunteers: people.filter((p) => p.volunteer).map((p) => p.participantId),
        remote: people.filter((p) => p.remote).map((p) => p.participantId),
        // From the seats as they stand: late, returning and moved seats count too (CAFE19).
        quality:
          c.cafe.round > 0
            ? seatingQuality(c.tables, await store.allSeats(tx, c.cafe.activityId))
            : [],
      };
    }
    return base;
  }

  private async mineOf(tx: Queryable, c: Ctx, participantId: string): Promise<CafeMine> {
    const seats = await store.seatsOf(tx, c.cafe.activityId, participantId);
    const person = (await store.people(tx, c.cafe.activityId)).find(
      (p) => p.participantId === participantId,
    );
    const history = seats.map((s) => this.seatOf(c, s));
    const current = seats.find((s) => s.round === c.cafe.round);
    return {
      seat: current && this.isRunning(c) ? this.seatOf(c, current) : null,
      history,
      volunteer: person?.volunteer ?? false,
      remote: person?.remote ?? false,
    };
  }

  private seatOf(c: Ctx, s: store.SeatRow): CafeSeat {
    return { activityId: c.cafe.activityId, round: s.round, tableId: s.tableId, isHost: s.isHost };
  }

  private isDue(c: Ctx) {
    const { phase, endsAt } = c.cafe;
    return (phase === 'moving' || phase === 'talking') && !!endsAt && endsAt <= this.now();
  }

  private isRunning(c: Ctx) {
    return c.cafe.phase === 'moving' || c.cafe.phase === 'talking' || c.cafe.phase === 'paused';
  }

  private async stateOf(tx: Queryable, c: Ctx): Promise<CafeState> {
    const { cafe, settings } = c;
    return {
      activityId: cafe.activityId,
      phase: cafe.phase,
      round: cafe.round,
      rounds: settings.rounds,
      roundMinutes: settings.roundMinutes,
      changeoverMinutes: settings.changeoverMinutes,
      tableSize: settings.tableSize,
      maxTableSize: settings.maxTableSize,
      endsAt: cafe.endsAt && cafe.phase !== 'paused' ? cafe.endsAt.toISOString() : null,
      pausedPhase: cafe.phase === 'paused' ? cafe.pausedPhase : null,
      remainingMs: cafe.phase === 'paused' ? cafe.pausedRemainingMs : null,
      serverTime: this.now().toISOString(),
      questions: roundQuestions(settings.questions, settings.rounds),
      tables: c.tables,
      notesShared: cafe.notesShared,
      insights: await store.insights(tx, cafe.activityId),
      version: cafe.version,
    };
  }

  // ---------------------------------------------------------------- set-up

  async setTables(actor: Actor, activityId: string, tables: CafeTableInput[]): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      const ids = new Set(c.tables.map((t) => t.id));
      const keep: string[] = [];
      const numbers = new Set<number>();
      for (const [position, t] of tables.entries()) {
        if (numbers.has(t.number)) {
          throw new AppError('BAD_REQUEST', `Two tables have the number ${t.number}`);
        }
        numbers.add(t.number);
        if (t.id && !ids.has(t.id)) throw notFound('Table');
        const id = t.id ?? crypto.randomUUID();
        keep.push(id);
        await store.upsertTable(
          tx,
          activityId,
          id,
          {
            number: t.number,
            name: t.name,
            colour: t.colour,
            place: t.place ?? '',
            question: t.question ?? '',
            online: t.online ?? false,
          },
          position,
        );
      }
      const removed = c.tables.filter((t) => !keep.includes(t.id));
      if (removed.length > 0) {
        if (c.cafe.phase !== 'setup') {
          throw new AppError(
            'CONFLICT',
            'Tables cannot be removed once the café has started; rename or leave them empty',
          );
        }
        await store.deleteTablesExcept(tx, activityId, keep);
      }
      fx.changed = true;
    });
  }

  async setHost(
    actor: Actor,
    activityId: string,
    tableId: string,
    participantId: string | null,
  ): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      const table = c.tables.find((t) => t.id === tableId);
      if (!table) throw notFound('Table');
      if (participantId) await this.mustBeInWorkshop(tx, c, participantId);
      if (participantId) await store.clearHostElsewhere(tx, activityId, participantId, tableId);
      await store.setHost(tx, tableId, participantId);
      if (this.isRunning(c)) {
        // The new host sits at their table for the rest of this round; the old one stays seated.
        const seats = await store.seatRows(tx, activityId, c.cafe.round);
        const changes: store.SeatRow[] = [];
        for (const s of seats) {
          if (s.tableId === tableId && s.isHost && s.participantId !== participantId) {
            changes.push({ ...s, round: c.cafe.round, isHost: false });
          }
        }
        if (participantId) {
          const before = seats.find((s) => s.participantId === participantId);
          changes.push({
            round: c.cafe.round,
            participantId,
            tableId,
            isHost: true,
            source: 'manual',
          });
          if (before && before.tableId !== tableId) {
            fx.accessDocs.push(tableclothDocName(before.tableId, c.cafe.round));
          }
        }
        await store.putSeats(tx, activityId, changes);
        for (const s of changes) {
          fx.seats.push({
            participantId: s.participantId,
            seat: this.seatOf(c, s),
          });
        }
        fx.seatingRound = c.cafe.round;
        fx.accessDocs.push(tableclothDocName(tableId, c.cafe.round));
      }
      fx.changed = true;
    });
  }

  async hostVolunteers(actor: Actor, activityId: string): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      if (c.cafe.phase !== 'setup') {
        throw new AppError(
          'CONFLICT',
          'Volunteers are made hosts before the café starts; once it runs, pick a host per table',
        );
      }
      // Someone who offered and then left the room cannot host: only people here now count.
      const here = await this.deps.onlineParticipantIds(c.cafe.workshopId);
      const joined = await participants.idsInJoinOrder(tx, c.cafe.workshopId);
      const order = new Map(joined.map((id, i) => [id, i]));
      const volunteers = (await store.people(tx, activityId))
        .filter((p) => p.volunteer && here.has(p.participantId) && order.has(p.participantId))
        .sort((a, b) => order.get(a.participantId)! - order.get(b.participantId)!);
      for (const pick of hostsFromVolunteers(c.tables, volunteers)) {
        await store.setHost(tx, pick.tableId, pick.participantId);
        fx.changed = true;
      }
    });
  }

  async setPerson(
    actor: Actor,
    activityId: string,
    patch: { volunteer?: boolean; remote?: boolean },
  ): Promise<CafeMine> {
    if (actor.role !== 'participant') throw new AppError('FORBIDDEN', 'Participants only');
    const fx = newEffects();
    const mine = await this.db.transaction(async (tx) => {
      const c = await this.load(tx, actor.workshopId, activityId, { lock: true }, fx);
      await store.setPerson(tx, activityId, actor.participantId, patch);
      return this.mineOf(tx, c, actor.participantId);
    });
    fx.seatingRound = fx.seatingRound ?? 0;
    await this.flush(actor.workshopId, activityId, fx);
    return mine;
  }

  async share(actor: Actor, activityId: string, notesShared: boolean): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      c.cafe = await store.updateCafe(tx, activityId, { notesShared });
      fx.changed = true;
    });
  }

  // ---------------------------------------------------------------- the clock

  async startCafe(actor: Actor, activityId: string): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      if (c.cafe.phase !== 'setup') throw new AppError('CONFLICT', 'The café has already started');
      if (c.tables.length === 0) throw new AppError('CONFLICT', 'Lay out at least one table');
      await this.beginRound(tx, c, 1, this.now(), fx);
    });
  }

  async pause(actor: Actor, activityId: string): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      const { phase, endsAt } = c.cafe;
      if ((phase !== 'moving' && phase !== 'talking') || !endsAt) {
        throw new AppError('CONFLICT', 'Only a running round can be paused');
      }
      c.cafe = await store.updateCafe(tx, activityId, {
        phase: 'paused',
        pausedPhase: phase,
        pausedRemainingMs: Math.max(0, endsAt.getTime() - this.now().getTime()),
        endsAt: null,
      });
      fx.changed = true;
    });
  }

  async resume(actor: Actor, activityId: string): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      if (c.cafe.phase !== 'paused' || !c.cafe.pausedPhase) {
        throw new AppError('CONFLICT', 'The café is not paused');
      }
      c.cafe = await store.updateCafe(tx, activityId, {
        phase: c.cafe.pausedPhase,
        endsAt: new Date(this.now().getTime() + (c.cafe.pausedRemainingMs ?? 0)),
        pausedPhase: null,
        pausedRemainingMs: null,
      });
      fx.changed = true;
      await this.advanceDue(tx, c, fx);
    });
  }

  /** Adds or takes away time; taking away more than is left ends the phase now. */
  async adjust(actor: Actor, activityId: string, seconds: number): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      const ms = seconds * 1000;
      if (c.cafe.phase === 'paused') {
        c.cafe = await store.updateCafe(tx, activityId, {
          pausedRemainingMs: Math.max(0, (c.cafe.pausedRemainingMs ?? 0) + ms),
        });
      } else if ((c.cafe.phase === 'moving' || c.cafe.phase === 'talking') && c.cafe.endsAt) {
        const now = this.now().getTime();
        const ends = Math.max(now, c.cafe.endsAt.getTime() + ms);
        c.cafe = await store.updateCafe(tx, activityId, { endsAt: new Date(ends) });
        await this.advanceDue(tx, c, fx);
      } else {
        throw new AppError('CONFLICT', 'No round is running');
      }
      fx.changed = true;
    });
  }

  /** Ends the current phase now: the changeover (talk begins) or the round. */
  async advance(actor: Actor, activityId: string): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      if (c.cafe.phase === 'paused' && c.cafe.pausedPhase) {
        c.cafe = await store.updateCafe(tx, activityId, {
          phase: c.cafe.pausedPhase,
          pausedPhase: null,
          pausedRemainingMs: null,
        });
      }
      if (c.cafe.phase !== 'moving' && c.cafe.phase !== 'talking') {
        throw new AppError('CONFLICT', 'No round is running');
      }
      await this.endPhase(tx, c, this.now(), fx);
    });
  }

  /** Brings a running café's phase up to the stored clock (after a restart, or on any read). */
  private async advanceDue(tx: Queryable, c: Ctx, fx: Effects) {
    const now = this.now();
    // Bounded: a café left running while the server was down catches up round by round.
    for (let i = 0; i < 40; i++) {
      const { phase, endsAt } = c.cafe;
      if ((phase !== 'moving' && phase !== 'talking') || !endsAt || endsAt > now) return;
      await this.endPhase(tx, c, endsAt, fx);
    }
  }

  private async endPhase(tx: Queryable, c: Ctx, at: Date, fx: Effects) {
    const { activityId } = c.cafe;
    const { roundMinutes, rounds } = c.settings;
    fx.changed = true;
    if (c.cafe.phase === 'moving') {
      c.cafe = await store.updateCafe(tx, activityId, {
        phase: 'talking',
        endsAt: new Date(at.getTime() + roundMinutes * 60_000),
      });
      return;
    }
    const ended = c.cafe.round;
    for (const t of c.tables) fx.endedDocs.push({ tableId: t.id, round: ended });
    if (ended < rounds) {
      await this.beginRound(tx, c, ended + 1, at, fx);
    } else {
      c.cafe = await store.updateCafe(tx, activityId, { phase: 'harvest', endsAt: null });
    }
  }

  /** Seats everyone for `round` and starts its changeover (or its talk, with no changeover). */
  private async beginRound(tx: Queryable, c: Ctx, round: number, at: Date, fx: Effects) {
    await this.seatRound(tx, c, round, fx);
    const changeover = c.settings.changeoverMinutes * 60_000;
    c.cafe = await store.updateCafe(
      tx,
      c.cafe.activityId,
      changeover > 0
        ? { phase: 'moving', round, endsAt: new Date(at.getTime() + changeover) }
        : {
            phase: 'talking',
            round,
            endsAt: new Date(at.getTime() + c.settings.roundMinutes * 60_000),
          },
    );
    fx.changed = true;
  }

  // ---------------------------------------------------------------- seating

  private async seatRound(tx: Queryable, c: Ctx, round: number, fx: Effects) {
    const { activityId, workshopId } = c.cafe;
    const history = await store.allSeats(tx, activityId);
    const online = await this.deps.onlineParticipantIds(workshopId);
    const lastRound = history.filter((s) => s.round === round - 1).map((s) => s.participantId);
    // last_seen_at is when the phone last connected or, once it has gone, when it disconnected:
    // someone whose phone has been away longer than the grace has left, or sleeps, and is seated
    // when it comes back (CAFE19).
    const recent = new Date(this.now().getTime() - (this.deps.awayMs ?? AWAY_MS_DEFAULT));
    const rows = await participants.groupsToSeat(tx, workshopId, [...online], lastRound, recent);
    const remote = new Set(
      (await store.people(tx, activityId)).filter((p) => p.remote).map((p) => p.participantId),
    );
    const result = assignTables({
      tables: c.tables.map((t) => ({ id: t.id, online: t.online, hostId: t.hostId })),
      people: rows.map((r) => ({ id: r.id, groupKey: r.groupKey, remote: remote.has(r.id) })),
      history: history.map((s) => ({
        round: s.round,
        tableId: s.tableId,
        participantId: s.participantId,
      })),
      seed: `${c.cafe.seed}:${round}`,
      maxPerTable: c.settings.maxTableSize,
      roundsAfter: Math.max(0, c.settings.rounds - round),
    });
    for (const t of c.tables) {
      const host = result.hosts[t.id];
      // A stand-in keeps the table for the rounds that follow (CAFE10).
      if (host && host !== t.hostId) await store.setHost(tx, t.id, host);
    }
    const seats: store.SeatRow[] = result.seats.map((s) => ({
      round,
      participantId: s.participantId,
      tableId: s.tableId,
      isHost: s.isHost,
      source: 'auto',
    }));
    await store.putSeats(tx, activityId, seats);
    c.tables = await store.listTables(tx, activityId);
    for (const s of seats)
      fx.seats.push({ participantId: s.participantId, seat: this.seatOf(c, s) });
    fx.seatingRound = round;
  }

  /**
   * Someone who arrives, or whose phone comes back, during a round without a seat gets one at
   * once, by the same rules as the round's seating (CAFE19): balance, no revisit, no repeat pair
   * where avoidable, then groups mixed.
   */
  private async seatLate(tx: Queryable, c: Ctx, participantId: string, fx: Effects) {
    if (!this.isRunning(c)) return;
    const { activityId, round } = c.cafe;
    const seats = await store.allSeats(tx, activityId);
    if (seats.some((s) => s.round === round && s.participantId === participantId)) return;
    const current = seats.filter((s) => s.round === round);
    const ids = [...new Set([participantId, ...current.map((s) => s.participantId)])];
    const rows = await participants.groupsOf(tx, ids);
    const remote = new Set(
      (await store.people(tx, activityId)).filter((p) => p.remote).map((p) => p.participantId),
    );
    const tableId = seatLatecomer({
      tables: c.tables.map((t) => ({ id: t.id, online: t.online, hostId: t.hostId })),
      seats: current,
      people: rows.map((r) => ({ id: r.id, groupKey: r.groupKey, remote: remote.has(r.id) })),
      history: seats.filter((s) => s.round < round),
      personId: participantId,
      seed: `${c.cafe.seed}:${round}:late`,
      roundsAfter: Math.max(0, c.settings.rounds - round),
    });
    if (!tableId) return;
    const seat: store.SeatRow = { round, participantId, tableId, isHost: false, source: 'late' };
    await store.putSeats(tx, activityId, [seat]);
    fx.seats.push({ participantId, seat: this.seatOf(c, seat) });
    fx.seatingRound = round;
  }

  async move(
    actor: Actor,
    activityId: string,
    participantId: string,
    tableId: string,
  ): Promise<CafeView> {
    return this.change(actor, activityId, async (tx, c, fx) => {
      if (!this.isRunning(c)) throw new AppError('CONFLICT', 'People are seated once a round runs');
      if (!c.tables.some((t) => t.id === tableId)) throw notFound('Table');
      await this.mustBeInWorkshop(tx, c, participantId);
      const round = c.cafe.round;
      const before = (await store.seatsOf(tx, activityId, participantId)).find(
        (s) => s.round === round,
      );
      if (before?.tableId === tableId) return;
      if (before?.isHost) {
        // A host moved away leaves their table without one until the facilitator picks another.
        await store.setHost(tx, before.tableId, null);
        c.tables = await store.listTables(tx, activityId);
      }
      const seat: store.SeatRow = {
        round,
        participantId,
        tableId,
        isHost: false,
        source: 'manual',
      };
      await store.putSeats(tx, activityId, [seat]);
      fx.seats.push({ participantId, seat: this.seatOf(c, seat) });
      fx.seatingRound = round;
      fx.accessDocs.push(tableclothDocName(tableId, round));
      if (before) fx.accessDocs.push(tableclothDocName(before.tableId, round));
      fx.changed = true;
    });
  }

  /**
   * Someone's seats were deleted outside the café (erasure on request): the room's seating is
   * sent again and the current round's tablecloths re-check who may write them.
   */
  async peopleLeft(workshopId: string, activityId: string): Promise<void> {
    const c = await this.db.transaction((tx) =>
      this.load(tx, workshopId, activityId, { lock: false }),
    );
    const fx = newEffects();
    fx.changed = true;
    if (c.cafe.round > 0) {
      fx.seatingRound = c.cafe.round;
      fx.accessDocs = c.tables.map((t) => tableclothDocName(t.id, c.cafe.round));
    }
    await this.flush(workshopId, activityId, fx);
  }

  // ---------------------------------------------------------------- tablecloths

  /**
   * Who may open a tablecloth document (CAFE11, CAFE13): the people seated at that table write
   * it while its round runs; after that it is read-only. Facilitators are trusted and write.
   */
  async docAccess(who: DocViewer, docName: string): Promise<DocAccess | null> {
    const parsed = parseTableclothDocName(docName);
    if (!parsed) return null;
    const row = await store.tableCafe(this.db, parsed.tableId);
    if (!row) return null;
    const cafe = await store.findCafe(this.db, row.activity_id);
    if (!cafe || parsed.round > Math.max(cafe.round, 1)) return null;
    if (who.facilitator) return 'write';
    if (who.participant?.workshopId === row.workshop_id) {
      const seats = await store.seatsOf(this.db, row.activity_id, who.participant.id);
      const running =
        cafe.phase === 'moving' || cafe.phase === 'talking' || cafe.phase === 'paused';
      const here = seats.some((s) => s.round === parsed.round && s.tableId === parsed.tableId);
      if (running && parsed.round === cafe.round && here) return 'write';
      return this.mayRead(cafe, seats, parsed.tableId, parsed.round) ? 'read' : null;
    }
    if (who.screen?.workshopId === row.workshop_id) {
      return cafe.phase === 'harvest' || cafe.notesShared ? 'read' : null;
    }
    return null;
  }

  /**
   * A participant reads a tablecloth of a table they sat at in that round, the earlier rounds of
   * the table they sit at now (that is how notes carry over), and every table once the harvest
   * starts or the facilitator shares notes.
   */
  private mayRead(
    cafe: store.CafeRow,
    seats: readonly store.SeatRow[],
    tableId: string,
    round: number,
  ): boolean {
    if (cafe.phase === 'harvest' || cafe.notesShared) return true;
    if (round > cafe.round) return false;
    if (seats.some((s) => s.round === round && s.tableId === tableId)) return true;
    return seats.some((s) => s.round === cafe.round && s.tableId === tableId);
  }

  async tablecloths(viewer: Viewer, activityId: string, tableId?: string): Promise<Tablecloth[]> {
    const { c, seats } = await this.db.transaction(async (tx) => {
      const c = await this.load(tx, viewer.workshopId, activityId, { lock: false });
      const seats =
        viewer.role === 'participant'
          ? await store.seatsOf(tx, activityId, viewer.participantId)
          : [];
      return { c, seats };
    });
    const stored = await store.latestTexts(this.db, activityId);
    const out: Tablecloth[] = [];
    const questions = roundQuestions(c.settings.questions, c.settings.rounds);
    for (const table of c.tables) {
      if (tableId && table.id !== tableId) continue;
      for (let round = 1; round <= c.cafe.round; round++) {
        const allowed =
          viewer.role === 'facilitator' ||
          (viewer.role === 'screen'
            ? c.cafe.phase === 'harvest' || c.cafe.notesShared
            : this.mayRead(c.cafe, seats, table.id, round));
        if (!allowed) continue;
        const live = round === c.cafe.round && this.isRunning(c);
        const text = live
          ? await this.readText(tableclothDocName(table.id, round))
          : (stored.find((s) => s.tableId === table.id && s.round === round)?.text ??
            (await this.readText(tableclothDocName(table.id, round))));
        out.push({
          tableId: table.id,
          round,
          question: questionFor({ questions }, table, round),
          text,
        });
      }
    }
    return out;
  }

  async snapshots(
    actor: Actor,
    activityId: string,
    tableId: string,
    round: number,
  ): Promise<CafeSnapshot[]> {
    const c = await this.db.transaction((tx) =>
      this.load(tx, actor.workshopId, activityId, { lock: false }),
    );
    if (!c.tables.some((t) => t.id === tableId)) throw notFound('Table');
    return (await store.listSnapshots(this.db, tableId, round)).map(publicSnapshot);
  }

  /**
   * Puts a tablecloth back as a snapshot held it (CAFE14). Yjs cannot un-apply someone's update,
   * so the server writes a new one that replaces the text; what it held first is kept.
   */
  async restore(actor: Actor, activityId: string, snapshotId: number): Promise<CafeSnapshot> {
    await this.db.transaction((tx) => this.load(tx, actor.workshopId, activityId, { lock: false }));
    const snap = await store.findSnapshot(this.db, snapshotId);
    if (!snap || snap.activityId !== activityId) throw notFound('Snapshot');
    const name = tableclothDocName(snap.tableId, snap.round);
    const current = await this.readText(name);
    await store.insertSnapshot(this.db, {
      activityId,
      tableId: snap.tableId,
      round: snap.round,
      reason: 'before_restore',
      text: current,
    });
    await this.deps.docs.transact(name, (doc) => {
      const text = doc.getText(TABLECLOTH_TEXT);
      text.delete(0, text.length);
      text.insert(0, snap.text);
    });
    const restored = await store.insertSnapshot(this.db, {
      activityId,
      tableId: snap.tableId,
      round: snap.round,
      reason: 'restored',
      text: snap.text,
    });
    this.lastSnapshot.set(name, { at: Date.now(), text: snap.text });
    return publicSnapshot(restored);
  }

  private async readText(docName: string): Promise<string> {
    return this.deps.docs.read(docName, (doc) => doc.getText(TABLECLOTH_TEXT).toString());
  }

  /** The size budget of a tablecloth document, checked before each peer update (CAFE12). */
  acceptPeerUpdate(docName: string, doc: Y.Doc, update: Uint8Array): boolean {
    if (!docName.startsWith('cafe:')) return true;
    const before = this.docBytes.get(doc) ?? Y.encodeStateAsUpdate(doc).byteLength;
    const after = before + update.byteLength;
    if (after > TABLECLOTH_BYTES_MAX) return false;
    this.docBytes.set(doc, after);
    return true;
  }

  /** Text beyond the limit is cut by the server, whoever wrote it (CAFE12). */
  afterPeerUpdate(docName: string, doc: Y.Doc) {
    if (!docName.startsWith('cafe:')) return;
    const length = doc.getText(TABLECLOTH_TEXT).length;
    if (length <= TABLECLOTH_CHARS_MAX) return;
    // Queued behind the update being applied, as the server's own write.
    void this.deps.docs
      .transact(docName, (d) => {
        const text = d.getText(TABLECLOTH_TEXT);
        if (text.length > TABLECLOTH_CHARS_MAX) {
          text.delete(TABLECLOTH_CHARS_MAX, text.length - TABLECLOTH_CHARS_MAX);
        }
      })
      .catch((err: unknown) => this.deps.log.error({ err, docName }, 'tablecloth trim failed'));
  }

  // ---------------------------------------------------------------- harvest

  async addInsight(
    actor: Actor,
    p: { id: string; activityId: string; text: string; sourceTableIds: string[] },
  ): Promise<CafeInsight> {
    let added: CafeInsight | undefined;
    await this.change(actor, p.activityId, async (tx, c, fx) => {
      this.checkSources(c, p.sourceTableIds);
      added =
        (await store.insertInsight(tx, p)) ??
        (await store.insights(tx, p.activityId)).find((i) => i.id === p.id);
      if (!added) throw new AppError('CONFLICT', 'That insight id is taken');
      fx.changed = true;
    });
    return added!;
  }

  async editInsight(
    actor: Actor,
    id: string,
    patch: {
      text?: string | undefined;
      sourceTableIds?: string[] | undefined;
      position?: number | undefined;
    },
  ): Promise<CafeInsight> {
    const row = await store.findInsight(this.db, id);
    if (!row || row.removed_at) throw notFound('Insight');
    let edited: CafeInsight | undefined;
    await this.change(actor, row.activity_id, async (tx, c, fx) => {
      if (patch.sourceTableIds) this.checkSources(c, patch.sourceTableIds);
      edited = await store.updateInsight(tx, id, {
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        ...(patch.sourceTableIds !== undefined ? { sourceTableIds: patch.sourceTableIds } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
      });
      fx.changed = true;
    });
    return edited!;
  }

  async removeInsight(actor: Actor, id: string): Promise<{ id: string }> {
    const row = await store.findInsight(this.db, id);
    if (!row) throw notFound('Insight');
    await this.change(actor, row.activity_id, async (tx, _c, fx) => {
      await store.removeInsight(tx, id);
      fx.changed = true;
    });
    return { id };
  }

  private checkSources(c: Ctx, ids: readonly string[]) {
    for (const id of ids) if (!c.tables.some((t) => t.id === id)) throw notFound('Table');
  }

  // ---------------------------------------------------------------- plumbing

  /** A facilitator's change: lock, bring the clock up to date, change, then tell the room. */
  private async change(
    actor: Actor,
    activityId: string,
    fn: (tx: Queryable, c: Ctx, fx: Effects) => Promise<void>,
  ): Promise<CafeView> {
    if (actor.role !== 'facilitator') throw new AppError('FORBIDDEN', 'Facilitators only');
    const fx = newEffects();
    const view = await this.db.transaction(async (tx) => {
      const c = await this.load(tx, actor.workshopId, activityId, { lock: true }, fx);
      const before = c.cafe.version;
      await fn(tx, c, fx);
      // Tables, hosts, seats and insights live in other rows; the version still moves with them.
      if (fx.changed && c.cafe.version === before) {
        c.cafe = await store.updateCafe(tx, activityId, {});
      }
      c.tables = await store.listTables(tx, activityId);
      return this.viewFor(tx, c, actor);
    });
    await this.flush(actor.workshopId, activityId, fx);
    return view;
  }

  /** The café of an activity in this workshop, created on first use with its tables. */
  private async load(
    tx: Queryable,
    workshopId: string,
    activityId: string,
    opts: { lock: boolean },
    fx?: Effects,
  ): Promise<Ctx> {
    const activity = await workshops.findActivity(tx, workshopId, activityId, ['world_cafe']);
    if (!activity) throw notFound('Café');
    const settings = activity.settings;
    // Nearly every call finds the café there; the insert (and its tables) is for the first.
    const existing = await store.findCafe(tx, activityId, { lock: opts.lock });
    if (
      !existing &&
      (await store.insertCafe(tx, {
        activityId,
        workshopId,
        seed: randomBytes(8).toString('hex'),
      }))
    ) {
      for (let i = 0; i < settings.tables; i++) {
        await store.upsertTable(
          tx,
          activityId,
          crypto.randomUUID(),
          {
            number: i + 1,
            name: `Table ${i + 1}`,
            colour: tableColours[i % tableColours.length]!,
            place: '',
            question: '',
            online: false,
          },
          i,
        );
      }
    }
    const cafe = existing ?? (await store.findCafe(tx, activityId, { lock: opts.lock }))!;
    const c: Ctx = { cafe, settings, tables: await store.listTables(tx, activityId) };
    if (opts.lock && fx) {
      await this.advanceDue(tx, c, fx);
      if (fx.changed) c.tables = await store.listTables(tx, activityId);
    }
    return c;
  }

  private async mustBeInWorkshop(tx: Queryable, c: Ctx, participantId: string) {
    if (!(await participants.isInWorkshop(tx, participantId, c.cafe.workshopId))) {
      throw notFound('Participant');
    }
  }

  /** After commit: tell the room, re-check tablecloth access, snapshot ended rounds, set timers. */
  private async flush(workshopId: string, activityId: string, fx: Effects) {
    const { events } = this.deps;
    if (fx.changed || fx.seats.length > 0) {
      const { c, state } = await this.db.transaction(async (tx) => {
        const c = await this.load(tx, workshopId, activityId, { lock: false });
        return { c, state: await this.stateOf(tx, c) };
      });
      if (fx.changed) events.emit('cafe.changed', { workshopId, state });
      for (const { participantId, seat } of fx.seats) {
        const table = c.tables.find((t) => t.id === seat.tableId);
        if (!table) continue;
        events.emit('cafe.seat', {
          participantId,
          seat: { ...seat, table, question: questionFor(state, table, seat.round) },
        });
      }
      this.schedule(workshopId, c.cafe);
    }
    if (fx.seatingRound !== undefined) {
      events.emit('cafe.seating', { workshopId, activityId, round: fx.seatingRound });
    }
    const ended = fx.endedDocs.map((d) => tableclothDocName(d.tableId, d.round));
    const recheck = [...new Set([...fx.accessDocs, ...ended])];
    if (recheck.length > 0) {
      // Let the sockets write the seats first: engine.io sends each socket's next frame from a
      // write callback, which a long chain of access queries would otherwise hold back.
      await new Promise((resolve) => setImmediate(resolve));
      await this.deps.recheckAccess(recheck);
    }
    for (const d of fx.endedDocs) {
      await this.snapshot(activityId, d.tableId, d.round, 'round_end').catch((err: unknown) =>
        this.deps.log.error({ err }, 'tablecloth snapshot failed'),
      );
    }
  }

  private async snapshot(
    activityId: string,
    tableId: string,
    round: number,
    reason: 'minute' | 'round_end',
  ) {
    const name = tableclothDocName(tableId, round);
    const text = await this.readText(name);
    await store.insertSnapshot(this.db, { activityId, tableId, round, reason, text });
    this.lastSnapshot.set(name, { at: Date.now(), text });
  }

  /** A timer for the end of the current phase; the ticker is the backstop after a restart. */
  private schedule(workshopId: string, cafe: store.CafeRow) {
    clearTimeout(this.timers.get(cafe.activityId));
    this.timers.delete(cafe.activityId);
    if (this.stopped || !cafe.endsAt || (cafe.phase !== 'moving' && cafe.phase !== 'talking')) {
      return;
    }
    const delay = Math.max(0, cafe.endsAt.getTime() - this.now().getTime()) + 20;
    const timer = setTimeout(
      () => {
        this.timers.delete(cafe.activityId);
        void this.due(workshopId, cafe.activityId);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    timer.unref();
    this.timers.set(cafe.activityId, timer);
  }

  private async due(workshopId: string, activityId: string) {
    if (this.stopped) return;
    try {
      const fx = newEffects();
      await this.db.transaction((tx) => this.load(tx, workshopId, activityId, { lock: true }, fx));
      await this.flush(workshopId, activityId, fx);
    } catch (err) {
      this.deps.log.error({ err, activityId }, 'café clock failed');
    }
  }

  /** Every few seconds: phases due, fill figures to facilitators, minute snapshots. */
  private async tick() {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const running = await store.runningCafes(this.db);
      const now = this.now().getTime();
      for (const cafe of running) {
        if (this.stopped) return;
        if (cafe.endsAt && cafe.endsAt.getTime() <= now && cafe.phase !== 'paused') {
          await this.due(cafe.workshopId, cafe.activityId);
          continue;
        }
        if (!this.timers.has(cafe.activityId)) this.schedule(cafe.workshopId, cafe);
        await this.fillAndSnapshot(cafe);
      }
    } catch (err) {
      if (!this.stopped) this.deps.log.error({ err }, 'café tick failed');
    } finally {
      this.ticking = false;
    }
  }

  private async fillAndSnapshot(cafe: store.CafeRow) {
    const tables = await store.listTables(this.db, cafe.activityId);
    const fill: { tableId: string; chars: number }[] = [];
    const every = this.deps.snapshotEveryMs ?? 60_000;
    for (const t of tables) {
      const name = tableclothDocName(t.id, cafe.round);
      // A document not in memory has nobody writing it, so nothing new to report or keep.
      const shared = this.deps.docs.peek(name);
      const text = shared?.doc.getText(TABLECLOTH_TEXT).toString();
      fill.push({
        tableId: t.id,
        chars: text?.length ?? this.lastSnapshot.get(name)?.text.length ?? 0,
      });
      if (text === undefined) continue;
      const last = this.lastSnapshot.get(name);
      if (last?.text === text) continue;
      if (last && Date.now() - last.at < every) continue;
      if (!last && text.length === 0) continue;
      await store.insertSnapshot(this.db, {
        activityId: cafe.activityId,
        tableId: t.id,
        round: cafe.round,
        reason: 'minute',
        text,
      });
      this.lastSnapshot.set(name, { at: Date.now(), text });
    }
    const key = JSON.stringify(fill);
    if (this.lastFill.get(cafe.activityId) !== key) {
      this.lastFill.set(cafe.activityId, key);
      this.deps.events.emit('cafe.fill', {
        workshopId: cafe.workshopId,
        fill: { activityId: cafe.activityId, round: cafe.round, tables: fill },
      });
    }
  }
}

/** One question per round: the typed ones in order, the last repeated if fewer were given. */
function roundQuestions(questions: readonly string[], rounds: number): string[] {
  if (questions.length === 0) return Array.from({ length: rounds }, () => '');
  return Array.from({ length: rounds }, (_, i) => questions[Math.min(i, questions.length - 1)]!);
}

function publicSnapshot(s: store.StoredSnapshot): CafeSnapshot {
  return {
    id: s.id,
    tableId: s.tableId,
    round: s.round,
    takenAt: s.takenAt,
    reason: s.reason,
    chars: s.chars,
    preview: s.preview,
  };
}
