import { randomUUID } from 'node:crypto';
import type { Facilitator } from '../../../shared/protocol/rest.ts';
import { one, type Queryable } from '../../db/database.ts';
import { hashToken, newToken } from './tokens.ts';

type FacilitatorRow = { id: string; email: string; name: string; password_hash: string };

const toFacilitator = (r: FacilitatorRow): Facilitator => ({
  id: r.id,
  email: r.email,
  name: r.name,
});

export async function countFacilitators(db: Queryable): Promise<number> {
  const row = await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM facilitators');
  return row?.n ?? 0;
}

export async function insertFacilitator(
  db: Queryable,
  f: { email: string; name: string; passwordHash: string },
): Promise<Facilitator> {
  const rows = await db.query<FacilitatorRow>(
    `INSERT INTO facilitators (id, email, name, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING RETURNING *`,
    [randomUUID(), f.email, f.name, f.passwordHash],
  );
  const row = rows[0];
  return row ? toFacilitator(row) : Promise.reject(new EmailTakenError());
}

export class EmailTakenError extends Error {}

export async function findByEmail(db: Queryable, email: string) {
  const row = await one<FacilitatorRow>(db, 'SELECT * FROM facilitators WHERE email = $1', [email]);
  return row ? { ...toFacilitator(row), passwordHash: row.password_hash } : undefined;
}

export async function createSession(db: Queryable, facilitatorId: string, days: number) {
  const token = newToken();
  await db.query(
    `INSERT INTO sessions (token_hash, facilitator_id, expires_at)
     VALUES ($1, $2, now() + make_interval(days => $3))`,
    [hashToken(token), facilitatorId, days],
  );
  return token;
}

export async function facilitatorForSession(db: Queryable, token: string) {
  const row = await one<FacilitatorRow>(
    db,
    `SELECT f.* FROM sessions s JOIN facilitators f ON f.id = s.facilitator_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashToken(token)],
  );
  return row ? toFacilitator(row) : undefined;
}

export async function deleteSession(db: Queryable, token: string) {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

export async function createInvite(db: Queryable, createdBy: string) {
  const token = newToken();
  const rows = await db.query<{ expires_at: Date }>(
    `INSERT INTO invites (token_hash, created_by, expires_at)
     VALUES ($1, $2, now() + interval '7 days') RETURNING expires_at`,
    [hashToken(token), createdBy],
  );
  return { token, expiresAt: new Date(rows[0]!.expires_at).toISOString() };
}

export async function findOpenInvite(db: Queryable, token: string) {
  const row = await one<{ invited_by: string; expires_at: Date }>(
    db,
    `SELECT f.name AS invited_by, i.expires_at FROM invites i JOIN facilitators f ON f.id = i.created_by
     WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > now()`,
    [hashToken(token)],
  );
  return row
    ? { invitedBy: row.invited_by, expiresAt: new Date(row.expires_at).toISOString() }
    : undefined;
}

/** Marks the invite used; false if someone else used it first (the row lock decides). */
export async function claimInvite(db: Queryable, token: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE invites SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
     RETURNING token_hash`,
    [hashToken(token)],
  );
  return rows.length === 1;
}

export async function recordInviteUse(db: Queryable, token: string, facilitatorId: string) {
  await db.query('UPDATE invites SET used_by = $2 WHERE token_hash = $1', [
    hashToken(token),
    facilitatorId,
  ]);
}

export async function getSetting(db: Queryable, key: string) {
  return (
    await one<{ value: string }>(db, 'SELECT value FROM instance_settings WHERE key = $1', [key])
  )?.value;
}

export async function setSetting(db: Queryable, key: string, value: string) {
  await db.query(
    `INSERT INTO instance_settings (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [key, value],
  );
}
