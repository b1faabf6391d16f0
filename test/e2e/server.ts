import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRoundtable } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

// The end-to-end server: the real app on loopback with an embedded database on disk, emptied
// at every run so the journey starts from a fresh install (set-up page first).
const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-e2e-'));
const config = loadConfig({
  PORT: process.env.E2E_PORT ?? '4310',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
});
const app = await createRoundtable(config);
console.log(`e2e server at ${await app.listen()} (data in ${dataDir})`);

const stop = () => {
  void app.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
