import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

export type RedisServer = {
  url: string;
  stop(): void;
  /** Stops it as an outage would; `resume` starts it again on the same port, empty. */
  pause(): void;
  resume(): Promise<void>;
  /** Keeps its connections open but answers nothing (SIGSTOP), as an overloaded Redis would. */
  freeze(): void;
  thaw(): void;
  /** The server process, for benchmarks that sample its CPU and memory. */
  pid(): number;
};

function cli(port: number, ...args: string[]) {
  return spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: 5000,
  });
}

/** A throwaway redis-server on 127.0.0.1 and a free port, keeping nothing on disk. */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-redis-'));
  const port = await freePort();
  const launch = async () => {
    const child = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
      { cwd: dir, stdio: 'ignore' },
    );
    const started = Date.now();
    while (cli(port, 'ping').stdout.trim() !== 'PONG') {
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
      if (Date.now() - started > 10_000) throw new Error('redis-server did not start in 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    return child;
  };
  let child = await launch();
  const halt = () => {
    child.kill('SIGCONT');
    cli(port, 'shutdown', 'nosave');
    child.kill('SIGKILL');
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      halt();
      rmSync(dir, { recursive: true, force: true });
    },
    pause: halt,
    async resume() {
      child = await launch();
    },
    freeze: () => void child.kill('SIGSTOP'),
    thaw: () => void child.kill('SIGCONT'),
    pid: () => child.pid!,
  };
}
