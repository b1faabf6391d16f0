import type { Unavailability } from '../../db/health.ts';
import path from 'node:path';
import compression from 'compression';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import { limits } from '../../../shared/domain/limits.ts';
import { storable } from '../../../shared/domain/text.ts';
import { LANGUAGE_COOKIE, pickLanguage } from '../../../shared/domain/languages.ts';
import type { InlinedJoinInfo } from '../../../shared/protocol/rest.ts';
import type { Database } from '../../db/database.ts';
import { AppError, statusOf, refuse } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { LogGate } from '../logGate.ts';
import type { OriginCheck } from '../origin.ts';
import { SESSION_COOKIE, handle, type RouteBinding } from '../../core/http.ts';
import type { Facilitator, Participant } from '../../core/identity.ts';
import { joinApi } from '../../../shared/http/joinRoutes.ts';
import { metaApi } from '../../../shared/http/metaRoutes.ts';
import { openApiDocument } from './openapi.ts';
import { routeTable } from './routeTable.ts';
import { clientIp, parseCookies } from './helpers.ts';
import { acceptedLanguages, pageShell } from './shell.ts';
import { lanAddresses, publicAddressResolver } from './publicAddress.ts';
import { staticFiles } from './staticFiles.ts';

export type HttpDeps = {
  db: Database;
  /** Every feature's REST routes; the table in shared/http says which must be here. */
  routes: readonly RouteBinding[];
  /** The facilitator a session cookie belongs to, if it is still valid. */
  facilitatorForSession: (token: string) => Promise<Facilitator | undefined>;
  /** The participant a device token belongs to, if any. */
  participantForToken: (token: string) => Promise<Participant | undefined>;
  /** What a join link's page carries about its workshop (LIGHT8); undefined: nothing. */
  joinInfo: (code: string, clientAddress: string) => Promise<InlinedJoinInfo | undefined>;
  /** Judges errors that mean the database is unreachable (answered 503 UNAVAILABLE). */
  health: { failed: (err: unknown) => Unavailability | null };
  log: Logger;
  trustProxy: boolean | number | string;
  /** HTTPS is in front: cookies are Secure and HSTS is sent. */
  secureCookies: boolean;
  publicUrl: string | undefined;
  /** HOST: with every interface, a loopback console still gives phones the network address. */
  listenHost: string;
  lanAddresses?: () => string[];
  staticDir: string;
  /** Whether a request comes from a page of this server's own origin (SEC7). */
  sameOrigin: OriginCheck;
  /** Failed requests are logged through this, so no client can flood the log (SEC10). */
  gate: LogGate;
};

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.set('trust proxy', deps.trustProxy);
  app.disable('x-powered-by');
  // API answers and anything else built on the fly, when big enough to be worth it (a join
  // lookup is not; a board or a record is). The client's files come precompressed (below), and
  // compression() leaves a response that already has a Content-Encoding alone.
  app.use(compression({ threshold: COMPRESS_MIN_BYTES }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          // React sets a few style attributes (progress widths); attributes cannot run code.
          styleSrcAttr: ["'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          scriptSrcAttr: ["'none'"],
          // No upgrade-insecure-requests: a hall's laptop often serves plain http on the LAN.
        },
      },
      strictTransportSecurity: deps.secureCookies,
    }),
  );

  // Writes come from our own pages only: a page of another origin on the same site (another
  // port, another intranet app) sends the facilitator's SameSite=Lax cookie too (SEC7). And they
  // must be JSON, even when empty: a form cannot send JSON without a CORS preflight, which this
  // server never grants, and an empty form post must not count as "no body" (HTTP1).
  app.use('/api', (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    if (!deps.sameOrigin(req.headers)) {
      return next(refuse('OTHER_ORIGIN'));
    }
    if (req.headers['content-type'] !== undefined && !req.is('application/json')) {
      return next(refuse('SEND_JSON'));
    }
    next();
  });
  app.use(express.json({ limit: limits.restBodyBytes, strict: true }));
  // A query string reaches SQL (search words, filters): a NUL or half a surrogate pair in it is
  // refused here, as in bodies (SEC13), not turned into a database error (found by SEC17).
  app.use('/api', (req, _res, next) => {
    if (!queryIsStorable(req.query)) {
      return next(refuse('BAD_ADDRESS_CHARACTERS'));
    }
    next();
  });

  app.use('/api', async (req, res, next) => {
    const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (token) {
      const f = await deps.facilitatorForSession(token);
      if (f) res.locals.facilitator = f;
    }
    next();
  });

  app.get('/healthz', async (_req, res) => {
    await deps.db.query('SELECT 1');
    res.json({ ok: true });
  });

  const publicAddress = publicAddressResolver({
    publicUrl: deps.publicUrl,
    listenHost: deps.listenHost,
    lanAddresses: deps.lanAddresses ?? lanAddresses,
  });
  const edgeRoutes: RouteBinding[] = [
    // Public: the projector (no sign-in) needs it for its QR code and join line too.
    handle(joinApi.publicAddress, async (ctx) => {
      ctx.header('Cache-Control', 'no-store');
      return ctx.publicAddress;
    }),
    handle(metaApi.openApi, async (ctx) => {
      ctx.header('Cache-Control', 'public, max-age=300');
      return openApiDocument();
    }),
  ];
  app.use(
    '/api',
    routeTable([...edgeRoutes, ...deps.routes], {
      participantForToken: deps.participantForToken,
      publicAddress,
    }),
  );
  app.use('/api', (_req, _res, next) => next(refuse('NO_SUCH_ENDPOINT')));

  serveClient(app, deps.staticDir, deps.joinInfo, deps.log);
  app.use(errorHandler(deps.gate, deps.health));
  return app;
}

/** Smaller answers go as they are: compressing them saves less than it costs the phone. */
export const COMPRESS_MIN_BYTES = 1024;

function serveClient(app: Express, staticDir: string, joinInfo: HttpDeps['joinInfo'], log: Logger) {
  const root = path.resolve(staticDir);
  // Hashed asset names never change content, so phones keep them for a year without asking. A
  // name that is not there (an old build's chunk after a deploy) is a 404, never index.html: a
  // page would otherwise run HTML as a script.
  app.use(
    '/assets',
    staticFiles(path.join(root, 'assets'), {
      cacheControl: 'public, max-age=31536000, immutable',
      notFound: true,
    }),
  );
  // Everything else (the service worker, index.html asked for by name) is checked on every load,
  // so a deploy reaches a phone on its next reload.
  app.use(staticFiles(root, { cacheControl: 'no-cache' }));
  const shell = pageShell(root);
  // Every page of the app is index.html (the router in the browser picks the screen), with what
  // that page will need named in it (LIGHT8). Built per request, so compressed on the fly.
  app.get('/{*path}', async (req, res) => {
    const language = pickLanguage({
      asked: typeof req.query.lang === 'string' ? req.query.lang : undefined,
      stored: parseCookies(req.headers.cookie)[LANGUAGE_COOKIE],
      preferred: acceptedLanguages(req.headers['accept-language']),
    });
    const code = joinLinkCode(req.path);
    const info =
      code === undefined
        ? undefined
        : await joinInfo(code, clientIp(req)).catch((err: unknown) => {
            // The page still serves: its script asks the API, which says what went wrong.
            log.warn({ err }, 'join details for the page failed');
            return undefined;
          });
    const page = shell.render({ language, joinInfo: info });
    if (!page) {
      res
        .status(503)
        .type('text')
        .send('The client is not built yet: run `npm run build` (npm start does it).');
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.set('Link', page.link);
    // What the page names depends on these; nothing may hand one person's page to another.
    res.vary('Accept-Language');
    res.vary('Cookie');
    res.type('html').send(page.html);
  });
}

/** The code of a join link's path (`/j/<code>`), as typed; undefined for any other page. */
function joinLinkCode(pathname: string): string | undefined {
  const raw = /^\/j\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function errorHandler(log: LogGate, health: HttpDeps['health']): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let error: AppError;
    let away: Unavailability | null;
    if (err instanceof AppError) error = err;
    else if (isBodyParserError(err, 'entity.too.large')) error = refuse('BODY_TOO_LARGE');
    else if (isBodyParserError(err, 'entity.parse.failed')) error = refuse('BODY_NOT_JSON');
    else if (isClientError(err))
      // The router's own refusals (a path with a broken %-escape, found by the fuzzer, SEC17)
      // are the client's mistake: a 400, not a 500 and an error line.
      error = refuse('MALFORMED_REQUEST');
    else if ((away = health.failed(err))) {
      log.warn({ method: req.method, route: req.route?.path }, `request failed: database ${away}`);
      error = refuse(
        away === 'busy' ? 'SERVER_BUSY' : 'DATABASE_UNREACHABLE',
        {},
        {
          retryAfterSeconds: 1,
        },
      );
    } else {
      log.error({ err, method: req.method, route: req.route?.path }, 'request failed');
      error = refuse('SERVER_FAILED');
    }
    if (
      (error.code === 'RATE_LIMITED' || error.code === 'UNAVAILABLE') &&
      error.extra.retryAfterSeconds
    ) {
      res.set('Retry-After', String(error.extra.retryAfterSeconds));
    }
    res.status(statusOf(error.code)).json({ error: error.toBody() });
  };
}

function isClientError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('status' in err)) return false;
  return typeof err.status === 'number' && err.status >= 400 && err.status < 500;
}

function isBodyParserError(err: unknown, type: string): boolean {
  return typeof err === 'object' && err !== null && 'type' in err && err.type === type;
}

function queryIsStorable(value: unknown): boolean {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.every(queryIsStorable);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).every(([k, v]) => storable(k) && queryIsStorable(v));
  }
  return true;
}
