import type {
  AboutYouInput,
  AuditEntry,
  ReachReport,
  ReferenceProfile,
  ReferenceRow,
} from '../../../shared/protocol/reach.ts';
import { auditLog, logAudit } from '../../core/audit.ts';
import type { Database } from '../../db/database.ts';
import { notFound, refuse } from '../../errors.ts';
import type { Participant } from '../participants/store.ts';
import * as workshops from '../workshops/store.ts';
import { recordReport, workshopReport } from './report.ts';
import * as store from './store.ts';

/** The "about you" step, reach reports, the borough's profile and the record's audit log. */
export class ReachService {
  constructor(private readonly db: Database) {}

  /**
   * Stores a person's answers with their workshop, group and the day, and nothing that points
   * back to them (REC12). Answering twice is refused; nothing chosen means nothing stored.
   */
  async aboutYou(p: Participant, answers: AboutYouInput): Promise<void> {
    const given = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined));
    if (Object.keys(given).length === 0) return;
    await this.db.transaction(async (tx) => {
      const head = await workshops.findHead(tx, p.workshopId);
      if (!head) throw notFound('workshop');
      if (head.status !== 'open') {
        throw refuse('ANSWERS_CLOSED');
      }
      const saved = await store.saveAnswers(tx, {
        participantId: p.id,
        workshopId: p.workshopId,
        groupKey: p.groupKey,
        answers: given,
      });
      if (!saved) throw refuse('ALREADY_ANSWERED');
    });
  }

  async forWorkshop(workshopId: string): Promise<ReachReport> {
    const head = await store.workshopHead(this.db, workshopId);
    if (!head) throw notFound('workshop');
    const [answers, reference] = await Promise.all([
      store.answersOf(this.db, [workshopId]),
      store.referenceProfile(this.db),
    ]);
    return workshopReport(head, answers, reference);
  }

  async forRecord(recordId: string): Promise<ReachReport> {
    const title = await store.recordTitle(this.db, recordId);
    if (title === undefined) throw notFound('record');
    const heads = await store.workshopsOfRecord(this.db, recordId);
    const [answers, reference] = await Promise.all([
      store.answersOf(
        this.db,
        heads.map((h) => h.id),
      ),
      store.referenceProfile(this.db),
    ]);
    return recordReport({ id: recordId, title }, heads, answers, reference);
  }

  async profile(): Promise<ReferenceProfile> {
    return { rows: await store.referenceProfile(this.db) };
  }

  async setProfile(facilitatorId: string, rows: ReferenceRow[]): Promise<ReferenceProfile> {
    await this.db.transaction(async (tx) => {
      await store.replaceReferenceProfile(tx, rows);
      await logAudit(tx, {
        recordId: null,
        workshopId: null,
        facilitatorId,
        action: 'reference_profile_changed',
        detail: { rows: rows.length },
      });
    });
    return this.profile();
  }

  async audit(recordId: string): Promise<AuditEntry[]> {
    if ((await store.recordTitle(this.db, recordId)) === undefined) throw notFound('record');
    return auditLog(this.db, recordId);
  }
}
