import type { AuditEntry } from '../../shared/protocol/reach.ts';
import { z } from 'zod';
import { isoTimestamp, jsonb } from '../db/columns.ts';
import { rows, type Queryable } from '../db/database.ts';

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

const auditRow = z.object({
  id: z.number(),
  at: isoTimestamp,
  action: z.string(),
  workshop_id: z.string().nullable(),
  name: z.string().nullable(),
  detail: jsonb(z.record(z.string(), z.unknown())),
});

/** A record's audit log, newest first, with the facilitators' names as they are now. */
export async function auditLog(db: Queryable, recordId: string): Promise<AuditEntry[]> {
  const found = await rows(
    db,
    auditRow,
    `SELECT a.id, a.at, a.action, a.workshop_id, f.name, a.detail
       FROM record_audit a LEFT JOIN facilitators f ON f.id = a.facilitator_id
      WHERE a.record_id = $1 ORDER BY a.id DESC`,
    [recordId],
  );
  return found.map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action,
    workshopId: r.workshop_id,
    facilitator: r.name,
    detail: r.detail,
  }));
}
