import type { PersonalDataPart } from '../../core/personalData.ts';

/**
 * The participant themselves: erased last (every other part's rows point at them), and on
 * retention their name and device link go while what they said stays.
 */
export const participantsPersonalData: PersonalDataPart = {
  name: 'participants',
  tables: ['participants'],

  async erase(tx, e) {
    const gone = await tx.query('DELETE FROM participants WHERE id = $1 RETURNING id', [
      e.subject.id,
    ]);
    return { participant: gone.length };
  },

  async expire(tx, workshopId) {
    const names = await tx.query(
      `UPDATE participants SET display_name = '', device_hash = NULL
        WHERE workshop_id = $1 AND (display_name <> '' OR device_hash IS NOT NULL) RETURNING id`,
      [workshopId],
    );
    return { names: names.length };
  },
};
