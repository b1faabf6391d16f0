import * as Y from 'yjs';
import {
  TABLECLOTH_CHARS_MAX,
  TABLECLOTH_TEXT,
  parseTableclothDocName,
  questionFor,
  tableclothDocName,
} from '../../../shared/domain/cafe.ts';
import type { CafeSnapshot, CafeView, Tablecloth } from '../../../shared/protocol/cafe.ts';
import { notFound } from '../../errors.ts';
import type { DocAccess, DocViewer } from '../../core/documents.ts';
import type { Actor } from '../../core/identity.ts';
import { isRunning, roundQuestions, type Viewer } from './context.ts';
import type { CafeCore } from './core.ts';
import * as store from './store.ts';

/** Bytes a tablecloth document may grow to in memory before writes to it are refused (CAFE12). */
const TABLECLOTH_BYTES_MAX = 1024 * 1024;

/**
 * The tablecloths: one Yjs document per table and round (`cafe:<table>:<round>`), who may open
 * each, their size limits, their snapshots (every minute while written, at each round's end, around
 * a restore) and the fill figures the facilitator watches.
 */
export class Tablecloths {
  private readonly lastFill = new Map<string, string>();
  private readonly lastSnapshot = new Map<string, { at: number; text: string }>();
  private readonly docBytes = new WeakMap<Y.Doc, number>();

  constructor(private readonly core: CafeCore) {}

  /**
   * Who may open a tablecloth document (CAFE11, CAFE13): the people seated at that table write
   * it while its round runs; after that it is read-only. Facilitators are trusted and write.
   */
  async docAccess(who: DocViewer, docName: string): Promise<DocAccess | null> {
    const { db } = this.core;
    const parsed = parseTableclothDocName(docName);
    if (!parsed) return null;
    const row = await store.tableCafe(db, parsed.tableId);
    if (!row) return null;
    const cafe = await store.findCafe(db, row.activity_id);
    if (!cafe || parsed.round > Math.max(cafe.round, 1)) return null;
    if (who.facilitator) return 'write';
    if (who.participant?.workshopId === row.workshop_id) {
      const seats = await store.seatsOf(db, row.activity_id, who.participant.id);
      const running =
        cafe.phase === 'moving' || cafe.phase === 'talking' || cafe.phase === 'paused';
      const here = seats.some((s) => s.round === parsed.round && s.tableId === parsed.tableId);
      if (running && parsed.round === cafe.round && here) return 'write';
      return this.mayRead(cafe, seats, parsed.tableId, parsed.round) ? 'read' : null;
    }
    if (who.screen?.workshopId === row.workshop_id) {
      return cafe.phase === 'harvest' || cafe.notesShared ? 'read' : null;
    }
    return null;
  }

  /**
   * A participant reads a tablecloth of a table they sat at in that round, the earlier rounds of
   * the table they sit at now (that is how notes carry over), and every table once the harvest
   * starts or the facilitator shares notes.
   */
  private mayRead(
    cafe: store.CafeRow,
    seats: readonly store.SeatRow[],
    tableId: string,
    round: number,
  ): boolean {
    if (cafe.phase === 'harvest' || cafe.notesShared) return true;
    if (round > cafe.round) return false;
    if (seats.some((s) => s.round === round && s.tableId === tableId)) return true;
    return seats.some((s) => s.round === cafe.round && s.tableId === tableId);
  }

  async share(actor: Actor, activityId: string, notesShared: boolean): Promise<CafeView> {
    return this.core.change(actor, activityId, async (tx, c, fx) => {
      c.cafe = await store.updateCafe(tx, activityId, { notesShared });
      fx.changed = true;
    });
  }

  async tablecloths(viewer: Viewer, activityId: string, tableId?: string): Promise<Tablecloth[]> {
    const { c, seats } = await this.core.db.transaction(async (tx) => {
      const c = await this.core.load(tx, viewer.workshopId, activityId, { lock: false });
      const seats =
        viewer.role === 'participant'
          ? await store.seatsOf(tx, activityId, viewer.participantId)
          : [];
      return { c, seats };
    });
    const stored = await store.latestTexts(this.core.db, activityId);
    const out: Tablecloth[] = [];
    const questions = roundQuestions(c.settings.questions, c.settings.rounds);
    for (const table of c.tables) {
      if (tableId && table.id !== tableId) continue;
      for (let round = 1; round <= c.cafe.round; round++) {
        const allowed =
          viewer.role === 'facilitator' ||
          (viewer.role === 'screen'
            ? c.cafe.phase === 'harvest' || c.cafe.notesShared
            : this.mayRead(c.cafe, seats, table.id, round));
        if (!allowed) continue;
        const live = round === c.cafe.round && isRunning(c);
        const text = live
          ? await this.readText(tableclothDocName(table.id, round))
          : (stored.find((s) => s.tableId === table.id && s.round === round)?.text ??
            (await this.readText(tableclothDocName(table.id, round))));
        out.push({
          tableId: table.id,
          round,
          question: questionFor({ questions }, table, round),
          text,
        });
      }
    }
    return out;
  }

  async snapshots(
    actor: Actor,
    activityId: string,
    tableId: string,
    round: number,
  ): Promise<CafeSnapshot[]> {
    const c = await this.core.db.transaction((tx) =>
      this.core.load(tx, actor.workshopId, activityId, { lock: false }),
    );
    if (!c.tables.some((t) => t.id === tableId)) throw notFound('table');
    return (await store.listSnapshots(this.core.db, tableId, round)).map(publicSnapshot);
  }

  /**
   * Puts a tablecloth back as a snapshot held it (CAFE14). Yjs cannot un-apply someone's update,
   * so the server writes a new one that replaces the text; what it held first is kept.
   */
  async restore(actor: Actor, activityId: string, snapshotId: number): Promise<CafeSnapshot> {
    const { db } = this.core;
    await db.transaction((tx) => this.core.load(tx, actor.workshopId, activityId, { lock: false }));
    const snap = await store.findSnapshot(db, snapshotId);
    if (!snap || snap.activityId !== activityId) throw notFound('snapshot');
    const name = tableclothDocName(snap.tableId, snap.round);
    const current = await this.readText(name);
    await store.insertSnapshot(db, {
      activityId,
      tableId: snap.tableId,
      round: snap.round,
      reason: 'before_restore',
      text: current,
    });
    await this.core.deps.docs.transact(name, (doc) => {
      const text = doc.getText(TABLECLOTH_TEXT);
      text.delete(0, text.length);
      text.insert(0, snap.text);
    });
    const restored = await store.insertSnapshot(db, {
      activityId,
      tableId: snap.tableId,
      round: snap.round,
      reason: 'restored',
      text: snap.text,
    });
    this.lastSnapshot.set(name, { at: Date.now(), text: snap.text });
    return publicSnapshot(restored);
  }

  private async readText(docName: string): Promise<string> {
    return this.core.deps.docs.read(docName, (doc) => doc.getText(TABLECLOTH_TEXT).toString());
  }

  /** The size budget of a tablecloth document, checked before each peer update (CAFE12). */
  acceptPeerUpdate(docName: string, doc: Y.Doc, update: Uint8Array): boolean {
    if (!docName.startsWith('cafe:')) return true;
    const before = this.docBytes.get(doc) ?? Y.encodeStateAsUpdate(doc).byteLength;
    const after = before + update.byteLength;
    if (after > TABLECLOTH_BYTES_MAX) return false;
    this.docBytes.set(doc, after);
    return true;
  }

  /** Text beyond the limit is cut by the server, whoever wrote it (CAFE12). */
  afterPeerUpdate(docName: string, doc: Y.Doc) {
    if (!docName.startsWith('cafe:')) return;
    const length = doc.getText(TABLECLOTH_TEXT).length;
    if (length <= TABLECLOTH_CHARS_MAX) return;
    // Queued behind the update being applied, as the server's own write.
    void this.core.deps.docs
      .transact(docName, (d) => {
        const text = d.getText(TABLECLOTH_TEXT);
        if (text.length > TABLECLOTH_CHARS_MAX) {
          text.delete(TABLECLOTH_CHARS_MAX, text.length - TABLECLOTH_CHARS_MAX);
        }
      })
      .catch((err: unknown) =>
        this.core.deps.log.error({ err, docName }, 'tablecloth trim failed'),
      );
  }

  async snapshot(
    activityId: string,
    tableId: string,
    round: number,
    reason: 'minute' | 'round_end',
  ) {
    const name = tableclothDocName(tableId, round);
    const text = await this.readText(name);
    await store.insertSnapshot(this.core.db, { activityId, tableId, round, reason, text });
    this.lastSnapshot.set(name, { at: Date.now(), text });
  }

  /** On each tick of a running café: fill figures to facilitators, minute snapshots. */
  async fillAndSnapshot(cafe: store.CafeRow) {
    const tables = await store.listTables(this.core.db, cafe.activityId);
    const fill: { tableId: string; chars: number }[] = [];
    const every = this.core.deps.snapshotEveryMs ?? 60_000;
    for (const t of tables) {
      const name = tableclothDocName(t.id, cafe.round);
      // A document not in memory has nobody writing it, so nothing new to report or keep.
      const shared = this.core.deps.docs.peek(name);
      const text = shared?.doc.getText(TABLECLOTH_TEXT).toString();
      fill.push({
        tableId: t.id,
        chars: text?.length ?? this.lastSnapshot.get(name)?.text.length ?? 0,
      });
      if (text === undefined) continue;
      const last = this.lastSnapshot.get(name);
      if (last?.text === text) continue;
      if (last && Date.now() - last.at < every) continue;
      if (!last && text.length === 0) continue;
      await store.insertSnapshot(this.core.db, {
        activityId: cafe.activityId,
        tableId: t.id,
        round: cafe.round,
        reason: 'minute',
        text,
      });
      this.lastSnapshot.set(name, { at: Date.now(), text });
    }
    const key = JSON.stringify(fill);
    if (this.lastFill.get(cafe.activityId) !== key) {
      this.lastFill.set(cafe.activityId, key);
      this.core.deps.events.emit('cafe.fill', {
        workshopId: cafe.workshopId,
        fill: { activityId: cafe.activityId, round: cafe.round, tables: fill },
      });
    }
  }
}

function publicSnapshot(s: store.StoredSnapshot): CafeSnapshot {
  return {
    id: s.id,
    tableId: s.tableId,
    round: s.round,
    takenAt: s.takenAt,
    reason: s.reason,
    chars: s.chars,
    preview: s.preview,
  };
}
