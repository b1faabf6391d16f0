import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createRoundtable, type EdgeLimits, type Roundtable } from '../../server/app.ts';
import type { Logger } from '../../server/logger.ts';
import { loadConfig } from '../../server/config.ts';

export type Backend = 'pglite' | 'postgres';
export const backends: Backend[] = ['pglite', 'postgres'];

export type TestApp = { url: string; app: Roundtable; close(): Promise<void> };

/** A database for one test: the settings that point an app at it, and a way to delete it. */
export type TestDatabase = { env: Record<string, string>; drop(): Promise<void> };

/**
 * A fresh database. `persistent` is for tests that restart the app on the same data: PGlite
 * then lives in a temporary DATA_DIR instead of memory (a PostgreSQL database always persists).
 */
export async function createTestDatabase(
  backend: Backend,
  { persistent = false } = {},
): Promise<TestDatabase> {
  if (backend === 'pglite') {
    if (!persistent) return { env: {}, drop: async () => undefined };
    const dir = await mkdtemp(path.join(tmpdir(), 'rt-test-'));
    return { env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const adminUrl = inject('postgresAdminUrl');
  const name = `rt_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    env: { DATABASE_URL: adminUrl.replace(/\/postgres$/, `/${name}`) },
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // pg's Pool.end() resolves before its connections have closed. FORCE would terminate them
      // mid-goodbye, and pg reports that as an error event on a pool nobody listens to any more.
      for (let i = 0; i < 100; i++) {
        const rows = await c.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        if (rows.rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A real Roundtable on 127.0.0.1 and a free port, with its own empty database: an in-memory
 * PGlite, or a fresh database in the run's PostgreSQL server. With `database`, it uses that one
 * instead and leaves it in place on close (the caller drops it), so a second app can reopen it.
 */
export async function startApp(
  backend: Backend,
  env: Record<string, string> = {},
  opts: {
    database?: TestDatabase;
    log?: Logger;
    limits?: EdgeLimits;
    lanAddresses?: () => string[];
  } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase(backend));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    ...database.env,
    ...env,
  });
  const app = await createRoundtable(config, {
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.lanAddresses ? { lanAddresses: opts.lanAddresses } : {}),
  });
  const url = await app.listen();
  return {
    url,
    app,
    async close() {
      await app.close();
      if (!opts.database) await database.drop();
    },
  };
}
