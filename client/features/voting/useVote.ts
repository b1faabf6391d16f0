import { useCallback, useEffect, useRef, useState } from 'react';
import type { Ballot, Results } from '../../../shared/domain/voting.ts';
import type { VoteView } from '../../../shared/protocol/voting.ts';
import type { ProblemBody } from '../../lib/api.ts';
import type { Room } from '../../lib/useRoom.ts';
import { newerResults } from './voteLogic.ts';

export type VoteRoom = Pick<Room, 'send' | 'subscribe' | 'connection' | 'database'>;

export type VoteHandle = {
  view: VoteView | null;
  /** The newest count this viewer may see (from `vote:get` or a pushed tally), or null. */
  results: Results | null;
  problem: ProblemBody | null;
  /** How many have voted, while the results themselves are hidden from this viewer. */
  voters: number | null;
  refresh: () => Promise<void>;
  /** The server's answer to this person's own vote: it replaces the ballot shown. */
  applyBallot: (ballot: Ballot | null) => void;
};

/**
 * One vote as this viewer may see it: fetched when the connection is (back) up and whenever the
 * server says it changed; tallies pushed in between are kept if newer (VOTE9). `holdBallot` says
 * the person has votes on their way, so a fetch that raced them does not roll their ballot back.
 */
export function useVote(
  room: VoteRoom,
  activityId: string,
  holdBallot: () => boolean = () => false,
  /**
   * Hundreds of phones in a hall hear the same "vote changed" at once; each waits a random moment
   * up to this long before fetching, so the server is not asked hundreds of times in one instant.
   */
  spreadMs = 0,
): VoteHandle {
  const { send, subscribe, connection } = room;
  const [view, setView] = useState<VoteView | null>(null);
  const viewRef = useRef<VoteView | null>(null);
  useEffect(() => {
    viewRef.current = view;
  });
  const [tally, setTally] = useState<Results | null>(null);
  const [progress, setProgress] = useState<{ voters: number; version: number } | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const fetches = useRef(0);
  const answers = useRef(0);
  const holdRef = useRef(holdBallot);
  useEffect(() => {
    holdRef.current = holdBallot;
  });

  const refresh = useCallback(async () => {
    const seq = ++fetches.current;
    const answersBefore = answers.current;
    const result = await send('vote:get', { activityId });
    // A newer fetch is on its way; its answer will be the fresher one.
    if (seq !== fetches.current) return;
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    setProblem(null);
    const keepBallot = answers.current !== answersBefore || holdRef.current();
    setView((prev) =>
      prev && keepBallot ? { ...result.data, myBallot: prev.myBallot } : result.data,
    );
  }, [send, activityId]);

  const applyBallot = useCallback((ballot: Ballot | null) => {
    answers.current += 1;
    setView((prev) => (prev ? { ...prev, myBallot: ballot } : prev));
  }, []);

  // One fetch at a time is enough: events that arrive while one is waiting share it.
  const scheduled = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refreshSoon = useCallback(() => {
    if (spreadMs <= 0) {
      void refresh();
      return;
    }
    if (scheduled.current !== undefined) return;
    scheduled.current = setTimeout(() => {
      scheduled.current = undefined;
      void refresh();
    }, Math.random() * spreadMs);
  }, [refresh, spreadMs]);
  useEffect(() => () => clearTimeout(scheduled.current), []);

  const connected = connection === 'connected';
  useEffect(() => {
    if (connected) void refresh();
  }, [connected, refresh]);

  useEffect(
    () =>
      subscribe((event) => {
        switch (event.name) {
          case 'room:resync':
            // Already spread over the hall by the room client.
            void refresh();
            break;
          case 'vote:changed': {
            if (event.payload.activityId !== activityId) break;
            const meta = event.payload;
            // Options change only while the vote is prepared; after that the pushed meta is all
            // that changed (results follow as tallies). A hall of phones refetching at the
            // opening would otherwise queue thousands of reads just as the votes start.
            if (meta.status === 'preparing') refreshSoon();
            else setView((prev) => (prev ? { ...prev, meta } : prev));
            if (!viewRef.current) refreshSoon();
            break;
          }
          case 'commitments:changed':
            if (event.payload.activityId === activityId) refreshSoon();
            break;
          case 'vote:tally':
            if (event.payload.activityId === activityId) {
              const pushed = event.payload;
              setTally((prev) => newerResults(prev, pushed));
            }
            break;
          case 'vote:progress':
            if (event.payload.activityId === activityId) {
              const { voters, version } = event.payload;
              // Volatile and coalesced: an older snapshot arriving late must not count backwards.
              setProgress((prev) => (prev && prev.version > version ? prev : { voters, version }));
            }
            break;
          default:
            break;
        }
      }),
    [subscribe, activityId, refreshSoon, refresh],
  );

  const fromView = view?.results ?? null;
  return {
    view,
    results: fromView || tally ? newerResults(fromView, tally) : null,
    problem,
    voters: progress?.voters ?? null,
    refresh,
    applyBallot,
  };
}
