import { ERASED_OPTION_LABEL } from '../../../shared/domain/voting.ts';
import type { PersonalDataPart } from '../../core/personalData.ts';

/**
 * Feedback's part: "you said, we did" e-mails quote the answers' labels, so the stored copies
 * lose an erased person's words too; feedback contacts carry no participant id by design, so
 * they go with the workshop's retention, not with one person.
 */
export const feedbackPersonalData: PersonalDataPart = {
  name: 'feedback',
  tables: ['feedback_contacts', 'outbox'],

  async erase(tx, e) {
    for (const label of e.optionLabels) {
      await tx.query(
        'UPDATE outbox SET body_text = replace(body_text, $1, $2) WHERE strpos(body_text, $1) > 0',
        [label.replace(/\n/g, '\n  '), ERASED_OPTION_LABEL],
      );
    }
    return {};
  },

  async expire(tx, workshopId) {
    const contacts = await tx.query(
      'DELETE FROM feedback_contacts WHERE workshop_id = $1 RETURNING id',
      [workshopId],
    );
    return { contacts: contacts.length };
  },
};
