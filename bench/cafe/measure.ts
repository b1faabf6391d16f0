import { Agent, get } from 'node:http';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { distribution, sleep, startPressure } from '../lib.ts';
import type { Driver } from './types.ts';

/** A note or probe this slow is listed with the moment it happened. */
export const SLOW_NOTE_MS = 100;

export function count(into: Record<string, number>, key: string, by = 1) {
  into[key] = (into[key] ?? 0) + by;
}

/** Polls `done` every 20 ms until it holds or `ms` have passed; whether it held. */
export async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await sleep(20);
  }
  return true;
}

function driverFigures(
  loop: IntervalHistogram,
  cpu: NodeJS.CpuUsage,
  wallMs: number,
  lags: number[],
): Driver {
  return {
    // The histogram counts the 1 ms sampling interval itself; only the excess is delay.
    loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 1),
    loopDelayMaxMs: Math.max(0, loop.max / 1e6 - 1),
    cpuPercent: wallMs > 0 ? ((cpu.user + cpu.system) / 1000 / wallMs) * 100 : 0,
    rssPeakMb: process.resourceUsage().maxRSS / 1024,
    sendLag: distribution(lags),
  };
}

/** Busy moments of the bench process over a writing window: reused for both sides. */
export function startDriverWatch() {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const at = performance.now();
  const pressure = startPressure();
  return {
    stop(lags: number[]) {
      loop.disable();
      return {
        driver: driverFigures(loop, process.cpuUsage(cpu), performance.now() - at, lags),
        machine: { pressure: pressure(), loadAverage: loadavg()[0]! },
      };
    },
  };
}

/** pino's JSON lines at warn (40) or above, counted by message. */
export function summarizeLog(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        err?: { message?: string };
      };
      if ((entry.level ?? 0) < 40) continue;
      const why = entry.err?.message ? ` (${entry.err.message.slice(0, 120)})` : '';
      count(counts, `${entry.level === 40 ? 'warn' : 'error'}: ${entry.msg ?? '?'}${why}`);
    } catch {
      if (/error|warn|exception|unhandled|reject/i.test(line))
        count(counts, `(not JSON) ${line.slice(0, 120)}`);
    }
  }
  return counts;
}

/**
 * GETs an unknown /api path (a 404 that touches no database) every 250 ms, or right after a slower
 * answer: how long the server's event loop was unavailable, and when.
 */
export function startProbe(url: string, everyMs = 250) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const probes: { at: number; ms: number }[] = [];
  let running = true;
  const once = (timeoutMs: number) =>
    new Promise<number>((resolve) => {
      const at = performance.now();
      const req = get(url, { agent, timeout: timeoutMs }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - at));
        res.on('error', () => resolve(performance.now() - at));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(performance.now() - at));
    });
  const done = (async () => {
    while (running) {
      const at = performance.now();
      probes.push({ at, ms: await once(30_000) });
      await sleep(Math.max(0, at + everyMs - performance.now()));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      agent.destroy();
      return probes;
    },
  };
}
