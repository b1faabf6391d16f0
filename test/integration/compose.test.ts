import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../server/config.ts';

/**
 * No Docker engine runs in CI, so the deployment files are checked by reading them: a setting the
 * server does not know, a database URL that does not match the database, or a CMD that starts
 * something else would otherwise only show up on someone's server.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(root + file, 'utf8');

type Service = {
  build?: unknown;
  image?: string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number)[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
};
type Compose = { services?: Record<string, Service>; volumes?: Record<string, unknown> };

const compose = parse(read('docker-compose.yml')) as Compose;
const services = compose.services ?? {};

/** Compose accepts both `KEY: value` and `- KEY=value`; values stay uninterpolated here. */
function environment(service: Service | undefined): Record<string, string> {
  const env = service?.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, $VAR, $$. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
      if (match === '$$') return '$';
      const name = (braced ?? bare)!;
      const set = vars[name];
      const missing = set === undefined || (colon === ':' && set === '');
      if (!missing) return set;
      if (op === '?') throw new Error(`${name} is required: ${arg}`);
      return op === '-' ? arg! : '';
    },
  );
}

function resolved(service: Service | undefined, vars: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(environment(service)).map(([k, v]) => [k, interpolate(v, vars)]),
  );
}

/** The setting names server/config.ts validates, read from its schema's source text. */
function settingNames(): string[] {
  const source = read('server/config.ts');
  const start = source.indexOf('const ConfigSchema = z.object({');
  const end = source.indexOf('\n});', start);
  if (start < 0 || end < 0) throw new Error('ConfigSchema not found in server/config.ts');
  return [...source.slice(start, end).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
}

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function dockerfile(): { instruction: string; args: string }[] {
  return read('Dockerfile')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const space = l.search(/\s/);
      return { instruction: l.slice(0, space).toUpperCase(), args: l.slice(space + 1).trim() };
    });
}

const noVariables = {};
const someVariables = {
  POSTGRES_PASSWORD: 'correcthorse42',
  PUBLIC_URL: 'https://roundtable.example.org',
  SETUP_TOKEN: 'a-setup-token-of-enough-length',
  TRUST_PROXY: '1',
};

describe('docker-compose.yml', () => {
  it('runs an app and a PostgreSQL db, and the app waits until the db is healthy', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['app', 'db']));
    const app = services.app!;
    const db = services.db!;
    expect(app.build).toBeDefined();
    expect(db.image).toMatch(/^postgres:15/);
    const dependsOn = app.depends_on;
    expect(Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn ?? {})).toContain('db');
    if (dependsOn && !Array.isArray(dependsOn)) {
      expect(dependsOn.db?.condition).toBe('service_healthy');
    }
    expect(JSON.stringify(db.healthcheck?.test)).toContain('pg_isready');
  });

  it('keeps the database in a named volume, so `docker compose down` and upgrades keep the data', () => {
    const mounts = (services.db!.volumes ?? []).map((v) =>
      typeof v === 'string'
        ? { source: v.split(':')[0], target: v.split(':')[1] }
        : { source: v.source, target: v.target },
    );
    const data = mounts.find((m) => m.target === '/var/lib/postgresql/data');
    expect(data?.source).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.source);
  });

  it('gives the app only settings the server knows', () => {
    const known = settingNames();
    // Guards the parsing above: an empty list would make the next check pass vacuously.
    expect(known).toEqual(expect.arrayContaining(['PORT', 'HOST', 'DATABASE_URL', 'DATA_DIR']));
    const names = Object.keys(environment(services.app));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !known.includes(n))).toEqual([]);
  });

  it.each([
    ['with no variables set', noVariables],
    ['with every variable set', someVariables],
  ])('settles into a valid configuration %s, pointed at the db service', (_label, vars) => {
    const env = resolved(services.app, vars);
    const config = loadConfig(env);
    expect(config.host).toBe('0.0.0.0');
    expect(services.app!.ports?.map(String)).toContain(`${config.port}:${config.port}`);

    // The URL the app connects with must name the user, password and database the db creates.
    const url = new URL(config.databaseUrl!);
    const db = resolved(services.db, vars);
    expect(url.hostname).toBe('db');
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.username)).toBe(db.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(db.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${db.POSTGRES_DB}`);
  });

  it('passes the operator’s public address, set-up token and proxy setting through', () => {
    const config = loadConfig(resolved(services.app, someVariables));
    expect(config.publicUrl).toBe(someVariables.PUBLIC_URL);
    expect(config.setupToken).toBe(someVariables.SETUP_TOKEN);
    expect(config.trustProxy).toBe(1);
    expect(config.secureCookies).toBe(true);
    const defaults = loadConfig(resolved(services.app, noVariables));
    expect(defaults.setupToken).toBeUndefined();
    expect(defaults.trustProxy).toBe(false);
  });
});

describe('Dockerfile', () => {
  const lines = dockerfile();
  const last = (instruction: string) => lines.filter((l) => l.instruction === instruction).at(-1);

  it('runs the compiled server (what `npm run build` writes) with plain node as an unprivileged user', () => {
    const cmd = JSON.parse(last('CMD')!.args) as string[];
    // The compiler writes server/main.ts to <outDir>/server/main.js; the image must start that
    // file and carry it over from the build stage, or the container starts nothing.
    const outDir = (
      JSON.parse(read('tsconfig.server.json')) as { compilerOptions: { outDir: string } }
    ).compilerOptions.outDir;
    expect(cmd).toEqual(['node', `${outDir}/server/main.js`]);
    expect(lines.some((l) => l.instruction === 'COPY' && l.args.includes(`/app/${outDir} `))).toBe(
      true,
    );
    expect(lines.some((l) => l.instruction === 'RUN' && l.args === 'npm run build')).toBe(true);
    const user = last('USER')?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
  });

  it('builds from node 20, listens on 3000, checks /healthz and keeps embedded data in /data', () => {
    expect(lines.filter((l) => l.instruction === 'FROM').map((l) => l.args.split(/\s/)[0])).toEqual(
      expect.arrayContaining(['node:20-bookworm-slim']),
    );
    expect(last('EXPOSE')?.args).toBe('3000');
    expect(last('HEALTHCHECK')?.args).toContain('/healthz');
    expect(last('VOLUME')?.args).toBe('/data');
    const env = Object.fromEntries(
      lines
        .filter((l) => l.instruction === 'ENV')
        .flatMap((l) => [...l.args.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1], m[2]])),
    ) as Record<string, string>;
    expect(env.DATA_DIR).toBe('/data');
    expect(loadConfig(env).port).toBe(3000);
    const known = [...settingNames(), 'NODE_ENV'];
    expect(Object.keys(env).filter((n) => !known.includes(n))).toEqual([]);
  });

  it('leaves local data, secrets and installed modules out of the image', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'data', '.env']));
  });
});
