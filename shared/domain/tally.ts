import {
  ballotScores,
  countingOf,
  isVote,
  methodDescription,
  type CountableBallot,
  type PaperCount,
  type ResultRow,
  type Results,
  type VoteKind,
} from './voting.ts';

type Counted = CountableBallot & { onPaper?: boolean };

/**
 * A running count of one vote (SCALE14): ballots are added, and taken away again when their
 * person changes them, one at a time, so a hall of 10,000 is not recounted for every ballot.
 * What it holds is exactly what counting every ballot afresh gives (`countVotes`, which is this
 * with every ballot added once); ranks, ties and near-ties are worked out from the totals when
 * results are asked for.
 */
export class Tally {
  private readonly rows: Map<string, Omit<ResultRow, 'rank' | 'tied' | 'nearTie'>>;
  private readonly optionIds: ReadonlySet<string>;
  private voters = 0;
  private paperVoters = 0;
  private readonly votersByGroup: Record<string, number> = {};

  constructor(
    private readonly vote: {
      activityId: string;
      kind: VoteKind;
      options: { id: string; label: string }[];
      /** Paper counts per option and group (dot votes), entered by a facilitator. */
      paper?: PaperCount[];
      rankTopK?: number;
      pointsTotal?: number;
    },
  ) {
    this.rows = new Map(
      vote.options.map((o) => [
        o.id,
        {
          optionId: o.id,
          label: o.label,
          score: 0,
          paper: 0,
          byGroup: {},
          ...(vote.kind === 'ranking' ? { firstChoices: 0 } : {}),
        },
      ]),
    );
    this.optionIds = new Set(this.rows.keys());
    for (const p of vote.paper ?? []) {
      const row = this.rows.get(p.optionId);
      if (!row || p.count <= 0) continue;
      row.score += p.count;
      row.paper += p.count;
      this.groupOf(row, p.groupKey).paper += p.count;
    }
  }

  /** Counts a ballot in (`sign` 1), or takes a counted one out again (`sign` -1). */
  apply({ groupKey, ballot, onPaper = false }: Counted, sign: 1 | -1): void {
    // An empty ballot (every dot taken back, nothing supported) is not a vote (VOTE16).
    if (!isVote(ballot, this.optionIds, this.vote.rankTopK)) return;
    if (onPaper) this.paperVoters += sign;
    else {
      this.voters += sign;
      const left = (this.votersByGroup[groupKey] ?? 0) + sign;
      if (left === 0) delete this.votersByGroup[groupKey];
      else this.votersByGroup[groupKey] = left;
    }
    for (const [id, score] of ballotScores(ballot, this.vote.rankTopK)) {
      const row = this.rows.get(id);
      if (!row) continue;
      row.score += sign * score;
      const group = this.groupOf(row, groupKey);
      if (onPaper) {
        row.paper += sign * score;
        group.paper += sign * score;
      } else group.digital += sign * score;
      // A group whose last ballot left is no longer listed, as a fresh count would not list it.
      if (group.digital === 0 && group.paper === 0) delete row.byGroup[groupKey];
    }
    if (ballot.kind === 'ranking' && ballot.order[0]) {
      const first = this.rows.get(ballot.order[0]);
      if (first) first.firstChoices = (first.firstChoices ?? 0) + sign;
    }
  }

  /**
   * The results as they stand. Ties share a rank and are flagged, never broken silently; options
   * within the near-tie margin of a neighbour are flagged as near-ties. The margin is the larger
   * of 1 and 5% of the top score (VOTE6). Each call returns new rows: the tally keeps counting.
   */
  results(version: number): Results {
    const rows: ResultRow[] = [...this.rows.values()].map((r) => ({
      ...r,
      byGroup: Object.fromEntries(Object.entries(r.byGroup).map(([k, g]) => [k, { ...g }])),
      rank: 0,
      tied: false,
      nearTie: false,
    }));
    const sorted = rows.sort((a, b) => b.score - a.score);
    const top = sorted[0]?.score ?? 0;
    const margin = Math.max(1, top * 0.05);
    sorted.forEach((row, i) => {
      const above = sorted[i - 1];
      const below = sorted[i + 1];
      row.rank = above && above.score === row.score ? above.rank : i + 1;
      row.tied = (above?.score === row.score || below?.score === row.score) && row.score > 0;
      row.nearTie =
        !row.tied &&
        ((above !== undefined && above.score - row.score <= margin) ||
          (below !== undefined && row.score - below.score <= margin)) &&
        row.score > 0;
    });
    return {
      activityId: this.vote.activityId,
      kind: this.vote.kind,
      method: methodDescription(this.vote.kind, this.vote),
      counting: countingOf(this.vote.kind, this.vote),
      voters: this.voters,
      votersByGroup: { ...this.votersByGroup },
      paperVoters: this.paperVoters,
      rows: sorted,
      version,
    };
  }

  private groupOf(row: { byGroup: ResultRow['byGroup'] }, key: string) {
    return (row.byGroup[key] ??= { digital: 0, paper: 0 });
  }
}

/** Counts ballots (and paper counts and paper ballots) afresh into ranked results. */
export function countVotes(input: {
  activityId: string;
  kind: VoteKind;
  options: { id: string; label: string }[];
  ballots: CountableBallot[];
  /** Paper ballots entered whole: counted like phone ballots, shown as paper (VOTE17). */
  paperBallots?: CountableBallot[];
  paper?: PaperCount[];
  rankTopK?: number;
  pointsTotal?: number;
  version?: number;
}): Results {
  const tally = new Tally(input);
  for (const b of input.ballots) tally.apply(b, 1);
  for (const b of input.paperBallots ?? []) tally.apply({ ...b, onPaper: true }, 1);
  return tally.results(input.version ?? 0);
}
