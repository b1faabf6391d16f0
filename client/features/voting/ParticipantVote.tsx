import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Group } from '../../../shared/domain/groups.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import { useAnnounce } from '../../components/Announcer.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { focusIfResting, useFocusOnChange } from '../../lib/focus.ts';
import { CommitmentForm, CommitmentList } from './Commitments.tsx';
import { CongressVote } from './CongressVote.tsx';
import { DotVote } from './DotVote.tsx';
import { ResultsView } from './ResultsView.tsx';
import { revealSentence } from './revealText.ts';
import { labelLangIn, ShownTextProvider, translateResults, translateView } from './shownText.tsx';
import { useVote, type VoteRoom } from './useVote.ts';
import { receiptFor } from './voteLogic.ts';
import { formatTime, useVotingT, voteProblemText } from './voteText.ts';
import './voting.css';

/** A hall of phones spreads its refetches over this long (see useVote). */
const CROWD_SPREAD_MS = 800;

type Props = {
  room: VoteRoom;
  activityId: string;
  groups: readonly Group[];
  /** The workshop, for its phrasebook: options show in the reader's language (LANG11). */
  book: RoomState['workshop'] | null;
};

const RESULTS_HEADING = 'vote-results-heading';

/** What a phone shows while the room is on a dot vote or a congress vote. */
export function ParticipantVote({ room, activityId, groups, book }: Props) {
  const { t, tc, language } = useVotingT();
  const pendingRef = useRef(false);
  const hold = useCallback(() => pendingRef.current, []);
  const fetched = useVote(room, activityId, hold, CROWD_SPREAD_MS);
  // Kept while the fetched view is: effects below watch the view and results by identity.
  const shownView = useMemo(
    () => fetched.view && translateView(fetched.view, book, language),
    [fetched.view, book, language],
  );
  const shownResults = useMemo(
    () => fetched.results && translateResults(fetched.results, book, language),
    [fetched.results, book, language],
  );
  const vote = { ...fetched, view: shownView, results: shownResults };
  const { view, results, problem } = vote;
  const announce = useAnnounce();

  // Voting opening or closing replaces what was on the screen; a phone whose focus went with it
  // starts again at the activity's heading (A11Y-FOCUS1).
  useFocusOnChange(view?.meta.status ?? null, 'current-heading');

  // The reveal: said once when it happens while the phone watches (not when a phone opens a vote
  // already revealed), with where the person's own choices came (A11Y-SAY2); focus goes to the
  // results if it was resting (A11Y-FOCUS2).
  const revealed = view !== null && results !== null && view.meta.revealed;
  const wasRevealed = useRef<boolean | null>(null);
  const ballot = view?.myBallot ?? null;
  useEffect(() => {
    if (view === null) return;
    const before = wasRevealed.current;
    wasRevealed.current = revealed;
    if (before !== false || !revealed || !results) return;
    announce(revealSentence(t, results, ballot));
    focusIfResting(document.getElementById(RESULTS_HEADING));
  }, [view, revealed, results, ballot, announce, t]);

  if (!view) {
    return problem ? (
      <div className="vote-participant">
        <ErrorMessage>{voteProblemText(t, tc, problem)}</ErrorMessage>
        <Button onClick={() => void vote.refresh()}>{tc('common.tryAgain')}</Button>
      </div>
    ) : (
      <Loading />
    );
  }

  const { meta } = view;
  const labelLang = labelLangIn(book, language);
  const isDot = meta.kind === 'dot';
  const closed = meta.status === 'closed';
  const receipt = receiptFor(view.myBallot);
  const resultsView = results ? (
    <ResultsView results={results} meta={meta} groups={groups} headingId={RESULTS_HEADING} />
  ) : null;

  return (
    <ShownTextProvider value={{ book, reader: language }}>
      <div className="vote-participant" data-testid="vote" data-status={meta.status}>
        {meta.status === 'preparing' ? (
          <Notice>{t('status.preparing')}</Notice>
        ) : closed ? (
          <Notice>
            <p>{t('status.closed')}</p>
            {receipt && view.myBallot ? <p>{t(receipt.key, { count: receipt.count })}</p> : null}
          </Notice>
        ) : !view.mayVote ? (
          <Notice>{t('status.mayNot')}</Notice>
        ) : meta.closesAt ? (
          <p className="vote-closes">
            {t('status.closesAt', { time: formatTime(meta.closesAt, language) })}
          </p>
        ) : null}

        {closed ? (resultsView ?? <p className="vote-hidden-note">{t('results.hidden')}</p>) : null}

        {isDot && !closed ? (
          <DotVote
            room={room}
            activityId={activityId}
            vote={{ ...vote, view }}
            pendingRef={pendingRef}
          />
        ) : null}
        {!isDot && meta.status === 'preparing' ? (
          <section aria-labelledby="vote-preview-heading">
            <h3 id="vote-preview-heading">{t('status.preview')}</h3>
            <ul>
              {view.options.map((o) => (
                <li key={o.id} dir="auto" lang={labelLang(o.label)}>
                  {o.label}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {!isDot && meta.status !== 'preparing' ? (
          <CongressVote
            room={room}
            activityId={activityId}
            vote={{ ...vote, view }}
            pendingRef={pendingRef}
          />
        ) : null}

        {!closed ? resultsView : null}

        {!isDot && closed ? (
          <>
            <CommitmentList commitments={view.commitments} options={view.options} />
            <CommitmentForm room={room} activityId={activityId} options={view.options} />
          </>
        ) : null}
      </div>
    </ShownTextProvider>
  );
}
