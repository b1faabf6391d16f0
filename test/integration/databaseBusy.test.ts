import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { DatabaseHealth, type DatabaseState } from '../../server/db/health.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/app.ts';

// DUR6: a PostgreSQL server whose every pooled connection is busy is not a lost one. The server
// answers "busy, send it again" and keeps telling the consoles the database is there, unless the
// database also fails a ping on a connection of its own (here: a network path that stops
// carrying anything, with every pooled connection stuck in it).

/** A TCP path to PostgreSQL that can go silent: connections stay open, nothing passes. */
async function silentablePath(target: URL) {
  const sockets = new Set<Socket>();
  let silent = false;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    if (silent) return; // Accepted, never answered.
    const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('data', (d) => {
      if (!silent) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!silent) client.write(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    silence: () => {
      silent = true;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: unknown) => err,
  );

describe('a busy database', () => {
  let database: TestDatabase | undefined;
  let db: Database | undefined;
  let path: Awaited<ReturnType<typeof silentablePath>> | undefined;
  let health: DatabaseHealth | undefined;
  afterEach(async () => {
    health?.stop();
    await path?.close();
    await db?.close().catch(() => undefined);
    await database?.drop();
    database = db = path = health = undefined;
  });

  it('[DUR6] every connection busy: answered busy, and the database is still there', async () => {
    database = await createTestDatabase('postgres');
    db = await openPostgres(database.env.DATABASE_URL!);
    const told: DatabaseState[] = [];
    health = new DatabaseHealth(db, { onChange: (s) => told.push(s) });
    // A hall's worth of slow work: every one of the pool's 10 connections taken for 8 s.
    const slow = Array.from({ length: 10 }, () => db!.query('SELECT pg_sleep(8)'));
    const queued = await failure(db.query('SELECT 1'));
    expect(queued).toBeInstanceOf(Error);
    expect(health.failed(queued)).toBe('busy');
    await Promise.all(slow);
    await health.check();
    expect(health.state).toBe('ok');
    expect(told).toEqual([]);
  }, 60_000);

  it('[DUR6] every connection stuck in a database that stopped answering: reported lost', async () => {
    database = await createTestDatabase('postgres');
    path = await silentablePath(new URL(database.env.DATABASE_URL!));
    db = await openPostgres(path.url);
    const told: DatabaseState[] = [];
    health = new DatabaseHealth(db, { onChange: (s) => told.push(s) });
    // Ten connections open, then each sent a query whose answer the path will never carry.
    await Promise.all(Array.from({ length: 10 }, () => db!.query('SELECT 1')));
    const stuck = Array.from({ length: 10 }, () => failure(db!.query('SELECT pg_sleep(1)')));
    await new Promise((r) => setTimeout(r, 200));
    path.silence();
    const queued = await failure(db.query('SELECT 1'));
    // The first to meet the full pool cannot know yet; the ping past the queue finds out.
    expect(health.failed(queued)).toBe('busy');
    await expect.poll(() => told, { timeout: 15_000 }).toEqual(['unreachable']);
    expect(health.failed(await failure(db.query('SELECT 1')))).toBe('unreachable');
    void stuck;
  }, 60_000);
});
