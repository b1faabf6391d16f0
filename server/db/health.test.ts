import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/ports.ts';
import { AppError } from '../errors.ts';
import { isConnectionFailure } from './health.ts';
import { openPglite } from './pglite.ts';

describe('telling a database outage from a bad request', () => {
  it('[DUR2] a refused connection is an outage; a bad query or a refusal for a reason is not', async () => {
    // Nothing listens on this port: what pg says when the server is stopped.
    const client = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'x' });
    const refused = await client.connect().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isConnectionFailure(refused)).toBe(true);

    const db = await openPglite('memory://');
    try {
      const bad = await db.query('SELECT * FROM no_such_table').then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(bad).toBeDefined();
      expect(isConnectionFailure(bad)).toBe(false);
    } finally {
      await db.close();
    }
    expect(isConnectionFailure(new AppError('CONFLICT', 'You have 3 dots'))).toBe(false);
    // SQLSTATE 57P01: the server was shut down under a running query.
    expect(isConnectionFailure(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(
      true,
    );
    // Opening PGlite takes seconds on a busy machine.
  }, 60_000);
});
