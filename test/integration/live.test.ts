import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJoinCode } from '../../shared/domain/joinCode.ts';
import type { RoomState } from '../../shared/domain/workshop.ts';
import type { JoinLookup, JoinResult } from '../../shared/protocol/rest.ts';
import type { Presence, Roster, Self } from '../../shared/protocol/socket.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  refusalOf,
  setUpFacilitator,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';

describe.each(backends)('live workshop on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);
  });
  afterAll(() => t.close());

  it('[JOIN3] opening a workshop gives a join code from the safe alphabet, a link and a QR code', async () => {
    const { code, fac } = await createOpenWorkshop(http);
    expect(isJoinCode(code)).toBe(true);
    const qr = await http.get<string>(`/api/join/${code}/qr.svg`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    expect(qr.body).toContain('<svg');
    fac.close();
  });

  it('[LIVE1][LIGHT10] residents join by code, land on the current activity, and follow the facilitator within a second', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    const lookup = await new HttpClient(t.url).get<JoinLookup>(`/api/join/${code.toLowerCase()}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body.title).toBe(workshop.title);

    const first = workshop.agenda[0]!;
    const second = workshop.agenda[1]!;
    expect((await fac.command('activity:goto', { activityId: first.id })).ok).toBe(true);

    const phones = await Promise.all(
      ['resident', 'officer', 'partner'].map(async (groupKey, i) => {
        const res = await join(t.url, code, {
          groupKey,
          displayName: i === 0 ? 'Rahim' : '',
          language: 'bn',
        });
        expect(res.status).toBe(201);
        // The join's answer already shows where the room is (LIGHT10), and what the live
        // connection will: the same for everyone, nothing about the person who joined.
        expect(res.body.room.currentActivityId).toBe(first.id);
        expect(res.body.room.workshop.title).toBe(workshop.title);
        expect(JSON.stringify(res.body.room)).not.toContain(res.body.participantId);
        expect(JSON.stringify(res.body.room)).not.toContain(res.body.token);
        return connect(t.url, { role: 'participant', token: res.body.token });
      }),
    );
    for (const phone of phones) {
      await eventually(() =>
        expect(phone.last<RoomState>('room:state')?.currentActivityId).toBe(first.id),
      );
    }

    const moved = await fac.command('activity:goto', { activityId: second.id });
    expect(moved.ok).toBe(true);
    const started = Date.now();
    for (const phone of phones) {
      await eventually(
        () => expect(phone.last<RoomState>('room:state')?.currentActivityId).toBe(second.id),
        {
          timeoutMs: 1000,
        },
      );
    }
    expect(Date.now() - started).toBeLessThan(1000);
    for (const p of phones) p.close();
    fac.close();
  });

  it('[LIVE2] the console sees who is here: counts per group and names where given', async () => {
    const { code, fac } = await createOpenWorkshop(http);
    const a = await join(t.url, code, { groupKey: 'resident', displayName: '  Rahim  ' });
    const b = await join(t.url, code, { groupKey: 'resident' });
    const c = await join(t.url, code, { groupKey: 'officer', displayName: 'Officer Jo' });
    const sockets = await Promise.all(
      [a, b, c].map((r) => connect(t.url, { role: 'participant', token: r.body.token })),
    );
    await eventually(() => {
      const presence = fac.last<Presence>('presence:changed');
      expect(presence?.joined).toBe(3);
      expect(presence?.online).toBe(3);
      expect(presence?.byGroup.find((g) => g.key === 'resident')).toEqual({
        key: 'resident',
        joined: 2,
        online: 2,
      });
      expect(presence?.byGroup.find((g) => g.key === 'officer')).toEqual({
        key: 'officer',
        joined: 1,
        online: 1,
      });
    });
    const roster = await fac.command('roster:get', {});
    expect(roster.ok && roster.data.participants.map((p) => p.displayName).sort()).toEqual([
      '',
      'Officer Jo',
      'Rahim',
    ]);

    sockets[0]!.close();
    await eventually(() => {
      expect(fac.last<Presence>('presence:changed')?.online).toBe(2);
      expect(fac.last<Roster>('roster:changed')?.participants.filter((p) => p.online)).toHaveLength(
        2,
      );
    });
    for (const s of sockets) s.close();
    fac.close();
  });

  it('[JOIN5] a participant who reconnects with the device token is the same person and sees where the room is now', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    const joined = await join(t.url, code, { groupKey: 'partner', displayName: 'Sam' });
    const phone = await connect(t.url, { role: 'participant', token: joined.body.token });
    await eventually(() =>
      expect(phone.last<Self>('participant:self')?.participantId).toBe(joined.body.participantId),
    );
    phone.close();

    const third = workshop.agenda[2]!;
    await fac.command('activity:goto', { activityId: third.id });

    const again = await connect(t.url, { role: 'participant', token: joined.body.token });
    await eventually(() => {
      expect(again.last<Self>('participant:self')).toMatchObject({
        participantId: joined.body.participantId,
        displayName: 'Sam',
      });
      expect(again.last<RoomState>('room:state')?.currentActivityId).toBe(third.id);
    });
    const synced = await again.command('room:sync', {});
    expect(synced.ok && synced.data.currentActivityId).toBe(third.id);
    await eventually(() => expect(fac.last<Presence>('presence:changed')?.joined).toBe(1));
    again.close();
    fac.close();
  });

  it('[JOIN6] a participant can change their name, group and language later', async () => {
    const { code, fac } = await createOpenWorkshop(http);
    const joined = await join(t.url, code, { groupKey: 'resident' });
    const phone = await connect(t.url, { role: 'participant', token: joined.body.token });
    const res = await phone.command('participant:update', {
      displayName: 'Nadia',
      groupKey: 'other',
      language: 'bn',
    });
    expect(res).toEqual({
      ok: true,
      data: {
        participantId: joined.body.participantId,
        displayName: 'Nadia',
        groupKey: 'other',
        language: 'bn',
      },
    });
    const bad = await phone.command('participant:update', { groupKey: 'landlords' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('BAD_REQUEST');
    phone.close();
    fac.close();
  });

  it('[CLOSE1] after closing, late joiners learn it has closed and cannot join; people inside see it closed', async () => {
    const { code, fac } = await createOpenWorkshop(http);
    const inside = await join(t.url, code, { groupKey: 'resident' });
    const phone = await connect(t.url, { role: 'participant', token: inside.body.token });
    const closed = await fac.command('workshop:close', {});
    expect(closed.ok && closed.data.workshop.status).toBe('closed');
    await eventually(() =>
      expect(phone.last<RoomState>('room:state')?.workshop.status).toBe('closed'),
    );

    const lookup = await new HttpClient(t.url).get<JoinLookup>(`/api/join/${code}`);
    expect(lookup.body.status).toBe('closed');
    const late = await join(t.url, code, { groupKey: 'resident' });
    expect(late.status).toBe(409);
    expect((late.body as unknown as { error: { code: string } }).error.code).toBe(
      'WORKSHOP_CLOSED',
    );
    const moved = await fac.command('activity:goto', { activityId: null });
    expect(!moved.ok && moved.error.code).toBe('WORKSHOP_CLOSED');
    phone.close();
    fac.close();
  });

  it('[SCREEN1] the projector connects by code and sees the title, current activity and live count', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    const screen = await connect(t.url, { role: 'screen', code: code.toLowerCase() });
    await eventually(() =>
      expect(screen.last<RoomState>('room:state')?.workshop.title).toBe(workshop.title),
    );
    const r = await join(t.url, code, { groupKey: 'resident' });
    const phone = await connect(t.url, { role: 'participant', token: r.body.token });
    await eventually(() => expect(screen.last<Presence>('presence:changed')?.online).toBe(1));
    const roster = await screen.command('roster:get', {});
    expect(!roster.ok && roster.error.code).toBe('FORBIDDEN');
    expect(await refusalOf(connect(t.url, { role: 'screen', code: 'AAAAAA' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    phone.close();
    screen.close();
    fac.close();
  });

  it('[JOIN4] a draft workshop cannot be joined, and a wrong code says so', async () => {
    const draft = await http.post<{ id: string }>('/api/workshops', { title: 'Not yet' });
    expect(draft.status).toBe(201);
    const none = await new HttpClient(t.url).get('/api/join/ACEFGH');
    expect(none.status).toBe(404);
    const r: { status: number; body: JoinResult } = await join(t.url, 'ACEFGH');
    expect(r.status).toBe(404);
  });
});
