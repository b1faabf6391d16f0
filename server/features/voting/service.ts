import type { z } from 'zod';
import { parseStoredActivity } from '../../../shared/domain/activity.ts';
import {
  autoDots,
  BallotSchema,
  ballotProblem,
  isVote,
  shuffledFor,
  type Ballot,
  type Results,
  type VoteKind,
  type VoteOptionInputSchema,
} from '../../../shared/domain/voting.ts';
import type { Commitment, MyBallot, VoteMeta, VoteView } from '../../../shared/protocol/voting.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { notFound, refuse, refuseWith } from '../../errors.ts';
import type { Emitter } from '../../core/events.ts';
import type { Actor, ParticipantActor } from '../../core/identity.ts';
import type { BoardService } from '../board/service.ts';
import * as participants from '../participants/store.ts';
import * as workshops from '../workshops/store.ts';
import * as store from './store.ts';
import { Tally } from '../../../shared/domain/tally.ts';

/** What votes read of idea boards; asked of the board feature, which owns them. */
export type BoardContents = Pick<BoardService, 'contents' | 'noteAuthors'>;

/** What voting tells the transport, after each change is stored. */
export type VotingEvents = {
  /** Status, reveal or options changed: everyone in the room should fetch the vote again. */
  'vote.changed': { workshopId: string; meta: VoteMeta };
  /** A counted change: the transport pushes a coalesced tally. */
  'vote.counted': { workshopId: string; activityId: string };
  'commitments.changed': { workshopId: string; activityId: string };
};

type Viewer = Actor | { role: 'screen'; workshopId: string };

/**
 * Change numbers are taken when a ballot is written, not when its transaction commits: one taken
 * a little earlier can become visible after a later one was read. A running count reads this
 * many numbers back again; a change older still is caught by the version check.
 */
const LOOK_BACK = 512;
/** Running counts a node keeps (about 100 bytes a ballot); the least recently counted go. */
const RUNNING_COUNTS_KEPT = 32;

/** A vote's running count: what it holds of each ballot, and the count of those. */
type RunningCount = {
  sessionVersion: number;
  /** The highest change number applied. */
  seq: number;
  held: Map<string, { groupKey: string; ballot: Ballot | null; version: number }>;
  /** The sum of the held ballots' versions: with the session's counter, the version held. */
  heldSum: number;
  tally: Tally;
};

/** Applies one ballot as read: its old contribution out, its new one in; known versions skipped. */
function hold(run: RunningCount, b: store.ChangedBallot) {
  run.seq = Math.max(run.seq, b.seq);
  const old = run.held.get(b.participantId);
  if (old && old.version >= b.version) return;
  if (old?.ballot) run.tally.apply({ groupKey: old.groupKey, ballot: old.ballot }, -1);
  const ballot = b.ballot === null ? null : BallotSchema.parse(b.ballot);
  if (ballot) run.tally.apply({ groupKey: b.groupKey, ballot }, 1);
  run.heldSum += b.version - (old?.version ?? 0);
  run.held.set(b.participantId, { groupKey: b.groupKey, ballot, version: b.version });
}

/**
 * Refuses a ballot the vote's rules do not allow: an option not on the paper, the budget, the
 * caps, and a dot on one's own note when that is not allowed (read only then).
 */
async function mustBeAllowed(
  ballot: Ballot,
  kind: VoteKind,
  rules: store.Rules,
  optionIds: Iterable<string>,
  ownOptionIds: () => Promise<string[]> | string[],
) {
  const problem = ballotProblem(ballot, {
    kind,
    optionIds: new Set(optionIds),
    dotsPerPerson: rules.dotsPerPerson,
    maxDotsPerOption: rules.maxDotsPerOption,
    rankTopK: rules.rankTopK,
    pointsTotal: rules.pointsTotal,
  });
  if (problem) throw refuseWith(problem);
  if (rules.allowOwnNote) return;
  const own = new Set(await ownOptionIds());
  const chosen = Object.keys(ballot.kind === 'dot' ? ballot.dots : {});
  if (chosen.some((id) => own.has(id))) throw refuse('NO_DOTS_ON_OWN_NOTE');
}

/**
 * Dot votes and congress votes. Every count-changing command runs in one transaction that locks
 * the voter's ballot row and checks, in that order: a resend (operation id), that voting is open,
 * that this person may vote, the option, and the budget and caps. (VOTE7, VOTE8)
 */
export class VotingService {
  private readonly counted = new Map<string, Results>();
  private readonly running = new Map<string, RunningCount>();
  private readonly countQueue = new Map<string, Promise<Results>>();
  /** Counts afresh because a running count found it had missed something (for tests). */
  recounts = 0;

  constructor(
    private readonly db: Database,
    private readonly events: Emitter<VotingEvents>,
    private readonly board: BoardContents,
    private readonly now: () => Date = () => new Date(),
    /** How many change numbers below the highest seen a running count reads again. */
    private readonly lookBack = LOOK_BACK,
  ) {}

  /** The vote of a voting activity in the viewer's workshop, created on first use. */
  private async session(tx: Queryable, viewer: Viewer, activityId: string, lock = false) {
    const activity = await workshops.findActivity(tx, viewer.workshopId, activityId, [
      'dot_vote',
      'congress_vote',
    ]);
    if (!activity) throw notFound('vote');
    const kind: VoteKind = activity.kind === 'dot_vote' ? 'dot' : activity.settings.method;
    // Read first: a hall's ballots find the vote there, and an insert on each would be one more
    // write and round trip per ballot. Two first readers both insert; one wins, the other waits
    // for it and reads its row.
    let session = await store.findSession(tx, activityId, { lock });
    if (!session) {
      if (await store.insertSession(tx, { activityId, workshopId: viewer.workshopId, kind })) {
        const typed = activity.settings.options;
        if (typed.length > 0) {
          await store.replaceOptions(
            tx,
            activityId,
            typed.map((label) => ({
              label,
              source: 'typed' as const,
              sourceId: null,
              authorIds: [],
            })),
          );
        }
      }
      session = (await store.findSession(tx, activityId, { lock }))!;
    }
    // Before opening, the vote follows the agenda's settings (the method may still change).
    if (session.status === 'preparing' && session.kind !== kind) {
      session = await store.updateSession(tx, activityId, { kind });
    }
    return { session: await this.closeIfDue(tx, session), activity };
  }

  /**
   * A vote past its closing time is closed, whoever asks first: a read, a vote, the node's timer
   * or any node's sweep (`closeDue`). The row lock makes exactly one of them close it, and that
   * one tells the room, once the close is committed (SCALE7).
   */
  private async closeIfDue(tx: Queryable, session: store.Session) {
    if (session.status === 'open' && session.closesAt && session.closesAt <= this.now()) {
      const closed = await store.updateSession(tx, session.activityId, {
        status: 'closed',
        closed: true,
      });
      if (closed.rules) {
        this.closedIn
          .get(tx)
          ?.push({ workshopId: closed.workshopId, meta: this.meta(closed, closed.rules) });
      }
      return closed;
    }
    return session;
  }

  /** Closes every timed vote whose time has come that no other node is closing right now. */
  async closeDue() {
    await this.transaction(async (tx) => {
      for (const session of await store.lockDueSessions(tx, this.now())) {
        await this.closeIfDue(tx, session);
      }
    });
  }

  /** The votes a transaction closed, told to the room after it commits. */
  private readonly closedIn = new WeakMap<Queryable, { workshopId: string; meta: VoteMeta }[]>();

  private async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let closed: { workshopId: string; meta: VoteMeta }[] = [];
    const result = await this.db.transaction((tx) => {
      closed = [];
      this.closedIn.set(tx, closed);
      return fn(tx);
    });
    for (const { workshopId, meta } of closed) {
      this.events.emit('vote.changed', { workshopId, meta });
      this.events.emit('vote.counted', { workshopId, activityId: meta.activityId });
    }
    return result;
  }

  private rulesFrom(
    activity: ReturnType<typeof parseStoredActivity>,
    optionCount: number,
  ): store.Rules {
    if (activity.kind === 'dot_vote') {
      const s = activity.settings;
      const dots = s.dotsPerPerson ?? autoDots(optionCount);
      return {
        dotsPerPerson: dots,
        maxDotsPerOption: Math.min(s.maxDotsPerOption, dots),
        hideUntilReveal: s.hideTallyUntilReveal,
        shuffleOptions: s.shuffleOptions,
        lateJoinersMayVote: s.lateJoinersMayVote,
        allowOwnNote: s.allowOwnNote,
        rankTopK: 3,
        pointsTotal: 100,
      };
    }
    if (activity.kind === 'congress_vote') {
      const s = activity.settings;
      return {
        dotsPerPerson: 0,
        maxDotsPerOption: 0,
        hideUntilReveal: s.hideResultUntilReveal,
        shuffleOptions: true,
        lateJoinersMayVote: true,
        allowOwnNote: true,
        rankTopK: Math.min(s.rankTopK, optionCount),
        pointsTotal: s.pointsTotal,
      };
    }
    throw notFound('vote');
  }

  private async rules(
    tx: Queryable,
    session: store.Session,
    activity: ReturnType<typeof parseStoredActivity>,
  ) {
    return (
      session.rules ??
      this.rulesFrom(activity, (await store.listOptions(tx, session.activityId)).length)
    );
  }

  private meta(session: store.Session, rules: store.Rules): VoteMeta {
    return {
      activityId: session.activityId,
      kind: session.kind,
      status: session.status,
      revealed: session.revealed,
      closesAt: session.closesAt ? session.closesAt.toISOString() : null,
      live: !rules.hideUntilReveal,
      dotsPerPerson: rules.dotsPerPerson,
      maxDotsPerOption: rules.maxDotsPerOption,
      rankTopK: rules.rankTopK,
      pointsTotal: rules.pointsTotal,
      lateJoinersMayVote: rules.lateJoinersMayVote,
      allowOwnNote: rules.allowOwnNote,
    };
  }

  /** Whether results may reach this viewer now: facilitators always; others once revealed or live. */
  private resultsVisible(viewer: Viewer, session: store.Session, rules: store.Rules) {
    return viewer.role === 'facilitator' || session.revealed || !rules.hideUntilReveal;
  }

  /**
   * The count at the vote's current version (SCALE14). Each vote's count runs: a call reads only
   * the ballots changed since the last (and a short look-back, for writers that commit late),
   * takes each one's old contribution out and puts its new one in. If what it then holds is not
   * exactly the version the database gives in the same snapshot (a change it missed, an erased
   * ballot, options or paper changed), it counts every ballot afresh. A reveal makes every phone
   * in a hall ask at once: the results of one version are kept until it changes.
   */
  async results(activityId: string, db: Queryable = this.db): Promise<Results> {
    // Most asks find nothing changed (a reveal's hall asking at once): one cheap read answers.
    const kept = this.counted.get(activityId);
    if (kept) {
      const version = await store.countedVersion(db, activityId);
      if (version === undefined) throw notFound('vote');
      if (kept.version === version) return kept;
    }
    // One count at a time per vote: they share its running tally.
    const before = this.countQueue.get(activityId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.count(activityId, db));
    this.countQueue.set(activityId, mine);
    try {
      return await mine;
    } finally {
      if (this.countQueue.get(activityId) === mine) this.countQueue.delete(activityId);
    }
  }

  private async count(activityId: string, db: Queryable): Promise<Results> {
    const run = this.running.get(activityId);
    if (run) {
      const snap = await store.ballotChanges(db, activityId, Math.max(0, run.seq - this.lookBack));
      if (!snap) throw notFound('vote');
      if (snap.sessionVersion === run.sessionVersion) {
        for (const b of snap.changed) hold(run, b);
        if (run.sessionVersion + run.heldSum === snap.total) {
          // Most recently used last, so the oldest is the one let go.
          this.running.delete(activityId);
          this.running.set(activityId, run);
          return this.resultsAt(activityId, run, snap.total);
        }
      }
      this.recounts++;
    }
    return this.recount(activityId, db);
  }

  private async recount(activityId: string, db: Queryable): Promise<Results> {
    const session = await store.findSession(db, activityId);
    const snap = await store.ballotChanges(db, activityId, 0);
    if (!session || !snap) throw notFound('vote');
    const [options, paper, paperBallots] = await Promise.all([
      store.listOptions(db, activityId),
      store.listPaper(db, activityId),
      store.listPaperBallots(db, activityId),
    ]);
    const tally = new Tally({
      activityId,
      kind: session.kind,
      options,
      paper,
      rankTopK: session.rules?.rankTopK ?? 3,
      pointsTotal: session.rules?.pointsTotal ?? 100,
    });
    for (const b of paperBallots) tally.apply({ ...b, onPaper: true }, 1);
    const run: RunningCount = {
      sessionVersion: snap.sessionVersion,
      seq: 0,
      held: new Map(),
      heldSum: 0,
      tally,
    };
    for (const b of snap.changed) hold(run, b);
    this.running.delete(activityId);
    this.running.set(activityId, run);
    for (const [id] of this.running) {
      if (this.running.size <= RUNNING_COUNTS_KEPT) break;
      this.running.delete(id);
    }
    return this.resultsAt(activityId, run, snap.total);
  }

  private resultsAt(activityId: string, run: RunningCount, version: number): Results {
    const kept = this.counted.get(activityId);
    if (kept?.version === version) return kept;
    const results = run.tally.results(version);
    this.counted.set(activityId, results);
    return results;
  }

  /** Whether the tally of this vote may be pushed to everyone, or only to facilitators. */
  async tallyAudience(activityId: string): Promise<'everyone' | 'facilitators'> {
    const session = await store.findSession(this.db, activityId);
    if (!session) return 'facilitators';
    return session.revealed || session.rules?.hideUntilReveal === false
      ? 'everyone'
      : 'facilitators';
  }

  async get(viewer: Viewer, activityId: string): Promise<VoteView> {
    const { session, activity } = await this.transaction((tx) =>
      this.session(tx, viewer, activityId),
    );
    const rules = await this.rules(this.db, session, activity);
    const options = await store.listOptions(this.db, activityId);
    const participantId = viewer.role === 'participant' ? viewer.participantId : undefined;
    return {
      meta: this.meta(session, rules),
      options:
        participantId && rules.shuffleOptions ? shuffledFor(options, participantId) : options,
      ownOptionIds:
        participantId && !rules.allowOwnNote
          ? await store.ownOptionIds(this.db, activityId, participantId)
          : [],
      myBallot: participantId ? await store.findBallot(this.db, activityId, participantId) : null,
      mayVote: participantId ? await this.mayVote(this.db, session, rules, participantId) : false,
      results: this.resultsVisible(viewer, session, rules) ? await this.results(activityId) : null,
      commitments: await store.listCommitments(this.db, activityId, {
        participantId,
        all: viewer.role === 'facilitator',
      }),
    };
  }

  private async mayVote(
    db: Queryable,
    session: store.Session,
    rules: store.Rules,
    participantId: string,
  ) {
    if (rules.lateJoinersMayVote || !session.openedAt) return true;
    const p = await participants.findById(db, participantId);
    return p !== undefined && new Date(p.joinedAt) <= session.openedAt;
  }

  async setOptions(
    actor: Actor,
    activityId: string,
    options: z.output<typeof VoteOptionInputSchema>[],
  ) {
    const meta = await this.transaction(async (tx) => {
      const { session, activity } = await this.session(tx, actor, activityId, true);
      if (session.status !== 'preparing') {
        throw refuse('VOTE_OPTIONS_LOCKED');
      }
      const withAuthors = [];
      for (const o of options) {
        if (o.source === 'insight') await this.mustBeInsightOf(tx, actor.workshopId, o.sourceId);
        withAuthors.push({ ...o, authorIds: await this.authorsOf(tx, o) });
      }
      await store.replaceOptions(tx, activityId, withAuthors);
      const updated = await store.updateSession(tx, activityId, {});
      return this.meta(updated, await this.rules(tx, updated, activity));
    });
    this.events.emit('vote.changed', { workshopId: actor.workshopId, meta });
    return this.get(actor, activityId);
  }

  /** An option kept as coming from a café insight must name one of this workshop's (CAFE16). */
  private async mustBeInsightOf(tx: Queryable, workshopId: string, insightId: string | null) {
    const found = insightId
      ? await tx.query(
          `SELECT 1 AS ok FROM cafe_insights i JOIN cafes c ON c.activity_id = i.activity_id
            WHERE i.id = $1 AND c.workshop_id = $2 AND i.removed_at IS NULL`,
          [insightId, workshopId],
        )
      : [];
    if (found.length === 0) throw refuse('INSIGHT_NOT_IN_WORKSHOP');
  }

  /** The participants whose note an option stands for (a note and the notes merged into it). */
  private async authorsOf(tx: Queryable, o: { source: string; sourceId: string | null }) {
    if (o.source !== 'note' || !o.sourceId) return [];
    return this.board.noteAuthors(tx, o.sourceId);
  }

  async optionsFromBoard(
    actor: Actor,
    activityId: string,
    boardActivityId: string,
    from: 'themes' | 'notes',
  ) {
    await this.transaction((tx) => this.session(tx, actor, activityId));
    const items = await this.board.contents(actor.workshopId, boardActivityId, from);
    if (from === 'themes') {
      return {
        options: items.map((t) => ({ label: t.text, source: 'theme' as const, sourceId: t.id })),
      };
    }
    return {
      options: items
        .slice(0, 30)
        .map((n) => ({ label: n.text.slice(0, 200), source: 'note' as const, sourceId: n.id })),
    };
  }

  async open(actor: Actor, activityId: string, closesAt: string | null) {
    const meta = await this.transaction(async (tx) => {
      const { session, activity } = await this.session(tx, actor, activityId, true);
      if (session.status !== 'preparing') throw refuse('VOTE_ALREADY_OPENED');
      const options = await store.listOptions(tx, activityId);
      if (options.length < 2) throw refuse('VOTE_NEEDS_TWO_OPTIONS');
      const when = closesAt ? new Date(closesAt) : null;
      if (when && when <= this.now()) throw refuse('CLOSING_TIME_PASSED');
      const rules = this.rulesFrom(activity, options.length);
      const updated = await store.updateSession(tx, activityId, {
        status: 'open',
        opened: true,
        rules,
        closesAt: when,
      });
      return this.meta(updated, rules);
    });
    this.events.emit('vote.changed', { workshopId: actor.workshopId, meta });
    this.events.emit('vote.counted', { workshopId: actor.workshopId, activityId });
    if (meta.closesAt) this.closeAt(new Date(meta.closesAt));
    return meta;
  }

  /**
   * This node closes a timed vote it opened on time. Should it stop first, every node's sweep
   * closes it within a tick (voting/clock.ts), so the close never depends on this timer.
   */
  private closeAt(when: Date) {
    const timer = setTimeout(
      () => void this.closeDue().catch(() => undefined),
      Math.max(0, when.getTime() - this.now().getTime()) + 50,
    );
    timer.unref();
  }

  async close(actor: Actor, activityId: string) {
    return this.transition(actor, activityId, async (tx, session) => {
      if (session.status === 'preparing') throw refuse('VOTE_NOT_OPENED_YET');
      if (session.status === 'closed') return session;
      return store.updateSession(tx, activityId, { status: 'closed', closed: true });
    });
  }

  async reveal(actor: Actor, activityId: string) {
    return this.transition(actor, activityId, (tx) =>
      store.updateSession(tx, activityId, { revealed: true }),
    );
  }

  private async transition(
    actor: Actor,
    activityId: string,
    fn: (tx: Queryable, session: store.Session) => Promise<store.Session>,
  ) {
    const meta = await this.transaction(async (tx) => {
      const { session, activity } = await this.session(tx, actor, activityId, true);
      const updated = await fn(tx, session);
      return this.meta(updated, await this.rules(tx, updated, activity));
    });
    this.events.emit('vote.changed', { workshopId: actor.workshopId, meta });
    this.events.emit('vote.counted', { workshopId: actor.workshopId, activityId });
    return meta;
  }

  async setPaper(
    actor: Actor & { role: 'facilitator' },
    activityId: string,
    p: { optionId: string; groupKey: string; count: number },
  ) {
    await this.transaction(async (tx) => {
      const { session } = await this.session(tx, actor, activityId, true);
      if (session.status === 'preparing') throw refuse('PAPER_COUNTS_BEFORE_OPEN');
      const options = await store.listOptions(tx, activityId);
      if (!options.some((o) => o.id === p.optionId)) throw notFound('option');
      await store.setPaper(tx, { activityId, ...p, by: actor.facilitatorId });
      await store.bumpVersion(tx, activityId);
    });
    this.events.emit('vote.counted', { workshopId: actor.workshopId, activityId });
    return this.results(activityId);
  }

  /**
   * A paper ballot entered whole (VOTE17): checked against the vote's rules exactly as a phone
   * ballot is (the budget, the cap, the top k, the options), then counted by the same code, as
   * paper. Paper ballots are taken while the vote is open or after it closed (sheets counted
   * later), never before it opens.
   */
  async addPaperBallot(
    actor: Actor & { role: 'facilitator' },
    p: { id: string; activityId: string; groupKey: string; ballot: Ballot },
  ) {
    await this.transaction(async (tx) => {
      const { session, activity } = await this.session(tx, actor, p.activityId, true);
      if (session.status === 'preparing') throw refuse('PAPER_BALLOTS_BEFORE_OPEN');
      const rules = await this.rules(tx, session, activity);
      const options = await store.listOptions(tx, p.activityId);
      const problem = ballotProblem(p.ballot, {
        kind: session.kind,
        optionIds: new Set(options.map((o) => o.id)),
        dotsPerPerson: rules.dotsPerPerson,
        maxDotsPerOption: rules.maxDotsPerOption,
        rankTopK: rules.rankTopK,
        pointsTotal: rules.pointsTotal,
      });
      if (problem) throw refuseWith(problem);
      if (!isVote(p.ballot)) throw refuse('PAPER_BALLOT_EMPTY');
      const stored = await store.insertPaperBallot(tx, { ...p, by: actor.facilitatorId });
      if (!stored) throw refuse('PAPER_BALLOT_ID_TAKEN');
      await store.bumpVersion(tx, p.activityId);
    });
    this.events.emit('vote.counted', { workshopId: actor.workshopId, activityId: p.activityId });
    return {
      results: await this.results(p.activityId),
      paperBallots: await store.listPaperBallots(this.db, p.activityId),
    };
  }

  async removePaperBallot(actor: Actor & { role: 'facilitator' }, activityId: string, id: string) {
    await this.transaction(async (tx) => {
      await this.session(tx, actor, activityId, true);
      if (!(await store.deletePaperBallot(tx, activityId, id))) throw notFound('paperBallot');
      await store.bumpVersion(tx, activityId);
    });
    this.events.emit('vote.counted', { workshopId: actor.workshopId, activityId });
    return {
      results: await this.results(activityId),
      paperBallots: await store.listPaperBallots(this.db, activityId),
    };
  }

  async paperBallots(actor: Actor & { role: 'facilitator' }, activityId: string) {
    await this.transaction((tx) => this.session(tx, actor, activityId));
    return store.listPaperBallots(this.db, activityId);
  }

  async placeDot(actor: Actor, opId: string, activityId: string, optionId: string, delta: 1 | -1) {
    return this.vote(actor, opId, activityId, (current, rules) => {
      const dots = current?.kind === 'dot' ? { ...current.dots } : {};
      const next = (dots[optionId] ?? 0) + delta;
      if (next < 0) throw refuse('NO_DOT_TO_TAKE_BACK');
      if (next === 0) delete dots[optionId];
      else dots[optionId] = next;
      void rules;
      return { kind: 'dot', dots };
    });
  }

  async castBallot(actor: Actor, opId: string, activityId: string, ballot: Ballot) {
    return this.vote(actor, opId, activityId, () => ballot);
  }

  private async vote(
    actor: Actor,
    opId: string,
    activityId: string,
    next: (current: Ballot | null, rules: store.Rules) => Ballot,
  ): Promise<MyBallot> {
    if (actor.role !== 'participant') throw refuse('ONLY_PARTICIPANTS_VOTE');
    const result = await this.transaction(async (tx) => {
      const fast = await this.voteInOneRead(tx, actor, opId, activityId, next);
      if (fast) return fast;
      const { session, activity } = await this.session(tx, actor, activityId);
      const p = await participants.findById(tx, actor.participantId);
      if (!p) throw notFound('participant');
      // The row lock serialises one person's parallel votes: each sees the last one's result.
      const current = await store.lockBallot(tx, activityId, p.id, p.groupKey);
      const rules = await this.rules(tx, session, activity);
      const op = await store.claimOp(tx, opId, activityId, p.id);
      if (op === 'foreign') throw refuse('OPERATION_ID_TAKEN');
      if (op === 'seen') return { ballot: current, rules, kind: session.kind, changed: false };
      if (session.status === 'preparing') throw refuse('VOTING_NOT_OPEN');
      if (session.status === 'closed') throw refuse('VOTING_CLOSED');
      if (!(await this.mayVote(tx, session, rules, p.id))) {
        throw refuse('VOTE_FOR_THOSE_PRESENT');
      }
      const ballot = next(current, rules);
      const options = await store.listOptions(tx, activityId);
      await mustBeAllowed(
        ballot,
        session.kind,
        rules,
        options.map((o) => o.id),
        () => store.ownOptionIds(tx, activityId, p.id),
      );
      await store.saveBallot(tx, activityId, p.id, p.groupKey, ballot);
      return { ballot, rules, kind: session.kind, changed: true };
    });
    if (result.changed)
      this.events.emit('vote.counted', { workshopId: actor.workshopId, activityId });
    return {
      activityId,
      ballot: result.ballot,
      remaining: remainingOf(result.kind, result.ballot, result.rules),
    };
  }

  /**
   * A ballot on an open vote in two statements: one reads everything and locks the ballot row
   * (`ballotContext`), one claims the operation id and saves (SCALE15). The checks and their order
   * are the long path's below. Undefined whenever the long path must decide: the vote not there
   * or not yet started, due to close, without frozen rules, or the voter's ballot changed while
   * this waited for its lock. The long path then runs in the same transaction, the lock held.
   */
  private async voteInOneRead(
    tx: Queryable,
    actor: ParticipantActor,
    opId: string,
    activityId: string,
    next: (current: Ballot | null, rules: store.Rules) => Ballot,
  ) {
    const c = await store.ballotContext(tx, {
      activityId,
      workshopId: actor.workshopId,
      participantId: actor.participantId,
      opId,
    });
    const session = c?.session;
    const rules = session?.rules;
    if (!c || !session || !rules || !c.current) return undefined;
    if (session.status === 'open' && session.closesAt && session.closesAt <= this.now()) {
      return undefined;
    }
    const answer = (ballot: Ballot | null, changed: boolean) => ({
      ballot,
      rules,
      kind: session.kind,
      changed,
    });
    if (c.opOwner !== null) {
      if (c.opOwner !== actor.participantId) throw refuse('OPERATION_ID_TAKEN');
      return answer(c.ballot, false);
    }
    if (session.status === 'preparing') throw refuse('VOTING_NOT_OPEN');
    if (session.status === 'closed') throw refuse('VOTING_CLOSED');
    const lateJoiner = !!session.openedAt && c.joinedAt > session.openedAt;
    if (!rules.lateJoinersMayVote && lateJoiner) throw refuse('VOTE_FOR_THOSE_PRESENT');
    const ballot = next(c.ballot, rules);
    await mustBeAllowed(ballot, session.kind, rules, c.optionIds, () => c.ownOptionIds);
    const saved = await store.claimAndSaveBallot(tx, {
      opId,
      activityId,
      participantId: actor.participantId,
      groupKey: c.groupKey,
      ballot,
    });
    if (saved) return answer(ballot, true);
    // Taken since the snapshot: by another person (refused), or by this one (answered as seen).
    const op = await store.claimOp(tx, opId, activityId, actor.participantId);
    if (op !== 'seen') throw refuse('OPERATION_ID_TAKEN');
    return answer(c.ballot, false);
  }

  async addCommitment(
    actor: Actor,
    c: {
      id: string;
      activityId: string;
      optionId: string;
      text: string;
      who: string;
      byWhen: string;
    },
  ): Promise<Commitment> {
    const saved = await this.transaction(async (tx) => {
      const { session } = await this.session(tx, actor, c.activityId);
      if (session.status !== 'closed') throw refuse('COMMITMENTS_AFTER_CLOSE');
      const options = await store.listOptions(tx, c.activityId);
      if (!options.some((o) => o.id === c.optionId)) throw notFound('option');
      const result = await store.insertCommitment(tx, {
        ...c,
        participantId: actor.role === 'participant' ? actor.participantId : null,
        facilitatorId: actor.role === 'facilitator' ? actor.facilitatorId : null,
      });
      if (!result?.sameAuthor) throw refuse('COMMITMENT_ID_TAKEN');
      return result.commitment;
    });
    this.events.emit('commitments.changed', {
      workshopId: actor.workshopId,
      activityId: c.activityId,
    });
    return saved;
  }

  async hideCommitment(actor: Actor & { role: 'facilitator' }, id: string, reason: string) {
    const row = await store.findCommitment(this.db, id);
    if (!row) throw notFound('commitment');
    await this.transaction((tx) => this.session(tx, actor, row.activity_id));
    const c = await store.hideCommitment(this.db, id, reason, actor.facilitatorId);
    this.events.emit('commitments.changed', {
      workshopId: actor.workshopId,
      activityId: row.activity_id,
    });
    return c;
  }
}

/** Dots or points left; votes without a budget (single, approval, ranking) have none: 0. */
function remainingOf(kind: VoteKind, ballot: Ballot | null, rules: store.Rules): number {
  const sum = (values: Record<string, number>) => Object.values(values).reduce((s, n) => s + n, 0);
  if (kind === 'dot') return rules.dotsPerPerson - (ballot?.kind === 'dot' ? sum(ballot.dots) : 0);
  if (kind === 'points') {
    return rules.pointsTotal - (ballot?.kind === 'points' ? sum(ballot.points) : 0);
  }
  return 0;
}
