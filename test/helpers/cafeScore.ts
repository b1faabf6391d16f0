/**
 * Scores a World Café seating independently of the product's code, from seats as a list of
 * (round, table, person, host?): what the tests compare the console's figures and the rules with.
 */
export type ScoredSeat = { round: number; tableId: string; participantId: string; isHost: boolean };

const cohortKey = (s: ScoredSeat) => `${s.round}|${s.tableId}`;

/** Per round: pairs at a table who had sat at one table in an earlier round. */
export function repeatPairsIn(seats: readonly ScoredSeat[], round: number): number {
  const cohorts = new Map<string, Set<string>>();
  for (const s of seats) {
    if (s.round >= round) continue;
    cohorts.set(s.participantId, (cohorts.get(s.participantId) ?? new Set()).add(cohortKey(s)));
  }
  let n = 0;
  for (const members of byTable(seats, round).values()) {
    members.forEach((a, i) =>
      members.slice(i + 1).forEach((b) => {
        if ([...(cohorts.get(a) ?? [])].some((k) => cohorts.get(b)?.has(k))) n++;
      }),
    );
  }
  return n;
}

/** Per round: people not hosting who sit at a table they sat at in an earlier round. */
export function revisitsIn(seats: readonly ScoredSeat[], round: number): number {
  const been = new Set(
    seats.filter((s) => s.round < round).map((s) => `${s.participantId}|${s.tableId}`),
  );
  return seats.filter(
    (s) => s.round === round && !s.isHost && been.has(`${s.participantId}|${s.tableId}`),
  ).length;
}

export function byTable(seats: readonly ScoredSeat[], round: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of seats) {
    if (s.round === round) out.set(s.tableId, [...(out.get(s.tableId) ?? []), s.participantId]);
  }
  return out;
}

/** Pairs of people of one group at one table in this round. */
export function sameGroupPairsIn(
  seats: readonly ScoredSeat[],
  round: number,
  groupOf: ReadonlyMap<string, string>,
): number {
  let n = 0;
  for (const m of byTable(seats, round).values()) {
    m.forEach((a, i) =>
      m.slice(i + 1).forEach((b) => (n += groupOf.get(a) === groupOf.get(b) ? 1 : 0)),
    );
  }
  return n;
}

/**
 * The fewest same-group pairs possible at tables of the given sizes when each table's host (if
 * any) is of the given group: dynamic programming over the tables, the state being how many of
 * each group are still to seat. Repeats and revisits are ignored, so this is a floor.
 */
export function groupPairsFloor(
  groupCounts: ReadonlyMap<string, number>,
  tables: readonly { size: number; hostGroup: string | null }[],
): number {
  const groups = [...groupCounts.keys()];
  const pairs = (c: number) => (c * (c - 1)) / 2;
  let states = new Map<string, number>([[groups.map((g) => groupCounts.get(g)!).join(','), 0]]);
  for (const table of tables) {
    const hostAt = table.hostGroup === null ? -1 : groups.indexOf(table.hostGroup);
    const next = new Map<string, number>();
    for (const [key, cost] of states) {
      const left = key.split(',').map(Number);
      const split = (g: number, seats: number, here: number[]) => {
        if (g === groups.length - 1) {
          const all = [...here, seats];
          if (all.some((c, i) => c > left[i]! || (hostAt === i && c < 1))) return;
          const rest = left.map((c, i) => c - all[i]!).join(',');
          const total = cost + all.reduce((s, c) => s + pairs(c), 0);
          if (total < (next.get(rest) ?? Infinity)) next.set(rest, total);
          return;
        }
        for (let c = 0; c <= seats; c++) split(g + 1, seats - c, [...here, c]);
      };
      split(0, table.size, []);
    }
    states = next;
  }
  return states.get(groups.map(() => 0).join(',')) ?? Infinity;
}
