import type { AuditEntry } from '../../shared/protocol/reach.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLECLOTH_TEXT, tableclothDocName } from '../../shared/domain/cafe.ts';
import {
  OutcomeSchema,
  type EngagementRecord,
  type Outcome,
  type SnapshotSummary,
} from '../../shared/domain/records.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
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

describe.each(backends)('engagement records on %s', (backend) => {
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

  /** A short workshop with every kind of activity, run and closed. */
  async function runWorkshop(title: string) {
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title,
      purpose: 'Decide what the youth strategy funds first.',
      startsAt: '2026-12-01T18:30',
      agenda: [
        { kind: 'idea_board', title: 'Ideas', prompt: 'What should young people have?' },
        {
          kind: 'dot_vote',
          title: 'Priorities',
          settings: { options: ['Parks', 'Clubs', 'Buses'] },
        },
        {
          kind: 'world_cafe',
          title: 'Café',
          settings: { tables: 1, rounds: 1, changeoverMinutes: 0 },
        },
        { kind: 'congress_vote', title: 'Calls', settings: { method: 'single' } },
      ],
    });
    cleanups.push(() => fac.close());
    const [board, dot, cafe, congress] = workshop.agenda.map((a) => ({ id: a.id })) as [
      { id: string },
      { id: string },
      { id: string },
      { id: string },
    ];
    const phones: { socket: ScriptedClient; token: string }[] = [];
    for (const [i, groupKey] of ['resident', 'resident', 'officer'].entries()) {
      const joined = await join(t.url, code, { groupKey, displayName: `Person ${i}` });
      const socket = await connect(t.url, { role: 'participant', token: joined.body.token });
      cleanups.push(() => socket.close());
      phones.push({ socket, token: joined.body.token });
    }
    const [a, b, c] = phones as [(typeof phones)[0], (typeof phones)[0], (typeof phones)[0]];

    ok(await fac.command('activity:goto', { activityId: board.id }));
    const kept = randomUUID();
    const hidden = randomUUID();
    ok(
      await a.socket.command('note:add', {
        id: kept,
        activityId: board.id,
        text: 'A skate park by the river',
      }),
    );
    ok(
      await b.socket.command('note:add', {
        id: hidden,
        activityId: board.id,
        text: 'Something rude',
      }),
    );
    ok(
      await fac.command('note:add', {
        id: randomUUID(),
        activityId: board.id,
        text: 'Longer library hours (from a paper card)',
        assistedGroupKey: 'resident',
      }),
    );
    const theme = ok(await fac.command('theme:create', { activityId: board.id, name: 'Places' }));
    ok(await fac.command('note:place', { id: kept, themeId: theme.id }));
    ok(await fac.command('note:hide', { id: hidden, reason: 'offensive' }));

    ok(await fac.command('activity:goto', { activityId: dot.id }));
    const vote = ok(await fac.command('vote:get', { activityId: dot.id }));
    const parks = vote.options.find((o) => o.label === 'Parks')!.id;
    ok(await fac.command('vote:open', { activityId: dot.id, closesAt: null }));
    for (const p of [a, c]) {
      ok(
        await p.socket.command('dot:place', {
          opId: randomUUID(),
          activityId: dot.id,
          optionId: parks,
        }),
      );
    }
    ok(await fac.command('vote:close', { activityId: dot.id }));

    ok(await fac.command('activity:goto', { activityId: cafe.id }));
    const started = ok(await fac.command('cafe:start', { activityId: cafe.id }));
    const tableId = started.state.tables[0]!.id;
    const peer = await openYjsPeer(t.url, tableclothDocName(tableId, 1), { token: a.token });
    cleanups.push(() => peer.close());
    peer.doc.getText(TABLECLOTH_TEXT).insert(0, 'We want safer routes to school');
    await eventually(
      async () => {
        const cloth = ok(await fac.command('cafe:tablecloths', { activityId: cafe.id, tableId }));
        expect(cloth.tablecloths[0]?.text).toBe('We want safer routes to school');
      },
      { intervalMs: 100 },
    );
    ok(await fac.command('cafe:advance', { activityId: cafe.id }));
    ok(
      await fac.command('cafe:insight:add', {
        id: randomUUID(),
        activityId: cafe.id,
        text: 'Safe routes matter',
        sourceTableIds: [tableId],
      }),
    );

    ok(await fac.command('activity:goto', { activityId: congress.id }));
    const cv = ok(await fac.command('vote:get', { activityId: congress.id }));
    ok(await fac.command('vote:open', { activityId: congress.id, closesAt: null }));
    ok(
      await b.socket.command('ballot:cast', {
        opId: randomUUID(),
        activityId: congress.id,
        ballot: { kind: 'single', choice: cv.options[0]!.id },
      }),
    );
    ok(await fac.command('vote:close', { activityId: congress.id }));
    ok(
      await fac.command('commitment:add', {
        id: randomUUID(),
        activityId: congress.id,
        optionId: cv.options[0]!.id,
        text: 'Fund two youth workers',
        who: 'Youth service',
        byWhen: 'March',
      }),
    );
    ok(await fac.command('workshop:close', {}));
    return { workshop, kept, hidden, fac };
  }

  async function recordOf(workshopId: string): Promise<EngagementRecord> {
    return eventually(
      async () => {
        const list = await http.get<{ records: EngagementRecord[] }>('/api/records');
        const rec = list.body.records.find((r) => r.workshops.some((w) => w.id === workshopId));
        expect(rec?.workshops.find((w) => w.id === workshopId)?.latestVersion).toBe(1);
        return rec!;
      },
      { intervalMs: 100, timeoutMs: 10_000 },
    );
  }

  it('[REC2][REC3][CAFE10] a closed workshop saves an outcome snapshot with every activity, participation and timeline', async () => {
    const { workshop, kept, hidden } = await runWorkshop('Youth strategy night');
    const record = await recordOf(workshop.id);
    expect(record).toMatchObject({ title: 'Youth strategy night', status: 'closed' });
    const audit = (
      await http.get<Snap>(
        `/api/records/${record.id}/workshops/${workshop.id}/snapshots/1?view=audit`,
      )
    ).body;
    const o = OutcomeSchema.parse(audit.outcome);
    expect(audit.reason).toBe('closed');
    expect(o.agenda.map((a) => a.kind)).toEqual([
      'idea_board',
      'dot_vote',
      'world_cafe',
      'congress_vote',
    ]);

    const board = o.activities.find((a) => a.kind === 'idea_board')!;
    if (board.kind !== 'idea_board') throw new Error('board');
    expect(board.themes.map((x) => x.name)).toEqual(['Places']);
    expect(board.notes.find((n) => n.id === kept)).toMatchObject({
      themeId: board.themes[0]!.id,
      status: 'visible',
    });
    expect(board.notes.find((n) => n.id === hidden)).toMatchObject({
      status: 'hidden',
      hiddenReason: 'offensive',
    });
    expect(board.notes.find((n) => n.assisted)?.text).toBe(
      'Longer library hours (from a paper card)',
    );

    const dot = o.activities.find((a) => a.kind === 'dot_vote')!;
    if (dot.kind !== 'dot_vote') throw new Error('dot');
    expect(dot.method).toMatch(/Dot vote/);
    expect(dot.rows[0]).toMatchObject({ label: 'Parks', score: 2, rank: 1 });
    expect(dot.rows[0]!.byGroup).toMatchObject({
      resident: { digital: 1 },
      officer: { digital: 1 },
    });

    const cafe = o.activities.find((a) => a.kind === 'world_cafe')!;
    if (cafe.kind !== 'world_cafe') throw new Error('cafe');
    expect(cafe.rounds[0]!.tablecloths[0]!.text).toBe('We want safer routes to school');
    expect(cafe.rounds[0]!.seated).toBe(3);
    expect(cafe.insights.map((i) => i.text)).toEqual(['Safe routes matter']);
    // The seating seed is recorded, so the seating can be reproduced (CAFE10).
    expect(cafe.seed).toMatch(/^[0-9a-f]{16}$/);

    const congress = o.activities.find((a) => a.kind === 'congress_vote')!;
    if (congress.kind !== 'congress_vote') throw new Error('congress');
    expect(congress.voters).toBe(1);
    expect(congress.commitments.map((c) => c.text)).toEqual(['Fund two youth workers']);

    expect(o.participation.joined).toBe(3);
    expect(o.participation.byGroup).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'resident', count: 2 }),
        expect.objectContaining({ key: 'officer', count: 1 }),
      ]),
    );
    const boardCount = o.participation.byActivity.find((x) => x.activityId === board.activityId)!;
    // Two people wrote from their phones; the paper card is a contribution, not a third person.
    expect(boardCount).toMatchObject({ total: 2, paper: 1 });
    expect(o.timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'Workshop opened',
        'Started: Ideas',
        'Voting opened: Priorities',
        'Workshop closed',
      ]),
    );

    // The public view leaves out the hidden note and every moderation reason.
    const pub = (
      await http.get<Snap>(`/api/records/${record.id}/workshops/${workshop.id}/snapshots/latest`)
    ).body;
    const pubBoard = pub.outcome.activities.find((a) => a.kind === 'idea_board')!;
    if (pubBoard.kind !== 'idea_board') throw new Error('board');
    expect(pubBoard.notes.map((n) => n.id)).not.toContain(hidden);
    expect(JSON.stringify(pub.outcome)).not.toContain('offensive');
  });

  it('[REC1][REC2] records are created and edited; a mid-way save makes a new version and the old one is unchanged', async () => {
    const created = await http.post<EngagementRecord>('/api/records', {
      title: 'Parks consultation',
      service: 'Parks and open spaces',
      tags: ['parks', 'young people'],
      area: 'Bow East',
      level: 'consult',
      canInfluence: 'Which play equipment goes in first',
      cannotInfluence: 'The total budget',
      startsOn: '2027-01-10',
      endsOn: '2027-02-10',
    });
    expect(created.status).toBe(201);
    expect(created.body.publicId).toMatch(/^[a-z2-9]{10}$/);
    const bad = await http.post<{ error: { fields: Record<string, string> } }>('/api/records', {
      title: '',
      service: 'x',
      level: 'shouting',
      startsOn: '2027-03-01',
      endsOn: '2027-01-01',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['title', 'level']));

    const { workshop, fac } = await createOpenWorkshop(http, {
      title: 'Pop-up in the park',
      agenda: [{ kind: 'idea_board', title: 'Ideas' }],
    });
    cleanups.push(() => fac.close());
    const linked = await http.put<EngagementRecord>(
      `/api/records/${created.body.id}/workshops/${workshop.id}`,
      {},
    );
    expect(linked.body.workshops.map((w) => w.id)).toEqual([workshop.id]);
    const first = await http.post<SnapshotSummary>(
      `/api/records/${created.body.id}/workshops/${workshop.id}/snapshots`,
    );
    expect(first.body).toMatchObject({ version: 1, reason: 'manual' });
    ok(
      await fac.command('note:add', {
        id: randomUUID(),
        activityId: workshop.agenda[0]!.id,
        text: 'Swings',
        assistedGroupKey: 'resident',
      }),
    );
    const second = await http.post<SnapshotSummary>(
      `/api/records/${created.body.id}/workshops/${workshop.id}/snapshots`,
    );
    expect(second.body.version).toBe(2);
    const v1 = (
      await http.get<Snap>(`/api/records/${created.body.id}/workshops/${workshop.id}/snapshots/1`)
    ).body;
    const v2 = (
      await http.get<Snap>(`/api/records/${created.body.id}/workshops/${workshop.id}/snapshots/2`)
    ).body;
    const notes = (s: Snap) => {
      const a = s.outcome.activities[0]!;
      return a.kind === 'idea_board' ? a.notes.map((n) => n.text) : [];
    };
    expect(notes(v1)).toEqual([]);
    expect(notes(v2)).toEqual(['Swings']);

    const edited = await http.patch<EngagementRecord>(`/api/records/${created.body.id}`, {
      status: 'open',
      level: 'decide_together',
    });
    expect(edited.body).toMatchObject({
      status: 'open',
      level: 'decide_together',
      area: 'Bow East',
    });
    const backwards = await http.patch(`/api/records/${created.body.id}`, { endsOn: '2026-01-01' });
    expect(backwards.status).toBe(400);
    // Facilitators only.
    const anon = new HttpClient(t.url);
    expect((await anon.get('/api/records')).status).toBe(401);
    expect((await anon.get(`/api/records/${created.body.id}`)).status).toBe(401);
  });

  it('[SEC17] removing a workshop from a record that is not there, or that does not hold it, is "not found", not a failure', async () => {
    const created = await http.post<EngagementRecord>('/api/records', {
      title: 'Empty record',
      service: 'Parks and open spaces',
      tags: [],
      area: 'Bow East',
      level: 'consult',
    });
    expect(created.status).toBe(201);
    const somewhere = randomUUID();
    const missingRecord = await http.request<{ error: { code: string } }>(
      'DELETE',
      `/api/records/${randomUUID()}/workshops/${somewhere}`,
    );
    expect(missingRecord.status).toBe(404);
    const notHeld = await http.request<{ error: { code: string } }>(
      'DELETE',
      `/api/records/${created.body.id}/workshops/${somewhere}`,
    );
    expect(notHeld.status).toBe(404);
    const audit = await http.get<unknown[]>(`/api/records/${created.body.id}/audit`);
    expect(JSON.stringify(audit.body)).not.toContain('workshop removed');
  });

  it('[HALL5] the audit of an edit names the fields that changed, and an edit that changed nothing is not logged', async () => {
    const created = await http.post<EngagementRecord>('/api/records', {
      title: 'Library hours',
      service: 'Libraries',
      level: 'consult',
    });
    expect(created.status).toBe(201);
    const r = created.body;
    // The record form sends every field back; only the title and the area are new.
    const form = {
      title: 'Library opening hours',
      service: r.service,
      tags: r.tags,
      area: 'Whitechapel',
      level: r.level,
      canInfluence: r.canInfluence,
      cannotInfluence: r.cannotInfluence,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      summary: r.summary,
    };
    expect((await http.patch(`/api/records/${r.id}`, form)).status).toBe(200);
    const audit = async () =>
      (await http.get<AuditEntry[]>(`/api/records/${r.id}/audit`)).body.filter(
        (e) => e.action === 'record edited',
      );
    const edits = await audit();
    expect(edits).toHaveLength(1);
    expect(edits[0]!.detail).toEqual({ fields: ['title', 'area'] });
    expect((await http.patch(`/api/records/${r.id}`, form)).status).toBe(200);
    expect(await audit()).toHaveLength(1);
  });

  it('[REC7] search finds records by what people said, with a highlighted excerpt, and filters narrow it', async () => {
    const { workshop } = await runWorkshop('Evening in Poplar');
    const record = await recordOf(workshop.id);
    await http.patch(`/api/records/${record.id}`, { service: 'Youth service', area: 'Poplar' });
    const found = await http.get<{ records: (EngagementRecord & { match: string | null })[] }>(
      `/api/records?q=${encodeURIComponent('skate river')}`,
    );
    const hit = found.body.records.find((r) => r.id === record.id)!;
    expect(hit.match).toContain('«skate»');
    // A hidden note's words are not searchable.
    const rude = await http.get<{ records: EngagementRecord[] }>('/api/records?q=rude');
    expect(rude.body.records.map((r) => r.id)).not.toContain(record.id);
    const byArea = await http.get<{ records: EngagementRecord[] }>('/api/records?area=Poplar');
    expect(byArea.body.records.map((r) => r.id)).toEqual([record.id]);
    const none = await http.get<{ records: EngagementRecord[] }>('/api/records?q=skate&area=Bow');
    expect(none.body.records).toEqual([]);
    const badFilter = await http.get('/api/records?level=shouting');
    expect(badFilter.status).toBe(400);
  });
});
