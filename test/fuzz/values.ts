import { z } from 'zod';
import { mulberry32 } from '../../shared/domain/random.ts';

/** A seeded source of choices: the same seed replays the same run. */
export class Rand {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
};

/** A zod schema as JSON Schema, the shape the generators walk. */
export function jsonSchemaOf(schema: z.core.$ZodType): JsonSchema {
  return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
}

/** Strings that have broken parsers, renderers and databases somewhere. */
const nastyStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u2066',
  '<script>alert(1)</script>',
  "'; DROP TABLE workshops; --",
  '../../etc/passwd',
  '%00%2e%2e%2f',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\r\n\r\nHTTP/1.1 200 OK',
  'ﷺ'.repeat(50),
  '😀'.repeat(100),
  'ক্ষ'.repeat(30),
  'NaN',
  '-0',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

const nastyNumbers = [
  0,
  -0,
  -1,
  1,
  0.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

function uuid(r: Rand): string {
  const hex = () => r.int(16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-${'89ab'[r.int(4)]}${part(3)}-${part(12)}`;
}

function text(r: Rand, min = 0, max = 40): string {
  const length = min + r.int(Math.max(1, Math.min(max, min + 40) - min + 1));
  const alphabet = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHJKLMNPQRSTUVWXYZ0123456789éক্';
  return Array.from({ length }, () => alphabet[r.int(alphabet.length)]).join('');
}

/** Text of any value; an object whose toString is not a function has none, so it gets one. */
export function str(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '[object without text]';
  }
}

/** A value the schema accepts, most of the time (patterns and refinements are guessed at). */
export function valid(s: JsonSchema, r: Rand, known: readonly string[] = [], depth = 0): unknown {
  if (depth > 8) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum) return r.pick(s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return valid(r.pick(alternatives), r, known, depth + 1);
  if (s.allOf?.length) {
    return Object.assign({}, ...s.allOf.map((p) => valid(p, r, known, depth + 1) as object));
  }
  const type = Array.isArray(s.type) ? r.pick(s.type) : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return known.length && r.chance(0.7) ? r.pick(known) : uuid(r);
      if (s.format === 'date-time') return new Date(Date.UTC(2027, r.int(12), 1)).toISOString();
      if (s.format === 'date') return `2027-0${1 + r.int(9)}-1${r.int(9)}`;
      if (s.format === 'email') return `someone${r.int(1000)}@example.org`;
      if (s.format === 'uri') return `https://example.org/${r.int(1000)}`;
      return text(r, s.minLength ?? 0, s.maxLength ?? 40);
    case 'integer': {
      const lo = s.minimum ?? 0;
      const hi = s.maximum ?? lo + 10;
      return lo + r.int(Math.max(1, Math.min(hi - lo + 1, 1000)));
    }
    case 'number':
      return (s.minimum ?? 0) + r.float() * 10;
    case 'boolean':
      return r.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      if (s.prefixItems) return s.prefixItems.map((p) => valid(p, r, known, depth + 1));
      const item = Array.isArray(s.items) ? s.items[0] : s.items;
      const min = s.minItems ?? 0;
      const n = min + r.int(Math.max(1, Math.min(s.maxItems ?? min + 4, min + 4) - min + 1));
      return Array.from({ length: n }, () => (item ? valid(item, r, known, depth + 1) : null));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        if (required.has(key) || r.chance(0.6)) out[key] = valid(prop, r, known, depth + 1);
      }
      return out;
    }
    default:
      return hostile(r, depth + 1);
  }
}

/** Deep nesting of the kind that overflows recursive parsers and encoders. */
function nested(r: Rand, levels: number): unknown {
  let v: unknown = r.pick(nastyStrings);
  for (let i = 0; i < levels; i++) v = r.chance(0.5) ? [v] : { a: v };
  return v;
}

/** Prototype keys as own properties, the way JSON.parse makes them. */
function prototypeKeys(r: Rand): unknown {
  return JSON.parse(
    r.pick([
      '{"__proto__":{"polluted":true,"role":"facilitator"}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"__proto__":null,"toString":1,"valueOf":"x"}',
      '{"hasOwnProperty":"boom","__defineGetter__":1}',
    ]),
  );
}

/** Anything at all: boundary values, wrong types, huge, deep, binary, prototype keys. */
export function hostile(r: Rand, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 11)) {
    case 0:
      return r.pick(nastyStrings);
    case 1:
      return r.pick(nastyNumbers);
    case 2:
      return r.pick([null, true, false, [], {}, '', 0]);
    case 3:
      return uuid(r);
    case 4:
      return text(r, 0, 80);
    case 5:
      return Buffer.from(Array.from({ length: r.int(64) }, () => r.int(256)));
    case 6:
      // Oversized: just under and over the 64 KiB command limit, sometimes far over.
      return 'x'.repeat(r.pick([65_000, 65_600, 70_000, 300_000]));
    case 7:
      return nested(r, r.pick([50, 500, 3000]));
    case 8:
      return prototypeKeys(r);
    case 9:
      return Array.from({ length: r.int(6) }, () => hostile(r, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) put(out, r.pick(nastyStrings), hostile(r, depth + 1));
      return out;
    }
  }
}

/**
 * Sets an own property, `__proto__` included: assigning that key would change the object's
 * prototype here in the fuzzer (into a fake Buffer, say) instead of sending the key.
 */
function put(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A valid value with one thing wrong: a field dropped, retyped, oversized or added. */
export function mutate(value: unknown, r: Rand): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return hostile(r);
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(out);
  switch (r.int(5)) {
    case 0:
      if (keys.length) delete out[r.pick(keys)];
      break;
    case 1:
      if (keys.length) out[r.pick(keys)] = hostile(r, 1);
      break;
    case 2:
      put(
        out,
        r.pick(['extra', '__proto__', 'constructor', 'workshopId', 'participantId', 'role']),
        hostile(r, 1),
      );
      break;
    case 3:
      if (keys.length) out[r.pick(keys)] = 'y'.repeat(r.pick([41, 201, 2001, 20_001]));
      break;
    default: {
      const target = prototypeKeys(r) as Record<string, unknown>;
      for (const [k, v] of Object.entries(out)) put(target, k, v);
      return target;
    }
  }
  return out;
}
