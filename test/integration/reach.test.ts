import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKeys, questionKeys } from '../../shared/domain/equality.ts';
import type { EngagementRecord } from '../../shared/domain/records.ts';
import {
  ReachReportSchema,
  type ReachReport,
  type ReferenceProfile,
} from '../../shared/protocol/reach.ts';
import { disclosureProblems } from '../../server/features/reach/checkReport.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  createOpenWorkshop,
  join,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { mulberry32 } from '../../shared/domain/random.ts';

async function aboutYou(url: string, token: string | null, body: unknown) {
  const res = await fetch(`${url}/api/participant/about-you`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe.each(backends)('reach monitoring on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  const sockets: ScriptedClient[] = [];

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  async function workshop(title: string) {
    const w = await createOpenWorkshop(http, {
      title,
      agenda: [{ kind: 'idea_board', title: 'Ideas' }],
    });
    sockets.push(w.fac);
    return w;
  }

  async function person(code: string, groupKey: string, displayName = '') {
    const joined = await join(t.url, code, { groupKey, displayName });
    expect(joined.status).toBe(201);
    return joined.body;
  }

  it('[REC12] "about you" is optional, checked against the questions, counted once, and stored with no participant id', async () => {
    const { workshop: w, code } = await workshop('About you');
    const p = await person(code, 'resident', 'Shahana');

    expect((await aboutYou(t.url, null, { age: '25_34' })).status).toBe(401);
    expect((await aboutYou(t.url, 'x'.repeat(43), { age: '25_34' })).status).toBe(401);
    const bad = await aboutYou(t.url, p.token, { age: '999' });
    expect(bad.status).toBe(400);
    // Nothing but answers: no name, no id, no free text can ride along.
    expect(
      (await aboutYou(t.url, p.token, { age: '25_34', participantId: p.participantId })).status,
    ).toBe(400);
    // Skipping everything stores nothing and leaves the step open.
    expect((await aboutYou(t.url, p.token, {})).status).toBe(204);
    expect(
      await t.app.db.query('SELECT 1 FROM equality_answers WHERE workshop_id = $1', [w.id]),
    ).toHaveLength(0);

    const answers = {
      age: '25_34',
      ethnic_group: 'bangladeshi',
      religion: 'prefer_not',
      first_language: 'bengali',
    };
    expect((await aboutYou(t.url, p.token, answers)).status).toBe(204);
    const again = await aboutYou(t.url, p.token, { age: '65_plus' });
    expect(again.status).toBe(409);

    const columns = await t.app.db.query(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_name = 'equality_answers' ORDER BY column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'answers',
      'group_key',
      'id',
      'left_on',
      'workshop_id',
    ]);
    // Only the day: a time could be matched to a join time.
    expect(columns.find((c) => c.column_name === 'left_on')!.data_type).toBe('date');
    const rows = await t.app.db.query(
      'SELECT answers, group_key FROM equality_answers WHERE workshop_id = $1',
      [w.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.group_key).toBe('resident');
    const stored =
      typeof rows[0]!.answers === 'string' ? JSON.parse(rows[0]!.answers) : rows[0]!.answers;
    expect(stored).toEqual(answers);
    expect(JSON.stringify(stored)).not.toContain(p.participantId);
  });

  it('[REC12] no endpoint joins answers to a participant or what they wrote', async () => {
    const { workshop: w, code } = await workshop('Not joinable');
    const people = [];
    for (let i = 0; i < 7; i++) {
      const p = await person(code, 'resident', `Person ${i}`);
      people.push(p);
      expect(
        (await aboutYou(t.url, p.token, { sexual_orientation: i === 0 ? 'bisexual' : 'straight' }))
          .status,
      ).toBe(204);
    }
    const reach = await http.get<ReachReport>(`/api/workshops/${w.id}/reach`);
    expect(reach.status).toBe(200);
    const contributors = await http.get(`/api/workshops/${w.id}/contributors`);
    expect(contributors.status).toBe(200);
    const detail = await http.get(`/api/workshops/${w.id}`);
    const text = JSON.stringify(reach.body);
    for (const p of people) expect(text).not.toContain(p.participantId);
    expect(text).not.toMatch(/Person \d/);
    // Where people are listed, no answers are.
    for (const body of [contributors.body, detail.body]) {
      const s = JSON.stringify(body);
      expect(s).not.toMatch(/bisexual|straight|sexual_orientation|about_you|answers/);
    }
    // The one bisexual person is "fewer than 5", never 1.
    const orientation = ReachReportSchema.parse(reach.body).questions.find(
      (q) => q.question === 'sexual_orientation',
    )!;
    expect(orientation.rows.find((r) => r.answer === 'bisexual')!.count).toEqual({ kind: 'fewer' });
    expect(disclosureProblems(reach.body)).toEqual([]);
    // Facilitators only.
    const anon = new HttpClient(t.url);
    expect((await anon.get(`/api/workshops/${w.id}/reach`)).status).toBe(401);
  });

  it('[REC13] property: over random answer sets, no workshop or record report shows a count below 5 or one that can be worked out by subtraction', async () => {
    const rand = mulberry32(backend === 'pglite' ? 11 : 12);
    const a = await workshop('Pop-up at the market');
    const b = await workshop('Pop-up at the library');
    const groupKeys = ['resident', 'resident', 'resident', 'officer', 'partner'];
    for (const [w, n] of [
      [a, 26],
      [b, 3],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const p = await person(w.code, groupKeys[Math.floor(rand() * groupKeys.length)]!);
        const answers: Record<string, string> = {};
        for (const q of questionKeys) {
          if (rand() < 0.15) continue;
          const keys = answerKeys(q);
          answers[q] = keys[Math.floor(rand() ** 2 * keys.length)]!;
        }
        expect((await aboutYou(t.url, p.token, answers)).status).toBe(204);
      }
    }
    const record = await http.post<EngagementRecord>('/api/records', {
      title: 'Market and library pop-ups',
      service: 'Libraries',
      level: 'consult',
      workshopIds: [a.workshop.id, b.workshop.id],
    });
    expect(record.status).toBe(201);

    const own = await Promise.all(
      [a, b].map(async (w) => {
        const res = await http.get<ReachReport>(`/api/workshops/${w.workshop.id}/reach`);
        expect(res.status).toBe(200);
        return ReachReportSchema.parse(res.body);
      }),
    );
    for (const r of own) expect(disclosureProblems(r)).toEqual([]);
    expect(own.map((r) => r.respondents)).toEqual([
      { kind: 'count', value: 26 },
      { kind: 'fewer' },
    ]);

    const res = await http.get<ReachReport>(`/api/records/${record.body.id}/reach`);
    expect(res.status).toBe(200);
    const rec = ReachReportSchema.parse(res.body);
    expect(rec.scope).toMatchObject({ kind: 'record', title: 'Market and library pop-ups' });
    expect(rec.workshops.map((w) => w.respondents)).toEqual(own.map((r) => r.respondents));
    // 26 and "fewer than 5" must not add up to a shown 29: that would say the library had 3.
    expect(rec.respondents).toEqual({ kind: 'hidden' });
    expect(disclosureProblems(rec, own)).toEqual([]);
    expect(rec.joined).toBe(29);
    expect((await new HttpClient(t.url).get(`/api/records/${record.body.id}/reach`)).status).toBe(
      401,
    );
  });

  it('[REC13] the borough profile is seeded from Census 2021 for Tower Hamlets, editable, checked, and names under-represented groups', async () => {
    const seeded = await http.get<ReferenceProfile>('/api/reference-profile');
    expect(seeded.status).toBe(200);
    const share = (q: string, a: string) =>
      seeded.body.rows.find((r) => r.question === q && r.answer === a)?.share;
    expect(share('ethnic_group', 'bangladeshi')).toBeCloseTo(0.346);
    expect(share('religion', 'muslim')).toBeCloseTo(0.4);
    expect(share('age', '65_plus')).toBeCloseTo(0.058);

    const bad = await http.put<{ error: { fields: Record<string, string> } }>(
      '/api/reference-profile',
      {
        rows: [
          { question: 'age', answer: '25_34', share: 1.5 },
          { question: 'nope', answer: 'x', share: 0.1 },
        ],
      },
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['rows.0.share', 'rows.1.question']);
    const notAnAnswer = await http.put<{ error: { fields: Record<string, string> } }>(
      '/api/reference-profile',
      { rows: [{ question: 'age', answer: 'prefer_not', share: 0.1 }] },
    );
    expect(notAnAnswer.status).toBe(400);
    expect(Object.keys(notAnAnswer.body.error.fields)).toEqual(['rows.0.answer']);
    const tooMuch = await http.put('/api/reference-profile', {
      rows: [
        { question: 'carer', answer: 'yes', share: 0.7 },
        { question: 'carer', answer: 'no', share: 0.7 },
      ],
    });
    expect(tooMuch.status).toBe(400);
    expect((await new HttpClient(t.url).get('/api/reference-profile')).status).toBe(401);

    // First language English is 72% of the borough; here 5 of 20 residents.
    const { workshop: w, code } = await workshop('Language reach');
    for (let i = 0; i < 20; i++) {
      const p = await person(code, 'resident');
      const first_language = i < 5 ? 'english' : 'bengali';
      expect((await aboutYou(t.url, p.token, { first_language })).status).toBe(204);
    }
    const before = ReachReportSchema.parse((await http.get(`/api/workshops/${w.id}/reach`)).body);
    expect(before.underRepresented.map((u) => u.text)).toContain(
      'Residents whose first language is English: 25% here vs 72% of the borough',
    );

    const edited = seeded.body.rows.map((r) =>
      r.question === 'first_language' && r.answer === 'english'
        ? { ...r, share: 0.3, source: 'Edited for the test' }
        : r,
    );
    const put = await http.put<ReferenceProfile>('/api/reference-profile', { rows: edited });
    expect(put.status).toBe(200);
    expect(
      put.body.rows.find((r) => r.answer === 'english' && r.question === 'first_language'),
    ).toMatchObject({
      share: 0.3,
      source: 'Edited for the test',
    });
    const after = ReachReportSchema.parse((await http.get(`/api/workshops/${w.id}/reach`)).body);
    expect(after.underRepresented.map((u) => u.text)).not.toContain(
      'Residents whose first language is English: 25% here vs 72% of the borough',
    );
    const english = after.questions
      .find((q) => q.question === 'first_language')!
      .rows.find((r) => r.answer === 'english')!;
    expect(english).toMatchObject({ here: { kind: 'percent', value: 25 }, borough: 30 });
    // Put the census back for the other tests.
    expect((await http.put('/api/reference-profile', { rows: seeded.body.rows })).status).toBe(200);
  });
});
