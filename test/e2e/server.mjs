// The end-to-end server: the production build (`npm run build`: the compiled server in
// dist/server and the client in dist/client), on loopback with an embedded database on disk,
// emptied at every run so the journey starts from a fresh install (set-up page first).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-e2e-'));
process.env.PORT = process.env.E2E_PORT ?? '4310';
process.env.HOST = '127.0.0.1';
process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL = 'warn';
delete process.env.DATABASE_URL;
delete process.env.PUBLIC_URL;
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
await import('../../dist/server/server/main.js');
