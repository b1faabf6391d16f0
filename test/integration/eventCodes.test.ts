import { afterEach, describe, expect, it } from 'vitest';
import {
  OutcomeSchema,
  type EngagementRecord,
  type Outcome,
  type SnapshotSummary,
} from '../../shared/domain/records.ts';
import { migrate } from '../../server/db/migrate.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createOpenWorkshop, ok, setUpFacilitator } from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';

type Snap = SnapshotSummary & { outcome: Outcome };

/** Saved outcomes as they were before codes: the English sentences alone. */
const stripCodes = `UPDATE record_snapshots SET content = jsonb_set(jsonb_set(content, '{timeline}',
    (SELECT jsonb_agg(e - 'code' - 'title' ORDER BY ord)
       FROM jsonb_array_elements(content->'timeline') WITH ORDINALITY AS t(e, ord))),
    '{activities}',
    (SELECT jsonb_agg(a - 'counting' ORDER BY ord)
       FROM jsonb_array_elements(content->'activities') WITH ORDINALITY AS t(a, ord)))`;

describe('timeline events and counting methods as codes', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('[LANG4] a saved outcome names its events and methods by code, and migration 017 gives old ones the same codes', async () => {
    t = await startApp('pglite');
    const http = await setUpFacilitator(t.url);
    const { workshop, fac } = await createOpenWorkshop(http, {
      title: 'Codes',
      agenda: [
        { kind: 'idea_board', title: 'Started: a title that looks like ours' },
        { kind: 'dot_vote', title: 'Priorities', settings: { options: ['Parks', 'Pool'] } },
        {
          kind: 'congress_vote',
          title: 'Calls',
          settings: { method: 'ranking', rankTopK: 4, options: ['One', 'Two', 'Three', 'Four'] },
        },
      ],
    });
    const [board, dot, congress] = workshop.agenda;
    ok(await fac.command('activity:goto', { activityId: board!.id }));
    ok(await fac.command('activity:goto', { activityId: dot!.id }));
    ok(await fac.command('vote:open', { activityId: dot!.id, closesAt: null }));
    ok(await fac.command('vote:close', { activityId: dot!.id }));
    ok(await fac.command('activity:goto', { activityId: congress!.id }));
    ok(await fac.command('vote:open', { activityId: congress!.id, closesAt: null }));
    ok(await fac.command('vote:close', { activityId: congress!.id }));
    ok(await fac.command('activity:goto', { activityId: null }));
    ok(await fac.command('workshop:close', {}));
    fac.close();

    const record = await eventually(
      async () => {
        const list = await http.get<{ records: EngagementRecord[] }>('/api/records');
        const rec = list.body.records.find((r) => r.workshops.some((w) => w.id === workshop.id));
        expect(rec?.workshops[0]?.latestVersion).toBe(1);
        return rec!;
      },
      { intervalMs: 100, timeoutMs: 10_000 },
    );
    const snapshot = async () =>
      OutcomeSchema.parse(
        (
          await http.get<Snap>(
            `/api/records/${record.id}/workshops/${workshop.id}/snapshots/1?view=audit`,
          )
        ).body.outcome,
      );

    const saved = await snapshot();
    const coded = saved.timeline.map(({ code, title }) => ({ code, title }));
    expect(coded).toEqual([
      { code: 'opened', title: undefined },
      { code: 'started', title: 'Started: a title that looks like ours' },
      { code: 'started', title: 'Priorities' },
      { code: 'votingOpened', title: 'Priorities' },
      { code: 'votingClosed', title: 'Priorities' },
      { code: 'started', title: 'Calls' },
      { code: 'votingOpened', title: 'Calls' },
      { code: 'votingClosed', title: 'Calls' },
      { code: 'welcome', title: undefined },
      { code: 'closed', title: undefined },
    ]);
    // The English stays for exports and API readers.
    expect(saved.timeline[3]!.event).toBe('Voting opened: Priorities');
    const counting = saved.activities.flatMap((a) => ('counting' in a ? [a.counting] : []));
    expect(counting).toEqual([{ kind: 'dot' }, { kind: 'ranking', rankTopK: 4 }]);

    // The same outcome as a server before codes stored it; then migration 017 runs on it.
    const db = t.app.db;
    await db.exec(stripCodes);
    await db.exec('ALTER TABLE workshop_events DROP COLUMN code, DROP COLUMN title');
    await db.exec("DELETE FROM schema_migrations WHERE name = '017_event_codes.sql'");
    const stripped = await snapshot();
    expect(stripped.timeline.every((e) => e.code === undefined)).toBe(true);
    expect(await migrate(db)).toEqual(['017_event_codes.sql']);

    const migrated = await snapshot();
    // Only a title that the English cannot tell from a sentence of ours could differ; it does not.
    expect(migrated.timeline.map(({ code, title }) => ({ code, title }))).toEqual(coded);
    expect(migrated.activities.flatMap((a) => ('counting' in a ? [a.counting] : []))).toEqual(
      counting,
    );
    const events = (await db.query(
      'SELECT code, title FROM workshop_events WHERE workshop_id = $1 ORDER BY id',
      [workshop.id],
    )) as { code: string | null; title: string | null }[];
    expect(events.map((e) => e.code)).toEqual([
      'opened',
      'started',
      'started',
      'started',
      'welcome',
      'closed',
    ]);
    expect(events[1]!.title).toBe('Started: a title that looks like ours');
  });
});
