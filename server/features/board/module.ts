import type { DocumentStore, Documents } from '../../core/documents.ts';
import type { Emitter, Subscriber } from '../../core/events.ts';
import type { FeatureModule } from '../../core/module.ts';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import type { WorkshopEvents } from '../workshops/service.ts';
import { boardDocPolicy } from './docPolicy.ts';
import { boardHandlers, boardRoles } from './handlers.ts';
import { boardPersonalData } from './personalData.ts';
import { boardRoutes } from './routes.ts';
import { BoardService, type BoardEvents } from './service.ts';

/** The idea board: notes and themes by command, and the board document every phone reads. */
export function boardFeature(deps: {
  db: Database;
  documents: Documents;
  events: Emitter<BoardEvents> & Subscriber<WorkshopEvents>;
  /** The stored documents, whose history erasure folds. */
  docStore: DocumentStore;
  log: Logger;
}) {
  const board = new BoardService(deps.db, deps.documents, deps.events);
  // When the room moves onto a board its document is made ready, before the phones ask for it.
  deps.events.on('workshop.activityStarted', ({ workshop, activityId }) => {
    const activity = workshop.agenda.find((a) => a.id === activityId);
    if (activity?.kind === 'idea_board') return board.prepare(activity.id);
  });
  const module: FeatureModule = {
    name: 'board',
    routes: boardRoutes(board),
    commands: { handlers: boardHandlers(board), roles: boardRoles },
    documents: [
      {
        prefix: 'board:',
        policy: boardDocPolicy(deps.db),
        hooks: {
          afterRelayedUpdate: (docName) =>
            board.relayedFromElsewhere(docName.slice('board:'.length)),
        },
      },
    ],
    stop: () => board.stop(),
  };
  const personalData = boardPersonalData({
    reconcile: (activityId) => board.reconcile(activityId),
    docStore: deps.docStore,
    log: deps.log,
  });
  return { board, module, personalData };
}
