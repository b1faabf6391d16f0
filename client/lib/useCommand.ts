import type { CommandName, CommandRequest, CommandResult } from '../../shared/protocol/socket.ts';
import { ApiError } from './api.ts';
import { useLoad, type Loaded } from './useLoad.ts';
import type { Room } from './useRoom.ts';

/**
 * Reads something over the room's socket, as useCall reads a route: asked again whenever the room
 * changes (it changes with every state the server pushes, so the answer follows the room) or the
 * request does. A refused command is a problem, and the last answer is kept.
 */
export function useCommand<K extends CommandName>(
  room: Pick<Room, 'send'>,
  name: K,
  payload: CommandRequest<K>,
): Loaded<CommandResult<K>> {
  const key = JSON.stringify(payload);
  return useLoad(
    () =>
      room.send(name, JSON.parse(key) as CommandRequest<K>).then((outcome) => {
        if (!outcome.ok) throw new ApiError(0, outcome.error);
        return outcome.data;
      }),
    [room, name, key],
  );
}
