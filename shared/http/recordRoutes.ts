import {
  CreateRecordSchema,
  EngagementRecordSchema,
  LinkWorkshopSchema,
  RecordPatchSchema,
} from '../domain/records.ts';
import {
  CalendarQuerySchema,
  CalendarSchema,
  RecordExportSchema,
  RecordListSchema,
  RecordQuerySchema,
  SavedSnapshotSchema,
  SnapshotListSchema,
  SnapshotSchema,
  SnapshotVersionSchema,
  SnapshotViewQuerySchema,
} from '../protocol/records.ts';
import { route, uuidParam } from './route.ts';

const record = { json: EngagementRecordSchema, name: 'EngagementRecord' } as const;
const id = { id: uuidParam('record') };
const recordAndWorkshop = {
  ...id,
  workshopId: uuidParam('workshop', 'One of its workshops'),
};

/** Engagement records (REC1-REC4, REC7), exports (REC5) and the public calendar (REC6). */
export const recordApi = {
  list: route({
    method: 'GET',
    path: '/records',
    access: 'facilitator',
    tag: 'Records',
    summary: 'List and search records',
    description:
      'With `q`, a full-text search across records and every outcome snapshot of their workshops, best match first, each with an excerpt of where it matched (`match`).',
    query: RecordQuerySchema,
    reply: {
      status: 200,
      json: RecordListSchema,
      name: 'RecordList',
      description: 'Matching records (at most 500)',
    },
  }),
  create: route({
    method: 'POST',
    path: '/records',
    access: 'facilitator',
    tag: 'Records',
    summary: 'Create a record',
    body: { schema: CreateRecordSchema, name: 'CreateRecord' },
    reply: { status: 201, ...record, description: 'The new record' },
  }),
  get: route({
    method: 'GET',
    path: '/records/:id',
    access: 'facilitator',
    tag: 'Records',
    summary: 'One record with its workshops',
    params: id,
    reply: { status: 200, ...record, description: 'The record' },
  }),
  update: route({
    method: 'PATCH',
    path: '/records/:id',
    access: 'facilitator',
    tag: 'Records',
    summary: 'Edit a record',
    params: id,
    body: { schema: RecordPatchSchema, name: 'RecordPatch' },
    reply: { status: 200, ...record, description: 'The record as saved' },
  }),
  link: route({
    method: 'PUT',
    path: '/records/:id/workshops/:workshopId',
    access: 'facilitator',
    tag: 'Records',
    summary:
      'Add a workshop to the record; one in another record moves only with `move: true`, else 409',
    params: recordAndWorkshop,
    body: { schema: LinkWorkshopSchema, name: 'LinkWorkshop' },
    reply: { status: 200, ...record, description: 'The record' },
  }),
  unlink: route({
    method: 'DELETE',
    path: '/records/:id/workshops/:workshopId',
    access: 'facilitator',
    tag: 'Records',
    summary: 'Remove a workshop from the record',
    params: recordAndWorkshop,
    reply: { status: 200, ...record, description: 'The record' },
  }),
  snapshots: route({
    method: 'GET',
    path: '/records/:id/workshops/:workshopId/snapshots',
    access: 'facilitator',
    tag: 'Outcomes',
    summary: "A workshop's saved outcome versions",
    params: recordAndWorkshop,
    reply: {
      status: 200,
      json: SnapshotListSchema,
      name: 'SnapshotList',
      description: 'Oldest first',
    },
  }),
  saveSnapshot: route({
    method: 'POST',
    path: '/records/:id/workshops/:workshopId/snapshots',
    access: 'facilitator',
    tag: 'Outcomes',
    summary: "Save the workshop's outcome now (mid-way)",
    params: recordAndWorkshop,
    reply: {
      status: 201,
      json: SavedSnapshotSchema,
      name: 'SavedSnapshot',
      description: 'The new version',
    },
  }),
  snapshot: route({
    method: 'GET',
    path: '/records/:id/workshops/:workshopId/snapshots/:version',
    access: 'facilitator',
    tag: 'Outcomes',
    summary: 'One outcome snapshot',
    description:
      'The public view (default) leaves out hidden notes, hidden commitments and moderation reasons; `view=audit` keeps them.',
    params: {
      ...recordAndWorkshop,
      version: {
        schema: SnapshotVersionSchema,
        what: 'snapshot' as const,
        description: 'A version number, or `latest`',
      },
    },
    query: SnapshotViewQuerySchema,
    reply: { status: 200, json: SnapshotSchema, name: 'Snapshot', description: 'The snapshot' },
  }),
  exportCsv: route({
    method: 'GET',
    path: '/records/:id/export.csv',
    access: 'facilitator',
    tag: 'Exports',
    summary: "The record's outcomes as one CSV",
    description:
      'One row per outcome item (`item_type`: participation, theme, note, vote, vote_option, vote_option_group, commitment, tablecloth, insight, timeline) from the public view of the latest snapshot of each workshop. UTF-8 with a byte order mark, RFC 4180; text cells starting with =, +, -, @, tab or CR begin with an apostrophe.',
    params: id,
    reply: { status: 200, media: 'text/csv', description: 'CSV' },
  }),
  exportJson: route({
    method: 'GET',
    path: '/records/:id/export.json',
    access: 'facilitator',
    tag: 'Exports',
    summary: 'The record and the latest public outcome of each workshop (docs/records-json.md)',
    params: id,
    reply: { status: 200, json: RecordExportSchema, name: 'RecordExport', description: 'Export' },
  }),
  openData: route({
    method: 'GET',
    path: '/records/:id/open-data.zip',
    access: 'facilitator',
    tag: 'Exports',
    summary: 'Open-data bundle: a zip of CSVs with a README (Open Government Licence v3.0)',
    description:
      'README.txt, records.csv, workshops.csv, notes.csv (public notes only), themes.csv, vote_results.csv (with by-group columns), commitments.csv, cafe_tablecloths.csv, cafe_insights.csv, participation.csv.',
    params: id,
    reply: { status: 200, media: 'application/zip', description: 'A zip archive' },
  }),
  calendar: route({
    method: 'GET',
    path: '/calendar',
    access: 'public',
    tag: 'Calendar',
    summary: 'Engagement activities, planned and past (public fields only)',
    description: 'Records with a start date, earliest first. Filters combine.',
    query: CalendarQuerySchema,
    reply: { status: 200, json: CalendarSchema, name: 'Calendar', description: 'The calendar' },
  }),
  calendarFeed: route({
    method: 'GET',
    path: '/public/calendar.ics',
    access: 'public',
    tag: 'Calendar',
    summary: 'The calendar as an iCalendar feed to subscribe to (RFC 5545)',
    description:
      'One all-day VEVENT per dated record: title, dates, location, service, level, summary and the public feedback link. Takes the same filters as /api/calendar.',
    query: CalendarQuerySchema,
    reply: { status: 200, media: 'text/calendar', description: 'iCalendar' },
  }),
};
