import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../server/logger.ts';

export type CapturedLine = { level: number; msg: string } & Record<string, unknown>;

/** A real pino logger at `info` whose lines the test can read back. */
export function captureLog(): { log: Logger; lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text) lines.push(JSON.parse(text) as CapturedLine);
      }
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

/** pino's numeric levels. */
export const levels = { info: 30, warn: 40, error: 50, fatal: 60 } as const;
