import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngagementRecord } from '../../shared/domain/records.ts';
import type { ResponsesView, WorkshopFeedbackLink } from '../../shared/protocol/feedback.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  ok,
  setUpFacilitator,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';

describe.each(backends)(
  'a closed workshop leads phones to what happened next, on %s',
  (backend) => {
    let t: TestApp;
    let http: HttpClient;
    beforeAll(async () => {
      t = await startApp(backend);
      http = await setUpFacilitator(t.url);
    });
    afterAll(() => t.close());

    it('[HALL5] nothing until "You said, we did" is published, then its public page', async () => {
      const anon = new HttpClient(t.url);
      const { workshop, code, fac } = await createOpenWorkshop(http);
      const link = () =>
        anon.get<WorkshopFeedbackLink>(`/api/public/workshops/${workshop.id}/feedback`);
      expect((await link()).body).toEqual({ feedbackPath: null });

      // One note, so the outcome has something to answer.
      const joined = await join(t.url, code, { groupKey: 'resident' });
      const phone = await connect(t.url, { role: 'participant', token: joined.body.token });
      ok(await fac.command('activity:goto', { activityId: workshop.agenda[0]!.id }));
      ok(
        await phone.command('note:add', {
          id: randomUUID(),
          activityId: workshop.agenda[0]!.id,
          text: 'A skate park by the river',
        }),
      );
      phone.close();
      ok(await fac.command('theme:create', { activityId: workshop.agenda[0]!.id, name: 'Places' }));
      ok(await fac.command('workshop:close', {}));
      const record = await eventually(
        async () => {
          const list = await http.get<{ records: EngagementRecord[] }>('/api/records');
          const rec = list.body.records.find((r) => r.workshops.some((w) => w.id === workshop.id));
          // The outcome snapshot is saved just after the close.
          expect(rec?.workshops.find((w) => w.id === workshop.id)?.latestVersion).toBe(1);
          return rec!;
        },
        { intervalMs: 100, timeoutMs: 10_000 },
      );
      // Closed, with a record, but nothing published: still nothing to point at.
      expect((await link()).body).toEqual({ feedbackPath: null });

      const view = (await http.get<ResponsesView>(`/api/records/${record.id}/responses`)).body;
      const item = view.items[0]!;
      const answered = await http.put(`/api/records/${record.id}/responses/${item.itemId}`, {
        itemKind: item.itemKind,
        itemLabel: item.label,
        decision: 'adopted',
        explanation: '',
        decidedOn: new Date().toISOString().slice(0, 10),
        decidedBy: 'Youth service',
      });
      expect(answered.status).toBe(200);
      expect((await http.post(`/api/records/${record.id}/feedback/publish`)).status).toBe(200);

      const published = await link();
      expect(published.body).toEqual({ feedbackPath: `/feedback/${record.publicId}` });
      expect((await anon.get(`/api/public/feedback/${record.publicId}`)).status).toBe(200);
      // Any other id, well-formed or not, answers the same "nothing" and no error.
      expect((await anon.get(`/api/public/workshops/${randomUUID()}/feedback`)).body).toEqual({
        feedbackPath: null,
      });
      const junk = await anon.get('/api/public/workshops/not-an-id/feedback');
      expect(junk.status).toBe(200);
      expect(junk.body).toEqual({ feedbackPath: null });
      fac.close();
    });

    it('[HALL5] a theme made into a vote option is one thing to answer, not two', async () => {
      const { workshop, code, fac } = await createOpenWorkshop(http, {
        title: 'Green spaces',
        purpose: 'Decide what to fix first.',
        agenda: [
          { kind: 'idea_board', title: 'Ideas' },
          { kind: 'dot_vote', title: 'Priorities' },
        ],
      });
      const [board, dot] = workshop.agenda.map((a) => a.id) as [string, string];
      const joined = await join(t.url, code, { groupKey: 'resident' });
      const phone = await connect(t.url, { role: 'participant', token: joined.body.token });
      ok(await fac.command('activity:goto', { activityId: board }));
      const note = randomUUID();
      ok(await phone.command('note:add', { id: note, activityId: board, text: 'More benches' }));
      const places = ok(await fac.command('theme:create', { activityId: board, name: 'Places' }));
      const paths = ok(await fac.command('theme:create', { activityId: board, name: 'Paths' }));
      ok(await fac.command('note:place', { id: note, themeId: places.id }));
      ok(await fac.command('activity:goto', { activityId: dot }));
      // "Places" becomes an option; "Paths" does not, and stays a theme to answer.
      const view = ok(
        await fac.command('vote:setOptions', {
          activityId: dot,
          options: [
            { label: 'Places', source: 'theme', sourceId: places.id },
            { label: 'Buses', source: 'typed', sourceId: null },
          ],
        }),
      );
      const option = view.options.find((o) => o.label === 'Places')!;
      ok(await fac.command('vote:open', { activityId: dot, closesAt: null }));
      ok(
        await phone.command('dot:place', {
          opId: randomUUID(),
          activityId: dot,
          optionId: option.id,
        }),
      );
      ok(await fac.command('vote:close', { activityId: dot }));
      ok(await fac.command('vote:reveal', { activityId: dot }));
      phone.close();
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
      const items = (await http.get<ResponsesView>(`/api/records/${record.id}/responses`)).body
        .items;
      expect(items.map((i) => [i.itemKind, i.label])).toEqual([
        ['theme', 'Paths'],
        ['option', 'Places'],
      ]);
      expect(items[1]).toMatchObject({ itemId: option.id, rank: 1, score: 1, noteCount: 1 });
      expect(paths.id).toBe(items[0]!.itemId);
      fac.close();
    });
  },
);
