import type { CafeQuality } from '../../shared/domain/cafe.ts';
import type { Distribution } from '../lib.ts';

/*
 * The café bench's options and what it reports: bench/run.ts passes the one and prints the other.
 */

export type CafeOptions = {
  /** People in the room, hosts included. */
  people: number;
  rounds: number;
  /** Seconds of note-writing in each round. */
  seconds: number;
  /** People per table, host included (the café's tableSize and maxTableSize). */
  tableSize?: number;
  /** Joins (and relay peers) set up at once; not part of the figures. */
  joinConcurrency?: number;
  /** How long one join, one ack, or one wait (seats, tablecloths, notes) may take. */
  timeoutMs?: number;
  /** Seed of the note schedule, so both sides and every run write the same lines at the same moments. */
  seed?: number;
  log?: (line: string) => void;
};

export type Driver = {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  cpuPercent: number;
  rssPeakMb: number;
  /** How late lines were written against the schedule. */
  sendLag: Distribution;
};

export type Machine = {
  pressure: { cpuPercent: number; ioPercent: number } | undefined;
  loadAverage: number;
};

/** The notes of one side (Roundtable or the relay), over every round. */
export type NoteFigures = {
  planned: number;
  /** Lines written into a synced tablecloth. */
  written: number;
  /** Per (line, tablemate): from the insert to that tablemate's document holding it. */
  toTablemate: Distribution;
  /** Per line: from the insert to the last of its tablemates holding it. */
  toEveryTablemate: Distribution;
  /** Lines some tablemate still lacked when the wait ended, or not written; by reason. */
  failures: Record<string, number>;
  /** Times a tablecloth connection closed while its round's notes were being written. */
  drops: number;
  /** From the first line of round 1 to the end of the last round's wait, writing time only. */
  cpu: { mean: number; peak: number; samples: number };
  rssPeakMb: number;
  driver: Driver;
  machine: Machine;
};

export type CafeRound = {
  round: number;
  /** From sending cafe:start (round 1) or cafe:advance to the facilitator's ack. */
  ackMs: number;
  /** Phones that got their cafe:seat for the round, of those connected. */
  seated: number;
  of: number;
  /** From the same send to each phone's cafe:seat (p50 and the last phone). */
  seatDelivery: Distribution;
  /** From the same send to each phone's cafe:changed, sent just before the seat. */
  stateDelivery: Distribution;
  /** From opening a phone's tablecloth document (every phone at once) to its being synced. */
  tableclothOpen: Distribution;
  tableclothFailures: number;
  /** Lines planned in the round, lines written, and per side the latency to each tablemate. */
  lines: number;
  written: number;
  toTablemate: { roundtable: Distribution; relay: Distribution };
  /** The server's assignment figures for the round (facilitator cafe:get, view.quality). */
  quality: CafeQuality | undefined;
  /** The same counted by the bench from the facilitator's seating, as a cross-check. */
  counted: { repeatPairs: number; revisits: number; sizeSpread: number };
  /** The counting lower bound on repeat pairs for this round (shared/domain/cafeQuality.ts). */
  repeatPairsLowerBound: number;
  /** assignTables alone on the same people, tables and history, timed in this process. */
  algorithmMs: number;
  /** When the round's command was sent (performance.now). */
  sentAt: number;
};

export type CafeReport = {
  people: number;
  tables: number;
  tableSize: number;
  rounds: number;
  seconds: number;
  roundtable: NoteFigures & {
    pid: number;
    joined: number;
    joinFailures: Record<string, number>;
    setupMs: number;
    /** Every phone's cafe:get when the room moved to the café (set-up, as the phone does). */
    phoneGet: Distribution;
    /** cafe:tables with every table, and the cafe:host per table (one after another). */
    tablesAckMs: number;
    hostAck: Distribution;
    /** cafe:host refused with RATE_LIMITED (then retried after the time it asked for). */
    hostsRateLimited: number;
    perRound: CafeRound[];
    /** The last round's cafe:advance, which ends the café: its ack and the phase it reported. */
    harvestAckMs: number;
    harvestPhase: string;
    /** From that advance to each phone's cafe:changed saying so. */
    harvestState: Distribution;
    /** The facilitator's cafe:tablecloths at the harvest, and what it held. */
    tableclothsMs: number;
    tablecloths: number;
    expectedTablecloths: number;
    /** Planned lines not found on their table's tablecloth at the harvest. */
    missingAtHarvest: number;
    /** Phones whose cafe:seat disagreed with the facilitator's seating. */
    seatMismatches: number;
    met: { mean: number; best: number; min: number; max: number; people: number };
    /** The whole café, from cafe:start to the harvest's tablecloths. */
    cafeCpu: { mean: number; peak: number; samples: number };
    cafeWallMs: number;
    rssMb: { atStart: number; afterJoin: number; peak: number };
    serverLog: Record<string, number>;
    openFiles: number | undefined;
    /** The event-loop probe (GET of an unknown /api path every 250 ms) over the whole café. */
    probes: Distribution;
    /** Probes that took SLOW_NOTE_MS or more, by seconds since the server answered /healthz. */
    stalls: { atS: number; ms: number }[];
    /** Lines that took SLOW_NOTE_MS or more to some tablemate, by the second they were written. */
    slowNotes: { atS: number; notes: number }[];
    serverLaunchMs: number;
    /** When each round's cafe:start / cafe:advance was sent, in seconds since the server was up. */
    roundsAtS: { round: number; atS: number }[];
  };
  relay: NoteFigures & {
    pid: number;
    setupMs: number;
    stderr: string;
    openFiles: number | undefined;
  };
  driverOpenFiles: number | undefined;
};
