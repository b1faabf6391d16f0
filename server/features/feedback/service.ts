import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { Language } from '../../../shared/domain/languages.ts';
import {
  feedbackPath,
  type FeedbackContactSchema,
  type FeedbackResponse,
  type OutcomeItem,
  type PublicFeedback,
  type PublishResult,
  type ResponseInputSchema,
  type ResponsesView,
} from '../../../shared/protocol/feedback.ts';
import { logAudit } from '../../core/audit.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { notFound, refuse } from '../../errors.ts';
import { feedbackMessage } from './message.ts';
import { outcomeItems, publicActivities, publicOutcomeOf } from './outcomeItems.ts';
import * as store from './store.ts';

export type FeedbackDeps = {
  db: Database;
  /** Whether SMTP is configured, for the facilitators' view. */
  mailConfigured: () => boolean;
  /** Called after messages were queued, so they go out now rather than at the next tick. */
  queued: () => void;
};

/** "You said, we did": responses, publishing, the public page and contacts (REC8 to REC11). */
export class FeedbackService {
  constructor(private readonly deps: FeedbackDeps) {}

  private get db() {
    return this.deps.db;
  }

  private async record(db: Queryable, id: string, lock = false) {
    const r = await store.findRecord(db, id, lock);
    if (!r) throw notFound('record');
    return r;
  }

  /** Outcome items with their responses; answered items no longer in a snapshot come last. */
  private async itemsOf(db: Queryable, recordId: string): Promise<OutcomeItem[]> {
    const snapshots = await store.latestSnapshots(db, recordId);
    const responses = await store.listResponses(db, recordId);
    const byItem = new Map(responses.map((r) => [r.itemId, r]));
    const items: OutcomeItem[] = outcomeItems(snapshots).map((i) => ({
      ...i,
      response: byItem.get(i.itemId) ?? null,
    }));
    const listed = new Set(items.map((i) => i.itemId));
    for (const r of responses) {
      if (listed.has(r.itemId)) continue;
      items.push({
        itemId: r.itemId,
        itemKind: r.itemKind,
        label: r.itemLabel,
        workshopId: null,
        workshopTitle: '',
        activityTitle: '',
        response: r,
      });
    }
    return items;
  }

  async responses(recordId: string): Promise<ResponsesView> {
    const r = await this.record(this.db, recordId);
    return {
      recordId: r.id,
      publicId: r.publicId,
      status: r.status,
      feedbackPublishedAt: r.feedbackPublishedAt,
      items: await this.itemsOf(this.db, r.id),
      contactsWaiting: await store.countUntold(this.db, r.id),
      outbox: await store.outboxCounts(this.db, r.id),
      mailConfigured: this.deps.mailConfigured(),
    };
  }

  /** Records what happened to one outcome item, and logs the change (REC8). */
  async setResponse(
    recordId: string,
    itemId: string,
    input: z.output<typeof ResponseInputSchema>,
    facilitatorId: string,
  ): Promise<FeedbackResponse> {
    return this.db.transaction(async (tx) => {
      await this.record(tx, recordId, true);
      const items = await this.itemsOf(tx, recordId);
      const item = items.find((i) => i.itemId === itemId);
      if (!item) throw notFound('outcomeItem');
      if (item.itemKind !== input.itemKind) {
        throw refuse(
          'ITEM_OTHER_KIND',
          {},
          {
            fields: { itemKind: `This item is a ${item.itemKind}` },
            issues: { itemKind: { code: 'invalid' } },
          },
        );
      }
      const before = await store.findResponse(tx, recordId, itemId);
      const saved = await store.upsertResponse(tx, recordId, {
        itemId,
        itemKind: item.itemKind,
        // The label is the outcome's own words; a client cannot reword what people said.
        itemLabel: item.workshopId ? item.label : input.itemLabel,
        decision: input.decision,
        explanation: input.explanation,
        decidedOn: input.decidedOn,
        decidedBy: input.decidedBy,
      });
      await logAudit(tx, {
        recordId,
        workshopId: null,
        facilitatorId,
        action: before ? 'response changed' : 'response recorded',
        detail: {
          itemId,
          itemKind: item.itemKind,
          decision: saved.decision,
          ...(before ? { previousDecision: before.decision } : {}),
          decidedOn: saved.decidedOn,
          decidedBy: saved.decidedBy,
        },
      });
      return saved;
    });
  }

  /**
   * Publishes the feedback: the record is marked as feedback given, and each address left at
   * one of its workshops gets one message, keyed so that publishing again never sends it twice
   * (REC11). The outbox deletes each contact once its message has gone (REC10).
   */
  async publish(recordId: string, facilitatorId: string, baseUrl: string): Promise<PublishResult> {
    const result = await this.db.transaction(async (tx) => {
      const r = await this.record(tx, recordId, true);
      const items = await this.itemsOf(tx, recordId);
      const responses = items.flatMap((i) => (i.response ? [i.response] : []));
      if (responses.length === 0) {
        throw refuse('NO_RESPONSES_YET');
      }
      const publishedAt = await store.markFeedbackGiven(tx, recordId);
      const workshopTitles = (await store.latestSnapshots(tx, recordId)).map((s) => s.title);
      const pageUrl = `${baseUrl}${feedbackPath(r.publicId)}`;
      const messages = new Map<Language, { subject: string; text: string }>();
      const messageIn = (language: Language) => {
        let m = messages.get(language);
        if (!m) {
          m = feedbackMessage({
            language,
            recordTitle: r.title,
            service: r.service,
            workshopTitles,
            responses,
            pageUrl,
          });
          messages.set(language, m);
        }
        return m;
      };
      let queued = 0;
      for (const c of await store.contactsToTell(tx, recordId)) {
        const m = messageIn(c.language);
        const added = await store.enqueue(tx, {
          dedupeKey: `feedback:${recordId}:${c.id}`,
          to: c.email,
          subject: m.subject,
          text: m.text,
        });
        if (added) queued += 1;
      }
      await logAudit(tx, {
        recordId,
        workshopId: null,
        facilitatorId,
        action: 'feedback published',
        detail: { responses: responses.length, queued },
      });
      return { feedbackPublishedAt: publishedAt, queued };
    });
    if (result.queued > 0) this.deps.queued();
    return { ...result, mailConfigured: this.deps.mailConfigured() };
  }

  /** The public page's data: nothing personal, and no draft answers before publication (REC9). */
  async publicFeedback(publicId: string): Promise<PublicFeedback> {
    const r = await store.findRecordByPublicId(this.db, publicId);
    if (!r) throw notFound('page');
    const snapshots = await store.latestSnapshots(this.db, r.id);
    const workshops: PublicFeedback['workshops'] = [];
    for (const s of snapshots) {
      const o = publicOutcomeOf(s);
      workshops.push({
        title: s.title,
        startsAt: s.startsAt,
        closedAt: s.closedAt,
        joined: o?.participation.joined ?? 0,
        activities: o ? publicActivities(o) : [],
      });
    }
    const responses = r.feedbackPublishedAt
      ? (await this.itemsOf(this.db, r.id)).flatMap((i) =>
          i.response ? [withoutTimestamp(i.response)] : [],
        )
      : [];
    return {
      record: {
        publicId: r.publicId,
        title: r.title,
        service: r.service,
        area: r.area,
        level: r.level,
        canInfluence: r.canInfluence,
        cannotInfluence: r.cannotInfluence,
        startsOn: r.startsOn,
        endsOn: r.endsOn,
        status: r.status,
        location: r.location,
        summary: r.summary,
        feedbackPublishedAt: r.feedbackPublishedAt,
      },
      workshops,
      responses,
    };
  }

  /** Where a closed workshop's phones can read what happened next, once it is published. */
  async publishedPathOfWorkshop(workshopId: string): Promise<string | null> {
    const id = await store.publishedPublicIdOfWorkshop(this.db, workshopId);
    return id === undefined ? null : feedbackPath(id);
  }

  async publicIdExists(publicId: string): Promise<boolean> {
    return (await store.findRecordByPublicId(this.db, publicId)) !== undefined;
  }

  /**
   * Keeps an address to tell this person what happened, with nothing that ties it to them: no
   * participant id and no time of day (REC10). A phone cannot leave more addresses than the
   * workshop has people, so a token cannot be used to fill the outbox with strangers.
   */
  async addContact(
    participant: { workshopId: string; language: Language },
    deviceToken: string,
    input: z.output<typeof FeedbackContactSchema>,
  ) {
    const keyOf = (email: string) => phoneKey(deviceToken, email);
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT id FROM workshops WHERE id = $1 FOR UPDATE', [participant.workshopId]);
      // Only an address this phone gave can be swapped out: someone else's stays (SEC14).
      if (input.replaces && input.replaces !== input.email) {
        await store.deleteOwnContact(
          tx,
          participant.workshopId,
          input.replaces,
          keyOf(input.replaces),
        );
      }
      const room = await store.contactRoom(tx, participant.workshopId, input.email);
      if (!room.known && room.contacts >= room.people) {
        throw refuse('PUBLIC_PAGE_EXISTS');
      }
      await store.insertContact(tx, {
        workshopId: participant.workshopId,
        email: input.email,
        language: participant.language,
        phoneKey: keyOf(input.email),
      });
    });
  }
}

/**
 * An address as seen from one phone: keyed with its device token, which the database never holds
 * (only its hash), so the key proves "this phone gave it" without naming the phone (SEC14).
 */
function phoneKey(deviceToken: string, email: string): string {
  return createHmac('sha256', deviceToken).update(email).digest('base64url');
}

function withoutTimestamp(r: FeedbackResponse): PublicFeedback['responses'][number] {
  const { updatedAt: _updatedAt, ...rest } = r;
  return rest;
}
