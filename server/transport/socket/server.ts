import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AuthService } from '../../features/auth/service.ts';
import { boardHandlers } from '../../features/board/handlers.ts';
import type { BoardNotifier, BoardService } from '../../features/board/service.ts';
import { votingHandlers } from '../../features/voting/handlers.ts';
import { cafeHandlers } from '../../features/cafe/handlers.ts';
import type { CafeNotifier, CafeService } from '../../features/cafe/service.ts';
import type { VoteNotifier, VotingService } from '../../features/voting/service.ts';
import { TallyBroadcaster } from './tally.ts';
import type { FailureLimiter } from '../../features/auth/rateLimits.ts';
import type { ParticipantService } from '../../features/participants/service.ts';
import {
  toRoomState,
  type RoomNotifier,
  type WorkshopService,
} from '../../features/workshops/service.ts';
import { AppError } from '../../errors.ts';
import type { OriginCheck } from '../origin.ts';
import type { Logger } from '../../logger.ts';
import type { LogGate } from '../logGate.ts';
import {
  attachCommands,
  type BadMessageLimits,
  type CommandListener,
  type Handlers,
} from './dispatch.ts';
import {
  memoryCommandBudgets,
  memoryDeviceConnections,
  type CommandBudgets,
  type DeviceConnections,
} from './deviceLimits.ts';
import { authenticateSocket } from './handshake.ts';
import { PresenceBroadcaster } from './presence.ts';
import { rooms, type IoServer, type IoSocket } from './types.ts';
import type { DatabaseState } from '../../db/health.ts';
import type { Role } from '../../../shared/protocol/socket.ts';

export type SocketDeps = {
  auth: AuthService;
  workshops: WorkshopService;
  participants: ParticipantService;
  board: BoardService;
  voting: VotingService;
  cafe: CafeService;
  guessLimiter: FailureLimiter;
  log: Logger;
  /** The caller's address for rate limits, honouring TRUST_PROXY like Express does. */
  clientAddress: (socket: IoSocket) => string;
  /** Whether the database answers now, and a judge of errors that mean it does not. */
  database: { state: () => DatabaseState; failed: (err: unknown) => boolean };
  /** Refuses handshakes and polling requests from pages of another origin (SEC7). */
  sameOrigin: OriginCheck;
  /** Every client-caused log line goes through this (SEC10). */
  gate: LogGate;
  limits?: SocketLimits;
};

export type SocketLimits = {
  /** Command budgets per device and per workshop (SEC15). */
  budgets?: CommandBudgets;
  /** Open sockets per device, by role; the oldest beyond the cap is disconnected (SEC15). */
  socketsPerDevice?: Record<Role, number>;
  badMessages?: BadMessageLimits;
};

/**
 * A connected socket as the in-process fuzzer sees it (SEC17): `receive` is the very listener
 * Socket.IO calls with each event the socket receives, so a call takes the network's path from
 * the decoded packet on (size, parse, authorize, budget, run, ack).
 */
export type SocketEdge = {
  id: string;
  role: Role;
  workshopId: string;
  receive: CommandListener;
};

/**
 * A phone may have the page open twice and a ghost of its last connection still timing out;
 * a projector's address may be shared by a few screens. Beyond these, the oldest goes.
 */
export const defaultSocketsPerDevice: Record<Role, number> = {
  participant: 5,
  facilitator: 10,
  screen: 10,
};

/** The device a socket speaks for: the participant, the facilitator, or a projector's address. */
function deviceOf(socket: IoSocket, address: string): string {
  const { role, participantId, facilitatorId, workshopId } = socket.data;
  if (role === 'participant') return `participant:${participantId ?? ''}`;
  // Per workshop: a facilitator running two workshops (or a console and a projector tab of
  // another) is two consoles, each with its own budget and socket cap.
  if (role === 'facilitator') return `facilitator:${facilitatorId ?? ''}:${workshopId}`;
  return `screen:${workshopId}:${address}`;
}

/**
 * Socket.IO at the edge: it authenticates sockets, puts them in their workshop's rooms, routes
 * commands to the feature services through one dispatcher, and pushes state after changes.
 */
export function createSocketServer(httpServer: HttpServer, deps: SocketDeps) {
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    // Frames up to 1 MB reach the dispatcher, which answers anything above the protocol's own
    // limit with a typed error; only larger frames make the transport drop the connection.
    maxHttpBufferSize: 1024 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    allowRequest: (req, callback) => {
      const ok = deps.sameOrigin(req.headers);
      callback(ok ? null : 'cross-origin', ok);
    },
    // Other WebSocket endpoints (the Yjs one) share this HTTP server; see transport/upgrades.ts.
    destroyUpgrade: false,
  });
  const { workshops, participants, log, gate } = deps;
  const budgets = deps.limits?.budgets ?? memoryCommandBudgets();
  const perDevice = deps.limits?.socketsPerDevice ?? defaultSocketsPerDevice;
  const devices: DeviceConnections<IoSocket> = memoryDeviceConnections((device) => {
    const role = device.slice(0, device.indexOf(':')) as Role;
    return perDevice[role];
  });
  const presence = new PresenceBroadcaster(io, { workshops, participants, log });

  const notifier: RoomNotifier = {
    roomChanged(workshop) {
      io.to(rooms.everyone(workshop.id)).emit('room:state', toRoomState(workshop));
      presence.schedule(workshop.id);
    },
  };

  const boardNotifier: BoardNotifier = {
    noteChanged(workshopId, note, authorParticipantId) {
      // Facilitators see every change, private notes included; the author sees their own.
      // Other participants learn of notes only through the board document.
      io.to(rooms.facilitators(workshopId)).emit('note:changed', note);
      if (authorParticipantId)
        io.to(rooms.participant(authorParticipantId)).emit('note:mine', note);
    },
  };

  const tally = new TallyBroadcaster(io, deps.voting, log);
  const voteNotifier: VoteNotifier = {
    voteChanged: (workshopId, meta) => io.to(rooms.everyone(workshopId)).emit('vote:changed', meta),
    tallyChanged: (workshopId, activityId) => tally.schedule(workshopId, activityId),
    commitmentsChanged: (workshopId, activityId) =>
      io.to(rooms.everyone(workshopId)).emit('commitments:changed', { activityId }),
  };

  const cafeNotifier: CafeNotifier = {
    cafeChanged: (workshopId, state) =>
      io.to(rooms.everyone(workshopId)).emit('cafe:changed', state),
    seat: (participantId, seat) => io.to(rooms.participant(participantId)).emit('cafe:seat', seat),
    seatingChanged: (workshopId, activityId, round) =>
      io.to(rooms.facilitators(workshopId)).emit('cafe:seating', { activityId, round }),
    fill: (workshopId, fill) => io.to(rooms.facilitators(workshopId)).emit('cafe:fill', fill),
  };

  io.use((socket, next) => {
    authenticateSocket(socket, deps)
      .then((result) => {
        if (result instanceof Error) {
          gate.info(
            { reason: (result.data as { code?: string } | undefined)?.code },
            'socket refused',
          );
          return next(result);
        }
        socket.data = result;
        next();
      })
      .catch((err: unknown) => {
        gate.error({ err }, 'handshake failed');
        next(new Error('Server error'));
      });
  });

  const handlers: Handlers = {
    'room:sync': async ({ data }) => workshops.roomState(data.workshopId),
    'participant:update': async ({ data }, payload) => {
      const p = await participants.update(mustParticipant(data.participantId), payload);
      const self = {
        participantId: p.id,
        displayName: p.displayName,
        groupKey: p.groupKey,
        language: p.language,
      };
      io.to(rooms.participant(p.id)).emit('participant:self', self);
      presence.schedule(data.workshopId);
      return self;
    },
    'workshop:open': async ({ data }) => toRoomState(await workshops.open(data.workshopId)),
    'workshop:close': async ({ data }) => toRoomState(await workshops.close(data.workshopId)),
    'activity:goto': async ({ data }, { activityId }) =>
      toRoomState(await workshops.gotoActivity(data.workshopId, activityId)),
    'screen:join': async ({ data }, { shown }) =>
      toRoomState(await workshops.setScreenJoin(data.workshopId, shown)),
    'roster:get': async ({ data }) => presence.roster(data.workshopId),
    'presence:get': async ({ data }) => presence.presence(data.workshopId),
    ...boardHandlers(deps.board),
    ...votingHandlers(deps.voting),
    ...cafeHandlers(deps.cafe),
  };

  const edges = new Map<string, { socket: IoSocket; edge: SocketEdge }>();
  io.on('connection', (socket) => {
    const { role, workshopId, participantId } = socket.data;
    void socket.join(rooms.everyone(workshopId));
    if (role === 'participant' && participantId) {
      void socket.join([rooms.participants(workshopId), rooms.participant(participantId)]);
    } else {
      void socket.join(rooms.staff(workshopId));
      if (role === 'facilitator') {
        void socket.join(rooms.facilitators(workshopId));
        if (socket.data.facilitatorId)
          void socket.join(rooms.facilitator(socket.data.facilitatorId));
      }
    }
    // During an outage, at once: the initial state below needs the database and would not come.
    if (deps.database.state() !== 'ok') socket.emit('server:health', { database: 'unreachable' });
    const device = deviceOf(socket, deps.clientAddress(socket));
    for (const old of devices.add(device, socket)) old.disconnect(true);
    socket.on('disconnect', () => devices.remove(device, socket));
    const receive = attachCommands(socket, handlers, {
      gate,
      takeBudget: () => budgets.take(device, workshopId),
      ...(deps.limits?.badMessages ? { badMessages: deps.limits.badMessages } : {}),
      unavailable: deps.database.failed,
      beforeCommand: async ({ data }) => {
        // A facilitator who signed out elsewhere loses control at once, not at the next reconnect.
        if (data.role === 'facilitator') {
          const f = data.sessionToken
            ? await deps.auth.facilitatorForSession(data.sessionToken)
            : undefined;
          if (!f)
            throw new AppError('UNAUTHENTICATED', 'Your session has ended; please sign in again');
        }
      },
    });
    edges.set(socket.id, { socket, edge: { id: socket.id, role, workshopId, receive } });
    socket.on('disconnect', () => edges.delete(socket.id));
    void sendInitialState(socket).catch((err: unknown) =>
      log.error({ err }, 'initial state failed'),
    );
    presence.schedule(workshopId);
    socket.on('disconnect', () => {
      presence.schedule(workshopId);
      // When the phone was last connected, not when it connected: the café seats by it (CAFE19).
      if (participantId) {
        void participants
          .seen(participantId)
          .catch((err: unknown) => log.error({ err }, 'last seen failed'));
      }
    });
  });

  async function sendInitialState(socket: IoSocket) {
    const { role, workshopId, participantId } = socket.data;
    // Where the room is comes first (JOIN5); then whether the database answers (DUR3, DUR4).
    socket.emit('room:state', await workshops.roomState(workshopId));
    socket.emit('server:health', { database: deps.database.state() });
    if (role === 'participant' && participantId) {
      const p = socket.data.participant;
      if (p) {
        socket.emit('participant:self', {
          participantId: p.id,
          displayName: p.displayName,
          groupKey: p.groupKey,
          language: p.language,
        });
      }
    } else {
      socket.emit('presence:changed', await presence.presence(workshopId));
    }
  }

  return {
    io,
    notifier,
    boardNotifier,
    voteNotifier,
    cafeNotifier,
    /** Participants connected to this workshop now (on every node, once an adapter joins them). */
    onlineParticipantIds: (workshopId: string) => presence.onlineParticipantIds(workshopId),
    /** DUR3, DUR4: every connection hears when the database is lost and when it is back. */
    databaseChanged(state: DatabaseState) {
      io.emit('server:health', { database: state });
    },
    /** The sockets connected now, each with the listener its events go to (SEC17). */
    edges: (): SocketEdge[] =>
      // A socket being cut off is still listed until its disconnect event; its listener ignores
      // what comes after the cut, as the network would not deliver it.
      [...edges.values()].filter((e) => e.socket.connected).map((e) => e.edge),
    /** Ends a participant's connections: after an erasure their token names nobody. */
    disconnectParticipant(participantId: string) {
      io.in(rooms.participant(participantId)).disconnectSockets(true);
    },
    /** Ends a removed facilitator's consoles at once, not at their next command (AUTH7). */
    disconnectFacilitator(facilitatorId: string) {
      io.in(rooms.facilitator(facilitatorId)).disconnectSockets(true);
    },
    async close() {
      presence.stop();
      tally.stop();
      await io.close();
    },
  };
}

function mustParticipant(id: string | undefined): string {
  if (!id) throw new AppError('FORBIDDEN', 'Not a participant');
  return id;
}
