import pg from 'pg';
import type { Database, Queryable, Row } from './database.ts';

// bigint (count(*), sums) would otherwise arrive as strings; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** How long a ping may take before the database counts as not answering (DUR4). */
const PING_TIMEOUT_MS = 5000;

export async function openPostgres(
  url: string,
  opts: { poolSize?: number | undefined } = {},
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    // A request waits this long for a connection, then is answered "busy, try again" (the hall
    // is outrunning the database) and the database is pinged on a connection of its own: only
    // if that fails too is it reported unreachable (DUR4, DUR6).
    connectionTimeoutMillis: 5000,
  });
  // An idle client's error (the server restarting, a dropped connection) is emitted on the pool;
  // unhandled it would crash the process. The pool replaces the client; the next query reconnects.
  pool.on('error', (err) => {
    console.error(`PostgreSQL connection error: ${err.message}`);
  });
  // Fail at start-up with the server's own message rather than at the first request.
  const client = await pool.connect();
  client.release();
  const query = async (sql: string, params?: readonly unknown[]) => {
    const result = await pool.query<Row>(sql, params ? [...params] : undefined);
    return result.rows;
  };
  return {
    kind: 'postgres',
    query,
    async transaction(fn) {
      const c = await pool.connect();
      // While checked out, a client is not watched by the pool: a connection dropped between two
      // queries of a transaction (the database restarting, DUR2) would be an 'error' event nobody
      // listens to, and crash the process. Keep it, fail the transaction, and throw the client
      // away instead of returning it to the pool.
      let lost: Error | undefined;
      const onLost = (err: Error) => {
        lost = err;
      };
      c.on('error', onLost);
      const tx: Queryable = {
        async query(sql: string, params?: readonly unknown[]) {
          return (await c.query<Row>(sql, params ? [...params] : undefined)).rows;
        },
      };
      try {
        await c.query('BEGIN');
        const result = await fn(tx);
        await c.query('COMMIT');
        return result;
      } catch (err) {
        if (!lost) await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.off('error', onLost);
        c.release(lost);
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    async ping() {
      const c = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: PING_TIMEOUT_MS,
        query_timeout: PING_TIMEOUT_MS,
      });
      // A failure is thrown to the caller; the error event must not go unheard meanwhile.
      c.on('error', () => undefined);
      try {
        await c.connect();
        await c.query('SELECT 1');
      } finally {
        await c.end().catch(() => undefined);
      }
    },
    close: () => pool.end(),
  };
}
