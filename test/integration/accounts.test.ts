import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workshop } from '../../shared/domain/workshop.ts';
import type {
  AccountAuditEntry,
  AccountList,
  ResetCreated,
} from '../../shared/protocol/accounts.ts';
import type { Facilitator, InviteCreated } from '../../shared/protocol/rest.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import { HttpClient, connect, setUpFacilitator, type ScriptedClient } from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { parseMail, smtpReceiver } from '../helpers/smtp.ts';

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };

const password = 'a long enough password';

describe.each(backends)('managing facilitator accounts on %s', (backend) => {
  let t: TestApp;
  let owner: HttpClient;
  const sockets: ScriptedClient[] = [];

  beforeAll(async () => {
    t = await startApp(backend);
    owner = await setUpFacilitator(t.url);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  /** A colleague invited by the owner, signed in in their own browser. */
  async function colleague(name: string) {
    const email = `${name.toLowerCase()}@example.org`;
    const invite = await owner.post<InviteCreated>('/api/invites');
    const browser = new HttpClient(t.url);
    const res = await browser.post<Facilitator>(`/api/invites/${invite.body.token}/accept`, {
      email,
      password,
      name,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { browser, id: res.body.id, email };
  }

  async function signIn(email: string, pw = password) {
    const browser = new HttpClient(t.url);
    const res = await browser.post<Facilitator | ErrorBody>('/api/auth/login', {
      email,
      password: pw,
    });
    return { browser, status: res.status };
  }

  const audit = async () =>
    (await owner.get<{ entries: AccountAuditEntry[] }>('/api/accounts/audit')).body.entries;

  it('[AUTH6] the first account owns the instance; an owner makes others owners, and one always stays', async () => {
    const me = (await owner.get<Facilitator>('/api/auth/me')).body;
    expect(me.role).toBe('owner');
    const bilal = await colleague('Bilal');
    expect((await bilal.browser.get<Facilitator>('/api/auth/me')).body.role).toBe('facilitator');

    // A facilitator sees the team but cannot change it.
    const seen = await bilal.browser.get<AccountList>('/api/accounts');
    expect(seen.body.accounts.map((a) => a.name)).toEqual(['Amina Begum', 'Bilal']);
    const refused = await bilal.browser.put<ErrorBody>(`/api/accounts/${me.id}/role`, {
      role: 'facilitator',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');

    // The only owner cannot step down or be removed: nobody would be left to manage accounts.
    const alone = await owner.put<ErrorBody>(`/api/accounts/${me.id}/role`, {
      role: 'facilitator',
    });
    expect(alone.status).toBe(409);
    expect((await owner.request('DELETE', `/api/accounts/${me.id}`)).status).toBe(409);

    const promoted = await owner.put<{ role: string }>(`/api/accounts/${bilal.id}/role`, {
      role: 'owner',
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('owner');
    // Roles are read per request: Bilal's open session is an owner's now.
    expect((await bilal.browser.get('/api/accounts/audit')).status).toBe(200);
    const back = await bilal.browser.put(`/api/accounts/${bilal.id}/role`, { role: 'facilitator' });
    expect(back.status).toBe(200);
    expect((await bilal.browser.get('/api/accounts/audit')).status).toBe(403);

    const changes = (await audit()).filter((e) => e.action === 'role_changed');
    expect(changes.slice(0, 2)).toEqual([
      expect.objectContaining({
        actor: 'Bilal',
        subject: 'Bilal',
        detail: { from: 'owner', to: 'facilitator' },
      }),
      expect.objectContaining({
        actor: 'Amina Begum',
        subject: 'Bilal',
        detail: { from: 'facilitator', to: 'owner' },
      }),
    ]);
  });

  it('[AUTH7] a removed colleague is signed out everywhere at once; their workshops stay', async () => {
    const chen = await colleague('Chen');
    const second = await signIn(chen.email);
    expect(second.status).toBe(200);
    const made = await chen.browser.post<Workshop>('/api/workshops', { title: 'Chen’s evening' });
    expect(made.status).toBe(201);
    const console = await connect(
      t.url,
      { role: 'facilitator', workshopId: made.body.id },
      chen.browser.cookie,
    );
    sockets.push(console);
    expect(console.socket.connected).toBe(true);

    expect((await owner.request('DELETE', `/api/accounts/${chen.id}`)).status).toBe(204);

    // Every browser of theirs, and their open console, lose access at once.
    expect((await chen.browser.get('/api/auth/me')).status).toBe(401);
    expect((await second.browser.get('/api/workshops')).status).toBe(401);
    await eventually(() => expect(console.socket.connected).toBe(false), { timeoutMs: 5000 });
    expect((await signIn(chen.email)).status).toBe(401);
    // What they made is the team's: it stays.
    const kept = await owner.get<Workshop>(`/api/workshops/${made.body.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body.title).toBe('Chen’s evening');
    const team = (await owner.get<AccountList>('/api/accounts')).body.accounts;
    expect(team.map((a) => a.name)).not.toContain('Chen');
    expect((await owner.request('DELETE', `/api/accounts/${chen.id}`)).status).toBe(404);
    expect((await audit())[0]).toMatchObject({
      action: 'removed',
      actor: 'Amina Begum',
      subject: 'Chen',
    });

    // The address is free again: Chen can come back by a new invite.
    const invite = await owner.post<InviteCreated>('/api/invites');
    const back = await new HttpClient(t.url).post(`/api/invites/${invite.body.token}/accept`, {
      email: chen.email,
      password,
      name: 'Chen',
    });
    expect(back.status).toBe(201);
  });

  it('[AUTH7] invites a removed colleague sent stop working', async () => {
    const dara = await colleague('Dara');
    const sent = await dara.browser.post<InviteCreated>('/api/invites');
    expect((await owner.get(`/api/invites/${sent.body.token}`)).status).toBe(200);
    expect((await owner.request('DELETE', `/api/accounts/${dara.id}`)).status).toBe(204);
    expect((await owner.get(`/api/invites/${sent.body.token}`)).status).toBe(404);
  });

  it('[AUTH8] changing a password needs the current one and ends every other session', async () => {
    const eve = await colleague('Eve');
    const other = await signIn(eve.email);
    const wrong = await eve.browser.post<ErrorBody>('/api/auth/password', {
      currentPassword: 'not my password',
      newPassword: 'my brand new password',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.fields?.currentPassword).toBeTruthy();
    const short = await eve.browser.post<ErrorBody>('/api/auth/password', {
      currentPassword: password,
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect((await other.browser.get('/api/auth/me')).status).toBe(200);

    const changed = await eve.browser.post('/api/auth/password', {
      currentPassword: password,
      newPassword: 'my brand new password',
    });
    expect(changed.status).toBe(204);
    expect((await eve.browser.get('/api/auth/me')).status).toBe(200);
    expect((await other.browser.get('/api/auth/me')).status).toBe(401);
    expect((await signIn(eve.email)).status).toBe(401);
    expect((await signIn(eve.email, 'my brand new password')).status).toBe(200);
    expect((await audit())[0]).toMatchObject({
      action: 'password_changed',
      actor: 'Eve',
      subject: 'Eve',
    });
  });

  it('[AUTH9] an owner issues a one-time reset link; only the latest works, once', async () => {
    const fola = await colleague('Fola');
    const first = await owner.post<ResetCreated>(`/api/accounts/${fola.id}/password-reset`);
    expect(first.status).toBe(201);
    const latest = await owner.post<ResetCreated>(`/api/accounts/${fola.id}/password-reset`);
    const tokenOf = (r: ResetCreated) => new URL(r.url).pathname.replace('/reset/', '');
    expect(new URL(latest.body.url).origin).toBe(t.url);

    const anon = new HttpClient(t.url);
    expect((await anon.get(`/api/password-resets/${tokenOf(first.body)}`)).status).toBe(404);
    const info = await anon.get<{ name: string; email: string }>(
      `/api/password-resets/${tokenOf(latest.body)}`,
    );
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ name: 'Fola', email: fola.email });

    const used = await anon.post<Facilitator>(`/api/password-resets/${tokenOf(latest.body)}`, {
      password: 'a fresh start password',
    });
    expect(used.status).toBe(200);
    expect(used.body.name).toBe('Fola');
    // The link signed this browser in, and every earlier session of the account ended.
    expect((await anon.get('/api/auth/me')).status).toBe(200);
    expect((await fola.browser.get('/api/auth/me')).status).toBe(401);
    expect((await signIn(fola.email)).status).toBe(401);
    expect((await signIn(fola.email, 'a fresh start password')).status).toBe(200);

    const again = await anon.post(`/api/password-resets/${tokenOf(latest.body)}`, {
      password: 'someone else tries it',
    });
    expect(again.status).toBe(404);
    const log = await audit();
    expect(log[0]).toMatchObject({ action: 'password_reset', actor: null, subject: 'Fola' });
    expect(log[1]).toMatchObject({ action: 'reset_issued', actor: 'Amina Begum', subject: 'Fola' });
  });

  it('[AUTH6] every account change is in the audit, newest first', async () => {
    const actions = (await audit()).map((e) => e.action);
    for (const a of [
      'created',
      'invited',
      'role_changed',
      'removed',
      'password_changed',
      'reset_issued',
      'password_reset',
    ]) {
      expect(actions, a).toContain(a);
    }
    expect(actions.at(-1)).toBe('created');
    const signedOut = new HttpClient(t.url);
    expect((await signedOut.get('/api/accounts/audit')).status).toBe(401);
  });
});

describe('password reset links by e-mail (AUTH9)', () => {
  let t: TestApp;
  let owner: HttpClient;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;

  beforeAll(async () => {
    smtp = await smtpReceiver();
    t = await startApp('pglite', { SMTP_URL: smtp.url, MAIL_FROM: 'roundtable@council.example' });
    owner = await setUpFacilitator(t.url);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const linkIn = (raw: string) => {
    const m = /(http:\/\/\S+\/reset\/[\w-]+)/.exec(parseMail(raw).text);
    if (!m) throw new Error(`no reset link in: ${parseMail(raw).text}`);
    return new URL(m[1]!);
  };

  it('[AUTH9] an owner’s reset link also goes to the colleague’s address', async () => {
    expect(
      (await owner.get<{ mailConfigured: boolean }>('/api/instance')).body.mailConfigured,
    ).toBe(true);
    const invite = await owner.post<InviteCreated>('/api/invites');
    const gina = await new HttpClient(t.url).post<Facilitator>(
      `/api/invites/${invite.body.token}/accept`,
      { email: 'gina@example.org', password, name: 'Gina' },
    );
    const reset = await owner.post<ResetCreated>(`/api/accounts/${gina.body.id}/password-reset`);
    expect(reset.status).toBe(201);
    expect(reset.body.emailed).toBe(true);
    const mail = smtp.received.find((m) => m.to.includes('gina@example.org'));
    expect(mail, 'a mail to Gina').toBeDefined();
    expect(linkIn(mail!.raw).href).toBe(reset.body.url);
    expect(parseMail(mail!.raw).text).toContain('Hello Gina');
  });

  it('[AUTH9] "forgotten your password?" e-mails a link that works, and says the same for unknown addresses', async () => {
    const anon = new HttpClient(t.url);
    const before = smtp.received.length;
    const unknown = await anon.post('/api/auth/forgot-password', { email: 'nobody@example.org' });
    expect(unknown.status).toBe(204);
    const known = await anon.post('/api/auth/forgot-password', { email: 'AMINA@example.org' });
    expect(known.status).toBe(204);
    const mail = await eventually(() => {
      const mine = smtp.received.slice(before);
      expect(mine).toHaveLength(1);
      return mine[0]!;
    });
    expect(mail.to).toEqual(['amina@example.org']);
    const link = linkIn(mail.raw);
    const used = await anon.post<Facilitator>(
      `/api/password-resets${link.pathname.replace('/reset', '')}`,
      {
        password: 'a password from the mail',
      },
    );
    expect(used.status).toBe(200);
    expect(used.body.name).toBe('Amina Begum');
    // The owner's other session ended with the reset.
    expect((await owner.get('/api/auth/me')).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.slice(before)).toHaveLength(1);
  });
});
