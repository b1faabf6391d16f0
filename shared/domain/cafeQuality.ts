import {
  assignTables,
  countRepeatPairs,
  countRevisits,
  modeFor,
  seededRandom,
  type AssignInput,
  type AssignPerson,
  type AssignResult,
  type AssignTable,
  type PastSeat,
} from './cafeAssign.ts';

/**
 * How well the World Café assignment mixes people (CAFE9), measured on simulated cafés so the
 * figures in docs/cafe-assignment.md, `scripts/cafeQuality.ts` and the bench are the same.
 */

/** Pairs that must share a table when `count` people are spread as evenly as possible. */
export function evenSpreadPairs(count: number, tables: number): number {
  if (count < 2) return 0;
  if (tables <= 0) return (count * (count - 1)) / 2;
  const q = Math.floor(count / tables);
  const r = count % tables;
  return (r * ((q + 1) * q)) / 2 + (tables - r) * ((q * (q - 1)) / 2);
}

/**
 * A counting lower bound on this round's repeat pairs. The people who sat at one table in an
 * earlier round (a cohort) share at least `evenSpreadPairs(cohort, tables)` pairs again, however
 * they are seated; cohorts of one round are disjoint, so their bounds add up, and any single round
 * gives a bound (the largest is taken). With `zeroRevisits` (valid when the seating has no
 * revisits, which assignTables guarantees whenever such a seating exists), a cohort's travellers
 * also cannot return to the cohort's table, so they spread over one table fewer; one of them may
 * be that table's stand-in host, so one is left out of that count.
 */
export function repeatPairsLowerBound(input: AssignInput, zeroRevisits: boolean): number {
  const present = new Map(input.people.map((p) => [p.id, p]));
  const hasRoom = input.tables.some((t) => !t.online);
  const hasOnline = input.tables.some((t) => t.online);
  const tablesIn = [0, 0];
  for (const t of input.tables) tablesIn[t.online ? 1 : 0]!++;
  const tableById = new Map(input.tables.map((t) => [t.id, t]));
  const hostMode = new Map<string, number>();
  for (const t of input.tables) {
    if (t.hostId !== null && present.has(t.hostId) && !hostMode.has(t.hostId)) {
      hostMode.set(t.hostId, t.online ? 1 : 0);
    }
  }
  const modeOf = (id: string): number =>
    hostMode.get(id) ?? modeFor(present.get(id)!.remote, hasRoom, hasOnline);

  const rounds = new Map<number, Map<string, string[]>>();
  for (const s of input.history) {
    if (!present.has(s.participantId)) continue;
    let byTable = rounds.get(s.round);
    if (!byTable) rounds.set(s.round, (byTable = new Map()));
    const list = byTable.get(s.tableId);
    if (list) list.push(s.participantId);
    else byTable.set(s.tableId, [s.participantId]);
  }
  let best = 0;
  for (const byTable of rounds.values()) {
    let sum = 0;
    for (const [tableId, cohort] of byTable) {
      const table = tableById.get(tableId);
      for (const m of [0, 1]) {
        const inMode = cohort.filter((id) => modeOf(id) === m);
        let bound = evenSpreadPairs(inMode.length, tablesIn[m]!);
        const here = table !== undefined && (table.online ? 1 : 0) === m;
        if (zeroRevisits && here) {
          const movers = inMode.filter((id) => !hostMode.has(id)).length;
          const hostless = table.hostId === null || !present.has(table.hostId);
          const others = tablesIn[m]! - 1;
          if (others > 0) {
            bound = Math.max(bound, evenSpreadPairs(movers - (hostless ? 1 : 0), others));
          }
        }
        sum += bound;
      }
    }
    best = Math.max(best, sum);
  }
  return best;
}

export type CafeQualityRow = {
  people: number;
  tables: number;
  rounds: number;
  /** Distinct other people each person sat with over all rounds, averaged. */
  meanMet: number;
  /** Its upper bound: min(people - 1, sum over rounds of (own table size - 1)), averaged. */
  bestMeanMet: number;
  repeatPairs: number;
  /** Sum over rounds of repeatPairsLowerBound. */
  repeatPairsLowerBound: number;
  revisits: number;
  /** Mean time of one assignTables call, in milliseconds. */
  msPerRound: number;
};

export type SimulationOptions = {
  people: number;
  tables: number;
  rounds: number;
  groups: number;
  seed: string;
  /** Clock for timing; defaults to performance.now. */
  now?: () => number;
};

/** A café with one host per table, everyone present every round, people in `groups` groups. */
export function simulateCafe(options: SimulationOptions): CafeQualityRow {
  const now = options.now ?? (() => performance.now());
  const random = seededRandom(`people:${options.seed}`);
  const id = (i: number) => `p${String(i).padStart(5, '0')}`;
  const people: AssignPerson[] = Array.from({ length: options.people }, (_, i) => ({
    id: id(i),
    groupKey: `g${Math.floor(random() * options.groups)}`,
    remote: false,
  }));
  const tables: AssignTable[] = Array.from({ length: options.tables }, (_, i) => ({
    id: `t${String(i).padStart(3, '0')}`,
    online: false,
    hostId: i < options.people ? id(i) : null,
  }));
  const history: PastSeat[] = [];
  const metBy = new Map<string, Set<string>>(people.map((p) => [p.id, new Set()]));
  const reach = new Map<string, number>(people.map((p) => [p.id, 0]));
  let repeatPairs = 0;
  let lowerBound = 0;
  let revisits = 0;
  let elapsed = 0;
  for (let round = 1; round <= options.rounds; round++) {
    const input: AssignInput = {
      tables,
      people,
      history: [...history],
      seed: `${options.seed}:${round}`,
      maxPerTable: 5,
      roundsAfter: options.rounds - round,
    };
    const started = now();
    const result: AssignResult = assignTables(input);
    elapsed += now() - started;
    repeatPairs += result.repeatPairs;
    revisits += result.revisits;
    lowerBound += repeatPairsLowerBound(input, result.revisits === 0);
    const byTable = new Map<string, string[]>();
    for (const s of result.seats) {
      history.push({ round, tableId: s.tableId, participantId: s.participantId });
      const list = byTable.get(s.tableId);
      if (list) list.push(s.participantId);
      else byTable.set(s.tableId, [s.participantId]);
    }
    for (const list of byTable.values()) {
      for (const a of list) {
        reach.set(a, reach.get(a)! + list.length - 1);
        for (const b of list) if (a !== b) metBy.get(a)!.add(b);
      }
    }
  }
  const n = Math.max(1, people.length);
  let met = 0;
  let bestMet = 0;
  for (const p of people) {
    met += metBy.get(p.id)!.size;
    bestMet += Math.min(people.length - 1, reach.get(p.id)!);
  }
  return {
    people: options.people,
    tables: options.tables,
    rounds: options.rounds,
    meanMet: met / n,
    bestMeanMet: bestMet / n,
    repeatPairs,
    repeatPairsLowerBound: lowerBound,
    revisits,
    msPerRound: elapsed / Math.max(1, options.rounds),
  };
}

export type CafeQualityOptions = {
  sizes?: readonly number[];
  rounds?: readonly number[];
  groups?: number;
  seed?: string;
  now?: () => number;
};

/** The report in docs/cafe-assignment.md: tables = round(people / 4), one host each. */
export function cafeQualityReport(options: CafeQualityOptions = {}): CafeQualityRow[] {
  const sizes = options.sizes ?? [8, 16, 24, 40, 80, 120, 200];
  const roundsList = options.rounds ?? [3, 5];
  const rows: CafeQualityRow[] = [];
  for (const people of sizes) {
    for (const rounds of roundsList) {
      rows.push(
        simulateCafe({
          people,
          tables: Math.max(1, Math.round(people / 4)),
          rounds,
          groups: options.groups ?? 3,
          seed: options.seed ?? 'quality',
          ...(options.now ? { now: options.now } : {}),
        }),
      );
    }
  }
  return rows;
}

/** The rows as a Markdown table. */
export function formatCafeQuality(rows: readonly CafeQualityRow[]): string {
  const head = [
    'people',
    'tables',
    'rounds',
    'met (mean)',
    'met (best possible)',
    'repeat pairs',
    'repeat pairs (lower bound)',
    'revisits',
    'ms per round',
  ];
  const lines = [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---:').join(' | ')} |`,
    ...rows.map(
      (r) =>
        `| ${[
          r.people,
          r.tables,
          r.rounds,
          r.meanMet.toFixed(2),
          r.bestMeanMet.toFixed(2),
          r.repeatPairs,
          r.repeatPairsLowerBound,
          r.revisits,
          r.msPerRound.toFixed(1),
        ].join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

/**
 * The console's mixing figures for every round so far, from the seats as they stand now: late
 * arrivals, returning phones and moves by hand included (CAFE7, CAFE19). Each round's repeat pairs
 * and revisits are counted against the seats of the rounds before it; the size spread is the
 * largest table minus the smallest, per kind of table (in-room, online), whichever is larger.
 */
export function seatingQuality(
  tables: readonly { id: string; online: boolean }[],
  seats: readonly { round: number; tableId: string; participantId: string; isHost: boolean }[],
): { round: number; repeatPairs: number; revisits: number; sizeSpread: number }[] {
  const rounds = [...new Set(seats.map((s) => s.round))].sort((a, b) => a - b);
  return rounds.map((round) => {
    const history = seats.filter((s) => s.round < round);
    const now = seats.filter((s) => s.round === round);
    let sizeSpread = 0;
    for (const online of [false, true]) {
      const sizes = tables
        .filter((t) => t.online === online)
        .map((t) => now.filter((s) => s.tableId === t.id).length);
      if (sizes.length > 0)
        sizeSpread = Math.max(sizeSpread, Math.max(...sizes) - Math.min(...sizes));
    }
    return {
      round,
      repeatPairs: countRepeatPairs(history, now),
      revisits: countRevisits(history, now),
      sizeSpread,
    };
  });
}
