import { strToU8, zipSync } from 'fflate';
import {
  levelLabels,
  statusLabels,
  type Outcome,
  type OutcomeActivity,
} from '../../../shared/domain/records.ts';
import { feedbackPath } from '../../../shared/protocol/feedback.ts';
import {
  RECORD_EXPORT_SCHEMA,
  RecordExportSchema,
  type RecordExport,
} from '../../../shared/protocol/records.ts';
import { csvTable, type CsvCell } from '../../core/csv.ts';
import type { RecordService } from './service.ts';

/**
 * Exports of an engagement record (REC5): one CSV of every outcome item, the JSON of the record
 * with each workshop's outcome, and an open-data bundle of CSVs with a README. Every export is
 * built from the public view of the latest snapshot of each workshop: hidden notes, hidden
 * commitments and moderation reasons never leave the app this way.
 */

export { RECORD_EXPORT_SCHEMA, RecordExportSchema, type RecordExport };

export const OPEN_DATA_LICENCE =
  'Contains public sector information licensed under the Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).';

/** The files of the open-data bundle, in the order the README explains them. */
export const openDataFiles = [
  'README.txt',
  'records.csv',
  'workshops.csv',
  'notes.csv',
  'themes.csv',
  'vote_results.csv',
  'commitments.csv',
  'cafe_tablecloths.csv',
  'cafe_insights.csv',
  'participation.csv',
] as const;

type Source = Pick<RecordService, 'get' | 'latestOutcome'>;

/** The record with the latest public outcome of each of its workshops. */
export async function loadExport(
  records: Source,
  recordId: string,
  now = new Date(),
): Promise<RecordExport> {
  const record = await records.get(recordId);
  const outcomes: RecordExport['outcomes'] = [];
  for (const w of record.workshops) {
    const latest = await records.latestOutcome(w.id, 'public');
    if (latest) outcomes.push({ workshopId: w.id, ...latest });
  }
  return {
    schema: RECORD_EXPORT_SCHEMA,
    exportedAt: now.toISOString(),
    view: 'public',
    record,
    feedbackPath: feedbackPath(record.publicId),
    outcomes,
  };
}

// ------------------------------------------------------------------ helpers over an outcome

const groupLabel = (o: Outcome, key: string) =>
  o.workshop.groups.find((g) => g.key === key)?.label ?? key;

const joinList = (xs: readonly string[]) => xs.join('; ');

function tableLabel(a: Extract<OutcomeActivity, { kind: 'world_cafe' }>, tableId: string) {
  const t = a.tables.find((x) => x.id === tableId);
  return t ? t.name || `Table ${t.number}` : '';
}

type Rows<C extends readonly string[]> = Partial<Record<C[number], CsvCell>>[];

function table<C extends readonly string[]>(columns: C, rows: Rows<C>): string {
  return csvTable(
    columns,
    rows.map((r) => columns.map((c) => r[c as C[number]] ?? null)),
  );
}

// ------------------------------------------------------------------ the record's CSV

/** One row per outcome item, in a long format a spreadsheet can filter by item_type. */
export const recordCsvColumns = [
  'workshop_id',
  'workshop_title',
  'snapshot_version',
  'activity_id',
  'activity_kind',
  'activity_title',
  'item_type',
  'item_id',
  'text',
  'theme',
  'question',
  'option',
  'group',
  'assisted',
  'shown_name',
  'score',
  'paper',
  'rank',
  'tied',
  'round',
  'table',
  'who',
  'by_when',
  'count',
  'at',
] as const;
type RecordRow = Rows<typeof recordCsvColumns>[number];

export function recordCsv(e: RecordExport): string {
  const rows: RecordRow[] = [];
  for (const { workshopId, version, outcome: o } of e.outcomes) {
    const w = {
      workshop_id: workshopId,
      workshop_title: o.workshop.title,
      snapshot_version: version,
    };
    for (const g of o.participation.byGroup) {
      rows.push({ ...w, item_type: 'participation', group: g.label, count: g.count });
    }
    for (const a of o.activities) {
      const act = {
        ...w,
        activity_id: a.activityId,
        activity_kind: a.kind,
        activity_title: a.title,
      };
      const counted = o.participation.byActivity.find((p) => p.activityId === a.activityId);
      for (const g of counted?.byGroup ?? []) {
        rows.push({ ...act, item_type: 'participation', group: g.label, count: g.count });
      }
      if (a.kind === 'idea_board') {
        for (const t of a.themes) {
          rows.push({
            ...act,
            item_type: 'theme',
            item_id: t.id,
            text: t.name,
            count: a.notes.filter((n) => n.themeId === t.id).length,
          });
        }
        for (const n of a.notes) {
          rows.push({
            ...act,
            item_type: 'note',
            item_id: n.id,
            text: n.text,
            theme: a.themes.find((t) => t.id === n.themeId)?.name ?? '',
            group: groupLabel(o, n.groupKey),
            assisted: n.assisted,
            shown_name: n.shownName,
            at: n.createdAt,
          });
        }
      } else if (a.kind === 'world_cafe') {
        for (const r of a.rounds) {
          for (const c of r.tablecloths) {
            rows.push({
              ...act,
              item_type: 'tablecloth',
              text: c.text,
              question: c.question,
              round: r.round,
              table: tableLabel(a, c.tableId),
              count: r.seated,
            });
          }
        }
        for (const i of a.insights) {
          rows.push({
            ...act,
            item_type: 'insight',
            item_id: i.id,
            text: i.text,
            table: joinList(i.sourceTableIds.map((id) => tableLabel(a, id))),
          });
        }
      } else {
        rows.push({ ...act, item_type: 'vote', text: a.method, count: a.voters });
        for (const r of a.rows) {
          const option = {
            ...act,
            item_id: r.optionId,
            text: r.label,
          };
          rows.push({
            ...option,
            item_type: 'vote_option',
            score: r.score,
            paper: r.paper,
            rank: r.rank,
            tied: r.tied,
          });
          for (const [key, by] of Object.entries(r.byGroup)) {
            rows.push({
              ...option,
              item_type: 'vote_option_group',
              group: groupLabel(o, key),
              score: by.digital,
              paper: by.paper,
            });
          }
        }
        for (const c of a.commitments) {
          rows.push({
            ...act,
            item_type: 'commitment',
            item_id: c.id,
            text: c.text,
            option: a.rows.find((r) => r.optionId === c.optionId)?.label ?? '',
            who: c.who,
            by_when: c.byWhen,
          });
        }
      }
    }
    for (const t of o.timeline) rows.push({ ...w, item_type: 'timeline', text: t.event, at: t.at });
  }
  return table(recordCsvColumns, rows);
}

// ------------------------------------------------------------------ the open-data bundle

type Activity<K extends OutcomeActivity['kind']> = Extract<OutcomeActivity, { kind: K }>;

function* activitiesOf<K extends OutcomeActivity['kind']>(e: RecordExport, kinds: readonly K[]) {
  for (const { workshopId, outcome } of e.outcomes) {
    for (const a of outcome.activities) {
      if ((kinds as readonly string[]).includes(a.kind)) {
        yield { workshopId, outcome, a: a as Activity<K> };
      }
    }
  }
}

const activityColumns = ['workshop_id', 'activity_id', 'activity_title'] as const;
const activityCells = (workshopId: string, a: OutcomeActivity) => ({
  workshop_id: workshopId,
  activity_id: a.activityId,
  activity_title: a.title,
});

/** The CSVs of the bundle, by file name. Names of people are left out of open data. */
export function openDataCsvs(e: RecordExport, baseUrl: string): Record<string, string> {
  const r = e.record;
  const records = table(
    [
      'record_id',
      'title',
      'service',
      'area',
      'tags',
      'level',
      'level_label',
      'status',
      'starts_on',
      'ends_on',
      'location',
      'summary',
      'can_influence',
      'cannot_influence',
      'feedback_url',
      'feedback_published_at',
    ] as const,
    [
      {
        record_id: r.publicId,
        title: r.title,
        service: r.service,
        area: r.area,
        tags: joinList(r.tags),
        level: r.level,
        level_label: levelLabels[r.level],
        status: statusLabels[r.status],
        starts_on: r.startsOn,
        ends_on: r.endsOn,
        location: r.location,
        summary: r.summary,
        can_influence: r.canInfluence,
        cannot_influence: r.cannotInfluence,
        feedback_url: baseUrl + e.feedbackPath,
        feedback_published_at: r.feedbackPublishedAt,
      },
    ],
  );

  const workshops = table(
    [
      'workshop_id',
      'title',
      'purpose',
      'starts_at',
      'opened_at',
      'closed_at',
      'snapshot_version',
      'snapshot_taken_at',
      'joined',
      'activities',
    ] as const,
    r.workshops.map((w) => {
      const snap = e.outcomes.find((x) => x.workshopId === w.id);
      return {
        workshop_id: w.id,
        title: w.title,
        purpose: snap?.outcome.workshop.purpose ?? '',
        starts_at: w.startsAt,
        opened_at: snap?.outcome.workshop.openedAt ?? null,
        closed_at: w.closedAt,
        snapshot_version: snap?.version ?? null,
        snapshot_taken_at: snap?.takenAt ?? null,
        joined: snap?.outcome.participation.joined ?? null,
        activities: snap ? joinList(snap.outcome.agenda.map((x) => x.title)) : '',
      };
    }),
  );

  const boards = [...activitiesOf(e, ['idea_board'] as const)];
  const notes = table(
    [
      ...activityColumns,
      'note_id',
      'text',
      'theme_id',
      'theme',
      'group_key',
      'group',
      'assisted',
      'created_at',
    ] as const,
    boards.flatMap(({ workshopId, outcome, a }) =>
      a.notes
        .filter((n) => n.status === 'visible')
        .map((n) => ({
          ...activityCells(workshopId, a),
          note_id: n.id,
          text: n.text,
          theme_id: n.themeId,
          theme: a.themes.find((t) => t.id === n.themeId)?.name ?? '',
          group_key: n.groupKey,
          group: groupLabel(outcome, n.groupKey),
          assisted: n.assisted,
          created_at: n.createdAt,
        })),
    ),
  );
  const themes = table(
    [...activityColumns, 'theme_id', 'name', 'notes'] as const,
    boards.flatMap(({ workshopId, a }) =>
      a.themes.map((t) => ({
        ...activityCells(workshopId, a),
        theme_id: t.id,
        name: t.name,
        notes: a.notes.filter((n) => n.status === 'visible' && n.themeId === t.id).length,
      })),
    ),
  );

  const votes = [...activitiesOf(e, ['dot_vote', 'congress_vote'] as const)];
  // One pair of columns per group that appears in any vote, in the workshops' own group order.
  const groupKeys: string[] = [];
  for (const { outcome, a } of votes) {
    const seen = new Set(a.rows.flatMap((row) => Object.keys(row.byGroup)));
    for (const g of outcome.workshop.groups) {
      if (seen.has(g.key) && !groupKeys.includes(g.key)) groupKeys.push(g.key);
    }
    for (const k of seen) if (!groupKeys.includes(k)) groupKeys.push(k);
  }
  const voteColumns = [
    ...activityColumns,
    'kind',
    'status',
    'method',
    'voters',
    'option_id',
    'option',
    'source',
    'rank',
    'tied',
    'score',
    'paper',
    ...groupKeys.flatMap((k) => [`${k}_digital`, `${k}_paper`, `${k}_voters`]),
  ];
  const voteResults = csvTable(
    voteColumns,
    votes.flatMap(({ workshopId, a }) =>
      a.rows.map((row) => {
        const cells: Record<string, CsvCell> = {
          ...activityCells(workshopId, a),
          kind: a.kind,
          status: a.status,
          method: a.method,
          voters: a.voters,
          option_id: row.optionId,
          option: row.label,
          source: row.source,
          rank: row.rank,
          tied: row.tied,
          score: row.score,
          paper: row.paper,
        };
        for (const k of groupKeys) {
          cells[`${k}_digital`] = row.byGroup[k]?.digital ?? 0;
          cells[`${k}_paper`] = row.byGroup[k]?.paper ?? 0;
          cells[`${k}_voters`] = a.votersByGroup[k] ?? 0;
        }
        return voteColumns.map((c) => cells[c] ?? null);
      }),
    ),
  );
  const commitments = table(
    [...activityColumns, 'commitment_id', 'option_id', 'option', 'text', 'who', 'by_when'] as const,
    votes.flatMap(({ workshopId, a }) =>
      a.commitments
        .filter((c) => c.status === 'visible')
        .map((c) => ({
          ...activityCells(workshopId, a),
          commitment_id: c.id,
          option_id: c.optionId,
          option: a.rows.find((row) => row.optionId === c.optionId)?.label ?? '',
          text: c.text,
          who: c.who,
          by_when: c.byWhen,
        })),
    ),
  );

  const cafes = [...activitiesOf(e, ['world_cafe'] as const)];
  const tablecloths = table(
    [
      ...activityColumns,
      'round',
      'seated_in_round',
      'table_id',
      'table_number',
      'table_name',
      'place',
      'question',
      'text',
    ] as const,
    cafes.flatMap(({ workshopId, a }) =>
      a.rounds.flatMap((round) =>
        round.tablecloths.map((c) => {
          const t = a.tables.find((x) => x.id === c.tableId);
          return {
            ...activityCells(workshopId, a),
            round: round.round,
            seated_in_round: round.seated,
            table_id: c.tableId,
            table_number: t?.number ?? null,
            table_name: t?.name ?? '',
            place: t?.place ?? '',
            question: c.question,
            text: c.text,
          };
        }),
      ),
    ),
  );
  const insights = table(
    [...activityColumns, 'insight_id', 'text', 'source_tables'] as const,
    cafes.flatMap(({ workshopId, a }) =>
      a.insights.map((i) => ({
        ...activityCells(workshopId, a),
        insight_id: i.id,
        text: i.text,
        source_tables: joinList(i.sourceTableIds.map((id) => tableLabel(a, id))),
      })),
    ),
  );

  const participation = table(
    [
      'workshop_id',
      'scope',
      'activity_id',
      'activity_title',
      'group_key',
      'group',
      'count',
    ] as const,
    e.outcomes.flatMap(({ workshopId, outcome: o }) => [
      ...o.participation.byGroup.map((g) => ({
        workshop_id: workshopId,
        scope: 'joined the workshop',
        group_key: g.key,
        group: g.label,
        count: g.count,
      })),
      ...o.participation.byActivity.flatMap((p) =>
        p.byGroup.map((g) => ({
          workshop_id: workshopId,
          scope: 'took part in the activity',
          activity_id: p.activityId,
          activity_title: o.agenda.find((x) => x.id === p.activityId)?.title ?? '',
          group_key: g.key,
          group: g.label,
          count: g.count,
        })),
      ),
    ]),
  );

  return {
    'records.csv': records,
    'workshops.csv': workshops,
    'notes.csv': notes,
    'themes.csv': themes,
    'vote_results.csv': voteResults,
    'commitments.csv': commitments,
    'cafe_tablecloths.csv': tablecloths,
    'cafe_insights.csv': insights,
    'participation.csv': participation,
  };
}

/** The README of the bundle: what each file holds, the licence, and how things were counted. */
export function openDataReadme(e: RecordExport, baseUrl: string): string {
  const r = e.record;
  const methods = [...activitiesOf(e, ['dot_vote', 'congress_vote'] as const)].map(
    ({ outcome, a }) => `- ${a.title} (${outcome.workshop.title}): ${a.method || 'not counted'}`,
  );
  const text = `${r.title}
${'='.repeat(Math.min(r.title.length, 72))}

Open data from an engagement activity run by ${r.service} (${r.area}).
Level of engagement: ${levelLabels[r.level]}. Status: ${statusLabels[r.status]}.
What was done with what people said: ${baseUrl}${e.feedbackPath}
Exported ${e.exportedAt}.

Licence
-------
${OPEN_DATA_LICENCE}

About these files
-----------------
Every file is CSV (RFC 4180): UTF-8 with a byte order mark, comma separated, every cell in
double quotes, lines ending CRLF, the first line naming the columns. Lists inside one cell are
separated by "; ". Yes/no columns hold "yes" or "no". Times are ISO 8601 in UTC, except
a workshop's planned start (starts_at), which is the local time it was advertised for.

Each workshop's figures come from the latest saved snapshot of its outcome (see
workshops.csv, snapshot_version). Notes a facilitator hid (for example because they were
offensive or named someone) are not included, and no person's name is.

A cell that begins with =, +, -, @, a tab or a carriage return starts with an apostrophe (')
added here, so that a spreadsheet shows it as text rather than running it as a formula.
The record's JSON export holds every text exactly as it was written.

records.csv
  The engagement activity: title, the service responsible, area, topic tags, the level of
  engagement, status, dates, where it happened, what could and could not be influenced, and
  the public feedback page.
workshops.csv
  One line per workshop (session) of the activity: when it ran, the snapshot the figures
  come from, how many people joined, and its activities in order.
notes.csv
  Every note people wrote on an idea board, with the theme the facilitator sorted it into
  and the group the writer said they belong to. "assisted" is yes when the note was written
  on paper or typed by a facilitator on someone's behalf.
themes.csv
  The themes of each idea board and how many of the notes above are in each.
vote_results.csv
  One line per option of each dot vote or congress vote: its rank (1 is first; "tied" is yes
  when it shares its place), its score under the counting method, how much of the score came
  from paper ballots, and by group (<group>_digital, <group>_paper: the score from that
  group's phones and paper; <group>_voters: how many of that group voted).
commitments.csv
  What people and services committed to do after a congress vote, with who and by when.
cafe_tablecloths.csv
  World Café: what was written on each table's shared tablecloth in each round, the
  question asked at that table, and how many people were seated in that round.
cafe_insights.csv
  World Café: the insights gathered at the harvest, with the tables they came from.
participation.csv
  How many people took part, by group: "joined the workshop" counts everyone who joined;
  "took part in the activity" counts people who did something in it.

Counting methods
----------------
Participation: a person is counted once per workshop when they join, under the group they
chose. In an activity they are counted once if they wrote at least one note (idea board),
cast a vote (dot or congress vote) or took a seat (World Café). A note written on paper and
typed in by a facilitator counts as one person, since who wrote it is not recorded.
Votes: each vote's score is counted by its own method, named here as it was shown on the
results screen. Paper ballots entered by a facilitator are included and shown separately.
${methods.length ? methods.join('\n') : '- No votes were held.'}
`;
  return text.replace(/\r?\n/g, '\r\n');
}

/** The open-data zip; its files are dated with the export time. */
export function openDataZip(e: RecordExport, baseUrl: string): Uint8Array {
  const mtime = new Date(e.exportedAt);
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {
    'README.txt': [strToU8(openDataReadme(e, baseUrl)), { mtime }],
  };
  for (const [name, body] of Object.entries(openDataCsvs(e, baseUrl))) {
    files[name] = [strToU8(body), { mtime }];
  }
  return zipSync(files, { level: 6 });
}

/** A file name from a title: plain letters and digits, so every browser and OS accepts it. */
export function exportFileName(title: string, ext: string) {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60)
    .replace(/-$/, '');
  return `record-${slug || 'export'}.${ext}`;
}
