import type { Database } from '../../db/database.ts';
import type { DocPolicy } from '../../core/documents.ts';
import { workshopOfActivity } from '../workshops/store.ts';

const boardName = /^board:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Who may open a board's Yjs document (BOARD12). Residents and projectors of the board's workshop
 * read it; they never write it (their notes arrive as commands). Facilitators are trusted peers
 * and may write, as the threat model allows; our console still sends commands, so the database
 * stays the authority and the next reconcile puts the document back in line with it.
 */
export function boardDocPolicy(db: Database): DocPolicy {
  return async (who, docName) => {
    const activityId = boardName.exec(docName)?.[1];
    if (!activityId) return null;
    const workshopId = await workshopOfActivity(db, activityId, 'idea_board');
    if (!workshopId) return null;
    if (who.facilitator) return 'write';
    if (who.participant?.workshopId === workshopId) return 'read';
    if (who.screen?.workshopId === workshopId) return 'read';
    return null;
  };
}
