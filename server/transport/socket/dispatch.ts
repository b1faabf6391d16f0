import type { Unavailability } from '../../db/health.ts';
import {
  fieldErrors,
  fieldIssues,
  type Ack,
  type ErrorBody,
} from '../../../shared/protocol/ack.ts';
import { limits } from '../../../shared/domain/limits.ts';
import {
  commands,
  type CommandName,
  type CommandRequest,
  type CommandResult,
} from '../../../shared/protocol/socket.ts';
import type { z } from 'zod';
import { AppError, refusalBody } from '../../errors.ts';
import type { LogGate } from '../logGate.ts';
import type { CommandRoles } from '../../core/commands.ts';
import type { IoSocket, SocketData } from './types.ts';

export type CommandContext = { socket: IoSocket; data: SocketData };

export type Handlers = {
  [K in CommandName]: (
    ctx: CommandContext,
    payload: z.output<(typeof commands)[K]['request']>,
  ) => Promise<CommandResult<K>>;
};

/** What counts as garbage: messages no honest client sends. Refusals for rate are not garbage. */
export type BadKind = 'unknown' | 'noAck' | 'oversized' | 'malformed' | 'forbidden';

export type BadMessageLimits = {
  /** Bad messages within `windowMs` beyond which the socket is disconnected. */
  limit: number;
  windowMs: number;
};

export const defaultBadMessageLimits: BadMessageLimits = { limit: 50, windowMs: 10_000 };

const badMessageLog: Record<BadKind, string> = {
  unknown: 'unknown command',
  noAck: 'command without acknowledgement callback ignored',
  oversized: 'oversized command',
  malformed: 'malformed command',
  forbidden: 'command refused for role',
};

/**
 * Bad messages from one socket: the first of each kind is logged (through the shared gate),
 * the rest only counted, and a socket that keeps sending them is disconnected with one line
 * giving the counts. A flood of 20,000 writes a handful of lines, not 20,000. (SEC10)
 */
class BadMessages {
  private readonly counts = new Map<BadKind, number>();
  private recent = 0;
  private windowStart = Date.now();
  cutOff = false;

  constructor(
    private readonly socket: IoSocket,
    private readonly gate: LogGate,
    private readonly limits: BadMessageLimits,
  ) {}

  note(kind: BadKind, fields: Record<string, unknown>) {
    const seen = this.counts.get(kind) ?? 0;
    this.counts.set(kind, seen + 1);
    if (seen === 0) this.gate.warn({ ...fields, role: this.socket.data.role }, badMessageLog[kind]);
    const now = Date.now();
    if (now - this.windowStart > this.limits.windowMs) {
      this.windowStart = now;
      this.recent = 0;
    }
    this.recent += 1;
    if (this.recent > this.limits.limit && !this.cutOff) {
      this.cutOff = true;
      this.gate.warn(
        { role: this.socket.data.role, counts: Object.fromEntries(this.counts) },
        'socket disconnected for sending bad messages',
      );
      this.socket.disconnect(true);
    }
  }
}

export type CommandOptions = {
  /** Who may send each command; every other role is refused before the handler runs. */
  permissions: CommandRoles<CommandName>;
  gate: LogGate;
  /** Takes one command from this socket's device and workshop budgets. */
  takeBudget: () => Promise<boolean>;
  badMessages?: BadMessageLimits;
  beforeCommand?: (ctx: CommandContext) => Promise<void>;
  /** Whether the error is the database away or too busy: the client is told to send it again. */
  unavailable?: (err: unknown) => Unavailability | null;
};

/**
 * What Socket.IO calls with every event a socket receives, as its decoder produced it: the event
 * name, the arguments, and last the acknowledgement callback when the client asked for one.
 */
export type CommandListener = (event: unknown, ...args: unknown[]) => void;

/** Every event a connected socket receives goes to its command listener. */
export function attachCommands(
  socket: IoSocket,
  handlers: Handlers,
  opts: CommandOptions,
): CommandListener {
  const listener = commandListener(socket, handlers, opts);
  socket.onAny(listener);
  return listener;
}

/**
 * The one path every command takes: size check, parse, authorize (deny by default), run, typed
 * ack. Nothing a client sends can throw past this function, so no message can crash the server
 * or reach another participant's connection. (PROTO2) The command budget is the device's and
 * the workshop's, not the socket's (SEC15). A function of its own so that the fuzzer can call
 * it in-process, with exactly what the network would hand it, far faster than over a socket
 * (SEC17).
 */
export function commandListener(
  socket: IoSocket,
  handlers: Handlers,
  opts: CommandOptions,
): CommandListener {
  const bad = new BadMessages(socket, opts.gate, opts.badMessages ?? defaultBadMessageLimits);
  return (event: unknown, ...args: unknown[]) => {
    // Frames already read when the socket was cut off are not worth an answer.
    if (bad.cutOff) return;
    const ack = args.at(-1);
    const reply = (res: Ack<unknown>) => {
      if (typeof ack === 'function') (ack as (r: Ack<unknown>) => void)(res);
    };

    if (typeof event !== 'string' || !Object.hasOwn(commands, event)) {
      bad.note('unknown', { event: String(event).slice(0, 40) });
      return reply(failure(refusalBody('UNKNOWN_COMMAND')));
    }
    const name = event as CommandName;
    if (typeof ack !== 'function') {
      bad.note('noAck', { command: name });
      return;
    }
    const payload = args.length > 1 ? args[0] : {};
    const size = safeSize(payload);
    if (size > limits.socketMessageBytes) {
      bad.note('oversized', { command: name, size: Number.isFinite(size) ? size : 'binary' });
      return reply(failure(refusalBody('MESSAGE_TOO_LARGE', { bytes: limits.socketMessageBytes })));
    }
    opts
      .takeBudget()
      .then((allowed) =>
        allowed
          ? run(name, payload)
          : failure(refusalBody('TOO_MANY_MESSAGES', {}, { retryAfterSeconds: 1 })),
      )
      .catch((err: unknown) => {
        opts.gate.error({ err, command: name }, 'command failed');
        return failure(refusalBody('SERVER_FAILED'));
      })
      .then(reply, () => undefined);
  };

  function failure(error: ErrorBody): Ack<unknown> {
    return { ok: false, error };
  }

  async function run(name: CommandName, payload: unknown): Promise<Ack<unknown>> {
    const data = socket.data;
    const parsed = commands[name].request.safeParse(payload);
    if (!parsed.success) {
      bad.note('malformed', { command: name });
      return {
        ok: false,
        error: refusalBody(
          'MALFORMED_MESSAGE',
          {},
          { fields: fieldErrors(parsed.error), issues: fieldIssues(parsed.error) },
        ),
      };
    }
    if (!opts.permissions[name].includes(data.role)) {
      bad.note('forbidden', { command: name });
      return failure(refusalBody('ROLE_NOT_ALLOWED'));
    }
    try {
      const ctx = { socket, data };
      await opts.beforeCommand?.(ctx);
      const handler = handlers[name] as (c: CommandContext, p: unknown) => Promise<unknown>;
      return { ok: true, data: await handler(ctx, parsed.data) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toBody() };
      const away = opts.unavailable?.(err);
      if (away) {
        opts.gate.warn({ command: name }, `command failed: database ${away}`);
        return failure(
          refusalBody(
            away === 'busy' ? 'SERVER_BUSY' : 'DATABASE_UNREACHABLE',
            {},
            {
              retryAfterSeconds: 1,
            },
          ),
        );
      }
      opts.gate.error({ err, command: name }, 'command failed');
      return failure(refusalBody('SERVER_FAILED'));
    }
  }
}

function safeSize(payload: unknown): number {
  try {
    return JSON.stringify(payload)?.length ?? 0;
  } catch {
    // Socket.IO payloads are JSON-decoded or binary; anything that cannot be re-encoded is refused.
    return Number.POSITIVE_INFINITY;
  }
}

export type { CommandRequest };
