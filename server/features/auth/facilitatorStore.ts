import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AccountAuditEntrySchema,
  type Account,
  type AccountAuditEntry,
} from '../../../shared/protocol/accounts.ts';
import { RoleSchema, type Facilitator, type Role } from '../../../shared/protocol/rest.ts';
import { isoTimestamp, jsonb } from '../../db/columns.ts';
import { count, row, rows, type Queryable } from '../../db/database.ts';
import { hashToken, newToken } from './tokens.ts';

const facilitatorRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  password_hash: z.string(),
  created_at: isoTimestamp,
});
type FacilitatorRow = z.infer<typeof facilitatorRow>;

const expiresRow = z.object({ expires_at: isoTimestamp });

const toFacilitator = (r: FacilitatorRow): Facilitator => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
});

export async function countFacilitators(db: Queryable): Promise<number> {
  return count(db, 'SELECT count(*)::int AS n FROM facilitators');
}

export async function insertFacilitator(
  db: Queryable,
  f: { email: string; name: string; passwordHash: string; role: Role },
): Promise<Facilitator> {
  const inserted = await row(
    db,
    facilitatorRow,
    `INSERT INTO facilitators (id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO NOTHING RETURNING *`,
    [randomUUID(), f.email, f.name, f.passwordHash, f.role],
  );
  return inserted ? toFacilitator(inserted) : Promise.reject(new EmailTakenError());
}

export class EmailTakenError extends Error {}

export async function findByEmail(db: Queryable, email: string) {
  const found = await row(
    db,
    facilitatorRow,
    'SELECT * FROM facilitators WHERE email = $1 AND removed_at IS NULL',
    [email],
  );
  return found ? { ...toFacilitator(found), passwordHash: found.password_hash } : undefined;
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
  const found = await row(
    db,
    facilitatorRow,
    `SELECT f.* FROM sessions s JOIN facilitators f ON f.id = s.facilitator_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND f.removed_at IS NULL`,
    [hashToken(token)],
  );
  return found ? toFacilitator(found) : undefined;
}

export async function deleteSession(db: Queryable, token: string) {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

export async function createInvite(db: Queryable, createdBy: string) {
  const token = newToken();
  const [created] = await rows(
    db,
    expiresRow,
    `INSERT INTO invites (token_hash, created_by, expires_at)
     VALUES ($1, $2, now() + interval '7 days') RETURNING expires_at`,
    [hashToken(token), createdBy],
  );
  return { token, expiresAt: created!.expires_at };
}

export async function findOpenInvite(db: Queryable, token: string) {
  const found = await row(
    db,
    z.object({ invited_by: z.string(), expires_at: isoTimestamp }),
    `SELECT f.name AS invited_by, i.expires_at FROM invites i JOIN facilitators f ON f.id = i.created_by
     WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > now()
       AND f.removed_at IS NULL`,
    [hashToken(token)],
  );
  return found ? { invitedBy: found.invited_by, expiresAt: found.expires_at } : undefined;
}

/** Marks the invite used; false if someone else used it first (the row lock decides). */
export async function claimInvite(db: Queryable, token: string): Promise<boolean> {
  const written = await db.query(
    `UPDATE invites SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
     RETURNING token_hash`,
    [hashToken(token)],
  );
  return written.length === 1;
}

export async function recordInviteUse(db: Queryable, token: string, facilitatorId: string) {
  await db.query('UPDATE invites SET used_by = $2 WHERE token_hash = $1', [
    hashToken(token),
    facilitatorId,
  ]);
}

export async function getSetting(db: Queryable, key: string) {
  return (
    await row(
      db,
      z.object({ value: z.string() }),
      'SELECT value FROM instance_settings WHERE key = $1',
      [key],
    )
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
  createdAt: r.created_at,
});

export async function listAccounts(db: Queryable): Promise<Account[]> {
  const found = await rows(
    db,
    facilitatorRow,
    'SELECT * FROM facilitators WHERE removed_at IS NULL ORDER BY created_at, id',
  );
  return found.map(toAccount);
}

/** The account, locked for the rest of the transaction, if it exists and was not removed. */
export async function lockAccount(db: Queryable, id: string) {
  const found = await row(
    db,
    facilitatorRow,
    'SELECT * FROM facilitators WHERE id = $1 AND removed_at IS NULL FOR UPDATE',
    [id],
  );
  return found ? { ...toAccount(found), passwordHash: found.password_hash } : undefined;
}

export async function countOwners(db: Queryable): Promise<number> {
  return count(
    db,
    "SELECT count(*)::int AS n FROM facilitators WHERE role = 'owner' AND removed_at IS NULL",
  );
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
  const [created] = await rows(
    db,
    expiresRow,
    `INSERT INTO password_resets (token_hash, facilitator_id, created_by, expires_at)
     VALUES ($1, $2, $3, now() + interval '24 hours') RETURNING expires_at`,
    [hashToken(token), facilitatorId, createdBy],
  );
  return { token, expiresAt: created!.expires_at };
}

export async function findOpenReset(db: Queryable, token: string) {
  const found = await row(
    db,
    z.object({ name: z.string(), email: z.string(), expires_at: isoTimestamp }),
    `SELECT f.name, f.email, r.expires_at FROM password_resets r
       JOIN facilitators f ON f.id = r.facilitator_id
     WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()
       AND f.removed_at IS NULL`,
    [hashToken(token)],
  );
  return found ? { name: found.name, email: found.email, expiresAt: found.expires_at } : undefined;
}

/** Uses the link once: the account it was for, or undefined if it was used, ended or unknown. */
export async function claimReset(db: Queryable, token: string): Promise<string | undefined> {
  const claimed = await row(
    db,
    z.object({ facilitator_id: z.string() }),
    `UPDATE password_resets r SET used_at = now()
     FROM facilitators f
     WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()
       AND f.id = r.facilitator_id AND f.removed_at IS NULL
     RETURNING r.facilitator_id`,
    [hashToken(token)],
  );
  return claimed?.facilitator_id;
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
  const found = await rows(
    db,
    z.object({
      at: isoTimestamp,
      action: AccountAuditEntrySchema.shape.action,
      actor: z.string().nullable(),
      subject: z.string().nullable(),
      detail: jsonb(AccountAuditEntrySchema.shape.detail),
    }),
    `SELECT a.at, a.action, actor.name AS actor, subject.name AS subject, a.detail
       FROM account_audit a
       LEFT JOIN facilitators actor ON actor.id = a.actor_id
       LEFT JOIN facilitators subject ON subject.id = a.subject_id
     ORDER BY a.at DESC, a.id DESC LIMIT $1`,
    [limit],
  );
  return found;
}
