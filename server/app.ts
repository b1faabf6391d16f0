import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { isLoopback, type Config } from './config.ts';
import { DocumentKinds, type Documents } from './core/documents.ts';
import { EventBus } from './core/events.ts';
import type { FeatureModule } from './core/module.ts';
import type { PersonalDataPart } from './core/personalData.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';
import { DatabaseHealth } from './db/health.ts';
import type { ServerEvents } from './events.ts';
import { authFeature } from './features/auth/module.ts';
import { failureLimiter } from './features/auth/rateLimits.ts';
import { boardFeature } from './features/board/module.ts';
import { cafeFeature } from './features/cafe/module.ts';
import { createMailer } from './features/feedback/mailer.ts';
import { feedbackFeature } from './features/feedback/module.ts';
import { feedbackPersonalData } from './features/feedback/personalData.ts';
import { participantsFeature } from './features/participants/module.ts';
import { participantsPersonalData } from './features/participants/personalData.ts';
import { reachFeature } from './features/reach/module.ts';
import { reachPersonalData } from './features/reach/personalData.ts';
import { recordsPersonalData } from './features/records/erasure.ts';
import { recordsFeature } from './features/records/module.ts';
import { votingFeature } from './features/voting/module.ts';
import { votingPersonalData } from './features/voting/personalData.ts';
import { workshopsFeature } from './features/workshops/module.ts';
import { createLogger, type Logger } from './logger.ts';
import { createHttpApp } from './transport/http/app.ts';
import { LogGate } from './transport/logGate.ts';
import { originCheck } from './transport/origin.ts';
import { memoryCommandBudgets, type BudgetSettings } from './transport/socket/deviceLimits.ts';
import type { BadMessageLimits } from './transport/socket/dispatch.ts';
import { clientAddressResolver } from './transport/clientAddress.ts';
import { connectSocketCluster } from './transport/socket/cluster.ts';
import { createSocketServer, type SocketEdge } from './transport/socket/server.ts';
import { connectSharedLimits } from './transport/sharedLimits.ts';
import { routeUpgrades } from './transport/upgrades.ts';
import {
  YJS_PATH,
  authorizeFromRequest,
  createYjsEndpoint,
  type YjsEdge,
  type YjsEndpoint,
} from './transport/yjs/endpoint.ts';
import { connectDocRelay } from './transport/yjs/relay.ts';
import { YjsStore } from './transport/yjs/store.ts';
import { isJoinCode, normalizeJoinCode } from '../shared/domain/joinCode.ts';
import type { CommandName, Role } from '../shared/protocol/socket.ts';

export type Roundtable = {
  httpServer: Server;
  /** The Express app behind httpServer (Socket.IO wraps its request listener). */
  expressApp: Express;
  db: Database;
  log: Logger;
  /** The Yjs document server; `yjs.docs.transact` is the server's write path into documents. */
  yjs: YjsEndpoint;
  /**
   * The functions the sockets and Yjs connections open now hand each incoming message to: the
   * fuzzer calls them in-process to send many more messages than the network carries in CI's
   * time (SEC17). Production reaches them through the network only.
   */
  edges: {
    sockets(): SocketEdge[];
    yjs(): YjsEdge[];
    /** Whether a role may send a command, from the permission map the sockets mounted. */
    mayCall(command: CommandName, role: Role): boolean;
  };
  /** Every feature's part in erasure and retention, as the records feature runs them. */
  personalData: readonly PersonalDataPart[];
  /** Listens on the configured host and port (0 picks a free port); resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
  /** A set-up token generated at this start, for the log; undefined when none is needed. */
  setupToken: string | undefined;
};

/**
 * Limits at the edges, for tests and benches that need other values than the defaults (the
 * fuzzer raises the command budgets so that its messages reach the handlers).
 */
export type EdgeLimits = {
  commandBudgets?: BudgetSettings;
  socketsPerDevice?: Record<Role, number>;
  badMessages?: BadMessageLimits;
  /** Client-caused log lines written per minute (SEC10). */
  logLinesPerMinute?: number;
};

/**
 * Builds the whole application from its parts. Tests call this with their own config (a free
 * port, a throwaway database) and get the same server `npm start` runs.
 */
export async function createRoundtable(
  config: Config,
  opts: { db?: Database; log?: Logger; limits?: EdgeLimits; lanAddresses?: () => string[] } = {},
): Promise<Roundtable> {
  const log = opts.log ?? createLogger(config.logLevel);
  const gate = new LogGate(log, { perMinute: opts.limits?.logLinesPerMinute ?? 120 });
  const db = opts.db ?? (await openDatabase(config));
  // Features tell each other and the transport what happened through this, so none of them is
  // bound late to another: each is built once, in the order of what it needs.
  const bus = new EventBus<ServerEvents>((err, event) =>
    log.error({ err, event }, 'an event listener failed'),
  );

  // Several nodes count limits together in Redis; one node counts them in its memory.
  const shared = config.redisUrl
    ? await connectSharedLimits(config.redisUrl, log, {
        loginFailureLimit: config.loginFailureLimit,
        joinGuessLimit: config.joinGuessLimit,
        ...(opts.limits?.commandBudgets ? { budgets: opts.limits.commandBudgets } : {}),
      })
    : undefined;
  const loginLimiter = failureLimiter({
    ...(shared ? { limiter: shared.login } : {}),
    limit: config.loginFailureLimit,
    windowSeconds: 15 * 60,
    freeFailures: 3,
    delayStepMs: 500,
  });
  const guessLimiter = failureLimiter({
    ...(shared ? { limiter: shared.guess } : {}),
    limit: config.joinGuessLimit,
    windowSeconds: 15 * 60,
    freeFailures: 5,
    delayStepMs: 250,
  });
  // One SMTP transport: the outbox's messages and the password reset links (AUTH9).
  const mailer = createMailer(config);

  const { workshops, ...workshopsPart } = workshopsFeature({ db, events: bus });
  const { participants, joinInfo, ...participantsPart } = participantsFeature({
    db,
    workshops,
    guessLimiter,
    secureCookies: config.secureCookies,
  });
  const { auth, ...authPart } = authFeature({
    db,
    log,
    events: bus,
    mailer,
    loginLimiter,
    setupToken: config.setupToken,
    requireSetupToken: !isLoopback(config.host) || config.setupToken !== undefined,
    sessionDays: config.sessionDays,
    secureCookies: config.secureCookies,
  });

  // The edges are built before the features that need them (documents, who is connected), and
  // ask the features only once they serve: the document kinds and commands are mounted below.
  const sameOrigin = originCheck({ publicUrl: config.publicUrl, trustProxy: config.trustProxy });
  const documentKinds = new DocumentKinds();
  // Several nodes: each node's copy of a document hears the updates the others store.
  const relay = config.redisUrl ? await connectDocRelay(config.redisUrl, log) : undefined;
  const yjs = createYjsEndpoint({
    ...(relay ? { relay } : {}),
    store: new YjsStore(db),
    log,
    authorize: authorizeFromRequest({
      participants,
      auth,
      screens: {
        // A projector opens the board with its join code; wrong codes count as guesses.
        async workshopForCode(typed, address) {
          const key = `join:${address}`;
          if ((await guessLimiter.check(key)).refused) return undefined;
          const code = normalizeJoinCode(typed);
          const head = isJoinCode(code) ? await workshops.findByCode(code) : undefined;
          if (!head) await guessLimiter.fail(key);
          return head;
        },
      },
      policy: documentKinds.policy,
    }),
    sameOrigin,
    gate,
    hooks: documentKinds.hooks,
  });
  // Features get the document layer as the port they are written against, never the endpoint.
  const documents: Documents = yjs.docs;
  const health = new DatabaseHealth(db, {
    onChange: (state) => {
      if (state === 'ok') log.info('database reachable again');
      else log.error('database unreachable');
      bus.emit('database.changed', { state });
    },
  });
  const socketCaller = clientAddressResolver(config.trustProxy);
  // Several nodes: their Socket.IO rooms are joined through Redis.
  const cluster = config.redisUrl ? await connectSocketCluster(config.redisUrl, log) : undefined;
  const sockets = createSocketServer({
    ...(cluster ? { cluster } : {}),
    auth,
    workshops,
    participants,
    guessLimiter,
    events: bus,
    log,
    sameOrigin,
    gate,
    limits: {
      budgets: shared?.budgets ?? memoryCommandBudgets(opts.limits?.commandBudgets),
      ...(opts.limits?.socketsPerDevice ? { socketsPerDevice: opts.limits.socketsPerDevice } : {}),
      ...(opts.limits?.badMessages ? { badMessages: opts.limits.badMessages } : {}),
    },
    clientAddress: (socket) =>
      socketCaller(socket.handshake.address, socket.handshake.headers['x-forwarded-for']),
    database: { state: () => health.state, failed: (err) => health.failed(err) },
  });

  const { board, ...boardPart } = boardFeature({
    db,
    documents,
    events: bus,
    docStore: new YjsStore(db),
    log,
  });
  const { voting, ...votingPart } = votingFeature({ db, events: bus, board, log });
  const { cafe, ...cafePart } = cafeFeature({
    db,
    docs: documents,
    log,
    events: bus,
    onlineParticipantIds: (workshopId) => sockets.onlineParticipantIds(workshopId),
    recheckAccess: (names) => yjs.recheck(names),
    awayMs: config.cafeAwaySeconds * 1000,
  });
  // In the order they run: votes look for options made from the notes the board found; the
  // record's answers are relabelled before the e-mails quoting them; the participant goes last.
  const personalData: PersonalDataPart[] = [
    boardPart.personalData,
    votingPersonalData,
    cafePart.personalData,
    recordsPersonalData,
    feedbackPersonalData,
    reachPersonalData,
    participantsPersonalData,
  ];
  const { erasure, ...recordsPart } = recordsFeature({
    db,
    log,
    gate,
    events: bus,
    sources: { workshops, board, voting, cafe },
    personalData,
  });
  const feedbackPart = feedbackFeature({
    db,
    log,
    mailer,
    contactRetentionDays: config.contactRetentionDays,
    contactsPerAddress: config.contactsPerAddress,
  });
  const reachPart = reachFeature({ db, erasure });

  const modules: FeatureModule[] = [
    authPart.module,
    workshopsPart.module,
    participantsPart.module,
    boardPart.module,
    votingPart.module,
    cafePart.module,
    recordsPart.module,
    feedbackPart.module,
    reachPart.module,
  ];
  for (const m of modules) for (const kind of m.documents ?? []) documentKinds.add(kind);

  const app = createHttpApp({
    db,
    routes: modules.flatMap((m) => m.routes ?? []),
    facilitatorForSession: (token) => auth.facilitatorForSession(token),
    participantForToken: (token) => participants.authenticate(token),
    joinInfo,
    health,
    log,
    trustProxy: config.trustProxy,
    secureCookies: config.secureCookies,
    publicUrl: config.publicUrl,
    listenHost: config.host,
    ...(opts.lanAddresses ? { lanAddresses: opts.lanAddresses } : {}),
    staticDir: config.staticDir,
    sameOrigin,
    gate,
  });
  const httpServer = createServer(app);
  const served = sockets.serve(httpServer, { modules, voting });
  routeUpgrades(httpServer, { [YJS_PATH]: yjs.handleUpgrade });
  health.start();
  for (const m of modules) m.start?.();

  const setupToken = await auth.prepareSetupToken();

  return {
    httpServer,
    expressApp: app,
    db,
    log,
    yjs,
    setupToken,
    edges: { sockets: sockets.edges, yjs: yjs.edges, mayCall: served.mayCall },
    personalData,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const { port } = httpServer.address() as AddressInfo;
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
        });
      }),
    async close() {
      health.stop();
      for (const m of [...modules].reverse()) await m.stop?.();
      // First: it waits for pending document writes, which need the database still open.
      await yjs.close();
      await sockets.close();
      await cluster?.close();
      await relay?.close();
      await shared?.close();
      gate.flush();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      if (!opts.db) await db.close();
    },
  };
}
