import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { bytea, date, int8, isoTimestamp, jsonb, numeric, timestamp } from './columns.ts';
import { count, row, rows, RowShapeError, type Queryable } from './database.ts';
import { openPglite } from './pglite.ts';

/** A Queryable that answers the given rows, to show what each driver's form parses to. */
const answering = (result: Record<string, unknown>[]): Queryable => ({
  query: () => Promise.resolve(result),
});

describe('rows checked at the store boundary', () => {
  it('parses the forms both drivers give into one', () => {
    expect(jsonb(z.object({ a: z.number() })).parse('{"a":1}')).toEqual({ a: 1 });
    expect(jsonb(z.object({ a: z.number() })).parse({ a: 1 })).toEqual({ a: 1 });
    expect(jsonb(z.unknown()).safeParse('{secret').success).toBe(false);
    const at = new Date('2026-12-04T10:00:00.000Z');
    expect(timestamp.parse(at)).toEqual(at);
    expect(isoTimestamp.parse('2026-12-04 10:00:00+00')).toBe('2026-12-04T10:00:00.000Z');
    expect(() => timestamp.parse('not a time')).toThrow();
    expect(int8.parse('9007199254740991')).toBe(9007199254740991);
    expect(int8.parse(3)).toBe(3);
    expect(() => int8.parse('3.5')).toThrow();
    expect(numeric.parse('0.25')).toBe(0.25);
    expect(date.parse('2026-12-01')).toBe('2026-12-01');
    expect(date.parse(new Date(2026, 11, 1))).toBe('2026-12-01');
    const bytes = bytea.parse(Buffer.from([1, 2]));
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect([...bytes]).toEqual([1, 2]);
  });

  it('names the query and the column of a row off its schema, never the value', async () => {
    const db = answering([{ id: 'a', secret: 42 }]);
    const schema = z.object({ id: z.string(), secret: z.string() });
    const failure = await rows(db, schema, 'SELECT id, secret FROM people WHERE x = $1', [1]).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(RowShapeError);
    const message = (failure as Error).message;
    expect(message).toContain('SELECT id, secret FROM people WHERE');
    expect(message).toContain('secret');
    expect(message).not.toContain('42');
  });

  // Starting PGlite takes seconds on a busy machine, hence the longer timeout.
  it('reads real rows from PGlite through row, rows and count', async () => {
    const db = await openPglite('memory://');
    try {
      const schema = z.object({ j: jsonb(z.array(z.number())), t: isoTimestamp, n: int8 });
      const sql = `SELECT '[1,2]'::jsonb AS j, '2026-12-04T10:00:00Z'::timestamptz AS t, 7::bigint AS n`;
      expect(await row(db, schema, sql)).toEqual({
        j: [1, 2],
        t: '2026-12-04T10:00:00.000Z',
        n: 7,
      });
      expect(await row(db, schema, `${sql} WHERE false`)).toBeUndefined();
      expect(await rows(db, schema, `${sql} UNION ALL ${sql}`)).toHaveLength(2);
      expect(await count(db, 'SELECT count(*)::int AS n FROM generate_series(1, 3)')).toBe(3);
    } finally {
      await db.close();
    }
  }, 30_000);
});
