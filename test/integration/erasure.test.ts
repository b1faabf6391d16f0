import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngagementRecord, Outcome, SnapshotSummary } from '../../shared/domain/records.ts';
import type {
  AuditEntry,
  ErasableParticipant,
  ErasureResult,
} from '../../shared/protocol/reach.ts';
import { z } from 'zod';
import { timestamp } from '../../server/db/columns.ts';
import { row } from '../../server/db/database.ts';
import { deleteExpiredPersonalData } from '../../server/features/records/retention.ts';
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
import { TABLECLOTH_TEXT, tableclothDocName } from '../../shared/domain/cafe.ts';

type Snap = SnapshotSummary & { outcome: Outcome };

async function asParticipant(url: string, token: string, path: string, body: unknown) {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return res.status;
}

describe.each(backends)('data protection on %s', (backend) => {
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

  async function people(code: string, who: [string, string][]) {
    const out: { socket: ScriptedClient; token: string; id: string }[] = [];
    for (const [groupKey, displayName] of who) {
      const joined = await join(t.url, code, { groupKey, displayName });
      const socket = await connect(t.url, { role: 'participant', token: joined.body.token });
      cleanups.push(() => socket.close());
      out.push({ socket, token: joined.body.token, id: joined.body.participantId });
    }
    return out;
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

  it('[REC14] erasing a participant on request deletes their notes, ballots, commitment and café seat, updates results and counts, redacts the snapshot and the board history, and is logged', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Erasure night',
      agenda: [
        { kind: 'idea_board', title: 'Ideas' },
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
    const [board, dot, cafe, congress] = workshop.agenda.map((a) => a.id) as [
      string,
      string,
      string,
      string,
    ];
    const [a, b, c] = (await people(code, [
      ['resident', 'Rahima'],
      ['resident', 'Bilal'],
      ['officer', 'Chen'],
    ])) as [
      { socket: ScriptedClient; token: string; id: string },
      { socket: ScriptedClient; token: string; id: string },
      { socket: ScriptedClient; token: string; id: string },
    ];

    ok(await fac.command('activity:goto', { activityId: board }));
    const erased = randomUUID();
    const kept = randomUUID();
    ok(
      await a.socket.command('note:add', {
        id: erased,
        activityId: board,
        text: 'Erase me: a skatepark near the canal',
        showName: true,
      }),
    );
    ok(
      await b.socket.command('note:add', {
        id: kept,
        activityId: board,
        text: 'Keep me: a youth club',
      }),
    );

    ok(await fac.command('activity:goto', { activityId: dot }));
    const parks = ok(await fac.command('vote:get', { activityId: dot })).options.find(
      (o) => o.label === 'Parks',
    )!.id;
    ok(await fac.command('vote:open', { activityId: dot, closesAt: null }));
    for (const p of [a, c]) {
      ok(
        await p.socket.command('dot:place', {
          opId: randomUUID(),
          activityId: dot,
          optionId: parks,
        }),
      );
    }
    ok(await fac.command('vote:close', { activityId: dot }));

    ok(await fac.command('activity:goto', { activityId: cafe }));
    const started = ok(await fac.command('cafe:start', { activityId: cafe }));
    expect(started.seating).toHaveLength(3);
    ok(await fac.command('cafe:advance', { activityId: cafe }));

    ok(await fac.command('activity:goto', { activityId: congress }));
    const first = ok(await fac.command('vote:get', { activityId: congress })).options[0]!.id;
    ok(await fac.command('vote:open', { activityId: congress, closesAt: null }));
    ok(
      await a.socket.command('ballot:cast', {
        opId: randomUUID(),
        activityId: congress,
        ballot: { kind: 'single', choice: first },
      }),
    );
    ok(await fac.command('vote:close', { activityId: congress }));
    ok(
      await a.socket.command('commitment:add', {
        id: randomUUID(),
        activityId: congress,
        optionId: first,
        text: 'I will run a litter pick on my estate',
        who: 'Rahima',
      }),
    );
    ok(await fac.command('workshop:close', {}));
    const record = await recordOf(workshop.id);
    const snapshot = async () =>
      (
        await http.get<Snap>(
          `/api/records/${record.id}/workshops/${workshop.id}/snapshots/1?view=audit`,
        )
      ).body.outcome;
    const before = await snapshot();
    expect(before.participation.joined).toBe(3);
    expect(JSON.stringify(before)).toContain('Erase me');

    const listed = await http.get<ErasableParticipant[]>(
      `/api/workshops/${workshop.id}/contributors`,
    );
    expect(listed.body.find((p) => p.id === a.id)).toMatchObject({
      displayName: 'Rahima',
      notes: 1,
      ballots: 2,
      commitments: 1,
      cafeSeats: 1,
    });

    const path = `/api/workshops/${workshop.id}/participants/${a.id}/contributions`;
    expect((await new HttpClient(t.url).request('DELETE', path)).status).toBe(401);
    expect(
      (
        await http.request(
          'DELETE',
          `/api/workshops/${workshop.id}/participants/${randomUUID()}/contributions`,
        )
      ).status,
    ).toBe(404);
    // Tallies carry the vote's version and clients keep the highest: the erasure's recount
    // must come after, though the ballots whose changes it counted are gone.
    const versionBefore = ok(await fac.command('vote:get', { activityId: dot })).results!.version;
    const res = await http.request<ErasureResult>('DELETE', path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      participantId: a.id,
      notes: 1,
      ballots: 2,
      commitments: 1,
      cafeSeats: 1,
      participant: 1,
      snapshotsRedacted: 1,
    });

    // Live state: the note is gone from the board, the votes count without them.
    const view = ok(await fac.command('board:get', { activityId: board }));
    expect(view.notes.map((n) => n.id)).toEqual([kept]);
    const dotView = ok(await fac.command('vote:get', { activityId: dot }));
    expect(dotView.results!.voters).toBe(1);
    expect(dotView.results!.version).toBeGreaterThan(versionBefore);
    expect(dotView.results!.rows.find((r) => r.optionId === parks)!.score).toBe(1);
    const congressView = ok(await fac.command('vote:get', { activityId: congress }));
    expect(congressView.results!.voters).toBe(0);
    expect(congressView.commitments).toEqual([]);

    // The stored snapshot says the same.
    const after = await snapshot();
    const text = JSON.stringify(after);
    expect(text).not.toContain('Erase me');
    expect(text).not.toContain('litter pick');
    expect(text).not.toContain('Rahima');
    expect(after.participation.joined).toBe(2);
    expect(after.participation.byGroup.find((g) => g.key === 'resident')!.count).toBe(1);
    const ideas = after.activities.find((x) => x.kind === 'idea_board')!;
    expect(ideas.kind === 'idea_board' && ideas.notes.map((n) => n.id)).toEqual([kept]);
    const dotAfter = after.activities.find((x) => x.activityId === dot)!;
    if (dotAfter.kind !== 'dot_vote') throw new Error('expected the dot vote');
    expect(dotAfter.voters).toBe(1);
    expect(dotAfter.votersByGroup).toEqual({ officer: 1 });
    expect(dotAfter.rows.find((r) => r.optionId === parks)).toMatchObject({ score: 1, rank: 1 });
    const congressAfter = after.activities.find((x) => x.activityId === congress)!;
    if (congressAfter.kind !== 'congress_vote') throw new Error('expected the congress vote');
    expect(congressAfter.voters).toBe(0);
    expect(congressAfter.commitments).toEqual([]);
    const cafeAfter = after.activities.find((x) => x.activityId === cafe)!;
    if (cafeAfter.kind !== 'world_cafe') throw new Error('expected the café');
    const beforeCafe = before.activities.find((x) => x.activityId === cafe)!;
    if (beforeCafe.kind !== 'world_cafe') throw new Error('expected the café');
    for (const [i, r] of cafeAfter.rounds.entries()) {
      expect(r.seated).toBe(Math.max(0, beforeCafe.rounds[i]!.seated - 1));
    }
    const boardCount = after.participation.byActivity.find((x) => x.activityId === board)!;
    expect(boardCount.total).toBe(1);
    const dotCount = after.participation.byActivity.find((x) => x.activityId === dot)!;
    expect(dotCount.total).toBe(1);

    // Search across outcomes no longer finds their words.
    const search = await http.get<{ records: EngagementRecord[] }>('/api/records?q=skatepark');
    expect(search.body.records.map((r) => r.id)).not.toContain(record.id);

    // Nor does the board's stored document history.
    const stored = await t.app.db.query(
      `SELECT update AS bytes FROM yjs_updates WHERE doc_name = $1
       UNION ALL SELECT state AS bytes FROM yjs_snapshots WHERE doc_name = $1`,
      [`board:${board}`],
    );
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) {
      expect(Buffer.from(row.bytes as Uint8Array).toString('utf8')).not.toContain('Erase me');
    }

    // Their device is not a participant any more.
    expect(
      await asParticipant(t.url, a.token, '/api/participant/about-you', { age: '25_34' }),
    ).toBe(401);

    // The audit log says what was done, by whom, and not to whom.
    const audit = await http.get<AuditEntry[]>(`/api/records/${record.id}/audit`);
    expect(audit.status).toBe(200);
    const entry = audit.body.find((e) => e.action === 'participant_erased')!;
    expect(entry).toMatchObject({
      workshopId: workshop.id,
      facilitator: 'Amina Begum',
      detail: { notes: 1, ballots: 2, commitments: 1, cafeSeats: 1, snapshotVersions: [1] },
    });
    expect(JSON.stringify(audit.body)).not.toContain(a.id);
    expect(JSON.stringify(audit.body)).not.toContain('Rahima');
    expect((await new HttpClient(t.url).get(`/api/records/${record.id}/audit`)).status).toBe(401);
  });

  it('[REC14] erasing someone seated in a running café ends their tablecloth writing and their connection at once', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Erasure mid-café',
      agenda: [
        {
          kind: 'world_cafe',
          title: 'Café',
          settings: { tables: 1, rounds: 2, roundMinutes: 5, changeoverMinutes: 1 },
        },
      ],
    });
    cleanups.push(() => fac.close());
    const cafe = workshop.agenda[0]!.id;
    ok(await fac.command('activity:goto', { activityId: cafe }));
    const [leaver, stayer] = await people(code, [
      ['resident', 'Leaves'],
      ['officer', 'Stays'],
    ]);
    const started = ok(await fac.command('cafe:start', { activityId: cafe }));
    ok(await fac.command('cafe:advance', { activityId: cafe }));
    const tableId = started.seating!.find((s) => s.participantId === leaver!.id)!.tableId;
    const docName = tableclothDocName(tableId, 1);
    const writer = await openYjsPeer(t.url, docName, { token: leaver!.token });
    cleanups.push(() => writer.close());
    const reader = await openYjsPeer(t.url, docName, { token: stayer!.token });
    cleanups.push(() => reader.close());
    writer.doc.getText(TABLECLOTH_TEXT).insert(0, 'Before');
    await eventually(() => expect(reader.doc.getText(TABLECLOTH_TEXT).toString()).toBe('Before'));

    const closedWith = new Promise<number>((resolve) =>
      writer.provider.once('connection-close', (event) => resolve(event?.code ?? 0)),
    );
    const socketGone = new Promise<void>((resolve) =>
      leaver!.socket.socket.once('disconnect', () => resolve()),
    );
    const erasedAt = Date.now();
    const res = await http.request<ErasureResult>(
      'DELETE',
      `/api/workshops/${workshop.id}/participants/${leaver!.id}/contributions`,
    );
    expect(res.status).toBe(200);
    expect(res.body.cafeSeats).toBe(1);
    // 4403: y-websocket stops; well inside the periodic re-check's 30 s.
    expect(await closedWith).toBe(4403);
    await socketGone;
    expect(Date.now() - erasedAt).toBeLessThan(5_000);

    // Nothing they send now reaches the table, and the table's seating no longer lists them.
    writer.doc.getText(TABLECLOTH_TEXT).insert(0, 'After ');
    ok(await stayer!.socket.command('cafe:get', { activityId: cafe }));
    expect(reader.doc.getText(TABLECLOTH_TEXT).toString()).toBe('Before');
    const seating = ok(await fac.command('cafe:get', { activityId: cafe })).seating!;
    expect(seating.map((s) => s.participantId)).toEqual([stayer!.id]);
  });

  it('[REC14] the retention job deletes names, contacts and "about you" answers once the record’s period has passed, and not before', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Retention test',
      agenda: [{ kind: 'idea_board', title: 'Ideas' }],
    });
    cleanups.push(() => fac.close());
    const [a, b] = (await people(code, [
      ['resident', 'Nasrin'],
      ['partner', 'Dev'],
    ])) as [{ socket: ScriptedClient; token: string; id: string }, { token: string; id: string }];
    ok(await fac.command('activity:goto', { activityId: workshop.agenda[0]!.id }));
    ok(
      await a.socket.command('note:add', {
        id: randomUUID(),
        activityId: workshop.agenda[0]!.id,
        text: 'Benches on the green',
        showName: true,
      }),
    );
    expect(
      await asParticipant(t.url, a.token, '/api/participant/about-you', { carer: 'yes' }),
    ).toBe(204);
    expect(await asParticipant(t.url, b.token, '/api/participant/about-you', { carer: 'no' })).toBe(
      204,
    );
    expect(
      await asParticipant(t.url, a.token, '/api/participant/feedback-contact', {
        email: 'nasrin@example.org',
        consent: true,
      }),
    ).toBeLessThan(300);

    ok(await fac.command('workshop:close', {}));
    const record = await recordOf(workshop.id);
    expect((await http.patch(`/api/records/${record.id}`, { retentionMonths: 3 })).status).toBe(
      200,
    );
    const closedAt = (await row(
      t.app.db,
      z.object({ closed_at: timestamp }),
      'SELECT closed_at FROM workshops WHERE id = $1',
      [workshop.id],
    ))!.closed_at;
    const months = (n: number) => new Date(closedAt.getTime() + n * 31 * 24 * 3600 * 1000);
    const counts = async () => {
      const [row] = await t.app.db.query(
        `SELECT
           (SELECT count(*)::int FROM participants WHERE workshop_id = $1 AND display_name <> '') AS names,
           (SELECT count(*)::int FROM feedback_contacts WHERE workshop_id = $1) AS contacts,
           (SELECT count(*)::int FROM equality_answers WHERE workshop_id = $1) AS answers`,
        [workshop.id],
      );
      return row!;
    };
    expect(await counts()).toEqual({ names: 2, contacts: 1, answers: 2 });

    // Two months on: still within the three the record keeps it for.
    const early = await deleteExpiredPersonalData(t.app.db, t.app.personalData, months(2));
    expect(early.map((d) => d.workshopId)).not.toContain(workshop.id);
    expect(await counts()).toEqual({ names: 2, contacts: 1, answers: 2 });

    const done = await deleteExpiredPersonalData(t.app.db, t.app.personalData, months(4));
    expect(done.find((d) => d.workshopId === workshop.id)).toEqual({
      workshopId: workshop.id,
      recordId: record.id,
      names: 2,
      contacts: 1,
      equalityAnswers: 2,
    });
    expect(await counts()).toEqual({ names: 0, contacts: 0, answers: 0 });
    // What people said stays, without the name shown on it.
    const snap = (
      await http.get<Snap>(
        `/api/records/${record.id}/workshops/${workshop.id}/snapshots/1?view=audit`,
      )
    ).body.outcome;
    const ideas = snap.activities[0]!;
    expect(ideas.kind === 'idea_board' && ideas.notes.map((n) => [n.text, n.shownName])).toEqual([
      ['Benches on the green', ''],
    ]);
    expect(JSON.stringify(snap)).not.toContain('Nasrin');
    // Once done, it is not done again.
    expect(
      (await deleteExpiredPersonalData(t.app.db, t.app.personalData, months(5))).map(
        (d) => d.workshopId,
      ),
    ).not.toContain(workshop.id);
    const audit = await http.get<AuditEntry[]>(`/api/records/${record.id}/audit`);
    expect(audit.body.find((e) => e.action === 'personal_data_deleted')).toMatchObject({
      facilitator: null,
      detail: {
        reason: 'retention',
        retentionMonths: 3,
        names: 2,
        contacts: 1,
        equalityAnswers: 2,
      },
    });
    const reach = await http.get<{ personalDataDeletedAt: string | null }>(
      `/api/workshops/${workshop.id}/reach`,
    );
    expect(reach.body.personalDataDeletedAt).toBe(months(4).toISOString());
  });

  it('[REC14] a record with a workshop still to run keeps its personal data until the last one has closed', async () => {
    const first = await createOpenWorkshop(http, {
      title: 'First pop-up',
      agenda: [{ kind: 'idea_board', title: 'Ideas' }],
    });
    cleanups.push(() => first.fac.close());
    await join(t.url, first.code, { groupKey: 'resident', displayName: 'Yusuf' });
    const second = await http.post<{ id: string }>('/api/workshops', {
      title: 'Second pop-up',
      agenda: [{ kind: 'idea_board', title: 'Ideas' }],
    });
    const record = await http.post<EngagementRecord>('/api/records', {
      title: 'Two pop-ups',
      service: 'Parks',
      level: 'consult',
      retentionMonths: 1,
      workshopIds: [first.workshop.id, second.body.id],
    });
    expect(record.status).toBe(201);
    ok(await first.fac.command('workshop:close', {}));
    const farFuture = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
    const done = await deleteExpiredPersonalData(t.app.db, t.app.personalData, farFuture);
    expect(done.map((d) => d.workshopId)).not.toContain(first.workshop.id);
    const [row] = await t.app.db.query(
      'SELECT display_name FROM participants WHERE workshop_id = $1',
      [first.workshop.id],
    );
    expect(row!.display_name).toBe('Yusuf');
  });
});
