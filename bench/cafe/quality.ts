import { performance } from 'node:perf_hooks';
import type { CafeSeatRow } from '../../shared/domain/cafe.ts';
import { assignTables, type AssignInput, type PastSeat } from '../../shared/domain/cafeAssign.ts';
import { repeatPairsLowerBound } from '../../shared/domain/cafeQuality.ts';

/*
 * The seating's quality, counted by the bench itself from the facilitator's seating, to set beside
 * the server's own figures.
 */

/** Who sat at which table in each round, by participant id, from the facilitator's seating. */
export type Seating = Map<number, CafeSeatRow[]>;

/** Repeat pairs, revisits and size spread of `round`, counted from the seating as CAFE9 defines them. */
export function countQuality(seating: Seating, round: number, tableIds: string[]) {
  const rows = seating.get(round) ?? [];
  const metBefore = new Map<string, Set<string>>();
  const visited = new Map<string, Set<string>>();
  for (let r = 1; r < round; r++) {
    for (const [, people] of byTable(seating.get(r) ?? [])) {
      for (const a of people) {
        let s = metBefore.get(a);
        if (!s) metBefore.set(a, (s = new Set()));
        for (const b of people) if (a !== b) s.add(b);
      }
    }
    for (const row of seating.get(r) ?? []) {
      let v = visited.get(row.participantId);
      if (!v) visited.set(row.participantId, (v = new Set()));
      v.add(row.tableId);
    }
  }
  let repeatPairs = 0;
  const tables = byTable(rows);
  for (const people of tables.values()) {
    for (let i = 0; i < people.length; i++) {
      for (let j = i + 1; j < people.length; j++) {
        if (metBefore.get(people[i]!)?.has(people[j]!)) repeatPairs++;
      }
    }
  }
  const revisits = rows.filter(
    (row) => !row.isHost && visited.get(row.participantId)?.has(row.tableId),
  ).length;
  const sizes = tableIds.map((id) => tables.get(id)?.length ?? 0);
  return { repeatPairs, revisits, sizeSpread: Math.max(...sizes) - Math.min(...sizes) };
}

function byTable(rows: readonly CafeSeatRow[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(row.tableId);
    if (list) list.push(row.participantId);
    else out.set(row.tableId, [row.participantId]);
  }
  return out;
}

/**
 * New people met: distinct tablemates over every round, per person; the best possible is the
 * bound shared/domain/cafeQuality.ts uses, min(people - 1, sum over rounds of own table size - 1).
 */
export function peopleMet(seating: Seating) {
  const met = new Map<string, Set<string>>();
  const reach = new Map<string, number>();
  for (const rows of seating.values()) {
    for (const people of byTable(rows).values()) {
      for (const a of people) {
        let s = met.get(a);
        if (!s) met.set(a, (s = new Set()));
        for (const b of people) if (a !== b) s.add(b);
        reach.set(a, (reach.get(a) ?? 0) + people.length - 1);
      }
    }
  }
  const n = met.size;
  const counts = [...met.values()].map((s) => s.size);
  const best = [...reach.values()].map((r) => Math.min(n - 1, r));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  return {
    mean: mean(counts),
    best: mean(best),
    min: counts.length ? Math.min(...counts) : 0,
    max: counts.length ? Math.max(...counts) : 0,
    people: n,
  };
}

/**
 * The server's assignment again, in this process, on the same people, tables, hosts and history
 * (its seed is the café's own, kept in the database, so the seating may differ): how much of the
 * ack is the algorithm. Also the lower bound on repeat pairs for that input.
 */
export function offlineAssignment(
  seating: Seating,
  round: number,
  tableIds: string[],
  groupOf: Map<string, string>,
  serverRevisits: number,
  maxPerTable: number,
) {
  const rows = seating.get(round) ?? [];
  const history: PastSeat[] = [];
  for (let r = 1; r < round; r++) {
    for (const s of seating.get(r) ?? []) {
      history.push({ round: r, tableId: s.tableId, participantId: s.participantId });
    }
  }
  const hosts = new Map(rows.filter((s) => s.isHost).map((s) => [s.tableId, s.participantId]));
  const input: AssignInput = {
    tables: tableIds.map((id) => ({ id, online: false, hostId: hosts.get(id) ?? null })),
    people: rows.map((s) => ({
      id: s.participantId,
      groupKey: groupOf.get(s.participantId) ?? s.groupKey,
      remote: false,
    })),
    history,
    seed: `bench:${round}`,
    maxPerTable,
  };
  const at = performance.now();
  assignTables(input);
  const algorithmMs = performance.now() - at;
  return { algorithmMs, lowerBound: repeatPairsLowerBound(input, serverRevisits === 0) };
}
