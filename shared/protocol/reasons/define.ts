import * as z from 'zod/mini';
import type { ErrorCode } from '../errorCodes.ts';

/**
 * A feature's refusals: each reason code with the schema of its parameters. The client translates
 * the code with these parameters, so a reworded English sentence breaks no translation (LANG1).
 */
export type ReasonTable = Record<string, z.ZodMiniObject>;

/** A reason with no parameters. */
export const none = z.object({});

/** A count a sentence is about ("you have 4 dots"). */
export const count = z.int().check(z.nonnegative());

/** The reasons of one table as `{ code, params }` values. */
export type ReasonOf<T extends ReasonTable> = {
  [C in keyof T & string]: { code: C; params: z.output<T[C]> };
}[keyof T & string];

/** One zod schema for a table's reasons, discriminated on `code`. */
export function reasonSchema<T extends ReasonTable>(table: T): z.ZodMiniType<ReasonOf<T>> {
  const options = Object.entries(table).map(([code, params]) =>
    z.object({ code: z.literal(code), params }),
  );
  const [first, ...rest] = options;
  if (!first) throw new Error('a reason table needs at least one reason');
  // The union is built from the table at run time; its type is the table's, stated once above.
  return z.discriminatedUnion('code', [first, ...rest]) as unknown as z.ZodMiniType<ReasonOf<T>>;
}

/**
 * How the server says a reason: the coarse error code clients branch on, and the English
 * sentence kept as `message` for logs, English readers and older clients.
 */
export type Saying<P> = { error: ErrorCode; english: (params: P) => string };

export type SayingsOf<R extends { code: string; params: object }> = {
  [C in R['code']]: Saying<Extract<R, { code: C }>['params']>;
};

export const say = <P = Record<string, never>>(
  error: ErrorCode,
  english: (params: P) => string,
): Saying<P> => ({ error, english });
