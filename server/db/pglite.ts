import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './dataDirLock.ts';
import type { Database, Queryable, Row } from './database.ts';
import { DurableNodeFS, WalFlusher, durableStartParams, flushAll } from './durableFs.ts';

export type PgliteOptions = {
  /** Told at every flush to disk (fsync) the database makes; tests count them. */
  onFlush?: () => void;
};

/**
 * Embedded PostgreSQL. `dataDir` of `memory://` keeps nothing on disk (used by fast tests);
 * any other value is a folder that survives restarts, and a commit is on the disk before it is
 * acknowledged (DUR1). PGlite has one connection, so its transactions run one at a time; that
 * is its nature, not something to work around.
 */
export async function openPglite(dataDir: string, opts: PgliteOptions = {}): Promise<Database> {
  let unlock = () => undefined as void;
  let pg: PGlite;
  let wal: WalFlusher | undefined;
  if (dataDir.startsWith('memory://')) {
    pg = await PGlite.create(dataDir);
  } else {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
    try {
      const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
      wal = new WalFlusher(opts.onFlush);
      pg = await PGlite.create({
        fs: new DurableNodeFS(dataDir, wal, opts.onFlush),
        startParams: durableStartParams(),
      });
      if (fresh) flushAll(dataDir);
    } catch (err) {
      unlock();
      throw err;
    }
  }
  // Nothing is answered before the commits it could reveal are on the disk (group commit).
  const durable = async <T>(result: T): Promise<T> => {
    await wal?.flush();
    return result;
  };
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query(sql: string, params?: readonly unknown[]) {
      const result = await q.query<Row>(sql, params ? [...params] : undefined);
      return result.rows;
    },
  });
  const root = wrap(pg);
  return {
    kind: 'pglite',
    query: async (sql, params) => durable(await root.query(sql, params)),
    transaction: async (fn) => durable(await pg.transaction((tx) => fn(wrap(tx)))),
    exec: async (sql) => {
      await durable(await pg.exec(sql));
    },
    // In-process: nothing queues in front of it but its own statements.
    ping: async () => {
      await root.query('SELECT 1');
    },
    close: async () => {
      await pg.close();
      unlock();
    },
  };
}
