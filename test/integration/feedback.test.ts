import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { z } from 'zod';
import { rows, type Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open.ts';
import { createMailer } from '../../server/features/feedback/mailer.ts';
import { OutboxSender } from '../../server/features/feedback/outbox.ts';
import * as outboxStore from '../../server/features/feedback/store.ts';
import { createLogger } from '../../server/logger.ts';
import type { EngagementRecord } from '../../shared/domain/records.ts';
import type {
  FeedbackResponse,
  PublicFeedback,
  PublishResult,
  ResponsesView,
} from '../../shared/protocol/feedback.ts';
import {
  backends,
  createTestDatabase,
  startApp,
  type Backend,
  type TestApp,
} from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  setUpFacilitator,
  type ScriptedClient,
  ok,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { parseMail, smtpReceiver } from '../helpers/smtp.ts';

// ------------------------------------------------------------------ a real SMTP receiver

// ------------------------------------------------------------------ helpers

const MAIL_FROM = 'Tower Hamlets Council <feedback@council.example>';
const FORMULA = '=HYPERLINK("http://evil.example","click")';
const MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>';

const leaveContact = (url: string, token: string | undefined, body: unknown) =>
  fetch(`${url}/api/participant/feedback-contact`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });

type Phone = { socket: ScriptedClient; token: string; participantId: string };

/**
 * A short workshop with an idea board, a dot vote, a café and a congress vote with a
 * commitment; `emails[i]` is the address phone i leaves (undefined: none). Closed at the end.
 */
async function runWorkshop(
  t: TestApp,
  http: HttpClient,
  title: string,
  people: { email?: string; language?: 'en' | 'bn' }[],
  cleanups: (() => void)[],
) {
  const { workshop, code, fac } = await createOpenWorkshop(http, {
    title,
    purpose: 'Decide what the youth strategy funds first.',
    startsAt: '2026-12-01T18:30',
    agenda: [
      { kind: 'idea_board', title: 'Ideas', prompt: 'What should young people have?' },
      { kind: 'dot_vote', title: 'Priorities', settings: { options: ['Parks', 'Clubs', 'Buses'] } },
      {
        kind: 'world_cafe',
        title: 'Café',
        settings: { tables: 1, rounds: 1, changeoverMinutes: 0 },
      },
      { kind: 'congress_vote', title: 'Calls', settings: { method: 'single' } },
    ],
  });
  cleanups.push(() => fac.close());
  const [board, dot, cafe, congress] = workshop.agenda.map((a) => a.id) as [
    string,
    string,
    string,
    string,
  ];
  const phones: Phone[] = [];
  for (const [i, p] of people.entries()) {
    const joined = await join(t.url, code, {
      groupKey: 'resident',
      displayName: `Person ${i} of ${title}`,
      language: p.language ?? 'en',
    });
    const socket = await connect(t.url, { role: 'participant', token: joined.body.token });
    cleanups.push(() => socket.close());
    phones.push({ socket, token: joined.body.token, participantId: joined.body.participantId });
    if (p.email) {
      const res = await leaveContact(t.url, joined.body.token, { email: p.email, consent: true });
      expect(res.status).toBe(204);
    }
  }
  const first = phones[0]!;

  ok(await fac.command('activity:goto', { activityId: board }));
  const note = randomUUID();
  const hidden = randomUUID();
  ok(
    await first.socket.command('note:add', {
      id: note,
      activityId: board,
      text: 'A skate park by the river',
    }),
  );
  ok(await first.socket.command('note:add', { id: hidden, activityId: board, text: 'Rude words' }));
  const theme = ok(await fac.command('theme:create', { activityId: board, name: 'Places' }));
  ok(await fac.command('note:place', { id: note, themeId: theme.id }));
  ok(await fac.command('note:hide', { id: hidden, reason: 'offensive' }));

  ok(await fac.command('activity:goto', { activityId: dot }));
  const vote = ok(await fac.command('vote:get', { activityId: dot }));
  const parks = vote.options.find((o) => o.label === 'Parks')!.id;
  ok(await fac.command('vote:open', { activityId: dot, closesAt: null }));
  for (const p of phones) {
    ok(
      await p.socket.command('dot:place', { opId: randomUUID(), activityId: dot, optionId: parks }),
    );
  }
  ok(await fac.command('vote:close', { activityId: dot }));
  // Results shown on the projector: now they may be public (SEC6).
  ok(await fac.command('vote:reveal', { activityId: dot }));

  ok(await fac.command('activity:goto', { activityId: cafe }));
  ok(await fac.command('cafe:start', { activityId: cafe }));
  ok(await fac.command('cafe:advance', { activityId: cafe }));
  const insight = randomUUID();
  ok(
    await fac.command('cafe:insight:add', {
      id: insight,
      activityId: cafe,
      text: 'Safe routes to school matter',
      sourceTableIds: [],
    }),
  );

  ok(await fac.command('activity:goto', { activityId: congress }));
  const cv = ok(await fac.command('vote:get', { activityId: congress }));
  ok(await fac.command('vote:open', { activityId: congress, closesAt: null }));
  ok(
    await first.socket.command('ballot:cast', {
      opId: randomUUID(),
      activityId: congress,
      ballot: { kind: 'single', choice: cv.options[0]!.id },
    }),
  );
  ok(await fac.command('vote:close', { activityId: congress }));
  // Results shown on the projector: now they may be public (SEC6).
  ok(await fac.command('vote:reveal', { activityId: congress }));
  const commitment = randomUUID();
  ok(
    await fac.command('commitment:add', {
      id: commitment,
      activityId: congress,
      optionId: cv.options[0]!.id,
      text: 'Fund two youth workers',
      who: 'Youth service',
      byWhen: 'March',
    }),
  );
  ok(await fac.command('workshop:close', {}));
  const record = await eventually(
    async () => {
      const list = await http.get<{ records: EngagementRecord[] }>('/api/records');
      const rec = list.body.records.find((r) => r.workshops.some((w) => w.id === workshop.id));
      expect(rec?.workshops.find((w) => w.id === workshop.id)?.latestVersion).toBe(1);
      return rec!;
    },
    { intervalMs: 100, timeoutMs: 10_000 },
  );
  return { workshop, record, phones, ids: { theme: theme.id, parks, insight, commitment } };
}

const today = () => new Date().toISOString().slice(0, 10);

async function answerEverything(http: HttpClient, recordId: string) {
  const view = (await http.get<ResponsesView>(`/api/records/${recordId}/responses`)).body;
  for (const item of view.items) {
    const res = await http.put<FeedbackResponse>(
      `/api/records/${recordId}/responses/${item.itemId}`,
      {
        itemKind: item.itemKind,
        itemLabel: item.label,
        decision: 'adopted',
        explanation: '',
        decidedOn: today(),
        decidedBy: 'Youth service',
      },
    );
    expect(res.status).toBe(200);
  }
}

// ------------------------------------------------------------------ the journey

describe.each(backends)('"You said, we did" on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    smtp = await smtpReceiver();
    t = await startApp(backend, { SMTP_URL: smtp.url, MAIL_FROM });
    http = await setUpFacilitator(t.url);
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) c();
    await t.close();
    await smtp.close();
  });

  it('[REC10] a contact needs the device token, consent and a real address, and stores no participant id or time', async () => {
    const { code, fac } = await createOpenWorkshop(http, { title: 'Contacts only' });
    cleanups.push(() => fac.close());
    const joined = (await join(t.url, code)).body;
    expect(
      (await leaveContact(t.url, undefined, { email: 'a@x.example', consent: true })).status,
    ).toBe(401);
    expect(
      (await leaveContact(t.url, 'not-a-token', { email: 'a@x.example', consent: true })).status,
    ).toBe(401);
    const noConsent = await leaveContact(t.url, joined.token, {
      email: 'a@x.example',
      consent: false,
    });
    expect(noConsent.status).toBe(400);
    const badEmail = await leaveContact(t.url, joined.token, { email: 'nope', consent: true });
    expect(badEmail.status).toBe(400);
    // A facilitator's session is not a participant's token.
    const asFacilitator = await http.post('/api/participant/feedback-contact', {
      email: 'a@x.example',
      consent: true,
    });
    expect(asFacilitator.status).toBe(401);

    expect(
      (await leaveContact(t.url, joined.token, { email: 'Typo@X.example', consent: true })).status,
    ).toBe(204);
    // One person, one address: a second one is refused, a typo put right replaces the first.
    const second = await leaveContact(t.url, joined.token, { email: 'b@x.example', consent: true });
    expect(second.status).toBe(409);
    const fixed = await leaveContact(t.url, joined.token, {
      email: 'right@x.example',
      consent: true,
      replaces: 'typo@x.example',
    });
    expect(fixed.status).toBe(204);

    const columns = await t.app.db.query(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_name = 'feedback_contacts' ORDER BY column_name`,
    );
    // phone_key is an HMAC under the phone's own token, which the database never holds (SEC14).
    expect(columns.map((c) => c.column_name)).toEqual([
      'email',
      'id',
      'language',
      'left_on',
      'phone_key',
      'workshop_id',
    ]);
    expect(columns.find((c) => c.column_name === 'left_on')?.data_type).toBe('date');
    const rows = await t.app.db.query(
      `SELECT c.email FROM feedback_contacts c JOIN workshops w ON w.id = c.workshop_id
        WHERE w.title = 'Contacts only'`,
    );
    expect(rows.map((r) => r.email)).toEqual(['right@x.example']);
  });

  it('[REC8][REC9][REC10][REC11] responses, the public page, and one message per contact through a real SMTP server', async () => {
    const emails = ['ayesha@residents.example', 'rahim@residents.example'];
    const { record, phones, ids } = await runWorkshop(
      t,
      http,
      'Youth strategy night',
      [{ email: emails[0] }, { email: emails[1], language: 'bn' }, {}],
      cleanups,
    );
    const base = `/api/records/${record.id}`;
    const anon = new HttpClient(t.url);

    // Everything the app shows about this record, to facilitators and to the public, is
    // checked for anything that could tie a contact to a person or what they wrote.
    const personal = [
      ...emails,
      ...emails.map((e) => e.split('@')[0]!),
      ...phones.map((p) => p.participantId),
      ...phones.map((p) => p.token),
      'Person 0 of',
      'Rude words',
    ];
    const exposesNothing = async () => {
      const bodies = [
        (await http.get(`/api/records`)).body,
        (await http.get(base)).body,
        (await http.get(`${base}/responses`)).body,
        (await http.get(`${base}/workshops/${record.workshops[0]!.id}/snapshots/latest`)).body,
        (await anon.get(`/api/public/feedback/${record.publicId}`)).body,
      ];
      for (const body of bodies) {
        const text = JSON.stringify(body);
        for (const p of personal) expect(text).not.toContain(p);
        expect(text).not.toMatch(/@residents\.example/);
      }
    };

    // REC8: the items come from the latest snapshot, and only facilitators see or answer them.
    expect((await anon.get(`${base}/responses`)).status).toBe(401);
    const view = (await http.get<ResponsesView>(`${base}/responses`)).body;
    expect(view.contactsWaiting).toBe(2);
    expect(view.mailConfigured).toBe(true);
    expect(view.items.map((i) => [i.itemKind, i.label])).toEqual([
      ['theme', 'Places'],
      ['option', 'Parks'],
      ['insight', 'Safe routes to school matter'],
      ['option', expect.any(String)],
      ['commitment', 'Fund two youth workers'],
    ]);
    expect(view.items.find((i) => i.itemId === ids.theme)?.noteCount).toBe(1);
    expect(view.items.find((i) => i.itemId === ids.parks)).toMatchObject({ rank: 1, score: 3 });
    await exposesNothing();

    const put = (itemId: string, body: Record<string, unknown>, as = http) =>
      as.put<FeedbackResponse & { error?: { fields?: Record<string, string> } }>(
        `${base}/responses/${itemId}`,
        body,
      );
    const answer = {
      itemKind: 'insight',
      itemLabel: 'Safe routes to school matter',
      decision: 'not_adopted',
      explanation: '',
      decidedOn: today(),
      decidedBy: 'Highways team',
    };
    expect((await put(ids.insight, answer, anon)).status).toBe(401);
    const noReason = await put(ids.insight, answer);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.fields?.explanation).toBe('Say why it could not be done');
    expect((await put(ids.insight, { ...answer, itemKind: 'theme' })).status).toBe(400);
    expect((await put(randomUUID(), { ...answer, explanation: 'x' })).status).toBe(404);
    const saved = await put(ids.insight, {
      ...answer,
      explanation: 'The road belongs to Transport for London; we have passed it on.',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ decision: 'not_adopted', decidedBy: 'Highways team' });
    // A client cannot reword what people said: the label is the outcome's own.
    const reworded = await put(ids.theme, {
      itemKind: 'theme',
      itemLabel: 'Something else entirely',
      decision: 'adopted',
      decidedOn: today(),
      decidedBy: 'Parks team',
    });
    expect(reworded.body.itemLabel).toBe('Places');
    expect(
      (
        await put(ids.parks, {
          itemKind: 'option',
          itemLabel: 'Parks',
          decision: 'partly_adopted',
          explanation: `${FORMULA}\n${MARKUP}`,
          decidedOn: today(),
          decidedBy: `${FORMULA} board`,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await put(ids.commitment, {
          itemKind: 'commitment',
          itemLabel: 'Fund two youth workers',
          decision: 'considering',
          decidedOn: today(),
          decidedBy: 'Cabinet',
        })
      ).status,
    ).toBe(200);
    // Changing an answer is logged too.
    await put(ids.theme, {
      itemKind: 'theme',
      itemLabel: 'Places',
      decision: 'partly_adopted',
      explanation: 'Two of the three places',
      decidedOn: today(),
      decidedBy: 'Parks team',
    });
    const audit = await rows(
      t.app.db,
      z.object({
        action: z.string(),
        detail: z.object({ previousDecision: z.string().optional() }),
      }),
      `SELECT action, detail FROM record_audit WHERE record_id = $1 AND action LIKE 'response%'
        ORDER BY id`,
      [record.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'response recorded',
      'response recorded',
      'response recorded',
      'response recorded',
      'response changed',
    ]);
    expect(audit.at(-1)?.detail.previousDecision).toBe('adopted');

    // REC9: the public page needs no sign-in; before publishing it shows what was said only.
    const before = await anon.get<PublicFeedback>(`/api/public/feedback/${record.publicId}`);
    expect(before.status).toBe(200);
    expect(before.body.responses).toEqual([]);
    expect(before.body.record.title).toBe('Youth strategy night');
    const said = before.body.workshops[0]!;
    expect(said.joined).toBe(3);
    expect(said.activities.map((a) => a.kind)).toEqual([
      'idea_board',
      'dot_vote',
      'world_cafe',
      'congress_vote',
    ]);
    expect(JSON.stringify(said)).toContain('A skate park by the river');
    expect((await anon.get('/api/public/feedback/nosuchpage')).status).toBe(404);
    expect(smtp.received).toHaveLength(0);

    // REC11: publishing needs a facilitator, marks the record and queues one message each.
    expect((await anon.post(`${base}/feedback/publish`)).status).toBe(401);
    const published = await http.post<PublishResult>(`${base}/feedback/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ queued: 2, mailConfigured: true });
    const mails = await eventually(
      () => {
        expect(smtp.received).toHaveLength(2);
        return smtp.received;
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    expect(mails.map((m) => m.to).sort()).toEqual([[emails[0]], [emails[1]]]);
    const pageUrl = `${t.url}/feedback/${record.publicId}`;
    for (const m of mails) {
      expect(m.user).toBe('roundtable');
      expect(m.from).toBe('feedback@council.example');
      const mail = parseMail(m.raw);
      expect(mail.headers).toMatch(/^From: Tower Hamlets Council <feedback@council\.example>/m);
      expect(mail.headers).not.toMatch(/Content-Type: text\/html/i);
      expect(mail.subject).toContain('Youth strategy night');
      expect(mail.text).toContain(pageUrl);
      expect(mail.text).toContain('Places');
      expect(mail.text).toContain('Two of the three places');
      expect(mail.text).toContain('The road belongs to Transport for London');
      expect(mail.text).toContain(FORMULA);
      for (const other of emails) expect(mail.text).not.toContain(other);
    }
    const english = parseMail(mails.find((m) => m.to[0] === emails[0])!.raw);
    expect(english.text).toContain('Partly adopted');
    expect(english.text).toContain('Not adopted');
    expect(english.text).toContain('Still being considered');
    const bengali = parseMail(mails.find((m) => m.to[0] === emails[1])!.raw);
    expect(bengali.text).toContain('গৃহীত হয়নি');

    // REC10: once sent, the contacts are gone, and so are the addresses in the outbox.
    await eventually(async () => {
      const after = (await http.get<ResponsesView>(`${base}/responses`)).body;
      expect(after).toMatchObject({
        contactsWaiting: 0,
        status: 'feedback_given',
        outbox: { pending: 0, sent: 2, failed: 0 },
      });
    });
    const left = await t.app.db.query(
      `SELECT count(*)::int AS n FROM feedback_contacts c JOIN record_workshops rw
          ON rw.workshop_id = c.workshop_id WHERE rw.record_id = $1`,
      [record.id],
    );
    expect(Number(left[0]!.n)).toBe(0);
    const addresses = await t.app.db.query(
      `SELECT to_address FROM outbox WHERE dedupe_key LIKE $1`,
      [`feedback:${record.id}:%`],
    );
    expect(addresses.map((a) => a.to_address)).toEqual(['', '']);

    // Publishing again sends nothing more.
    const again = await http.post<PublishResult>(`${base}/feedback/publish`);
    expect(again.body.queued).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.received).toHaveLength(2);

    // REC9: the public page now shows what was done, including what could not be done and why;
    // what facilitators typed is returned as text, never as markup.
    const after = await anon.get<PublicFeedback>(`/api/public/feedback/${record.publicId}`);
    expect(after.headers.get('content-type')).toMatch(/^application\/json/);
    expect(after.body.record.status).toBe('feedback_given');
    expect(after.body.record.feedbackPublishedAt).toBe(published.body.feedbackPublishedAt);
    expect(after.body.responses).toHaveLength(4);
    expect(after.body.responses.find((r) => r.decision === 'not_adopted')).toMatchObject({
      itemLabel: 'Safe routes to school matter',
      explanation: 'The road belongs to Transport for London; we have passed it on.',
    });
    const parks = after.body.responses.find((r) => r.itemLabel === 'Parks')!;
    expect(parks.explanation).toBe(`${FORMULA}\n${MARKUP}`);
    expect(parks.decidedBy).toBe(`${FORMULA} board`);
    await exposesNothing();

    const qr = await anon.get<string>(`/api/public/feedback/${record.publicId}/qr.svg`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(qr.body).toMatch(/^<svg/);
    expect((await anon.get('/api/public/feedback/nosuchpage/qr.svg')).status).toBe(404);
  });

  it('[REC8] publishing with no response recorded is refused', async () => {
    const { record } = await runWorkshop(t, http, 'Nothing answered', [{}], cleanups);
    const res = await http.post(`/api/records/${record.id}/feedback/publish`);
    expect(res.status).toBe(409);
  });
});

// ------------------------------------------------------------------ mail not configured, retention

describe.each(backends)('the feedback outbox across restarts on %s', (backend) => {
  it('[REC11][REC10] without SMTP_URL messages wait; once it is set they go, and old contacts are deleted', async () => {
    const smtp = await smtpReceiver();
    const database = await createTestDatabase(backend, { persistent: true });
    const cleanups: (() => void)[] = [];
    try {
      const first = await startApp(backend, {}, { database });
      const http = await setUpFacilitator(first.url);
      const { record } = await runWorkshop(
        first,
        http,
        'Pop-up at the market',
        [{ email: 'waiting@residents.example' }],
        cleanups,
      );
      // A contact left at another workshop long ago, past the retention period.
      const old = await runWorkshop(
        first,
        http,
        'Old pop-up',
        [{ email: 'old@residents.example' }],
        cleanups,
      );
      await first.app.db.query(
        `UPDATE feedback_contacts SET left_on = CURRENT_DATE - 400 WHERE workshop_id = $1`,
        [old.record.workshops[0]!.id],
      );
      await answerEverything(http, record.id);
      const published = await http.post<PublishResult>(
        `/api/records/${record.id}/feedback/publish`,
      );
      expect(published.body).toMatchObject({ queued: 1, mailConfigured: false });
      await new Promise((r) => setTimeout(r, 500));
      const waiting = (await http.get<ResponsesView>(`/api/records/${record.id}/responses`)).body;
      expect(waiting).toMatchObject({
        mailConfigured: false,
        contactsWaiting: 0,
        outbox: { pending: 1, sent: 0 },
      });
      const kept = await first.app.db.query('SELECT email FROM feedback_contacts ORDER BY email');
      expect(kept.map((k) => k.email)).toEqual([
        'old@residents.example',
        'waiting@residents.example',
      ]);
      for (const c of cleanups.splice(0)) c();
      await first.close();

      const second = await startApp(
        backend,
        { SMTP_URL: smtp.url, MAIL_FROM, CONTACT_RETENTION_DAYS: '365' },
        { database },
      );
      try {
        await eventually(() => expect(smtp.received).toHaveLength(1), { timeoutMs: 15_000 });
        expect(smtp.received[0]!.to).toEqual(['waiting@residents.example']);
        // The one it was for once sent, the old one by the retention period.
        await eventually(async () => {
          const emails = await second.app.db.query('SELECT email FROM feedback_contacts');
          expect(emails).toEqual([]);
        });
      } finally {
        await second.close();
      }
    } finally {
      for (const c of cleanups) c();
      await database.drop();
      await smtp.close();
    }
  });
});

// ------------------------------------------------------------------ the sender itself

async function openTestDb(
  backend: Backend,
): Promise<{ db: Database; databaseUrl: string | undefined; close(): Promise<void> }> {
  const database = await createTestDatabase(backend);
  const config = loadConfig({ DATA_DIR: 'memory://', ...database.env });
  const db = await openDatabase(config);
  return {
    db,
    databaseUrl: config.databaseUrl,
    async close() {
      await db.close();
      await database.drop();
    },
  };
}

describe.each(backends)('the outbox sender on %s', (backend) => {
  const log = createLogger('silent');

  it('[REC11] a refused-for-now message is retried with a growing wait; a permanent refusal is not retried', async () => {
    const smtp = await smtpReceiver({
      refuse: (to, attempt) =>
        to.startsWith('later@') && attempt <= 2 ? 451 : to.startsWith('never@') ? 550 : undefined,
    });
    const { db, close } = await openTestDb(backend);
    const sender = new OutboxSender({
      db,
      log,
      mailer: createMailer({ smtpUrl: smtp.url, mailFrom: MAIL_FROM }),
      contactRetentionDays: 365,
      intervalMs: 50,
      firstBackoffSeconds: 0.3,
    });
    try {
      for (const to of ['later@x.example', 'never@x.example']) {
        await outboxStore.enqueue(db, { dedupeKey: `test:${to}`, to, subject: 'Hi', text: 'Body' });
      }
      const started = Date.now();
      sender.start();
      await eventually(
        async () => {
          const rows = await db.query(
            'SELECT dedupe_key, status, attempts FROM outbox ORDER BY dedupe_key',
          );
          expect(rows.map((r) => [r.dedupe_key, r.status, Number(r.attempts)])).toEqual([
            ['test:later@x.example', 'sent', 3],
            ['test:never@x.example', 'failed', 1],
          ]);
        },
        { timeoutMs: 15_000, intervalMs: 50 },
      );
      // Waits of 0.3 s and then 0.6 s before the third attempt.
      expect(Date.now() - started).toBeGreaterThanOrEqual(850);
      expect(smtp.received.map((m) => m.to)).toEqual([['later@x.example']]);
      const failed = await db.query(
        `SELECT last_error, to_address FROM outbox WHERE status = 'failed'`,
      );
      expect(failed).toEqual([{ last_error: 'SMTP 550', to_address: '' }]);
    } finally {
      await sender.stop();
      await close();
      await smtp.close();
    }
  });

  it('[REC11] two nodes sending the same outbox never send a message twice', async () => {
    const smtp = await smtpReceiver({ delayMs: 5 });
    const { db, databaseUrl, close } = await openTestDb(backend);
    // On PostgreSQL the second node has its own connection pool, as a second server would;
    // PGlite is one process's database, so there the two senders share it.
    const otherDb = databaseUrl ? await openDatabase({ databaseUrl, dataDir: 'memory://' }) : db;
    const make = (d: Database) =>
      new OutboxSender({
        db: d,
        log,
        mailer: createMailer({ smtpUrl: smtp.url, mailFrom: MAIL_FROM }),
        contactRetentionDays: 365,
        intervalMs: 10,
        batchSize: 3,
      });
    const nodes = [make(db), make(otherDb)];
    try {
      const n = 40;
      for (let i = 0; i < n; i++) {
        await outboxStore.enqueue(db, {
          dedupeKey: `race:${i}`,
          to: `person${i}@x.example`,
          subject: `Message ${i}`,
          text: 'Body',
        });
      }
      for (const node of nodes) node.start();
      await eventually(() => expect(smtp.received.length).toBeGreaterThanOrEqual(n), {
        timeoutMs: 20_000,
      });
      await new Promise((r) => setTimeout(r, 300));
      const recipients = smtp.received.map((m) => m.to[0]);
      expect(recipients).toHaveLength(n);
      expect(new Set(recipients).size).toBe(n);
    } finally {
      for (const node of nodes) await node.stop();
      if (otherDb !== db) await otherDb.close();
      await close();
      await smtp.close();
    }
  });
});
