import type { z } from 'zod';
import type { CommandName, CommandResult, Role, commands } from '../../shared/protocol/socket.ts';
import type { Caller } from './identity.ts';

/**
 * What a feature's command handler gets besides the parsed payload: the caller the handshake
 * fixed. The socket itself stays in the transport, which passes a richer context that fits this.
 */
export type CommandContext = { data: Caller };

/** Handlers for some of the protocol's commands; features export these and the transport mounts them. */
export type CommandHandlers<K extends CommandName> = {
  [P in K]: (
    ctx: CommandContext,
    payload: z.output<(typeof commands)[P]['request']>,
  ) => Promise<CommandResult<P>>;
};

/**
 * Which roles may send each of a feature's commands. The dispatcher refuses any role not listed,
 * and a command no feature lists cannot be sent by anyone (SEC1).
 */
export type CommandRoles<K extends CommandName> = { [P in K]: readonly Role[] };
