import * as z from 'zod/mini';
import { answerKeys, questionKeys, type QuestionKey } from '../domain/equalityKeys.ts';
import { limits } from '../domain/limits.ts';
import { checkSentences } from '../domain/checkSentences.ts';

/**
 * What a phone sends and reads over REST after joining (the routes in
 * shared/http/participantRoutes.ts). Kept apart from the facilitators' feedback and reach
 * schemas so that a phone's first download carries only these.
 */

// ------------------------------------------------------------------ about you (REC12)

const answerSchema = (key: QuestionKey) => {
  const [first, ...rest] = answerKeys(key);
  return z.optional(z.enum([first!, ...rest]));
};

/**
 * What a person chose to answer; a question left out was skipped (which is not the same as
 * "prefer not to say", an answer that is counted). Nothing else is accepted: no name, no id.
 */
export const AboutYouSchema = z.strictObject(
  Object.fromEntries(questionKeys.map((k) => [k, answerSchema(k)])) as Record<
    QuestionKey,
    ReturnType<typeof answerSchema>
  >,
);
export type AboutYouInput = Partial<Record<QuestionKey, string>>;

// ------------------------------------------------------------------ feedback contact (REC10)

/** POST /api/participant/feedback-contact, with the participant's device token. */
const contactEmail = z.pipe(
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(limits.emailMax)),
  z.email(checkSentences.email),
);

export const FeedbackContactSchema = z.strictObject({
  email: contactEmail,
  /** The participant ticked the consent sentence; nothing is stored without it. */
  consent: z.literal(true, 'Tick the box to agree'),
  /**
   * An address given earlier from this phone, replaced by this one (a typo put right). Only an
   * address this same phone gave is removed (SEC14).
   */
  replaces: z.optional(contactEmail),
});
export type FeedbackContactInput = z.input<typeof FeedbackContactSchema>;

/** Where a closed workshop's phones find what happened next: null until it is published. */
export const WorkshopFeedbackLinkSchema = z.strictObject({
  feedbackPath: z.nullable(z.string().check(z.startsWith('/feedback/'), z.maxLength(200))),
});
export type WorkshopFeedbackLink = z.infer<typeof WorkshopFeedbackLinkSchema>;
