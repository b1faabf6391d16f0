import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * PGlite is one process's database: a second server on the same folder would start, accept
 * writes, and lose them. A lock file in DATA_DIR makes the second one refuse to start instead.
 * A lock left by a process that is gone (a crash, a killed container) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'roundtable.lock');
  const me = `${process.pid}@${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, me);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readFileSync(file, 'utf8').trim();
      if (holderIsAlive(holder)) {
        throw new Error(
          `Another Roundtable (process ${holder}) is using ${dataDir}. Stop it first, or set DATA_DIR to another folder.`,
          { cause: err },
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function holderIsAlive(holder: string): boolean {
  const [pidText, host] = holder.split('@');
  const pid = Number(pidText);
  // Another machine's (or container's) process cannot be checked from here; its pid numbers mean
  // nothing in ours. Our own pid is a stale lock from an earlier run of this container.
  if (!Number.isInteger(pid) || host !== hostname() || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
