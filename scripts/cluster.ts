// `npm run cluster -- --nodes N --port P --host H`: several Roundtable nodes on this machine,
// joined as in production (one PostgreSQL server, one Redis, a sticky load balancer in front),
// to try multi-node behaviour by hand without Docker. Everything it starts is throwaway: Ctrl-C
// stops the nodes, Redis and PostgreSQL and deletes their data.
//
// Needs Debian's postgresql and redis-server packages (as the integration tests do) and the
// client build in dist/client (built here first if it is missing).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres, type PostgresServer } from '../test/helpers/postgres.ts';
import { start, type ServerProcess } from '../test/helpers/process.ts';
import { startRedis, type RedisServer } from '../test/helpers/redis.ts';
import { startBalancer, type Balancer } from './cluster/balancer.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '2' },
    port: { type: 'string', default: '3000' },
    // Loopback by default; 0.0.0.0 lets phones on the network in (only the balancer: the nodes
    // trust its X-Forwarded-For, so they stay on loopback).
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const nodeCount = Number(values.nodes);
const port = Number(values.port);
if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 16) {
  console.error('--nodes must be a whole number from 1 to 16');
  process.exit(2);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('--port must be a port number');
  process.exit(2);
}

if (!existsSync(path.join(root, 'dist', 'client', 'index.html'))) {
  console.log('No client build in dist/client: running npm run build first…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

let postgres: PostgresServer | undefined;
let redis: RedisServer | undefined;
const nodes: ServerProcess[] = [];
let balancer: Balancer | undefined;
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  await balancer?.close().catch(() => undefined);
  await Promise.all(nodes.map((n) => n.stop().catch(() => undefined)));
  try {
    redis?.stop();
  } finally {
    postgres?.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  postgres = await startPostgres();
  redis = await startRedis();
  // One token for every node: each node left to make its own would replace the others' in the
  // database, and only the last one printed would work.
  const setupToken = randomBytes(18).toString('base64url');
  const env = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    SETUP_TOKEN: setupToken,
    TRUST_PROXY: '1',
    STATIC_DIR: path.join(root, 'dist', 'client'),
    ...(process.env.PUBLIC_URL ? { PUBLIC_URL: process.env.PUBLIC_URL } : {}),
  };
  // One after another: the first start creates the schema.
  for (let i = 0; i < nodeCount; i++) nodes.push(await start(env, { timeoutMs: 90_000 }));
  balancer = await startBalancer({ targets: nodes.map((n) => n.url), host: values.host, port });

  const open = process.env.PUBLIC_URL ?? balancer.url;
  console.log(
    [
      '',
      `  Roundtable on ${nodeCount} node${nodeCount === 1 ? '' : 's'}: open ${open}`,
      `  First visit: create the facilitator account at ${open}/setup?token=${setupToken}`,
      '',
      ...nodes.map((n, i) => `  node ${i + 1}: ${n.url} (pid ${n.pid})`),
      `  PostgreSQL: ${postgres.url}`,
      `  Redis: ${redis.url}`,
      '',
      '  Ctrl-C stops everything and deletes the data.',
      '',
    ].join('\n'),
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll(1);
}
