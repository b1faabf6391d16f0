import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './dataDirLock.ts';
import type { Database, Queryable, Row } from './database.ts';

/**
 * Embedded PostgreSQL. `dataDir` of `memory://` keeps nothing on disk (used by fast tests);
 * any other value is a folder that survives restarts. PGlite has one connection, so its
 * transactions run one at a time; that is its nature, not something to work around.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  let unlock = () => undefined as void;
  if (!dataDir.startsWith('memory://')) {
    await mkdir(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir);
  } catch (err) {
    unlock();
    throw err;
  }
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T extends Row>(sql: string, params?: readonly unknown[]) {
      const result = await q.query<T>(sql, params ? [...params] : undefined);
      return result.rows;
    },
  });
  const root = wrap(pg);
  return {
    kind: 'pglite',
    query: root.query,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    close: async () => {
      await pg.close();
      unlock();
    },
  };
}
