import { z } from 'zod';
import { boardDocName } from '../../../shared/domain/board.ts';
import { timestamp } from '../../db/columns.ts';
import { rows } from '../../db/database.ts';
import type { DocumentStore } from '../../core/documents.ts';
import type { PersonalDataPart } from '../../core/personalData.ts';
import type { Logger } from '../../logger.ts';

/** The board's part in erasure and retention: the person's notes, and the names shown on notes. */
export function boardPersonalData(deps: {
  /** Brings a board's live document in line with the database after notes are deleted. */
  reconcile(activityId: string): Promise<void>;
  docStore: DocumentStore;
  log: Logger;
}): PersonalDataPart {
  return {
    name: 'board',
    // A board's folded history is rewritten in the document tables.
    tables: ['board_notes', 'board_moderation_log', 'yjs_updates', 'yjs_snapshots'],

    async contributions(db, participantIds) {
      const found = await rows(
        db,
        z.object({ id: z.string(), n: z.number() }),
        `SELECT author_participant_id AS id, count(*)::int AS n FROM board_notes
          WHERE author_participant_id = ANY($1) GROUP BY author_participant_id`,
        [participantIds],
      );
      return new Map(found.map((r) => [r.id, { notes: r.n }]));
    },

    async gather(tx, e) {
      const notes = await rows(
        tx,
        z.object({
          id: z.string(),
          activity_id: z.string(),
          group_key: z.string(),
          status: z.string(),
          created_at: timestamp,
        }),
        'SELECT id, activity_id, group_key, status, created_at FROM board_notes WHERE author_participant_id = $1',
        [e.subject.id],
      );
      for (const n of notes) {
        e.noteIds.add(n.id);
        const groups = e.noteGroups.get(n.activity_id) ?? new Map<string, Date>();
        e.noteGroups.set(n.activity_id, groups);
        // Withdrawn notes were never counted as taking part.
        if (n.status === 'withdrawn') continue;
        const earliest = groups.get(n.group_key);
        if (!earliest || n.created_at < earliest) groups.set(n.group_key, n.created_at);
      }
    },

    async erase(tx, e) {
      const noteIds = [...e.noteIds];
      // Notes merged into one of theirs come back on their own: their authors still count.
      await tx.query('UPDATE board_notes SET merged_into = NULL WHERE merged_into = ANY($1)', [
        noteIds,
      ]);
      const notes = await tx.query('DELETE FROM board_notes WHERE id = ANY($1) RETURNING id', [
        noteIds,
      ]);
      return { notes: notes.length };
    },

    redact(a, e, r) {
      if (a.kind !== 'idea_board') return a;
      const notes = a.notes.filter((n) => !e.noteIds.has(n.id));
      if (notes.length !== a.notes.length) r.changed();
      const groups = [...(e.noteGroups.get(a.activityId) ?? new Map<string, Date>())]
        .filter(([, at]) => at <= r.takenAt)
        .map(([key]) => key);
      r.countedIn(a.activityId, groups);
      return { ...a, notes };
    },

    async afterErase(e) {
      // The live boards drop the notes, then each board's stored document history is folded so
      // the deleted text is not kept in old updates either.
      for (const activityId of e.noteGroups.keys()) {
        try {
          await deps.reconcile(activityId);
          await deps.docStore.compact(boardDocName(activityId));
        } catch (err) {
          deps.log.error({ err, activityId }, 'erasure: board document not updated');
        }
      }
    },

    // Takes the names people chose to show off the notes in stored snapshots.
    redactExpired(a, changed) {
      if (a.kind !== 'idea_board') return a;
      return {
        ...a,
        notes: a.notes.map((n) => {
          if (n.shownName === '') return n;
          changed();
          return { ...n, shownName: '' };
        }),
      };
    },
  };
}
