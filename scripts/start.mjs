// `npm start`: builds the client and the server once, and again only when a source file is newer
// than the last build (after a `git pull`), then runs the compiled server in this process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = path.join(root, 'dist', '.built');
const entry = path.join(root, 'dist', 'server', 'server', 'main.js');
const sources = [
  'client',
  'server',
  'shared',
  'vite.config.ts',
  'tsconfig.json',
  'package-lock.json',
];

function newest(file) {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const name of readdirSync(file)) {
    if (name === 'node_modules') continue;
    latest = Math.max(latest, newest(path.join(file, name)));
  }
  return latest;
}

const built = existsSync(stamp) && existsSync(entry) ? statSync(stamp).mtimeMs : 0;
const changed = Math.max(...sources.map((s) => newest(path.join(root, s))));
if (built < changed) {
  console.log(built ? 'Sources changed since the last build: building…' : 'First start: building…');
  const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(pathToFileURL(entry).href);
