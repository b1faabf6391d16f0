import * as Y from 'yjs';
import type { DocumentStore } from '../../core/documents.ts';
import { z } from 'zod';
import { bytea, int8 } from '../../db/columns.ts';
import { row, rows, type Database, type Queryable } from '../../db/database.ts';

/** Second key of the per-document advisory lock; the first is the document name's hash. */
const LOCK_NAMESPACE = 7212002;
/** PostgreSQL allows 65535 parameters per statement; two per row keeps well under it. */
const ROWS_PER_INSERT = 1000;

export type LoadedDoc = {
  doc: Y.Doc;
  /** How many logged updates follow the snapshot (what compaction would fold). */
  sinceSnapshot: number;
};

export type StoreStats = { updates: number; snapshotUpToSeq: number | null };

const logRow = z.object({ part: z.union([z.literal(0), z.literal(1)]), bytes: bytea, seq: int8 });
type LogRow = z.infer<typeof logRow>;

const statsRow = z.object({ updates: int8, up_to_seq: int8.nullable() });

/**
 * Yjs documents in PostgreSQL: an append-only log of updates per document, and a snapshot that
 * compaction folds the log into. Works on PGlite (bytea arrives as Uint8Array) and pg (Buffer).
 */
export class YjsStore implements DocumentStore {
  /** Compaction is due when a document has more than this many updates after its snapshot. */
  readonly compactAfter: number;

  constructor(
    private readonly db: Database,
    opts: { compactAfter?: number } = {},
  ) {
    this.compactAfter = opts.compactAfter ?? 500;
  }

  /** The document as stored: its snapshot with every later update applied. */
  async load(docName: string): Promise<LoadedDoc> {
    const rows = await readLog(this.db, docName);
    return { doc: buildDoc(rows), sinceSnapshot: rows.filter((r) => r.part === 1).length };
  }

  /**
   * Appends updates in one transaction and resolves once it has committed, so a caller may tell
   * someone their change is saved. An empty list writes nothing.
   */
  async append(docName: string, updates: readonly Uint8Array[]): Promise<void> {
    if (updates.length === 0) return;
    await this.db.transaction(async (tx) => {
      // Compaction holds the same lock: without it, a row committed after compaction read the
      // log could get a seq below the snapshot's up_to_seq and never be loaded again.
      await lockDoc(tx, docName);
      for (let i = 0; i < updates.length; i += ROWS_PER_INSERT) {
        const chunk = updates.slice(i, i + ROWS_PER_INSERT);
        const values = chunk.map((_, j) => `($1, $${j + 2})`).join(', ');
        await tx.query(`INSERT INTO yjs_updates (doc_name, update) VALUES ${values}`, [
          docName,
          ...chunk,
        ]);
      }
    });
  }

  /**
   * Folds the log into the snapshot: the updates are applied to a Y.Doc and its whole state is
   * encoded once. (Y.mergeUpdates over thousands of small updates is two orders of magnitude
   * slower: 3.2 s against 37 ms for 16.8k updates.) Snapshot write and log delete share one
   * transaction, so a crash leaves either the old pair or the new one.
   */
  async compact(docName: string): Promise<{ compacted: number }> {
    return this.db.transaction(async (tx) => {
      await lockDoc(tx, docName);
      const rows = await readLog(tx, docName);
      const updates = rows.filter((r) => r.part === 1);
      const last = updates.at(-1);
      if (!last) return { compacted: 0 };
      const doc = buildDoc(rows);
      const state = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      const upToSeq = last.seq;
      await tx.query(
        `INSERT INTO yjs_snapshots (doc_name, state, up_to_seq, updated_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (doc_name) DO UPDATE
           SET state = EXCLUDED.state, up_to_seq = EXCLUDED.up_to_seq, updated_at = now()`,
        [docName, state, upToSeq],
      );
      await tx.query('DELETE FROM yjs_updates WHERE doc_name = $1 AND seq <= $2', [
        docName,
        upToSeq,
      ]);
      return { compacted: updates.length };
    });
  }

  /** How big the log is; for compaction checks and tests. */
  async stats(docName: string): Promise<StoreStats> {
    const found = await row(
      this.db,
      statsRow,
      `SELECT (SELECT count(*) FROM yjs_updates WHERE doc_name = $1) AS updates,
              (SELECT up_to_seq FROM yjs_snapshots WHERE doc_name = $1) AS up_to_seq`,
      [docName],
    );
    return { updates: found?.updates ?? 0, snapshotUpToSeq: found?.up_to_seq ?? null };
  }
}

async function lockDoc(tx: Queryable, docName: string) {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, docName]);
}

/**
 * Snapshot and later updates in one statement: one statement sees one database snapshot, so a
 * compaction committing between two separate reads cannot make updates vanish from a load.
 */
function readLog(db: Queryable, docName: string): Promise<LogRow[]> {
  return rows(
    db,
    logRow,
    `SELECT 0 AS part, state AS bytes, up_to_seq AS seq FROM yjs_snapshots WHERE doc_name = $1
     UNION ALL
     SELECT 1 AS part, u.update AS bytes, u.seq FROM yjs_updates u
      WHERE u.doc_name = $1
        AND u.seq > COALESCE((SELECT up_to_seq FROM yjs_snapshots WHERE doc_name = $1), 0)
     ORDER BY part, seq`,
    [docName],
  );
}

function buildDoc(log: readonly LogRow[]): Y.Doc {
  const doc = new Y.Doc();
  // One outer transaction: observers and the update event run once, not once per row.
  doc.transact(() => {
    for (const entry of log) Y.applyUpdate(doc, entry.bytes);
  });
  return doc;
}
