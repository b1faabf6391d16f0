import { boardDocName } from '../../../shared/domain/board.ts';
import { z } from 'zod';
import { OutcomeSchema, publicOutcome, type Outcome } from '../../../shared/domain/records.ts';
import { storableJson, toStorable } from '../../../shared/domain/text.ts';
import { BallotSchema, ERASED_OPTION_LABEL, ballotScores } from '../../../shared/domain/voting.ts';
import type { ErasableParticipant, ErasureResult } from '../../../shared/protocol/reach.ts';
import { isoTimestamp, jsonb, timestamp } from '../../db/columns.ts';
import { row, rows, type Database, type Queryable } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { DocumentStore } from '../../core/documents.ts';
import { logAudit } from '../../core/audit.ts';
import type { Emitter } from '../../core/events.ts';
import { recordOfWorkshop } from './store.ts';
import { searchableText } from './outcome.ts';
import { vacuumErasedTables } from './vacuum.ts';

/**
 * Erasure on request (REC14): a facilitator deletes one participant's contributions — notes,
 * ballots, commitments they wrote, café seats — and the participant (their name and device
 * link). Live counts follow from the rows being gone; the stored outcome snapshots are redacted
 * to match, and the erasure is written to the record's audit log without the person's name.
 *
 * What cannot be erased per person, and why: a café tablecloth is one shared text written by
 * everyone at the table, with no author per word; "about you" answers and feedback contacts
 * carry no participant id by design, so they cannot be found for one person (retention deletes
 * them). A vote option made from one of the person's notes stays, with its counts, since others
 * voted for it; its words are theirs, so its label becomes a neutral placeholder everywhere
 * (SEC11): the option, every snapshot, and any answer the council recorded for it.
 */

type ErasedBallot = {
  groupKey: string;
  scores: Map<string, number>;
  /** When their ballot took its final form, and when they first voted. */
  updatedAt: Date;
  firstAt: Date;
};

/** What is known of the person's contributions, to take them out of a snapshot. */
export type Erased = {
  joinedAt: Date;
  groupKey: string;
  noteIds: Set<string>;
  /** Per board: the groups their counted notes were in, with the earliest time in each. */
  noteGroups: Map<string, Map<string, Date>>;
  ballots: Map<string, ErasedBallot>;
  commitmentIds: Set<string>;
  /** Vote options made from one of their notes: the label is their words (SEC11). */
  optionIds: Set<string>;
  optionLabels: Set<string>;
  /** Per café: the rounds they had a seat in. */
  seats: Map<string, Set<number>>;
};

/** The snapshot as it would have been without the person; `approximate` if a count was guessed. */
export function redactOutcome(
  o: Outcome,
  takenAt: Date,
  e: Erased,
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
  if (e.joinedAt <= takenAt && participation.joined > 0) {
    participation.joined = minus(participation.joined);
    participation.byGroup = dropFromGroups(participation.byGroup, e.groupKey);
  }
  const countedIn = (activityId: string, groupKeys: string[]) => {
    const row = participation.byActivity.find((a) => a.activityId === activityId);
    if (!row) return;
    for (const key of groupKeys) {
      if (!row.byGroup.some((g) => g.key === key && g.count > 0)) continue;
      row.byGroup = dropFromGroups(row.byGroup, key);
      row.total = minus(row.total);
    }
  };

  const activities = o.activities.map((a) => {
    if (a.kind === 'idea_board') {
      const notes = a.notes.filter((n) => !e.noteIds.has(n.id));
      if (notes.length !== a.notes.length) changed = true;
      const groups = [...(e.noteGroups.get(a.activityId) ?? new Map<string, Date>())]
        .filter(([, at]) => at <= takenAt)
        .map(([key]) => key);
      countedIn(a.activityId, groups);
      return { ...a, notes };
    }
    if (a.kind === 'dot_vote' || a.kind === 'congress_vote') {
      const commitments = a.commitments.filter((c) => !e.commitmentIds.has(c.id));
      if (commitments.length !== a.commitments.length) changed = true;
      const relabelled = a.rows.map((r) => {
        if (!e.optionIds.has(r.optionId) || r.label === ERASED_OPTION_LABEL) return r;
        changed = true;
        return { ...r, label: ERASED_OPTION_LABEL };
      });
      const b = e.ballots.get(a.activityId);
      if (!b || b.firstAt > takenAt) return { ...a, rows: relabelled, commitments };
      // An empty ballot (every dot taken back) was not a vote, so nobody was counted (VOTE16).
      if (b.scores.size === 0 && b.updatedAt <= takenAt)
        return { ...a, rows: relabelled, commitments };
      // Their ballot was counted in this snapshot. If it changed after, the snapshot counted an
      // earlier form of it that nobody kept: its current form is taken off, as near as can be.
      if (b.updatedAt > takenAt) approximate = true;
      countedIn(a.activityId, [b.groupKey]);
      const votersByGroup = { ...a.votersByGroup };
      if ((votersByGroup[b.groupKey] ?? 0) > 0) {
        votersByGroup[b.groupKey] = minus(votersByGroup[b.groupKey]!);
        if (votersByGroup[b.groupKey] === 0) delete votersByGroup[b.groupKey];
      }
      const rows = relabelled.map((r) => {
        const s = b.scores.get(r.optionId) ?? 0;
        if (s === 0) return r;
        changed = true;
        const group = r.byGroup[b.groupKey];
        return {
          ...r,
          score: Math.max(r.paper, r.score - s),
          byGroup: group
            ? { ...r.byGroup, [b.groupKey]: { ...group, digital: Math.max(0, group.digital - s) } }
            : r.byGroup,
        };
      });
      return {
        ...a,
        commitments,
        voters: minus(a.voters),
        votersByGroup,
        rows: rerank(rows),
      };
    }
    if (a.kind !== 'world_cafe') return a;
    const rounds = e.seats.get(a.activityId);
    if (!rounds) return a;
    countedIn(a.activityId, [e.groupKey]);
    return {
      ...a,
      rounds: a.rounds.map((r) => (rounds.has(r.round) ? { ...r, seated: minus(r.seated) } : r)),
    };
  });
  return { outcome: { ...o, participation, activities }, changed, approximate };
}

/** Ranks as the vote counts them: by score, ties share a rank and are flagged (VOTE6). */
function rerank<T extends { score: number; rank: number; tied: boolean }>(rows: T[]): T[] {
  const sorted = [...rows].sort((x, y) => y.score - x.score);
  const out: T[] = [];
  sorted.forEach((row, i) => {
    const above = out[i - 1];
    const below = sorted[i + 1];
    out.push({
      ...row,
      rank: above && above.score === row.score ? above.rank : i + 1,
      tied: (above?.score === row.score || below?.score === row.score) && row.score > 0,
    });
  });
  return out;
}

/** What a DELETE or UPDATE ... RETURNING activity_id answers: the votes or cafés it touched. */
const activityRow = z.object({ activity_id: z.string() });

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
  'participant.erased': { workshopId: string; participantId: string; cafes: string[] };
};

export class Erasure {
  constructor(
    private readonly deps: {
      db: Database;
      /** Brings a board's live document in line with the database after notes are deleted. */
      reconcileBoard: (activityId: string) => Promise<void>;
      docStore: DocumentStore;
      log: Logger;
      /**
       * Told after commit, and waited for: the person's live connections end and the cafés they
       * sat in re-seat and re-check tablecloth access, so a write connection does not outlive
       * the erasure.
       */
      events: Emitter<ErasureEvents>;
    },
  ) {}

  /** The people of a workshop, with what each contributed, to pick whose to erase. */
  async contributors(workshopId: string): Promise<ErasableParticipant[]> {
    const found = await rows(
      this.deps.db,
      z.object({
        id: z.string(),
        display_name: z.string(),
        group_key: z.string(),
        joined_at: isoTimestamp,
        notes: z.number(),
        ballots: z.number(),
        commitments: z.number(),
        seats: z.number(),
      }),
      `SELECT p.id, p.display_name, p.group_key, p.joined_at,
         (SELECT count(*)::int FROM board_notes n WHERE n.author_participant_id = p.id) AS notes,
         (SELECT count(*)::int FROM ballots b WHERE b.participant_id = p.id) AS ballots,
         (SELECT count(*)::int FROM commitments c WHERE c.author_participant_id = p.id) AS commitments,
         (SELECT count(*)::int FROM cafe_seats s WHERE s.participant_id = p.id) AS seats
       FROM participants p WHERE p.workshop_id = $1 ORDER BY p.joined_at, p.id`,
      [workshopId],
    );
    return found.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      groupKey: r.group_key,
      joinedAt: r.joined_at,
      notes: r.notes,
      ballots: r.ballots,
      commitments: r.commitments,
      cafeSeats: r.seats,
    }));
  }

  async erase(
    facilitatorId: string,
    workshopId: string,
    participantId: string,
  ): Promise<ErasureResult> {
    const { result, boards, cafes } = await this.deps.db.transaction(async (tx) => {
      const p = await row(
        tx,
        z.object({ id: z.string(), group_key: z.string(), joined_at: timestamp }),
        'SELECT id, group_key, joined_at FROM participants WHERE id = $1 AND workshop_id = $2 FOR UPDATE',
        [participantId, workshopId],
      );
      if (!p) throw notFound('Participant');
      const erased = await this.gather(tx, p.id, p.group_key, p.joined_at);

      const noteIds = [...erased.noteIds];
      // Notes merged into one of theirs come back on their own: their authors still count.
      await tx.query('UPDATE board_notes SET merged_into = NULL WHERE merged_into = ANY($1)', [
        noteIds,
      ]);
      const notes = await tx.query('DELETE FROM board_notes WHERE id = ANY($1) RETURNING id', [
        noteIds,
      ]);
      const ballots = await rows(
        tx,
        activityRow,
        'DELETE FROM ballots WHERE participant_id = $1 RETURNING activity_id',
        [p.id],
      );
      await tx.query('DELETE FROM vote_ops WHERE participant_id = $1', [p.id]);
      const commitments = await rows(
        tx,
        activityRow,
        'DELETE FROM commitments WHERE author_participant_id = $1 RETURNING activity_id',
        [p.id],
      );
      // An option made from their note keeps its counts and loses their words (SEC11).
      const relabelled = await rows(
        tx,
        activityRow,
        'UPDATE vote_options SET label = $2 WHERE id = ANY($1) RETURNING activity_id',
        [[...erased.optionIds], ERASED_OPTION_LABEL],
      );
      const answered = await rows(
        tx,
        z.object({ label: z.string() }),
        `SELECT item_label AS label FROM record_responses
          WHERE item_id = ANY($1) AND item_kind = 'option' FOR UPDATE`,
        [[...erased.optionIds]],
      );
      await tx.query(
        `UPDATE record_responses SET item_label = $2
          WHERE item_id = ANY($1) AND item_kind = 'option'`,
        [[...erased.optionIds], ERASED_OPTION_LABEL],
      );
      // Feedback messages quote the answers' labels; the stored copies lose the words too.
      for (const label of new Set([...erased.optionLabels, ...answered.map((r) => r.label)])) {
        await tx.query(
          'UPDATE outbox SET body_text = replace(body_text, $1, $2) WHERE strpos(body_text, $1) > 0',
          [label.replace(/\n/g, '\n  '), ERASED_OPTION_LABEL],
        );
      }
      // Each change to what is counted or shown bumps the vote's version, so a kept count (which
      // carries the labels) is redone.
      const votes = [
        ...new Set([...ballots, ...commitments, ...relabelled].map((r) => r.activity_id)),
      ];
      await tx.query('UPDATE vote_sessions SET version = version + 1 WHERE activity_id = ANY($1)', [
        votes,
      ]);
      const seats = await rows(
        tx,
        activityRow,
        'DELETE FROM cafe_seats WHERE participant_id = $1 RETURNING activity_id',
        [p.id],
      );
      const cafePeople = await rows(
        tx,
        activityRow,
        'DELETE FROM cafe_people WHERE participant_id = $1 RETURNING activity_id',
        [p.id],
      );
      await tx.query('UPDATE cafe_tables SET host_id = NULL WHERE host_id = $1', [p.id]);
      const gone = await tx.query('DELETE FROM participants WHERE id = $1 RETURNING id', [p.id]);

      const snapshots = await redactSnapshots(tx, workshopId, (o, takenAt) =>
        redactOutcome(o, takenAt, erased),
      );
      const result: ErasureResult = {
        participantId: p.id,
        notes: notes.length,
        ballots: erased.ballots.size,
        commitments: commitments.length,
        cafeSeats: seats.length,
        participant: gone.length,
        snapshotsRedacted: snapshots.versions.length,
      };
      const { participantId: _id, ...counts } = result;
      await logAudit(tx, {
        recordId: (await recordOfWorkshop(tx, workshopId)) ?? null,
        workshopId,
        facilitatorId,
        action: 'participant_erased',
        // No name, no participant id: the log must not keep what was erased.
        detail: {
          ...counts,
          snapshotVersions: snapshots.versions,
          approximateSnapshotVersions: snapshots.approximate,
        },
      });
      const cafes = [...new Set([...seats, ...cafePeople].map((r) => r.activity_id))];
      return { result, boards: [...erased.noteGroups.keys()], cafes };
    });

    // The live boards drop the notes, then each board's stored document history is folded so
    // the deleted text is not kept in old updates either.
    for (const activityId of boards) {
      try {
        await this.deps.reconcileBoard(activityId);
        await this.deps.docStore.compact(boardDocName(activityId));
      } catch (err) {
        this.deps.log.error({ err, activityId }, 'erasure: board document not updated');
      }
    }
    try {
      await vacuumErasedTables(this.deps.db);
    } catch (err) {
      this.deps.log.error({ err, workshopId }, 'erasure: tables not vacuumed');
    }
    try {
      await this.deps.events.emitAndWait('participant.erased', {
        workshopId,
        participantId: result.participantId,
        cafes,
      });
    } catch (err) {
      this.deps.log.error({ err, workshopId }, 'erasure: live connections not updated');
    }
    return result;
  }

  private async gather(tx: Queryable, id: string, groupKey: string, joinedAt: Date) {
    const notes = await rows(
      tx,
      z.object({
        id: z.string(),
        activity_id: z.string(),
        group_key: z.string(),
        status: z.string(),
        created_at: timestamp,
      }),
      'SELECT id, activity_id, group_key, status, created_at FROM board_notes WHERE author_participant_id = $1',
      [id],
    );
    const noteGroups = new Map<string, Map<string, Date>>();
    for (const n of notes) {
      const groups = noteGroups.get(n.activity_id) ?? new Map<string, Date>();
      noteGroups.set(n.activity_id, groups);
      // Withdrawn notes were never counted as taking part.
      if (n.status === 'withdrawn') continue;
      const at = n.created_at;
      const earliest = groups.get(n.group_key);
      if (!earliest || at < earliest) groups.set(n.group_key, at);
    }
    const ballotRows = await rows(
      tx,
      z.object({
        activity_id: z.string(),
        group_key: z.string(),
        ballot: jsonb(BallotSchema.nullable()),
        updated_at: timestamp,
        // Only the Borda depth is read here; the voting store checks the whole of the rules.
        rules: jsonb(z.looseObject({ rankTopK: z.number().optional() }).nullable()),
        first_at: timestamp.nullable(),
      }),
      `SELECT b.activity_id, b.group_key, b.ballot, b.updated_at, v.rules,
         (SELECT min(o.created_at) FROM vote_ops o
           WHERE o.participant_id = b.participant_id AND o.activity_id = b.activity_id) AS first_at
       FROM ballots b JOIN vote_sessions v ON v.activity_id = b.activity_id
      WHERE b.participant_id = $1`,
      [id],
    );
    const ballots = new Map<string, ErasedBallot>();
    for (const b of ballotRows) {
      const ballot = b.ballot;
      // A row without a ballot was a vote refused or never cast: it was never counted.
      if (!ballot) continue;
      ballots.set(b.activity_id, {
        groupKey: b.group_key,
        scores: ballotScores(ballot, b.rules?.rankTopK ?? 3),
        updatedAt: b.updated_at,
        firstAt: b.first_at ?? b.updated_at,
      });
    }
    const optionRows = await rows(
      tx,
      z.object({ id: z.string(), label: z.string() }),
      `SELECT id, label FROM vote_options
        WHERE source = 'note' AND source_id IN (SELECT id FROM board_notes WHERE author_participant_id = $1)`,
      [id],
    );
    const commitmentRows = await rows(
      tx,
      z.object({ id: z.string() }),
      'SELECT id FROM commitments WHERE author_participant_id = $1',
      [id],
    );
    const seatRows = await rows(
      tx,
      z.object({ activity_id: z.string(), round: z.number() }),
      'SELECT activity_id, round FROM cafe_seats WHERE participant_id = $1',
      [id],
    );
    const seats = new Map<string, Set<number>>();
    for (const s of seatRows) {
      const rounds = seats.get(s.activity_id) ?? new Set<number>();
      rounds.add(s.round);
      seats.set(s.activity_id, rounds);
    }
    const erased: Erased = {
      joinedAt,
      groupKey,
      noteIds: new Set(notes.map((n) => n.id)),
      noteGroups,
      ballots,
      commitmentIds: new Set(commitmentRows.map((c) => c.id)),
      optionIds: new Set(optionRows.map((o) => o.id)),
      optionLabels: new Set(optionRows.map((o) => o.label)),
      seats,
    };
    return erased;
  }
}
