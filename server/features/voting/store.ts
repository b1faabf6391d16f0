import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  BallotSchema,
  VoteKindSchema,
  VoteOptionSourceSchema,
  VoteStatusSchema,
  type Ballot,
  type VoteKind,
  type VoteOption,
  type VoteStatus,
} from '../../../shared/domain/voting.ts';
import { CommitmentSchema, type Commitment } from '../../../shared/protocol/voting.ts';
import { isoTimestamp, jsonb, timestamp } from '../../db/columns.ts';
import { row, rows, type Queryable } from '../../db/database.ts';

const rulesSchema = z.object({
  dotsPerPerson: z.number(),
  maxDotsPerOption: z.number(),
  hideUntilReveal: z.boolean(),
  shuffleOptions: z.boolean(),
  lateJoinersMayVote: z.boolean(),
  allowOwnNote: z.boolean(),
  rankTopK: z.number(),
  pointsTotal: z.number(),
});
/** The rules a vote runs by, frozen when it opens. */
export type Rules = z.infer<typeof rulesSchema>;

export type Session = {
  activityId: string;
  workshopId: string;
  kind: VoteKind;
  status: VoteStatus;
  revealed: boolean;
  rules: Rules | null;
  openedAt: Date | null;
  closesAt: Date | null;
  version: number;
};

const sessionRow = z.object({
  activity_id: z.string(),
  workshop_id: z.string(),
  kind: VoteKindSchema,
  status: VoteStatusSchema,
  revealed: z.boolean(),
  rules: jsonb(rulesSchema.nullable()),
  opened_at: timestamp.nullable(),
  closes_at: timestamp.nullable(),
  version: z.number(),
});
type SessionRow = z.infer<typeof sessionRow>;

const optionRow = z.object({
  id: z.string(),
  label: z.string(),
  source: VoteOptionSourceSchema,
  sourceId: z.string().nullable(),
  position: z.number(),
});

const ballotRow = z.object({ ballot: jsonb(BallotSchema.nullable()) });

const toSession = (r: SessionRow): Session => ({
  activityId: r.activity_id,
  workshopId: r.workshop_id,
  kind: r.kind,
  status: r.status,
  revealed: r.revealed,
  rules: r.rules,
  openedAt: r.opened_at,
  closesAt: r.closes_at,
  version: r.version,
});

export async function findSession(
  db: Queryable,
  activityId: string,
  opts: { lock?: boolean } = {},
) {
  const found = await row(
    db,
    sessionRow,
    `SELECT * FROM vote_sessions WHERE activity_id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [activityId],
  );
  return found ? toSession(found) : undefined;
}

/**
 * Open votes whose closing time has passed, locked for closing. Rows another node is closing
 * right now are skipped rather than waited for: that node closes them.
 */
export async function lockDueSessions(db: Queryable, now: Date) {
  const found = await rows(
    db,
    sessionRow,
    `SELECT * FROM vote_sessions WHERE status = 'open' AND closes_at <= $1
      ORDER BY closes_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
    [now],
  );
  return found.map(toSession);
}

export async function insertSession(
  db: Queryable,
  s: { activityId: string; workshopId: string; kind: VoteKind },
) {
  const written = await db.query(
    `INSERT INTO vote_sessions (activity_id, workshop_id, kind) VALUES ($1, $2, $3)
     ON CONFLICT (activity_id) DO NOTHING RETURNING activity_id`,
    [s.activityId, s.workshopId, s.kind],
  );
  return written.length === 1;
}

export async function updateSession(
  db: Queryable,
  activityId: string,
  f: Partial<{
    status: VoteStatus;
    revealed: boolean;
    rules: Rules;
    opened: boolean;
    closesAt: Date | null;
    closed: boolean;
    kind: VoteKind;
  }>,
) {
  const sets: string[] = ['version = version + 1'];
  const params: unknown[] = [activityId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    sets.push(sql.replace('?', `$${params.length}`));
  };
  if (f.status) add('status = ?', f.status);
  if (f.kind) add('kind = ?', f.kind);
  if (f.revealed !== undefined) add('revealed = ?', f.revealed);
  if (f.rules) add('rules = ?::jsonb', JSON.stringify(f.rules));
  if (f.opened) sets.push('opened_at = now()');
  if (f.closesAt !== undefined) add('closes_at = ?', f.closesAt);
  if (f.closed) sets.push('closed_at = now()');
  const [updated] = await rows(
    db,
    sessionRow,
    `UPDATE vote_sessions SET ${sets.join(', ')} WHERE activity_id = $1 RETURNING *`,
    params,
  );
  return toSession(updated!);
}

/**
 * The version a count of this vote is taken at: the session's own counter (status, options,
 * paper, erasures) plus every ballot's, in one statement so that it is one snapshot. It only
 * grows: each change adds one to one of them, and a deleted ballot's count moves to the session
 * (migration 016).
 */
export async function countedVersion(db: Queryable, activityId: string) {
  const found = await row(
    db,
    z.object({ version: z.number() }),
    `SELECT (v.version + coalesce((SELECT sum(b.version) FROM ballots b
        WHERE b.activity_id = v.activity_id), 0))::int AS version
       FROM vote_sessions v WHERE v.activity_id = $1`,
    [activityId],
  );
  return found?.version;
}

/** A change to what is counted that is not a phone's ballot (paper counts and ballots). */
export async function bumpVersion(db: Queryable, activityId: string) {
  await db.query('UPDATE vote_sessions SET version = version + 1 WHERE activity_id = $1', [
    activityId,
  ]);
}

export async function listOptions(db: Queryable, activityId: string): Promise<VoteOption[]> {
  return rows(
    db,
    optionRow,
    `SELECT id, label, source, source_id AS "sourceId", position FROM vote_options
     WHERE activity_id = $1 AND removed_at IS NULL ORDER BY position`,
    [activityId],
  );
}

export async function replaceOptions(
  db: Queryable,
  activityId: string,
  options: {
    label: string;
    source: VoteOption['source'];
    sourceId: string | null;
    authorIds: string[];
  }[],
) {
  await db.query(
    'UPDATE vote_options SET removed_at = now() WHERE activity_id = $1 AND removed_at IS NULL',
    [activityId],
  );
  for (const [i, o] of options.entries()) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO vote_options (id, activity_id, label, source, source_id, position) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, activityId, o.label, o.source, o.sourceId, i],
    );
    for (const pid of new Set(o.authorIds)) {
      await db.query(
        'INSERT INTO vote_option_authors (option_id, participant_id) VALUES ($1, $2)',
        [id, pid],
      );
    }
  }
}

export async function ownOptionIds(
  db: Queryable,
  activityId: string,
  participantId: string,
): Promise<string[]> {
  const found = await rows(
    db,
    z.object({ option_id: z.string() }),
    `SELECT a.option_id FROM vote_option_authors a JOIN vote_options o ON o.id = a.option_id
     WHERE o.activity_id = $1 AND a.participant_id = $2 AND o.removed_at IS NULL`,
    [activityId, participantId],
  );
  return found.map((r) => r.option_id);
}

/** The participant's ballot row, created empty if missing, locked for this transaction. */
export async function lockBallot(
  db: Queryable,
  activityId: string,
  participantId: string,
  groupKey: string,
) {
  // One statement, one round trip: the row is created if it is not there, and locked either way
  // (an ON CONFLICT update locks the existing row as FOR UPDATE would; it changes nothing).
  const found = await row(
    db,
    ballotRow,
    `INSERT INTO ballots (activity_id, participant_id, group_key) VALUES ($1, $2, $3)
     ON CONFLICT (activity_id, participant_id) DO UPDATE SET group_key = ballots.group_key
     RETURNING ballot`,
    [activityId, participantId, groupKey],
  );
  return found?.ballot ?? null;
}

const ballotContextRow = sessionRow.extend({
  group_key: z.string(),
  joined_at: timestamp,
  before_version: z.number().nullable(),
  ballot: jsonb(BallotSchema.nullable()),
  locked_version: z.number(),
  op_owner: z.string().nullable(),
  option_ids: jsonb(z.array(z.string())),
  own_option_ids: jsonb(z.array(z.string())),
});

/** What a ballot needs to be checked, read in the statement that locks the voter's ballot row. */
export type BallotContext = {
  session: Session;
  groupKey: string;
  joinedAt: Date;
  /** The ballot row as the statement found it locked: the newest committed one. */
  ballot: Ballot | null;
  /**
   * False when the voter's ballot changed between the statement's snapshot and its lock (their
   * parallel command committed while this one waited): what else it read about them may be older
   * than the lock, so the caller reads again.
   */
  current: boolean;
  /** Who used this operation id, as the snapshot saw it; null when nobody. */
  opOwner: string | null;
  optionIds: string[];
  ownOptionIds: string[];
};

/**
 * A hall's ballot in one round trip (SCALE15): the vote, the voter, the options and the operation
 * id are read, and the voter's ballot row created if missing and locked, in one statement. Each
 * round trip of a ballot's transaction waits on a node's event loop, which is busy with the hall's
 * broadcasts, and the hall's ballots a second grew with each one removed. Undefined when the vote,
 * its activity or the voter is not there: the caller takes the long path, which says which.
 */
export async function ballotContext(
  db: Queryable,
  p: { activityId: string; workshopId: string; participantId: string; opId: string },
): Promise<BallotContext | undefined> {
  const found = await row(
    db,
    ballotContextRow,
    `WITH s AS (
       SELECT * FROM vote_sessions WHERE activity_id = $1 AND workshop_id = $2
         AND EXISTS (SELECT 1 FROM activities a WHERE a.id = $1 AND a.workshop_id = $2
           AND a.removed_at IS NULL AND a.kind IN ('dot_vote', 'congress_vote'))),
     p AS (SELECT id, group_key, joined_at FROM participants WHERE id = $3),
     seen AS (SELECT version FROM ballots WHERE activity_id = $1 AND participant_id = $3),
     locked AS (
       INSERT INTO ballots (activity_id, participant_id, group_key)
       SELECT s.activity_id, p.id, p.group_key FROM s, p
       ON CONFLICT (activity_id, participant_id) DO UPDATE SET group_key = ballots.group_key
       RETURNING ballot, version)
     SELECT s.*, p.group_key, p.joined_at,
       (SELECT version FROM seen) AS before_version,
       locked.ballot, locked.version AS locked_version,
       (SELECT participant_id::text FROM vote_ops WHERE op_id = $4) AS op_owner,
       (SELECT coalesce(jsonb_agg(o.id::text), '[]'::jsonb) FROM vote_options o
         WHERE o.activity_id = $1 AND o.removed_at IS NULL) AS option_ids,
       (SELECT coalesce(jsonb_agg(a.option_id::text), '[]'::jsonb)
         FROM vote_option_authors a JOIN vote_options o ON o.id = a.option_id
         WHERE o.activity_id = $1 AND a.participant_id = $3 AND o.removed_at IS NULL)
         AS own_option_ids
     FROM locked, s, p`,
    [p.activityId, p.workshopId, p.participantId, p.opId],
  );
  if (!found) return undefined;
  return {
    session: toSession(found),
    groupKey: found.group_key,
    joinedAt: found.joined_at,
    ballot: found.ballot,
    // A row this statement created had no version before it: 0, as created.
    current: (found.before_version ?? 0) === found.locked_version,
    opOwner: found.op_owner,
    optionIds: found.option_ids,
    ownOptionIds: found.own_option_ids,
  };
}

/**
 * Claims the operation id and saves the ballot in one statement; false, saving nothing, when the
 * id was taken meanwhile (the caller asks `claimOp` whose it is).
 */
export async function claimAndSaveBallot(
  db: Queryable,
  p: { opId: string; activityId: string; participantId: string; groupKey: string; ballot: Ballot },
) {
  const written = await db.query(
    `WITH op AS (
       INSERT INTO vote_ops (op_id, activity_id, participant_id) VALUES ($1, $2, $3)
       ON CONFLICT (op_id) DO NOTHING RETURNING op_id)
     UPDATE ballots SET ballot = $4::jsonb, group_key = $5, updated_at = now(),
       version = version + 1, changed_seq = nextval('ballot_changes')
     WHERE activity_id = $2 AND participant_id = $3 AND EXISTS (SELECT 1 FROM op)
     RETURNING version`,
    [p.opId, p.activityId, p.participantId, JSON.stringify(p.ballot), p.groupKey],
  );
  return written.length === 1;
}

export async function findBallot(db: Queryable, activityId: string, participantId: string) {
  const found = await row(
    db,
    ballotRow,
    'SELECT ballot FROM ballots WHERE activity_id = $1 AND participant_id = $2',
    [activityId, participantId],
  );
  return found?.ballot ?? null;
}

export async function saveBallot(
  db: Queryable,
  activityId: string,
  participantId: string,
  groupKey: string,
  ballot: Ballot,
) {
  // The ballot's own version, not the session's: voters do not queue on one shared row.
  await db.query(
    `UPDATE ballots SET ballot = $3::jsonb, group_key = $4, updated_at = now(),
       version = version + 1, changed_seq = nextval('ballot_changes')
     WHERE activity_id = $1 AND participant_id = $2`,
    [activityId, participantId, JSON.stringify(ballot), groupKey],
  );
}

/** Records an operation id; false if it was already used (a resend). */
export async function claimOp(
  db: Queryable,
  opId: string,
  activityId: string,
  participantId: string,
) {
  const written = await db.query(
    `INSERT INTO vote_ops (op_id, activity_id, participant_id) VALUES ($1, $2, $3)
     ON CONFLICT (op_id) DO NOTHING RETURNING op_id`,
    [opId, activityId, participantId],
  );
  if (written.length === 1) return 'new' as const;
  const owner = await row(
    db,
    z.object({ participant_id: z.string() }),
    'SELECT participant_id FROM vote_ops WHERE op_id = $1',
    [opId],
  );
  return owner?.participant_id === participantId ? ('seen' as const) : ('foreign' as const);
}

const changedBallotRow = z.object({
  session_version: z.number(),
  total: z.number(),
  participant_id: z.string().nullable(),
  group_key: z.string().nullable(),
  /** Parsed by the reader, and only when it counts it: most rows of a look-back are known. */
  ballot: z.unknown(),
  version: z.number().nullable(),
  seq: z.number().nullable(),
});

export type ChangedBallot = {
  participantId: string;
  groupKey: string;
  ballot: unknown;
  version: number;
  seq: number;
};

/**
 * The ballots of a vote changed after change number `since` (0: all of them), with the session's
 * counter and the vote's version (`countedVersion`), in one statement so all three are one
 * snapshot: a running tally that applies these and then holds exactly that version missed
 * nothing (SCALE14).
 */
export async function ballotChanges(db: Queryable, activityId: string, since: number) {
  const found = await rows(
    db,
    changedBallotRow,
    `WITH s AS (
       SELECT v.version AS session_version,
         (v.version + coalesce((SELECT sum(b.version) FROM ballots b
            WHERE b.activity_id = $1), 0))::float8 AS total
       FROM vote_sessions v WHERE v.activity_id = $1)
     SELECT s.session_version, s.total, b.participant_id, b.group_key, b.ballot, b.version,
       b.changed_seq::float8 AS seq
     FROM s LEFT JOIN ballots b ON b.activity_id = $1 AND b.changed_seq > $2`,
    [activityId, since],
  );
  const first = found[0];
  if (!first) return undefined;
  const changed: ChangedBallot[] = [];
  for (const r of found) {
    if (r.participant_id === null || r.version === null || r.seq === null) continue;
    changed.push({
      participantId: r.participant_id,
      groupKey: r.group_key ?? '',
      ballot: r.ballot ?? null,
      version: r.version,
      seq: r.seq,
    });
  }
  return { sessionVersion: first.session_version, total: first.total, changed };
}

export async function listPaper(db: Queryable, activityId: string) {
  return rows(
    db,
    z.object({ optionId: z.string(), groupKey: z.string(), count: z.number() }),
    `SELECT option_id AS "optionId", group_key AS "groupKey", count FROM paper_counts WHERE activity_id = $1`,
    [activityId],
  );
}

export async function listPaperBallots(db: Queryable, activityId: string) {
  const found = await rows(
    db,
    z.object({
      id: z.string(),
      group_key: z.string(),
      ballot: jsonb(BallotSchema),
      entered_at: isoTimestamp,
    }),
    'SELECT id, group_key, ballot, entered_at FROM paper_ballots WHERE activity_id = $1 ORDER BY entered_at DESC, id',
    [activityId],
  );
  return found.map((r) => ({
    id: r.id,
    groupKey: r.group_key,
    ballot: r.ballot,
    enteredAt: r.entered_at,
  }));
}

/** Stores a paper ballot once per id; false when the id is taken by another vote's ballot. */
export async function insertPaperBallot(
  db: Queryable,
  p: { id: string; activityId: string; groupKey: string; ballot: Ballot; by: string },
): Promise<boolean> {
  await db.query(
    `INSERT INTO paper_ballots (id, activity_id, group_key, ballot, entered_by)
     VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT (id) DO NOTHING`,
    [p.id, p.activityId, p.groupKey, JSON.stringify(p.ballot), p.by],
  );
  const stored = await row(
    db,
    z.object({ activity_id: z.string() }),
    'SELECT activity_id FROM paper_ballots WHERE id = $1',
    [p.id],
  );
  return stored?.activity_id === p.activityId;
}

export async function deletePaperBallot(db: Queryable, activityId: string, id: string) {
  const written = await db.query(
    'DELETE FROM paper_ballots WHERE id = $1 AND activity_id = $2 RETURNING id',
    [id, activityId],
  );
  return written.length > 0;
}

export async function setPaper(
  db: Queryable,
  p: { activityId: string; optionId: string; groupKey: string; count: number; by: string },
) {
  await db.query(
    `INSERT INTO paper_counts (activity_id, option_id, group_key, count, entered_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (activity_id, option_id, group_key) DO UPDATE SET count = excluded.count,
       entered_by = excluded.entered_by, updated_at = now()`,
    [p.activityId, p.optionId, p.groupKey, p.count, p.by],
  );
}

const commitmentRow = z.object({
  id: z.string(),
  activity_id: z.string(),
  option_id: z.string(),
  text: z.string(),
  who: z.string(),
  by_when: z.string(),
  status: CommitmentSchema.shape.status,
  hidden_reason: z.string().nullable(),
  author_participant_id: z.string().nullable(),
  author_facilitator_id: z.string().nullable(),
  created_at: isoTimestamp,
});
type CommitmentRow = z.infer<typeof commitmentRow>;

export async function listCommitments(
  db: Queryable,
  activityId: string,
  viewer: { participantId?: string; all: boolean },
) {
  const found = await rows(
    db,
    commitmentRow,
    `SELECT * FROM commitments WHERE activity_id = $1 ORDER BY created_at, id`,
    [activityId],
  );
  return found
    .filter(
      (r) =>
        viewer.all || r.status === 'visible' || r.author_participant_id === viewer.participantId,
    )
    .map((r) => toCommitment(r, viewer.participantId));
}

function toCommitment(r: CommitmentRow, participantId?: string): Commitment {
  return {
    id: r.id,
    optionId: r.option_id,
    text: r.text,
    who: r.who,
    byWhen: r.by_when,
    status: r.status,
    hiddenReason: r.hidden_reason,
    mine: participantId !== undefined && r.author_participant_id === participantId,
    createdAt: r.created_at,
  };
}

export async function insertCommitment(
  db: Queryable,
  c: {
    id: string;
    activityId: string;
    optionId: string;
    text: string;
    who: string;
    byWhen: string;
    participantId: string | null;
    facilitatorId: string | null;
  },
) {
  await db.query(
    `INSERT INTO commitments (id, activity_id, option_id, text, who, by_when, author_participant_id, author_facilitator_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
    [c.id, c.activityId, c.optionId, c.text, c.who, c.byWhen, c.participantId, c.facilitatorId],
  );
  const stored = await row(db, commitmentRow, 'SELECT * FROM commitments WHERE id = $1', [c.id]);
  if (!stored) return undefined;
  const sameAuthor =
    stored.activity_id === c.activityId &&
    stored.author_participant_id === c.participantId &&
    stored.author_facilitator_id === c.facilitatorId;
  return { commitment: toCommitment(stored, c.participantId ?? undefined), sameAuthor };
}

export async function findCommitment(db: Queryable, id: string) {
  return row(db, commitmentRow, 'SELECT * FROM commitments WHERE id = $1', [id]);
}

export async function hideCommitment(db: Queryable, id: string, reason: string, by: string) {
  await db.query(
    `UPDATE commitments SET status = 'hidden', hidden_reason = $2, hidden_by = $3 WHERE id = $1`,
    [id, reason, by],
  );
  const hidden = await row(db, commitmentRow, 'SELECT * FROM commitments WHERE id = $1', [id]);
  return toCommitment(hidden!);
}
