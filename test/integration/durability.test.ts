import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { lockDataDir } from '../../server/db/dataDirLock.ts';
import {
  connect,
  createOpenWorkshop,
  join,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { start, type ServerProcess } from '../helpers/process.ts';
import { startApp } from '../helpers/app.ts';
import { startPostgres } from '../helpers/postgres.ts';
import type { ServerHealth } from '../../shared/protocol/socket.ts';

// A fresh DATA_DIR runs PGlite's initdb (5-10 s on a busy machine), and every commit now waits
// for the disk.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
const children = new Set<ChildProcess>();
const newDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-durable-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * strace attached to a running process: every fsync/fdatasync it makes, with the wall-clock time
 * of each (the same clock as this process's Date.now()).
 */
async function traceFlushes(pid: number) {
  const out = path.join(newDir(), 'strace.txt');
  const tracer = spawn(
    'strace',
    ['-f', '-ttt', '-e', 'trace=fsync,fdatasync', '-o', out, '-p', String(pid)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.add(tracer);
  let err = '';
  tracer.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => tracer.once('exit', () => resolve()));
  // strace says "Process N attached" once it traces the process's threads.
  await eventually(() => expect(err).toMatch(/attached/), { timeoutMs: 10_000 });
  return {
    async stop(): Promise<number[]> {
      tracer.kill('SIGINT');
      await exited;
      children.delete(tracer);
      return readFileSync(out, 'utf8')
        .split('\n')
        .filter((line) => /\b(fsync|fdatasync)\(\d+\)\s*=\s*0/.test(line))
        .map((line) => Number(line.trim().split(/\s+/)[1]) * 1000);
    },
  };
}

describe('the embedded database (PGlite) on disk', () => {
  let server: ServerProcess | undefined;
  const sockets: ScriptedClient[] = [];
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  it('[DUR1] every acknowledged note waited for a flush to disk (fsync) made after it was sent', async () => {
    const dataDir = newDir();
    server = await start({ DATA_DIR: dataDir });
    const http = await setUpFacilitator(server.url);
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Durability',
      agenda: [{ kind: 'idea_board', title: 'Ideas', settings: { maxNotesPerPerson: 50 } }],
    });
    sockets.push(fac);
    const board = workshop.agenda[0]!;
    expect((await fac.command('activity:goto', { activityId: board.id })).ok).toBe(true);
    const joined = await join(server.url, code);
    const phone = await connect(server.url, { role: 'participant', token: joined.body.token });
    sockets.push(phone);

    const trace = await traceFlushes(server.pid);
    const writes: { sent: number; acked: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = Date.now();
      const ack = await phone.command('note:add', {
        id: randomUUID(),
        activityId: board.id,
        text: `Note ${i}`,
      });
      // Date.now() has millisecond steps; strace's microseconds may sit inside the same one.
      const acked = Date.now() + 1;
      expect(ack.ok).toBe(true);
      writes.push({ sent: sent - 1, acked });
    }
    const flushes = await trace.stop();

    const unflushed = writes.filter((w) => !flushes.some((f) => f >= w.sent && f <= w.acked));
    expect(unflushed, `${flushes.length} flushes for ${writes.length} notes`).toEqual([]);
    expect(flushes.length).toBeGreaterThanOrEqual(writes.length);
  });
});

describe('a PostgreSQL server that stops and comes back', () => {
  it('[DUR2][DUR3] presses during the outage are answered UNAVAILABLE (not refused), everyone hears when it is back, and the same id then lands once', async () => {
    const database = await startPostgres();
    const t = await startApp(
      'postgres',
      {},
      {
        database: { env: { DATABASE_URL: database.url }, drop: async () => undefined },
      },
    );
    const open: ScriptedClient[] = [];
    try {
      const http = await setUpFacilitator(t.url);
      const { workshop, code, fac } = await createOpenWorkshop(http, {
        title: 'Outage',
        agenda: [{ kind: 'idea_board', title: 'Ideas' }],
      });
      open.push(fac);
      const board = workshop.agenda[0]!;
      expect((await fac.command('activity:goto', { activityId: board.id })).ok).toBe(true);
      const joined = await join(t.url, code);
      const phone = await connect(t.url, { role: 'participant', token: joined.body.token });
      open.push(phone);
      // Every connection is told the state at once.
      await eventually(() =>
        expect(phone.last<ServerHealth>('server:health')).toEqual({ database: 'ok' }),
      );

      database.pause();
      const note = { id: randomUUID(), activityId: board.id, text: 'Shade by the pond' };
      const during = await phone.command('note:add', note);
      expect(during.ok ? 'stored' : during.error.code).toBe('UNAVAILABLE');
      for (const client of [phone, fac]) {
        await eventually(() =>
          expect(client.last<ServerHealth>('server:health')).toEqual({ database: 'unreachable' }),
        );
      }

      database.resume();
      const backAt = Date.now();
      await eventually(
        () => expect(phone.last<ServerHealth>('server:health')).toEqual({ database: 'ok' }),
        { timeoutMs: 10_000 },
      );
      // The watch checks twice a second while the database is away.
      expect(Date.now() - backAt).toBeLessThan(2000);
      const first = await phone.command('note:add', note);
      const again = await phone.command('note:add', note);
      expect(first.ok && again.ok && first.data.id === again.data.id).toBe(true);
      const stored = await t.app.db.query(
        'SELECT count(*)::int AS n FROM board_notes WHERE activity_id = $1',
        [board.id],
      );
      expect(stored[0]!.n).toBe(1);
    } finally {
      for (const c of open) c.close();
      await t.close();
      database.stop();
    }
  });
});

describe('the data folder lock', () => {
  /** A separate process that takes the lock and keeps running until killed. */
  async function holder(dataDir: string) {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { lockDataDir } = await import('./server/db/dataDirLock.ts');
         await lockDataDir(process.argv[1]);
         console.log('locked');
         setInterval(() => undefined, 1000);`,
        dataDir,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.add(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    await eventually(() => expect(out).toContain('locked'), { timeoutMs: 20_000 });
    return child;
  }

  it('[DUR5] a live holder keeps the folder; killed with SIGKILL, its lock is taken over at once', async () => {
    const dataDir = newDir();
    const first = await holder(dataDir);
    await expect(lockDataDir(dataDir)).rejects.toThrow(
      new RegExp(`Another Roundtable \\(process ${first.pid}@.*\\) is using`),
    );
    const gone = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await gone;
    const unlock = await lockDataDir(dataDir);
    unlock();
  });

  it('[DUR5] a lock file naming a process id that now belongs to another live process does not block a restart', async () => {
    const dataDir = newDir();
    // After a reboot the old server's pid can belong to anything: here, a sleeping process.
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.add(other);
    writeFileSync(path.join(dataDir, 'roundtable.lock'), `${other.pid}@${hostname()}`);
    const unlock = await lockDataDir(dataDir);
    unlock();
    other.kill('SIGKILL');
  });
});
