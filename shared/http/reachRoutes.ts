import { z } from 'zod';
import { SavedReferenceProfileSchema } from '../protocol/records.ts';
import {
  AuditEntrySchema,
  ErasableParticipantSchema,
  ErasureResultSchema,
  ReachReportSchema,
  ReferenceProfileSchema,
} from '../protocol/reach.ts';
import { aboutYouRoute } from './participantRoutes.ts';
import { route, uuidParam } from './route.ts';

const reach = { json: ReachReportSchema, name: 'ReachReport', description: 'Reach' } as const;
const profile = { json: SavedReferenceProfileSchema, name: 'ReferenceProfile' } as const;

/** Reach monitoring (REC12, REC13) and data protection (REC14). */
export const reachApi = {
  aboutYou: aboutYouRoute,
  workshopReach: route({
    method: 'GET',
    path: '/workshops/:id/reach',
    access: 'facilitator',
    tag: 'Reach',
    summary: 'Who took part in one workshop, against the borough profile',
    params: { id: uuidParam('workshop') },
    reply: { status: 200, ...reach },
  }),
  recordReach: route({
    method: 'GET',
    path: '/records/:id/reach',
    access: 'facilitator',
    tag: 'Reach',
    summary: 'Who took part across the record, against the borough profile',
    description:
      'Counts below 5 are "fewer than 5", and counts that would let one be worked out are hidden.',
    params: { id: uuidParam('record') },
    reply: { status: 200, ...reach },
  }),
  profile: route({
    method: 'GET',
    path: '/reference-profile',
    access: 'facilitator',
    tag: 'Reach',
    summary: "The borough's reference profile (seeded from the census)",
    reply: { status: 200, ...profile, description: 'Shares by question and answer' },
  }),
  setProfile: route({
    method: 'PUT',
    path: '/reference-profile',
    access: 'facilitator',
    tag: 'Reach',
    summary: "Replace the borough's reference profile",
    body: { schema: ReferenceProfileSchema, name: 'ReferenceProfileInput' },
    reply: { status: 200, ...profile, description: 'The profile as saved' },
  }),
  contributors: route({
    method: 'GET',
    path: '/workshops/:id/contributors',
    access: 'facilitator',
    tag: 'Data protection',
    summary: "A workshop's participants and what each contributed, to pick one for erasure",
    params: { id: uuidParam('workshop') },
    reply: {
      status: 200,
      json: z.array(ErasableParticipantSchema),
      name: 'Contributors',
      description: 'Participants',
    },
  }),
  erase: route({
    method: 'DELETE',
    path: '/workshops/:id/participants/:participantId/contributions',
    access: 'facilitator',
    tag: 'Data protection',
    summary: "Delete a participant's contributions on request",
    description:
      "The record's counts update, saved snapshots are redacted, and the deletion is logged in the audit log.",
    params: { id: uuidParam('workshop'), participantId: uuidParam('participant') },
    reply: {
      status: 200,
      json: ErasureResultSchema,
      name: 'ErasureResult',
      description: 'What was deleted',
    },
  }),
  audit: route({
    method: 'GET',
    path: '/records/:id/audit',
    access: 'facilitator',
    tag: 'Data protection',
    summary: 'The audit log of facilitator actions on the record',
    params: { id: uuidParam('record') },
    reply: {
      status: 200,
      json: z.array(AuditEntrySchema),
      name: 'AuditLog',
      description: 'The entries',
    },
  }),
};
