import { randomUUID } from 'node:crypto';
import {
  AccountAuditEntrySchema,
  type Account,
  type AccountAuditEntry,
} from '../../../shared/protocol/accounts.ts';
import type { Facilitator, Role } from '../../../shared/protocol/rest.ts';
import { one, type Queryable } from '../../db/database.ts';
import { hashToken, newToken } from './tokens.ts';

type FacilitatorRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: Date;
};

const toFacilitator = (r: FacilitatorRow): Facilitator => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
});

export async function countFacilitators(db: Queryable): Promise<number> {
  const row = await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM facilitators');
  return row?.n ?? 0;
}

export async function insertFacilitator(
  db: Queryable,
  f: { email: string; name: string; passwordHash: string; role: Role },
): Promise<Facilitator> {
  const rows = await db.query<FacilitatorRow>(
    `INSERT INTO facilitators (id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO NOTHING RETURNING *`,
    [randomUUID(), f.email, f.name, f.passwordHash, f.role],
  );
  const row = rows[0];
  return row ? toFacilitator(row) : Promise.reject(new EmailTakenError());
}

export class EmailTakenError extends Error {}

export async function findByEmail(db: Queryable, email: string) {
  const row = await one<FacilitatorRow>(
    db,
    'SELECT * FROM facilitators WHERE email = $1 AND removed_at IS NULL',
    [email],
  );
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
     WHERE s.token_hash = $1 AND s.expires_at > now() AND f.removed_at IS NULL`,
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
     WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > now()
       AND f.removed_at IS NULL`,
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

// ------------------------------------------------------------------ managing accounts (AUTH6-AUTH9)

const toAccount = (r: FacilitatorRow): Account => ({
  ...toFacilitator(r),
  createdAt: new Date(r.created_at).toISOString(),
});

export async function listAccounts(db: Queryable): Promise<Account[]> {
  const rows = await db.query<FacilitatorRow>(
    'SELECT * FROM facilitators WHERE removed_at IS NULL ORDER BY created_at, id',
  );
  return rows.map(toAccount);
}

/** The account, locked for the rest of the transaction, if it exists and was not removed. */
export async function lockAccount(db: Queryable, id: string) {
  const row = await one<FacilitatorRow>(
    db,
    'SELECT * FROM facilitators WHERE id = $1 AND removed_at IS NULL FOR UPDATE',
    [id],
  );
  return row ? { ...toAccount(row), passwordHash: row.password_hash } : undefined;
}

export async function countOwners(db: Queryable): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    "SELECT count(*)::int AS n FROM facilitators WHERE role = 'owner' AND removed_at IS NULL",
  );
  return row?.n ?? 0;
}

export async function setRole(db: Queryable, id: string, role: Role) {
  await db.query('UPDATE facilitators SET role = $2 WHERE id = $1', [id, role]);
}

/**
 * Marks the account removed and frees its address for a later invite; the row stays as the author
 * of what they made. Their sessions, and the invites and reset links they sent or were sent, end.
 */
export async function removeAccount(db: Queryable, id: string) {
  await db.query(
    `UPDATE facilitators SET removed_at = now(), email = id::text || '@removed.invalid'
     WHERE id = $1`,
    [id],
  );
  await db.query('DELETE FROM sessions WHERE facilitator_id = $1', [id]);
  await db.query(
    'UPDATE invites SET expires_at = now() WHERE created_by = $1 AND used_at IS NULL',
    [id],
  );
  await db.query(
    `UPDATE password_resets SET expires_at = now()
     WHERE (facilitator_id = $1 OR created_by = $1) AND used_at IS NULL`,
    [id],
  );
}

/** Sets a new password and ends every session of the account but `keep` (the caller's own). */
export async function setPassword(db: Queryable, id: string, hash: string, keep?: string) {
  await db.query(
    'UPDATE facilitators SET password_hash = $2, password_changed_at = now() WHERE id = $1',
    [id, hash],
  );
  await db.query('DELETE FROM sessions WHERE facilitator_id = $1 AND token_hash <> $2', [
    id,
    keep ? hashToken(keep) : '',
  ]);
}

export async function createReset(db: Queryable, facilitatorId: string, createdBy: string) {
  const token = newToken();
  // A new link replaces any earlier one for the same account: only the latest works.
  await db.query(
    'UPDATE password_resets SET expires_at = now() WHERE facilitator_id = $1 AND used_at IS NULL',
    [facilitatorId],
  );
  const rows = await db.query<{ expires_at: Date }>(
    `INSERT INTO password_resets (token_hash, facilitator_id, created_by, expires_at)
     VALUES ($1, $2, $3, now() + interval '24 hours') RETURNING expires_at`,
    [hashToken(token), facilitatorId, createdBy],
  );
  return { token, expiresAt: new Date(rows[0]!.expires_at).toISOString() };
}

export async function findOpenReset(db: Queryable, token: string) {
  const row = await one<{ name: string; email: string; expires_at: Date }>(
    db,
    `SELECT f.name, f.email, r.expires_at FROM password_resets r
       JOIN facilitators f ON f.id = r.facilitator_id
     WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()
       AND f.removed_at IS NULL`,
    [hashToken(token)],
  );
  return row
    ? { name: row.name, email: row.email, expiresAt: new Date(row.expires_at).toISOString() }
    : undefined;
}

/** Uses the link once: the account it was for, or undefined if it was used, ended or unknown. */
export async function claimReset(db: Queryable, token: string): Promise<string | undefined> {
  const row = await one<{ facilitator_id: string }>(
    db,
    `UPDATE password_resets r SET used_at = now()
     FROM facilitators f
     WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()
       AND f.id = r.facilitator_id AND f.removed_at IS NULL
     RETURNING r.facilitator_id`,
    [hashToken(token)],
  );
  return row?.facilitator_id;
}

export type AccountAction = AccountAuditEntry['action'];

export async function logAccount(
  db: Queryable,
  e: {
    actorId: string | null;
    subjectId: string | null;
    action: AccountAction;
    detail?: AccountAuditEntry['detail'];
  },
) {
  await db.query(
    `INSERT INTO account_audit (actor_id, subject_id, action, detail) VALUES ($1, $2, $3, $4)`,
    [e.actorId, e.subjectId, e.action, JSON.stringify(e.detail ?? {})],
  );
}

export async function accountAudit(db: Queryable, limit = 500): Promise<AccountAuditEntry[]> {
  const rows = await db.query<{
    at: Date;
    action: AccountAction;
    actor: string | null;
    subject: string | null;
    detail: unknown;
  }>(
    `SELECT a.at, a.action, actor.name AS actor, subject.name AS subject, a.detail
       FROM account_audit a
       LEFT JOIN facilitators actor ON actor.id = a.actor_id
       LEFT JOIN facilitators subject ON subject.id = a.subject_id
     ORDER BY a.at DESC, a.id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    action: r.action,
    actor: r.actor,
    subject: r.subject,
    // A jsonb column comes back parsed from PostgreSQL and as text from some drivers; either way
    // it is checked, not assumed.
    detail: AccountAuditEntrySchema.shape.detail.parse(
      typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
    ),
  }));
}
