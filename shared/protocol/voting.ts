import { z } from 'zod';
import { GroupKeySchema } from '../domain/groups.ts';
import { line, paragraph } from '../domain/text.ts';
import {
  BallotSchema,
  ResultsSchema,
  VoteKindSchema,
  VoteOptionInputSchema,
  VoteOptionSchema,
  VoteStatusSchema,
} from '../domain/voting.ts';
import { checkSentences } from '../domain/checkSentences.ts';

const activityId = z.uuid();
/** Made by the device for each vote it sends, so a resend is recognised and counted once. */
const opId = z.uuid();

/** A paper ballot as entered (VOTE17): the group ticked on the sheet and the ballot; no person. */
export const PaperBallotSchema = z.object({
  id: z.uuid(),
  groupKey: z.string(),
  ballot: BallotSchema,
  enteredAt: z.string(),
});
export type PaperBallot = z.infer<typeof PaperBallotSchema>;

export const VoteMetaSchema = z.object({
  activityId: z.uuid(),
  kind: VoteKindSchema,
  status: VoteStatusSchema,
  revealed: z.boolean(),
  /** ISO time the server will close the vote, if set. */
  closesAt: z.string().nullable(),
  /** Whether the running result is shown to everyone (live) or only after the reveal. */
  live: z.boolean(),
  dotsPerPerson: z.int(),
  maxDotsPerOption: z.int(),
  rankTopK: z.int(),
  pointsTotal: z.int(),
  lateJoinersMayVote: z.boolean(),
  allowOwnNote: z.boolean(),
});
export type VoteMeta = z.infer<typeof VoteMetaSchema>;

export const CommitmentSchema = z.object({
  id: z.uuid(),
  optionId: z.uuid(),
  text: z.string(),
  who: z.string(),
  byWhen: z.string(),
  status: z.enum(['visible', 'hidden']),
  hiddenReason: z.string().nullable(),
  mine: z.boolean(),
  createdAt: z.string(),
});
export type Commitment = z.infer<typeof CommitmentSchema>;

export const VoteViewSchema = z.object({
  meta: VoteMetaSchema,
  /** In this person's own order when the vote shuffles options. */
  options: z.array(VoteOptionSchema),
  /** Option ids this participant may not vote for (their own notes, when not allowed). */
  ownOptionIds: z.array(z.uuid()),
  myBallot: BallotSchema.nullable(),
  /** Whether this participant may vote at all (late joiners may be excluded). */
  mayVote: z.boolean(),
  /** Null while hidden from this person. */
  results: ResultsSchema.nullable(),
  commitments: z.array(CommitmentSchema),
});
export type VoteView = z.infer<typeof VoteViewSchema>;

export const MyBallotSchema = z.object({
  activityId: z.uuid(),
  ballot: BallotSchema.nullable(),
  /** For dot votes: dots left; for points: points left; otherwise 0. */
  remaining: z.int(),
});
export type MyBallot = z.infer<typeof MyBallotSchema>;

export const votingCommands = {
  'vote:get': { request: z.object({ activityId }).strict(), response: VoteViewSchema },
  /** Replaces the options while the vote is being prepared (typed, merged, or from a board). */
  'vote:setOptions': {
    request: z
      .object({ activityId, options: z.array(VoteOptionInputSchema).min(2).max(30) })
      .strict(),
    response: VoteViewSchema,
  },
  /** Proposes options from an idea board: its themes, or its visible notes. */
  'vote:optionsFromBoard': {
    request: z
      .object({ activityId, boardActivityId: z.uuid(), from: z.enum(['themes', 'notes']) })
      .strict(),
    response: z.object({ options: z.array(VoteOptionInputSchema) }),
  },
  'vote:open': {
    request: z.object({ activityId, closesAt: z.iso.datetime().nullable().default(null) }).strict(),
    response: VoteMetaSchema,
  },
  'vote:close': { request: z.object({ activityId }).strict(), response: VoteMetaSchema },
  'vote:reveal': { request: z.object({ activityId }).strict(), response: VoteMetaSchema },
  /** Dots from paper sheets, per option and group (sets the count). */
  'vote:paper': {
    request: z
      .object({
        activityId,
        optionId: z.uuid(),
        groupKey: GroupKeySchema,
        count: z.int().min(0).max(100_000),
      })
      .strict(),
    response: ResultsSchema,
  },
  /**
   * A paper ballot entered whole, of any method (a ranking, a points split, approvals, dots), by
   * a facilitator: checked by the vote's rules and counted like a phone ballot, as paper
   * (VOTE17). The id is made by the console, so a resend is stored once.
   */
  'vote:paperBallot:add': {
    request: z
      .object({ id: z.uuid(), activityId, groupKey: GroupKeySchema, ballot: BallotSchema })
      .strict(),
    response: z.object({ results: ResultsSchema, paperBallots: z.array(PaperBallotSchema) }),
  },
  /** Takes back a paper ballot entered by mistake. */
  'vote:paperBallot:remove': {
    request: z.object({ id: z.uuid(), activityId }).strict(),
    response: z.object({ results: ResultsSchema, paperBallots: z.array(PaperBallotSchema) }),
  },
  /** The paper ballots entered so far, newest first. */
  'vote:paperBallots': {
    request: z.object({ activityId }).strict(),
    response: z.object({ paperBallots: z.array(PaperBallotSchema) }),
  },
  'dot:place': {
    request: z.object({ opId, activityId, optionId: z.uuid() }).strict(),
    response: MyBallotSchema,
  },
  'dot:remove': {
    request: z.object({ opId, activityId, optionId: z.uuid() }).strict(),
    response: MyBallotSchema,
  },
  /** A whole congress ballot (single, approval, ranking or points); replaces the previous one. */
  'ballot:cast': {
    request: z.object({ opId, activityId, ballot: BallotSchema }).strict(),
    response: MyBallotSchema,
  },
  'commitment:add': {
    request: z
      .object({
        id: z.uuid(),
        activityId,
        optionId: z.uuid(),
        text: paragraph(500).check(z.refine((s) => s.length > 0, checkSentences.writeCommitment)),
        who: line(120, 1),
        byWhen: z._default(line(60), ''),
      })
      .strict(),
    response: CommitmentSchema,
  },
  'commitment:hide': {
    request: z.object({ id: z.uuid(), reason: line(200, 1) }).strict(),
    response: CommitmentSchema,
  },
} as const;

export const votingEvents = {
  /** The vote opened, closed, was revealed or its options changed: fetch `vote:get` again. */
  'vote:changed': VoteMetaSchema,
  /** A coalesced snapshot of the count, sent volatile (a slow phone may skip one). */
  'vote:tally': ResultsSchema,
  'commitments:changed': z.object({ activityId: z.uuid() }),
  /**
   * While results are hidden, everyone else still learns how many have voted (never for what),
   * so the projector can say "42 people have voted". Coalesced and volatile like tallies.
   */
  'vote:progress': z.object({ activityId: z.uuid(), voters: z.int(), version: z.int() }),
} as const;
