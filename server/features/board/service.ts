import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import {
  boardDocName,
  type BoardMeta,
  type BoardView,
  type OwnNote,
  type Theme,
} from '../../../shared/domain/board.ts';
import type { Documents } from '../../core/documents.ts';
import type { Emitter } from '../../core/events.ts';
import type { Actor } from '../../core/identity.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { notFound, refuse } from '../../errors.ts';
import * as participants from '../participants/store.ts';
import * as workshops from '../workshops/store.ts';
import { isShown, reconcileDoc, writeNotes, writeTally, writeThemes } from './docSync.ts';
import { KeyedMutex } from './keyedMutex.ts';
import * as store from './store.ts';

/** The board only writes its document, through the server's trusted write path. */
export type DocWriter = Pick<Documents, 'transact'>;

/** What the board tells: a note changed, so facilitators and its author can be updated live. */
export type BoardEvents = {
  'note.changed': { workshopId: string; note: OwnNote; authorParticipantId: string | null };
};

const ownView = (n: store.StoredNote): OwnNote => {
  const { activityId: _a, authorParticipantId: _p, enteredByFacilitatorId: _f, ...rest } = n;
  return rest;
};

/**
 * The idea board. The database is the authority for notes, themes and moderation; after each
 * committed change the board's Yjs document is updated to match, inside a per-board queue so
 * the document sees changes in commit order.
 */
/** How long after its own write a node checks other nodes' writes against the database. */
const RECENT_WRITE_MS = 10_000;
/** Other nodes' writes in quick succession are checked once, after the last of them. */
const REREAD_AFTER_MS = 250;

export class BoardService {
  private readonly queue = new KeyedMutex();
  private readonly reconciled = new Set<string>();
  /** When this node last wrote each board's document, and re-reads waiting to run (SCALE9). */
  private readonly wroteAt = new Map<string, number>();
  private readonly rereads = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: Database,
    private readonly docs: DocWriter,
    private readonly events: Emitter<BoardEvents>,
  ) {}

  /** Loads the board for an actor, checking it belongs to the actor's workshop. */
  private async board(tx: Queryable, actor: Actor, activityId: string, lock = false) {
    const board = await store.ensureBoard(tx, activityId, { lock });
    if (!board || board.workshopId !== actor.workshopId) throw notFound('board');
    return board;
  }

  private async noteFor(tx: Queryable, actor: Actor, id: string) {
    const note = await store.findNote(tx, id, { lock: true });
    if (!note) throw notFound('note');
    const board = await this.board(tx, actor, note.activityId, true);
    return { note, board };
  }

  /** The board a note is on: the key of the queue its change must wait in. */
  private async boardOfNote(id: string): Promise<string> {
    const note = await store.findNote(this.db, id);
    if (!note) throw notFound('note');
    return note.activityId;
  }

  /** Makes the document match the database once per board per process (after a restart, say). */
  private async ensureReconciled(activityId: string) {
    if (this.reconciled.has(activityId)) return;
    await this.reconcile(activityId);
  }

  /**
   * Brings a board's document up to date when the room moves to it, so a projector or phone that
   * opens it before the first note sees its settings (a private board says so) rather than an
   * empty public board.
   */
  prepare(activityId: string): Promise<void> {
    return this.queue.run(activityId, () => this.ensureReconciled(activityId));
  }

  async reconcile(activityId: string) {
    const board = await store.ensureBoard(this.db, activityId);
    if (!board) return;
    const [themes, notes, shown] = await Promise.all([
      store.listThemes(this.db, activityId),
      store.listNotes(this.db, activityId),
      store.countShownNotes(this.db, activityId),
    ]);
    await this.docs.transact(boardDocName(activityId), (doc) => {
      reconcileDoc(doc, board.meta, themes, notes);
      writeTally(doc, shown);
    });
    this.reconciled.add(activityId);
  }

  /**
   * Another node wrote this board's document. Each node writes it after its own commits, in its
   * own order; two nodes changing the same note at about the same moment (or while Redis could
   * not carry their updates) make concurrent writes, which Yjs settles by its own rule, not by
   * the order the database committed them. So a node that wrote the board lately reads it back
   * from the database and writes what differs: once both have, the document is the database's.
   * A node that did not write it has nothing of its own that could have won.
   */
  relayedFromElsewhere(activityId: string) {
    const wrote = this.wroteAt.get(activityId);
    if (wrote === undefined || Date.now() - wrote > RECENT_WRITE_MS) return;
    if (this.rereads.has(activityId)) return;
    const timer = setTimeout(() => {
      this.rereads.delete(activityId);
      this.queue.run(activityId, () => this.reconcile(activityId)).catch(() => undefined);
    }, REREAD_AFTER_MS);
    timer.unref();
    this.rereads.set(activityId, timer);
  }

  stop() {
    for (const t of this.rereads.values()) clearTimeout(t);
    this.rereads.clear();
  }

  /** Runs a change in a transaction, then brings the document and the live views up to date. */
  private change<T>(
    activityId: string,
    fn: (tx: Queryable) => Promise<T>,
    after: (result: T) => {
      doc?: (doc: Y.Doc) => void;
      notes?: store.StoredNote[];
      workshopId: string;
    },
  ): Promise<T> {
    return this.queue.run(activityId, async () => {
      await this.ensureReconciled(activityId);
      const result = await this.db.transaction(fn);
      const { doc, notes = [], workshopId } = after(result);
      // A note added, withdrawn or hidden changes how many have come in.
      const shown = notes.length > 0 ? await store.countShownNotes(this.db, activityId) : null;
      if (doc || shown !== null) {
        this.wroteAt.set(activityId, Date.now());
        await this.docs.transact(boardDocName(activityId), (d) => {
          doc?.(d);
          if (shown !== null) writeTally(d, shown);
        });
      }
      for (const n of notes)
        this.events.emit('note.changed', {
          workshopId,
          note: ownView(n),
          authorParticipantId: n.authorParticipantId,
        });
      return result;
    });
  }

  /**
   * What another activity may build on (a vote's options): the board's themes, or its notes that
   * still stand (BOARD7: hidden, withdrawn and merged-away notes do not). The board must be in
   * `workshopId`.
   */
  async contents(
    workshopId: string,
    activityId: string,
    from: 'themes' | 'notes',
  ): Promise<{ id: string; text: string }[]> {
    const board = await store.ensureBoard(this.db, activityId);
    if (!board || board.workshopId !== workshopId) throw notFound('board');
    if (from === 'themes') {
      const themes = await store.listThemes(this.db, activityId);
      return themes.map((t) => ({ id: t.id, text: t.name }));
    }
    const notes = await store.listNotes(this.db, activityId);
    return notes
      .filter((n) => n.status === 'visible' && n.mergedInto === null)
      .map((n) => ({ id: n.id, text: n.text }));
  }

  /**
   * The participants a note stands for: its author and those of the notes merged into it. Runs in
   * the caller's transaction.
   */
  noteAuthors(tx: Queryable, noteId: string): Promise<string[]> {
    return store.authorsOfNote(tx, noteId);
  }

  async get(actor: Actor, activityId: string): Promise<BoardView> {
    const board = await this.board(this.db, actor, activityId);
    await this.queue.run(activityId, () => this.ensureReconciled(activityId));
    const [themes, notes] = await Promise.all([
      store.listThemes(this.db, activityId),
      store.listNotes(
        this.db,
        activityId,
        actor.role === 'participant' ? { authorId: actor.participantId } : {},
      ),
    ]);
    return { activityId, meta: board.meta, themes, notes: notes.map(ownView) };
  }

  async addNote(
    actor: Actor,
    input: {
      id: string;
      activityId: string;
      text: string;
      showName: boolean;
      assistedGroupKey?: string;
    },
  ): Promise<OwnNote> {
    const note = await this.change(
      input.activityId,
      async (tx) => {
        const board = await this.board(tx, actor, input.activityId, true);
        const existing = await store.findNote(tx, input.id);
        if (existing) {
          // A resend of a note already stored: the same answer again, nothing counted twice.
          if (sameAuthor(existing, actor)) return { note: existing, board, created: false };
          throw refuse('NOTE_ID_TAKEN');
        }
        const head = await workshops.findHead(tx, actor.workshopId);
        if (!head) throw notFound('workshop');
        let groupKey: string;
        let authorParticipantId: string | null = null;
        if (actor.role === 'facilitator') {
          if (!input.assistedGroupKey) {
            throw refuse(
              'ASSISTED_GROUP_NEEDED',
              {},
              {
                fields: { assistedGroupKey: 'Required' },
                issues: { assistedGroupKey: { code: 'required' } },
              },
            );
          }
          if (!head.groups.some((g) => g.key === input.assistedGroupKey)) {
            throw refuse(
              'NOT_A_WORKSHOP_GROUP',
              {},
              {
                fields: { assistedGroupKey: 'Unknown group' },
                issues: { assistedGroupKey: { code: 'invalid' } },
              },
            );
          }
          groupKey = input.assistedGroupKey;
        } else {
          if (input.assistedGroupKey !== undefined) throw refuse('ASSIST_FACILITATORS_ONLY');
          if (head.status !== 'open') throw refuse('WORKSHOP_NOT_OPEN_FOR_NOTES');
          if (board.meta.locked) throw refuse('BOARD_LOCKED_FOR_NOTES');
          if (head.currentActivityId !== input.activityId && !board.meta.allowAsync) {
            throw refuse('BOARD_NOT_OPEN_FOR_NOTES');
          }
          // The row lock makes one device's parallel sends take turns, so the cap holds.
          await tx.query('SELECT 1 FROM participants WHERE id = $1 FOR UPDATE', [
            actor.participantId,
          ]);
          const p = await participants.findById(tx, actor.participantId);
          if (!p) throw notFound('participant');
          const activity = (await workshops.listAgenda(tx, actor.workshopId)).find(
            (a) => a.id === input.activityId,
          );
          const cap = activity?.kind === 'idea_board' ? activity.settings.maxNotesPerPerson : 10;
          if ((await store.countNotesBy(tx, input.activityId, actor.participantId)) >= cap) {
            throw refuse('NOTE_CAP_REACHED', { cap });
          }
          groupKey = p.groupKey;
          authorParticipantId = p.id;
        }
        await store.insertNote(tx, {
          id: input.id,
          activityId: input.activityId,
          authorParticipantId,
          enteredByFacilitatorId: actor.role === 'facilitator' ? actor.facilitatorId : null,
          groupKey,
          showName: actor.role === 'participant' && input.showName,
          text: input.text,
        });
        return { note: (await store.findNote(tx, input.id))!, board, created: true };
      },
      ({ note, board, created }) => ({
        workshopId: board.workshopId,
        doc: created ? (doc) => writeNotes(doc, board.meta, [note]) : undefined,
        notes: created ? [note] : [],
      }),
    );
    return ownView(note.note);
  }

  async editNote(actor: Actor, id: string, text: string): Promise<OwnNote> {
    return this.authorChange(actor, id, (note, board) => {
      if (note.status !== 'visible') throw refuse('NOTE_NOT_EDITABLE');
      if (board.meta.locked && actor.role === 'participant') {
        throw refuse('BOARD_LOCKED');
      }
      return { text };
    });
  }

  /** People may always take their words back, even from a locked board. (BOARD5) */
  async withdrawNote(actor: Actor, id: string): Promise<OwnNote> {
    return this.authorChange(actor, id, () => ({ status: 'withdrawn' as const }));
  }

  /** An author's change to their own note (a facilitator may change notes typed for others). */
  private async authorChange(
    actor: Actor,
    id: string,
    fields: (note: store.StoredNote, board: store.Board) => Parameters<typeof store.updateNote>[2],
  ) {
    const activityId = await this.boardOfNote(id);
    const { note } = await this.change(
      activityId,
      async (tx) => {
        const { note, board } = await this.noteFor(tx, actor, id);
        const mine =
          actor.role === 'participant'
            ? note.authorParticipantId === actor.participantId
            : note.assisted;
        if (!mine) throw refuse('OWN_NOTES_ONLY');
        await store.updateNote(tx, id, fields(note, board));
        return { note: (await store.findNote(tx, id))!, board };
      },
      ({ note, board }) => ({
        workshopId: board.workshopId,
        doc: (doc) => writeNotes(doc, board.meta, [note]),
        notes: [note],
      }),
    );
    return ownView(note);
  }

  async configure(
    actor: Actor,
    activityId: string,
    fields: { mode?: BoardMeta['mode']; locked?: boolean; allowAsync?: boolean },
  ) {
    return this.setMeta(actor, activityId, {
      ...fields,
      // Switching to private hides notes again until the next reveal; switching to open shows all.
      ...(fields.mode ? { revealed: fields.mode === 'open' } : {}),
    });
  }

  async reveal(actor: Actor, activityId: string) {
    return this.setMeta(actor, activityId, { revealed: true });
  }

  private async setMeta(
    actor: Actor,
    activityId: string,
    fields: Parameters<typeof store.updateBoard>[2],
  ): Promise<BoardMeta> {
    const { board } = await this.change(
      activityId,
      async (tx) => {
        await this.board(tx, actor, activityId, true);
        const board = await store.updateBoard(tx, activityId, fields);
        return {
          board,
          themes: await store.listThemes(tx, activityId),
          notes: await store.listNotes(tx, activityId),
        };
      },
      ({ board, themes, notes }) => ({
        workshopId: board.workshopId,
        doc: (doc) => reconcileDoc(doc, board.meta, themes, notes),
      }),
    );
    return board.meta;
  }

  async createTheme(actor: Actor, activityId: string, name: string): Promise<Theme> {
    return this.change(
      activityId,
      async (tx) => {
        await this.board(tx, actor, activityId, true);
        return store.insertTheme(tx, { id: randomUUID(), activityId, name });
      },
      (theme) => ({ workshopId: actor.workshopId, doc: (doc) => writeThemes(doc, [theme]) }),
    );
  }

  async updateTheme(
    actor: Actor,
    themeId: string,
    fields: { name?: string; position?: number },
  ): Promise<Theme> {
    const found = await store.findTheme(this.db, themeId);
    if (!found) throw notFound('theme');
    return this.change(
      found.activity_id,
      async (tx) => {
        await this.board(tx, actor, found.activity_id, true);
        return store.updateTheme(tx, themeId, fields);
      },
      (theme) => ({ workshopId: actor.workshopId, doc: (doc) => writeThemes(doc, [theme]) }),
    );
  }

  async removeTheme(actor: Actor, themeId: string) {
    const found = await store.findTheme(this.db, themeId);
    if (!found) throw notFound('theme');
    await this.change(
      found.activity_id,
      async (tx) => {
        const board = await this.board(tx, actor, found.activity_id, true);
        const moved = await store.removeTheme(tx, themeId);
        const notes = await store.listNotes(tx, found.activity_id);
        return { board, notes: notes.filter((n) => moved.includes(n.id)) };
      },
      ({ board, notes }) => ({
        workshopId: board.workshopId,
        doc: (doc) => {
          writeThemes(doc, [], [themeId]);
          writeNotes(doc, board.meta, notes);
        },
        notes,
      }),
    );
    return { themeId };
  }

  /** Puts a note into a theme (or the unsorted pile) at a position; the others close up. */
  async placeNote(
    actor: Actor,
    id: string,
    themeId: string | null,
    position?: number,
  ): Promise<OwnNote> {
    const activityId = await this.boardOfNote(id);
    const { note } = await this.change(
      activityId,
      async (tx) => {
        const { note, board } = await this.noteFor(tx, actor, id);
        if (themeId !== null) {
          const theme = await store.findTheme(tx, themeId);
          if (!theme || theme.activity_id !== activityId) throw notFound('theme');
        }
        const all = await store.listNotes(tx, activityId);
        const siblings = all.filter((n) => n.themeId === themeId && n.id !== id);
        const at = Math.min(position ?? siblings.length, siblings.length);
        const ordered = [
          ...siblings.slice(0, at).map((n) => n.id),
          id,
          ...siblings.slice(at).map((n) => n.id),
        ];
        await store.updateNote(tx, id, { theme_id: themeId });
        await store.renumber(tx, activityId, ordered);
        const changed = (await store.listNotes(tx, activityId)).filter(
          (n) => ordered.includes(n.id) || n.id === note.id,
        );
        return { note: changed.find((n) => n.id === id)!, board, changed };
      },
      ({ board, changed }) => ({
        workshopId: board.workshopId,
        doc: (doc) => writeNotes(doc, board.meta, changed),
        notes: changed,
      }),
    );
    return ownView(note);
  }

  /** Merges a near-duplicate into another note: one note shows, both authors still count. */
  async mergeNote(actor: Actor, id: string, intoId: string): Promise<OwnNote> {
    if (id === intoId) throw refuse('MERGE_INTO_ITSELF');
    const activityId = await this.boardOfNote(id);
    const { target } = await this.change(
      activityId,
      async (tx) => {
        const { note, board } = await this.noteFor(tx, actor, id);
        const into = await store.findNote(tx, intoId, { lock: true });
        if (!into || into.activityId !== activityId) throw notFound('mergeTarget');
        if (!isShown(into)) throw refuse('MERGE_TARGET_HIDDEN');
        if (!isShown(note)) throw refuse('NOTE_HIDDEN');
        // Notes already merged into this one follow it, so merges never form chains.
        await tx.query('UPDATE board_notes SET merged_into = $2 WHERE merged_into = $1', [
          id,
          intoId,
        ]);
        await store.updateNote(tx, id, { merged_into: intoId });
        const changed = (await store.listNotes(tx, activityId)).filter(
          (n) => n.id === id || n.id === intoId || n.mergedInto === intoId,
        );
        return { board, changed, target: changed.find((n) => n.id === intoId)! };
      },
      ({ board, changed }) => ({
        workshopId: board.workshopId,
        doc: (doc) => writeNotes(doc, board.meta, changed),
        notes: changed,
      }),
    );
    return ownView(target);
  }

  async hideNote(actor: Actor & { role: 'facilitator' }, id: string, reason: string) {
    return this.moderate(actor, id, 'hide', reason);
  }

  async unhideNote(actor: Actor & { role: 'facilitator' }, id: string) {
    return this.moderate(actor, id, 'unhide', '');
  }

  private async moderate(
    actor: Actor & { role: 'facilitator' },
    id: string,
    action: 'hide' | 'unhide',
    reason: string,
  ) {
    const activityId = await this.boardOfNote(id);
    const { note } = await this.change(
      activityId,
      async (tx) => {
        const { note, board } = await this.noteFor(tx, actor, id);
        if (note.status === 'withdrawn') throw refuse('NOTE_WITHDRAWN');
        await store.updateNote(
          tx,
          id,
          action === 'hide'
            ? { status: 'hidden', hidden_reason: reason }
            : { status: 'visible', hidden_reason: null },
        );
        await store.logModeration(tx, {
          noteId: id,
          activityId,
          action,
          reason,
          facilitatorId: actor.facilitatorId,
          noteText: note.text,
        });
        const changed = (await store.listNotes(tx, activityId)).filter(
          (n) => n.id === id || n.id === note.mergedInto,
        );
        return { note: changed.find((n) => n.id === id)!, board, changed };
      },
      ({ board, changed }) => ({
        workshopId: board.workshopId,
        doc: (doc) => writeNotes(doc, board.meta, changed),
        notes: changed,
      }),
    );
    return ownView(note);
  }

  moderationLog(workshopId: string) {
    return store.moderationLog(this.db, workshopId);
  }
}

function sameAuthor(note: store.StoredNote, actor: Actor): boolean {
  return actor.role === 'participant'
    ? note.authorParticipantId === actor.participantId
    : note.enteredByFacilitatorId === actor.facilitatorId;
}
