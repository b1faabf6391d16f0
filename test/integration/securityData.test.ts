import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TABLECLOTH_TEXT, tableclothDocName } from '../../shared/domain/cafe.ts';
import type {
  EngagementRecord,
  Outcome,
  OutcomeActivity,
  SnapshotSummary,
} from '../../shared/domain/records.ts';
import { ERASED_OPTION_LABEL } from '../../shared/domain/voting.ts';
import type { ResponsesView } from '../../shared/protocol/feedback.ts';
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
import { openYjsPeer } from '../helpers/yjs.ts';

type Snap = SnapshotSummary & { outcome: Outcome };
type Board = Extract<OutcomeActivity, { kind: 'idea_board' }>;
type Vote = Extract<OutcomeActivity, { kind: 'dot_vote' | 'congress_vote' }>;

const today = () => new Date().toISOString().slice(0, 10);

/** Everything a stranger or a shared export can read about a record, as text (SEC6). */
async function everythingPublic(t: TestApp, http: HttpClient, record: EngagementRecord) {
  const texts: Record<string, string> = {};
  const anon = new HttpClient(t.url);
  const grab = async (name: string, client: HttpClient, url: string) => {
    const res = await fetch(t.url + url, {
      headers: client.cookie ? { cookie: client.cookie } : {},
    });
    expect(res.status, url).toBe(200);
    if (url.endsWith('.zip')) {
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      for (const [file, bytes] of Object.entries(files))
        texts[`${name}/${file}`] = strFromU8(bytes);
    } else {
      texts[name] = await res.text();
    }
  };
  await grab('feedback page', anon, `/api/public/feedback/${record.publicId}`);
  await grab('calendar', anon, '/api/calendar');
  await grab('calendar feed', anon, '/api/public/calendar.ics');
  await grab('export.csv', http, `/api/records/${record.id}/export.csv`);
  await grab('export.json', http, `/api/records/${record.id}/export.json`);
  await grab('open data', http, `/api/records/${record.id}/open-data.zip`);
  for (const w of record.workshops) {
    await grab(
      `public snapshot ${w.id}`,
      http,
      `/api/records/${record.id}/workshops/${w.id}/snapshots/latest`,
    );
  }
  await grab('outcome items', http, `/api/records/${record.id}/responses`);
  return texts;
}

function expectNowhere(texts: Record<string, string>, words: string) {
  for (const [where, text] of Object.entries(texts)) expect(text, where).not.toContain(words);
}

describe.each(backends)('security of stored data on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) c();
    await t.close();
  });

  async function phone(code: string, groupKey = 'resident') {
    const joined = (await join(t.url, code, { groupKey })).body;
    const socket = await connect(t.url, { role: 'participant', token: joined.token });
    cleanups.push(() => socket.close());
    return { socket, token: joined.token, id: joined.participantId };
  }

  async function newRecord(title: string, workshopIds: string[] = []) {
    const res = await http.post<EngagementRecord>('/api/records', {
      title,
      service: 'Youth service',
      level: 'consult',
      startsOn: '2026-12-01',
      summary: 'Planned with young people.',
      workshopIds,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  const snapshotPath = (r: EngagementRecord, workshopId: string) =>
    `/api/records/${r.id}/workshops/${workshopId}/snapshots`;

  it('[SEC6] a snapshot saved before the reveal keeps private notes and hidden counts for the audit only, on no public route', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Private first',
      agenda: [
        { kind: 'idea_board', title: 'Private ideas', settings: { mode: 'private' } },
        { kind: 'dot_vote', title: 'Hidden tally', settings: { options: ['Parks', 'Clubs'] } },
      ],
    });
    cleanups.push(() => fac.close());
    const [board, dot] = workshop.agenda.map((a) => ({ id: a.id })) as [
      { id: string },
      { id: string },
    ];
    const [a, b] = [await phone(code), await phone(code, 'officer')];
    ok(await fac.command('activity:goto', { activityId: board.id }));
    const secret = 'Quietest xylophone garden behind the depot';
    ok(
      await a.socket.command('note:add', { id: randomUUID(), activityId: board.id, text: secret }),
    );

    ok(await fac.command('activity:goto', { activityId: dot.id }));
    const vote = ok(await fac.command('vote:get', { activityId: dot.id }));
    const parks = vote.options.find((o) => o.label === 'Parks')!.id;
    ok(await fac.command('vote:open', { activityId: dot.id, closesAt: null }));
    for (const p of [a, b]) {
      ok(
        await p.socket.command('dot:place', {
          opId: randomUUID(),
          activityId: dot.id,
          optionId: parks,
        }),
      );
    }
    // What the phones are shown: no count yet.
    expect(ok(await b.socket.command('vote:get', { activityId: dot.id })).results).toBeNull();

    const record = await newRecord('Private first record', [workshop.id]);
    const saved = await http.post<SnapshotSummary>(snapshotPath(record, workshop.id));
    expect(saved.status).toBe(201);

    // The facilitators' audit view keeps everything, marked.
    const audit = (await http.get<Snap>(`${snapshotPath(record, workshop.id)}/1?view=audit`)).body
      .outcome;
    const auditBoard = audit.activities.find((x) => x.kind === 'idea_board') as Board;
    const auditVote = audit.activities.find((x) => x.kind === 'dot_vote') as Vote;
    expect(auditBoard.unrevealed).toBe(true);
    expect(auditBoard.notes.map((n) => n.text)).toEqual([secret]);
    expect(auditVote.unrevealed).toBe(true);
    expect(auditVote.rows.find((r) => r.optionId === parks)?.score).toBe(2);

    // The public view, and everything built from it, leaves them out.
    const pub = (await http.get<Snap>(`${snapshotPath(record, workshop.id)}/1`)).body.outcome;
    const pubBoard = pub.activities.find((x) => x.kind === 'idea_board') as Board;
    const pubVote = pub.activities.find((x) => x.kind === 'dot_vote') as Vote;
    expect(pubBoard).toMatchObject({ unrevealed: true, notes: [] });
    expect(pubVote).toMatchObject({ unrevealed: true, rows: [], voters: 2 });
    const texts = await everythingPublic(
      t,
      http,
      (await http.get<EngagementRecord>(`/api/records/${record.id}`)).body,
    );
    expectNowhere(texts, 'xylophone');
    const feedbackPage = JSON.parse(texts['feedback page']!) as {
      workshops: { activities: { kind: string; results?: unknown[] }[] }[];
    };
    const pageVote = feedbackPage.workshops[0]!.activities.find((x) => x.kind === 'dot_vote');
    expect(pageVote?.results ?? []).toEqual([]);
    expect(texts['export.csv']).not.toMatch(/"vote_option"/);
    expect(texts['open data/vote_results.csv']!.trim().split('\r\n')).toHaveLength(1);
    const items = JSON.parse(texts['outcome items']!) as ResponsesView;
    expect(items.items.filter((i) => i.itemKind === 'option')).toEqual([]);
    const search = await http.get<{ records: unknown[] }>('/api/records?q=xylophone');
    expect(search.body.records).toEqual([]);

    // Once revealed, a new version shows them to the public as participants now see them.
    ok(await fac.command('board:reveal', { activityId: board.id }));
    ok(await fac.command('vote:reveal', { activityId: dot.id }));
    expect((await http.post(snapshotPath(record, workshop.id))).status).toBe(201);
    const after = (await http.get<Snap>(`${snapshotPath(record, workshop.id)}/2`)).body.outcome;
    expect((after.activities[0] as Board).notes.map((n) => n.text)).toEqual([secret]);
    expect((after.activities[1] as Vote).rows.find((r) => r.optionId === parks)?.score).toBe(2);
    const page = await new HttpClient(t.url).get(`/api/public/feedback/${record.publicId}`);
    expect(JSON.stringify(page.body)).toContain('xylophone');
  });

  it('[SEC8] a points ballot whose option map names object internals is refused whole, on the wire', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Points',
      agenda: [
        {
          kind: 'congress_vote',
          title: 'Share 100 points',
          settings: { method: 'points', options: ['Homes', 'Jobs'] },
        },
      ],
    });
    cleanups.push(() => fac.close());
    const activityId = workshop.agenda[0]!.id;
    ok(await fac.command('activity:goto', { activityId }));
    const options = ok(await fac.command('vote:get', { activityId })).options;
    ok(await fac.command('vote:open', { activityId, closesAt: null }));
    const p = await phone(code);
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      // Built from JSON so that "__proto__" is an own key, as a hostile client sends it.
      const points = JSON.parse(`{"${key}": 40, "${options[0]!.id}": 60}`) as Record<
        string,
        number
      >;
      const ack = await p.socket.raw('ballot:cast', {
        opId: randomUUID(),
        activityId,
        ballot: { kind: 'points', points },
      });
      expect(ack, key).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(ok(await p.socket.command('vote:get', { activityId })).myBallot).toBeNull();
    // An honest ballot still counts.
    ok(
      await p.socket.command('ballot:cast', {
        opId: randomUUID(),
        activityId,
        ballot: { kind: 'points', points: { [options[0]!.id]: 60, [options[1]!.id]: 40 } },
      }),
    );
    // A group may not be named after object internals either: counts are keyed by group.
    const refused = await http.post('/api/workshops', {
      title: 'Groups',
      groups: [{ key: 'constructor', label: 'Builders' }],
    });
    expect(refused.status).toBe(400);
  });

  it('[SEC9] a workshop in one record moves to another only when asked, and both audit logs say so', async () => {
    const created = await http.post<{ id: string }>('/api/workshops', { title: 'Movable' });
    const w = created.body.id;
    const first = await newRecord('First home', [w]);
    const second = await newRecord('Second home');
    const auditOf = async (r: EngagementRecord) =>
      (
        await http.get<{ action: string; detail: Record<string, unknown> }[]>(
          `/api/records/${r.id}/audit`,
        )
      ).body;
    const before = await auditOf(first);

    const silent = await http.put(`/api/records/${second.id}/workshops/${w}`, {});
    expect(silent.status).toBe(409);
    const again = await http.post('/api/records', {
      title: 'Third',
      service: 'Youth service',
      level: 'consult',
      workshopIds: [w],
    });
    expect(again.status).toBe(409);
    expect(
      (await http.get<EngagementRecord>(`/api/records/${first.id}`)).body.workshops.map(
        (x) => x.id,
      ),
    ).toEqual([w]);
    expect(await auditOf(first)).toEqual(before);

    const moved = await http.put<EngagementRecord>(`/api/records/${second.id}/workshops/${w}`, {
      move: true,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.workshops.map((x) => x.id)).toEqual([w]);
    expect((await http.get<EngagementRecord>(`/api/records/${first.id}`)).body.workshops).toEqual(
      [],
    );
    expect((await auditOf(first))[0]).toMatchObject({
      action: 'workshop moved out',
      detail: { toRecordId: second.id },
    });
    expect((await auditOf(second))[0]).toMatchObject({
      action: 'workshop moved in',
      detail: { fromRecordId: first.id },
    });
  });

  it('[SEC11] an erased person’s note stays an option with its counts but not their words, everywhere', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Options from notes',
      agenda: [
        { kind: 'idea_board', title: 'Ideas' },
        { kind: 'dot_vote', title: 'Choose', settings: { hideTallyUntilReveal: false } },
      ],
    });
    cleanups.push(() => fac.close());
    const [board, dot] = workshop.agenda.map((a) => ({ id: a.id })) as [
      { id: string },
      { id: string },
    ];
    const [author, voter] = [await phone(code), await phone(code)];
    const contact = await fetch(`${t.url}/api/participant/feedback-contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${voter.token}` },
      body: JSON.stringify({ email: 'voter@residents.example', consent: true }),
    });
    expect(contact.status).toBe(204);
    ok(await fac.command('activity:goto', { activityId: board.id }));
    const noteId = randomUUID();
    const words = 'Plant plane trees along Mile End Road';
    ok(await author.socket.command('note:add', { id: noteId, activityId: board.id, text: words }));
    ok(
      await fac.command('vote:setOptions', {
        activityId: dot.id,
        options: [
          { label: words, source: 'note', sourceId: noteId },
          { label: 'More benches', source: 'typed', sourceId: null },
        ],
      }),
    );
    ok(await fac.command('activity:goto', { activityId: dot.id }));
    const options = ok(await fac.command('vote:get', { activityId: dot.id })).options;
    const fromNote = options.find((o) => o.label === words)!.id;
    ok(await fac.command('vote:open', { activityId: dot.id, closesAt: null }));
    ok(
      await voter.socket.command('dot:place', {
        opId: randomUUID(),
        activityId: dot.id,
        optionId: fromNote,
      }),
    );
    ok(await fac.command('vote:close', { activityId: dot.id }));
    const record = await newRecord('Trees record', [workshop.id]);
    expect((await http.post(snapshotPath(record, workshop.id))).status).toBe(201);
    const answered = await http.put(`/api/records/${record.id}/responses/${fromNote}`, {
      itemKind: 'option',
      itemLabel: words,
      decision: 'adopted',
      explanation: '',
      decidedOn: today(),
      decidedBy: 'Parks team',
    });
    expect(answered.status).toBe(200);
    const published = await http.post<{ queued: number }>(
      `/api/records/${record.id}/feedback/publish`,
    );
    expect(published.body.queued).toBe(1);

    const erased = await http.request(
      'DELETE',
      `/api/workshops/${workshop.id}/participants/${author.id}/contributions`,
    );
    expect(erased.status).toBe(200);

    const live = ok(await fac.command('vote:get', { activityId: dot.id }));
    expect(live.options.find((o) => o.id === fromNote)?.label).toBe(ERASED_OPTION_LABEL);
    expect(live.results?.rows.find((r) => r.optionId === fromNote)).toMatchObject({
      label: ERASED_OPTION_LABEL,
      score: 1,
    });
    const audit = (await http.get<Snap>(`${snapshotPath(record, workshop.id)}/1?view=audit`)).body;
    const row = (audit.outcome.activities[1] as Vote).rows.find((r) => r.optionId === fromNote);
    expect(row).toMatchObject({ label: ERASED_OPTION_LABEL, score: 1 });
    expect(JSON.stringify(audit)).not.toContain('plane trees');
    const texts = await everythingPublic(
      t,
      http,
      (await http.get<EngagementRecord>(`/api/records/${record.id}`)).body,
    );
    expectNowhere(texts, 'plane trees');
    expect(texts['feedback page']).toContain(ERASED_OPTION_LABEL);
    const messages = await t.app.db.query(
      "SELECT body_text FROM outbox WHERE dedupe_key LIKE 'feedback:' || $1 || ':%'",
      [record.id],
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body_text).not.toContain('plane trees');
    expect(messages[0]!.body_text).toContain(ERASED_OPTION_LABEL);
  });

  it('[SEC12] a tablecloth holding U+0000 is snapshotted, its outcome saved by hand and at the close', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Café with a NUL',
      agenda: [
        {
          kind: 'world_cafe',
          title: 'Café',
          settings: { tables: 1, rounds: 1, changeoverMinutes: 0 },
        },
      ],
    });
    cleanups.push(() => fac.close());
    const cafe = workshop.agenda[0]!.id;
    const seated = await phone(code);
    ok(await fac.command('activity:goto', { activityId: cafe }));
    const started = ok(await fac.command('cafe:start', { activityId: cafe }));
    const tableId = started.state.tables[0]!.id;
    const peer = await openYjsPeer(t.url, tableclothDocName(tableId, 1), { token: seated.token });
    cleanups.push(() => peer.close());
    peer.doc.getText(TABLECLOTH_TEXT).insert(0, 'before\u0000after \udcc0 end');
    await eventually(
      async () => {
        const cloth = ok(await fac.command('cafe:tablecloths', { activityId: cafe, tableId }));
        expect(cloth.tablecloths[0]?.text).toContain('end');
      },
      { intervalMs: 100 },
    );
    const record = await newRecord('Café record', [workshop.id]);
    const byHand = await http.post<SnapshotSummary>(snapshotPath(record, workshop.id));
    expect(byHand.status, JSON.stringify(byHand.body)).toBe(201);
    // The round ends: its snapshot is kept.
    ok(await fac.command('cafe:advance', { activityId: cafe }));
    await eventually(
      async () => {
        const snaps = ok(
          await fac.command('cafe:snapshots', { activityId: cafe, tableId, round: 1 }),
        );
        expect(snaps.snapshots.map((s) => s.reason)).toContain('round_end');
      },
      { intervalMs: 100 },
    );
    expect((await fac.command('workshop:close', {})).ok).toBe(true);
    const list = await http.get<{ snapshots: SnapshotSummary[] }>(
      snapshotPath(record, workshop.id),
    );
    expect(list.body.snapshots.map((s) => s.reason).sort()).toEqual(['closed', 'manual']);
    const closed = (await http.get<Snap>(`${snapshotPath(record, workshop.id)}/latest?view=audit`))
      .body;
    const cafeOutcome = closed.outcome.activities[0];
    if (cafeOutcome?.kind !== 'world_cafe') throw new Error('café');
    expect(cafeOutcome.rounds[0]?.tablecloths[0]?.text).toBe('before\uFFFDafter \uFFFD end');
  });

  it('[SEC12] an outcome that cannot be saved at the close is the close’s answer, and can be saved by hand after', async () => {
    const { workshop, fac } = await createOpenWorkshop(http, {
      title: 'Closing with a broken store',
      agenda: [{ kind: 'idea_board', title: 'Ideas' }],
    });
    cleanups.push(() => fac.close());
    await t.app.db.query('ALTER TABLE record_snapshots RENAME TO record_snapshots_away');
    let closed;
    try {
      closed = await fac.command('workshop:close', {});
    } finally {
      await t.app.db.query('ALTER TABLE record_snapshots_away RENAME TO record_snapshots');
    }
    expect(closed).toMatchObject({ ok: false, error: { code: 'OUTCOME_NOT_SAVED' } });
    // The close itself happened, and the record it was to be saved in is there to save it by hand.
    const list = await http.get<{ records: EngagementRecord[] }>('/api/records');
    const record = list.body.records.find((r) => r.workshops.some((w) => w.id === workshop.id))!;
    expect(record.workshops[0]).toMatchObject({ status: 'closed', latestVersion: null });
    expect((await http.post(snapshotPath(record, workshop.id))).status).toBe(201);
  });

  it('[SEC13] text with half a surrogate pair or a NUL is a 400 naming the field on every text input, never INTERNAL', async () => {
    const bad = 'caf\u00e9\udcc0';
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Text fields',
      agenda: [
        { kind: 'idea_board', title: 'Ideas' },
        { kind: 'congress_vote', title: 'Calls', settings: { method: 'single' } },
        { kind: 'world_cafe', title: 'Café', settings: { tables: 1, rounds: 1 } },
      ],
    });
    cleanups.push(() => fac.close());
    const [board, congress, cafe] = workshop.agenda.map((a) => ({ id: a.id })) as [
      { id: string },
      { id: string },
      { id: string },
    ];
    for (const text of [bad, 'nul\u0000here']) {
      const joined = await join(t.url, code, { groupKey: 'resident', displayName: text });
      expect(joined.status).toBe(400);
      expect(joined.body).toMatchObject({ error: { fields: { displayName: expect.any(String) } } });
      const made = await http.post('/api/workshops', { title: text });
      expect(made.status).toBe(400);
      const rec = await http.post('/api/records', {
        title: 'Fine',
        service: text,
        level: 'consult',
      });
      expect(rec.status).toBe(400);
      expect(rec.body).toMatchObject({ error: { fields: { service: expect.any(String) } } });
    }
    const p = await phone(code);
    ok(await fac.command('activity:goto', { activityId: board.id }));
    const note = await p.socket.command('note:add', {
      id: randomUUID(),
      activityId: board.id,
      text: bad,
    });
    expect(note).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const options = ok(await fac.command('vote:get', { activityId: congress.id })).options;
    const commitment = await fac.command('commitment:add', {
      id: randomUUID(),
      activityId: congress.id,
      optionId: options[0]!.id,
      text: bad,
      who: 'Youth service',
      byWhen: 'March',
    });
    expect(commitment).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const insight = await fac.command('cafe:insight:add', {
      id: randomUUID(),
      activityId: cafe.id,
      text: bad,
      sourceTableIds: [],
    });
    expect(insight).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const contact = await fetch(`${t.url}/api/participant/feedback-contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
      body: JSON.stringify({ email: `${bad}@x.example`, consent: true }),
    });
    expect(contact.status).toBe(400);

    // Well-formed text in any script, emoji included, is stored the same on both back-ends.
    const good = 'café রহিম 🙂';
    const joined = await join(t.url, code, { groupKey: 'resident', displayName: good });
    expect(joined.status).toBe(201);
    const rows = await t.app.db.query('SELECT display_name FROM participants WHERE id = $1', [
      joined.body.participantId,
    ]);
    expect(rows[0]?.display_name).toBe(good);
  });

  it('[SEC14] replaces removes only an address the same phone gave; phones and networks are limited', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http, { title: 'Addresses' });
    cleanups.push(() => fac.close());
    const leave = (token: string, body: Record<string, unknown>) =>
      fetch(`${t.url}/api/participant/feedback-contact`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ consent: true, ...body }),
      });
    const emails = async () =>
      (
        await t.app.db.query(
          'SELECT email FROM feedback_contacts WHERE workshop_id = $1 ORDER BY email',
          [workshop.id],
        )
      ).map((r) => r.email);
    const [ayesha, mallory] = [await phone(code), await phone(code)];
    expect((await leave(ayesha.token, { email: 'ayesha@residents.example' })).status).toBe(204);
    const attack = await leave(mallory.token, {
      email: 'mallory@x.example',
      replaces: 'ayesha@residents.example',
    });
    expect(attack.status).toBe(204);
    expect(await emails()).toEqual(['ayesha@residents.example', 'mallory@x.example']);
    // Her own typo she can still put right.
    expect(
      (
        await leave(ayesha.token, {
          email: 'ayesha.b@residents.example',
          replaces: 'ayesha@residents.example',
        })
      ).status,
    ).toBe(204);
    expect(await emails()).toEqual(['ayesha.b@residents.example', 'mallory@x.example']);

    // One phone: five addresses an hour.
    for (let i = 0; i < 4; i++) {
      expect((await leave(mallory.token, { email: 'mallory@x.example' })).status).toBe(204);
    }
    const sixth = await leave(mallory.token, { email: 'mallory@x.example' });
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('[SEC14] a script joining again for each stranger is held by the per-network limit', async () => {
    const small = await startApp(backend, { CONTACTS_PER_ADDRESS: '3' });
    try {
      const h = await setUpFacilitator(small.url);
      const { code, fac } = await createOpenWorkshop(h, { title: 'Strangers' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          const token = (await join(small.url, code)).body.token;
          const res = await fetch(`${small.url}/api/participant/feedback-contact`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ email: `stranger${i}@x.example`, consent: true }),
          });
          statuses.push(res.status);
        }
        expect(statuses).toEqual([204, 204, 204, 429, 429]);
        const stored = await small.app.db.query('SELECT count(*)::int AS n FROM feedback_contacts');
        expect(Number(stored[0]?.n)).toBe(3);
      } finally {
        fac.close();
      }
    } finally {
      await small.close();
    }
  });
});

// ------------------------------------------------------------------ the database files (SEC16)

/** Every file of the database's own tables (base/<oid>), not the write-ahead log. */
async function databaseFiles(
  backend: Backend,
  dataDir: string | undefined,
  url: string | undefined,
) {
  let dir: string;
  if (backend === 'pglite') {
    const base = path.join(dataDir!, 'pg', 'base');
    const subdirs = await readdir(base);
    const out: string[] = [];
    for (const d of subdirs) {
      for (const f of await readdir(path.join(base, d))) out.push(path.join(base, d, f));
    }
    return out;
  }
  const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await admin.connect();
  try {
    await admin.query('CHECKPOINT');
    const name = new URL(url!).pathname.slice(1);
    const row = await admin.query<{ dir: string; oid: number }>(
      `SELECT current_setting('data_directory') AS dir, oid FROM pg_database WHERE datname = $1`,
      [name],
    );
    dir = path.join(row.rows[0]!.dir, 'base', String(row.rows[0]!.oid));
  } finally {
    await admin.end();
  }
  return (await readdir(dir)).map((f) => path.join(dir, f));
}

describe.each(backends)('erased words and the database files on %s', (backend) => {
  it('[SEC16] after an erasure the erased note’s words are in none of the tables’ files', async () => {
    const database = await createTestDatabase(backend, { persistent: true });
    let t: TestApp | undefined = await startApp(backend, {}, { database });
    const words = 'Unmistakable quokka sentence 7f3a';
    try {
      const http = await setUpFacilitator(t.url);
      const { workshop, code, fac } = await createOpenWorkshop(http, {
        title: 'Files',
        agenda: [{ kind: 'idea_board', title: 'Ideas' }],
      });
      const joined = (await join(t.url, code)).body;
      const phoneSocket: ScriptedClient = await connect(t.url, {
        role: 'participant',
        token: joined.token,
      });
      const board = workshop.agenda[0]!.id;
      ok(await fac.command('activity:goto', { activityId: board }));
      ok(
        await phoneSocket.command('note:add', { id: randomUUID(), activityId: board, text: words }),
      );
      const record = await http.post<EngagementRecord>('/api/records', {
        title: 'Files record',
        service: 'Youth service',
        level: 'consult',
        workshopIds: [workshop.id],
      });
      expect(
        (await http.post(`/api/records/${record.body.id}/workshops/${workshop.id}/snapshots`))
          .status,
      ).toBe(201);
      const erased = await http.request(
        'DELETE',
        `/api/workshops/${workshop.id}/participants/${joined.participantId}/contributions`,
      );
      expect(erased.status).toBe(200);
      phoneSocket.close();
      fac.close();
      await t.app.close();
      t = undefined;
      const needle = Buffer.from('quokka');
      const found: string[] = [];
      for (const file of await databaseFiles(
        backend,
        database.env.DATA_DIR,
        database.env.DATABASE_URL,
      )) {
        const bytes = await readFile(file).catch(() => Buffer.alloc(0));
        if (bytes.includes(needle)) found.push(file);
      }
      expect(found).toEqual([]);
    } finally {
      if (t) await t.app.close();
      await database.drop();
    }
  });
});
