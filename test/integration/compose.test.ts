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
  command?: string | string[];
  deploy?: { replicas?: number };
  expose?: (string | number)[];
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

/** deploy/haproxy.cfg as sections ("frontend roundtable", "backend nodes") of their lines. */
function haproxy(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const raw of read('deploy/haproxy.cfg').split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    if (!/^\s/.test(raw)) {
      current = [];
      sections.set(line, current);
    } else {
      current?.push(line.replace(/\s+/g, ' '));
    }
  }
  return sections;
}

/** HAProxy's time format: 500 (ms), 5s, 1m, 1h, 1d. */
function millis(value: string): number {
  const m = /^(\d+)(us|ms|s|m|h|d)?$/.exec(value);
  if (!m) throw new Error(`not an HAProxy time: ${value}`);
  const unit = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Number(m[1]) * unit[(m[2] ?? 'ms') as keyof typeof unit];
}

function dependsOn(service: Service | undefined): Record<string, string | undefined> {
  const d = service?.depends_on ?? [];
  return Array.isArray(d)
    ? Object.fromEntries(d.map((name) => [name, undefined]))
    : Object.fromEntries(Object.entries(d).map(([name, v]) => [name, v.condition]));
}

function mounts(service: Service | undefined) {
  return (service?.volumes ?? []).map((v) =>
    typeof v === 'string'
      ? { source: v.split(':')[0], target: v.split(':')[1] }
      : { source: v.source, target: v.target },
  );
}

describe('docker-compose.yml', () => {
  it('[SCALE6] runs a load balancer, app replicas, PostgreSQL and Redis, each started once what it needs is healthy', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['lb', 'app', 'db', 'redis']));
    const { app, db, redis, lb } = services as Record<string, Service>;
    expect(app!.build).toBeDefined();
    expect(db!.image).toMatch(/^postgres:15/);
    expect(redis!.image).toMatch(/^redis:\d/);
    expect(lb!.image).toMatch(/^haproxy:\d/);
    expect(dependsOn(app)).toEqual({ db: 'service_healthy', redis: 'service_healthy' });
    expect(dependsOn(lb)).toEqual({ app: 'service_healthy' });
    expect(JSON.stringify(db!.healthcheck?.test)).toContain('pg_isready');
    expect(redis!.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(JSON.stringify(app!.healthcheck?.test)).toContain('/healthz');
  });

  it('[SCALE6] runs at least two app nodes, and only the balancer publishes a port', () => {
    expect(services.app!.deploy?.replicas).toBeGreaterThanOrEqual(2);
    // A published node port would let anyone write the X-Forwarded-For the nodes trust, and
    // two replicas cannot both publish one host port anyway.
    expect(services.app!.ports).toBeUndefined();
    for (const [name, service] of Object.entries(services)) {
      if (name !== 'lb') expect(service.ports, name).toBeUndefined();
    }
    expect(services.lb!.ports?.map(String)).toEqual(['3000:3000']);
  });

  it('keeps the database in a named volume, so `docker compose down` and upgrades keep the data', () => {
    const data = mounts(services.db).find((m) => m.target === '/var/lib/postgresql/data');
    expect(data?.source).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.source);
  });

  it('[SCALE6] runs Redis with its append-only file in a named volume', () => {
    const command = services.redis!.command;
    const argv = Array.isArray(command) ? command : (command ?? '').split(/\s+/);
    expect(argv[0]).toBe('redis-server');
    expect(argv.slice(argv.indexOf('--appendonly'), argv.indexOf('--appendonly') + 2)).toEqual([
      '--appendonly',
      'yes',
    ]);
    // The official image's working directory, where the append-only file is written.
    const data = mounts(services.redis).find((m) => m.target === '/data');
    expect(data?.source).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.source);
  });

  it('[SCALE6] mounts deploy/haproxy.cfg where the official image reads its configuration', () => {
    const config = mounts(services.lb).find(
      (m) => m.target === '/usr/local/etc/haproxy/haproxy.cfg',
    );
    expect(config?.source).toBe('./deploy/haproxy.cfg');
  });

  it('gives the app only settings the server knows', () => {
    const known = settingNames();
    // Guards the parsing above: an empty list would make the next check pass vacuously.
    expect(known).toEqual(
      expect.arrayContaining(['PORT', 'HOST', 'DATABASE_URL', 'DATA_DIR', 'REDIS_URL']),
    );
    const names = Object.keys(environment(services.app));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !known.includes(n))).toEqual([]);
  });

  it.each([
    ['with no variables set', noVariables],
    ['with every variable set', someVariables],
  ])(
    '[SCALE6] settles into a valid configuration %s, pointed at the db and redis services',
    (_label, vars) => {
      const env = resolved(services.app, vars);
      const config = loadConfig(env);
      expect(config.host).toBe('0.0.0.0');
      expect(services.app!.expose?.map(String)).toContain(String(config.port));

      // The URL the app connects with must name the user, password and database the db creates.
      const url = new URL(config.databaseUrl!);
      const db = resolved(services.db, vars);
      expect(url.hostname).toBe('db');
      expect(url.port).toBe('5432');
      expect(decodeURIComponent(url.username)).toBe(db.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(db.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${db.POSTGRES_DB}`);

      // Redis listens on its default port: the command sets no other.
      const redis = new URL(config.redisUrl!);
      expect(redis.hostname).toBe('redis');
      expect(redis.port || '6379').toBe('6379');
      expect(JSON.stringify(services.redis!.command)).not.toContain('--port');

      // The balancer sends to the app service on the port the app listens on.
      const backend = haproxy().get('backend nodes') ?? [];
      const template = backend.find((l) => l.startsWith('server-template '));
      expect(template?.split(' ')[3]).toBe(`app:${config.port}`);
    },
  );

  it('passes the operator’s public address and set-up token through', () => {
    const config = loadConfig(resolved(services.app, someVariables));
    expect(config.publicUrl).toBe(someVariables.PUBLIC_URL);
    expect(config.setupToken).toBe(someVariables.SETUP_TOKEN);
    expect(config.secureCookies).toBe(true);
    const defaults = loadConfig(resolved(services.app, noVariables));
    expect(defaults.setupToken).toBeUndefined();
  });

  it('[SCALE6] trusts exactly one proxy, the balancer, whatever TRUST_PROXY the .env file holds', () => {
    // .env.example says TRUST_PROXY=false; copied into .env, it must not make every phone one
    // address (the balancer's) to the join-guess limit.
    for (const vars of [noVariables, someVariables, { TRUST_PROXY: 'false' }]) {
      expect(loadConfig(resolved(services.app, vars)).trustProxy).toBe(1);
    }
  });
});

describe('deploy/haproxy.cfg', () => {
  const cfg = haproxy();
  const frontend = cfg.get('frontend roundtable') ?? [];
  const backend = cfg.get('backend nodes') ?? [];
  const defaults = cfg.get('defaults') ?? [];
  const timeout = (name: string) =>
    millis(defaults.find((l) => l.startsWith(`timeout ${name} `))!.split(' ')[2]!);

  it('[SCALE6] listens on the port compose publishes and sends every path, /socket.io/ and /yjs included, to the nodes', () => {
    expect(defaults).toContain('mode http');
    const published = services.lb!.ports!.map((p) => String(p).split(':').at(-1));
    expect(frontend.filter((l) => l.startsWith('bind ')).map((l) => l.split(':').at(-1))).toEqual(
      published,
    );
    // One backend for everything: no rule may send the WebSocket paths elsewhere or drop the
    // Upgrade and Connection headers (HAProxy passes them through and then tunnels).
    expect(frontend).toContain('default_backend nodes');
    expect(
      [...cfg.values()].flat().filter((l) => /^(use_backend|http-request deny)/.test(l)),
    ).toEqual([]);
    expect(
      [...cfg.values()].flat().filter((l) => /del-header (upgrade|connection)|httpclose/i.test(l)),
    ).toEqual([]);
  });

  it('[SCALE6] keeps WebSockets open for a workshop and long-polls longer than Socket.IO’s ping', () => {
    expect(timeout('tunnel')).toBeGreaterThanOrEqual(30 * 60_000);
    // Socket.IO answers a held poll within pingInterval + pingTimeout; the balancer must not
    // cut it first.
    const source = read('server/transport/socket/server.ts');
    const ms = (name: string) =>
      Number(new RegExp(`${name}: ([\\d_]+)`).exec(source)![1]!.replace(/_/g, ''));
    const poll = ms('pingInterval') + ms('pingTimeout');
    expect(poll).toBeGreaterThan(0);
    expect(timeout('client')).toBeGreaterThan(poll);
    expect(timeout('server')).toBeGreaterThan(poll);
  });

  it('[SCALE6] forwards the client’s address and scheme, replacing what the client claimed, and keeps Host', () => {
    const del = frontend.indexOf('http-request del-header X-Forwarded-For');
    expect(del).toBeGreaterThanOrEqual(0);
    expect(frontend).toContain('option forwardfor');
    expect(frontend.filter((l) => l.includes('set-header X-Forwarded-Proto'))).toHaveLength(2);
    expect([...cfg.values()].flat().filter((l) => /host/i.test(l) && /header/.test(l))).toEqual([]);
  });

  it('[SCALE6] sticks a client to one node by cookie and takes nodes failing /healthz out', () => {
    expect(backend.find((l) => l.startsWith('cookie '))).toMatch(/^cookie \w+ insert .*dynamic/);
    expect(backend.some((l) => l.startsWith('dynamic-cookie-key '))).toBe(true);
    expect(backend).toContain('option httpchk GET /healthz');
    expect(backend).toContain('http-check expect status 200');
    const template = backend.find((l) => l.startsWith('server-template '))!.split(' ');
    expect(template).toEqual(expect.arrayContaining(['check', 'resolvers', 'docker']));
    // Room for more replicas than compose starts, so `--scale app=N` finds free slots.
    const slots = /^(?:1-)?(\d+)$/.exec(template[2]!)![1]!;
    expect(Number(slots)).toBeGreaterThan(services.app!.deploy!.replicas!);
    expect(cfg.has('resolvers docker')).toBe(true);
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
