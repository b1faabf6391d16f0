import type { Participant } from '../../core/identity.ts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LanguageSchema, type Language } from '../../../shared/domain/languages.ts';
import { isoTimestamp } from '../../db/columns.ts';
import { row, rows, type Queryable } from '../../db/database.ts';

export type { Participant };

const participantRow = z.object({
  id: z.string(),
  workshop_id: z.string(),
  display_name: z.string(),
  group_key: z.string(),
  language: LanguageSchema,
  joined_at: isoTimestamp,
});
type ParticipantRow = z.infer<typeof participantRow>;

const participantGroupRow = z.object({ id: z.string(), group_key: z.string() });

const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id,
  workshopId: r.workshop_id,
  displayName: r.display_name,
  groupKey: r.group_key,
  language: r.language,
  joinedAt: r.joined_at,
});

export async function insertParticipant(
  db: Queryable,
  p: {
    workshopId: string;
    tokenHash: string;
    deviceHash: string;
    displayName: string;
    groupKey: string;
    language: Language;
  },
): Promise<Participant> {
  const [changed] = await rows(
    db,
    participantRow,
    `INSERT INTO participants (id, workshop_id, token_hash, device_hash, display_name, group_key, language)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [randomUUID(), p.workshopId, p.tokenHash, p.deviceHash, p.displayName, p.groupKey, p.language],
  );
  return toParticipant(changed!);
}

export async function findByDevice(db: Queryable, workshopId: string, deviceHash: string) {
  const found = await row(
    db,
    participantRow,
    'SELECT * FROM participants WHERE workshop_id = $1 AND device_hash = $2 FOR UPDATE',
    [workshopId, deviceHash],
  );
  return found ? toParticipant(found) : undefined;
}

/** The same participant with a new token (the old one stops working) and the details given now. */
export async function rejoin(
  db: Queryable,
  id: string,
  f: { tokenHash: string; displayName: string; groupKey: string; language: Language },
): Promise<Participant> {
  const [changed] = await rows(
    db,
    participantRow,
    `UPDATE participants SET token_hash = $2, display_name = $3, group_key = $4, language = $5,
       last_seen_at = now() WHERE id = $1 RETURNING *`,
    [id, f.tokenHash, f.displayName, f.groupKey, f.language],
  );
  return toParticipant(changed!);
}

export async function findByTokenHash(db: Queryable, tokenHash: string) {
  const found = await row(db, participantRow, 'SELECT * FROM participants WHERE token_hash = $1', [
    tokenHash,
  ]);
  return found ? toParticipant(found) : undefined;
}

export async function findById(db: Queryable, id: string) {
  const found = await row(db, participantRow, 'SELECT * FROM participants WHERE id = $1', [id]);
  return found ? toParticipant(found) : undefined;
}

export async function updateParticipant(
  db: Queryable,
  id: string,
  fields: { displayName?: string; groupKey?: string; language?: Language },
): Promise<Participant> {
  const [changed] = await rows(
    db,
    participantRow,
    `UPDATE participants SET
       display_name = coalesce($2, display_name),
       group_key = coalesce($3, group_key),
       language = coalesce($4, language)
     WHERE id = $1 RETURNING *`,
    [id, fields.displayName ?? null, fields.groupKey ?? null, fields.language ?? null],
  );
  return toParticipant(changed!);
}

export async function touch(db: Queryable, id: string) {
  await db.query('UPDATE participants SET last_seen_at = now() WHERE id = $1', [id]);
}

export async function listParticipants(db: Queryable, workshopId: string): Promise<Participant[]> {
  const found = await rows(
    db,
    participantRow,
    'SELECT * FROM participants WHERE workshop_id = $1 ORDER BY joined_at',
    [workshopId],
  );
  return found.map(toParticipant);
}

/** A workshop's participants' ids in the order they joined. */
export async function idsInJoinOrder(db: Queryable, workshopId: string): Promise<string[]> {
  const found = await rows(
    db,
    z.object({ id: z.string() }),
    'SELECT id FROM participants WHERE workshop_id = $1 ORDER BY joined_at, id',
    [workshopId],
  );
  return found.map((r) => r.id);
}

export type ParticipantGroup = { id: string; groupKey: string };

/**
 * The people of a workshop a café round seats, with their groups, by id: those online now, and
 * those of `lastRound` whose phone was last seen at or after `seenSince`.
 */
export async function groupsToSeat(
  db: Queryable,
  workshopId: string,
  onlineIds: string[],
  lastRound: string[],
  seenSince: Date,
): Promise<ParticipantGroup[]> {
  const found = await rows(
    db,
    participantGroupRow,
    `SELECT id, group_key FROM participants
      WHERE workshop_id = $1
        AND (id = ANY($2::uuid[]) OR (id = ANY($3::uuid[]) AND last_seen_at >= $4))
      ORDER BY id`,
    [workshopId, onlineIds, lastRound, seenSince],
  );
  return found.map((r) => ({ id: r.id, groupKey: r.group_key }));
}

/** The groups of these participants, in no particular order. */
export async function groupsOf(db: Queryable, ids: string[]): Promise<ParticipantGroup[]> {
  const found = await rows(
    db,
    participantGroupRow,
    'SELECT id, group_key FROM participants WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return found.map((r) => ({ id: r.id, groupKey: r.group_key }));
}

export async function isInWorkshop(db: Queryable, id: string, workshopId: string) {
  const found = await db.query(
    'SELECT 1 AS ok FROM participants WHERE id = $1 AND workshop_id = $2',
    [id, workshopId],
  );
  return found.length > 0;
}

/** People connected now, by the language they chose, most first. */
export async function countOnlineByLanguage(
  db: Queryable,
  workshopId: string,
  onlineIds: string[],
) {
  if (onlineIds.length === 0) return [];
  return rows(
    db,
    z.object({ language: z.string(), online: z.number() }),
    `SELECT language, count(*)::int AS online
     FROM participants WHERE workshop_id = $1 AND id = ANY($2::uuid[])
     GROUP BY language ORDER BY online DESC, language`,
    [workshopId, onlineIds],
  );
}

export async function countByGroup(db: Queryable, workshopId: string, onlineIds: string[]) {
  return rows(
    db,
    z.object({ group_key: z.string(), joined: z.number(), online: z.number() }),
    `SELECT group_key, count(*)::int AS joined,
       (count(*) FILTER (WHERE id = ANY($2::uuid[])))::int AS online
     FROM participants WHERE workshop_id = $1 GROUP BY group_key`,
    [workshopId, onlineIds],
  );
}
