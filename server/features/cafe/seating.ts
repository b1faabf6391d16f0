import { tableclothDocName } from '../../../shared/domain/cafe.ts';
import {
  assignTables,
  hostsFromVolunteers,
  seatLatecomer,
} from '../../../shared/domain/cafeAssign.ts';
import type { CafeMine, CafeView } from '../../../shared/protocol/cafe.ts';
import type { Queryable } from '../../db/database.ts';
import { notFound, refuse } from '../../errors.ts';
import type { Actor } from '../../core/identity.ts';
import * as participants from '../participants/store.ts';
import { isRunning, seatOf, type Ctx } from './context.ts';
import { newEffects, type CafeCore, type Effects } from './core.ts';
import * as store from './store.ts';
import { mineOf } from './view.ts';

/** People seated last round whose phone was connected this recently still count as here (CAFE19). */
export const AWAY_MS_DEFAULT = 5 * 60_000;

/**
 * Who sits where: each round's seating (the algorithm is shared/domain/cafeAssign.ts), late
 * arrivals, the facilitator's moves, hosts, and what people say of themselves (volunteer, remote).
 */
export class CafeSeating {
  constructor(private readonly core: CafeCore) {}

  async seatRound(tx: Queryable, c: Ctx, round: number, fx: Effects) {
    const { activityId, workshopId } = c.cafe;
    const history = await store.allSeats(tx, activityId);
    const online = await this.core.deps.onlineParticipantIds(workshopId);
    const lastRound = history.filter((s) => s.round === round - 1).map((s) => s.participantId);
    // last_seen_at is when the phone last connected or, once it has gone, when it disconnected:
    // someone whose phone has been away longer than the grace has left, or sleeps, and is seated
    // when it comes back (CAFE19).
    const recent = new Date(this.core.now().getTime() - (this.core.deps.awayMs ?? AWAY_MS_DEFAULT));
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
    for (const s of seats) fx.seats.push({ participantId: s.participantId, seat: seatOf(c, s) });
    fx.seatingRound = round;
  }

  /**
   * Someone who arrives, or whose phone comes back, during a round without a seat gets one at
   * once, by the same rules as the round's seating (CAFE19): balance, no revisit, no repeat pair
   * where avoidable, then groups mixed.
   */
  async seatLate(tx: Queryable, c: Ctx, participantId: string, fx: Effects) {
    if (!isRunning(c)) return;
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
    fx.seats.push({ participantId, seat: seatOf(c, seat) });
    fx.seatingRound = round;
  }

  async move(
    actor: Actor,
    activityId: string,
    participantId: string,
    tableId: string,
  ): Promise<CafeView> {
    return this.core.change(actor, activityId, async (tx, c, fx) => {
      if (!isRunning(c)) throw refuse('SEATING_NEEDS_A_ROUND');
      if (!c.tables.some((t) => t.id === tableId)) throw notFound('table');
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
      fx.seats.push({ participantId, seat: seatOf(c, seat) });
      fx.seatingRound = round;
      fx.accessDocs.push(tableclothDocName(tableId, round));
      if (before) fx.accessDocs.push(tableclothDocName(before.tableId, round));
      fx.changed = true;
    });
  }

  async setHost(
    actor: Actor,
    activityId: string,
    tableId: string,
    participantId: string | null,
  ): Promise<CafeView> {
    return this.core.change(actor, activityId, async (tx, c, fx) => {
      const table = c.tables.find((t) => t.id === tableId);
      if (!table) throw notFound('table');
      if (participantId) await this.mustBeInWorkshop(tx, c, participantId);
      if (participantId) await store.clearHostElsewhere(tx, activityId, participantId, tableId);
      await store.setHost(tx, tableId, participantId);
      if (isRunning(c)) {
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
            seat: seatOf(c, s),
          });
        }
        fx.seatingRound = c.cafe.round;
        fx.accessDocs.push(tableclothDocName(tableId, c.cafe.round));
      }
      fx.changed = true;
    });
  }

  async hostVolunteers(actor: Actor, activityId: string): Promise<CafeView> {
    return this.core.change(actor, activityId, async (tx, c, fx) => {
      if (c.cafe.phase !== 'setup') {
        throw refuse('HOSTS_BEFORE_START');
      }
      // Someone who offered and then left the room cannot host: only people here now count.
      const here = await this.core.deps.onlineParticipantIds(c.cafe.workshopId);
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
    if (actor.role !== 'participant') throw refuse('PARTICIPANTS_ONLY');
    const fx = newEffects();
    const mine = await this.core.db.transaction(async (tx) => {
      const c = await this.core.load(tx, actor.workshopId, activityId, { lock: true }, fx);
      await store.setPerson(tx, activityId, actor.participantId, patch);
      return mineOf(tx, c, actor.participantId);
    });
    fx.seatingRound = fx.seatingRound ?? 0;
    await this.core.flush(actor.workshopId, activityId, fx);
    return mine;
  }

  /**
   * Someone's seats were deleted outside the café (erasure on request): the room's seating is
   * sent again and the current round's tablecloths re-check who may write them.
   */
  async peopleLeft(workshopId: string, activityId: string): Promise<void> {
    const c = await this.core.db.transaction((tx) =>
      this.core.load(tx, workshopId, activityId, { lock: false }),
    );
    const fx = newEffects();
    fx.changed = true;
    if (c.cafe.round > 0) {
      fx.seatingRound = c.cafe.round;
      fx.accessDocs = c.tables.map((t) => tableclothDocName(t.id, c.cafe.round));
    }
    await this.core.flush(workshopId, activityId, fx);
  }

  private async mustBeInWorkshop(tx: Queryable, c: Ctx, participantId: string) {
    if (!(await participants.isInWorkshop(tx, participantId, c.cafe.workshopId))) {
      throw notFound('participant');
    }
  }
}
