import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  publicOutcome,
  type EngagementRecord,
  type Outcome,
  type RecordInputSchema,
  type RecordPatchSchema,
  type SnapshotSummary,
  type TimelineCode,
} from '../../../shared/domain/records.ts';
import { storableJson, toStorable } from '../../../shared/domain/text.ts';
import { logAudit } from '../../core/audit.ts';
import type { Database } from '../../db/database.ts';
import { notFound, refuse } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { buildOutcome, searchableText, type OutcomeSources } from './outcome.ts';
import * as store from './store.ts';

export type { RecordFilter } from './store.ts';

const movedWithoutConsent = () => refuse('RECORD_BELONGS_ELSEWHERE');

/** Public ids are short and unguessable: they are the shareable "You said, we did" link. */
const publicIdAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
function newPublicId(): string {
  const bytes = randomBytes(10);
  return [...bytes].map((b) => publicIdAlphabet[b % publicIdAlphabet.length]).join('');
}

/**
 * Engagement records and the outcome snapshots of their workshops (REC1..REC4). A snapshot is
 * built from what each method stores and kept as an immutable, numbered version.
 */
export class RecordService {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly sources: OutcomeSources,
    private readonly log: Logger,
    /**
     * For lines a facilitator's action writes each time: closing and reopening a workshop in a
     * loop must not fill the log (SEC10). The app's LogGate; the logger itself by default.
     */
    private readonly gate: { info(fields: object, msg: string): void } = log,
  ) {}

  get(id: string): Promise<EngagementRecord> {
    return store.findRecord(this.db, id).then((r) => {
      if (!r) throw notFound('record');
      return r;
    });
  }

  getByPublicId(publicId: string): Promise<EngagementRecord | undefined> {
    return store.findByPublicId(this.db, publicId);
  }

  list(filter: store.RecordFilter) {
    return store.listRecords(this.db, filter);
  }

  recordOfWorkshop(workshopId: string): Promise<string | undefined> {
    return store.recordOfWorkshop(this.db, workshopId);
  }

  async create(
    facilitatorId: string,
    input: z.output<typeof RecordInputSchema>,
    workshopIds: string[] = [],
  ): Promise<EngagementRecord> {
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await store.insertRecord(tx, id, newPublicId(), input, facilitatorId);
      for (const w of workshopIds) await this.mustLink(tx, id, w);
      await logAudit(tx, {
        recordId: id,
        workshopId: null,
        facilitatorId,
        action: 'record created',
        detail: { title: input.title },
      });
    });
    return this.get(id);
  }

  async update(
    facilitatorId: string,
    id: string,
    patch: z.output<typeof RecordPatchSchema>,
  ): Promise<EngagementRecord> {
    const before = await this.get(id);
    const startsOn = patch.startsOn !== undefined ? patch.startsOn : before.startsOn;
    const endsOn = patch.endsOn !== undefined ? patch.endsOn : before.endsOn;
    if (startsOn && endsOn && startsOn > endsOn) {
      throw refuse(
        'FIELDS_NEED_ATTENTION',
        {},
        {
          fields: { endsOn: 'The end date is before the start date' },
          issues: { endsOn: { code: 'endBeforeStart' } },
        },
      );
    }
    // The audit names what changed, not every field the form sent back unchanged (HALL5).
    const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter(
      (k) => patch[k] !== undefined && JSON.stringify(patch[k]) !== JSON.stringify(before[k]),
    );
    await this.db.transaction(async (tx) => {
      await store.updateRecord(tx, id, patch);
      if (changed.length === 0) return;
      await logAudit(tx, {
        recordId: id,
        workshopId: null,
        facilitatorId,
        action: 'record edited',
        detail: { fields: changed },
      });
    });
    return this.get(id);
  }

  /**
   * Adds a workshop to this record. One that belongs to another record is moved only when the
   * facilitator said so (`move`), and then both records' audit logs say where it went (SEC9);
   * otherwise it is refused, so no record loses a workshop without a word.
   */
  async link(facilitatorId: string, recordId: string, workshopId: string, move = false) {
    await this.get(recordId);
    await this.db.transaction(async (tx) => {
      const from = await store.recordOfWorkshop(tx, workshopId, true);
      if (from === recordId) return;
      if (from && !move) throw movedWithoutConsent();
      await this.mustLink(tx, recordId, workshopId, move);
      if (from) {
        await logAudit(tx, {
          recordId: from,
          workshopId,
          facilitatorId,
          action: 'workshop moved out',
          detail: { toRecordId: recordId },
        });
      }
      await logAudit(tx, {
        recordId,
        workshopId,
        facilitatorId,
        action: from ? 'workshop moved in' : 'workshop added',
        detail: from ? { fromRecordId: from } : {},
      });
    });
    return this.get(recordId);
  }

  async unlink(facilitatorId: string, recordId: string, workshopId: string) {
    // A record that does not exist (or a workshop not in it) is "not found": nothing to audit,
    // and no audit row may name a record that is not there (found by the fuzzer, SEC17).
    await this.get(recordId);
    await this.db.transaction(async (tx) => {
      if (!(await store.unlinkWorkshop(tx, recordId, workshopId))) throw notFound('workshop');
      await logAudit(tx, {
        recordId,
        workshopId,
        facilitatorId,
        action: 'workshop removed',
        detail: {},
      });
    });
    return this.get(recordId);
  }

  private async mustLink(
    tx: Parameters<typeof store.linkWorkshop>[0],
    recordId: string,
    workshopId: string,
    move = false,
  ) {
    const w = await tx.query('SELECT 1 AS ok FROM workshops WHERE id = $1', [workshopId]);
    if (w.length === 0) throw notFound('workshop');
    const from = await store.recordOfWorkshop(tx, workshopId, true);
    if (from && from !== recordId && !move) throw movedWithoutConsent();
    await store.linkWorkshop(tx, recordId, workshopId);
  }

  /** The workshop's record, made for it (service "Not set yet") if it has none (REC2). */
  private async recordFor(
    workshopId: string,
    reason: 'closed' | 'manual',
    facilitatorId: string | null,
  ): Promise<string> {
    const w = await this.sources.workshops.get(workshopId);
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT id FROM workshops WHERE id = $1 FOR UPDATE', [workshopId]);
      const existing = await store.recordOfWorkshop(tx, workshopId);
      if (existing) return existing;
      const recordId = randomUUID();
      await store.insertRecord(
        tx,
        recordId,
        newPublicId(),
        {
          title: w.title,
          service: 'Not set yet',
          tags: [],
          area: 'Borough-wide',
          level: 'consult',
          canInfluence: '',
          cannotInfluence: '',
          startsOn: w.startsAt?.slice(0, 10) ?? null,
          endsOn: null,
          status: reason === 'closed' ? 'closed' : 'open',
          location: '',
          summary: w.purpose,
          retentionMonths: null,
        },
        facilitatorId,
        true,
      );
      await store.linkWorkshop(tx, recordId, workshopId);
      return recordId;
    });
  }

  /**
   * Saves a workshop's outcome as a new version (REC2). A workshop that belongs to no record yet
   * gets one, so no outcome is ever saved where nobody can find it; the facilitator completes
   * its details later.
   */
  async snapshotWorkshop(
    workshopId: string,
    reason: 'closed' | 'manual',
    facilitatorId: string | null,
  ): Promise<SnapshotSummary & { recordId: string }> {
    // The record is made first and kept even if the outcome then fails to save, so the
    // facilitator told of the failure finds the workshop there, with "Save outcome now" (SEC12).
    const recordId = await this.recordFor(workshopId, reason, facilitatorId);
    const outcome = await buildOutcome(this.db, this.sources, workshopId);
    const saved = await this.db.transaction(async (tx) => {
      const snap = await store.insertSnapshot(tx, {
        workshopId,
        reason,
        takenBy: facilitatorId,
        // Whatever a document held, the snapshot is stored (SEC12).
        outcome: storableJson(outcome),
        searchText: toStorable(searchableText(publicOutcome(outcome))),
      });
      await logAudit(tx, {
        recordId,
        workshopId,
        facilitatorId,
        action: reason === 'closed' ? 'outcome saved at close' : 'outcome saved',
        detail: { version: snap.version },
      });
      return { ...snap, recordId };
    });
    this.gate.info({ workshopId, version: saved.version, reason }, 'workshop outcome saved');
    return saved;
  }

  /**
   * Called when a workshop closes: the close goes on the timeline, then the outcome is saved. The
   * close itself has happened either way; a failed save is logged and also rejects, so the
   * facilitator who closed is told rather than left believing it was saved (SEC12).
   */
  onWorkshopClosed(workshopId: string): Promise<void> {
    const work = this.event(workshopId, 'closed').then(() =>
      this.snapshotWorkshop(workshopId, 'closed', null),
    );
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
    return work.then(
      () => undefined,
      (err: unknown) => {
        this.log.error({ err, workshopId }, 'saving the outcome at close failed');
        throw refuse('OUTCOME_NOT_SAVED');
      },
    );
  }

  /** Waits for outcomes being saved (before the database closes). */
  async drain() {
    await Promise.all([...this.pending]);
  }

  snapshots(workshopId: string) {
    return store.listSnapshots(this.db, workshopId);
  }

  async snapshot(
    recordId: string,
    workshopId: string,
    version: number | 'latest',
    view: 'public' | 'audit',
  ): Promise<SnapshotSummary & { outcome: Outcome }> {
    if ((await store.recordOfWorkshop(this.db, workshopId)) !== recordId)
      throw notFound('workshop');
    const snap = await store.findSnapshot(this.db, workshopId, version);
    if (!snap) throw notFound('snapshot');
    return view === 'public' ? { ...snap, outcome: publicOutcome(snap.outcome) } : snap;
  }

  async latestOutcome(workshopId: string, view: 'public' | 'audit') {
    const snap = await store.findSnapshot(this.db, workshopId, 'latest');
    if (!snap) return undefined;
    return {
      version: snap.version,
      takenAt: snap.takenAt,
      outcome: view === 'public' ? publicOutcome(snap.outcome) : snap.outcome,
    };
  }

  audit(
    recordId: string | null,
    workshopId: string | null,
    facilitatorId: string | null,
    action: string,
    detail: Record<string, unknown> = {},
  ) {
    return logAudit(this.db, { recordId, workshopId, facilitatorId, action, detail });
  }

  event(workshopId: string, code: TimelineCode, title: string | null = null) {
    return store.insertEvent(this.db, workshopId, code, title);
  }
}
