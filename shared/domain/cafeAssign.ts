/**
 * World Café table assignment (CAFE8..CAFE10 in docs/spec.md). Pure and deterministic: the same
 * input and seed give the same seating.
 *
 * How it works (docs/cafe-assignment.md has the rules, the guarantees and measured figures):
 * 1. Normalise: tables and people sorted by id, duplicates dropped, so input order never matters.
 * 2. Pin hosts to their tables; a table without a present host gets a stand-in from the people
 *    who sat there in their most recent round, who stays to brief the newcomers.
 * 3. Split people by mode (in-room / online) and compute each table's exact balanced size.
 * 4. Greedy: most constrained travellers first, each to the cheapest table with a free seat.
 * 5. Fewest revisits, exactly: cancel negative cycles of moves between tables (min-cost flow).
 * 6. Descent: best-improvement swaps, and moves that hand a mode's extra seat to another table,
 *    until none lowers the cost. Costs are lexicographic: revisits, then repeat pairs, then
 *    pairs of people of the same group at a table.
 * 7. While repeat pairs remain, a bounded tabu search, then the descent again.
 * 8. Tables still without a host take one of the people now seated there.
 */

import { mulberry32 } from './random.ts';

export type AssignTable = {
  id: string;
  /** Online tables seat remote people only; in-room tables seat people in the room. */
  online: boolean;
  /** The host, who stays at this table every round; null when the table has none. */
  hostId: string | null;
};

export type AssignPerson = {
  id: string;
  /** residents / officers / partners...; mixed at each table where the numbers allow. */
  groupKey: string;
  /** Joining from elsewhere: seated at online tables only (in-room tables if there are none). */
  remote: boolean;
};

/** Where someone sat in an earlier round. */
export type PastSeat = { round: number; tableId: string; participantId: string };

export type AssignInput = {
  tables: readonly AssignTable[];
  /** Everyone to seat this round, hosts included (hosts who are absent are simply not here). */
  people: readonly AssignPerson[];
  history: readonly PastSeat[];
  seed: string;
  /** Most people per table, host included, unless there are too many people for that. */
  maxPerTable: number;
  /**
   * Rounds still to come after this one (0 by default). With more rounds than tables some
   * revisits are forced anyway; knowing how many rounds are left lets the seating take them
   * where they spare repeat pairs (CAFE8).
   */
  roundsAfter?: number;
};

export type AssignedSeat = { participantId: string; tableId: string; isHost: boolean };

export type AssignResult = {
  seats: AssignedSeat[];
  /** Tables whose host is absent got a stand-in: someone who sat there last round if possible. */
  hosts: Record<string, string | null>;
  /** Pairs at one table who had already sat together in an earlier round. */
  repeatPairs: number;
  /** Non-hosts seated at a table they had sat at before. */
  revisits: number;
};

/** A 32-bit hash of a string (FNV-1a with a murmur finaliser), to seed the generator. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: small, fast, good enough to break ties; never Math.random (CAFE10). */
export function seededRandom(seed: string): () => number {
  return mulberry32(hashString(seed));
}

function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted by id, one per id; of duplicates the smallest by content, so input order never counts. */
function uniqueSorted<T extends { id: string }>(items: readonly T[]): T[] {
  const sorted = [...items].sort(
    (a, b) => compare(a.id, b.id) || compare(JSON.stringify(a), JSON.stringify(b)),
  );
  return sorted.filter((item, i) => i === 0 || sorted[i - 1]!.id !== item.id);
}

/** Who has sat with whom, as a set of partners per participant id. */
function metPartners(history: readonly PastSeat[]): Map<string, Set<string>> {
  const cohorts = new Map<string, string[]>();
  for (const s of history) {
    const key = `${s.round}\u0000${s.tableId}`;
    const list = cohorts.get(key);
    if (list) list.push(s.participantId);
    else cohorts.set(key, [s.participantId]);
  }
  const met = new Map<string, Set<string>>();
  for (const members of cohorts.values()) {
    for (const a of members) {
      let set = met.get(a);
      if (!set) met.set(a, (set = new Set()));
      for (const b of members) if (b !== a) set.add(b);
    }
  }
  return met;
}

/** Pairs seated together in `seats` who had already sat together in `history` (CAFE9). */
export function countRepeatPairs(
  history: readonly PastSeat[],
  seats: readonly Pick<AssignedSeat, 'participantId' | 'tableId'>[],
): number {
  const met = metPartners(history);
  const byTable = new Map<string, string[]>();
  for (const s of seats) {
    const list = byTable.get(s.tableId);
    if (list) list.push(s.participantId);
    else byTable.set(s.tableId, [s.participantId]);
  }
  let pairs = 0;
  for (const members of byTable.values()) {
    for (let i = 0; i < members.length; i++) {
      const partners = met.get(members[i]!);
      if (!partners) continue;
      for (let j = i + 1; j < members.length; j++) if (partners.has(members[j]!)) pairs++;
    }
  }
  return pairs;
}

/** Non-hosts in `seats` at a table they had already sat at in `history` (CAFE8). */
export function countRevisits(
  history: readonly PastSeat[],
  seats: readonly AssignedSeat[],
): number {
  const been = new Set(history.map((s) => `${s.participantId}\u0000${s.tableId}`));
  return seats.filter((s) => !s.isHost && been.has(`${s.participantId}\u0000${s.tableId}`)).length;
}

/** 0 = in-room, 1 = online. */
export type Mode = 0 | 1;

/** Which kind of table a person may sit at (CAFE9): their own kind when it exists, else the other. */
export function modeFor(remote: boolean, hasRoom: boolean, hasOnline: boolean): Mode {
  if (remote) return hasOnline ? 1 : 0;
  return hasRoom ? 0 : 1;
}

/**
 * Volunteers made hosts in one go (CAFE3): each table without a host gets the next volunteer of
 * its kind (in-room or online, as `modeFor` seats them) who hosts nowhere yet, in the order given
 * (the server gives them in the order they joined). Tables left over keep no host; volunteers left
 * over stay ordinary participants.
 */
export function hostsFromVolunteers(
  tables: readonly { id: string; online: boolean; hostId: string | null }[],
  volunteers: readonly { participantId: string; remote: boolean }[],
): { tableId: string; participantId: string }[] {
  const hasRoom = tables.some((t) => !t.online);
  const hasOnline = tables.some((t) => t.online);
  const hosting = new Set(tables.map((t) => t.hostId).filter((id) => id !== null));
  const waiting: [string[], string[]] = [[], []];
  for (const v of volunteers) {
    if (!hosting.has(v.participantId)) {
      waiting[modeFor(v.remote, hasRoom, hasOnline)].push(v.participantId);
    }
  }
  const out: { tableId: string; participantId: string }[] = [];
  for (const t of tables) {
    if (t.hostId !== null) continue;
    const next = waiting[t.online ? 1 : 0].shift();
    if (next) out.push({ tableId: t.id, participantId: next });
  }
  return out;
}

/**
 * Tables one mode needs in `round` (1-based) for the seating to have no repeat pairs (CAFE9).
 * `size` is the larger of the biggest table this round and the most present people who sat at
 * one table in an earlier round (host included). Round 2 needs a table for each of them: the host
 * stays and the others must all go to different tables. The later rounds' margins were measured
 * on thousands of random cafés (docs/cafe-assignment.md); the tests assert them.
 */
export function tablesForNoRepeats(round: number, size: number): number {
  if (round <= 2) return size;
  if (round === 3) return Math.max(size + 1, 3);
  return size + 2 * (round - 2);
}

/**
 * Upper bounds on how many passes the local search runs; it usually stops far earlier because a
 * pass finds nothing to improve. Bounded so the worst case stays fast and seed-deterministic.
 */
const MAX_PASSES = 60;
/** Work allowed to one descent, in cost evaluations (about twelve passes over 1,000 people). */
const DESCENT_EVALUATIONS = 12_000_000;
/** Work allowed to the tabu search, in cost evaluations (about 10 ms). */
const TABU_EVALUATIONS = 150_000;
/** People in conflict whose steps one tabu step weighs. */
const TABU_SAMPLE = 8;
/** Tabu steps without a better seating after which the search gives up. */
const TABU_PATIENCE = 500;
/** Steps for which a traveller may not go back to the table they just left (plus up to as many). */
const TABU_TENURE = 7;

export function assignTables(input: AssignInput): AssignResult {
  const tables = uniqueSorted(input.tables);
  const people = uniqueSorted(input.people);
  const hosts: Record<string, string | null> = {};
  for (const t of tables) hosts[t.id] = null;
  if (tables.length === 0 || people.length === 0) {
    return { seats: [], hosts, repeatPairs: 0, revisits: 0 };
  }
  const random = seededRandom(input.seed);
  const nP = people.length;
  const nT = tables.length;
  const personIndex = new Map(people.map((p, i) => [p.id, i]));
  const tableIndex = new Map(tables.map((t, i) => [t.id, i]));

  const groupIndex = new Map<string, number>();
  const groupOf = people.map((p) => {
    let g = groupIndex.get(p.groupKey);
    if (g === undefined) groupIndex.set(p.groupKey, (g = groupIndex.size));
    return g;
  });
  const nG = groupIndex.size;

  // Only present people's history matters: pairs with people who left cannot repeat.
  const visits = new Uint16Array(nP * nT);
  const lastRound = new Float64Array(nP).fill(-Infinity);
  const lastTables: number[][] = people.map(() => []);
  const cohorts = new Map<string, number[]>();
  for (const s of input.history) {
    const p = personIndex.get(s.participantId);
    if (p === undefined) continue;
    const key = `${s.round}\u0000${s.tableId}`;
    const list = cohorts.get(key);
    if (list) list.push(p);
    else cohorts.set(key, [p]);
    // A table removed since still counts as where someone sat most recently.
    const t = tableIndex.get(s.tableId) ?? -1;
    if (t >= 0) visits[p * nT + t]! += 1;
    if (s.round > lastRound[p]!) {
      lastRound[p] = s.round;
      lastTables[p] = [t];
    } else if (s.round === lastRound[p]) lastTables[p]!.push(t);
  }
  const metSets: Set<number>[] = people.map(() => new Set());
  for (const members of cohorts.values()) {
    for (const a of members) for (const b of members) if (a !== b) metSets[a]!.add(b);
  }
  const met = metSets.map((s) => Int32Array.from(s));
  // The swap cost asks "have these two met?" millions of times: a flat bit table answers faster
  // than a Set, and for up to 4,096 people it takes at most 2 MB.
  const metBits = nP <= 4096 ? new Uint8Array((nP * nP + 7) >> 3) : null;
  if (metBits) {
    for (let a = 0; a < nP; a++) {
      for (const b of met[a]!) metBits[(a * nP + b) >> 3]! |= 1 << ((a * nP + b) & 7);
    }
  }
  const haveMet = metBits
    ? (a: number, b: number) => (metBits[(a * nP + b) >> 3]! >> ((a * nP + b) & 7)) & 1
    : (a: number, b: number) => (metSets[a]!.has(b) ? 1 : 0);
  // Going back to the very table of one's last round is "staying put": among seatings equal in
  // revisits and repeat pairs, people move rather than stay ("everyone else moves").
  const stayedAt = new Uint8Array(nP * nT);
  for (let p = 0; p < nP; p++) {
    for (const t of lastTables[p]!) if (t >= 0) stayedAt[p * nT + t] = 1;
  }

  const hasRoom = tables.some((t) => !t.online);
  const hasOnline = tables.some((t) => t.online);
  const tableMode: Mode[] = tables.map((t) => (t.online ? 1 : 0));
  const personMode: Mode[] = people.map((p) => modeFor(p.remote, hasRoom, hasOnline));

  // Pinned people (hosts and stand-ins) never move this round; a host sits at their own table
  // whatever their mode.
  const pinnedAt = new Int32Array(nP).fill(-1);
  const pinnedOf = new Int32Array(nT).fill(-1);
  for (let t = 0; t < nT; t++) {
    const hostId = tables[t]!.hostId;
    const p = hostId === null ? undefined : personIndex.get(hostId);
    if (p === undefined || pinnedAt[p]! >= 0) continue;
    pinnedAt[p] = t;
    pinnedOf[t] = p;
    personMode[p] = tableMode[t]!;
  }
  const tieBreak = people.map(() => random());
  // Someone who sat at this table in their most recent round stays to brief the newcomers: the
  // latest first, then the longest-staying (usually last round's stand-in), then by seeded lot.
  // Others rank below them, those who know the table first.
  const standInRank = (p: number, t: number): number[] => [
    lastTables[p]!.includes(t) ? 1 : 0,
    lastTables[p]!.includes(t) ? lastRound[p]! : 0,
    visits[p * nT + t]!,
    tieBreak[p]!,
  ];
  const better = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
    return false;
  };
  const candidates: number[][] = tables.map(() => []);
  for (let p = 0; p < nP; p++) {
    if (pinnedAt[p]! >= 0) continue;
    for (const t of lastTables[p]!)
      if (t >= 0 && personMode[p] === tableMode[t]) candidates[t]!.push(p);
  }
  for (let t = 0; t < nT; t++) {
    if (pinnedOf[t]! >= 0) continue;
    let best = -1;
    let bestRank: number[] = [];
    for (const p of candidates[t]!) {
      if (pinnedAt[p]! >= 0) continue;
      const rank = standInRank(p, t);
      if (best < 0 || better(rank, bestRank)) {
        best = p;
        bestRank = rank;
      }
    }
    if (best >= 0) {
      pinnedAt[best] = t;
      pinnedOf[t] = best;
    }
  }

  // Revisits over the café as a whole (CAFE8): someone who has seen D of their mode's T tables,
  // with L rounds still to come after this one, must revisit at least max(0, L - (T - D)) more
  // times if they go somewhere new now, and 1 + max(0, L - (T - D)) if they revisit now. When
  // L + D >= T the two are equal: a revisit now is one they would have to make later anyway, so
  // it costs nothing and the seating may spend it to spare repeat pairs. Otherwise it costs 1.
  const roundsAfter = Math.max(0, Math.floor(input.roundsAfter ?? 0));
  const modeTableCount = [0, 0];
  for (let t = 0; t < nT; t++) modeTableCount[tableMode[t]!]!++;
  const freeRevisit = new Uint8Array(nP);
  for (let p = 0; p < nP; p++) {
    let seen = 0;
    for (let t = 0; t < nT; t++)
      if (visits[p * nT + t]! > 0 && tableMode[t] === personMode[p]) seen++;
    if (roundsAfter + seen >= modeTableCount[personMode[p]!]!) freeRevisit[p] = 1;
  }
  const visited = (p: number, t: number) => (visits[p * nT + t]! > 0 && !freeRevisit[p] ? 1 : 0);
  const stays = (p: number, t: number) => stayedAt[p * nT + t]!;

  // Sizes fixed before seating anyone, so balance holds by construction: every table gets
  // `floor` seats and `extras` tables (whichever the search picks) one more.
  const modeTables: number[][] = [[], []];
  for (let t = 0; t < nT; t++) modeTables[tableMode[t]!]!.push(t);
  const travellers: number[][] = [[], []];
  for (let p = 0; p < nP; p++) if (pinnedAt[p]! < 0) travellers[personMode[p]!]!.push(p);
  const base = new Int32Array(nT);
  const canExtra = new Uint8Array(nT);
  const hasExtra = new Uint8Array(nT);
  const extrasLeft = [0, 0];
  let maxSize = 1;
  for (const m of [0, 1] as const) {
    const ts = modeTables[m]!;
    if (ts.length === 0) continue;
    const pinned = ts.filter((t) => pinnedOf[t]! >= 0).length;
    const total = pinned + travellers[m]!.length;
    const floor = Math.floor(total / ts.length);
    let extras = total % ts.length;
    maxSize = Math.max(maxSize, floor + (extras > 0 ? 1 : 0));
    for (const t of ts) {
      const isPinned = pinnedOf[t]! >= 0 ? 1 : 0;
      if (floor === 0 && isPinned) {
        // A host alone is already the one extra seat this table gets.
        extras--;
        base[t] = 0;
        canExtra[t] = 0;
      } else {
        base[t] = floor - isPinned;
        canExtra[t] = 1;
      }
    }
    extrasLeft[m] = extras;
  }

  // Lexicographic cost through weights: no number of repeat pairs outweighs one revisit, no
  // number of people staying put outweighs one repeat pair, and no amount of group mixing
  // outweighs one person staying put, since no total can exceed its weight's multiplier (pairs of
  // people sharing a table, or people).
  let pairsAtTables = 0;
  for (let t = 0; t < nT; t++) pairsAtTables += ((maxSize - 1) * maxSize) / 2;
  const W_GROUP = 1;
  const W_STAY = pairsAtTables + 1;
  const W_PAIR = W_STAY * (nP + 1);
  const W_REVISIT = W_PAIR * (pairsAtTables + 1);

  const tableOf = new Int32Array(nP).fill(-1);
  const members: number[][] = tables.map(() => []);
  const slot = new Int32Array(nP);
  const travellerCount = new Int32Array(nT);
  const metAt = new Int32Array(nP * nT);
  const groupCount = new Int32Array(nT * Math.max(1, nG));

  const join = (p: number, t: number) => {
    tableOf[p] = t;
    slot[p] = members[t]!.length;
    members[t]!.push(p);
    groupCount[t * nG + groupOf[p]!]!++;
    for (const q of met[p]!) metAt[q * nT + t]!++;
  };
  const leave = (p: number) => {
    const t = tableOf[p]!;
    const list = members[t]!;
    const last = list.pop()!;
    if (last !== p) {
      list[slot[p]!] = last;
      slot[last] = slot[p]!;
    }
    groupCount[t * nG + groupOf[p]!]!--;
    for (const q of met[p]!) metAt[q * nT + t]!--;
    tableOf[p] = -1;
  };

  for (let t = 0; t < nT; t++) if (pinnedOf[t]! >= 0) join(pinnedOf[t]!, t);

  // Greedy: travellers with the fewest tables left that they have not sat at go first, then those
  // who have met the most people, so the most constrained still find a seat that suits them.
  for (const m of [0, 1] as const) {
    const ts = modeTables[m]!;
    const fresh = (p: number) => ts.filter((t) => !visited(p, t)).length;
    const order = travellers[m]!.map((p) => ({ p, fresh: fresh(p), met: met[p]!.length }));
    order.sort((a, b) => a.fresh - b.fresh || b.met - a.met || tieBreak[a.p]! - tieBreak[b.p]!);
    for (const { p } of order) {
      const start = Math.floor(random() * ts.length);
      let best = -1;
      let bestCost = Infinity;
      let bestFill = Infinity;
      for (let k = 0; k < ts.length; k++) {
        const t = ts[(start + k) % ts.length]!;
        const seated = travellerCount[t]!;
        const open =
          seated < base[t]! ||
          (seated === base[t]! && canExtra[t] && !hasExtra[t] && extrasLeft[m]! > 0);
        if (!open) continue;
        const cost =
          W_REVISIT * visited(p, t) +
          W_PAIR * metAt[p * nT + t]! +
          W_STAY * stays(p, t) +
          W_GROUP * groupCount[t * nG + groupOf[p]!]!;
        // Among equal costs the emptier table, so later travellers keep more choice.
        if (cost < bestCost || (cost === bestCost && seated < bestFill)) {
          best = t;
          bestCost = cost;
          bestFill = seated;
        }
      }
      if (best < 0) throw new Error('assignTables: no open seat (capacity arithmetic is wrong)');
      if (travellerCount[best]! === base[best]!) {
        hasExtra[best] = 1;
        extrasLeft[m]!--;
      }
      travellerCount[best]!++;
      join(p, best);
    }
  }

  const move = (p: number, to: number) => {
    travellerCount[tableOf[p]!]!--;
    leave(p);
    join(p, to);
    travellerCount[to]!++;
  };

  // Fewest revisits: a seating has the fewest revisits exactly when no cycle of moves between
  // tables (each table losing one traveller and gaining one, or handing its extra seat on) lowers
  // them; the greedy nearly always gets there, this catches the rest.
  for (const m of [0, 1] as const) {
    const ts = modeTables[m]!;
    const k = ts.length;
    if (k < 2) continue;
    const SHIFT = -2;
    for (;;) {
      const revisitsNow = travellers[m]!.filter((p) => visited(p, tableOf[p]!)).length;
      if (revisitsNow === 0) break;
      const pos = new Int32Array(nT).fill(-1);
      ts.forEach((t, i) => (pos[t] = i));
      const w = new Float64Array(k * k).fill(Infinity);
      const mover = new Int32Array(k * k).fill(-1);
      for (const p of travellers[m]!) {
        const a = pos[tableOf[p]!]!;
        const here = visited(p, tableOf[p]!);
        for (let b = 0; b < k; b++) {
          if (b === a) continue;
          const c = visited(p, ts[b]!) - here;
          if (c < w[a * k + b]!) {
            w[a * k + b] = c;
            mover[a * k + b] = p;
          }
        }
      }
      for (let x = 0; x < k; x++) {
        const tx = ts[x]!;
        if (!canExtra[tx] || hasExtra[tx]) continue;
        for (let a = 0; a < k; a++) {
          if (!hasExtra[ts[a]!] || w[x * k + a]! <= 0) continue;
          w[x * k + a] = 0;
          mover[x * k + a] = SHIFT;
        }
      }
      const dist = new Float64Array(k);
      const pred = new Int32Array(k).fill(-1);
      let touched = -1;
      for (let iter = 0; iter < k; iter++) {
        touched = -1;
        for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++) {
            const c = w[a * k + b]!;
            if (c !== Infinity && dist[a]! + c < dist[b]!) {
              dist[b] = dist[a]! + c;
              pred[b] = a;
              touched = b;
            }
          }
        }
        if (touched < 0) break;
      }
      if (touched < 0) break;
      let x = touched;
      // k steps back from a node still improving in the last pass lands on a negative cycle.
      for (let i = 0; i < k && x >= 0; i++) x = pred[x]!;
      if (x < 0) break;
      const cycle: number[] = [x];
      for (let y = pred[x]!; y !== x && y >= 0 && cycle.length <= k; y = pred[y]!) cycle.push(y);
      if (pred[cycle[cycle.length - 1]!] !== x) break;
      // cycle holds the tables backwards along the edges: pred[y] -> y.
      for (const y of cycle) {
        const from = pred[y]!;
        const who = mover[from * k + y]!;
        if (who === SHIFT) {
          hasExtra[ts[from]!] = 1;
          hasExtra[ts[y]!] = 0;
        } else move(who, ts[y]!);
      }
    }
  }

  // Local search steps keep sizes balanced: swaps between tables of one mode, and moves of a
  // traveller from a table with the extra seat to one without (which hands the extra seat on).
  const costSwap = (p: number, q: number): number => {
    const a = tableOf[p]!;
    const b = tableOf[q]!;
    const metPQ = haveMet(p, q);
    const revisit = visited(p, b) + visited(q, a) - visited(p, a) - visited(q, b);
    const stay = stays(p, b) + stays(q, a) - stays(p, a) - stays(q, b);
    const pairs =
      metAt[p * nT + b]! + metAt[q * nT + a]! - 2 * metPQ - metAt[p * nT + a]! - metAt[q * nT + b]!;
    const gp = groupOf[p]!;
    const gq = groupOf[q]!;
    const group =
      gp === gq
        ? 0
        : groupCount[a * nG + gq]! -
          groupCount[a * nG + gp]! +
          groupCount[b * nG + gp]! -
          groupCount[b * nG + gq]! +
          2;
    return W_REVISIT * revisit + W_PAIR * pairs + W_STAY * stay + W_GROUP * group;
  };
  const costMove = (p: number, b: number): number => {
    const a = tableOf[p]!;
    const g = groupOf[p]!;
    return (
      W_REVISIT * (visited(p, b) - visited(p, a)) +
      W_PAIR * (metAt[p * nT + b]! - metAt[p * nT + a]!) +
      W_STAY * (stays(p, b) - stays(p, a)) +
      W_GROUP * (groupCount[b * nG + g]! - groupCount[a * nG + g]! + 1)
    );
  };
  const canShift = (a: number, b: number) => hasExtra[a] && canExtra[b] && !hasExtra[b];
  /** Applies a swap with q, or (q < 0) moves p to table b with the extra seat. */
  const apply = (p: number, q: number, b: number) => {
    const a = tableOf[p]!;
    if (q < 0) {
      hasExtra[a] = 0;
      hasExtra[b] = 1;
    }
    move(p, b);
    if (q >= 0) move(q, a);
  };
  const repeatPairsNow = (m: Mode) => {
    let sum = 0;
    for (const p of travellers[m]!) sum += metAt[p * nT + tableOf[p]!]!;
    // Pairs with a pinned host are seen only from the traveller's side; pairs of two travellers
    // from both: counting exactness does not matter here, only whether it is zero.
    return sum;
  };

  const descend = (m: Mode) => {
    const ts = modeTables[m]!;
    const order = [...travellers[m]!];
    let evaluations = 0;
    for (let pass = 0; pass < MAX_PASSES && evaluations < DESCENT_EVALUATIONS; pass++) {
      shuffleInPlace(order, random);
      let improved = false;
      for (const p of order) {
        const a = tableOf[p]!;
        let bestDelta = 0;
        let bestQ = -1;
        let bestTable = -1;
        for (const b of ts) {
          if (b === a) continue;
          if (canShift(a, b)) {
            const d = costMove(p, b);
            if (d < bestDelta) {
              bestDelta = d;
              bestQ = -1;
              bestTable = b;
            }
          }
          evaluations += members[b]!.length;
          for (const q of members[b]!) {
            if (pinnedAt[q]! >= 0) continue;
            const d = costSwap(p, q);
            if (d < bestDelta) {
              bestDelta = d;
              bestQ = q;
              bestTable = b;
            }
          }
        }
        if (bestTable < 0) continue;
        improved = true;
        apply(p, bestQ, bestTable);
      }
      if (!improved) break;
    }
  };

  // Tabu search, only while repeat pairs remain: the best allowed step each time, even uphill,
  // for people in a repeat pair or a revisit; stepping back is barred for a few steps so the
  // search leaves local minima. It keeps the best seating it saw; its work is counted in cost
  // evaluations (never time), so results do not depend on the machine.
  // Same-group pairs no seating can avoid: each group spread as evenly as possible over the
  // mode's tables. Above this, the group mixing may still improve.
  const groupFloor = [0, 0];
  // The most of one group a table holds when the group is spread evenly over its mode.
  const groupShare = new Int32Array(2 * Math.max(1, nG));
  for (const m of [0, 1] as const) {
    const k = modeTables[m]!.length;
    if (k === 0) continue;
    const sizes = new Int32Array(Math.max(1, nG));
    for (let p = 0; p < nP; p++) {
      const t = pinnedAt[p]! >= 0 ? pinnedAt[p]! : -1;
      if ((t >= 0 ? tableMode[t] : personMode[p]) === m) sizes[groupOf[p]!]!++;
    }
    sizes.forEach((c, g) => (groupShare[m * nG + g] = Math.ceil(c / k)));
    for (const c of sizes) {
      const q = Math.floor(c / k);
      const r = c % k;
      groupFloor[m]! += (r * (q + 1) * q) / 2 + ((k - r) * q * (q - 1)) / 2;
    }
  }
  const groupPairsNow = (m: Mode) => {
    let sum = 0;
    for (const t of modeTables[m]!) {
      for (let g = 0; g < nG; g++) {
        const c = groupCount[t * nG + g]!;
        sum += (c * (c - 1)) / 2;
      }
    }
    return sum;
  };
  /** Repeat pairs, or more same-group pairs than the floor: worth searching on. */
  const unfinished = (m: Mode) => repeatPairsNow(m) > 0 || groupPairsNow(m) > groupFloor[m]!;

  const tabuSearch = (m: Mode) => {
    const ts = modeTables[m]!;
    const own = travellers[m]!;
    if (own.length === 0) return;
    // Cost relative to the start: only differences matter.
    let cost = 0;
    let bestCost = 0;
    let bestTableOf = Int32Array.from(tableOf);
    let bestExtra = Uint8Array.from(hasExtra);
    const tabu = new Int32Array(nP * nT);
    let evaluations = 0;
    const budget = TABU_EVALUATIONS;
    // Small rooms have few possible steps: a long bar would forbid them all.
    const tenure = Math.max(1, Math.min(TABU_TENURE, Math.floor(own.length / 4)));
    let lastBest = 0;
    let iter = 0;
    // The step chosen so far in this iteration (q < 0: a move with the extra seat).
    const pick = { delta: Infinity, p: -1, q: -1, table: -1, ties: 0 };
    const consider = (d: number, p: number, q: number, b: number, barred: boolean) => {
      // A barred step is allowed only if it leads to the best seating so far.
      if (barred && cost + d >= bestCost) return;
      if (d < pick.delta) {
        pick.delta = d;
        pick.ties = 1;
      } else if (d === pick.delta) {
        pick.ties++;
        if (random() * pick.ties >= 1) return;
      } else return;
      pick.p = p;
      pick.q = q;
      pick.table = b;
    };
    let bestUnfinished = unfinished(m);
    while (evaluations < budget && bestUnfinished) {
      iter++;
      // Long without a better seating: what is left is likely forced, so stop early.
      if (iter - lastBest > TABU_PATIENCE) break;
      evaluations += own.length;
      pick.delta = Infinity;
      pick.p = -1;
      pick.ties = 0;
      const conflicted = own.filter((p) => {
        const t = tableOf[p]!;
        return (
          metAt[p * nT + t]! > 0 ||
          visited(p, t) > 0 ||
          stays(p, t) > 0 ||
          groupCount[t * nG + groupOf[p]!]! > groupShare[m * nG + groupOf[p]!]!
        );
      });
      // A sample keeps each step cheap when many people are in conflict.
      shuffleInPlace(conflicted, random);
      for (const p of conflicted.slice(0, TABU_SAMPLE)) {
        const a = tableOf[p]!;
        for (const b of ts) {
          if (b === a) continue;
          const barred = tabu[p * nT + b]! > iter;
          if (canShift(a, b)) consider(costMove(p, b), p, -1, b, barred);
          for (const q of members[b]!) {
            if (pinnedAt[q]! >= 0) continue;
            consider(costSwap(p, q), p, q, b, barred || tabu[q * nT + a]! > iter);
          }
          evaluations += members[b]!.length + 1;
        }
      }
      // Every step barred: wait for bars to lapse (the evaluations still count against the budget).
      if (pick.p < 0) continue;
      const a = tableOf[pick.p]!;
      const b = pick.table;
      tabu[pick.p * nT + a] = iter + tenure + Math.floor(random() * tenure);
      if (pick.q >= 0) tabu[pick.q * nT + b] = iter + tenure + Math.floor(random() * tenure);
      apply(pick.p, pick.q, b);
      cost += pick.delta;
      if (cost < bestCost) {
        lastBest = iter;
        bestCost = cost;
        bestUnfinished = unfinished(m);
        bestTableOf = Int32Array.from(tableOf);
        bestExtra = Uint8Array.from(hasExtra);
      }
    }
    for (const p of own) if (tableOf[p] !== bestTableOf[p]) leave(p);
    for (const t of ts) hasExtra[t] = bestExtra[t]!;
    for (const p of own) if (tableOf[p]! < 0) join(p, bestTableOf[p]!);
    for (const t of ts) travellerCount[t] = members[t]!.length - (pinnedOf[t]! >= 0 ? 1 : 0);
  };

  for (const m of [0, 1] as const) {
    if (modeTables[m]!.length < 2) continue;
    descend(m);
    if (unfinished(m)) {
      tabuSearch(m);
      descend(m);
    }
  }

  // Tables still without a host: someone seated there, preferring one who sat there last.
  for (let t = 0; t < nT; t++) {
    if (pinnedOf[t]! >= 0) continue;
    let best = -1;
    let bestRank: number[] = [];
    for (const p of members[t]!) {
      const rank = standInRank(p, t);
      if (best < 0 || better(rank, bestRank)) {
        best = p;
        bestRank = rank;
      }
    }
    if (best >= 0) {
      pinnedAt[best] = t;
      pinnedOf[t] = best;
    }
  }

  const seats: AssignedSeat[] = [];
  for (let t = 0; t < nT; t++) {
    const host = pinnedOf[t]!;
    hosts[tables[t]!.id] = host >= 0 ? people[host]!.id : null;
    const list = [...members[t]!].sort((a, b) => (a === host ? -1 : b === host ? 1 : a - b));
    for (const p of list) {
      seats.push({ participantId: people[p]!.id, tableId: tables[t]!.id, isHost: p === host });
    }
  }
  return {
    seats,
    hosts,
    repeatPairs: countRepeatPairs(input.history, seats),
    revisits: countRevisits(input.history, seats),
  };
}

export type LateSeatInput = {
  tables: readonly AssignTable[];
  /** Who sits where this round already (hosts marked). */
  seats: readonly AssignedSeat[];
  /** Everyone seated this round and the newcomer: their group and whether they are remote. */
  people: readonly AssignPerson[];
  /** Seats of earlier rounds. */
  history: readonly PastSeat[];
  /** The person arriving, or coming back, while the round runs. */
  personId: string;
  seed: string;
  /** Rounds still to come after this one (CAFE8, CAFE18). */
  roundsAfter?: number;
};

/**
 * A seat for someone who arrives, or whose phone comes back, while a round runs (CAFE19). The
 * others are already at their tables, so only this person's table is chosen, by the same rules as
 * the round's seating: their mode's tables; balance (only the tables of that mode with the fewest
 * people, so sizes still differ by at most one); then, in this order, no revisit (counted over the
 * café, as CAFE8), fewest repeat pairs with the people at the table, not the table they sat at
 * last, fewest people of their group there; then a seeded lot. Returns null when there is no table.
 */
export function seatLatecomer(input: LateSeatInput): string | null {
  const tables = uniqueSorted(input.tables);
  if (tables.length === 0) return null;
  const person = input.people.find((p) => p.id === input.personId);
  const hasRoom = tables.some((t) => !t.online);
  const hasOnline = tables.some((t) => t.online);
  const mode = modeFor(person?.remote ?? false, hasRoom, hasOnline);
  const pool = tables.filter((t) => (t.online ? 1 : 0) === mode);
  const groupOf = new Map(input.people.map((p) => [p.id, p.groupKey]));
  const members = new Map<string, string[]>(tables.map((t) => [t.id, []]));
  for (const s of input.seats) {
    if (s.participantId !== input.personId) members.get(s.tableId)?.push(s.participantId);
  }
  const smallest = Math.min(...pool.map((t) => members.get(t.id)!.length));
  const met = metPartners(input.history).get(input.personId) ?? new Set<string>();
  const mine = input.history.filter((s) => s.participantId === input.personId);
  const been = new Set(mine.map((s) => s.tableId));
  const lastRound = Math.max(-Infinity, ...mine.map((s) => s.round));
  const lastTables = new Set(mine.filter((s) => s.round === lastRound).map((s) => s.tableId));
  const seen = pool.filter((t) => been.has(t.id)).length;
  const freeRevisit = Math.max(0, input.roundsAfter ?? 0) + seen >= pool.length;
  const random = seededRandom(`${input.seed}:${input.personId}`);
  let best: string | null = null;
  let bestCost: number[] = [];
  for (const t of pool) {
    const here = members.get(t.id)!;
    if (here.length !== smallest) continue;
    const cost = [
      been.has(t.id) && !freeRevisit ? 1 : 0,
      here.filter((id) => met.has(id)).length,
      lastTables.has(t.id) ? 1 : 0,
      here.filter((id) => groupOf.get(id) === person?.groupKey).length,
      random(),
    ];
    const i = cost.findIndex((c, k) => c !== bestCost[k]);
    if (best === null || (i >= 0 && cost[i]! < bestCost[i]!)) {
      best = t.id;
      bestCost = cost;
    }
  }
  return best;
}
