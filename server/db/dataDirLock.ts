import { createHash } from 'node:crypto';
import { realpathSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * PGlite is one process's database: a second server on the same folder would start, accept
 * writes, and lose them. So the first one holds a lock on DATA_DIR and a second one refuses to
 * start.
 *
 * The lock is a listening Unix socket (a named pipe on Windows) in the folder, not a file naming
 * a process id: the kernel closes the socket when its process dies, however it dies, so a lock
 * left by a killed process is recognised as stale at once; and a process id that now belongs to
 * some other live process (after a reboot) can no longer keep the folder locked. (DUR5)
 */
export async function lockDataDir(dataDir: string): Promise<() => void> {
  const address = lockAddress(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    const server = await listen(address).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err;
      return undefined;
    });
    if (server) {
      // Who holds it, for the refusal message of a second server.
      server.on('connection', (socket) => socket.end(`${process.pid}@${hostname()}`));
      // A lock must not keep the process alive on its own.
      server.unref();
      return () => {
        server.close();
      };
    }
    const holder = await askHolder(address);
    if (holder !== undefined) {
      throw new Error(
        `Another Roundtable (process ${holder || 'unknown'}) is using ${dataDir}. Stop it first, or set DATA_DIR to another folder.`,
      );
    }
    // Nobody answers: the socket file of a process that is gone (or a lock file an older version
    // left). Take it over.
    if (!isPipe(address)) rmSync(address, { force: true });
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isPipe(address: string) {
  return address.startsWith('\\\\');
}

/**
 * The socket lives in the folder, so it names the folder wherever it is mounted. A Unix socket
 * path is limited to about 100 bytes: a deep folder is reached by a relative path, and failing
 * that Linux's abstract namespace (no file at all) keyed by the folder's real path.
 */
function lockAddress(dataDir: string): string {
  const real = realpathSync(dataDir);
  const key = createHash('sha256').update(real).digest('hex').slice(0, 32);
  if (process.platform === 'win32') return `\\\\.\\pipe\\roundtable-${key}`;
  const file = path.join(real, 'roundtable.lock');
  if (Buffer.byteLength(file) <= 100) return file;
  const relative = path.relative(process.cwd(), file);
  if (Buffer.byteLength(relative) <= 100) return relative;
  if (process.platform === 'linux') return `\0roundtable-${key}`;
  throw new Error(`DATA_DIR is too deep to hold its lock: ${dataDir}. Use a shorter path.`);
}

function listen(address: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The holder's "pid@host", '' if it answered without one, undefined if nobody listens. */
function askHolder(address: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection(address);
    let text = '';
    let connected = false;
    const timer = setTimeout(() => socket.destroy(), 2000);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', (chunk: string) => {
      text = (text + chunk).slice(0, 200);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(connected ? text.trim() : undefined);
    });
    socket.on('error', () => undefined);
  });
}
