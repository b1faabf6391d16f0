import { parseArgs } from 'node:util';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createRoundtable } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { runFuzz, type FuzzStats } from '../test/fuzz/harness.ts';
import {
  fuzzLimits,
  percentile,
  prepareTarget,
  settledHeap,
  watchLatency,
} from '../test/fuzz/setup.ts';

// The long run of the fuzzer (SEC17): `npm run fuzz -- --count 1000000 --seed 42`. It starts a
// server of its own on 127.0.0.1 (embedded PostgreSQL in memory, or DATABASE_URL's) and checks
// what the CI run checks. `--network` of the messages go over the sockets and HTTP (a tenth by
// default), the rest are handed in-process to the handlers the sockets call. Exit code 1 on any
// finding; the seed replays it.
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    network: { type: 'string' },
    seed: { type: 'string' },
  },
});
const count = Number(values.count);
const network = Number(values.network ?? Math.ceil(count / 10));
const seed = Number(values.seed ?? Math.floor(Math.random() * 2 ** 31));
if (
  !Number.isInteger(count) ||
  count < 1 ||
  !Number.isInteger(network) ||
  network < 0 ||
  network > count ||
  !Number.isInteger(seed)
) {
  console.error('usage: npm run fuzz -- [--count N] [--network N] [--seed S]');
  process.exit(2);
}

const lines: { level: number; msg: string }[] = [];
const log = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text) lines.push(JSON.parse(text) as { level: number; msg: string });
      }
      done();
    },
  }),
);
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: 'memory://',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
});
const app = await createRoundtable(config, { log, limits: fuzzLimits });
const url = await app.listen();
const findings: string[] = [];
try {
  const { target, normal } = await prepareTarget(url, app);
  await runFuzz(target, { seed: seed ^ 0x5eed, count: 500 });
  await runFuzz(target, { seed: seed ^ 0x5eed, count: 2000, inProcess: app.edges });
  const heapBefore = settledHeap();
  const watch = watchLatency(normal);
  while (watch.samples.length < 10) await new Promise((r) => setTimeout(r, 100));
  const usual = percentile(
    watch.samples.map((s) => s.ms),
    95,
  );
  const started = Date.now();
  const onProgress = (done: number, stats: FuzzStats) => {
    if (done % 20_000 === 0 || process.env.FUZZ_VERBOSE)
      console.log(`  ${done} messages, ${Date.now() - started} ms`, JSON.stringify(stats));
  };
  const overNetwork = await runFuzz(target, { seed, count: network, onProgress });
  const handedOver = await runFuzz(target, {
    seed: seed + 1,
    count: count - network,
    inProcess: app.edges,
    onProgress,
  });
  const during = watch.samples.filter((s) => s.at > started);
  await watch.stop();
  normal.close();
  const p95 = percentile(
    during.map((s) => s.ms),
    95,
  );
  const heapAfter = settledHeap();
  console.log('network:', JSON.stringify(overNetwork));
  console.log('in-process:', JSON.stringify(handedOver));
  console.log(
    `${count} messages (${network} over the network) in ${Date.now() - started} ms; normal p95 ${usual.toFixed(0)} -> ${p95.toFixed(0)} ms; heap ${(heapBefore / 1e6).toFixed(1)} -> ${(heapAfter / 1e6).toFixed(1)} MB; ${lines.length} log lines`,
  );
  for (const f of handedOver.findings) findings.push(`in-process: ${f}`);
  const errors = lines.filter((l) => l.level >= 50);
  if (errors.length)
    findings.push(`${errors.length} error lines, first: ${JSON.stringify(errors[0])}`);
  if (during.some((s) => !s.ok)) findings.push('the normal participant was refused');
  if (p95 > Math.max(usual * 5, 250)) findings.push(`normal p95 ${p95.toFixed(0)} ms`);
  if (heapAfter > heapBefore * 1.1) findings.push('heap grew more than 10 %');
  if ((await fetch(`${url}/healthz`)).status !== 200) findings.push('health check failed');
} catch (err) {
  findings.push(`fuzzer stopped: ${String(err)}`);
} finally {
  await app.close();
}
if (findings.length) {
  console.error(`FAILED with seed ${seed}:\n  ${findings.join('\n  ')}`);
  process.exit(1);
}
console.log(`passed (seed ${seed})`);
process.exit(0);
