import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { RoomState, Workshop, WorkshopListItem } from '../../shared/domain/workshop.ts';
import type { Facilitator, InstanceInfo, JoinLookup } from '../../shared/protocol/rest.ts';
import type { Self } from '../../shared/protocol/socket.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  facilitatorAccount,
  join,
  sampleWorkshop,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { start, type ServerProcess } from '../helpers/process.ts';

// Each start of an empty DATA_DIR runs PGlite's initdb (5-10 s on a busy machine), and a test
// here starts the server twice.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('the embedded database on disk', () => {
  const dirs: string[] = [];
  const running = new Set<ServerProcess>();
  const clients: ScriptedClient[] = [];

  const newDataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rt-restart-'));
    dirs.push(dir);
    return dir;
  };
  const startServer = async (dataDir: string) => {
    const server = await start({ DATA_DIR: dataDir });
    running.add(server);
    return server;
  };
  const stopServer = async (server: ServerProcess) => {
    const exit = await server.stop();
    running.delete(server);
    return exit;
  };

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all([...running].map(stopServer));
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('[STORE1] after a restart the facilitator, the workshop, its code, the room and every participant are still there', async () => {
    const dataDir = newDataDir();
    const first = await startServer(dataDir);
    const http = await setUpFacilitator(first.url);
    const { workshop, code, fac } = await createOpenWorkshop(http);
    clients.push(fac);
    const joined = await join(first.url, code, { groupKey: 'partner', displayName: 'Sam' });
    expect(joined.status).toBe(201);
    const phone = await connect(first.url, { role: 'participant', token: joined.body.token });
    clients.push(phone);
    await eventually(() =>
      expect(phone.last<Self>('participant:self')?.participantId).toBe(joined.body.participantId),
    );
    const second = workshop.agenda[1]!;
    expect((await fac.command('activity:goto', { activityId: second.id })).ok).toBe(true);
    await eventually(() =>
      expect(phone.last<RoomState>('room:state')?.currentActivityId).toBe(second.id),
    );

    // A clean SIGTERM: the server closes its sockets and database and exits on its own.
    expect(await stopServer(first)).toEqual({ code: 0, signal: null });
    await eventually(() => expect(phone.socket.connected).toBe(false));

    const again = await startServer(dataDir);

    // The facilitator can sign in with the same password, and the browser's session still holds.
    const signIn = await new HttpClient(again.url).post<Facilitator>('/api/auth/login', {
      email: facilitatorAccount.email,
      password: facilitatorAccount.password,
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.email).toBe(facilitatorAccount.email);
    const oldSession = new HttpClient(again.url);
    oldSession.cookie = http.cookie;
    expect((await oldSession.get<Facilitator>('/api/auth/me')).status).toBe(200);
    expect((await oldSession.get<InstanceInfo>('/api/instance')).body.setupRequired).toBe(false);

    // The workshop, with its agenda, status, join code and the room's current activity.
    const list = await oldSession.get<WorkshopListItem[]>('/api/workshops');
    expect(list.body.map((w) => w.id)).toEqual([workshop.id]);
    expect(list.body[0]).toMatchObject({ participantCount: 1, joinCode: code, status: 'open' });
    const stored = await oldSession.get<Workshop>(`/api/workshops/${workshop.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      title: sampleWorkshop.title,
      purpose: sampleWorkshop.purpose,
      status: 'open',
      joinCode: code,
      currentActivityId: second.id,
    });
    expect(stored.body.agenda.map((a) => [a.id, a.kind, a.title])).toEqual(
      workshop.agenda.map((a) => [a.id, a.kind, a.title]),
    );

    // The phone's token still works: the same person, back on the activity the room is on.
    const back = await connect(again.url, { role: 'participant', token: joined.body.token });
    clients.push(back);
    await eventually(() => {
      expect(back.last<Self>('participant:self')).toEqual({
        participantId: joined.body.participantId,
        displayName: 'Sam',
        groupKey: 'partner',
        language: 'en',
      });
      expect(back.last<RoomState>('room:state')?.currentActivityId).toBe(second.id);
    });

    // The code on the projector still leads to the workshop, and newcomers can still join.
    const lookup = await new HttpClient(again.url).get<JoinLookup>(`/api/join/${code}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ workshopId: workshop.id, status: 'open' });
    const late = await join(again.url, code, { groupKey: 'resident' });
    expect(late.status).toBe(201);
    expect(late.body.participantId).not.toBe(joined.body.participantId);

    // The facilitator's console can take the room on from where it was.
    const console2 = await connect(
      again.url,
      { role: 'facilitator', workshopId: workshop.id },
      http.cookie,
    );
    clients.push(console2);
    const third = workshop.agenda[2]!;
    expect((await console2.command('activity:goto', { activityId: third.id })).ok).toBe(true);
    await eventually(() =>
      expect(back.last<RoomState>('room:state')?.currentActivityId).toBe(third.id),
    );
  });

  it('[STORE1] an empty data folder starts, stops and starts again, still waiting for set-up', async () => {
    const dataDir = newDataDir();
    const first = await startServer(dataDir);
    const info = await new HttpClient(first.url).get<InstanceInfo>('/api/instance');
    expect(info.body.setupRequired).toBe(true);
    expect(await stopServer(first)).toEqual({ code: 0, signal: null });

    const again = await startServer(dataDir);
    const after = await new HttpClient(again.url).get<InstanceInfo>('/api/instance');
    expect(after.body.setupRequired).toBe(true);
    const http = await setUpFacilitator(again.url);
    expect((await http.get<Facilitator>('/api/auth/me')).body.email).toBe(facilitatorAccount.email);
  });

  it('[STORE2] a second server on the same data folder refuses to start instead of losing writes', async () => {
    const dataDir = newDataDir();
    const first = await startServer(dataDir);
    const second = await start({ DATA_DIR: dataDir }, { timeoutMs: 30_000 }).then(
      (s) => s,
      (err: unknown) => err as Error,
    );
    if (!(second instanceof Error)) await stopServer(second);
    expect(second).toBeInstanceOf(Error);
    expect(String(second)).toMatch(/Another Roundtable .* is using/);
    // The first one is unaffected and still serves.
    expect((await new HttpClient(first.url).get('/healthz')).status).toBe(200);
  });
});
