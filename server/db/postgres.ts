import pg from 'pg';
import type { Database, Queryable, Row } from './database.ts';

// bigint (count(*), sums) would otherwise arrive as strings; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A database host that stopped answering fails a request after this long instead of
    // holding it forever; the health check then reports it unreachable (DUR4).
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
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
