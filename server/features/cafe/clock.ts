import type { CafeView } from '../../../shared/protocol/cafe.ts';
import type { Queryable } from '../../db/database.ts';
import { refuse } from '../../errors.ts';
import type { Actor } from '../../core/identity.ts';
import type { Ctx } from './context.ts';
import { newEffects, type CafeCore, type Effects } from './core.ts';
import type { CafeSeating } from './seating.ts';
import * as store from './store.ts';
import type { Tablecloths } from './tablecloths.ts';

/**
 * The phase clock: each round is a changeover ('moving') then talk ('talking'), and after the last
 * the harvest. The stored end time is the authority (CAFE5); a timer per café ends its phase on
 * time, and the ticker is the backstop after a restart.
 */
export class CafeClock {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private ticker: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopped = false;

  constructor(
    private readonly core: CafeCore,
    private readonly seating: CafeSeating,
    private readonly tablecloths: Tablecloths,
  ) {}

  /** Starts the ticker; cafés running when the server stopped carry on from their stored clock. */
  start() {
    this.ticker = setInterval(() => void this.tick(), this.core.deps.tickMs ?? 5000);
    this.ticker.unref();
    void this.tick();
  }

  stop() {
    this.stopped = true;
    clearInterval(this.ticker);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  async startCafe(actor: Actor, activityId: string): Promise<CafeView> {
    return this.core.change(actor, activityId, async (tx, c, fx) => {
      if (c.cafe.phase !== 'setup') throw refuse('CAFE_ALREADY_STARTED');
      if (c.tables.length === 0) throw refuse('CAFE_NEEDS_A_TABLE');
      await this.beginRound(tx, c, 1, this.core.now(), fx);
    });
  }

  async pause(actor: Actor, activityId: string): Promise<CafeView> {
    return this.core.change(actor, activityId, async (tx, c, fx) => {
      const { phase, endsAt } = c.cafe;
      if ((phase !== 'moving' && phase !== 'talking') || !endsAt) {
        throw refuse('ONLY_RUNNING_ROUND_PAUSES');
      }
      c.cafe = await store.updateCafe(tx, activityId, {
        phase: 'paused',
        pausedPhase: phase,
        pausedRemainingMs: Math.max(0, endsAt.getTime() - this.core.now().getTime()),
        endsAt: null,
      });
      fx.changed = true;
    });
  }

  async resume(actor: Actor, activityId: string): Promise<CafeView> {
    return this.core.change(actor, activityId, async (tx, c, fx) => {
      if (c.cafe.phase !== 'paused' || !c.cafe.pausedPhase) {
        throw refuse('CAFE_NOT_PAUSED');
      }
      c.cafe = await store.updateCafe(tx, activityId, {
        phase: c.cafe.pausedPhase,
        endsAt: new Date(this.core.now().getTime() + (c.cafe.pausedRemainingMs ?? 0)),
        pausedPhase: null,
        pausedRemainingMs: null,
      });
      fx.changed = true;
      await this.advanceDue(tx, c, fx);
    });
  }

  /** Adds or takes away time; taking away more than is left ends the phase now. */
  async adjust(actor: Actor, activityId: string, seconds: number): Promise<CafeView> {
    return this.core.change(actor, activityId, async (tx, c, fx) => {
      const ms = seconds * 1000;
      if (c.cafe.phase === 'paused') {
        c.cafe = await store.updateCafe(tx, activityId, {
          pausedRemainingMs: Math.max(0, (c.cafe.pausedRemainingMs ?? 0) + ms),
        });
      } else if ((c.cafe.phase === 'moving' || c.cafe.phase === 'talking') && c.cafe.endsAt) {
        const now = this.core.now().getTime();
        const ends = Math.max(now, c.cafe.endsAt.getTime() + ms);
        c.cafe = await store.updateCafe(tx, activityId, { endsAt: new Date(ends) });
        await this.advanceDue(tx, c, fx);
      } else {
        throw refuse('NO_ROUND_RUNNING');
      }
      fx.changed = true;
    });
  }

  /** Ends the current phase now: the changeover (talk begins) or the round. */
  async advance(actor: Actor, activityId: string): Promise<CafeView> {
    return this.core.change(actor, activityId, async (tx, c, fx) => {
      if (c.cafe.phase === 'paused' && c.cafe.pausedPhase) {
        c.cafe = await store.updateCafe(tx, activityId, {
          phase: c.cafe.pausedPhase,
          pausedPhase: null,
          pausedRemainingMs: null,
        });
      }
      if (c.cafe.phase !== 'moving' && c.cafe.phase !== 'talking') {
        throw refuse('NO_ROUND_RUNNING');
      }
      await this.endPhase(tx, c, this.core.now(), fx);
    });
  }

  /** Brings a running café's phase up to the stored clock (after a restart, or on any read). */
  async advanceDue(tx: Queryable, c: Ctx, fx: Effects) {
    const now = this.core.now();
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
    await this.seating.seatRound(tx, c, round, fx);
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

  /** A timer for the end of the current phase; the ticker is the backstop after a restart. */
  schedule(workshopId: string, cafe: store.CafeRow) {
    clearTimeout(this.timers.get(cafe.activityId));
    this.timers.delete(cafe.activityId);
    if (this.stopped || !cafe.endsAt || (cafe.phase !== 'moving' && cafe.phase !== 'talking')) {
      return;
    }
    const delay = Math.max(0, cafe.endsAt.getTime() - this.core.now().getTime()) + 20;
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
      await this.core.db.transaction((tx) =>
        this.core.load(tx, workshopId, activityId, { lock: true }, fx),
      );
      await this.core.flush(workshopId, activityId, fx);
    } catch (err) {
      this.core.deps.log.error({ err, activityId }, 'café clock failed');
    }
  }

  /** Every few seconds: phases due, fill figures to facilitators, minute snapshots. */
  private async tick() {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const running = await store.runningCafes(this.core.db);
      const now = this.core.now().getTime();
      for (const cafe of running) {
        if (this.stopped) return;
        if (cafe.endsAt && cafe.endsAt.getTime() <= now && cafe.phase !== 'paused') {
          await this.due(cafe.workshopId, cafe.activityId);
          continue;
        }
        if (!this.timers.has(cafe.activityId)) this.schedule(cafe.workshopId, cafe);
        await this.tablecloths.fillAndSnapshot(cafe);
      }
    } catch (err) {
      if (!this.stopped) this.core.deps.log.error({ err }, 'café tick failed');
    } finally {
      this.ticking = false;
    }
  }
}
