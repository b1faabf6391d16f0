import type { FeatureModule } from '../../core/module.ts';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import type { Mailer } from './mailer.ts';
import { OutboxSender } from './outbox.ts';
import { feedbackRoutes } from './routes.ts';
import { FeedbackService } from './service.ts';

/** "You said, we did": responses, the public page, contacts and the e-mail outbox. */
export function feedbackFeature(deps: {
  db: Database;
  log: Logger;
  mailer: Mailer | undefined;
  contactRetentionDays: number;
  contactsPerAddress: number;
}) {
  const outbox = new OutboxSender({
    db: deps.db,
    log: deps.log,
    mailer: deps.mailer,
    contactRetentionDays: deps.contactRetentionDays,
  });
  const feedback = new FeedbackService({
    db: deps.db,
    mailConfigured: () => outbox.configured,
    queued: () => outbox.kick(),
  });
  const module: FeatureModule = {
    name: 'feedback',
    routes: feedbackRoutes({ feedback, contactsPerAddress: deps.contactsPerAddress }),
    start: () => outbox.start(),
    stop: () => outbox.stop(),
  };
  return { feedback, module };
}
