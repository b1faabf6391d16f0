import type { z } from 'zod';
import type { Group } from '../../../shared/domain/groups.ts';
import type { Language } from '../../../shared/domain/languages.ts';
import type { JoinSchema } from '../../../shared/protocol/rest.ts';
import type { Presence, Roster } from '../../../shared/protocol/socket.ts';
import type { Database } from '../../db/database.ts';
import { notFound, refuse } from '../../errors.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import * as workshops from '../workshops/store.ts';
import * as store from './store.ts';

export class ParticipantService {
  constructor(private readonly db: Database) {}

  /**
   * A participant for this device; the token is returned once and kept on the device. A browser
   * that joined this workshop before (known by its device cookie) is the same participant again,
   * with a new token and the details it gave now: rejoining never makes a second voice. (JOIN7)
   */
  async join(workshopId: string, input: z.output<typeof JoinSchema>, deviceToken: string) {
    return this.db.transaction(async (tx) => {
      const head = await workshops.findHead(tx, workshopId);
      if (!head) throw refuse('JOIN_CODE_UNKNOWN');
      assertJoinable(head.status);
      assertGroup(head.groups, input.groupKey);
      const token = newToken();
      const fields = {
        tokenHash: hashToken(token),
        displayName: input.displayName,
        groupKey: input.groupKey,
        language: input.language,
      };
      const existing = await store.findByDevice(tx, workshopId, hashToken(deviceToken));
      if (existing) {
        return { participant: await store.rejoin(tx, existing.id, fields), token, rejoined: true };
      }
      const p = await store.insertParticipant(tx, {
        workshopId,
        deviceHash: hashToken(deviceToken),
        ...fields,
      });
      return { participant: p, token, rejoined: false };
    });
  }

  /** The participant a device token belongs to; the same person on every reconnect. (JOIN5) */
  async authenticate(token: string) {
    const p = await store.findByTokenHash(this.db, hashToken(token));
    if (p) await store.touch(this.db, p.id);
    return p;
  }

  /** Marks the participant as connected until now (a connection ended). */
  async seen(participantId: string) {
    await store.touch(this.db, participantId);
  }

  get(participantId: string) {
    return store.findById(this.db, participantId);
  }

  async update(
    participantId: string,
    fields: { displayName?: string; groupKey?: string; language?: Language },
  ) {
    const p = await store.findById(this.db, participantId);
    if (!p) throw notFound('participant');
    const head = await workshops.findHead(this.db, p.workshopId);
    if (fields.groupKey !== undefined && head) assertGroup(head.groups, fields.groupKey);
    return store.updateParticipant(this.db, participantId, fields);
  }

  async roster(workshopId: string, online: ReadonlySet<string>): Promise<Roster> {
    const ps = await store.listParticipants(this.db, workshopId);
    return {
      participants: ps.map((p) => ({
        id: p.id,
        displayName: p.displayName,
        groupKey: p.groupKey,
        language: p.language,
        online: online.has(p.id),
        joinedAt: p.joinedAt,
      })),
    };
  }

  /** Counts per group: everyone who ever joined, and who is connected now (by participant id). */
  async presence(
    workshopId: string,
    groups: Group[],
    online: ReadonlySet<string>,
  ): Promise<Presence> {
    const ids = [...online];
    const rows = await store.countByGroup(this.db, workshopId, ids);
    const languages = await store.countOnlineByLanguage(this.db, workshopId, ids);
    const counted = new Map(rows.map((r) => [r.group_key, r]));
    // Groups a facilitator removed after people chose them still count, under their key.
    const keys = [...new Set([...groups.map((g) => g.key), ...counted.keys()])];
    const byGroup = keys.map((key) => ({
      key,
      joined: counted.get(key)?.joined ?? 0,
      online: counted.get(key)?.online ?? 0,
    }));
    return {
      joined: byGroup.reduce((s, g) => s + g.joined, 0),
      online: byGroup.reduce((s, g) => s + g.online, 0),
      byGroup,
      languages: languages.map((l) => ({ code: l.language, online: l.online })),
    };
  }
}

function assertJoinable(status: string) {
  if (status === 'closed') throw refuse('WORKSHOP_HAS_CLOSED');
  if (status === 'draft') throw refuse('WORKSHOP_NOT_OPENED_YET');
}

function assertGroup(groups: Group[], key: string) {
  if (!groups.some((g) => g.key === key)) {
    throw refuse(
      'CHOOSE_LISTED_GROUP',
      {},
      {
        fields: { groupKey: 'Not one of this workshop’s groups' },
        issues: { groupKey: { code: 'invalid' } },
      },
    );
  }
}
