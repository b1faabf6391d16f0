import type { Group } from '../../../shared/domain/groups.ts';
import type { Ballot, Results, ResultRow, VoteKind } from '../../../shared/domain/voting.ts';
import type { VoteMeta } from '../../../shared/protocol/voting.ts';

/**
 * The rules a phone applies before it sends anything: the server checks them all again (VOTE8),
 * so these only decide which buttons are offered and what the screen says.
 */

export type DotBallot = Extract<Ballot, { kind: 'dot' }>;

/** A press waiting for the server's answer. */
export type DotOp = { id: string; optionId: string; delta: 1 | -1 };

export function dotsOf(ballot: Ballot | null): Record<string, number> {
  return ballot?.kind === 'dot' ? ballot.dots : {};
}

export function dotsUsed(ballot: Ballot | null): number {
  return Object.values(dotsOf(ballot)).reduce((s, n) => s + n, 0);
}

/** The ballot as it will be once the presses on their way are counted. */
export function projectDots(
  ballot: Ballot | null,
  pending: readonly DotOp[],
): Record<string, number> {
  const dots = { ...dotsOf(ballot) };
  for (const op of pending) dots[op.optionId] = Math.max(0, (dots[op.optionId] ?? 0) + op.delta);
  return dots;
}

export type DotBlock = 'notOpen' | 'closed' | 'mayNot' | 'own' | 'noneLeft' | 'cap' | 'noneHere';

export type DotContext = {
  meta: Pick<VoteMeta, 'status' | 'dotsPerPerson' | 'maxDotsPerOption'>;
  mayVote: boolean;
  ownOptionIds: readonly string[];
  /** Dots per option once pending presses are counted. */
  dots: Record<string, number>;
};

function statusBlock(ctx: DotContext): DotBlock | null {
  if (ctx.meta.status === 'preparing') return 'notOpen';
  if (ctx.meta.status === 'closed') return 'closed';
  if (!ctx.mayVote) return 'mayNot';
  return null;
}

/** Why a dot cannot be added to this option now, or null when it can. */
export function addBlock(ctx: DotContext, optionId: string): DotBlock | null {
  const status = statusBlock(ctx);
  if (status) return status;
  if (ctx.ownOptionIds.includes(optionId)) return 'own';
  const used = Object.values(ctx.dots).reduce((s, n) => s + n, 0);
  if (used >= ctx.meta.dotsPerPerson) return 'noneLeft';
  if ((ctx.dots[optionId] ?? 0) >= ctx.meta.maxDotsPerOption) return 'cap';
  return null;
}

/** Why a dot cannot be taken back from this option now, or null when it can. */
export function removeBlock(ctx: DotContext, optionId: string): DotBlock | null {
  const status = statusBlock(ctx);
  if (status) return status;
  return (ctx.dots[optionId] ?? 0) > 0 ? null : 'noneHere';
}

export function dotsLeft(meta: Pick<VoteMeta, 'dotsPerPerson'>, dots: Record<string, number>) {
  return Math.max(0, meta.dotsPerPerson - Object.values(dots).reduce((s, n) => s + n, 0));
}

// Ranking ballots: the person's top k, first choice first.

export function rankAdd(order: readonly string[], id: string, k: number): string[] {
  if (order.includes(id) || order.length >= k) return [...order];
  return [...order, id];
}

export function rankRemove(order: readonly string[], id: string): string[] {
  return order.filter((o) => o !== id);
}

/** Moves the choice at `index` up (-1) or down (+1); out-of-range moves change nothing. */
export function rankMove(order: readonly string[], index: number, delta: -1 | 1): string[] {
  const target = index + delta;
  const next = [...order];
  const a = next[index];
  const b = next[target];
  if (a === undefined || b === undefined) return next;
  next[index] = b;
  next[target] = a;
  return next;
}

// Points ballots: a budget shared among the options.

export function pointsUsed(points: Record<string, number>): number {
  return Object.values(points).reduce((s, n) => s + n, 0);
}

/**
 * Sets one option's points, never below 0 and never beyond what is left of the budget, so the
 * ballot stays sendable whatever is typed. Non-numbers count as 0.
 */
export function setPoints(
  points: Record<string, number>,
  id: string,
  value: number,
  total: number,
): Record<string, number> {
  const others = pointsUsed(points) - (points[id] ?? 0);
  const wanted = Number.isFinite(value) ? Math.trunc(value) : 0;
  const clamped = Math.max(0, Math.min(wanted, total - others));
  const next = { ...points };
  if (clamped === 0) delete next[id];
  else next[id] = clamped;
  return next;
}

/** The ballot a congress form would send, or null when it is not complete enough to send. */
export function congressBallot(
  kind: Exclude<VoteKind, 'dot'>,
  draft: {
    choice: string | null;
    choices: readonly string[];
    order: readonly string[];
    points: Record<string, number>;
  },
): Ballot | null {
  switch (kind) {
    case 'single':
      return draft.choice ? { kind: 'single', choice: draft.choice } : null;
    case 'approval':
      return { kind: 'approval', choices: [...draft.choices] };
    case 'ranking':
      return draft.order.length > 0 ? { kind: 'ranking', order: [...draft.order] } : null;
    case 'points':
      return pointsUsed(draft.points) > 0 ? { kind: 'points', points: { ...draft.points } } : null;
  }
}

/** The form's starting point: the ballot already counted, if any. */
export function draftFromBallot(ballot: Ballot | null) {
  return {
    choice: ballot?.kind === 'single' ? ballot.choice : null,
    choices: ballot?.kind === 'approval' ? [...ballot.choices] : [],
    order: ballot?.kind === 'ranking' ? [...ballot.order] : [],
    points: ballot?.kind === 'points' ? { ...ballot.points } : {},
  };
}

export type Receipt =
  | { key: 'receipt.dots'; count: number }
  | { key: 'receipt.noDots'; count: 0 }
  | { key: 'receipt.vote'; count: number };

/**
 * What the phone says the server has counted. It is built only from the server's answer (or the
 * ballot the server returns with the vote), never from what the person pressed.
 */
export function receiptFor(ballot: Ballot | null): Receipt | null {
  if (!ballot) return null;
  if (ballot.kind === 'dot') {
    const used = dotsUsed(ballot);
    return used > 0 ? { key: 'receipt.dots', count: used } : { key: 'receipt.noDots', count: 0 };
  }
  const count =
    ballot.kind === 'single'
      ? 1
      : ballot.kind === 'approval'
        ? ballot.choices.length
        : ballot.kind === 'ranking'
          ? ballot.order.length
          : pointsUsed(ballot.points);
  return { key: 'receipt.vote', count };
}

// Results

/** Tallies can overtake each other: the one with the highest version is the newest. */
export function newerResults(a: Results | null, b: Results | null): Results | null {
  if (!a) return b;
  if (!b) return a;
  return b.version > a.version ? b : a;
}

/**
 * The groups shown side by side: the workshop's own groups in their order, then any key the
 * result holds that the workshop no longer lists (never hidden).
 */
export function resultGroups(results: Results, groups: readonly Group[]): Group[] {
  const keys = new Set<string>(Object.keys(results.votersByGroup));
  for (const row of results.rows) for (const key of Object.keys(row.byGroup)) keys.add(key);
  const known = groups.filter((g) => keys.has(g.key));
  const extra = [...keys]
    .filter((k) => !groups.some((g) => g.key === k))
    .sort()
    .map((key) => ({ key, label: null }));
  return [...known, ...extra];
}

export function groupScore(row: ResultRow, key: string): number {
  const g = row.byGroup[key];
  return g ? g.digital + g.paper : 0;
}

/** How many rows share this row's rank (2 for "tied for 2nd" between two options). */
export function tiedWith(results: Results, row: ResultRow): number {
  return results.rows.filter((r) => r.rank === row.rank).length;
}

/** The ISO time a vote opened now should close, for "close after N minutes". */
export function closesAtAfter(now: Date, minutes: number): string | null {
  if (!Number.isFinite(minutes) || minutes <= 0) return null;
  return new Date(now.getTime() + Math.round(minutes * 60_000)).toISOString();
}

/** The unit a score is counted in, for "12 dots", "12 votes", "12 points". */
export function scoreUnit(kind: VoteKind): 'dots' | 'votes' | 'supporters' | 'points' {
  switch (kind) {
    case 'dot':
      return 'dots';
    case 'single':
      return 'votes';
    case 'approval':
      return 'supporters';
    case 'ranking':
    case 'points':
      return 'points';
  }
}
