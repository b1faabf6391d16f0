import { z } from 'zod';
import { keyedRecord } from './keyedRecord.ts';
import { congressMethods } from './room.ts';
import { line } from './text.ts';
import type { Reason } from '../protocol/reasons.ts';

export const VOTE_OPTION_MAX = 200;
export const TOO_MANY_OPTIONS = 12;

/** VOTE2: about a third of the options, at least 3, at most 10 (and never more than the options allow). */
export function autoDots(optionCount: number): number {
  return Math.min(10, Math.max(3, Math.round(optionCount / 3)));
}

export const VoteKindSchema = z.enum(['dot', ...congressMethods]);
export type VoteKind = z.infer<typeof VoteKindSchema>;

export const VoteStatusSchema = z.enum(['preparing', 'open', 'closed']);
export type VoteStatus = z.infer<typeof VoteStatusSchema>;

export const VoteOptionSourceSchema = z.enum(['typed', 'theme', 'note', 'insight']);

export const VoteOptionInputSchema = z.object({
  label: line(VOTE_OPTION_MAX, 1),
  /**
   * Where it came from: typed, a theme / note of an idea board, or a World Café harvest insight
   * (kept for the record).
   */
  source: VoteOptionSourceSchema.default('typed'),
  sourceId: z.uuid().nullable().default(null),
});
export type VoteOptionInput = z.input<typeof VoteOptionInputSchema>;

export const VoteOptionSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  source: VoteOptionSourceSchema,
  sourceId: z.uuid().nullable(),
  position: z.int(),
});
export type VoteOption = z.infer<typeof VoteOptionSchema>;

/**
 * The label of a vote option made from a note whose author asked for their contributions to be
 * erased: the option and its counts stay, their words do not (SEC11).
 */
export const ERASED_OPTION_LABEL = 'Option removed at its author’s request';

/**
 * A ballot, by method. Dots: option id -> dots. Single: one option. Approval: the options
 * supported. Ranking: option ids, first choice first. Points: option id -> points.
 */
export const BallotSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dot'), dots: keyedRecord(z.uuid(), z.int().min(0).max(20)) }),
  z.object({ kind: z.literal('single'), choice: z.uuid() }),
  z.object({ kind: z.literal('approval'), choices: z.array(z.uuid()).max(50) }),
  z.object({ kind: z.literal('ranking'), order: z.array(z.uuid()).min(1).max(10) }),
  z.object({ kind: z.literal('points'), points: keyedRecord(z.uuid(), z.int().min(0).max(1000)) }),
]);
export type Ballot = z.infer<typeof BallotSchema>;

export const ResultRowSchema = z.object({
  optionId: z.uuid(),
  label: z.string(),
  /** Dots, votes, approvals, Borda points or points, by method. */
  score: z.number(),
  /** Of which from paper (dot votes). */
  paper: z.number(),
  /** 1-based; tied options share a rank. */
  rank: z.int(),
  tied: z.boolean(),
  /** Within the near-tie margin of the option above or below (VOTE6). */
  nearTie: z.boolean(),
  /** For ranking: how many put it first. */
  firstChoices: z.int().optional(),
  byGroup: keyedRecord(z.string(), z.object({ digital: z.number(), paper: z.number() })),
});
export type ResultRow = z.infer<typeof ResultRowSchema>;

/**
 * A counting method as data (LANG4): its kind and the figure its description needs. Readers say
 * it in their own language; `method` keeps the English sentence for exports and API readers.
 */
export const CountingSchema = z.object({
  kind: VoteKindSchema,
  rankTopK: z.int().optional(),
  pointsTotal: z.int().optional(),
});
export type Counting = z.infer<typeof CountingSchema>;

export const ResultsSchema = z.object({
  activityId: z.uuid(),
  kind: VoteKindSchema,
  /** The counting method named in plain words on every result. */
  method: z.string(),
  counting: CountingSchema.optional(),
  /** People whose phone ballot gives something to an option (VOTE16). */
  voters: z.int(),
  votersByGroup: keyedRecord(z.string(), z.int()),
  /** Paper ballots entered whole that are votes (VOTE17), apart from the phones' voters. */
  paperVoters: z.int().default(0),
  rows: z.array(ResultRowSchema),
  /** Grows with every counted change; a client keeps the newest. */
  version: z.int(),
});
export type Results = z.infer<typeof ResultsSchema>;

export type CountableBallot = { groupKey: string; ballot: Ballot };
export type PaperCount = { optionId: string; groupKey: string; count: number };

export function methodDescription(
  kind: VoteKind,
  opts: { rankTopK?: number; pointsTotal?: number } = {},
): string {
  switch (kind) {
    case 'dot':
      return 'Dot vote: options ranked by the number of dots (phones and paper).';
    case 'single':
      return 'Single choice: one vote each; options ranked by votes.';
    case 'approval':
      return 'Approval vote: each person supports any number of options; ranked by supporters.';
    case 'ranking': {
      const k = opts.rankTopK ?? 3;
      return `Borda count over each person's top ${k}: a first choice earns ${k} points, a second ${k - 1}, down to 1 for choice ${k}.`;
    }
    case 'points':
      return `Points: each person shares ${opts.pointsTotal ?? 100} points among the options; ranked by total points.`;
  }
}

export function countingOf(
  kind: VoteKind,
  opts: { rankTopK?: number; pointsTotal?: number } = {},
): Counting {
  if (kind === 'ranking') return { kind, rankTopK: opts.rankTopK ?? 3 };
  if (kind === 'points') return { kind, pointsTotal: opts.pointsTotal ?? 100 };
  return { kind };
}

/** What one ballot gives each option under its method. */
export function ballotScores(ballot: Ballot, rankTopK = 3): Map<string, number> {
  const scores = new Map<string, number>();
  switch (ballot.kind) {
    case 'dot':
      for (const [id, n] of Object.entries(ballot.dots)) if (n > 0) scores.set(id, n);
      break;
    case 'single':
      scores.set(ballot.choice, 1);
      break;
    case 'approval':
      for (const id of new Set(ballot.choices)) scores.set(id, 1);
      break;
    case 'ranking':
      ballot.order.slice(0, rankTopK).forEach((id, i) => scores.set(id, rankTopK - i));
      break;
    case 'points':
      for (const [id, n] of Object.entries(ballot.points)) if (n > 0) scores.set(id, n);
      break;
  }
  return scores;
}

/**
 * Whether a ballot is a vote (VOTE16): it gives something to at least one option on the ballot
 * paper. A ballot whose dots were all taken back, an approval ballot supporting nothing or a points
 * ballot with every option at 0 is not a vote, and its person is not counted as a voter.
 */
export function isVote(
  ballot: Ballot,
  optionIds: ReadonlySet<string> | null = null,
  rankTopK = 3,
): boolean {
  for (const id of ballotScores(ballot, rankTopK).keys()) {
    if (optionIds === null || optionIds.has(id)) return true;
  }
  return false;
}

/** Why a ballot is refused, as a reason the client translates (LANG1). */
export type BallotProblem = Extract<
  Reason,
  {
    code:
      | 'BALLOT_OTHER_KIND'
      | 'NOT_AN_OPTION'
      | 'OPTION_TWICE'
      | 'VOTE_BUDGET_EXCEEDED'
      | 'DOTS_PER_OPTION_EXCEEDED'
      | 'RANK_TOO_MANY'
      | 'POINTS_BUDGET_EXCEEDED';
  }
>;

/**
 * Checks a ballot against the method's rules and the options on the ballot paper; returns the
 * reason it is refused, or null. Budgets and caps for dots are checked here too, so a modified
 * client cannot exceed them whatever it sends (VOTE8).
 */
export function ballotProblem(
  ballot: Ballot,
  rules: {
    kind: VoteKind;
    optionIds: ReadonlySet<string>;
    dotsPerPerson?: number;
    maxDotsPerOption?: number;
    rankTopK?: number;
    pointsTotal?: number;
  },
): BallotProblem | null {
  const no = (code: 'BALLOT_OTHER_KIND' | 'NOT_AN_OPTION' | 'OPTION_TWICE'): BallotProblem => ({
    code,
    params: {},
  });
  if (ballot.kind !== rules.kind) return no('BALLOT_OTHER_KIND');
  const unknown = (ids: Iterable<string>) => [...ids].some((id) => !rules.optionIds.has(id));
  switch (ballot.kind) {
    case 'dot': {
      if (unknown(Object.keys(ballot.dots))) return no('NOT_AN_OPTION');
      const total = Object.values(ballot.dots).reduce((s, n) => s + n, 0);
      if (total > (rules.dotsPerPerson ?? 0)) {
        return { code: 'VOTE_BUDGET_EXCEEDED', params: { budget: rules.dotsPerPerson ?? 0 } };
      }
      if (Object.values(ballot.dots).some((n) => n > (rules.maxDotsPerOption ?? 1))) {
        return { code: 'DOTS_PER_OPTION_EXCEEDED', params: { max: rules.maxDotsPerOption ?? 1 } };
      }
      return null;
    }
    case 'single':
      return unknown([ballot.choice]) ? no('NOT_AN_OPTION') : null;
    case 'approval':
      if (unknown(ballot.choices)) return no('NOT_AN_OPTION');
      return new Set(ballot.choices).size === ballot.choices.length ? null : no('OPTION_TWICE');
    case 'ranking':
      if (unknown(ballot.order)) return no('NOT_AN_OPTION');
      if (new Set(ballot.order).size !== ballot.order.length) return no('OPTION_TWICE');
      return ballot.order.length > (rules.rankTopK ?? 3)
        ? { code: 'RANK_TOO_MANY', params: { max: rules.rankTopK ?? 3 } }
        : null;
    case 'points': {
      if (unknown(Object.keys(ballot.points))) return no('NOT_AN_OPTION');
      const total = Object.values(ballot.points).reduce((s, n) => s + n, 0);
      return total > (rules.pointsTotal ?? 100)
        ? { code: 'POINTS_BUDGET_EXCEEDED', params: { budget: rules.pointsTotal ?? 100 } }
        : null;
    }
  }
}

/** A stable per-person order of the options, so position favours none (VOTE3). */
export function shuffledFor<T extends { id: string }>(items: readonly T[], seed: string): T[] {
  const hash = (s: string) => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return h >>> 0;
  };
  return [...items].sort(
    (a, b) => hash(seed + a.id) - hash(seed + b.id) || a.id.localeCompare(b.id),
  );
}
