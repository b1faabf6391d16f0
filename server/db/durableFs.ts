import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * PGlite's Node file layer (Emscripten's NODEFS) writes through node:fs but has no `fsync`: the
 * PostgreSQL inside calls fsync() at every commit and checkpoint, and the call returns without
 * reaching the disk. PGlite also starts PostgreSQL with `-F` (fsync off), so it does not even ask.
 *
 * This file layer gives NODEFS a real fsync and starts PostgreSQL with fsync on, so PostgreSQL's
 * own protocol says what must be flushed and in which order. One refinement, group commit: a
 * commit's flush of the write-ahead log (WAL) is noted rather than done in place, and done
 * asynchronously before the commit is answered (`WalFlusher.flush`, awaited by the database
 * wrapper), so the commits that ran meanwhile share it. Anything else (a data file written, the
 * control file or a folder flushed, a WAL segment closed) first flushes the noted WAL in place,
 * so no change reaches the disk before the log that describes it: PostgreSQL's own rule, as with
 * `synchronous_commit = off`, except that nothing is answered before its flush. (DUR1)
 */
type EmscriptenStream = { nfd?: number; node?: unknown };
type StreamOps = {
  fsync?: (stream: EmscriptenStream) => number;
  write: (stream: EmscriptenStream, ...rest: never[]) => number;
  close: (stream: EmscriptenStream) => void;
};
type NodeFsInternals = { stream_ops: StreamOps; realPath: (node: unknown) => string };
type InitResult = Awaited<ReturnType<NodeFS['init']>>;

const isWal = (file: string) => file.includes(`${path.sep}pg_wal${path.sep}`);

/** WAL files written and awaiting their flush, flushed together. */
export class WalFlusher {
  private readonly dirty = new Set<string>();
  /** Bumped at each commit's WAL flush request; `flushed` is how far the disk has caught up. */
  private requested = 0;
  private flushed = 0;
  private running: Promise<void> | null = null;

  constructor(private readonly onFlush: () => void = () => undefined) {}

  /** PostgreSQL asked to flush this WAL file (a commit). */
  note(file: string) {
    this.dirty.add(file);
    this.requested += 1;
  }

  /** Flushes the noted WAL now, before anything else may reach the disk. */
  flushNow() {
    if (this.dirty.size === 0) return;
    const upTo = this.requested;
    for (const file of this.dirty) {
      flushPath(file);
      this.onFlush();
    }
    this.dirty.clear();
    this.flushed = Math.max(this.flushed, upTo);
  }

  /** Resolves once every WAL flush requested so far is on the disk; shared by concurrent callers. */
  async flush(): Promise<void> {
    const target = this.requested;
    while (this.flushed < target) {
      if (!this.running) {
        const upTo = this.requested;
        const files = [...this.dirty];
        this.dirty.clear();
        this.running = Promise.all(files.map((f) => flushPathAsync(f).then(this.onFlush)))
          .then(() => {
            this.flushed = Math.max(this.flushed, upTo);
          })
          .finally(() => {
            this.running = null;
          });
      }
      await this.running;
    }
  }
}

export class DurableNodeFS extends NodeFS {
  constructor(
    dataDir: string,
    private readonly wal: WalFlusher,
    private readonly onFlush: () => void = () => undefined,
  ) {
    super(dataDir);
  }

  override async init(...args: Parameters<NodeFS['init']>): Promise<InitResult> {
    const result = await super.init(...args);
    const { wal, onFlush } = this;
    result.emscriptenOpts.preRun = [
      ...(result.emscriptenOpts.preRun ?? []),
      (mod) => {
        const nodefs = mod.NODEFS as unknown as NodeFsInternals;
        const ops = nodefs.stream_ops;
        const fileOf = (stream: EmscriptenStream) => nodefs.realPath(stream.node);
        const write = ops.write;
        ops.write = (stream, ...rest) => {
          if (!isWal(fileOf(stream))) wal.flushNow();
          return write(stream, ...rest);
        };
        const close = ops.close;
        ops.close = (stream) => {
          // A WAL segment closed with a flush still owed: owe it no longer.
          if (isWal(fileOf(stream))) wal.flushNow();
          close(stream);
        };
        ops.fsync = (stream) => {
          const file = fileOf(stream);
          if (isWal(file) && stream.nfd !== undefined) {
            wal.note(file);
            return 0;
          }
          wal.flushNow();
          // Directories and files alike: PostgreSQL flushes a folder after creating or renaming
          // a file in it, and Linux allows fsync on a read-only descriptor.
          if (stream.nfd !== undefined) fsyncSync(stream.nfd);
          onFlush();
          return 0;
        };
      },
    ];
    return result;
  }
}

/**
 * PGlite's start-up parameters with fsync on. `wal_sync_method=fsync` because Emscripten's
 * fdatasync() is a no-op that never reaches the file layer; fsync() does.
 */
export function durableStartParams(): string[] {
  return [
    ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
    '-c',
    'fsync=on',
    '-c',
    'wal_sync_method=fsync',
  ];
}

/**
 * Flushes every file and folder under `dir`. A new data folder is written by PGlite's initdb,
 * which has its own file layer without fsync; flushing it once makes the empty database itself
 * survive a power cut before the first checkpoint. On Linux one syncfs(2) (`sync -f`) flushes
 * the whole file system in milliseconds; elsewhere, each of the thousand files in turn.
 */
export function flushAll(dir: string) {
  try {
    execFileSync('sync', ['-f', dir], { stdio: 'ignore' });
  } catch {
    flushTree(dir);
  }
}

export function flushTree(dir: string) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) flushTree(full);
    else if (entry.isFile()) flushPath(full);
  }
  flushPath(dir);
}

async function flushPathAsync(file: string) {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function flushPath(file: string) {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
