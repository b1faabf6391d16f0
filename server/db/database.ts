import { z } from 'zod';

/**
 * The one data-access interface both storage back-ends implement: PGlite (PostgreSQL in-process,
 * the embedded default) and a PostgreSQL server through `pg`. Stores are written against this,
 * in one SQL dialect, so a feature never knows which back-end it runs on.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /**
   * Rows as the driver gives them, unchecked: no type parameter, so a caller cannot assert a
   * shape. A result that is read goes through `rows`, `row` or `count`, which parse it.
   */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; it commits if `fn` resolves and rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Asks the database `SELECT 1` past every queued request (a connection of its own), so a busy
   * server is told apart from one that stopped answering.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A row that does not match its schema is a bug in our SQL or our migrations, never user input:
 * it surfaces as an internal error (500, logged), naming the query and the column at fault but
 * never the value, which could be personal data.
 */
export class RowShapeError extends Error {
  override readonly name = 'RowShapeError';
}

/** The statement's first words: enough to find it in the code, too little to leak a value. */
function headOf(sql: string): string {
  const words = sql.trim().split(/\s+/).slice(0, 6).join(' ');
  return words.length > 80 ? `${words.slice(0, 80)}…` : words;
}

function parseRow<S extends z.ZodType>(schema: S, value: unknown, sql: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(row)';
  throw new RowShapeError(
    `Row off its schema from "${headOf(sql)}": ${where}: ${issue?.message ?? 'invalid'}`,
  );
}

/** Every row of the result, each parsed with `schema`. */
export async function rows<S extends z.ZodType>(
  db: Queryable,
  schema: S,
  sql: string,
  params?: readonly unknown[],
): Promise<z.output<S>[]> {
  const result = await db.query(sql, params);
  return result.map((r) => parseRow(schema, r, sql));
}

/**
 * The first row, parsed, or undefined when there is none. For lookups by key or with LIMIT 1;
 * later rows are ignored rather than refused, as the stores have always read them.
 */
export async function row<S extends z.ZodType>(
  db: Queryable,
  schema: S,
  sql: string,
  params?: readonly unknown[],
): Promise<z.output<S> | undefined> {
  const result = await db.query(sql, params);
  const first = result[0];
  return first === undefined ? undefined : parseRow(schema, first, sql);
}

const countRow = z.object({ n: z.number().int() });

/** A `SELECT count(*)::int AS n ...`: the number, checked. */
export async function count(
  db: Queryable,
  sql: string,
  params?: readonly unknown[],
): Promise<number> {
  const found = await row(db, countRow, sql, params);
  // An aggregate without GROUP BY always answers one row; none means the SQL is not a count.
  if (!found) throw new RowShapeError(`No row from the count "${headOf(sql)}"`);
  return found.n;
}
