import {
  AboutYouSchema,
  FeedbackContactSchema,
  WorkshopFeedbackLinkSchema,
} from '../protocol/participantRest.ts';
import { route, textParam } from './route.ts';

/**
 * The routes a phone calls after joining, apart from the rest of their features' routes so a
 * phone's bundle imports only these (and the join routes) and none of the facilitators' schemas.
 */

export const feedbackLinkRoute = route({
  method: 'GET',
  path: '/public/workshops/:id/feedback',
  access: 'public',
  tag: 'Feedback',
  summary: 'Where a closed workshop\'s "You said, we did" page is, once published',
  description: "The id is the workshop's unguessable id; the answer is a public page or null.",
  params: { id: textParam('workshop', 100, "The workshop's id") },
  reply: {
    status: 200,
    json: WorkshopFeedbackLinkSchema,
    name: 'WorkshopFeedbackLink',
    description: 'The page, or null',
  },
});

export const feedbackContactRoute = route({
  method: 'POST',
  path: '/participant/feedback-contact',
  access: 'participant',
  tag: 'Feedback',
  summary: 'Leave an email address to be told what happened (with consent)',
  body: { schema: FeedbackContactSchema, name: 'FeedbackContact' },
  reply: { status: 204, description: 'Stored apart from contributions' },
});

export const aboutYouRoute = route({
  method: 'POST',
  path: '/participant/about-you',
  access: 'participant',
  tag: 'Reach',
  summary: 'The optional "about you" answers (each question may be skipped)',
  description: 'Stored apart from contributions, with no participant id; never shown one by one.',
  body: { schema: AboutYouSchema, name: 'AboutYou' },
  reply: { status: 204, description: 'Stored' },
});
