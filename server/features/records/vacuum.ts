import type { Queryable } from '../../db/database.ts';

/**
 * A deleted or updated row stays in the table's files until the page is rewritten; a plain
 * VACUUM only marks the space free. VACUUM FULL writes each table afresh, so the erased words
 * are gone from its files at once (SEC16). It holds each table's lock for the moment the copy
 * takes (small tables: milliseconds), and cannot run inside a transaction, so this runs after the
 * erasure has committed. The write-ahead log and backups keep the old pages until they are
 * recycled or expire; docs/spec.md says so.
 */
export async function vacuumTables(db: Queryable, tables: readonly string[]): Promise<void> {
  // Names come from the parts' own constants, never from a request.
  if (tables.some((t) => !/^[a-z_]+$/.test(t))) throw new Error('Not a table name');
  await db.query(`VACUUM FULL ${tables.join(', ')}`);
}
