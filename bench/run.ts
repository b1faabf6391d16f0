import { parseArgs } from 'node:util';
import { runJoinStorm, type Distribution, type StormReport } from './joinStorm.ts';

/**
 * `npm run bench [-- --phones N --seconds S]`: the join storm against a real server in a child
 * process. Prints a table and exits non-zero when more than 1% of the phones failed.
 */
const usage = 'usage: npm run bench -- [--phones N] [--seconds S]   (env BENCH_PHONES also sets N)';

function options(): { phones: number; seconds: number } {
  const { values } = parseArgs({
    options: {
      phones: { type: 'string' },
      seconds: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const phones = Number(values.phones ?? process.env.BENCH_PHONES ?? 1000);
  const seconds = Number(values.seconds ?? 10);
  if (!Number.isInteger(phones) || phones < 1 || phones > 20_000) {
    throw new Error(`--phones must be a whole number from 1 to 20000\n${usage}`);
  }
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw new Error(`--seconds must be more than 0 and at most 600\n${usage}`);
  }
  return { phones, seconds };
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 100 ? 1 : 0)} ms` : '-');
const times = (v: number) => (Number.isFinite(v) ? `x${v.toFixed(2)}` : '-');
const pct = (v: number) => `${v.toFixed(1)}%`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  '),
    )
    .join('\n');
}

const row = (label: string, d: Distribution) => [label, ms(d.p50), ms(d.p95), ms(d.p99), ms(d.max)];

function print(r: StormReport) {
  const base = r.baseline.median;
  const failedShare = (r.storm.failed / r.phones) * 100;
  const lines = [
    '',
    `Join storm: ${r.phones} phones over ${r.seconds} s against one server (pid ${r.serverPid}, PGlite on disk)`,
    '',
    table([
      ['', 'p50', 'p95', 'p99', 'max'],
      [`baseline: one phone, idle server (median of ${r.baseline.joins})`, ms(base), '', '', ''],
      row('storm: join to ready (POST to first room:state)', r.storm.ready),
      [
        '  ratio to baseline',
        times(r.storm.ready.p50 / base),
        times(r.storm.ready.p95 / base),
        '',
        '',
      ],
      row('  of which POST /api/join', r.storm.post),
      row('  of which socket to first room:state', r.storm.socket),
      row(`fan-out: activity:goto to room:state on every phone`, r.fanout.latency),
      [
        '  ratio to baseline',
        times(r.fanout.latency.p50 / base),
        times(r.fanout.latency.p95 / base),
        '',
        '',
      ],
    ]),
    '',
    `failed joins       ${r.storm.failed} of ${r.phones} (${pct(failedShare)})${formatFailures(r)}`,
    `fan-out reached    ${r.fanout.reached} of ${r.fanout.of} ready phones (facilitator's ack after ${ms(r.fanout.ackMs)})`,
    `presence online    ${r.presenceOnline ?? '-'} (as last pushed to the facilitator)`,
    `storm wall time    ${ms(r.storm.wallMs)} (schedule ${r.seconds * 1000} ms)`,
    `server CPU         mean ${pct(r.cpu.mean)}, peak ${pct(r.cpu.peak)} over the storm (${r.cpu.samples} samples every 250 ms; 100% = one core)`,
    `server RSS         peak ${r.rssMb.peak.toFixed(0)} MB (idle after baseline ${r.rssMb.idle.toFixed(0)} MB)`,
    `driver             CPU ${pct(r.driver.cpuPercent)}, event-loop delay p99 ${ms(r.driver.loopDelayP99Ms)} / max ${ms(r.driver.loopDelayMaxMs)}, start lag p95 ${ms(r.storm.startLag.p95)} / max ${ms(r.storm.startLag.max)}`,
    `open-file limit    server ${r.openFileLimit.server ?? '?'}, driver ${r.openFileLimit.driver ?? '?'}`,
    '',
  ];
  console.log(lines.join('\n'));
}

function formatFailures(r: StormReport): string {
  const entries = Object.entries(r.storm.failures);
  return entries.length ? `: ${entries.map(([why, n]) => `${n}× ${why}`).join(', ')}` : '';
}

async function main(): Promise<number> {
  const opts = options();
  const report = await runJoinStorm({
    ...opts,
    log: (line) => console.error(`[bench] ${line}`),
  });
  print(report);
  const failed = report.storm.failed + (report.fanout.of - report.fanout.reached);
  if (failed / report.phones > 0.01) {
    console.error(`[bench] more than 1% of phones failed to join or to follow the room`);
    return 1;
  }
  return 0;
}

// Exit explicitly: a socket a phone failed to close must not keep the bench running.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
