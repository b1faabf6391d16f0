import { z } from 'zod';
import { rows } from '../../db/database.ts';
import type { PersonalDataPart } from '../../core/personalData.ts';
import type { CafeService } from './service.ts';

const activityRow = z.object({ activity_id: z.string() });

/**
 * The café's part in erasure: the person's seats and place in the café go. A tablecloth is one
 * shared text written by everyone at the table, with no author per word, so it stays.
 */
export function cafePersonalData(cafe: Pick<CafeService, 'peopleLeft'>): PersonalDataPart {
  return {
    name: 'cafe',
    tables: ['cafe_seats', 'cafe_people'],

    async contributions(db, participantIds) {
      const found = await rows(
        db,
        z.object({ id: z.string(), n: z.number() }),
        `SELECT participant_id AS id, count(*)::int AS n FROM cafe_seats
          WHERE participant_id = ANY($1) GROUP BY participant_id`,
        [participantIds],
      );
      return new Map(found.map((r) => [r.id, { cafeSeats: r.n }]));
    },

    async gather(tx, e) {
      const seats = await rows(
        tx,
        z.object({ activity_id: z.string(), round: z.number() }),
        'SELECT activity_id, round FROM cafe_seats WHERE participant_id = $1',
        [e.subject.id],
      );
      for (const s of seats) {
        const rounds = e.seats.get(s.activity_id) ?? new Set<number>();
        rounds.add(s.round);
        e.seats.set(s.activity_id, rounds);
      }
    },

    async erase(tx, e) {
      const id = e.subject.id;
      const seats = await rows(
        tx,
        activityRow,
        'DELETE FROM cafe_seats WHERE participant_id = $1 RETURNING activity_id',
        [id],
      );
      const people = await rows(
        tx,
        activityRow,
        'DELETE FROM cafe_people WHERE participant_id = $1 RETURNING activity_id',
        [id],
      );
      await tx.query('UPDATE cafe_tables SET host_id = NULL WHERE host_id = $1', [id]);
      for (const r of [...seats, ...people]) e.cafes.add(r.activity_id);
      return { cafeSeats: seats.length };
    },

    redact(a, e, r) {
      if (a.kind !== 'world_cafe') return a;
      const rounds = e.seats.get(a.activityId);
      if (!rounds) return a;
      r.countedIn(a.activityId, [e.subject.groupKey]);
      return {
        ...a,
        rounds: a.rounds.map((x) =>
          rounds.has(x.round) ? { ...x, seated: r.minus(x.seated) } : x,
        ),
      };
    },

    // The cafés they sat in re-seat and re-check tablecloth access, so a write connection does
    // not outlive the erasure.
    async afterErase(e) {
      for (const activityId of e.cafes) await cafe.peopleLeft(e.subject.workshopId, activityId);
    },
  };
}
