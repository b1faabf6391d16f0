import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';

export type ServerProcess = {
  url: string;
  pid: number;
  /** What the server has printed so far (the last 64 KiB of stdout and stderr, interleaved). */
  output(): string;
  /** SIGTERM, then waits for the exit; SIGKILL if it has not gone after `timeoutMs`. */
  stop(opts?: {
    timeoutMs?: number;
  }): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL at once, as `kill -9` or a crash would: no shutdown code runs. Waits for the exit. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const outputLimit = 64 * 1024;
const live = new Set<ChildProcess>();

// A test run that dies (a failed assertion before stop(), Ctrl-C) must not leave servers behind
// holding ports and data directories.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Starts the real server (`node --import tsx server/main.ts`) as a child process on 127.0.0.1
 * and a free port, and resolves once GET /healthz answers 200. The child sees only the settings
 * given here, so a DATABASE_URL in the developer's shell cannot point it at their own database.
 */
export async function start(
  env: Record<string, string> = {},
  opts: { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const timeoutMs = opts.timeoutMs ?? 45_000;
  // freePort() can lose a race with another process; a second port is then tried once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(env, timeoutMs);
    } catch (err) {
      if (attempt >= 2 || !String(err).includes('EADDRINUSE') || env.PORT) throw err;
    }
  }
}

async function startOnce(env: Record<string, string>, timeoutMs: number): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...inheritedEnv(),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
      PORT: port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-outputLimit);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const host = env.HOST ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const deadline = Date.now() + timeoutMs;
  const started = Date.now();
  for (;;) {
    if (hasExited()) {
      const { code, signal } = await exited;
      throw new Error(
        `server exited during start-up (code ${code}, signal ${signal}):\n${output || '(no output)'}`,
      );
    }
    if (await healthy(url)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(
        `server did not answer /healthz within ${Date.now() - started} ms:\n${output || '(no output)'}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    url,
    pid: child.pid!,
    output: () => output,
    async stop({ timeoutMs: stopTimeout = 15_000 } = {}) {
      if (hasExited()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeout);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    async kill() {
      if (hasExited()) return exited;
      child.kill('SIGKILL');
      return exited;
    },
  };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    // Not listening yet (connection refused) or still busy starting: ask again shortly.
    return false;
  }
}

/** What a process needs to run at all; settings come only from the caller. */
function inheritedEnv(): Record<string, string> {
  const names = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'TZ', 'SYSTEMROOT'];
  return Object.fromEntries(
    names.flatMap((n) => (process.env[n] !== undefined ? [[n, process.env[n]!]] : [])),
  );
}
