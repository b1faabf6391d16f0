import type { boardCommands } from '../../../shared/protocol/board.ts';
import { AppError } from '../../errors.ts';
import type { Handlers } from '../../transport/socket/dispatch.ts';
import type { SocketData } from '../../transport/socket/types.ts';
import type { Actor, BoardService } from './service.ts';

type BoardHandlers = Pick<Handlers, keyof typeof boardCommands>;

/** Who is acting, from what the handshake fixed; never from the message. */
export function actorOf(data: SocketData): Actor {
  if (data.role === 'participant' && data.participantId) {
    return { role: 'participant', workshopId: data.workshopId, participantId: data.participantId };
  }
  if (data.role === 'facilitator' && data.facilitatorId) {
    return { role: 'facilitator', workshopId: data.workshopId, facilitatorId: data.facilitatorId };
  }
  throw new AppError('FORBIDDEN', 'Not allowed for your role');
}

function facilitator(data: SocketData) {
  const actor = actorOf(data);
  if (actor.role !== 'facilitator') throw new AppError('FORBIDDEN', 'Facilitators only');
  return actor;
}

export function boardHandlers(board: BoardService): BoardHandlers {
  return {
    'note:add': ({ data }, p) => board.addNote(actorOf(data), p),
    'note:edit': ({ data }, p) => board.editNote(actorOf(data), p.id, p.text),
    'note:withdraw': ({ data }, p) => board.withdrawNote(actorOf(data), p.id),
    'board:get': ({ data }, p) => board.get(actorOf(data), p.activityId),
    'board:configure': ({ data }, p) => board.configure(facilitator(data), p.activityId, p),
    'board:reveal': ({ data }, p) => board.reveal(facilitator(data), p.activityId),
    'theme:create': ({ data }, p) => board.createTheme(facilitator(data), p.activityId, p.name),
    'theme:update': ({ data }, p) => board.updateTheme(facilitator(data), p.themeId, p),
    'theme:remove': ({ data }, p) => board.removeTheme(facilitator(data), p.themeId),
    'note:place': ({ data }, p) => board.placeNote(facilitator(data), p.id, p.themeId, p.position),
    'note:merge': ({ data }, p) => board.mergeNote(facilitator(data), p.id, p.intoId),
    'note:hide': ({ data }, p) => board.hideNote(facilitator(data), p.id, p.reason),
    'note:unhide': ({ data }, p) => board.unhideNote(facilitator(data), p.id),
  };
}
