import type * as Y from 'yjs';
import type { CafeInsight, CafeTableInput } from '../../../shared/domain/cafe.ts';
import type {
  CafeMine,
  CafeSnapshot,
  CafeView,
  Tablecloth,
} from '../../../shared/protocol/cafe.ts';
import type { DocAccess, DocViewer } from '../../core/documents.ts';
import type { Actor } from '../../core/identity.ts';
import { CafeClock } from './clock.ts';
import { isDue, isRunning, type CafeDeps, type Viewer } from './context.ts';
import { CafeCore, newEffects } from './core.ts';
import { CafeHarvest } from './harvest.ts';
import { CafeSeating } from './seating.ts';
import { setTables } from './tables.ts';
import { Tablecloths } from './tablecloths.ts';
import { viewFor } from './view.ts';

export type { CafeDeps, CafeEvents, FillEvent, SeatEvent } from './context.ts';
export { AWAY_MS_DEFAULT } from './seating.ts';

/**
 * The World Café. The database holds the phase clock, tables, seats and snapshots; every change
 * runs in one transaction that locks the café row and first brings the clock up to date, so the
 * timer's authority is the stored end time, not a process's timer (CAFE5).
 *
 * This is the café's one entry for the handlers, the module and the records. The work is done by
 * its parts: the transaction-and-effects core (core.ts), the clock, the seating, the tablecloths,
 * the table layout and the harvest, each in its own file.
 */
export class CafeService {
  private readonly core: CafeCore;
  private readonly clock: CafeClock;
  private readonly seating: CafeSeating;
  private readonly cloths: Tablecloths;
  private readonly harvest: CafeHarvest;

  constructor(deps: CafeDeps) {
    // The core loads and flushes for every part, and needs the clock and the tablecloths to do
    // it, which are built on the core: the hooks reach them once they exist.
    this.core = new CafeCore(deps, {
      advanceDue: (tx, c, fx) => this.clock.advanceDue(tx, c, fx),
      schedule: (workshopId, cafe) => this.clock.schedule(workshopId, cafe),
      snapshot: (activityId, tableId, round, reason) =>
        this.cloths.snapshot(activityId, tableId, round, reason),
    });
    this.seating = new CafeSeating(this.core);
    this.cloths = new Tablecloths(this.core);
    this.harvest = new CafeHarvest(this.core);
    this.clock = new CafeClock(this.core, this.seating, this.cloths);
  }

  /** Starts the ticker; cafés running when the server stopped carry on from their stored clock. */
  start() {
    this.clock.start();
  }

  stop() {
    this.clock.stop();
  }

  // ---------------------------------------------------------------- reading

  async get(viewer: Viewer, activityId: string): Promise<CafeView> {
    const { core } = this;
    // Most reads change nothing: a whole room fetching at a round's start must not queue on the
    // café's row lock. Only a phase past its end or a participant without a seat needs the lock.
    const quick = await core.db.transaction(async (tx) => {
      const c = await core.load(tx, viewer.workshopId, activityId, { lock: false });
      if (isDue(c, core.now)) return undefined;
      const view = await viewFor(tx, c, viewer, core.now);
      if (viewer.role === 'participant' && isRunning(c) && !view.mine?.seat) return undefined;
      return view;
    });
    if (quick) return quick;
    const fx = newEffects();
    const view = await core.db.transaction(async (tx) => {
      const c = await core.load(tx, viewer.workshopId, activityId, { lock: true }, fx);
      if (viewer.role === 'participant') {
        await this.seating.seatLate(tx, c, viewer.participantId, fx);
      }
      return viewFor(tx, c, viewer, core.now);
    });
    await core.flush(viewer.workshopId, activityId, fx);
    return view;
  }

  // ---------------------------------------------------------------- set-up

  setTables(actor: Actor, activityId: string, tables: CafeTableInput[]): Promise<CafeView> {
    return setTables(this.core, actor, activityId, tables);
  }

  setHost(
    actor: Actor,
    activityId: string,
    tableId: string,
    participantId: string | null,
  ): Promise<CafeView> {
    return this.seating.setHost(actor, activityId, tableId, participantId);
  }

  hostVolunteers(actor: Actor, activityId: string): Promise<CafeView> {
    return this.seating.hostVolunteers(actor, activityId);
  }

  setPerson(
    actor: Actor,
    activityId: string,
    patch: { volunteer?: boolean; remote?: boolean },
  ): Promise<CafeMine> {
    return this.seating.setPerson(actor, activityId, patch);
  }

  share(actor: Actor, activityId: string, notesShared: boolean): Promise<CafeView> {
    return this.cloths.share(actor, activityId, notesShared);
  }

  // ---------------------------------------------------------------- the clock

  startCafe(actor: Actor, activityId: string): Promise<CafeView> {
    return this.clock.startCafe(actor, activityId);
  }

  pause(actor: Actor, activityId: string): Promise<CafeView> {
    return this.clock.pause(actor, activityId);
  }

  resume(actor: Actor, activityId: string): Promise<CafeView> {
    return this.clock.resume(actor, activityId);
  }

  /** Adds or takes away time; taking away more than is left ends the phase now. */
  adjust(actor: Actor, activityId: string, seconds: number): Promise<CafeView> {
    return this.clock.adjust(actor, activityId, seconds);
  }

  /** Ends the current phase now: the changeover (talk begins) or the round. */
  advance(actor: Actor, activityId: string): Promise<CafeView> {
    return this.clock.advance(actor, activityId);
  }

  // ---------------------------------------------------------------- seating

  move(
    actor: Actor,
    activityId: string,
    participantId: string,
    tableId: string,
  ): Promise<CafeView> {
    return this.seating.move(actor, activityId, participantId, tableId);
  }

  /** Someone's seats were deleted outside the café (erasure on request). */
  peopleLeft(workshopId: string, activityId: string): Promise<void> {
    return this.seating.peopleLeft(workshopId, activityId);
  }

  // ---------------------------------------------------------------- tablecloths

  /** Who may open a tablecloth document (CAFE11, CAFE13). */
  docAccess(who: DocViewer, docName: string): Promise<DocAccess | null> {
    return this.cloths.docAccess(who, docName);
  }

  tablecloths(viewer: Viewer, activityId: string, tableId?: string): Promise<Tablecloth[]> {
    return this.cloths.tablecloths(viewer, activityId, tableId);
  }

  snapshots(
    actor: Actor,
    activityId: string,
    tableId: string,
    round: number,
  ): Promise<CafeSnapshot[]> {
    return this.cloths.snapshots(actor, activityId, tableId, round);
  }

  /** Puts a tablecloth back as a snapshot held it (CAFE14). */
  restore(actor: Actor, activityId: string, snapshotId: number): Promise<CafeSnapshot> {
    return this.cloths.restore(actor, activityId, snapshotId);
  }

  /** The size budget of a tablecloth document, checked before each peer update (CAFE12). */
  acceptPeerUpdate(docName: string, doc: Y.Doc, update: Uint8Array): boolean {
    return this.cloths.acceptPeerUpdate(docName, doc, update);
  }

  /** Text beyond the limit is cut by the server, whoever wrote it (CAFE12). */
  afterPeerUpdate(docName: string, doc: Y.Doc) {
    this.cloths.afterPeerUpdate(docName, doc);
  }

  // ---------------------------------------------------------------- harvest

  addInsight(
    actor: Actor,
    p: { id: string; activityId: string; text: string; sourceTableIds: string[] },
  ): Promise<CafeInsight> {
    return this.harvest.addInsight(actor, p);
  }

  editInsight(
    actor: Actor,
    id: string,
    patch: {
      text?: string | undefined;
      sourceTableIds?: string[] | undefined;
      position?: number | undefined;
    },
  ): Promise<CafeInsight> {
    return this.harvest.editInsight(actor, id, patch);
  }

  removeInsight(actor: Actor, id: string): Promise<{ id: string }> {
    return this.harvest.removeInsight(actor, id);
  }
}
