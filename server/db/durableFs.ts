import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * PGlite's Node file layer (Emscripten's NODEFS) writes through node:fs but has no `fsync`: the
 * PostgreSQL inside calls fsync() at every commit and checkpoint, and the call returns without
 * reaching the disk. PGlite also starts PostgreSQL with `-F` (fsync off), so it does not even ask.
 *
 * This file layer gives NODEFS a real fsync and starts PostgreSQL with fsync on, so PostgreSQL's
 * own write-ahead-log protocol decides when to flush and in which order: the WAL before a commit
 * is acknowledged, data files and the control file at a checkpoint, everything after a crash
 * before recovery trusts it. (DUR1)
 */
type EmscriptenStream = { nfd?: number };
type NodeFsOps = { stream_ops: { fsync?: (stream: EmscriptenStream) => number } };
type InitResult = Awaited<ReturnType<NodeFS['init']>>;

export class DurableNodeFS extends NodeFS {
  constructor(
    dataDir: string,
    private readonly onFlush: () => void = () => undefined,
  ) {
    super(dataDir);
  }

  override async init(...args: Parameters<NodeFS['init']>): Promise<InitResult> {
    const result = await super.init(...args);
    const onFlush = this.onFlush;
    result.emscriptenOpts.preRun = [
      ...(result.emscriptenOpts.preRun ?? []),
      (mod) => {
        (mod.NODEFS as unknown as NodeFsOps).stream_ops.fsync = (stream) => {
          // Directories and files alike: PostgreSQL fsyncs a directory after creating or renaming
          // a file in it (a new WAL segment), and Linux allows fsync on a read-only descriptor.
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

function flushPath(file: string) {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
