import * as z from 'zod/mini';
import { INTERNAL_KEYS } from './keyedRecord.ts';
import { limits } from './limits.ts';
import { line } from './text.ts';
import { checkSentences } from './checkSentences.ts';

/**
 * A group is what a participant says they are (resident, officer...). Results can later be shown
 * side by side per group so power-sharing is visible. Built-in groups have `label: null` and are
 * named by the interface in the participant's language; a facilitator's rename sets `label`.
 */
export const GroupKeySchema = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, checkSentences.groupKey),
  // Group keys become keys of counts by group (SEC8).
  z.refine((k) => !INTERNAL_KEYS.includes(k), checkSentences.reservedName),
);

export const GroupSchema = z.object({
  key: GroupKeySchema,
  label: z.nullable(line(limits.groupLabelMax, 1)),
});
export type Group = z.infer<typeof GroupSchema>;

export const builtInGroupKeys = ['resident', 'officer', 'partner', 'other'] as const;

export const defaultGroups: Group[] = builtInGroupKeys.map((key) => ({ key, label: null }));

export const GroupListSchema = z.array(GroupSchema).check(
  z.minLength(1, checkSentences.oneGroup),
  z.maxLength(limits.groupsMax, `At most ${limits.groupsMax} groups`),
  z.refine(
    (gs) => new Set(gs.map((g) => g.key)).size === gs.length,
    checkSentences.groupKeysUnique,
  ),
  z.refine(
    (gs) =>
      gs.every((g) => g.label !== null || (builtInGroupKeys as readonly string[]).includes(g.key)),
    checkSentences.groupNeedsName,
  ),
);
