import { z } from 'zod';
import { publicOutcome, OutcomeSchema, type Outcome } from '../../../shared/domain/records.ts';
import { storableJson, toStorable } from '../../../shared/domain/text.ts';
import { ERASED_OPTION_LABEL } from '../../../shared/domain/voting.ts';
import type { ErasableParticipant, ErasureResult } from '../../../shared/protocol/reach.ts';
import { isoTimestamp, jsonb, timestamp } from '../../db/columns.ts';
import { row, rows, type Database, type Queryable } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { logAudit } from '../../core/audit.ts';
import type { Emitter } from '../../core/events.ts';
import {
  nothingErased,
  type ContributionCounts,
  type Erased,
  type PersonalDataPart,
  type Redaction,
} from '../../core/personalData.ts';
import { recordOfWorkshop } from './store.ts';
import { searchableText } from './outcome.ts';
import { vacuumTables } from './vacuum.ts';

/**
 * Erasure on request (REC14): a facilitator deletes one participant's contributions — notes,
 * ballots, commitments they wrote, café seats — and the participant (their name and device
 * link). Live counts follow from the rows being gone; the stored outcome snapshots are redacted
 * to match, and the erasure is written to the record's audit log without the person's name.
 *
 * Each feature erases what is its own (server/core/personalData.ts); this runs them in one
 * transaction, in the order the app lists them, and redacts the snapshots with what they found.
 *
 * What cannot be erased per person, and why: a café tablecloth is one shared text written by
 * everyone at the table, with no author per word; "about you" answers and feedback contacts
 * carry no participant id by design, so they cannot be found for one person (retention deletes
 * them). A vote option made from one of the person's notes stays, with its counts, since others
 * voted for it; its words are theirs, so its label becomes a neutral placeholder everywhere
 * (SEC11): the option, every snapshot, and any answer the council recorded for it.
 */

/** The snapshot as it would have been without the person; `approximate` if a count was guessed. */
export function redactOutcome(
  o: Outcome,
  takenAt: Date,
  e: Erased,
  parts: readonly PersonalDataPart[],
): { outcome: Outcome; changed: boolean; approximate: boolean } {
  let changed = false;
  let approximate = false;
  const minus = (n: number) => {
    changed = true;
    return Math.max(0, n - 1);
  };
  const dropFromGroups = <T extends { key: string; count: number }>(groups: T[], key: string) =>
    groups.map((g) => (g.key === key ? { ...g, count: minus(g.count) } : g));

  const participation = structuredClone(o.participation);
  if (e.subject.joinedAt <= takenAt && participation.joined > 0) {
    participation.joined = minus(participation.joined);
    participation.byGroup = dropFromGroups(participation.byGroup, e.subject.groupKey);
  }
  const r: Redaction = {
    takenAt,
    minus,
    changed: () => void (changed = true),
    approximate: () => void (approximate = true),
    countedIn(activityId, groupKeys) {
      const row = participation.byActivity.find((a) => a.activityId === activityId);
      if (!row) return;
      for (const key of groupKeys) {
        if (!row.byGroup.some((g) => g.key === key && g.count > 0)) continue;
        row.byGroup = dropFromGroups(row.byGroup, key);
        row.total = minus(row.total);
      }
    },
  };
  const activities = o.activities.map((a) =>
    parts.reduce((activity, part) => part.redact?.(activity, e, r) ?? activity, a),
  );
  return { outcome: { ...o, participation, activities }, changed, approximate };
}

/**
 * The record's own part: an answer the council recorded to an option made from the person's note
 * loses their words too (SEC11), and its label joins the words later parts take out (the e-mails
 * that quoted it). Redacted snapshots are rewritten, so their table is vacuumed as well.
 */
export const recordsPersonalData: PersonalDataPart = {
  name: 'records',
  tables: ['record_snapshots', 'record_responses'],
  async erase(tx, e) {
    const optionIds = [...e.optionIds];
    const answered = await rows(
      tx,
      z.object({ label: z.string() }),
      `SELECT item_label AS label FROM record_responses
        WHERE item_id = ANY($1) AND item_kind = 'option' FOR UPDATE`,
      [optionIds],
    );
    await tx.query(
      `UPDATE record_responses SET item_label = $2
        WHERE item_id = ANY($1) AND item_kind = 'option'`,
      [optionIds, ERASED_OPTION_LABEL],
    );
    for (const a of answered) e.optionLabels.add(a.label);
    return {};
  },
};

/** Every table the parts rewrite, once each, to vacuum after they have (SEC16). */
export function personalDataTables(parts: readonly PersonalDataPart[]): string[] {
  return [...new Set(parts.flatMap((p) => p.tables))];
}

/** Rewrites a workshop's stored snapshots, returning the versions that changed. */
export async function redactSnapshots(
  tx: Queryable,
  workshopId: string,
  redact: (
    o: Outcome,
    takenAt: Date,
  ) => { outcome: Outcome; changed: boolean; approximate?: boolean },
) {
  const snapshots = await rows(
    tx,
    z.object({ version: z.number(), taken_at: timestamp, content: jsonb(OutcomeSchema) }),
    'SELECT version, taken_at, content FROM record_snapshots WHERE workshop_id = $1 ORDER BY version FOR UPDATE',
    [workshopId],
  );
  const versions: number[] = [];
  const approximate: number[] = [];
  for (const r of snapshots) {
    const result = redact(r.content, r.taken_at);
    if (!result.changed) continue;
    versions.push(r.version);
    if (result.approximate) approximate.push(r.version);
    await tx.query(
      `UPDATE record_snapshots SET content = $3::jsonb, search_text = $4,
              search = to_tsvector('english', $4)
        WHERE workshop_id = $1 AND version = $2`,
      [
        workshopId,
        r.version,
        JSON.stringify(storableJson(result.outcome)),
        // Only what the public may see is searchable (REC7, SEC6).
        toStorable(searchableText(publicOutcome(result.outcome))),
      ],
    );
  }
  return { versions, approximate };
}

/** What erasure tells, after the erasure is committed. */
export type ErasureEvents = {
  /** Their token names nobody now: their live connections end. */
  'participant.erased': { workshopId: string; participantId: string };
};

const noContributions: Omit<ContributionCounts, 'participant'> = {
  notes: 0,
  ballots: 0,
  commitments: 0,
  cafeSeats: 0,
};

export class Erasure {
  constructor(
    private readonly deps: {
      db: Database;
      /** Every feature's part, in the order they must run (the participant last). */
      parts: readonly PersonalDataPart[];
      log: Logger;
      /** Told after commit and after the parts' own follow-ups. */
      events: Emitter<ErasureEvents>;
    },
  ) {}

  /** The people of a workshop, with what each contributed, to pick whose to erase. */
  async contributors(workshopId: string): Promise<ErasableParticipant[]> {
    const { db, parts } = this.deps;
    const people = await rows(
      db,
      z.object({
        id: z.string(),
        display_name: z.string(),
        group_key: z.string(),
        joined_at: isoTimestamp,
      }),
      `SELECT id, display_name, group_key, joined_at FROM participants
        WHERE workshop_id = $1 ORDER BY joined_at, id`,
      [workshopId],
    );
    const ids = people.map((p) => p.id);
    const counted = await Promise.all(parts.map((p) => p.contributions?.(db, ids)));
    return people.map((p) => {
      const c = { ...noContributions };
      for (const byPerson of counted) Object.assign(c, byPerson?.get(p.id));
      return {
        id: p.id,
        displayName: p.display_name,
        groupKey: p.group_key,
        joinedAt: p.joined_at,
        notes: c.notes,
        ballots: c.ballots,
        commitments: c.commitments,
        cafeSeats: c.cafeSeats,
      };
    });
  }

  async erase(
    facilitatorId: string,
    workshopId: string,
    participantId: string,
  ): Promise<ErasureResult> {
    const { parts } = this.deps;
    const { result, erased } = await this.deps.db.transaction(async (tx) => {
      const p = await row(
        tx,
        z.object({ id: z.string(), group_key: z.string(), joined_at: timestamp }),
        'SELECT id, group_key, joined_at FROM participants WHERE id = $1 AND workshop_id = $2 FOR UPDATE',
        [participantId, workshopId],
      );
      if (!p) throw notFound('participant');
      const erased = nothingErased({
        id: p.id,
        workshopId,
        groupKey: p.group_key,
        joinedAt: p.joined_at,
      });
      for (const part of parts) await part.gather?.(tx, erased);
      const counts: ContributionCounts = { ...noContributions, participant: 0 };
      for (const part of parts) Object.assign(counts, await part.erase?.(tx, erased));

      const snapshots = await redactSnapshots(tx, workshopId, (o, takenAt) =>
        redactOutcome(o, takenAt, erased, parts),
      );
      const result: ErasureResult = {
        participantId: p.id,
        ...counts,
        snapshotsRedacted: snapshots.versions.length,
      };
      await logAudit(tx, {
        recordId: (await recordOfWorkshop(tx, workshopId)) ?? null,
        workshopId,
        facilitatorId,
        action: 'participant_erased',
        // No name, no participant id: the log must not keep what was erased.
        detail: {
          ...counts,
          snapshotsRedacted: snapshots.versions.length,
          snapshotVersions: snapshots.versions,
          approximateSnapshotVersions: snapshots.approximate,
        },
      });
      return { result, erased };
    });

    for (const part of parts) {
      try {
        await part.afterErase?.(erased);
      } catch (err) {
        this.deps.log.error({ err, workshopId, part: part.name }, 'erasure: follow-up failed');
      }
    }
    try {
      await vacuumTables(this.deps.db, personalDataTables(parts));
    } catch (err) {
      this.deps.log.error({ err, workshopId }, 'erasure: tables not vacuumed');
    }
    this.deps.events.emit('participant.erased', {
      workshopId,
      participantId: result.participantId,
    });
    return result;
  }
}
