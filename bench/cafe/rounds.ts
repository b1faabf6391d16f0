import { performance } from 'node:perf_hooks';
import { command, distribution, type ClientSocket, type Distribution } from '../lib.ts';
import { startDriverWatch, until } from './measure.ts';
import { writeRound, type NoteWatch } from './notes.ts';
import type { Phone, Phones } from './phones.ts';
import type { PlannedLine } from './plan.ts';
import { countQuality, type Seating } from './quality.ts';
import type { CafeRound, Driver, Machine } from './types.ts';

export type Played = {
  seating: Seating;
  perRound: CafeRound[];
  failures: Record<string, number>;
  seatMismatches: number;
  harvestAckMs: number;
  harvestPhase: string;
  harvestState: Distribution;
  /** The writing window, from the first line of round 1 to the end of the last round's wait. */
  writeFrom: number;
  writeTo: number;
  driver: Driver;
  machine: Machine;
};

/** The round's state reaches each phone just before its seat, in the same flush. */
async function stateToEveryPhone(ready: readonly Phone[], sentAt: number, timeoutMs: number) {
  await until(
    () => ready.every((p) => !p.socket!.connected || (p.changes.at(-1) ?? 0) > sentAt),
    timeoutMs,
  );
  return distribution(
    ready.flatMap((p) => {
      const at = p.changes.find((t) => t > sentAt);
      return at ? [at - sentAt] : [];
    }),
  );
}

/**
 * The café's rounds on Roundtable: in each the facilitator's command seats everyone (cafe:start,
 * then cafe:advance), every seated phone opens its table's tablecloth, and the round's lines are
 * written; one more cafe:advance ends the café in the harvest.
 */
export async function playRounds(a: {
  facilitator: ClientSocket;
  activityId: string;
  rounds: number;
  seconds: number;
  timeoutMs: number;
  phones: Phones;
  ready: readonly Phone[];
  watch: NoteWatch;
  plannedLines: PlannedLine[][];
  tableIds: string[];
  log: (line: string) => void;
}): Promise<Played> {
  const { facilitator, activityId, timeoutMs, phones, ready, watch, plannedLines } = a;
  const seating: Seating = new Map();
  const perRound: CafeRound[] = [];
  const failures: Record<string, number> = {};
  const lags: number[] = [];
  let seatMismatches = 0;
  let harvestAckMs = NaN;
  let harvestPhase = '?';
  let harvestState = distribution([]);
  let writeFrom = 0;
  let writeTo = 0;
  const driverWatch = startDriverWatch();

  for (let round = 1; round <= a.rounds + 1; round++) {
    const last = round > a.rounds;
    const sentAt = performance.now();
    const ack = await command(
      facilitator,
      round === 1 ? 'cafe:start' : 'cafe:advance',
      { activityId },
      timeoutMs,
    );
    const ackMs = performance.now() - sentAt;
    if (!ack.ok) throw new Error(`round ${round}: ${ack.error.code}: ${ack.error.message}`);
    const { phase, round: at } = ack.data.state;
    if (last) {
      harvestAckMs = ackMs;
      harvestState = await stateToEveryPhone(ready, sentAt, timeoutMs);
      harvestPhase = phase;
      if (phase !== 'harvest')
        a.log(`cafe: the last advance left the café in ${phase}, not harvest`);
      break;
    }
    if (phase !== 'talking' || at !== round) {
      throw new Error(`round ${round}: the ack says ${phase} in round ${at}, not talking`);
    }
    const rows = ack.data.seating ?? [];
    seating.set(round, rows);
    const live = () => ready.filter((p) => p.socket!.connected);
    await until(() => live().every((p) => p.seats.has(round)), timeoutMs);
    const seated = ready.filter((p) => p.seats.has(round));
    const stateDelivery = await stateToEveryPhone(ready, sentAt, timeoutMs);
    for (const p of seated) {
      const row = rows.find((r) => r.participantId === p.participantId);
      if (row?.tableId !== p.seats.get(round)!.tableId) seatMismatches++;
    }
    for (const p of seated) phones.openTablecloth(p, round);
    await until(() => seated.every((p) => p.syncedAt > 0 || p.openFailure), timeoutMs);
    const tableFailures = seated.filter((p) => p.peerRound !== round || !p.syncedAt).length;

    const tableOf = (person: number) => phones.all[person]?.seats.get(round)?.tableId;
    const atTable = new Map<string, number[]>();
    for (const p of seated) {
      const t = tableOf(p.index)!;
      const list = atTable.get(t);
      if (list) list.push(p.index);
      else atTable.set(t, [p.index]);
    }
    a.log(
      `cafe: round ${round} seated in ${ackMs.toFixed(0)} ms (${seated.length} seats); ` +
        `${plannedLines[round - 1]!.length} lines over ${a.seconds} s`,
    );
    phones.writing = true;
    if (!writeFrom) writeFrom = performance.now();
    const roundLags = await writeRound({
      lines: plannedLines[round - 1]!,
      watch,
      failures,
      timeoutMs,
      writer: (person) => {
        const p = phones.all[person];
        if (!p?.socket) return 'phone did not join';
        const seat = p.seats.get(round);
        if (!seat) return 'phone had no seat';
        if (p.peerRound !== round || !p.syncedAt || !p.peer) return 'tablecloth not synced';
        return { tableId: seat.tableId, text: p.peer.text };
      },
      tablemates: (person) =>
        (atTable.get(tableOf(person) ?? '') ?? []).filter(
          (q) => q !== person && phones.all[q]!.peerRound === round && phones.all[q]!.syncedAt > 0,
        ),
    });
    phones.writing = false;
    writeTo = performance.now();
    lags.push(...roundLags);

    const counted = countQuality(seating, round, a.tableIds);
    perRound.push({
      round,
      ackMs,
      seated: seated.length,
      of: ready.length,
      seatDelivery: distribution(seated.map((p) => p.seats.get(round)!.at - sentAt)),
      stateDelivery,
      tableclothOpen: distribution(
        seated.filter((p) => p.syncedAt > 0).map((p) => p.syncedAt - p.openedAt),
      ),
      tableclothFailures: tableFailures,
      lines: plannedLines[round - 1]!.length,
      written: [...watch.tracks.values()].filter((t) => t.line.round === round).length,
      toTablemate: { roundtable: watch.figures(round).toTablemate, relay: distribution([]) },
      quality: undefined,
      counted,
      repeatPairsLowerBound: NaN,
      algorithmMs: NaN,
      sentAt,
    });
  }
  const { driver, machine } = driverWatch.stop(lags);
  return {
    seating,
    perRound,
    failures,
    seatMismatches,
    harvestAckMs,
    harvestPhase,
    harvestState,
    writeFrom,
    writeTo,
    driver,
    machine,
  };
}
