import type { PersonalDataPart } from '../../core/personalData.ts';

/** "About you" answers carry no participant id by design: they go with retention only. */
export const reachPersonalData: PersonalDataPart = {
  name: 'reach',
  tables: ['equality_answers'],

  async expire(tx, workshopId) {
    const answers = await tx.query(
      'DELETE FROM equality_answers WHERE workshop_id = $1 RETURNING id',
      [workshopId],
    );
    return { equalityAnswers: answers.length };
  },
};
