import { fieldErrors, type Ack } from '../../../shared/protocol/ack.ts';
import { limits } from '../../../shared/domain/limits.ts';
import {
  commands,
  type CommandName,
  type CommandRequest,
  type CommandResult,
} from '../../../shared/protocol/socket.ts';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { isAllowed } from './permissions.ts';
import type { IoSocket, SocketData } from './types.ts';

export type CommandContext = { socket: IoSocket; data: SocketData };

export type Handlers = {
  [K in CommandName]: (
    ctx: CommandContext,
    payload: z.output<(typeof commands)[K]['request']>,
  ) => Promise<CommandResult<K>>;
};

/** A bucket per socket: a burst of 30 commands, refilled at 10 a second. */
function commandBucket(capacity = 30, perSecond = 10) {
  let tokens = capacity;
  let last = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/**
 * The one path every command takes: size check, parse, authorize (deny by default), run, typed
 * ack. Nothing a client sends can throw past this function, so no message can crash the server
 * or reach another participant's connection. (PROTO2)
 */
export function attachCommands(
  socket: IoSocket,
  handlers: Handlers,
  opts: {
    log: Logger;
    beforeCommand?: (ctx: CommandContext) => Promise<void>;
    /** True when the error is a database outage: the client is told to send it again. */
    unavailable?: (err: unknown) => boolean;
  },
) {
  const take = commandBucket();
  socket.onAny((event: unknown, ...args: unknown[]) => {
    const ack = args.at(-1);
    const reply = (res: Ack<unknown>) => {
      if (typeof ack === 'function') (ack as (r: Ack<unknown>) => void)(res);
    };
    const fail = (
      code: AppError['code'],
      message: string,
      extra: Partial<AppError['extra']> = {},
    ) => reply({ ok: false, error: { code, message, ...extra } });

    if (typeof event !== 'string' || !Object.hasOwn(commands, event)) {
      opts.log.warn(
        { event: String(event).slice(0, 40), role: socket.data.role },
        'unknown command',
      );
      return fail('UNKNOWN_COMMAND', 'Unknown command');
    }
    const name = event as CommandName;
    if (typeof ack !== 'function') {
      opts.log.warn({ command: name }, 'command without acknowledgement callback ignored');
      return;
    }
    if (!take())
      return fail('RATE_LIMITED', 'Too many messages; slow down', { retryAfterSeconds: 1 });
    const payload = args.length > 1 ? args[0] : {};
    const size = safeSize(payload);
    if (size > limits.socketMessageBytes) {
      opts.log.warn({ command: name, size }, 'oversized command');
      return fail('PAYLOAD_TOO_LARGE', `Message is larger than ${limits.socketMessageBytes} bytes`);
    }
    void run(name, payload).then(reply);
  });

  async function run(name: CommandName, payload: unknown): Promise<Ack<unknown>> {
    const data = socket.data;
    const parsed = commands[name].request.safeParse(payload);
    if (!parsed.success) {
      opts.log.warn({ command: name, role: data.role }, 'malformed command');
      return {
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: 'Malformed message',
          fields: fieldErrors(parsed.error),
        },
      };
    }
    if (!isAllowed(name, data.role)) {
      opts.log.warn({ command: name, role: data.role }, 'command refused for role');
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Not allowed for your role' } };
    }
    try {
      const ctx = { socket, data };
      await opts.beforeCommand?.(ctx);
      const handler = handlers[name] as (c: CommandContext, p: unknown) => Promise<unknown>;
      return { ok: true, data: await handler(ctx, parsed.data) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toBody() };
      if (opts.unavailable?.(err)) {
        opts.log.warn({ command: name }, 'command failed: database unreachable');
        return { ok: false, error: unavailableBody };
      }
      opts.log.error({ err, command: name }, 'command failed');
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong on the server' },
      };
    }
  }
}

/** DUR2: nobody's fault, and it passes; the same operation id is sent again. */
export const unavailableBody = {
  code: 'UNAVAILABLE',
  message: 'The server cannot reach its database just now; this will be sent again',
  retryAfterSeconds: 1,
} as const;

function safeSize(payload: unknown): number {
  try {
    return JSON.stringify(payload)?.length ?? 0;
  } catch {
    // Socket.IO payloads are JSON-decoded or binary; anything that cannot be re-encoded is refused.
    return Number.POSITIVE_INFINITY;
  }
}

export type { CommandRequest };
