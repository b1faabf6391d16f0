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
  'roster:get': ['facilitator'],
  'presence:get': ['facilitator', 'screen'],
};

export function isAllowed(command: CommandName, role: Role): boolean {
  return permissions[command].includes(role);
}
