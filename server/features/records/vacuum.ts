import type { Queryable } from '../../db/database.ts';

/**
 * The tables where an erasure (or the retention job) leaves the old rows behind as dead tuples:
 * deleted notes, names, ballots, relabelled options, redacted snapshots, folded board history.
 */
export const ERASED_TABLES = [
  'participants',
  'board_notes',
  'board_moderation_log',
  'ballots',
  'vote_ops',
  'vote_options',
  'commitments',
  'cafe_seats',
  'cafe_people',
  'feedback_contacts',
  'equality_answers',
  'record_snapshots',
  'record_responses',
  'outbox',
  'yjs_updates',
  'yjs_snapshots',
] as const;

/**
 * A deleted or updated row stays in the table's files until the page is rewritten; a plain
 * VACUUM only marks the space free. VACUUM FULL writes each table afresh, so the erased words
 * are gone from its files at once (SEC16). It holds each table's lock for the moment the copy
 * takes (small tables: milliseconds), and cannot run inside a transaction, so this runs after the
 * erasure has committed. The write-ahead log and backups keep the old pages until they are
 * recycled or expire; docs/spec.md says so.
 */
export async function vacuumErasedTables(db: Queryable): Promise<void> {
  await db.query(`VACUUM FULL ${ERASED_TABLES.join(', ')}`);
}
