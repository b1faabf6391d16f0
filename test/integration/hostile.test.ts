import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol/ack.ts';
import type { RoomState } from '../../shared/domain/workshop.ts';
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

type ErrAck = Extract<Ack<unknown>, { ok: false }>;

describe.each(backends)('a hostile client on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);
  });
  afterAll(() => t.close());

  it('[SEC1] a participant cannot call facilitator commands', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    const r = await join(t.url, code);
    const phone = await connect(t.url, { role: 'participant', token: r.body.token });
    for (const [name, payload] of [
      ['activity:goto', { activityId: workshop.agenda[1]!.id }],
      ['workshop:close', {}],
      ['workshop:open', {}],
      ['roster:get', {}],
      ['presence:get', {}],
    ] as const) {
      const res = (await phone.raw(name, payload)) as ErrAck;
      expect(res, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const state = await fac.command('room:sync', {});
    expect(state.ok && state.data.currentActivityId).toBe(null);
    expect(state.ok && state.data.workshop.status).toBe('open');
    phone.close();
    fac.close();
  });

  it('[SEC2] a participant cannot impersonate another participant or act in another workshop', async () => {
    const a = await createOpenWorkshop(http);
    const b = await createOpenWorkshop(http);
    const mallory = await join(t.url, a.code, { groupKey: 'resident', displayName: 'Mallory' });
    const victim = await join(t.url, a.code, { groupKey: 'resident', displayName: 'Victim' });
    const phone = await connect(t.url, { role: 'participant', token: mallory.body.token });

    const spoof = (await phone.raw('participant:update', {
      participantId: victim.body.participantId,
      displayName: 'Hacked',
    })) as ErrAck;
    expect(spoof).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    // The socket's workshop comes from its token, never from a message.
    const other = (await phone.raw('room:sync', { workshopId: b.workshop.id })) as ErrAck;
    expect(other.ok).toBe(false);
    const synced = await phone.command('room:sync', {});
    expect(synced.ok && synced.data.workshop.id).toBe(a.workshop.id);

    const roster = await a.fac.command('roster:get', {});
    expect(roster.ok && roster.data.participants.map((p) => p.displayName).sort()).toEqual([
      'Mallory',
      'Victim',
    ]);
    expect(
      await refusalOf(connect(t.url, { role: 'participant', token: 'x'.repeat(43) })),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    phone.close();
    a.fac.close();
    b.fac.close();
  });

  it('[SEC3] a facilitator socket needs a signed-in session, and signing out ends control', async () => {
    const { workshop, fac } = await createOpenWorkshop(http);
    expect(
      await refusalOf(connect(t.url, { role: 'facilitator', workshopId: workshop.id })),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const second = new HttpClient(t.url);
    const login = await second.post('/api/auth/login', {
      email: 'amina@example.org',
      password: 'a long enough password',
    });
    expect(login.status).toBe(200);
    const other = await connect(
      t.url,
      { role: 'facilitator', workshopId: workshop.id },
      second.cookie,
    );
    expect((await second.post('/api/auth/logout')).status).toBe(204);
    const after = await other.command('activity:goto', { activityId: null });
    expect(!after.ok && after.error.code).toBe('UNAUTHENTICATED');
    other.close();
    fac.close();
  });

  it('[PROTO1] a client speaking another protocol version is refused with a clear reason', async () => {
    const { code } = await createOpenWorkshop(http);
    const refusal = await refusalOf(
      connect(t.url, { role: 'screen', code }, undefined, { v: 999 }),
    );
    expect(refusal?.code).toBe('PROTOCOL_MISMATCH');
    expect(refusal?.message).toMatch(/reload/);
  });

  it('[PROTO2] malformed, oversized and unknown messages get typed errors and disturb nobody', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    const bystander = await connect(t.url, {
      role: 'participant',
      token: (await join(t.url, code)).body.token,
    });
    const attacker = await connect(t.url, {
      role: 'participant',
      token: (await join(t.url, code)).body.token,
    });

    expect(await attacker.raw('participant:update', { displayName: 42 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await attacker.raw('participant:update', 'not an object')).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await attacker.raw('participant:update', { displayName: 'x'.repeat(41) })).toMatchObject(
      {
        ok: false,
        error: { code: 'BAD_REQUEST', fields: { displayName: expect.stringMatching(/40/) } },
      },
    );
    expect(
      await attacker.raw('participant:update', { displayName: 'a'.repeat(100_000) }),
    ).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(await attacker.raw('admin:drop-tables', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_COMMAND' },
    });
    expect(await attacker.raw('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_COMMAND' },
    });
    expect(await attacker.raw('constructor', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_COMMAND' },
    });

    // A flood is throttled for the flooder alone.
    const flood = await Promise.all(
      Array.from({ length: 60 }, () => attacker.raw('room:sync', {})),
    );
    expect(flood.some((r) => (r as ErrAck).error?.code === 'RATE_LIMITED')).toBe(true);

    const moved = await fac.command('activity:goto', { activityId: workshop.agenda[0]!.id });
    expect(moved.ok).toBe(true);
    await eventually(() =>
      expect(bystander.last<RoomState>('room:state')?.currentActivityId).toBe(
        workshop.agenda[0]!.id,
      ),
    );
    expect(bystander.socket.connected).toBe(true);
    expect((await t.app.db.query('SELECT 1 AS ok'))[0]).toEqual({ ok: 1 });
    bystander.close();
    attacker.close();
    fac.close();
  });

  it('[SEC4] join-code guessing is slowed and then refused, while a person mistyping twice is not', async () => {
    const limited = await startApp(backend, { JOIN_GUESS_LIMIT: '9' });
    try {
      const fac = await setUpFacilitator(limited.url);
      const { code, fac: socket } = await createOpenWorkshop(fac);
      socket.close();
      const person = new HttpClient(limited.url);
      const t0 = Date.now();
      expect((await person.get('/api/join/AAAAAA')).status).toBe(404);
      expect((await person.get('/api/join/AAAAAC')).status).toBe(404);
      expect((await person.get(`/api/join/${code}`)).status).toBe(200);
      expect(Date.now() - t0).toBeLessThan(500);

      const timings: number[] = [];
      let refused: { status: number; headers: Headers } | undefined;
      for (let i = 0; i < 20 && !refused; i++) {
        const start = Date.now();
        const res = await person.get(`/api/join/AAAA${'CEFGHJKMNPRTWXY34679'[i]}A`);
        if (res.status === 429) refused = res;
        else {
          expect(res.status).toBe(404);
          timings.push(Date.now() - start);
        }
      }
      // Failures 6 to 9 are held back a growing while; the tenth attempt is refused outright.
      expect(timings.at(-1)).toBeGreaterThanOrEqual(400);
      expect(refused?.status).toBe(429);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
      // Refused for every code now, the right one included, or the refusal would leak it.
      expect((await person.get(`/api/join/${code}`)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('[SEC5] names are trimmed, bounded and kept as text', async () => {
    const { code, fac } = await createOpenWorkshop(http);
    const r = await join(t.url, code, {
      groupKey: 'resident',
      displayName: '  <img src=x onerror=alert(1)>  ',
    });
    expect(r.status).toBe(201);
    const roster = await fac.command('roster:get', {});
    expect(roster.ok && roster.data.participants[0]!.displayName).toBe(
      '<img src=x onerror=alert(1)>',
    );
    const bad = await join(t.url, code, { groupKey: 'resident', displayName: 'a\u202Eb' });
    expect(bad.status).toBe(400);
    fac.close();
  });
});
