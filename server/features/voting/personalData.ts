import { z } from 'zod';
import { BallotSchema, ERASED_OPTION_LABEL, ballotScores } from '../../../shared/domain/voting.ts';
import { jsonb, timestamp } from '../../db/columns.ts';
import { rows } from '../../db/database.ts';
import type { PersonalDataPart } from '../../core/personalData.ts';

/** What a DELETE or UPDATE ... RETURNING activity_id answers: the votes it touched. */
const activityRow = z.object({ activity_id: z.string() });

/**
 * Voting's part in erasure: the person's ballots and commitments go; a vote option made from one
 * of their notes stays, with its counts, since others voted for it, but loses their words (SEC11).
 */
export const votingPersonalData: PersonalDataPart = {
  name: 'voting',
  tables: ['ballots', 'vote_ops', 'vote_options', 'commitments'],

  async contributions(db, participantIds) {
    const found = await rows(
      db,
      z.object({ id: z.string(), ballots: z.number(), commitments: z.number() }),
      `SELECT p.id,
         (SELECT count(*)::int FROM ballots b WHERE b.participant_id = p.id) AS ballots,
         (SELECT count(*)::int FROM commitments c WHERE c.author_participant_id = p.id) AS commitments
       FROM unnest($1::uuid[]) AS p(id)`,
      [participantIds],
    );
    return new Map(found.map((r) => [r.id, { ballots: r.ballots, commitments: r.commitments }]));
  },

  async gather(tx, e) {
    const id = e.subject.id;
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
    for (const b of ballotRows) {
      // A row without a ballot was a vote refused or never cast: it was never counted.
      if (!b.ballot) continue;
      e.ballots.set(b.activity_id, {
        groupKey: b.group_key,
        scores: ballotScores(b.ballot, b.rules?.rankTopK ?? 3),
        updatedAt: b.updated_at,
        firstAt: b.first_at ?? b.updated_at,
      });
    }
    const options = await rows(
      tx,
      z.object({ id: z.string(), label: z.string() }),
      `SELECT id, label FROM vote_options WHERE source = 'note' AND source_id = ANY($1)`,
      [[...e.noteIds]],
    );
    for (const o of options) {
      e.optionIds.add(o.id);
      e.optionLabels.add(o.label);
    }
    const commitments = await rows(
      tx,
      z.object({ id: z.string() }),
      'SELECT id FROM commitments WHERE author_participant_id = $1',
      [id],
    );
    for (const c of commitments) e.commitmentIds.add(c.id);
  },

  async erase(tx, e) {
    const id = e.subject.id;
    const ballots = await rows(
      tx,
      activityRow.extend({ version: z.number() }),
      'DELETE FROM ballots WHERE participant_id = $1 RETURNING activity_id, version',
      [id],
    );
    // A vote's version counts its ballots' changes (migration 016): those of a deleted ballot
    // move to the session row, so the version clients order tallies by does not go back.
    for (const b of ballots) {
      await tx.query('UPDATE vote_sessions SET version = version + $2 WHERE activity_id = $1', [
        b.activity_id,
        b.version,
      ]);
    }
    await tx.query('DELETE FROM vote_ops WHERE participant_id = $1', [id]);
    const commitments = await rows(
      tx,
      activityRow,
      'DELETE FROM commitments WHERE author_participant_id = $1 RETURNING activity_id',
      [id],
    );
    const relabelled = await rows(
      tx,
      activityRow,
      'UPDATE vote_options SET label = $2 WHERE id = ANY($1) RETURNING activity_id',
      [[...e.optionIds], ERASED_OPTION_LABEL],
    );
    // Each change to what is counted or shown bumps the vote's version, so a kept count (which
    // carries the labels) is redone.
    const votes = [
      ...new Set([...ballots, ...commitments, ...relabelled].map((r) => r.activity_id)),
    ];
    await tx.query('UPDATE vote_sessions SET version = version + 1 WHERE activity_id = ANY($1)', [
      votes,
    ]);
    return { ballots: e.ballots.size, commitments: commitments.length };
  },

  redact(a, e, r) {
    if (a.kind !== 'dot_vote' && a.kind !== 'congress_vote') return a;
    const commitments = a.commitments.filter((c) => !e.commitmentIds.has(c.id));
    if (commitments.length !== a.commitments.length) r.changed();
    const relabelled = a.rows.map((row) => {
      if (!e.optionIds.has(row.optionId) || row.label === ERASED_OPTION_LABEL) return row;
      r.changed();
      return { ...row, label: ERASED_OPTION_LABEL };
    });
    const b = e.ballots.get(a.activityId);
    if (!b || b.firstAt > r.takenAt) return { ...a, rows: relabelled, commitments };
    // An empty ballot (every dot taken back) was not a vote, so nobody was counted (VOTE16).
    if (b.scores.size === 0 && b.updatedAt <= r.takenAt) {
      return { ...a, rows: relabelled, commitments };
    }
    // Their ballot was counted in this snapshot. If it changed after, the snapshot counted an
    // earlier form of it that nobody kept: its current form is taken off, as near as can be.
    if (b.updatedAt > r.takenAt) r.approximate();
    r.countedIn(a.activityId, [b.groupKey]);
    const votersByGroup = { ...a.votersByGroup };
    if ((votersByGroup[b.groupKey] ?? 0) > 0) {
      votersByGroup[b.groupKey] = r.minus(votersByGroup[b.groupKey]!);
      if (votersByGroup[b.groupKey] === 0) delete votersByGroup[b.groupKey];
    }
    const scored = relabelled.map((row) => {
      const s = b.scores.get(row.optionId) ?? 0;
      if (s === 0) return row;
      r.changed();
      const group = row.byGroup[b.groupKey];
      return {
        ...row,
        score: Math.max(row.paper, row.score - s),
        byGroup: group
          ? { ...row.byGroup, [b.groupKey]: { ...group, digital: Math.max(0, group.digital - s) } }
          : row.byGroup,
      };
    });
    return {
      ...a,
      commitments,
      voters: r.minus(a.voters),
      votersByGroup,
      rows: rerank(scored),
    };
  },
};

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
