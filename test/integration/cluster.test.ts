import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomState } from '../../shared/domain/workshop.ts';
import type { Presence } from '../../shared/protocol/socket.ts';
import { createTestDatabase, startApp, type TestApp, type TestDatabase } from '../helpers/app.ts';
import {
  connect,
  createOpenWorkshop,
  join,
  ok,
  setUpFacilitator,
  type HttpClient,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';

/**
 * Two nodes on one PostgreSQL database, their Socket.IO rooms joined through a real
 * redis-server (SCALE2): a facilitator on one node and phones on the other are one room.
 */
describe('two nodes joined through Redis', () => {
  let redis: RedisServer;
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let http: HttpClient;
  const clients: ScriptedClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    database = await createTestDatabase('postgres');
    a = await startApp('postgres', { REDIS_URL: redis.url }, { database });
    b = await startApp('postgres', { REDIS_URL: redis.url }, { database });
    http = await setUpFacilitator(a.url);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await a?.close();
    await b?.close();
    await database?.drop();
    redis?.stop();
  });

  async function phoneOn(node: TestApp, code: string, groupKey: string) {
    const joined = await join(node.url, code, { groupKey });
    expect(joined.status).toBe(201);
    const phone = await connect(node.url, { role: 'participant', token: joined.body.token });
    clients.push(phone);
    return phone;
  }

  it('[SCALE2] the room moves on every node, and the facilitator counts phones connected to the other', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    clients.push(fac);
    const onB = await phoneOn(b, code, 'resident');
    const alsoOnB = await phoneOn(b, code, 'officer');
    const onA = await phoneOn(a, code, 'partner');

    const board = workshop.agenda[0]!;
    ok(await fac.command('activity:goto', { activityId: board.id }));
    for (const phone of [onB, alsoOnB, onA]) {
      await eventually(() =>
        expect(phone.last<RoomState>('room:state')?.currentActivityId).toBe(board.id),
      );
    }
    // Who is here is asked of every node's sockets.
    await eventually(() => expect(fac.last<Presence>('presence:changed')?.online).toBe(3));
    expect(ok(await fac.command('presence:get', {})).online).toBe(3);

    // A second console, on the other node, hears the same room.
    const console2 = await connect(
      b.url,
      { role: 'facilitator', workshopId: workshop.id },
      http.cookie,
    );
    clients.push(console2);
    ok(await console2.command('activity:goto', { activityId: null }));
    await eventually(() => expect(fac.last<RoomState>('room:state')?.currentActivityId).toBe(null));
    await eventually(() => expect(onA.last<RoomState>('room:state')?.currentActivityId).toBe(null));

    // A phone leaving node B is counted out on node A's console.
    alsoOnB.close();
    await eventually(() => expect(fac.last<Presence>('presence:changed')?.online).toBe(2));
  });

  it('[SCALE2] a note written through one node reaches the facilitator on the other at once', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    clients.push(fac);
    const board = workshop.agenda[0]!;
    ok(await fac.command('activity:goto', { activityId: board.id }));
    const phone = await phoneOn(b, code, 'resident');
    const id = randomUUID();
    ok(
      await phone.command('note:add', {
        id,
        activityId: board.id,
        text: 'A youth club open on Sundays',
      }),
    );
    await eventually(() =>
      expect(
        fac.received.some(
          (m) => m.event === 'note:changed' && (m.payload as { id: string }).id === id,
        ),
      ).toBe(true),
    );
  });
});
