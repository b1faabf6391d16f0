import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chownSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

/** Finds Debian's PostgreSQL binaries (the newest installed major version). */
function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const candidate = path.join(root, v, 'bin', name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return name;
}

/**
 * PostgreSQL refuses to run as root, and CI runs as root: there the cluster belongs to the
 * `postgres` user that Debian's package creates, and commands run through runuser.
 */
function asPgUser(cmd: string, args: string[]) {
  const root = userInfo().uid === 0;
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${cmd} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

export type PostgresServer = {
  url: string;
  port: number;
  stop(): void;
  /** Stops the server but keeps its data: an outage, as a restart or a crash would cause. */
  pause(): void;
  /** Starts it again on the same port and data; returns once it accepts connections. */
  resume(): void;
  /** The postmaster, parent of every backend, for benchmarks that sample CPU and memory. */
  pid(): number;
};

/** A throwaway cluster on 127.0.0.1 and a free port, with fsync off (tests need no durability). */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-pg-'));
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  asPgUser(pgBin('initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const startServer = () =>
    asPgUser(pgBin('pg_ctl'), [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-o',
      `-k ${dir} -p ${port} -h 127.0.0.1 -F -c max_connections=200`,
      '-w',
      'start',
    ]);
  startServer();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    pause() {
      asPgUser(pgBin('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    resume: startServer,
    pid: () => Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop() {
      try {
        asPgUser(pgBin('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
