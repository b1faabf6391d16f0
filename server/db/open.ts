import path from 'node:path';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** A PostgreSQL server when DATABASE_URL is set, otherwise PGlite in DATA_DIR/pg. */
export async function openDatabase(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize?: number;
}): Promise<Database> {
  const db = opts.databaseUrl
    ? await openPostgres(opts.databaseUrl, { poolSize: opts.databasePoolSize })
    : await openPglite(
        opts.dataDir.startsWith('memory://') ? opts.dataDir : path.join(opts.dataDir, 'pg'),
      );
  await migrate(db);
  return db;
}
