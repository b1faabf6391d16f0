import type { Outcome } from '../../shared/domain/records.ts';
import type { Queryable } from '../db/database.ts';

/**
 * Each feature's part in the personal data Roundtable keeps: erasure on request (REC14) and
 * retention (REC13). The records feature runs both, in one transaction per person or workshop,
 * and asks every part in turn; each part knows only its own tables. The app lists the parts in
 * the order they must run (server/app.ts).
 */

/** The participant being erased, as found under the erasure's row lock. */
export type Subject = { id: string; workshopId: string; groupKey: string; joinedAt: Date };

/** A ballot of theirs as it was counted: by option, in their group. */
export type ErasedBallot = {
  groupKey: string;
  scores: Map<string, number>;
  /** When their ballot took its final form, and when they first voted. */
  updatedAt: Date;
  firstAt: Date;
};

/**
 * What is known of the person's contributions. Parts fill it while gathering, before anything is
 * deleted, and read what earlier parts found (votes look for options made from the notes the
 * board found).
 */
export type Erased = {
  subject: Subject;
  noteIds: Set<string>;
  /** Per board: the groups their counted notes were in, with the earliest time in each. */
  noteGroups: Map<string, Map<string, Date>>;
  ballots: Map<string, ErasedBallot>;
  commitmentIds: Set<string>;
  /** Vote options made from one of their notes: the label is their words (SEC11). */
  optionIds: Set<string>;
  /** Their words as labels: of those options, and of answers the council recorded to them. */
  optionLabels: Set<string>;
  /** Per café: the rounds they had a seat in. */
  seats: Map<string, Set<number>>;
  /** Cafés whose seats or people lost them, to re-seat after commit. */
  cafes: Set<string>;
};

export function nothingErased(subject: Subject): Erased {
  return {
    subject,
    noteIds: new Set(),
    noteGroups: new Map(),
    ballots: new Map(),
    commitmentIds: new Set(),
    optionIds: new Set(),
    optionLabels: new Set(),
    seats: new Map(),
    cafes: new Set(),
  };
}

/** How much one person contributed, by kind: the erasure screen and the erasure's answer. */
export type ContributionCounts = {
  notes: number;
  ballots: number;
  commitments: number;
  cafeSeats: number;
  participant: number;
};

/** What retention took from one workshop, by kind. */
export type ExpiredCounts = { names: number; contacts: number; equalityAnswers: number };

export type OutcomeActivity = Outcome['activities'][number];

/** One stored outcome snapshot being redacted: the edits every part may make to its counts. */
export type Redaction = {
  readonly takenAt: Date;
  /** One less, never below zero; marks the snapshot changed. */
  minus(n: number): number;
  /** The person no longer counts as taking part in this activity, in these groups. */
  countedIn(activityId: string, groupKeys: readonly string[]): void;
  changed(): void;
  /** A count could only be guessed (their ballot changed after the snapshot). */
  approximate(): void;
};

export type PersonalDataPart = {
  name: string;
  /**
   * Tables this part deletes from or rewrites: VACUUM FULL rewrites them after an erasure or a
   * retention run, so the old rows leave the files too (SEC16).
   */
  tables: readonly string[];
  /** Per participant, what they contributed here (to choose whose to erase). */
  contributions?(
    db: Queryable,
    participantIds: readonly string[],
  ): Promise<Map<string, Partial<ContributionCounts>>>;
  /** Adds what the person contributed here to `e`; nothing is deleted yet. */
  gather?(tx: Queryable, e: Erased): Promise<void>;
  /** Deletes or anonymises it, in the erasure's transaction. */
  erase?(tx: Queryable, e: Erased): Promise<Partial<ContributionCounts>>;
  /** A stored outcome's activity as it would have been without the person. */
  redact?(activity: OutcomeActivity, e: Erased, r: Redaction): OutcomeActivity;
  /** After commit: live documents and seats follow the database. */
  afterErase?(e: Erased): Promise<void>;
  /** Retention: deletes what identifies people in a workshop whose time has come. */
  expire?(tx: Queryable, workshopId: string): Promise<Partial<ExpiredCounts>>;
  /** Retention: a stored outcome's activity without the names people chose to show. */
  redactExpired?(activity: OutcomeActivity, changed: () => void): OutcomeActivity;
};
