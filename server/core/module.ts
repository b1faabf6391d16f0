import type { CommandName } from '../../shared/protocol/socket.ts';
import type { CommandHandlers, CommandRoles } from './commands.ts';
import type { DocumentKind } from './documents.ts';
import type { RouteBinding } from './http.ts';

/**
 * One feature as the app composes it: the REST routes and socket commands it answers (each with
 * who may call it), the kinds of co-edited document it serves, and what runs while the server
 * does. A feature hears of other features' doings through the event bus it is built with, so the
 * app builds features in the order of their services and mounts the list (server/app.ts).
 */
export type FeatureModule = {
  name: string;
  routes?: readonly RouteBinding[];
  commands?: {
    handlers: Partial<CommandHandlers<CommandName>>;
    roles: Partial<CommandRoles<CommandName>>;
  };
  documents?: readonly DocumentKind[];
  /** Timers and workers, started once the transport is listening. */
  start?(): void;
  /** Stopped before the transport and the database close, in the reverse order of the list. */
  stop?(): void | Promise<void>;
};
