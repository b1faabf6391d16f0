import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { ActivityParsed } from '../../../shared/domain/activity.ts';
import { defaultGroups } from '../../../shared/domain/groups.ts';
import { generateJoinCode } from '../../../shared/domain/joinCode.ts';
import { checkSentences } from '../../../shared/domain/checkSentences.ts';
import { intoOwnLanguage, type Translations } from '../../../shared/domain/translations.ts';
import type {
  CreateWorkshopSchema,
  RoomState,
  UpdateWorkshopSchema,
  Workshop,
  EditableWorkshop,
} from '../../../shared/domain/workshop.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { notFound, refuse } from '../../errors.ts';
import type { Emitter } from '../../core/events.ts';
import * as store from './store.ts';

/**
 * What the workshops feature tells, after the change is stored: `room.changed` after every
 * change the room can see (the transport pushes the new state); the others as a workshop's life
 * moves on (the record notes them).
 */
export type WorkshopEvents = {
  'room.changed': { workshop: Workshop };
  'workshop.opened': { workshop: Workshop };
  /**
   * Told with `emitAndWait`: its listener saves the outcome, and a failure is the close's answer,
   * so the facilitator learns of it (SEC12).
   */
  'workshop.closed': { workshop: Workshop };
  'workshop.activityStarted': { workshop: Workshop; activityId: string | null };
};

export class WorkshopService {
  constructor(
    private readonly db: Database,
    private readonly events: Emitter<WorkshopEvents>,
  ) {}

  list() {
    return store.listWorkshops(this.db);
  }

  async get(id: string, db: Queryable = this.db): Promise<Workshop> {
    const head = await store.findHead(db, id);
    if (!head) throw notFound('workshop');
    return { ...head, agenda: await store.listAgenda(db, id) };
  }

  /** With the texts added while it runs, for its editor (not the room: one more read). */
  async getForEditing(id: string): Promise<EditableWorkshop> {
    const w = await this.get(id);
    return { ...w, liveTexts: await store.listLiveTexts(this.db, id) };
  }

  async create(createdBy: string, input: z.output<typeof CreateWorkshopSchema>): Promise<Workshop> {
    return this.db.transaction(async (tx) => {
      const id = await store.insertWorkshop(tx, {
        title: input.title,
        purpose: input.purpose,
        startsAt: input.startsAt,
        language: input.language,
        groups: input.groups ?? defaultGroups,
        createdBy,
      });
      // A new workshop's items are all new: ids sent by a client are not trusted to be unused.
      for (const [i, a] of input.agenda.entries()) {
        await store.insertActivity(tx, id, i, { ...a, id: undefined });
      }
      return this.get(id, tx);
    });
  }

  async update(id: string, input: z.output<typeof UpdateWorkshopSchema>): Promise<Workshop> {
    const w = await this.db.transaction(async (tx) => {
      const head = await store.findHead(tx, id, { lock: true });
      if (!head) throw notFound('workshop');
      await store.updateHead(tx, id, {
        title: input.title,
        purpose: input.purpose,
        starts_at: input.startsAt,
        groups: input.groups,
        language: input.language,
        translations: phrasebookAfter(head, input),
      });
      return this.get(id, tx);
    });
    this.events.emit('room.changed', { workshop: w });
    return w;
  }

  /**
   * Replaces the agenda in one go: items with an `id` are kept (and moved or edited), items
   * without are added, items left out are removed. The current activity cannot be removed:
   * the room would be left showing something that no longer exists.
   */
  async replaceAgenda(id: string, activities: ActivityParsed[]): Promise<Workshop> {
    const w = await this.db.transaction(async (tx) => {
      const head = await store.findHead(tx, id, { lock: true });
      if (!head) throw notFound('workshop');
      const existing = await store.listAgenda(tx, id);
      const existingIds = new Set(existing.map((a) => a.id));
      const keptIds = new Set<string>();
      for (const [i, a] of activities.entries()) {
        if (a.id !== undefined && !existingIds.has(a.id)) {
          throw refuse(
            'ACTIVITY_NOT_IN_WORKSHOP',
            {},
            {
              fields: { [`activities.${i}.id`]: 'Unknown activity' },
            },
          );
        }
        if (a.id) keptIds.add(a.id);
      }
      const removed = existing.filter((a) => !keptIds.has(a.id)).map((a) => a.id);
      if (head.currentActivityId && removed.includes(head.currentActivityId)) {
        throw refuse('ACTIVITY_IS_CURRENT');
      }
      await store.removeActivities(tx, removed);
      for (const [i, a] of activities.entries()) {
        if (a.id) await store.updateActivity(tx, i, { ...a, id: a.id });
        else await store.insertActivity(tx, id, i, a);
      }
      await store.updateHead(tx, id, {});
      return this.get(id, tx);
    });
    this.events.emit('room.changed', { workshop: w });
    return w;
  }

  /** Opens the workshop for joining; the first opening draws its join code. (JOIN3) */
  async open(id: string): Promise<Workshop> {
    for (let attempt = 0; ; attempt++) {
      try {
        let changed = false;
        const w = await this.db.transaction(async (tx) => {
          const head = await store.findHead(tx, id, { lock: true });
          if (!head) throw notFound('workshop');
          if (head.status === 'open') return this.get(id, tx);
          changed = true;
          await store.updateHead(tx, id, {
            status: 'open',
            join_code: head.joinCode ?? generateJoinCode((n) => randomBytes(n)),
            opened_at: head.openedAt ? undefined : 'now',
            closed_at: null,
          });
          return this.get(id, tx);
        });
        this.events.emit('room.changed', { workshop: w });
        if (changed) this.events.emit('workshop.opened', { workshop: w });
        return w;
      } catch (err) {
        // 21^6 codes make a collision rare; a unique violation simply draws again.
        if (isUniqueViolation(err) && attempt < 5) continue;
        throw err;
      }
    }
  }

  async close(id: string): Promise<Workshop> {
    let changed = false;
    const w = await this.db.transaction(async (tx) => {
      const head = await store.findHead(tx, id, { lock: true });
      if (!head) throw notFound('workshop');
      if (head.status === 'closed') return this.get(id, tx);
      changed = true;
      if (head.status === 'draft') throw refuse('WORKSHOP_NEVER_OPENED');
      await store.updateHead(tx, id, { status: 'closed', closed_at: 'now' });
      return this.get(id, tx);
    });
    this.events.emit('room.changed', { workshop: w });
    if (changed) await this.events.emitAndWait('workshop.closed', { workshop: w });
    return w;
  }

  /** Moves the whole room to an activity (or back to the welcome screen with null). */
  async gotoActivity(id: string, activityId: string | null): Promise<Workshop> {
    let changed = false;
    const w = await this.db.transaction(async (tx) => {
      const head = await store.findHead(tx, id, { lock: true });
      if (!head) throw notFound('workshop');
      if (head.status === 'closed') throw refuse('WORKSHOP_HAS_CLOSED');
      if (activityId !== null) {
        const agenda = await store.listAgenda(tx, id);
        if (!agenda.some((a) => a.id === activityId)) throw notFound('activity');
      }
      if (head.currentActivityId !== activityId) {
        changed = true;
        await store.updateHead(tx, id, { current_activity_id: activityId });
      }
      return this.get(id, tx);
    });
    this.events.emit('room.changed', { workshop: w });
    if (changed) this.events.emit('workshop.activityStarted', { workshop: w, activityId });
    return w;
  }

  /** Shows or hides the QR code and join code on the projector (HALL3). */
  async setScreenJoin(id: string, shown: boolean): Promise<Workshop> {
    const w = await this.db.transaction(async (tx) => {
      const head = await store.findHead(tx, id, { lock: true });
      if (!head) throw notFound('workshop');
      if (head.screenJoinShown !== shown) {
        await store.updateHead(tx, id, { screen_join_shown: shown });
      }
      return this.get(id, tx);
    });
    this.events.emit('room.changed', { workshop: w });
    return w;
  }

  async roomState(id: string): Promise<RoomState> {
    return toRoomState(await this.get(id));
  }

  /** The room of a workshop whose head the caller has just read: one read, of its agenda. */
  async roomStateOf(head: store.WorkshopHead): Promise<RoomState> {
    return toRoomState({ ...head, agenda: await store.listAgenda(this.db, head.id) });
  }

  findHead(id: string) {
    return store.findHead(this.db, id);
  }

  findByCode(code: string) {
    return store.findHeadByCode(this.db, code);
  }
}

/**
 * The phrasebook an update leaves (LANG11), undefined if unchanged. One sent must not translate
 * into the workshop's language (the schema checks that when both come together); a language
 * changed alone drops the translations into it, which nobody would see now.
 */
function phrasebookAfter(
  head: store.WorkshopHead,
  input: z.output<typeof UpdateWorkshopSchema>,
): Translations | undefined {
  const language = input.language ?? head.language;
  if (input.translations) {
    if (intoOwnLanguage(language, input.translations)) {
      const field = `translations.${language}`;
      throw refuse(
        'FIELDS_NEED_ATTENTION',
        {},
        {
          fields: { [field]: checkSentences.ownLanguage },
          issues: { [field]: { code: 'ownLanguage' } },
        },
      );
    }
    return input.translations;
  }
  if (input.language && intoOwnLanguage(language, head.translations)) {
    const { [language]: _dropped, ...rest } = head.translations;
    return rest;
  }
  return undefined;
}

export function toRoomState(w: Workshop): RoomState {
  return {
    rev: w.rev,
    workshop: {
      id: w.id,
      title: w.title,
      purpose: w.purpose,
      startsAt: w.startsAt,
      status: w.status,
      joinCode: w.joinCode,
      groups: w.groups,
      language: w.language,
      translations: w.translations,
    },
    agenda: w.agenda.map((a) => ({
      id: a.id,
      position: a.position,
      kind: a.kind,
      title: a.title,
      prompt: a.prompt,
    })),
    currentActivityId: w.currentActivityId,
    screen: { joinShown: w.screenJoinShown },
  };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === '23505';
}
