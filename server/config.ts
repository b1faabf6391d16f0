import { z } from 'zod';

/**
 * Every setting, read once from the environment at start-up and validated, so a bad value fails
 * loudly with the variable's name instead of surfacing later as odd behaviour. `.env.example`
 * documents each one. (The environment holds many other variables, so unknown names cannot be
 * refused; a misspelt name is reported as a warning by `unknownSettings`.)
 */
const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  SETUP_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TRUST_PROXY: z.string().default('false'),
  SECURE_COOKIES: boolean.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  JOIN_GUESS_LIMIT: z.coerce.number().int().min(1).default(30),
  LOGIN_FAILURE_LIMIT: z.coerce.number().int().min(1).default(10),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  STATIC_DIR: z.string().default('./dist/client'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .pipe(z.url())
    .optional(),
  MAIL_FROM: z.string().min(3).default('Roundtable <roundtable@localhost>'),
  CONTACT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  CONTACTS_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  CAFE_AWAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
});

/** The names of every setting, for documentation checks and the compose test. */
export const settingNames = Object.keys(ConfigSchema.shape);

/**
 * Variables that look like ours but are not (DATABSE_URL, LOGLEVEL): worth a warning at start-up.
 * Only names close to a setting's are reported, so the rest of the environment stays quiet.
 */
export function unknownSettings(env: NodeJS.ProcessEnv): string[] {
  const squash = (s: string) => s.replace(/_/g, '');
  return Object.keys(env).filter(
    (name) =>
      !settingNames.includes(name) &&
      settingNames.some(
        (known) => squash(known) === squash(name) || editDistance(known, name) === 1,
      ),
  );
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = Math.min(
        dp[i - 1]![j]! + 1,
        dp[i]![j - 1]! + 1,
        dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return dp[a.length]![b.length]!;
}

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Connections each node keeps to a PostgreSQL server (DATABASE_URL). */
  databasePoolSize: number;
  /** Several nodes serve one workshop: Socket.IO rooms reach across them through Redis. */
  redisUrl: string | undefined;
  publicUrl: string | undefined;
  setupToken: string | undefined;
  /** Express `trust proxy`: false, true, a hop count, or a list of addresses. */
  trustProxy: boolean | number | string;
  secureCookies: boolean;
  logLevel: string;
  joinGuessLimit: number;
  loginFailureLimit: number;
  sessionDays: number;
  staticDir: string;
  /** Where "You said, we did" mail goes out; unset: the outbox keeps messages pending. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Days a feedback contact is kept when no feedback has been sent to it (REC10). */
  contactRetentionDays: number;
  contactsPerAddress: number;
  /** How long a phone may be away and its person still be seated at a café changeover (CAFE19). */
  cafeAwaySeconds: number;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}\nSee .env.example.`);
  }
  const e = result.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    // Each node would keep its own embedded database: the rooms would join, the data would not.
    throw new ConfigError(
      'Invalid settings:\n  REDIS_URL: several nodes need one PostgreSQL server; set DATABASE_URL too.\nSee .env.example.',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    setupToken: e.SETUP_TOKEN,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    secureCookies: e.SECURE_COOKIES ?? e.PUBLIC_URL?.startsWith('https://') ?? false,
    logLevel: e.LOG_LEVEL,
    joinGuessLimit: e.JOIN_GUESS_LIMIT,
    loginFailureLimit: e.LOGIN_FAILURE_LIMIT,
    sessionDays: e.SESSION_DAYS,
    staticDir: e.STATIC_DIR,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    contactRetentionDays: e.CONTACT_RETENTION_DAYS,
    contactsPerAddress: e.CONTACTS_PER_ADDRESS,
    cafeAwaySeconds: e.CAFE_AWAY_SECONDS,
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Loopback-only servers cannot be reached by a stranger, so they need no set-up token. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}
