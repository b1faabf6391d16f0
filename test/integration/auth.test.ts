import { afterEach, describe, expect, it } from 'vitest';
import type { Facilitator, InstanceInfo, InviteCreated } from '../../shared/protocol/rest.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import { HttpClient, facilitatorAccount, setUpFacilitator } from '../helpers/clients.ts';

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };

describe.each(backends)('facilitator accounts on %s', (backend) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('[AUTH1] the first visit creates the first facilitator, and only once', async () => {
    t = await startApp(backend);
    const visitor = new HttpClient(t.url);
    expect((await visitor.get<InstanceInfo>('/api/instance')).body).toEqual({
      setupRequired: true,
      setupTokenRequired: false,
      mailConfigured: false,
    });
    const short = await visitor.post<ErrorBody>('/api/setup', {
      ...facilitatorAccount,
      password: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.fields?.password).toMatch(/10/);

    const created = await visitor.post<Facilitator>('/api/setup', {
      ...facilitatorAccount,
      email: ' Amina@Example.ORG ',
    });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe('amina@example.org');
    const cookie = created.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await visitor.get<Facilitator>('/api/auth/me')).body.name).toBe('Amina Begum');
    expect((await visitor.get<InstanceInfo>('/api/instance')).body.setupRequired).toBe(false);

    const stranger = new HttpClient(t.url);
    const again = await stranger.post<ErrorBody>('/api/setup', {
      ...facilitatorAccount,
      email: 'x@example.org',
    });
    expect(again.status).toBe(409);
    expect((await stranger.get('/api/auth/me')).status).toBe(401);
    expect((await stranger.get('/api/workshops')).status).toBe(401);
  });

  it('[AUTH2] on a reachable server the set-up token guards the first account', async () => {
    t = await startApp(backend, { SETUP_TOKEN: 'a-token-from-the-environment' });
    const visitor = new HttpClient(t.url);
    expect((await visitor.get<InstanceInfo>('/api/instance')).body.setupTokenRequired).toBe(true);
    expect((await visitor.post('/api/setup', facilitatorAccount)).status).toBe(403);
    expect(
      (
        await visitor.post('/api/setup', {
          ...facilitatorAccount,
          setupToken: 'wrong-token-wrong-token',
        })
      ).status,
    ).toBe(403);
    const ok = await visitor.post('/api/setup', {
      ...facilitatorAccount,
      setupToken: 'a-token-from-the-environment',
    });
    expect(ok.status).toBe(201);
  });

  it('[AUTH2] a generated set-up token works once and only the latest one', async () => {
    t = await startApp(backend, { HOST: '127.0.0.1' });
    // A loopback server needs no token; one listening on all interfaces generates one.
    expect(t.app.setupToken).toBeUndefined();
    await t.close();
    t = await startApp(backend, { HOST: '0.0.0.0' });
    const token = t.app.setupToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const visitor = new HttpClient(t.url.replace('localhost', '127.0.0.1'));
    expect(
      (await visitor.post('/api/setup', { ...facilitatorAccount, setupToken: 'guess' })).status,
    ).toBe(403);
    expect(
      (await visitor.post('/api/setup', { ...facilitatorAccount, setupToken: token })).status,
    ).toBe(201);
  });

  it('[AUTH3] sign in, sign out, and wrong passwords are counted then refused', async () => {
    t = await startApp(backend, { LOGIN_FAILURE_LIMIT: '5' });
    await setUpFacilitator(t.url);
    const laptop = new HttpClient(t.url);
    const wrong = await laptop.post<ErrorBody>('/api/auth/login', {
      email: facilitatorAccount.email,
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    const unknown = await laptop.post('/api/auth/login', {
      email: 'nobody@example.org',
      password: 'whatever it is',
    });
    expect(unknown.status).toBe(401);
    const ok = await laptop.post<Facilitator>('/api/auth/login', {
      email: 'AMINA@example.org',
      password: facilitatorAccount.password,
    });
    expect(ok.status).toBe(200);
    expect((await laptop.get('/api/auth/me')).status).toBe(200);
    expect((await laptop.post('/api/auth/logout')).status).toBe(204);
    expect((await laptop.get('/api/auth/me')).status).toBe(401);

    const guesser = new HttpClient(t.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (
          await guesser.post('/api/auth/login', {
            email: facilitatorAccount.email,
            password: `guess number ${i}`,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('[AUTH4] a facilitator invites another with a link that works once', async () => {
    t = await startApp(backend);
    const amina = await setUpFacilitator(t.url);
    const invite = await amina.post<InviteCreated>('/api/invites');
    expect(invite.status).toBe(201);
    expect(invite.body.url).toBe(`${t.url}/invite/${invite.body.token}`);
    const guest = new HttpClient(t.url);
    expect(
      (await guest.get<{ invitedBy: string }>(`/api/invites/${invite.body.token}`)).body.invitedBy,
    ).toBe('Amina Begum');
    const taken = await guest.post<ErrorBody>(
      `/api/invites/${invite.body.token}/accept`,
      facilitatorAccount,
    );
    expect(taken.status).toBe(409);
    const accepted = await guest.post<Facilitator>(`/api/invites/${invite.body.token}/accept`, {
      email: 'jo@example.org',
      name: 'Jo',
      password: 'another long password',
    });
    expect(accepted.status).toBe(201);
    expect((await guest.get<Facilitator>('/api/auth/me')).body.email).toBe('jo@example.org');
    const reuse = await new HttpClient(t.url).post(`/api/invites/${invite.body.token}/accept`, {
      email: 'eve@example.org',
      name: 'Eve',
      password: 'another long password',
    });
    expect(reuse.status).toBe(404);
    expect((await new HttpClient(t.url).post('/api/invites')).status).toBe(401);
  });

  it('[HTTP1] bad bodies get clear errors: not JSON, too large, unknown fields', async () => {
    t = await startApp(backend);
    const amina = await setUpFacilitator(t.url);
    expect((await amina.request('POST', '/api/workshops', '{"title":')).status).toBe(400);
    const big = await amina.post<ErrorBody>('/api/workshops', {
      title: 'x',
      purpose: 'y'.repeat(300_000),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a&password=b',
    });
    expect(res.status).toBe(400);
    expect((await amina.get('/api/nope')).status).toBe(404);
    expect((await amina.get('/healthz')).status).toBe(200);
  });
});
