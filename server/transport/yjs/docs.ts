import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocAccess, DocHooks, Documents } from '../../core/documents.ts';
import type { Logger } from '../../logger.ts';
import type { DocRelay } from './relay.ts';
import type { YjsStore } from './store.ts';

/** Transaction origin of the server's own writes (residents' validated contributions). */
export const SERVER_ORIGIN = Symbol('roundtable-server');

/** Transaction origin of updates another node stored and relayed (REDIS_URL). */
const RELAYED_ORIGIN = Symbol('roundtable-other-node');

export type { DocAccess, DocHooks };

/**
 * One connection to a document, as the registry sees it. The endpoint implements it over a
 * WebSocket; the registry never encodes wire messages itself.
 */
export interface DocPeer {
  readonly access: DocAccess;
  /** Sync step 2: the state this peer lacks, answering its sync step 1. */
  sendState(update: Uint8Array): void;
  /** An update someone else made, already stored. */
  sendUpdate(update: Uint8Array): void;
  /** Awareness changes of other read-write peers; never called for read-only peers. */
  sendAwareness(update: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** The document could not be kept in step with the store and was dropped from memory. */
export class DocUnavailableError extends Error {
  override name = 'DocUnavailableError';
}

/** The document's owner refused a peer's update (a tablecloth over its size budget, say). */
export class UpdateRefusedError extends Error {
  override name = 'UpdateRefusedError';
}

/** A peer without write access tried to write; the endpoint drops these before they get here. */
export class ReadOnlyError extends Error {
  override name = 'ReadOnlyError';
}

type Task = { kind: 'read' | 'write'; run: () => void; settle: (err?: unknown) => void };

/** Most updates in one append; a burst from many writers still becomes a few round trips. */
const MAX_BATCH = 500;

/**
 * A loaded document with its peers and its write queue.
 *
 * Durability ordering: every change (a peer's update or a server transaction) runs in the
 * document's queue; the updates it produces are appended to the store, and only after the append
 * commits are they sent to other peers and is the write acknowledged (a `transact()` resolves).
 * Sync step 1 requests wait in the same queue, so a state answer is computed at a point where
 * the document in memory equals what is stored. Hence nothing the server sends or acknowledges
 * can be lost by a restart. If an append fails, memory is ahead of the store: the document is
 * dropped and its peers disconnected, and they resync from the store when they reconnect.
 */
export class SharedDoc {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<DocPeer>();
  /** Connections and transactions using this document; it is unloaded only at zero. */
  holds = 0;
  dead = false;
  unloadTimer: NodeJS.Timeout | undefined;
  /** Stops hearing other nodes' updates; set while the document is open with a relay. */
  unrelay: (() => void) | undefined;
  private readonly queue: Task[] = [];
  private unsaved: { update: Uint8Array; origin: unknown }[] = [];
  private pumping = false;
  private compacting: Promise<void> | undefined;
  /** Updates in the store after its snapshot, as far as this process knows. */
  private sinceSnapshot: number;
  /** Awareness client ids each read-write peer announced, removed when it leaves. */
  private readonly announced = new Map<DocPeer, Set<number>>();

  constructor(
    readonly name: string,
    loaded: { doc: Y.Doc; sinceSnapshot: number },
    private readonly ctx: {
      store: YjsStore;
      log: Logger;
      onIdle: (doc: SharedDoc) => void;
      onDead: (doc: SharedDoc) => void;
      hooks?: DocHooks | undefined;
      relay?: DocRelay | undefined;
    },
  ) {
    this.doc = loaded.doc;
    this.sinceSnapshot = loaded.sinceSnapshot;
    // Every update is captured, whoever made it: even a change made outside the queue is stored
    // before anyone else sees it.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      // Another node stored it before relaying it: it only goes on to this node's peers.
      if (origin === RELAYED_ORIGIN) {
        for (const peer of this.peers) peer.sendUpdate(update);
        return;
      }
      this.unsaved.push({ update, origin });
      if (!this.pumping) void this.pump();
    });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant in presence; it only relays.
    this.awareness.setLocalState(null);
    this.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        const ids = this.announced.get(origin as DocPeer);
        if (ids) {
          for (const id of added) ids.add(id);
          for (const id of removed) ids.delete(id);
        }
        const changed = [...added, ...updated, ...removed];
        if (changed.length === 0) return;
        const message = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
        for (const peer of this.peers) {
          if (peer.access === 'write' && peer !== origin) peer.sendAwareness(message);
        }
      },
    );
  }

  /** True when nothing is queued or being stored. */
  get idle() {
    return !this.pumping && this.queue.length === 0 && this.unsaved.length === 0;
  }

  attach(peer: DocPeer) {
    this.peers.add(peer);
    if (peer.access === 'write') this.announced.set(peer, new Set());
  }

  detach(peer: DocPeer) {
    this.peers.delete(peer);
    const ids = this.announced.get(peer);
    this.announced.delete(peer);
    if (ids && ids.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
    }
  }

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  /** Answers a peer's sync step 1 once everything before it in the queue is stored. */
  requestState(peer: DocPeer, stateVector: Uint8Array): Promise<void> {
    return this.enqueue('read', () => {
      if (this.peers.has(peer)) peer.sendState(Y.encodeStateAsUpdate(this.doc, stateVector));
    });
  }

  /** Applies a read-write peer's update; resolves once it is stored and relayed. */
  applyUpdate(peer: DocPeer, update: Uint8Array): Promise<void> {
    if (peer.access !== 'write') return Promise.reject(new ReadOnlyError('read-only peer'));
    const hooks = this.ctx.hooks;
    return this.enqueue('write', () => {
      if (hooks?.acceptPeerUpdate && !hooks.acceptPeerUpdate(this.name, this.doc, update)) {
        throw new UpdateRefusedError(this.name);
      }
      Y.applyUpdate(this.doc, update, peer);
      hooks?.afterPeerUpdate?.(this.name, this.doc);
    });
  }

  /**
   * An update another node has stored. It waits in the queue like any write, so a state answer
   * never runs ahead of what this node has applied.
   */
  applyRelayed(update: Uint8Array) {
    this.enqueue('write', () => {
      Y.applyUpdate(this.doc, update, RELAYED_ORIGIN);
      this.ctx.hooks?.afterRelayedUpdate?.(this.name);
    }).catch((err: unknown) => {
      if (!(err instanceof DocUnavailableError)) {
        this.ctx.log.error({ err, docName: this.name }, 'yjs: a relayed update failed');
      }
    });
  }

  /** The server's own write; resolves once stored and relayed. */
  transact(fn: (doc: Y.Doc) => void): Promise<void> {
    return this.enqueue('write', () => this.doc.transact(() => fn(this.doc), SERVER_ORIGIN));
  }

  applyAwareness(peer: DocPeer, update: Uint8Array) {
    if (peer.access !== 'write') throw new ReadOnlyError('read-only peer');
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /** Every known awareness state, for a read-write peer that just connected or asked. */
  awarenessStates(): Uint8Array | undefined {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length > 0
      ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)
      : undefined;
  }

  /** Resolves when the queue is empty and every update is stored. */
  async drain(): Promise<void> {
    while (!this.idle && !this.dead) {
      await this.enqueue('read', () => undefined).catch(() => undefined);
    }
    await this.compacting;
  }

  destroy() {
    clearTimeout(this.unloadTimer);
    this.unrelay?.();
    this.unrelay = undefined;
    this.awareness.destroy();
    this.doc.destroy();
  }

  private enqueue(kind: Task['kind'], run: () => void): Promise<void> {
    if (this.dead) return Promise.reject(new DocUnavailableError(this.name));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        kind,
        run,
        settle: (err) => (err === undefined ? resolve() : reject(err)),
      });
      if (!this.pumping) void this.pump();
    });
  }

  private async pump() {
    this.pumping = true;
    try {
      for (;;) {
        // Here the document equals the store, so state answers are safe to send.
        while (this.queue[0]?.kind === 'read') {
          const task = this.queue.shift()!;
          task.settle(attempt(task.run));
        }
        const batch: { task: Task; err: unknown }[] = [];
        while (this.queue[0]?.kind === 'write' && batch.length < MAX_BATCH) {
          const task = this.queue.shift()!;
          // A throwing update may still have integrated part of itself; that part is captured
          // like any other change and stored below.
          batch.push({ task, err: attempt(task.run) });
        }
        const saving = this.unsaved;
        this.unsaved = [];
        if (batch.length === 0 && saving.length === 0) break;
        if (saving.length > 0) {
          try {
            await this.ctx.store.append(
              this.name,
              saving.map((s) => s.update),
            );
          } catch (err) {
            this.fail(
              err,
              batch.map((b) => b.task),
            );
            return;
          }
          for (const { update, origin } of saving) {
            for (const peer of this.peers) if (peer !== origin) peer.sendUpdate(update);
          }
          this.ctx.relay?.publish(
            this.name,
            saving.map((s) => s.update),
          );
          this.sinceSnapshot += saving.length;
          this.maybeCompact();
        }
        for (const { task, err } of batch) task.settle(err);
      }
    } finally {
      this.pumping = false;
    }
    this.ctx.onIdle(this);
  }

  private fail(err: unknown, inFlight: Task[]) {
    this.dead = true;
    this.ctx.log.error({ err, docName: this.name }, 'yjs append failed; dropping the document');
    const unavailable = new DocUnavailableError(this.name);
    for (const task of [...inFlight, ...this.queue.splice(0)]) task.settle(unavailable);
    for (const peer of [...this.peers]) peer.close(1011, 'document unavailable');
    this.ctx.onDead(this);
  }

  private maybeCompact() {
    if (this.compacting || this.sinceSnapshot <= this.ctx.store.compactAfter) return;
    this.compacting = this.ctx.store
      .compact(this.name)
      .then(({ compacted }) => {
        this.sinceSnapshot = Math.max(0, this.sinceSnapshot - compacted);
      })
      .catch((err: unknown) => {
        // The log is intact; compaction is tried again after the next append.
        this.ctx.log.error({ err, docName: this.name }, 'yjs compaction failed');
      })
      .finally(() => {
        this.compacting = undefined;
      });
  }
}

function attempt(run: () => void): unknown {
  try {
    run();
    return undefined;
  } catch (err) {
    return err ?? new Error('Unknown failure');
  }
}

/**
 * The documents in memory, by name. A document is loaded from the store on first use (once, even
 * when many connections ask at the same moment) and unloaded `unloadAfterMs` after its last
 * connection or transaction has gone and everything it holds is stored.
 */
export class DocRegistry implements Documents {
  private readonly loaded = new Map<string, Promise<SharedDoc>>();
  /** Documents whose load has finished; a plain map so `peek` is synchronous. */
  private readonly settled = new Map<string, SharedDoc>();
  private readonly unloadAfterMs: number;
  private closed = false;

  constructor(
    private readonly opts: {
      store: YjsStore;
      log: Logger;
      unloadAfterMs?: number;
      hooks?: DocHooks;
      /** With several nodes: how stored updates reach the other nodes' copies. */
      relay?: DocRelay;
    },
  ) {
    this.unloadAfterMs = opts.unloadAfterMs ?? 30_000;
  }

  /** Loads the document if needed and keeps it in memory until `release`. */
  async hold(docName: string): Promise<SharedDoc> {
    for (;;) {
      if (this.closed) throw new DocUnavailableError(docName);
      const shared = await this.load(docName);
      // A document that failed between its load and now is gone from the map; load it again.
      if (shared.dead) continue;
      shared.holds++;
      clearTimeout(shared.unloadTimer);
      shared.unloadTimer = undefined;
      return shared;
    }
  }

  release(shared: SharedDoc) {
    shared.holds--;
    this.scheduleUnload(shared);
  }

  /**
   * The server's trusted write path: runs `fn` in one Yjs transaction with SERVER_ORIGIN and
   * resolves only once the resulting update is stored, so the caller may then acknowledge the
   * contribution. Changes `fn` made before throwing are stored too, so validate first.
   */
  async transact(docName: string, fn: (doc: Y.Doc) => void): Promise<void> {
    const shared = await this.hold(docName);
    try {
      await shared.transact(fn);
    } finally {
      this.release(shared);
    }
  }

  /** Reads a document, holding it in memory while `fn` runs. */
  async read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
    const shared = await this.hold(docName);
    try {
      return fn(shared.doc);
    } finally {
      this.release(shared);
    }
  }

  /** The document if it is in memory now (tests, diagnostics, the café's fill figures). */
  peek(docName: string): SharedDoc | undefined {
    return this.settled.get(docName);
  }

  /**
   * Brings every open document up to what the store holds, for updates other nodes stored while
   * this one could not hear them (Redis was away). Applied as relayed updates: only what this
   * copy lacks goes on to its peers.
   */
  async catchUp(): Promise<void> {
    for (const shared of [...this.settled.values()]) {
      if (shared.dead) continue;
      try {
        const stored = await this.opts.store.load(shared.name);
        const missing = Y.encodeStateAsUpdate(stored.doc, Y.encodeStateVector(shared.doc));
        stored.doc.destroy();
        shared.applyRelayed(missing);
      } catch (err) {
        this.opts.log.error({ err, docName: shared.name }, 'yjs catch-up failed');
      }
    }
  }

  /** Names of the documents in memory now. */
  loadedNames(): string[] {
    return [...this.settled.keys()];
  }

  /** Stops loading, waits until every document's writes are stored, and unloads everything. */
  async close() {
    this.closed = true;
    const docs = await Promise.allSettled([...this.loaded.values()]);
    for (const d of docs) {
      if (d.status !== 'fulfilled') continue;
      await d.value.drain();
      this.unload(d.value);
    }
  }

  private load(docName: string): Promise<SharedDoc> {
    let p = this.loaded.get(docName);
    if (!p) {
      p = this.open(docName).catch((err: unknown) => {
        this.loaded.delete(docName);
        throw err;
      });
      this.loaded.set(docName, p);
    }
    return p;
  }

  /**
   * Loads a document from the store. With a relay, it first listens for other nodes' updates
   * and keeps those heard during the load, then applies them: an update stored elsewhere while
   * this node was reading is either in what it read or among those heard, never lost.
   */
  private async open(docName: string): Promise<SharedDoc> {
    const { relay } = this.opts;
    const heard: Uint8Array[] = [];
    let target: SharedDoc | undefined;
    const unrelay = relay
      ? await relay.subscribe(docName, (update) => {
          if (target) target.applyRelayed(update);
          else heard.push(update);
        })
      : undefined;
    try {
      const loaded = await this.opts.store.load(docName);
      const shared = new SharedDoc(docName, loaded, {
        store: this.opts.store,
        log: this.opts.log,
        onIdle: (s) => this.scheduleUnload(s),
        onDead: (s) => this.unload(s),
        hooks: this.opts.hooks,
        relay,
      });
      shared.unrelay = unrelay;
      target = shared;
      for (const update of heard.splice(0)) shared.applyRelayed(update);
      this.settled.set(docName, shared);
      return shared;
    } catch (err) {
      unrelay?.();
      throw err;
    }
  }

  private scheduleUnload(shared: SharedDoc) {
    if (shared.holds > 0 || !shared.idle || shared.dead || shared.unloadTimer) return;
    shared.unloadTimer = setTimeout(() => {
      shared.unloadTimer = undefined;
      if (shared.holds === 0 && shared.idle) this.unload(shared);
    }, this.unloadAfterMs);
    // A pending unload is housekeeping; it must not keep the process alive.
    shared.unloadTimer.unref();
  }

  private unload(shared: SharedDoc) {
    // Anyone still holding it gets DocUnavailableError instead of writing into a destroyed doc.
    shared.dead = true;
    if (this.settled.get(shared.name) === shared) {
      this.settled.delete(shared.name);
      this.loaded.delete(shared.name);
    }
    shared.destroy();
  }
}
