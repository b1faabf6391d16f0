import * as z from 'zod/mini';
import { GroupKeySchema } from '../domain/groups.ts';
import { LanguageSchema } from '../domain/languages.ts';
import { limits } from '../domain/limits.ts';
import { line } from '../domain/text.ts';

/**
 * A participant's own details, and the command that changes them. Apart from the rest of the
 * protocol because a phone's profile editor checks its form with the same schema the server
 * parses with, and the phone's first screen should not carry every command's schema for that.
 */

export const SelfSchema = z.object({
  participantId: z.uuid(),
  displayName: z.string(),
  groupKey: z.string(),
  language: LanguageSchema,
});
export type Self = z.infer<typeof SelfSchema>;

export const ParticipantUpdateSchema = z.strictObject({
  displayName: z.optional(line(limits.displayNameMax)),
  groupKey: z.optional(GroupKeySchema),
  language: z.optional(LanguageSchema),
});
