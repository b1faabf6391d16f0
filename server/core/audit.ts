import type { AuditEntry } from '../../shared/protocol/reach.ts';
import type { Queryable } from '../db/database.ts';

/**
 * The audit log of engagement records (`record_audit`): who did what to a record or a workshop's
 * personal data. Records, feedback, reach, erasure and retention all write it, so it belongs to
 * none of them. Entries are only ever added.
 */

export type AuditEvent = {
  /** The record it concerns; null for changes outside any record (the borough's profile). */
  recordId: string | null;
  workshopId: string | null;
  /** Null when the server acted by itself (retention). */
  facilitatorId: string | null;
  action: string;
  /** Counts and ids only: never a name or anything the entry records as erased. */
  detail: Record<string, unknown>;
};

export async function logAudit(db: Queryable, e: AuditEvent) {
  await db.query(
    `INSERT INTO record_audit (record_id, workshop_id, facilitator_id, action, detail)
     VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [e.recordId, e.workshopId, e.facilitatorId, e.action, JSON.stringify(e.detail)],
  );
}

/** A record's audit log, newest first, with the facilitators' names as they are now. */
export async function auditLog(db: Queryable, recordId: string): Promise<AuditEntry[]> {
  const rows = await db.query<{
    id: number;
    at: Date | string;
    action: string;
    workshop_id: string | null;
    name: string | null;
    detail: unknown;
  }>(
    `SELECT a.id, a.at, a.action, a.workshop_id, f.name, a.detail
       FROM record_audit a LEFT JOIN facilitators f ON f.id = a.facilitator_id
      WHERE a.record_id = $1 ORDER BY a.id DESC`,
    [recordId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    action: r.action,
    workshopId: r.workshop_id,
    facilitator: r.name,
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<
      string,
      unknown
    >,
  }));
}
