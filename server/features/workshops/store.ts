import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  parseStoredActivity,
  type Activity,
  type ActivityParsed,
} from '../../../shared/domain/activity.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import { LanguageSchema, type Language } from '../../../shared/domain/languages.ts';
import { StoredTranslationsSchema } from '../../../shared/domain/room.ts';
import type { Translations } from '../../../shared/domain/translations.ts';
import {
  WorkshopStatusSchema,
  type Workshop,
  type WorkshopListItem,
  type WorkshopStatus,
} from '../../../shared/domain/workshop.ts';
import { isoTimestamp, jsonb } from '../../db/columns.ts';
import { row, rows, type Queryable } from '../../db/database.ts';

/**
 * The shape of a stored group, not the input rules (GroupListSchema): a row written under older
 * limits must still read back.
 */
const storedGroup = z.object({ key: z.string(), label: z.string().nullable() });

const workshopRow = z.object({
  id: z.string(),
  title: z.string(),
  purpose: z.string(),
  starts_at: z.string().nullable(),
  language: LanguageSchema,
  translations: jsonb(StoredTranslationsSchema),
  status: WorkshopStatusSchema,
  join_code: z.string().nullable(),
  current_activity_id: z.string().nullable(),
  screen_join_shown: z.boolean(),
  groups: jsonb(z.array(storedGroup)),
  rev: z.number(),
  created_at: isoTimestamp,
  opened_at: isoTimestamp.nullable(),
  closed_at: isoTimestamp.nullable(),
});
type WorkshopRow = z.infer<typeof workshopRow>;

/** Settings are checked by parseStoredActivity, which also fills defaults added since. */
const activityRow = z.object({
  id: z.string(),
  position: z.number(),
  kind: z.string(),
  title: z.string(),
  prompt: z.string(),
  settings: jsonb(z.unknown()),
});

export type WorkshopHead = Omit<Workshop, 'agenda'>;

function toHead(r: WorkshopRow): WorkshopHead {
  return {
    id: r.id,
    title: r.title,
    purpose: r.purpose,
    startsAt: r.starts_at,
    language: r.language,
    translations: r.translations,
    status: r.status,
    joinCode: r.join_code,
    currentActivityId: r.current_activity_id,
    screenJoinShown: r.screen_join_shown,
    groups: r.groups,
    rev: r.rev,
    createdAt: r.created_at,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
  };
}

export async function insertWorkshop(
  db: Queryable,
  w: {
    title: string;
    purpose: string;
    startsAt: string | null;
    language: Language;
    groups: Group[];
    createdBy: string;
  },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO workshops (id, title, purpose, starts_at, language, groups, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [id, w.title, w.purpose, w.startsAt, w.language, JSON.stringify(w.groups), w.createdBy],
  );
  return id;
}

export async function findHead(db: Queryable, id: string, opts: { lock?: boolean } = {}) {
  const found = await row(
    db,
    workshopRow,
    `SELECT * FROM workshops WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return found ? toHead(found) : undefined;
}

export async function findHeadByCode(db: Queryable, code: string) {
  const found = await row(db, workshopRow, 'SELECT * FROM workshops WHERE join_code = $1', [code]);
  return found ? toHead(found) : undefined;
}

export async function listAgenda(db: Queryable, workshopId: string): Promise<Activity[]> {
  const found = await rows(
    db,
    activityRow,
    `SELECT id, position, kind, title, prompt, settings FROM activities
     WHERE workshop_id = $1 AND removed_at IS NULL ORDER BY position`,
    [workshopId],
  );
  return found.map(parseStoredActivity);
}

/**
 * One activity still on a workshop's agenda, for the feature that runs it: undefined unless it
 * belongs to `workshopId` and is of one of `kinds`. Features find their activities here rather
 * than in SQL of their own, since workshops own the agenda.
 */
export async function findActivity<K extends Activity['kind']>(
  db: Queryable,
  workshopId: string,
  activityId: string,
  kinds: readonly K[],
): Promise<Extract<Activity, { kind: K }> | undefined> {
  const found = await row(
    db,
    activityRow.extend({ workshop_id: z.string() }),
    'SELECT id, workshop_id, kind, title, prompt, settings, position FROM activities WHERE id = $1 AND removed_at IS NULL',
    [activityId],
  );
  // The kind is checked before parsing: another feature's settings are not this caller's concern.
  if (!found || found.workshop_id !== workshopId || !isOneOf(found.kind, kinds)) return undefined;
  const activity = parseStoredActivity(found);
  return isOfKind(activity, kinds) ? activity : undefined;
}

/** The workshop an activity of `kind` still on an agenda belongs to. */
export async function workshopOfActivity(
  db: Queryable,
  activityId: string,
  kind: Activity['kind'],
): Promise<string | undefined> {
  const found = await row(
    db,
    z.object({ workshop_id: z.string() }),
    'SELECT workshop_id FROM activities WHERE id = $1 AND kind = $2 AND removed_at IS NULL',
    [activityId, kind],
  );
  return found?.workshop_id;
}

function isOneOf<K extends string>(value: string, options: readonly K[]): value is K {
  return (options as readonly string[]).includes(value);
}

function isOfKind<K extends Activity['kind']>(
  a: Activity,
  kinds: readonly K[],
): a is Extract<Activity, { kind: K }> {
  return isOneOf(a.kind, kinds);
}

export async function listWorkshops(db: Queryable): Promise<WorkshopListItem[]> {
  const found = await rows(
    db,
    workshopRow.extend({ participant_count: z.number(), activity_count: z.number() }),
    `SELECT w.*,
       (SELECT count(*)::int FROM participants p WHERE p.workshop_id = w.id) AS participant_count,
       (SELECT count(*)::int FROM activities a WHERE a.workshop_id = w.id AND a.removed_at IS NULL) AS activity_count
     FROM workshops w ORDER BY coalesce(w.starts_at, '9999') DESC, w.created_at DESC LIMIT 500`,
  );
  return found.map((r) => {
    const h = toHead(r);
    return {
      id: h.id,
      title: h.title,
      startsAt: h.startsAt,
      status: h.status,
      joinCode: h.joinCode,
      createdAt: h.createdAt,
      participantCount: r.participant_count,
      activityCount: r.activity_count,
    };
  });
}

/** Applies the given fields and bumps `rev`; returns the new head. */
export async function updateHead(
  db: Queryable,
  id: string,
  fields: Partial<{
    title: string;
    purpose: string;
    starts_at: string | null;
    language: Language;
    translations: Translations;
    groups: Group[];
    status: WorkshopStatus;
    join_code: string;
    current_activity_id: string | null;
    screen_join_shown: boolean;
    opened_at: 'now';
    closed_at: 'now' | null;
  }>,
): Promise<WorkshopHead> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [column, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value === 'now') {
      sets.push(`${column} = now()`);
      continue;
    }
    const json = column === 'groups' || column === 'translations';
    params.push(json ? JSON.stringify(value) : value);
    sets.push(`${column} = $${params.length}${json ? '::jsonb' : ''}`);
  }
  const [updated] = await rows(
    db,
    workshopRow,
    `UPDATE workshops SET ${[...sets, 'rev = rev + 1'].join(', ')} WHERE id = $1 RETURNING *`,
    params,
  );
  return toHead(updated!);
}

export async function insertActivity(
  db: Queryable,
  workshopId: string,
  position: number,
  a: ActivityParsed,
) {
  await db.query(
    `INSERT INTO activities (id, workshop_id, position, kind, title, prompt, settings)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [
      a.id ?? randomUUID(),
      workshopId,
      position,
      a.kind,
      a.title,
      a.prompt,
      JSON.stringify(a.settings),
    ],
  );
}

export async function updateActivity(
  db: Queryable,
  position: number,
  a: ActivityParsed & { id: string },
) {
  await db.query(
    `UPDATE activities SET position = $2, kind = $3, title = $4, prompt = $5, settings = $6::jsonb
     WHERE id = $1`,
    [a.id, position, a.kind, a.title, a.prompt, JSON.stringify(a.settings)],
  );
}

/** Activities leave the agenda but stay in the table: later features keep results against them. */
export async function removeActivities(db: Queryable, ids: string[]) {
  if (ids.length === 0) return;
  await db.query('UPDATE activities SET removed_at = now() WHERE id = ANY($1::uuid[])', [ids]);
}

/**
 * Texts phones show that were added while the workshop runs: its votes' options as they stand,
 * typed in the console or taken from a board, in agenda order, each once (LANG11).
 */
export async function listLiveTexts(db: Queryable, workshopId: string): Promise<string[]> {
  const found = await rows(
    db,
    z.object({ label: z.string() }),
    `SELECT o.label FROM vote_options o
       JOIN vote_sessions v ON v.activity_id = o.activity_id
       JOIN activities a ON a.id = v.activity_id
     WHERE v.workshop_id = $1 AND o.removed_at IS NULL AND a.removed_at IS NULL
     ORDER BY a.position, o.position`,
    [workshopId],
  );
  return [...new Set(found.map((r) => r.label.trim()).filter(Boolean))];
}
