import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsToAction } from '../../shared/domain/activity.ts';
import type { RoomState, Workshop, WorkshopListItem } from '../../shared/domain/workshop.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  sampleWorkshop,
  setUpFacilitator,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

describe.each(backends)('planning a workshop on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);
  });
  afterAll(() => t.close());

  it('[PLAN1] a workshop has a title, purpose, date and a typed agenda with defaults filled in', async () => {
    const res = await http.post<Workshop>('/api/workshops', sampleWorkshop);
    expect(res.status).toBe(201);
    const w = res.body;
    expect(w).toMatchObject({
      title: sampleWorkshop.title,
      purpose: sampleWorkshop.purpose,
      startsAt: '2026-12-01T18:30',
      status: 'draft',
      joinCode: null,
      currentActivityId: null,
    });
    expect(w.groups.map((g) => g.key)).toEqual(['resident', 'officer', 'partner', 'other']);
    expect(w.agenda.map((a) => [a.position, a.kind])).toEqual([
      [0, 'idea_board'],
      [1, 'dot_vote'],
      [2, 'congress_vote'],
    ]);
    expect(w.agenda[1]!.settings).toEqual({
      dotsPerPerson: null,
      maxDotsPerOption: 1,
      hideTallyUntilReveal: true,
      shuffleOptions: true,
      lateJoinersMayVote: true,
      allowOwnNote: true,
      options: [],
    });
    expect(w.agenda[2]!.kind === 'congress_vote' && w.agenda[2]!.settings.options).toEqual(
      callsToAction,
    );
    const list = await http.get<WorkshopListItem[]>('/api/workshops');
    expect(list.body.find((x) => x.id === w.id)).toMatchObject({
      activityCount: 3,
      participantCount: 0,
    });
  });

  it('[PLAN2] invalid settings are refused with the field that is wrong', async () => {
    const res = await http.post<ErrorBody>('/api/workshops', {
      title: '',
      agenda: [
        { kind: 'dot_vote', title: 'Vote', settings: { dotsPerPerson: 3, maxDotsPerOption: 5 } },
        { kind: 'juggling', title: 'Fun' },
      ],
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields ?? {})).toEqual(
      expect.arrayContaining(['title', 'agenda.0.settings.maxDotsPerOption', 'agenda.1.kind']),
    );
    const date = await http.post<ErrorBody>('/api/workshops', {
      title: 'x',
      startsAt: '2026-02-31T25:00',
    });
    expect(date.status).toBe(400);
  });

  it('[PLAN3] the agenda can be reordered, edited, extended and trimmed, and the room sees it live', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    const [a, b, c] = workshop.agenda;
    const phone = await connect(t.url, {
      role: 'participant',
      token: (await join(t.url, code)).body.token,
    });
    await fac.command('activity:goto', { activityId: b!.id });

    const res = await http.put<Workshop>(`/api/workshops/${workshop.id}/agenda`, {
      activities: [
        { ...c, title: 'Calls to action (ranked)' },
        { ...b },
        { kind: 'world_cafe', title: 'Café rounds', settings: { tables: 8 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.agenda.map((x) => x.title)).toEqual([
      'Calls to action (ranked)',
      b!.title,
      'Café rounds',
    ]);
    expect(res.body.agenda[2]!.settings).toMatchObject({ tables: 8, rounds: 3, roundMinutes: 20 });
    expect(res.body.agenda.map((x) => x.id).slice(0, 2)).toEqual([c!.id, b!.id]);
    expect(res.body.agenda.some((x) => x.id === a!.id)).toBe(false);
    await eventually(() => {
      const state = phone.last<RoomState>('room:state');
      expect(state?.agenda.map((x) => x.title)).toEqual([
        'Calls to action (ranked)',
        b!.title,
        'Café rounds',
      ]);
      expect(state?.currentActivityId).toBe(b!.id);
    });

    const removeCurrent = await http.put<ErrorBody>(`/api/workshops/${workshop.id}/agenda`, {
      activities: [c],
    });
    expect(removeCurrent.status).toBe(409);
    expect(removeCurrent.body.error.message).toMatch(/move the room/);
    const foreign = await http.put<ErrorBody>(`/api/workshops/${workshop.id}/agenda`, {
      activities: [{ ...b }, { ...a, id: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(foreign.status).toBe(400);
    phone.close();
    fac.close();
  });

  it('[PLAN4] details and groups can be changed; a renamed or added group is what joiners choose from', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    const res = await http.patch<Workshop>(`/api/workshops/${workshop.id}`, {
      title: 'Youth Strategy: evening session',
      groups: [
        { key: 'resident', label: null },
        { key: 'officer', label: 'Council staff' },
        { key: 'young-person', label: 'Young person (under 25)' },
      ],
    });
    expect(res.status).toBe(200);
    const lookup = await new HttpClient(t.url).get<{ title: string; groups: { key: string }[] }>(
      `/api/join/${code}`,
    );
    expect(lookup.body.title).toBe('Youth Strategy: evening session');
    expect(lookup.body.groups.map((g) => g.key)).toEqual(['resident', 'officer', 'young-person']);
    expect((await join(t.url, code, { groupKey: 'young-person' })).status).toBe(201);
    expect((await join(t.url, code, { groupKey: 'partner' })).status).toBe(400);
    const unnamed = await http.patch(`/api/workshops/${workshop.id}`, {
      groups: [{ key: 'new-group', label: null }],
    });
    expect(unnamed.status).toBe(400);
    fac.close();
  });

  it('[PLAN5] moving to an activity of another workshop, or a made-up one, is refused', async () => {
    const one = await createOpenWorkshop(http);
    const two = await createOpenWorkshop(http);
    const res = await one.fac.command('activity:goto', { activityId: two.workshop.agenda[0]!.id });
    expect(!res.ok && res.error.code).toBe('NOT_FOUND');
    const back = await one.fac.command('activity:goto', { activityId: null });
    expect(back.ok && back.data.currentActivityId).toBe(null);
    one.fac.close();
    two.fac.close();
  });

  it('[JOIN3] a reopened workshop keeps its code', async () => {
    const { code, fac } = await createOpenWorkshop(http);
    await fac.command('workshop:close', {});
    const reopened = await fac.command('workshop:open', {});
    expect(reopened.ok && reopened.data.workshop).toMatchObject({ status: 'open', joinCode: code });
    fac.close();
  });
});
