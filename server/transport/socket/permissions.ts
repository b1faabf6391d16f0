import type { CommandRoles } from '../../core/commands.ts';
import type { CommandName } from '../../../shared/protocol/socket.ts';

/** The room's own commands, which the transport answers itself (they need who is connected). */
export type RoomCommand =
  | 'room:sync'
  | 'participant:update'
  | 'workshop:open'
  | 'workshop:close'
  | 'activity:goto'
  | 'screen:join'
  | 'roster:get'
  | 'presence:get';

export const roomRoles: CommandRoles<RoomCommand> = {
  'room:sync': ['facilitator', 'participant', 'screen'],
  'participant:update': ['participant'],
  'workshop:open': ['facilitator'],
  'workshop:close': ['facilitator'],
  'activity:goto': ['facilitator'],
  'screen:join': ['facilitator'],
  'roster:get': ['facilitator'],
  'presence:get': ['facilitator', 'screen'],
};

/**
 * The permission map: the room's roles and every feature's. Each command must be listed exactly
 * once, so a command added to the protocol without roles stops the server at start-up instead of
 * being open or shut by accident. (SEC1: anything not listed cannot be sent.)
 */
export function permissionMap(
  names: readonly CommandName[],
  parts: readonly Partial<CommandRoles<CommandName>>[],
): CommandRoles<CommandName> {
  const map: Partial<CommandRoles<CommandName>> = {};
  for (const part of parts) {
    for (const [name, roles] of Object.entries(part) as [
      CommandName,
      CommandRoles<CommandName>[CommandName],
    ][]) {
      if (map[name]) throw new Error(`Two features give roles for ${name}`);
      map[name] = roles;
    }
  }
  const missing = names.filter((n) => !map[n]);
  if (missing.length > 0) throw new Error(`No roles for ${missing.join(', ')}`);
  return map as CommandRoles<CommandName>;
}
