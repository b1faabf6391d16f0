import { randomBytes } from 'node:crypto';
import { questionFor, tableColours, tableclothDocName } from '../../../shared/domain/cafe.ts';
import type { CafeSeat } from '../../../shared/domain/cafe.ts';
import type { CafeView } from '../../../shared/protocol/cafe.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { notFound, refuse } from '../../errors.ts';
import type { Actor } from '../../core/identity.ts';
import * as workshops from '../workshops/store.ts';
import type { CafeDeps, Ctx } from './context.ts';
import * as store from './store.ts';
import { stateOf, viewFor } from './view.ts';

/** What a change leaves to do once its transaction has committed. */
export type Effects = {
  changed: boolean;
  seats: { participantId: string; seat: CafeSeat }[];
  seatingRound: number | undefined;
  /** Tablecloths of rounds that just ended: re-check access, then snapshot. */
  endedDocs: { tableId: string; round: number }[];
  /** Tablecloths whose writers changed (a move, a new host). */
  accessDocs: string[];
};

export const newEffects = (): Effects => ({
  changed: false,
  seats: [],
  seatingRound: undefined,
  endedDocs: [],
  accessDocs: [],
});

/**
 * What the core asks of the clock and the tablecloths. They are built on the core, so it is handed
 * them as functions rather than importing them (CafeService wires the two).
 */
export type CoreHooks = {
  /** Brings a running café's phase up to the stored clock, in the transaction that loaded it. */
  advanceDue(tx: Queryable, c: Ctx, fx: Effects): Promise<void>;
  /** A timer for the end of the café's current phase. */
  schedule(workshopId: string, cafe: store.CafeRow): void;
  snapshot(
    activityId: string,
    tableId: string,
    round: number,
    reason: 'minute' | 'round_end',
  ): Promise<void>;
};

/**
 * The transaction-and-effects pattern every café change follows: load the café under its row lock
 * (bringing the clock up to date first), change rows, and only once the transaction has committed
 * tell the room, re-check tablecloth access, snapshot ended rounds and set the timer (CAFE5).
 */
export class CafeCore {
  readonly db: Database;
  readonly now: () => Date;

  constructor(
    readonly deps: CafeDeps,
    private readonly hooks: CoreHooks,
  ) {
    this.db = deps.db;
    this.now = deps.now ?? (() => new Date());
  }

  /** A facilitator's change: lock, bring the clock up to date, change, then tell the room. */
  async change(
    actor: Actor,
    activityId: string,
    fn: (tx: Queryable, c: Ctx, fx: Effects) => Promise<void>,
  ): Promise<CafeView> {
    if (actor.role !== 'facilitator') throw refuse('FACILITATORS_ONLY');
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
      return viewFor(tx, c, actor, this.now);
    });
    await this.flush(actor.workshopId, activityId, fx);
    return view;
  }

  /** The café of an activity in this workshop, created on first use with its tables. */
  async load(
    tx: Queryable,
    workshopId: string,
    activityId: string,
    opts: { lock: boolean },
    fx?: Effects,
  ): Promise<Ctx> {
    const activity = await workshops.findActivity(tx, workshopId, activityId, ['world_cafe']);
    if (!activity) throw notFound('cafe');
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
      await this.hooks.advanceDue(tx, c, fx);
      if (fx.changed) c.tables = await store.listTables(tx, activityId);
    }
    return c;
  }

  /** After commit: tell the room, re-check tablecloth access, snapshot ended rounds, set timers. */
  async flush(workshopId: string, activityId: string, fx: Effects) {
    const { events } = this.deps;
    if (fx.changed || fx.seats.length > 0) {
      const { c, state } = await this.db.transaction(async (tx) => {
        const c = await this.load(tx, workshopId, activityId, { lock: false });
        return { c, state: await stateOf(tx, c, this.now) };
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
      this.hooks.schedule(workshopId, c.cafe);
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
      await this.hooks
        .snapshot(activityId, d.tableId, d.round, 'round_end')
        .catch((err: unknown) => this.deps.log.error({ err }, 'tablecloth snapshot failed'));
    }
  }
}
