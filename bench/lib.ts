import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'socket.io-client';
import type { Ack } from '../shared/protocol/ack.ts';
export { mulberry32 } from '../shared/domain/random.ts';
import type {
  ClientToServerEvents,
  CommandName,
  CommandRequest,
  CommandResult,
  ServerToClientEvents,
} from '../shared/protocol/socket.ts';

/** Helpers shared by the bench cases: HTTP, commands, timing, percentiles, process figures. */

type PidStat = { cpu: number; memory: number };
// pidusage ships no types and the repo adds no @types package for one call.
export const pidusage = createRequire(import.meta.url)('pidusage') as ((
  pid: number,
) => Promise<PidStat>) & {
  clear(): void;
};

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type Distribution = { count: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles: every figure printed is a latency some phone really had. */
export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

export function median(values: number[]): number {
  return distribution(values).p50;
}

export type PostResult = { status: number; body: string; setCookie: string | undefined };

export function postJson(
  agent: Agent,
  url: string,
  body: unknown,
  cookie = '',
  timeoutMs = 30_000,
): Promise<PostResult> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            setCookie: res.headers['set-cookie']?.[0],
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('POST timed out')));
    req.on('error', reject);
    req.end(data);
  });
}

export function command<K extends CommandName>(
  socket: ClientSocket,
  name: K,
  payload: CommandRequest<K>,
  timeoutMs = 30_000,
): Promise<Ack<CommandResult<K>>> {
  // The typed emitWithAck loses the result type once timeout() adds its error argument.
  const timed = socket.timeout(timeoutMs) as unknown as {
    emitWithAck(n: string, p: unknown): Promise<Ack<CommandResult<K>>>;
  };
  return timed.emitWithAck(name, payload);
}

export function connected(socket: ClientSocket, timeoutMs: number): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    }),
    timeoutMs,
  );
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms)} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The soft "Max open files" of a process, from /proc (Linux); undefined elsewhere. */
export function openFileLimit(pid: number | 'self'): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(text);
    if (!match) return undefined;
    return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
  } catch {
    // No /proc (macOS): the check is skipped and a shortage shows as failures instead.
    return undefined;
  }
}

/** Refuses to start when either side may not open `needed` files, saying what to run. */
export function checkOpenFiles(
  limits: Record<string, number | undefined>,
  needed: number,
  what: string,
) {
  for (const [side, limit] of Object.entries(limits)) {
    if (limit !== undefined && limit < needed) {
      throw new Error(
        `the ${side} may open only ${limit} files and ${what} need about ${needed}: ` +
          `raise the limit first (ulimit -n ${Math.max(needed, 4096)}) or run a smaller case`,
      );
    }
  }
}

export type Sample = { t: number; cpu: number; rss: number };

/**
 * Samples a process's CPU and RSS with pidusage every `everyMs`. CPU is the share of one core
 * since the previous sample (100% = one core).
 */
export async function startSampler(pid: number, everyMs = 250) {
  const samples: Sample[] = [];
  let busy = false;
  await pidusage(pid); // pidusage reports CPU since its previous call: this is the zero.
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    pidusage(pid)
      .then((s) => samples.push({ t: performance.now(), cpu: s.cpu, rss: s.memory }))
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, everyMs);
  return {
    samples,
    stop: () => clearInterval(timer),
    /** Mean and peak CPU over [from, to]; peak RSS over every sample so far, in MB. */
    figures(from: number, to: number) {
      const inside = samples.filter((s) => s.t >= from && s.t <= to);
      return {
        cpu: {
          mean: inside.length ? inside.reduce((s, x) => s + x.cpu, 0) / inside.length : 0,
          peak: Math.max(0, ...inside.map((s) => s.cpu)),
          samples: inside.length,
        },
        rssPeakMb: Math.max(0, ...samples.map((s) => s.rss)) / 2 ** 20,
      };
    },
  };
}

/** Linux pressure-stall totals (µs) of the whole machine; undefined where /proc has none. */
function pressureTotals(): { cpu: number; io: number } | undefined {
  try {
    const some = (kind: string) => {
      const text = readFileSync(`/proc/pressure/${kind}`, 'utf8');
      const match = /^some .*total=(\d+)/m.exec(text);
      if (!match) throw new Error('no total');
      return Number(match[1]);
    };
    return { cpu: some('cpu'), io: some('io') };
  } catch {
    return undefined;
  }
}

/**
 * How crowded the machine was over an interval: the share of wall time in which at least one
 * runnable task waited for a core (CPU) or for the disk (IO), from /proc/pressure. It counts
 * every process, the bench's own included; on a shared machine it shows what else was running.
 */
export function startPressure() {
  const before = pressureTotals();
  const at = performance.now();
  return (): { cpuPercent: number; ioPercent: number } | undefined => {
    const after = pressureTotals();
    const wallUs = (performance.now() - at) * 1000;
    if (!before || !after || wallUs <= 0) return undefined;
    return {
      cpuPercent: ((after.cpu - before.cpu) / wallUs) * 100,
      ioPercent: ((after.io - before.io) / wallUs) * 100,
    };
  };
}

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** A baseline server (a relay, a broadcaster) running in its own process beside the case. */
export type BaselineProcess = {
  url: string;
  pid: number;
  /** The next JSON line the child printed after its port (a line that is not JSON: `{unreadable}`). */
  next(): Promise<Record<string, unknown>>;
  /** Writes one JSON line to the child's stdin. */
  send(line: unknown): void;
  /** The last 16 KiB of the child's stderr. */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves with how it exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts `script` (run with tsx, `--max-seconds` so it stops by itself) and resolves once its first
 * stdout line, `{"port": n}`, says where it listens. The child sees only what Node needs from the
 * environment, so settings in the shell (y-websocket's YPERSISTENCE, say) cannot change it.
 */
export async function startBaselineProcess(
  script: string,
  maxSeconds: number,
  label: string,
): Promise<BaselineProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, '--max-seconds', String(Math.ceil(maxSeconds))],
    {
      cwd: repoRoot,
      env: Object.fromEntries(
        ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'].flatMap((n) =>
          process.env[n] !== undefined ? [[n, process.env[n]!]] : [],
        ),
      ),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-16_384)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', kill);
      resolve({ code, signal });
    }),
  );
  const queued: Record<string, unknown>[] = [];
  const waiting: ((v: Record<string, unknown>) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      parsed = { unreadable: line };
    }
    const w = waiting.shift();
    if (w) w(parsed);
    else queued.push(parsed);
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const q = queued.shift();
      if (q) return resolve(q);
      waiting.push(resolve);
      void exited.then((e) =>
        reject(new Error(`${label} exited: ${JSON.stringify(e)}\n${stderr}`)),
      );
    });
  const first = await withTimeout(next(), 30_000).catch((err: unknown) => {
    kill();
    throw err;
  });
  if (typeof first.port !== 'number') {
    kill();
    throw new Error(`${label} said ${JSON.stringify(first)}`);
  }
  return {
    url: `ws://127.0.0.1:${first.port}`,
    pid: child.pid!,
    next,
    send: (line) => child.stdin!.write(`${JSON.stringify(line)}\n`),
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(kill, 5000);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
}

/** Runs `fn` for 0..count-1 with at most `concurrency` at once. */
export async function pool<T>(
  count: number,
  concurrency: number,
  fn: (i: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array<PromiseSettledResult<T>>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** A failure's reason, with timings blurred so equal reasons count together. */
export const reason = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).replace(/\d+(\.\d+)? ?ms/g, 'N ms');

/** The first facilitator of a fresh server; answers with their session cookie. */
export async function setUpFacilitator(agent: Agent, url: string): Promise<string> {
  const setup = await postJson(agent, `${url}/api/setup`, {
    email: 'bench@example.org',
    password: 'a long enough bench password',
    name: 'Bench Facilitator',
  });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${setup.body}`);
  return setup.setCookie?.split(';')[0] ?? '';
}
