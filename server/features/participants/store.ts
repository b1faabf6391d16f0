import type { Participant } from '../../core/identity.ts';
import { randomUUID } from 'node:crypto';
import type { Language } from '../../../shared/domain/languages.ts';
import { one, type Queryable } from '../../db/database.ts';

export type { Participant };

type ParticipantRow = {
  id: string;
  workshop_id: string;
  display_name: string;
  group_key: string;
  language: Language;
  joined_at: Date;
};

const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id,
  workshopId: r.workshop_id,
  displayName: r.display_name,
  groupKey: r.group_key,
  language: r.language,
  joinedAt: new Date(r.joined_at).toISOString(),
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
  const rows = await db.query<ParticipantRow>(
    `INSERT INTO participants (id, workshop_id, token_hash, device_hash, display_name, group_key, language)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [randomUUID(), p.workshopId, p.tokenHash, p.deviceHash, p.displayName, p.groupKey, p.language],
  );
  return toParticipant(rows[0]!);
}

export async function findByDevice(db: Queryable, workshopId: string, deviceHash: string) {
  const row = await one<ParticipantRow>(
    db,
    'SELECT * FROM participants WHERE workshop_id = $1 AND device_hash = $2 FOR UPDATE',
    [workshopId, deviceHash],
  );
  return row ? toParticipant(row) : undefined;
}

/** The same participant with a new token (the old one stops working) and the details given now. */
export async function rejoin(
  db: Queryable,
  id: string,
  f: { tokenHash: string; displayName: string; groupKey: string; language: Language },
): Promise<Participant> {
  const rows = await db.query<ParticipantRow>(
    `UPDATE participants SET token_hash = $2, display_name = $3, group_key = $4, language = $5,
       last_seen_at = now() WHERE id = $1 RETURNING *`,
    [id, f.tokenHash, f.displayName, f.groupKey, f.language],
  );
  return toParticipant(rows[0]!);
}

export async function findByTokenHash(db: Queryable, tokenHash: string) {
  const row = await one<ParticipantRow>(db, 'SELECT * FROM participants WHERE token_hash = $1', [
    tokenHash,
  ]);
  return row ? toParticipant(row) : undefined;
}

export async function findById(db: Queryable, id: string) {
  const row = await one<ParticipantRow>(db, 'SELECT * FROM participants WHERE id = $1', [id]);
  return row ? toParticipant(row) : undefined;
}

export async function updateParticipant(
  db: Queryable,
  id: string,
  fields: { displayName?: string; groupKey?: string; language?: Language },
): Promise<Participant> {
  const rows = await db.query<ParticipantRow>(
    `UPDATE participants SET
       display_name = coalesce($2, display_name),
       group_key = coalesce($3, group_key),
       language = coalesce($4, language)
     WHERE id = $1 RETURNING *`,
    [id, fields.displayName ?? null, fields.groupKey ?? null, fields.language ?? null],
  );
  return toParticipant(rows[0]!);
}

export async function touch(db: Queryable, id: string) {
  await db.query('UPDATE participants SET last_seen_at = now() WHERE id = $1', [id]);
}

export async function listParticipants(db: Queryable, workshopId: string): Promise<Participant[]> {
  const rows = await db.query<ParticipantRow>(
    'SELECT * FROM participants WHERE workshop_id = $1 ORDER BY joined_at',
    [workshopId],
  );
  return rows.map(toParticipant);
}

/** A workshop's participants' ids in the order they joined. */
export async function idsInJoinOrder(db: Queryable, workshopId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM participants WHERE workshop_id = $1 ORDER BY joined_at, id',
    [workshopId],
  );
  return rows.map((r) => r.id);
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
  const rows = await db.query<{ id: string; group_key: string }>(
    `SELECT id, group_key FROM participants
      WHERE workshop_id = $1
        AND (id = ANY($2::uuid[]) OR (id = ANY($3::uuid[]) AND last_seen_at >= $4))
      ORDER BY id`,
    [workshopId, onlineIds, lastRound, seenSince],
  );
  return rows.map((r) => ({ id: r.id, groupKey: r.group_key }));
}

/** The groups of these participants, in no particular order. */
export async function groupsOf(db: Queryable, ids: string[]): Promise<ParticipantGroup[]> {
  const rows = await db.query<{ id: string; group_key: string }>(
    'SELECT id, group_key FROM participants WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return rows.map((r) => ({ id: r.id, groupKey: r.group_key }));
}

export async function isInWorkshop(db: Queryable, id: string, workshopId: string) {
  const row = await one(db, 'SELECT 1 AS ok FROM participants WHERE id = $1 AND workshop_id = $2', [
    id,
    workshopId,
  ]);
  return row !== undefined;
}

export async function countByGroup(db: Queryable, workshopId: string, onlineIds: string[]) {
  return db.query<{ group_key: string; joined: number; online: number }>(
    `SELECT group_key, count(*)::int AS joined,
       (count(*) FILTER (WHERE id = ANY($2::uuid[])))::int AS online
     FROM participants WHERE workshop_id = $1 GROUP BY group_key`,
    [workshopId, onlineIds],
  );
}
