import type { CommandName, Role } from '../../../shared/protocol/socket.ts';

/**
 * Which roles may send each command. A command missing here cannot be sent by anyone: the type
 * makes every command appear, and the dispatcher refuses any role not listed. (SEC1)
 */
export const permissions: Record<CommandName, readonly Role[]> = {
  'room:sync': ['facilitator', 'participant', 'screen'],
  'participant:update': ['participant'],
  'workshop:open': ['facilitator'],
  'workshop:close': ['facilitator'],
  'activity:goto': ['facilitator'],
  'screen:join': ['facilitator'],
  'roster:get': ['facilitator'],
  'presence:get': ['facilitator', 'screen'],
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
  'vote:get': ['participant', 'facilitator', 'screen'],
  'vote:setOptions': ['facilitator'],
  'vote:optionsFromBoard': ['facilitator'],
  'vote:open': ['facilitator'],
  'vote:close': ['facilitator'],
  'vote:reveal': ['facilitator'],
  'vote:paper': ['facilitator'],
  'vote:paperBallot:add': ['facilitator'],
  'vote:paperBallot:remove': ['facilitator'],
  'vote:paperBallots': ['facilitator'],
  // Facilitators count paper votes with vote:paper; they do not cast ballots.
  'dot:place': ['participant'],
  'dot:remove': ['participant'],
  'ballot:cast': ['participant'],
  'commitment:add': ['participant', 'facilitator'],
  'commitment:hide': ['facilitator'],
  'cafe:get': ['participant', 'facilitator', 'screen'],
  'cafe:tables': ['facilitator'],
  'cafe:host': ['facilitator'],
  'cafe:hostVolunteers': ['facilitator'],
  'cafe:volunteer': ['participant'],
  'cafe:attend': ['participant'],
  'cafe:start': ['facilitator'],
  'cafe:pause': ['facilitator'],
  'cafe:resume': ['facilitator'],
  'cafe:adjust': ['facilitator'],
  'cafe:advance': ['facilitator'],
  'cafe:move': ['facilitator'],
  'cafe:share': ['facilitator'],
  // Who may read which tablecloth is decided by the service (host, harvest, shared notes).
  'cafe:tablecloths': ['participant', 'facilitator', 'screen'],
  'cafe:snapshots': ['facilitator'],
  'cafe:restore': ['facilitator'],
  'cafe:insight:add': ['facilitator'],
  'cafe:insight:edit': ['facilitator'],
  'cafe:insight:remove': ['facilitator'],
};

export function isAllowed(command: CommandName, role: Role): boolean {
  return permissions[command].includes(role);
}
