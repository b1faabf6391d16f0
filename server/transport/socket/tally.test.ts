import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Results } from '../../../shared/domain/voting.ts';
import { createLogger } from '../../logger.ts';
import { TallyBroadcaster, type TallyAudience } from './tally.ts';
import { rooms, type IoServer } from './types.ts';

const workshopId = '11111111-1111-4111-8111-111111111111';
const activityId = '22222222-2222-4222-8222-222222222222';
const results: Results = {
  activityId,
  kind: 'dot',
  method: 'Dot vote',
  voters: 3,
  votersByGroup: {},
  paperVoters: 0,
  rows: [],
  version: 7,
};

/**
 * A real Socket.IO server on 127.0.0.1 with sockets in a workshop's rooms, the broadcaster
 * writing in chunks of 2 (500 in production) so that a handful of sockets spans several chunks.
 */
describe('tally snapshots written in chunks', () => {
  const closing: (() => void)[] = [];
  afterEach(() => {
    for (const close of closing.splice(0)) close();
  });

  async function room(
    audience: TallyAudience,
    facilitators: number,
    participants: number,
    clock?: () => number,
  ) {
    const http = createServer();
    const io: IoServer = new Server(http);
    closing.push(() => void io.close());
    io.on('connection', (socket) => {
      const role = socket.handshake.auth.role as string;
      void socket.join(rooms.everyone(workshopId));
      if (role === 'facilitator') void socket.join(rooms.facilitators(workshopId));
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const clients: { role: string; socket: Socket; heard: string[] }[] = [];
    for (const [role, n] of [
      ['facilitator', facilitators],
      ['participant', participants],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const socket = connect(url, { auth: { role }, transports: ['websocket'] });
        closing.push(() => socket.close());
        const client = { role, socket, heard: [] as string[] };
        socket.onAny((event: string) => client.heard.push(event));
        await new Promise<void>((r) => socket.once('connect', () => r()));
        clients.push(client);
      }
    }
    // The server's side of the joins has run once every client is connected and a tick passed.
    await new Promise((r) => setTimeout(r, 50));
    const tally = new TallyBroadcaster(
      io,
      { results: async () => results, tallyAudience: async () => audience },
      createLogger('silent'),
      { intervalMs: 10, chunk: 2, ...(clock ? { clock } : {}) },
    );
    closing.push(() => tally.stop());
    tally.schedule(workshopId, activityId);
    await new Promise((r) => setTimeout(r, 200));
    return { clients, tally };
  }

  it('[VOTE9] a live count reaches every socket of the room exactly once', async () => {
    const { clients } = await room('everyone', 1, 6);
    for (const c of clients) expect(c.heard).toEqual(['vote:tally']);
  });

  it('[VOTE10] a hidden count reaches only facilitators; everyone else hears how many voted, once', async () => {
    const { clients } = await room('facilitators', 2, 5);
    for (const c of clients) {
      expect(c.heard).toEqual([c.role === 'facilitator' ? 'vote:tally' : 'vote:progress']);
    }
  });

  it('[SCALE16] the next snapshot waits four times as long as writing the last one took', async () => {
    // Every write of a chunk seems to take 25 ms: 4 sockets in chunks of 2 took 50 ms to write.
    let now = 0;
    const clock = () => (now += 25);
    const { clients, tally } = await room('everyone', 0, 4, clock);
    for (const c of clients) expect(c.heard).toEqual(['vote:tally']);
    const scheduled = Date.now();
    tally.schedule(workshopId, activityId);
    const heardAt = await new Promise<number>((resolve) =>
      clients[0]!.socket.once('vote:tally', () => resolve(Date.now())),
    );
    // 200 ms, not the 10 ms interval.
    expect(heardAt - scheduled).toBeGreaterThanOrEqual(190);
  });
});
