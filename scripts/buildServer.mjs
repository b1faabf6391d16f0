// Compiles the server (and the shared code it imports) to plain JavaScript in dist/server, so
// production runs `node` on JavaScript: no TypeScript compiler in the running process.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/server`;
rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.server.json`],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// Migrations are read at run time beside the compiled migrate.js.
cpSync(`${root}server/db/migrations`, `${out}/server/db/migrations`, { recursive: true });
console.log('server compiled to dist/server');
