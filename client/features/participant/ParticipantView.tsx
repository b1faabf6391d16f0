import { feedbackLinkRoute } from '../../../shared/http/participantRoutes.ts';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import type { Self } from '../../../shared/protocol/socket.ts';
import { ConnectionStatus, OutdatedPage } from '../../components/ConnectionStatus.tsx';
import { Notice } from '../../components/ErrorMessage.tsx';
import { useAnnounce } from '../../components/Announcer.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import { currentLanguage, loadReasonStrings, loadWithStrings } from '../../i18n/index.ts';
import { langOf, say, written as writtenIn } from '../../lib/facilitatorText.ts';
import { groupNameByKey } from '../../lib/groups.ts';
import { loadRoomState, saveRoomState, type ParticipantRecord } from '../../lib/storage.ts';
import { useCall } from '../../lib/useCall.ts';
import { useFocusOnChange } from '../../lib/focus.ts';
import type { Room } from '../../lib/useRoom.ts';
import { LazyParticipantBoard as ParticipantBoard, loadBoard } from '../board/lazyBoard.ts';
import { OtherBoards } from '../board/OtherBoards.tsx';
import { useNoteQueue, type NoteQueueHandle } from '../board/useNoteQueue.ts';
import { WaitingNotes } from '../board/WaitingNotes.tsx';
import { ProfileEditor } from './ProfileEditor.tsx';

// The café (and its shared-notes editor) loads only for workshops that have one.
const loadCafe = () => loadWithStrings(() => import('../cafe/ParticipantCafe.tsx'), 'cafe');
const ParticipantCafe = lazy(() => loadCafe().then((m) => ({ default: m.ParticipantCafe })));
// So do the ballots: a workshop of boards alone never sends them to a phone.
const loadVote = () => loadWithStrings(() => import('../voting/ParticipantVote.tsx'), 'voting');
const ParticipantVote = lazy(() => loadVote().then((m) => ({ default: m.ParticipantVote })));

type Props = {
  code: string;
  record: ParticipantRecord;
  /** The live room, opened by the join page as soon as the phone had joined (LIGHT9). */
  room: Room;
  /** The server no longer knows this device; the page forgets it and offers to join again. */
  onForgotten: () => void;
};

export function ParticipantView({ code, record, room, onForgotten }: Props) {
  const { t } = useTranslation();
  const { self, refusal, connection, send } = room;
  // Until the live room arrives (or with no signal at all), the room as this phone last saw it.
  const [kept] = useState(() => loadRoomState(code));
  const state = room.state ?? kept;
  useEffect(() => {
    if (room.state) saveRoomState(code, room.state);
  }, [code, room.state]);
  // Once the room shows, what a refusal would say: not needed to show the first screen.
  const inRoom = state !== null;
  useEffect(() => {
    if (!inRoom) return;
    const timer = setTimeout(loadReasonStrings, 0);
    return () => clearTimeout(timer);
  }, [inRoom]);
  // Notes on their way to a board: sent whenever the connection allows, wherever the room is.
  const queue = useNoteQueue(record.participantId, room);
  // A board the person opened while the room is on something else.
  const [otherBoard, setOtherBoard] = useState<string | null>(null);

  useEffect(() => {
    if (refusal?.code === 'UNAUTHENTICATED' || refusal?.code === 'NOT_FOUND') onForgotten();
  }, [refusal, onForgotten]);

  // Switching language in the header is the person's choice for this workshop too.
  const language = currentLanguage();
  useEffect(() => {
    if (connection === 'connected' && self && self.language !== language) {
      void send('participant:update', { language });
    }
  }, [connection, self, language, send]);

  useRoomChangeFocus(state);

  // Fetched while the connection is good, so the board still opens if the signal drops later.
  const hasBoard = state?.agenda.some((a) => a.kind === 'idea_board') ?? false;
  useEffect(() => {
    if (hasBoard) void loadBoard();
  }, [hasBoard]);
  const hasCafe = state?.agenda.some((a) => a.kind === 'world_cafe') ?? false;
  useEffect(() => {
    if (hasCafe) void loadCafe();
  }, [hasCafe]);
  const hasVote =
    state?.agenda.some((a) => a.kind === 'dot_vote' || a.kind === 'congress_vote') ?? false;
  useEffect(() => {
    if (hasVote) void loadVote();
  }, [hasVote]);

  if (refusal?.code === 'PROTOCOL_MISMATCH') {
    return (
      <Page title={t('app.name')} variant="narrow">
        <OutdatedPage />
      </Page>
    );
  }

  if (!state) {
    return (
      <Page title={t('participant.loadingTitle')} variant="narrow">
        <ConnectionStatus connection={connection} />
        <Loading />
      </Page>
    );
  }

  const closed = state.workshop.status === 'closed';
  const onBoard = state.agenda.some(
    (a) => a.id === state.currentActivityId && a.kind === 'idea_board',
  );
  const title = say(state.workshop.title, state.workshop, language);
  return (
    <Page title={title.text} titleLang={langOf(title, language)} titleWritten variant="narrow">
      <ConnectionStatus connection={connection} />
      {closed ? (
        <ClosedScreen workshopId={state.workshop.id} />
      ) : state.workshop.status === 'draft' ? (
        <Notice>{t('join.notOpen')}</Notice>
      ) : (
        <CurrentActivity state={state} room={room} record={record} self={self} queue={queue} />
      )}
      {!closed && state.workshop.status === 'open' && !onBoard ? (
        <OtherBoards
          state={state}
          room={room}
          token={record.token}
          displayName={self?.displayName ?? ''}
          queue={queue}
          openId={otherBoard}
          onOpen={setOtherBoard}
        />
      ) : null}
      <WaitingNotes
        notes={queue.notes.filter(
          (n) =>
            closed ||
            (n.activityId !== state.currentActivityId && (onBoard || n.activityId !== otherBoard)),
        )}
        onRetry={queue.retry}
        onRemove={queue.remove}
      />
      {self ? (
        <p className="muted joined-as">
          {self.displayName
            ? t('participant.joinedAs', {
                name: self.displayName,
                group: groupNameByKey(t, state.workshop.groups, self.groupKey),
              })
            : t('participant.joinedAnonymously', {
                group: groupNameByKey(t, state.workshop.groups, self.groupKey),
              })}
        </p>
      ) : null}
      {!closed ? <ProfileEditor room={room} groups={state.workshop.groups} /> : null}
    </Page>
  );
}

/**
 * When the room moves (another activity, the welcome screen, the workshop closing), what had
 * focus is usually gone with the old screen: focus goes to the new screen's heading if it was
 * resting (A11Y-FOCUS1), and the change is said through the app's announcer, which is in the
 * page before the change (A11Y-SAY1, A11Y-SAY3). A phone opening a workshop as it is now is
 * told nothing: the page's heading is read as any page's.
 */
function useRoomChangeFocus(state: RoomState | null) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const closed = state?.workshop.status === 'closed';
  const activity = state?.agenda.find((a) => a.id === state.currentActivityId) ?? null;
  const key = !state ? null : closed ? 'closed' : `at:${activity?.id ?? 'welcome'}`;
  useFocusOnChange(key, closed ? 'closed-heading' : 'current-heading');

  const said = useRef(key);
  const sentence = closed
    ? t('participant.closedAnnounce')
    : activity
      ? t('participant.nowAnnounce', {
          kind: t(`kinds.${activity.kind}`),
          title: say(activity.title, state?.workshop, currentLanguage()).text,
        })
      : t('participant.welcome');
  useEffect(() => {
    const before = said.current;
    said.current = key;
    if (before === key || before === null || key === null) return;
    announce(sentence);
    // Said when the room moves, not again when the language changes the words.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, announce]);
}

/** The end of the workshop, and where to read what happened next once it is published. */
function ClosedScreen({ workshopId }: { workshopId: string }) {
  const { t } = useTranslation();
  const feedbackPath = usePublishedFeedback(workshopId);
  return (
    <section className="activity-card" aria-labelledby="closed-heading">
      <h2 id="closed-heading" className="activity-title" tabIndex={-1}>
        {t('participant.closed')}
      </h2>
      <p>{t('participant.thanks')}</p>
      {feedbackPath ? (
        <p>
          <Link to={feedbackPath} className="btn btn-primary">
            {t('participant.whatHappened')}
          </Link>
        </p>
      ) : (
        <p>{t('participant.whatNext')}</p>
      )}
    </section>
  );
}

function usePublishedFeedback(workshopId: string): string | null {
  // Offline or not yet published: the closed screen says it will be published.
  return useCall(feedbackLinkRoute, { params: { id: workshopId } }).data?.feedbackPath ?? null;
}

type CurrentProps = {
  state: RoomState;
  room: Room;
  record: ParticipantRecord;
  self: Self | null;
  queue: NoteQueueHandle;
};

function CurrentActivity({ state, room, record, self, queue }: CurrentProps) {
  const { t } = useTranslation();
  const agenda = [...state.agenda].sort((a, b) => a.position - b.position);
  const index = agenda.findIndex((a) => a.id === state.currentActivityId);
  const activity = index === -1 ? null : agenda[index];
  const reader = currentLanguage();
  const written = (text: string) => writtenIn(text, state.workshop, reader);

  if (!activity) {
    return (
      <section className="activity-card" aria-labelledby="current-heading">
        {/* No test id here: the welcome screen is the absence of a current activity. */}
        <h2 id="current-heading" className="activity-title" tabIndex={-1}>
          {t('participant.welcome')}
        </h2>
        <p>{t('participant.waiting')}</p>
        {state.workshop.purpose ? (
          <>
            <h3>{t('participant.about')}</h3>
            <p className="prewrap" dir="auto" {...written(state.workshop.purpose)} />
          </>
        ) : null}
      </section>
    );
  }

  const kind = t(`kinds.${activity.kind}`);
  return (
    <>
      <section className="activity-card" aria-labelledby="current-heading">
        <p className="activity-step">
          {t('participant.step', { n: index + 1, total: agenda.length })}
          <span aria-hidden="true"> · </span>
          <span className="activity-kind">{kind}</span>
        </p>
        <h2
          id="current-heading"
          className="activity-title"
          data-testid="current-activity"
          tabIndex={-1}
          dir="auto"
          {...written(activity.title)}
        />
        {activity.prompt ? (
          <p className="activity-prompt prewrap" dir="auto" {...written(activity.prompt)} />
        ) : null}
      </section>
      {activity.kind === 'idea_board' ? (
        <Suspense fallback={<Loading />}>
          <ParticipantBoard
            key={activity.id}
            activityId={activity.id}
            room={room}
            token={record.token}
            queue={queue}
            displayName={self?.displayName ?? ''}
            groups={state.workshop.groups}
            singleBoard={agenda.filter((a) => a.kind === 'idea_board').length === 1}
          />
        </Suspense>
      ) : null}
      {activity.kind === 'world_cafe' ? (
        <Suspense fallback={<Loading />}>
          <ParticipantCafe
            key={activity.id}
            activityId={activity.id}
            room={room}
            token={record.token}
            book={state.workshop}
          />
        </Suspense>
      ) : null}
      {activity.kind === 'dot_vote' || activity.kind === 'congress_vote' ? (
        <Suspense fallback={<Loading />}>
          <ParticipantVote
            key={activity.id}
            activityId={activity.id}
            room={room}
            groups={state.workshop.groups}
            book={state.workshop}
          />
        </Suspense>
      ) : null}
    </>
  );
}
