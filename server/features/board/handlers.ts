import type { boardCommands } from '../../../shared/protocol/board.ts';
import type { CommandHandlers, CommandRoles } from '../../core/commands.ts';
import { actorOf, facilitatorOf as facilitator } from '../../core/identity.ts';
import type { BoardService } from './service.ts';

type BoardHandlers = CommandHandlers<keyof typeof boardCommands>;

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

/** Who may send each command; the service checks its own finer rules again. */
export const boardRoles: CommandRoles<keyof typeof boardCommands> = {
  // Facilitators add notes only for people on paper; the service checks that.
  'note:add': ['participant', 'facilitator'],
  'note:edit': ['participant', 'facilitator'],
  'note:withdraw': ['participant', 'facilitator'],
  'board:get': ['participant', 'facilitator'],
  'board:configure': ['facilitator'],
  'board:reveal': ['facilitator'],
  'theme:create': ['facilitator'],
  'theme:update': ['facilitator'],
  'theme:remove': ['facilitator'],
  'note:place': ['facilitator'],
  'note:merge': ['facilitator'],
  'note:hide': ['facilitator'],
  'note:unhide': ['facilitator'],
};
