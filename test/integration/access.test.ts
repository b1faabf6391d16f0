import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Workshop } from '../../shared/domain/workshop.ts';
import type { EngagementRecord } from '../../shared/domain/records.ts';
import type { ResponsesView } from '../../shared/protocol/feedback.ts';
import type { AccountList } from '../../shared/protocol/accounts.ts';
import type { InviteCreated, JoinResult } from '../../shared/protocol/rest.ts';
import { ErrorBodySchema } from '../../shared/protocol/ack.ts';
import type { RouteDef } from '../../shared/http/route.ts';
import { allRoutes, api } from '../../shared/http/routes.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  createOpenWorkshop,
  facilitatorAccount,
  join,
  ok,
  sampleWorkshop,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';

/**
 * HTTP2: every REST route, walked as each kind of caller, against a table written by hand. The
 * table is the contract: a route whose access changes, or a new route, fails here until the table
 * says what each caller should get.
 *
 * Callers: nobody (no cookie, no token); a participant (the device token from joining, as the
 * phone sends it); a colleague (another facilitator of the same instance); the owner (the
 * facilitator who made the workshop and the record). Every facilitator plans and runs every
 * workshop of the instance (docs/spec.md, Accounts: a council team works together), so the
 * colleague gets what the owner gets, except managing accounts, which only an owner does (AUTH6):
 * the first account is the owner, the invited colleague a facilitator.
 *
 * Access does not depend on the database, so this runs on the embedded one only.
 */

type Caller = 'anonymous' | 'participant' | 'colleague' | 'owner';
const callers: Caller[] = ['anonymous', 'participant', 'colleague', 'owner'];

type RouteName = {
  [F in keyof typeof api]: `${F}.${Extract<keyof (typeof api)[F], string>}`;
}[keyof typeof api];

/** What the owner set up for one caller to change, so no caller's change spoils another's. */
type Own = {
  /** A workshop in planning, to edit. */
  draftId: string;
  /** A record, with `linkedId` in it and `looseId` not. */
  recordId: string;
  linkedId: string;
  looseId: string;
  /** A participant of the open workshop whose contributions may be erased. */
  participantId: string;
  /** Two more facilitator accounts: one to change the role of or reset, one to remove. */
  memberId: string;
  leaverId: string;
};

type World = {
  /** The open workshop everyone reads, its join code and its record. */
  workshopId: string;
  code: string;
  recordId: string;
  publicId: string;
  /** An outcome item of that record, answered and published. */
  item: { itemId: string; itemKind: string; label: string };
  inviteToken: string;
  resetToken: string;
  /** The participant caller's own device token. */
  token: string;
  own: Record<Caller, Own>;
};

type Request = { path: string; body?: unknown };
type Row = {
  request: (w: World, own: Own, caller: Caller) => Request;
  expect: Record<Caller, number>;
};

const anyone = (status: number): Row['expect'] => ({
  anonymous: status,
  participant: status,
  colleague: status,
  owner: status,
});
/** A facilitator route: nobody else gets past "please sign in". */
const staff = (status: number): Row['expect'] => ({
  anonymous: 401,
  participant: 401,
  colleague: status,
  owner: status,
});
/** Managing accounts: an owner's; a facilitator who is not one is told so (AUTH6). */
const ownerOnly = (status: number): Row['expect'] => ({
  anonymous: 401,
  participant: 401,
  colleague: 403,
  owner: status,
});
/** A phone's own route: only its device token opens it; a facilitator's cookie does not. */
const phone = (status: number): Row['expect'] => ({
  anonymous: 401,
  participant: status,
  colleague: 401,
  owner: 401,
});

const today = () => new Date().toISOString().slice(0, 10);
const colleaguePassword = 'another long password';

const table: Record<RouteName, Row> = {
  'auth.instance': { request: () => ({ path: '/instance' }), expect: anyone(200) },
  // The first account exists: set-up is over for everyone (AUTH1).
  'auth.setup': {
    request: () => ({
      path: '/setup',
      body: { email: 'late@example.org', password: 'a long enough password', name: 'Late' },
    }),
    expect: anyone(409),
  },
  'auth.login': {
    request: () => ({
      path: '/auth/login',
      body: { email: facilitatorAccount.email, password: facilitatorAccount.password },
    }),
    expect: anyone(200),
  },
  'auth.logout': { request: () => ({ path: '/auth/logout' }), expect: anyone(204) },
  'auth.me': { request: () => ({ path: '/auth/me' }), expect: staff(200) },
  'auth.createInvite': { request: () => ({ path: '/invites' }), expect: staff(201) },
  'auth.invite': { request: (w) => ({ path: `/invites/${w.inviteToken}` }), expect: anyone(200) },
  // An invite nobody sent: public, and refused alike for every caller.
  'auth.acceptInvite': {
    request: () => ({
      path: '/invites/no-such-invite/accept',
      body: { email: 'new@example.org', password: 'a long enough password', name: 'New' },
    }),
    expect: anyone(404),
  },
  'accounts.list': { request: () => ({ path: '/accounts' }), expect: staff(200) },
  'accounts.setRole': {
    request: (_w, own) => ({ path: `/accounts/${own.memberId}/role`, body: { role: 'owner' } }),
    expect: ownerOnly(200),
  },
  'accounts.remove': {
    request: (_w, own) => ({ path: `/accounts/${own.leaverId}` }),
    expect: ownerOnly(204),
  },
  'accounts.createReset': {
    request: (_w, own) => ({ path: `/accounts/${own.memberId}/password-reset` }),
    expect: ownerOnly(201),
  },
  'accounts.audit': { request: () => ({ path: '/accounts/audit' }), expect: ownerOnly(200) },
  // Each facilitator changes their own password, knowing the current one.
  'accounts.changePassword': {
    request: (_w, _own, caller) => ({
      path: '/auth/password',
      body: {
        currentPassword: caller === 'colleague' ? colleaguePassword : facilitatorAccount.password,
        newPassword: `${caller}'s new password`,
      },
    }),
    expect: staff(204),
  },
  // The test server has no SMTP_URL: nobody can have a link e-mailed, whoever asks.
  'accounts.forgot': {
    request: () => ({ path: '/auth/forgot-password', body: { email: 'amina@example.org' } }),
    expect: anyone(409),
  },
  'accounts.reset': {
    request: (w) => ({ path: `/password-resets/${w.resetToken}` }),
    expect: anyone(200),
  },
  // A link nobody issued: public, and refused alike for every caller.
  'accounts.useReset': {
    request: () => ({
      path: '/password-resets/no-such-link',
      body: { password: 'a long enough password' },
    }),
    expect: anyone(404),
  },
  'meta.openApi': { request: () => ({ path: '/openapi.json' }), expect: anyone(200) },

  'workshops.list': { request: () => ({ path: '/workshops' }), expect: staff(200) },
  'workshops.create': {
    request: () => ({ path: '/workshops', body: { title: 'Another evening' } }),
    expect: staff(201),
  },
  'workshops.get': { request: (w) => ({ path: `/workshops/${w.workshopId}` }), expect: staff(200) },
  'workshops.update': {
    request: (_w, own) => ({ path: `/workshops/${own.draftId}`, body: { title: 'Renamed' } }),
    expect: staff(200),
  },
  'workshops.replaceAgenda': {
    request: (_w, own) => ({
      path: `/workshops/${own.draftId}/agenda`,
      body: { activities: [{ kind: 'idea_board', title: 'Ideas' }] },
    }),
    expect: staff(200),
  },

  'join.lookup': { request: (w) => ({ path: `/join/${w.code}` }), expect: anyone(200) },
  'join.join': {
    request: (w) => ({ path: `/join/${w.code}`, body: { groupKey: 'resident' } }),
    expect: anyone(201),
  },
  'join.qr': { request: (w) => ({ path: `/join/${w.code}/qr.svg` }), expect: anyone(200) },
  'join.publicAddress': { request: () => ({ path: '/public/address' }), expect: anyone(200) },

  'board.moderationCsv': {
    request: (w) => ({ path: `/workshops/${w.workshopId}/moderation.csv` }),
    expect: staff(200),
  },

  'records.list': { request: () => ({ path: '/records' }), expect: staff(200) },
  'records.create': {
    request: () => ({
      path: '/records',
      body: { title: 'A new record', service: 'Youth service', level: 'consult' },
    }),
    expect: staff(201),
  },
  'records.get': { request: (w) => ({ path: `/records/${w.recordId}` }), expect: staff(200) },
  'records.update': {
    request: (_w, own) => ({ path: `/records/${own.recordId}`, body: { title: 'Retitled' } }),
    expect: staff(200),
  },
  'records.link': {
    request: (_w, own) => ({ path: `/records/${own.recordId}/workshops/${own.looseId}`, body: {} }),
    expect: staff(200),
  },
  'records.unlink': {
    request: (_w, own) => ({ path: `/records/${own.recordId}/workshops/${own.linkedId}` }),
    expect: staff(200),
  },
  'records.snapshots': {
    request: (w) => ({ path: `/records/${w.recordId}/workshops/${w.workshopId}/snapshots` }),
    expect: staff(200),
  },
  'records.saveSnapshot': {
    request: (w) => ({ path: `/records/${w.recordId}/workshops/${w.workshopId}/snapshots` }),
    expect: staff(201),
  },
  'records.snapshot': {
    request: (w) => ({
      path: `/records/${w.recordId}/workshops/${w.workshopId}/snapshots/latest`,
    }),
    expect: staff(200),
  },
  'records.exportCsv': {
    request: (w) => ({ path: `/records/${w.recordId}/export.csv` }),
    expect: staff(200),
  },
  'records.exportJson': {
    request: (w) => ({ path: `/records/${w.recordId}/export.json` }),
    expect: staff(200),
  },
  'records.openData': {
    request: (w) => ({ path: `/records/${w.recordId}/open-data.zip` }),
    expect: staff(200),
  },
  'records.calendar': { request: () => ({ path: '/calendar' }), expect: anyone(200) },
  'records.calendarFeed': {
    request: () => ({ path: '/public/calendar.ics' }),
    expect: anyone(200),
  },

  'feedback.responses': {
    request: (w) => ({ path: `/records/${w.recordId}/responses` }),
    expect: staff(200),
  },
  'feedback.setResponse': {
    request: (w) => ({
      path: `/records/${w.recordId}/responses/${w.item.itemId}`,
      body: {
        itemKind: w.item.itemKind,
        itemLabel: w.item.label,
        decision: 'adopted',
        explanation: '',
        decidedOn: today(),
        decidedBy: 'Youth service',
      },
    }),
    expect: staff(200),
  },
  'feedback.publish': {
    request: (w) => ({ path: `/records/${w.recordId}/feedback/publish` }),
    expect: staff(200),
  },
  'feedback.publicPage': {
    request: (w) => ({ path: `/public/feedback/${w.publicId}` }),
    expect: anyone(200),
  },
  'feedback.publicQr': {
    request: (w) => ({ path: `/public/feedback/${w.publicId}/qr.svg` }),
    expect: anyone(200),
  },
  'feedback.feedbackLink': {
    request: (w) => ({ path: `/public/workshops/${w.workshopId}/feedback` }),
    expect: anyone(200),
  },
  'feedback.contact': {
    request: () => ({
      path: '/participant/feedback-contact',
      body: { email: 'resident@example.org', consent: true },
    }),
    expect: phone(204),
  },

  'reach.aboutYou': {
    request: () => ({ path: '/participant/about-you', body: { age: '25_34' } }),
    expect: phone(204),
  },
  'reach.workshopReach': {
    request: (w) => ({ path: `/workshops/${w.workshopId}/reach` }),
    expect: staff(200),
  },
  'reach.recordReach': {
    request: (w) => ({ path: `/records/${w.recordId}/reach` }),
    expect: staff(200),
  },
  'reach.profile': { request: () => ({ path: '/reference-profile' }), expect: staff(200) },
  'reach.setProfile': {
    request: () => ({
      path: '/reference-profile',
      body: { rows: [{ question: 'age', answer: '16_24', share: 0.12, source: 'Census 2021' }] },
    }),
    expect: staff(200),
  },
  'reach.contributors': {
    request: (w) => ({ path: `/workshops/${w.workshopId}/contributors` }),
    expect: staff(200),
  },
  'reach.erase': {
    request: (w, own) => ({
      path: `/workshops/${w.workshopId}/participants/${own.participantId}/contributions`,
    }),
    expect: staff(200),
  },
  'reach.audit': { request: (w) => ({ path: `/records/${w.recordId}/audit` }), expect: staff(200) },
};

describe('who may call each REST route', () => {
  let t: TestApp;
  let owner: HttpClient;
  let colleague: HttpClient;
  let world: World;
  const sockets: ScriptedClient[] = [];

  const send = async (caller: Caller, def: RouteDef, req: Request) => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      // What a browser sends from Roundtable's own page (SEC7).
      'sec-fetch-site': 'same-origin',
    };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (caller === 'owner' && owner.cookie) headers.cookie = owner.cookie;
    if (caller === 'colleague' && colleague.cookie) headers.cookie = colleague.cookie;
    if (caller === 'participant') headers.authorization = `Bearer ${world.token}`;
    return fetch(`${t.url}/api${req.path}`, {
      method: def.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
  };

  beforeAll(async () => {
    t = await startApp('pglite');
    owner = await setUpFacilitator(t.url);
    const invite = await owner.post<InviteCreated>('/api/invites');
    colleague = new HttpClient(t.url);
    const accepted = await colleague.post(`/api/invites/${invite.body.token}/accept`, {
      email: 'kwame@example.org',
      password: colleaguePassword,
      name: 'Kwame Mensah',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    const pending = await owner.post<InviteCreated>('/api/invites');

    const { workshop, code, fac } = await createOpenWorkshop(owner, sampleWorkshop);
    sockets.push(fac);
    // A theme on the board: an outcome item the council can answer, so the record can publish.
    const board = workshop.agenda.find((a) => a.kind === 'idea_board')!;
    ok(await fac.command('activity:goto', { activityId: board.id }));
    ok(await fac.command('theme:create', { activityId: board.id, name: 'Places to meet' }));
    const joined = await join(t.url, code);
    expect(joined.status).toBe(201);

    const newRecord = async (workshopIds: string[]) => {
      const res = await owner.post<EngagementRecord>('/api/records', {
        title: 'Youth strategy',
        service: 'Youth service',
        level: 'consult',
        workshopIds,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };
    const record = await newRecord([workshop.id]);
    const base = `/api/records/${record.id}`;
    expect((await owner.post(`${base}/workshops/${workshop.id}/snapshots`)).status).toBe(201);
    const view = (await owner.get<ResponsesView>(`${base}/responses`)).body;
    const item = view.items[0];
    if (!item) throw new Error(`no outcome item to answer: ${JSON.stringify(view)}`);
    const answered = await owner.put(`${base}/responses/${item.itemId}`, {
      itemKind: item.itemKind,
      itemLabel: item.label,
      decision: 'adopted',
      explanation: '',
      decidedOn: today(),
      decidedBy: 'Youth service',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect((await owner.post(`${base}/feedback/publish`)).status).toBe(200);

    const colleagueAccount = async (email: string) => {
      const link = await owner.post<InviteCreated>('/api/invites');
      const res = await new HttpClient(t.url).post<{ id: string }>(
        `/api/invites/${link.body.token}/accept`,
        { email, password: 'a long enough password', name: email.split('@')[0] },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id;
    };
    const resetFor = await colleagueAccount('forgetful@example.org');
    const reset = await owner.post<{ url: string }>(`/api/accounts/${resetFor}/password-reset`);
    expect(reset.status, JSON.stringify(reset.body)).toBe(201);

    const own = {} as Record<Caller, Own>;
    for (const caller of callers) {
      const draft = async () =>
        (await owner.post<Workshop>('/api/workshops', { title: caller })).body;
      const [d, linked, loose] = [await draft(), await draft(), await draft()];
      const mine = await newRecord([linked.id]);
      const p = await join(t.url, code);
      own[caller] = {
        draftId: d.id,
        recordId: mine.id,
        linkedId: linked.id,
        looseId: loose.id,
        participantId: (p.body as JoinResult).participantId,
        memberId: await colleagueAccount(`member-${caller}@example.org`),
        leaverId: await colleagueAccount(`leaver-${caller}@example.org`),
      };
    }
    world = {
      workshopId: workshop.id,
      code,
      recordId: record.id,
      publicId: record.publicId,
      item: { itemId: item.itemId, itemKind: item.itemKind, label: item.label },
      inviteToken: pending.body.token,
      resetToken: reset.body.url.split('/reset/')[1]!,
      token: joined.body.token,
      own,
    };
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  it('[HTTP2] the table names every route the server mounts, and nothing else', () => {
    expect(Object.keys(table).sort()).toEqual(
      allRoutes()
        .map((r) => r.name)
        .sort(),
    );
  });

  it('[HTTP2] every route answers each caller as the table says, and its answers match its schema', async () => {
    // Signing out ends the session it is sent with, so it goes last.
    const routes = [...allRoutes()].sort(
      (a, b) => Number(a.name === 'auth.logout') - Number(b.name === 'auth.logout'),
    );
    const wrong: string[] = [];
    for (const { name, def } of routes) {
      const row = table[name as RouteName];
      for (const caller of callers) {
        const req = row.request(world, world.own[caller], caller);
        const res = await send(caller, def, req);
        const expected = row.expect[caller];
        const text = await res.text();
        if (res.status !== expected) {
          wrong.push(
            `${name} as ${caller}: ${res.status}, expected ${expected} ${text.slice(0, 160)}`,
          );
          continue;
        }
        if (res.status >= 400) {
          // A refusal is the API's error body, never a page or a stack.
          const body = JSON.parse(text) as { error?: unknown };
          const parsed = ErrorBodySchema.safeParse(body.error);
          if (!parsed.success) wrong.push(`${name} as ${caller}: refusal without an error body`);
          if (expected === 401 && parsed.data?.code !== 'UNAUTHENTICATED')
            wrong.push(`${name} as ${caller}: 401 with ${parsed.data?.code}`);
        } else if ('json' in def.reply) {
          const parsed = z.safeParse(def.reply.json, JSON.parse(text));
          if (!parsed.success)
            wrong.push(`${name} as ${caller}: answer off its schema: ${parsed.error.message}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('[HTTP2] a refused caller changed nothing: the owner still sees what was there', async () => {
    // The walk signed both facilitators out last; their sessions are over.
    expect((await owner.get('/api/auth/me')).status).toBe(401);
    expect((await colleague.get('/api/auth/me')).status).toBe(401);
    const again = new HttpClient(t.url);
    const login = { email: facilitatorAccount.email, password: "owner's new password" };
    expect((await again.post('/api/auth/login', login)).status).toBe(200);
    // The refused calls above named real objects; each is as it was, while the owner's and the
    // colleague's own objects show their calls went through.
    const own = world.own;
    for (const caller of callers) {
      const allowed = caller === 'owner' || caller === 'colleague';
      const draft = await again.get<Workshop>(`/api/workshops/${own[caller].draftId}`);
      expect(draft.body.title, caller).toBe(allowed ? 'Renamed' : caller);
      expect(
        draft.body.agenda.map((a) => a.title),
        caller,
      ).toEqual(allowed ? ['Ideas'] : []);
      const record = await again.get<EngagementRecord>(`/api/records/${own[caller].recordId}`);
      expect(record.body.title, caller).toBe(allowed ? 'Retitled' : 'Youth strategy');
      expect(
        record.body.workshops.map((w) => w.id),
        caller,
      ).toEqual(allowed ? [own[caller].looseId] : [own[caller].linkedId]);
    }
    // Only the owner's account changes went through: the colleague is not an owner (AUTH6).
    const accounts = (await again.get<AccountList>('/api/accounts')).body.accounts;
    const role = (id: string) => accounts.find((a) => a.id === id)?.role;
    for (const caller of callers) {
      const mine = caller === 'owner';
      expect(role(own[caller].memberId), caller).toBe(mine ? 'owner' : 'facilitator');
      expect(role(own[caller].leaverId), caller).toBe(mine ? undefined : 'facilitator');
    }
  });
});
