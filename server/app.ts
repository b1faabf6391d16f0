import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { isLoopback, type Config } from './config.ts';
import type { Documents } from './core/documents.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';
import { failureLimiter } from './features/auth/rateLimits.ts';
import { AuthService } from './features/auth/service.ts';
import { ParticipantService } from './features/participants/service.ts';
import { WorkshopService, type RoomNotifier } from './features/workshops/service.ts';
import { createLogger, type Logger } from './logger.ts';
import { createHttpApp } from './transport/http/app.ts';
import { authRoutes } from './features/auth/routes.ts';
import { AccountService } from './features/auth/accounts.ts';
import { accountRoutes } from './features/auth/accountRoutes.ts';
import { workshopRoutes } from './features/workshops/routes.ts';
import { joinRoutes } from './features/participants/joinRoutes.ts';
import { boardRoutes } from './features/board/routes.ts';
import { recordRoutes } from './features/records/routes.ts';
import { recordExportRoutes } from './features/records/exportRoutes.ts';
import { feedbackRoutes } from './features/feedback/routes.ts';
import { reachRoutes } from './features/reach/routes.ts';
import { createSocketServer, type SocketEdge } from './transport/socket/server.ts';
import { routeUpgrades } from './transport/upgrades.ts';
import { originCheck } from './transport/origin.ts';
import { LogGate } from './transport/logGate.ts';
import { memoryCommandBudgets, type BudgetSettings } from './transport/socket/deviceLimits.ts';
import type { BadMessageLimits } from './transport/socket/dispatch.ts';
import type { Role } from '../shared/protocol/socket.ts';
import {
  YJS_PATH,
  authorizeFromRequest,
  createYjsEndpoint,
  type YjsEdge,
  type YjsEndpoint,
} from './transport/yjs/endpoint.ts';
import { boardDocPolicy } from './features/board/docPolicy.ts';
import { BoardService, type BoardNotifier } from './features/board/service.ts';
import { VotingService, type VoteNotifier } from './features/voting/service.ts';
import { isJoinCode, normalizeJoinCode } from '../shared/domain/joinCode.ts';
import { YjsStore } from './transport/yjs/store.ts';
import { CafeService, type CafeNotifier } from './features/cafe/service.ts';
import { RecordService } from './features/records/service.ts';
import { createMailer } from './features/feedback/mailer.ts';
import { OutboxSender } from './features/feedback/outbox.ts';
import { FeedbackService } from './features/feedback/service.ts';
import { ReachService } from './features/reach/service.ts';
import { Erasure } from './features/records/erasure.ts';
import { startRetention } from './features/records/retention.ts';
import { DatabaseHealth, type DatabaseState } from './db/health.ts';

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
  edges: { sockets(): SocketEdge[]; yjs(): YjsEdge[] };
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

  // The notifier is bound once the socket server exists; services never see the transport.
  let notify: RoomNotifier = { roomChanged: () => undefined };
  // The record is built after the services it reads; lifecycle events reach it through this.
  const recordRef: { current?: RecordService } = {};
  const workshops = new WorkshopService(
    db,
    { roomChanged: (id) => notify.roomChanged(id) },
    {
      opened: (w) => void recordRef.current?.event(w.id, 'Workshop opened').catch(logFailure),
      closed: (w) => recordRef.current?.onWorkshopClosed(w.id),
      activityStarted: (w, activityId) => {
        const a = w.agenda.find((x) => x.id === activityId);
        const event = a ? `Started: ${a.title}` : 'Back to the welcome screen';
        void recordRef.current?.event(w.id, event).catch(logFailure);
        // Built below; the room only moves on a command, after start-up.
        if (a?.kind === 'idea_board') {
          void board
            .prepare(a.id)
            .catch((err: unknown) => log.error({ err }, 'preparing the board failed'));
        }
      },
    },
  );
  function logFailure(err: unknown) {
    log.error({ err }, 'recording a workshop event failed');
  }
  const participants = new ParticipantService(db);
  // One SMTP transport: the outbox's messages and the password reset links (AUTH9).
  const mailer = createMailer(config);
  const auth = new AuthService(db, {
    setupToken: config.setupToken,
    requireSetupToken: !isLoopback(config.host) || config.setupToken !== undefined,
    sessionDays: config.sessionDays,
    mailConfigured: mailer !== undefined,
  });
  const accounts = new AccountService(db, {
    sessionDays: config.sessionDays,
    log,
    sendMail: mailer
      ? (mail) => mailer.send({ ...mail, messageId: `<${randomUUID()}@roundtable>` })
      : undefined,
    // The socket server is built below; a removal only ever comes after it (from a request).
    onRemoved: (id) => sockets.disconnectFacilitator(id),
  });
  const loginLimiter = failureLimiter({
    limit: config.loginFailureLimit,
    windowSeconds: 15 * 60,
    freeFailures: 3,
    delayStepMs: 500,
  });
  const guessLimiter = failureLimiter({
    limit: config.joinGuessLimit,
    windowSeconds: 15 * 60,
    freeFailures: 5,
    delayStepMs: 250,
  });

  // The café service needs the document registry, and the endpoint needs the café's rules for
  // its documents: the policy and hooks call through this late-bound reference.
  const sameOrigin = originCheck({ publicUrl: config.publicUrl, trustProxy: config.trustProxy });
  const late: { cafe?: CafeService } = {};
  const boardPolicy = boardDocPolicy(db);
  const yjs = createYjsEndpoint({
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
      policy: (who, docName) =>
        docName.startsWith('cafe:')
          ? (late.cafe?.docAccess(who, docName) ?? Promise.resolve(null))
          : boardPolicy(who, docName),
    }),
    sameOrigin,
    gate,
    hooks: {
      acceptPeerUpdate: (name, doc, update) =>
        late.cafe?.acceptPeerUpdate(name, doc, update) ?? true,
      afterPeerUpdate: (name, doc) => late.cafe?.afterPeerUpdate(name, doc),
    },
  });
  // Features get the document layer as the port they are written against, never the endpoint.
  const documents: Documents = yjs.docs;
  let boardNotify: BoardNotifier = { noteChanged: () => undefined };
  const board = new BoardService(db, documents, {
    noteChanged: (...args) => boardNotify.noteChanged(...args),
  });

  let voteNotify: VoteNotifier = {
    voteChanged: () => undefined,
    tallyChanged: () => undefined,
    commitmentsChanged: () => undefined,
  };
  const voting = new VotingService(
    db,
    {
      voteChanged: (...args) => voteNotify.voteChanged(...args),
      tallyChanged: (...args) => voteNotify.tallyChanged(...args),
      commitmentsChanged: (...args) => voteNotify.commitmentsChanged(...args),
    },
    board,
  );

  let cafeNotify: CafeNotifier = {
    cafeChanged: () => undefined,
    seat: () => undefined,
    seatingChanged: () => undefined,
    fill: () => undefined,
  };
  let online: (workshopId: string) => Promise<Set<string>> = async () => new Set();
  let disconnectParticipant: (participantId: string) => void = () => undefined;
  const cafe = new CafeService({
    db,
    docs: documents,
    log,
    notifier: {
      cafeChanged: (...args) => cafeNotify.cafeChanged(...args),
      seat: (...args) => cafeNotify.seat(...args),
      seatingChanged: (...args) => cafeNotify.seatingChanged(...args),
      fill: (...args) => cafeNotify.fill(...args),
    },
    onlineParticipantIds: (workshopId) => online(workshopId),
    recheckAccess: (names) => yjs.recheck(names),
    awayMs: config.cafeAwaySeconds * 1000,
  });
  late.cafe = cafe;

  const records = new RecordService(db, { workshops, board, voting, cafe }, log, gate);
  recordRef.current = records;
  const outbox = new OutboxSender({
    db,
    log,
    mailer,
    contactRetentionDays: config.contactRetentionDays,
  });
  const feedback = new FeedbackService({
    db,
    mailConfigured: () => outbox.configured,
    queued: () => outbox.kick(),
  });

  const reach = new ReachService(db);
  const erasure = new Erasure({
    db,
    reconcileBoard: (activityId) => board.reconcile(activityId),
    docStore: new YjsStore(db),
    log,
    afterErase: async ({ workshopId, participantId, cafes }) => {
      disconnectParticipant(participantId);
      for (const activityId of cafes) await cafe.peopleLeft(workshopId, activityId);
    },
  });
  const retention = startRetention(db, log);
  let databaseChanged: (state: DatabaseState) => void = () => undefined;
  const health = new DatabaseHealth(db, {
    onChange: (state) => {
      if (state === 'ok') log.info('database reachable again');
      else log.error('database unreachable');
      databaseChanged(state);
    },
  });

  const app = createHttpApp({
    db,
    routes: [
      ...authRoutes({ auth, loginLimiter, ...config }),
      ...accountRoutes({ accounts, loginLimiter, ...config }),
      ...workshopRoutes(workshops),
      ...joinRoutes({ workshops, participants, guessLimiter, secureCookies: config.secureCookies }),
      ...boardRoutes(board),
      ...recordRoutes(records),
      ...recordExportRoutes(records),
      ...feedbackRoutes({ feedback, contactsPerAddress: config.contactsPerAddress }),
      ...reachRoutes({ reach, erasure }),
    ],
    facilitatorForSession: (token) => auth.facilitatorForSession(token),
    participantForToken: (token) => participants.authenticate(token),
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
  const sockets = createSocketServer(httpServer, {
    auth,
    workshops,
    participants,
    board,
    voting,
    cafe,
    guessLimiter,
    log,
    sameOrigin,
    gate,
    limits: {
      budgets: memoryCommandBudgets(opts.limits?.commandBudgets),
      ...(opts.limits?.socketsPerDevice ? { socketsPerDevice: opts.limits.socketsPerDevice } : {}),
      ...(opts.limits?.badMessages ? { badMessages: opts.limits.badMessages } : {}),
    },
    clientAddress: (socket) => {
      // Same rule as Express's `trust proxy` for the common cases: behind a trusted proxy the
      // client is the first address it forwarded.
      const forwarded = socket.handshake.headers['x-forwarded-for'];
      if (config.trustProxy !== false && typeof forwarded === 'string') {
        return forwarded.split(',')[0]!.trim();
      }
      return socket.handshake.address;
    },
    database: { state: () => health.state, failed: (err) => health.failed(err) },
  });
  databaseChanged = sockets.databaseChanged;
  health.start();
  notify = sockets.notifier;
  boardNotify = sockets.boardNotifier;
  voteNotify = sockets.voteNotifier;
  cafeNotify = sockets.cafeNotifier;
  online = sockets.onlineParticipantIds;
  disconnectParticipant = sockets.disconnectParticipant;
  cafe.start();
  outbox.start();
  routeUpgrades(httpServer, { [YJS_PATH]: yjs.handleUpgrade });

  const setupToken = await auth.prepareSetupToken();

  return {
    httpServer,
    expressApp: app,
    db,
    log,
    yjs,
    setupToken,
    edges: { sockets: sockets.edges, yjs: yjs.edges },
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
      cafe.stop();
      retention.stop();
      health.stop();
      await records.drain();
      await outbox.stop();
      // First: it waits for pending document writes, which need the database still open.
      await yjs.close();
      await sockets.close();
      gate.flush();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      if (!opts.db) await db.close();
    },
  };
}
