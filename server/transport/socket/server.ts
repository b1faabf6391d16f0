import type { Unavailability } from '../../db/health.ts';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AuthService } from '../../features/auth/service.ts';
import type { VotingService } from '../../features/voting/service.ts';
import type { Subscriber } from '../../core/events.ts';
import type { FeatureModule } from '../../core/module.ts';
import type { ServerEvents } from '../../events.ts';
import { TallyBroadcaster } from './tally.ts';
import type { SocketCluster } from './cluster.ts';
import type { FailureLimiter } from '../../features/auth/rateLimits.ts';
import type { ParticipantService } from '../../features/participants/service.ts';
import { toRoomState, type WorkshopService } from '../../features/workshops/service.ts';
import { refuse } from '../../errors.ts';
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
import {
  commandNames,
  type CommandName,
  type Role,
  type ServerHealth,
} from '../../../shared/protocol/socket.ts';
import { permissionMap, roomRoles, type RoomCommand } from './permissions.ts';
import type { CommandHandlers } from '../../core/commands.ts';

export type SocketDeps = {
  auth: AuthService;
  workshops: WorkshopService;
  participants: ParticipantService;
  guessLimiter: FailureLimiter;
  /** What the features tell; the sockets push it to the rooms that should hear. */
  events: Subscriber<ServerEvents>;
  /** With several nodes: what joins their rooms (REDIS_URL), and whether it works now. */
  cluster?: Pick<SocketCluster, 'adapter' | 'link' | 'onLinkChange' | 'claim'>;
  log: Logger;
  /** The caller's address for rate limits, honouring TRUST_PROXY like Express does. */
  clientAddress: (socket: IoSocket) => string;
  /** Whether the database answers now, and a judge of errors that mean it does not. */
  database: { state: () => DatabaseState; failed: (err: unknown) => Unavailability | null };
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
 * commands to the feature modules through one dispatcher, and pushes what the features tell.
 *
 * Built before the features, which need to know who is connected (the café seats the people
 * here); `serve` then mounts the features' commands and attaches to the HTTP server.
 */
export function createSocketServer(deps: SocketDeps) {
  const io: IoServer = new Server({
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
  const { cluster } = deps;
  if (cluster) io.adapter(cluster.adapter);
  /** What every connection hears of the server's health (DUR3, DUR4, SCALE5). */
  const health = (): ServerHealth => ({
    database: deps.database.state(),
    ...(cluster ? { link: cluster.link() } : {}),
  });
  const { workshops, participants, log, gate, events } = deps;
  const budgets = deps.limits?.budgets ?? memoryCommandBudgets();
  const perDevice = deps.limits?.socketsPerDevice ?? defaultSocketsPerDevice;
  const devices: DeviceConnections<IoSocket> = memoryDeviceConnections((device) => {
    const role = device.slice(0, device.indexOf(':')) as Role;
    return perDevice[role];
  });
  const presence = new PresenceBroadcaster(
    io,
    { workshops, participants, log },
    undefined,
    undefined,
    cluster !== undefined,
  );
  let tally: TallyBroadcaster | undefined;
  const unsubscribe: (() => void)[] = [];

  // SCALE5: while the link between nodes is down, each node serves its own connections and says
  // so to them; broadcasts between the nodes were lost meanwhile, in both directions, so when it
  // is back every connection on every node reads the room again from the database.
  cluster?.onLinkChange((state) => {
    if (state === 'ok') log.info('nodes linked again: every connection reads the room again');
    else log.warn("nodes not linked: serving this node's connections only");
    io.local.emit('server:health', health());
    if (state === 'ok') io.emit('room:resync', {});
  });

  /** Pushes what the features tell to the rooms that should hear it. */
  function listen(voting: Pick<VotingService, 'results' | 'tallyAudience'>) {
    const counted = new TallyBroadcaster(io, voting, log, cluster ? { slots: cluster } : {});
    tally = counted;
    unsubscribe.push(
      events.on('room.changed', ({ workshop }) => {
        io.to(rooms.everyone(workshop.id)).emit('room:state', toRoomState(workshop));
        presence.schedule(workshop.id);
      }),
      events.on('note.changed', ({ workshopId, note, authorParticipantId }) => {
        // Facilitators see every change, private notes included; the author sees their own.
        // Other participants learn of notes only through the board document.
        io.to(rooms.facilitators(workshopId)).emit('note:changed', note);
        if (authorParticipantId)
          io.to(rooms.participant(authorParticipantId)).emit('note:mine', note);
      }),
      events.on(
        'vote.changed',
        ({ workshopId, meta }) => void io.to(rooms.everyone(workshopId)).emit('vote:changed', meta),
      ),
      events.on('vote.counted', ({ workshopId, activityId }) =>
        counted.schedule(workshopId, activityId),
      ),
      events.on(
        'commitments.changed',
        ({ workshopId, activityId }) =>
          void io.to(rooms.everyone(workshopId)).emit('commitments:changed', { activityId }),
      ),
      events.on(
        'cafe.changed',
        ({ workshopId, state }) =>
          void io.to(rooms.everyone(workshopId)).emit('cafe:changed', state),
      ),
      events.on(
        'cafe.seat',
        ({ participantId, seat }) =>
          void io.to(rooms.participant(participantId)).emit('cafe:seat', seat),
      ),
      events.on(
        'cafe.seating',
        ({ workshopId, activityId, round }) =>
          void io.to(rooms.facilitators(workshopId)).emit('cafe:seating', { activityId, round }),
      ),
      events.on(
        'cafe.fill',
        ({ workshopId, fill }) =>
          void io.to(rooms.facilitators(workshopId)).emit('cafe:fill', fill),
      ),
      // DUR3, DUR4: every connection hears when the database is lost and when it is back.
      events.on(
        'database.changed',
        ({ state }) => void io.emit('server:health', { ...health(), database: state }),
      ),
      // After an erasure their token names nobody: their connections end.
      events.on('participant.erased', ({ participantId }) =>
        io.in(rooms.participant(participantId)).disconnectSockets(true),
      ),
      // A removed facilitator's consoles end at once, not at their next command (AUTH7).
      events.on('account.removed', ({ facilitatorId }) =>
        io.in(rooms.facilitator(facilitatorId)).disconnectSockets(true),
      ),
    );
  }

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

  const roomHandlers: CommandHandlers<RoomCommand> = {
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
  };

  /** Every command's handler and roles: the room's and each feature module's, each once. */
  function mount(modules: readonly FeatureModule[]) {
    const handlers: Partial<Handlers> = { ...roomHandlers };
    for (const m of modules) {
      for (const [name, run] of Object.entries(m.commands?.handlers ?? {})) {
        if (Object.hasOwn(handlers, name)) throw new Error(`Two handlers for ${name}`);
        Object.assign(handlers, { [name]: run });
      }
    }
    const permissions = permissionMap(commandNames, [
      roomRoles,
      ...modules.map((m) => m.commands?.roles ?? {}),
    ]);
    const missing = commandNames.filter((n) => !handlers[n]);
    if (missing.length > 0) throw new Error(`No handler for ${missing.join(', ')}`);
    return { handlers: handlers as Handlers, permissions };
  }
  const edges = new Map<string, { socket: IoSocket; edge: SocketEdge }>();
  function connected(socket: IoSocket, mounted: ReturnType<typeof mount>) {
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
    if (deps.database.state() !== 'ok' || cluster?.link() === 'degraded') {
      socket.emit('server:health', health());
    }
    const device = deviceOf(socket, deps.clientAddress(socket));
    for (const old of devices.add(device, socket)) old.disconnect(true);
    socket.on('disconnect', () => devices.remove(device, socket));
    const receive = attachCommands(socket, mounted.handlers, {
      permissions: mounted.permissions,
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
          if (!f) throw refuse('SESSION_ENDED');
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
  }

  async function sendInitialState(socket: IoSocket) {
    const { role, workshopId, participantId } = socket.data;
    // Where the room is comes first (JOIN5); then whether the database answers (DUR3, DUR4).
    socket.emit('room:state', await workshops.roomState(workshopId));
    socket.emit('server:health', health());
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
    /** Participants connected to this workshop now (on every node, once an adapter joins them). */
    onlineParticipantIds: (workshopId: string) => presence.onlineParticipantIds(workshopId),
    /**
     * Mounts the features' commands (refusing to start if any command lacks a handler or roles),
     * starts pushing what they tell, and takes connections on the HTTP server.
     */
    serve(
      httpServer: HttpServer,
      features: {
        modules: readonly FeatureModule[];
        voting: Pick<VotingService, 'results' | 'tallyAudience'>;
      },
    ) {
      const mounted = mount(features.modules);
      listen(features.voting);
      io.on('connection', (socket) => connected(socket, mounted));
      io.attach(httpServer);
      return {
        mayCall: (command: CommandName, role: Role) => mounted.permissions[command].includes(role),
      };
    },
    /** The sockets connected now, each with the listener its events go to (SEC17). */
    edges: (): SocketEdge[] =>
      // A socket being cut off is still listed until its disconnect event; its listener ignores
      // what comes after the cut, as the network would not deliver it.
      [...edges.values()].filter((e) => e.socket.connected).map((e) => e.edge),
    async close() {
      for (const stop of unsubscribe) stop();
      presence.stop();
      tally?.stop();
      await io.close();
    },
  };
}

function mustParticipant(id: string | undefined): string {
  if (!id) throw refuse('NOT_A_PARTICIPANT');
  return id;
}
