import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createRoundtable, type Roundtable } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

export type Backend = 'pglite' | 'postgres';
export const backends: Backend[] = ['pglite', 'postgres'];

export type TestApp = { url: string; app: Roundtable; close(): Promise<void> };

/**
 * A real Roundtable on 127.0.0.1 and a free port, with its own empty database: an in-memory
 * PGlite, or a fresh database in the run's PostgreSQL server.
 */
export async function startApp(
  backend: Backend,
  env: Record<string, string> = {},
): Promise<TestApp> {
  let dropDatabase = async () => undefined as void;
  let databaseUrl: string | undefined;
  if (backend === 'postgres') {
    const adminUrl = inject('postgresAdminUrl');
    const name = `rt_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    databaseUrl = adminUrl.replace(/\/postgres$/, `/${name}`);
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const app = await createRoundtable(config);
  const url = await app.listen();
  return {
    url,
    app,
    async close() {
      await app.close();
      await dropDatabase();
    },
  };
}
