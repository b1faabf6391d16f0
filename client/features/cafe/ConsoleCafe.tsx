import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ActivitySummary } from '../../../shared/domain/activity.ts';
import { CAFE_WARNING_MS, questionFor, type CafeState } from '../../../shared/domain/cafe.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import type { CafeView } from '../../../shared/protocol/cafe.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import type { Room } from '../../lib/useRoom.ts';
import { ActivityChooser, ActivityList, useFollowedActivity } from '../console/ActivityChooser.tsx';
import { formatClock, useCountdown } from './clock.ts';
import { HarvestWall } from './HarvestWall.tsx';
import { TableSetup } from './TableSetup.tsx';
import { QualityList, TablesLive } from './TablesLive.tsx';
import { useCafeConsoleT, useConsoleCafe, type CafeAct } from './useConsoleCafe.ts';
import { isRunning, roundPart } from './consoleCafe.ts';
import './console.css';

type Props = { room: Room; state: RoomState; workshopId: string };

const cafeKinds = ['world_cafe'] as const;

/**
 * The console's World Café. It follows the room onto a café; any café of the agenda can be opened
 * here too, so tables and hosts can be laid out before the room gets there.
 */
export function ConsoleCafe({ room, state, workshopId }: Props) {
  const { t } = useCafeConsoleT();
  const followed = useFollowedActivity(state, cafeKinds);
  const { activities: cafes, shown } = followed;
  if (cafes.length === 0) return null;

  if (!shown) {
    return (
      <ActivityList
        followed={followed}
        className="panel cafe-panel"
        heading={t('panel.listHeading')}
        headingId="cafe-list-heading"
        listClassName="cafe-choices"
        show={t('panel.show')}
        showNamed={(title) => t('panel.showNamed', { title })}
      />
    );
  }

  return (
    <section
      className="panel cafe-panel"
      aria-labelledby="cafe-panel-heading"
      data-testid="cafe-console"
    >
      <h2 id="cafe-panel-heading">{t('panel.heading', { title: shown.title })}</h2>
      <ActivityChooser
        followed={followed}
        value={shown.id}
        label={t('panel.choose')}
        onNow={t('panel.onNow')}
        className="cafe-chooser"
      />
      {shown.id !== state.currentActivityId ? <p className="muted">{t('panel.notOnNow')}</p> : null}
      <CafeManager
        key={shown.id}
        room={room}
        activity={shown}
        roomState={state}
        workshopId={workshopId}
      />
    </section>
  );
}

type ManagerProps = {
  room: Room;
  activity: ActivitySummary;
  roomState: RoomState;
  workshopId: string;
};

function CafeManager({ room, activity, roomState, workshopId }: ManagerProps) {
  const { t, tc } = useCafeConsoleT();
  const cafe = useConsoleCafe(room, activity.id);
  const { view, apply } = cafe;
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [wallOpen, setWallOpen] = useState(false);
  const [tablesOpen, setTablesOpen] = useState(false);
  const remaining = useCountdown(view?.state);
  const { send } = room;
  const phase = view?.state.phase ?? null;
  const lastPhase = useRef(phase);

  // Starting the café or ending the last round takes away the button that was pressed. Focus
  // then goes to what replaced it, but only if it was lost: a change the clock made by itself
  // must not pull focus from wherever the facilitator is working.
  useEffect(() => {
    const before = lastPhase.current;
    lastPhase.current = phase;
    if (before === phase || before === null || phase === null) return;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (!lost) return;
    const target =
      before === 'setup' && isRunning(phase)
        ? 'cafe-clock-round'
        : phase === 'harvest'
          ? 'cafe-harvest-heading'
          : null;
    if (target) document.getElementById(target)?.focus();
  }, [phase]);

  const act: CafeAct = useCallback(
    async (key, name, payload) => {
      setBusy(key);
      setProblem(null);
      const result = await send(name, payload);
      setBusy(null);
      if (!result.ok) {
        setProblem(result.error);
        return false;
      }
      // Every command in CafeAct answers with the café's view (see ViewCommand).
      apply(result.data as CafeView);
      return true;
    },
    [send, apply],
  );

  if (!view) {
    return cafe.problem ? (
      <ErrorMessage>{problemText(tc, cafe.problem)}</ErrorMessage>
    ) : (
      <Loading />
    );
  }
  const { state } = view;
  const running = isRunning(state.phase);
  const problemBox = problem ? <ErrorMessage>{problemText(tc, problem)}</ErrorMessage> : null;
  // Before the café: the whole set-up. While it runs: the same table editor, tables kept.
  const tableEditor = (whileRunning: boolean) => (
    <TableSetup
      view={view}
      activityId={activity.id}
      workshopId={workshopId}
      roster={room.roster}
      groups={roomState.workshop.groups}
      act={act}
      busy={busy}
      problem={whileRunning ? null : problemBox}
      running={whileRunning}
    />
  );

  return (
    <div className="cafe-manager">
      <LiveRegion message={phaseAnnouncement(t, state, remaining)} />
      {state.phase === 'setup' ? tableEditor(false) : null}
      {running ? (
        <>
          <CafeClock
            state={state}
            remaining={remaining}
            act={act}
            busy={busy}
            activityId={activity.id}
          />
          {problemBox}
          <TablesLive
            view={view}
            fill={cafe.fill}
            remaining={remaining}
            activityId={activity.id}
            groups={roomState.workshop.groups}
            room={room}
            act={act}
            busy={busy}
          />
          <div className="cafe-tables-toggle">
            <Button aria-expanded={tablesOpen} onClick={() => setTablesOpen((o) => !o)}>
              {tablesOpen ? t('setup.hideEditor') : t('setup.showEditor')}
            </Button>
            {tablesOpen ? tableEditor(true) : null}
          </div>
        </>
      ) : null}
      {state.phase === 'harvest' ? (
        <>
          <p className="cafe-harvest-lead">{t('harvest.lead')}</p>
          {problemBox}
          <QualityList quality={view.quality ?? []} />
        </>
      ) : null}
      {state.phase === 'harvest' ? (
        <HarvestWall
          view={view}
          room={room}
          activityId={activity.id}
          agenda={roomState.agenda}
          onChanged={() => void cafe.refresh()}
        />
      ) : state.round > 0 ? (
        <div className="cafe-wall-toggle">
          <Button aria-expanded={wallOpen} onClick={() => setWallOpen((o) => !o)}>
            {wallOpen ? t('harvest.hideWall') : t('harvest.showWall')}
          </Button>
          {wallOpen ? (
            <HarvestWall
              view={view}
              room={room}
              activityId={activity.id}
              agenda={roomState.agenda}
              onChanged={() => void cafe.refresh()}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

type Translate = ReturnType<typeof useCafeConsoleT>['t'];

/**
 * What the screen reader hears: the phase, once when it changes, and the two-minute warning once.
 * Never the seconds: a ticking live region would drown out everything else.
 */
function phaseAnnouncement(t: Translate, state: CafeState, remaining: number): string {
  const of = { n: state.round, total: state.rounds };
  switch (state.phase) {
    case 'setup':
      return t('clock.announce.setup');
    case 'harvest':
      return t('clock.announce.harvest');
    case 'paused':
      return t('clock.announce.paused', of);
    case 'moving':
      return t('clock.announce.moving', of);
    case 'talking': {
      const base = t('clock.announce.talking', of);
      return remaining > 0 && remaining <= CAFE_WARNING_MS
        ? `${base} ${t('clock.announce.twoMinutes')}`
        : base;
    }
  }
}

type ClockProps = {
  state: CafeState;
  remaining: number;
  act: CafeAct;
  busy: string | null;
  activityId: string;
};

/** Round, phase and time left, and the buttons that change them. */
function CafeClock({ state, remaining, act, busy, activityId }: ClockProps) {
  const { t } = useCafeConsoleT();
  const part = roundPart(state);
  const paused = state.phase === 'paused';
  const warning = part === 'talking' && remaining > 0 && remaining <= CAFE_WARNING_MS;
  const shareHint = useId();
  // Ticked at once, not when the server answers: a box that flips back meanwhile looks broken.
  const [sharing, setSharing] = useState<boolean | null>(null);
  const shared = sharing ?? state.notesShared;
  const question = questionFor(state, { question: '' }, state.round);
  const adjust = (seconds: number) =>
    void act(`adjust${seconds}`, 'cafe:adjust', { activityId, seconds });

  return (
    <section className="cafe-clock" aria-labelledby="cafe-clock-heading">
      <h3 id="cafe-clock-heading" className="visually-hidden">
        {t('clock.heading')}
      </h3>
      <div className="cafe-clock-face">
        <p className="cafe-clock-round" id="cafe-clock-round" tabIndex={-1}>
          {t('clock.roundOf', { n: state.round, total: state.rounds })}
        </p>
        <p className="cafe-clock-phase">
          <span className={`badge cafe-phase cafe-phase-${paused ? 'paused' : (part ?? 'setup')}`}>
            {paused
              ? t('clock.pausedWhile', { part: t(`clock.part.${part ?? 'talking'}`) })
              : t(`clock.part.${part ?? 'talking'}`)}
          </span>
        </p>
        <p className={`cafe-clock-time${warning ? ' cafe-clock-warning' : ''}`}>
          <span className="cafe-clock-digits">{formatClock(remaining)}</span>{' '}
          <span>{paused ? t('clock.leftPaused') : t('clock.left')}</span>
          {warning ? (
            <span className="cafe-clock-flag">
              <span aria-hidden="true">⏰ </span>
              {t('clock.twoMinutes')}
            </span>
          ) : null}
        </p>
      </div>
      {question ? (
        <p className="cafe-clock-question">
          <strong>{t('clock.question')}</strong> {question}
        </p>
      ) : null}
      <div className="actions cafe-clock-actions">
        {paused ? (
          <Button
            variant="primary"
            busy={busy === 'resume'}
            onClick={() => void act('resume', 'cafe:resume', { activityId })}
          >
            <span aria-hidden="true">▶ </span>
            {t('clock.resume')}
          </Button>
        ) : (
          <Button
            busy={busy === 'pause'}
            onClick={() => void act('pause', 'cafe:pause', { activityId })}
          >
            <span aria-hidden="true">⏸ </span>
            {t('clock.pause')}
          </Button>
        )}
        <Button busy={busy === 'adjust60'} onClick={() => adjust(60)}>
          {t('clock.addOne')}
        </Button>
        <Button busy={busy === 'adjust300'} onClick={() => adjust(300)}>
          {t('clock.addFive')}
        </Button>
        <Button busy={busy === 'adjust-60'} onClick={() => adjust(-60)}>
          {t('clock.takeOne')}
        </Button>
        <Button
          variant="danger"
          busy={busy === 'advance'}
          onClick={() => void act('advance', 'cafe:advance', { activityId })}
        >
          {part === 'moving' ? t('clock.startTalking') : t('clock.endRound')}
        </Button>
      </div>
      {state.round >= state.rounds ? <p className="field-hint">{t('clock.lastRound')}</p> : null}
      <div className="field cafe-share">
        <label className="choice">
          <input
            type="checkbox"
            checked={shared}
            aria-describedby={shareHint}
            onChange={(e) => {
              const notesShared = e.currentTarget.checked;
              setSharing(notesShared);
              void act('share', 'cafe:share', { activityId, notesShared }).finally(() =>
                setSharing(null),
              );
            }}
          />
          <span>{t('clock.share')}</span>
        </label>
        <p className="field-hint" id={shareHint}>
          {shared ? t('clock.shareOn') : t('clock.shareOff')}
        </p>
      </div>
    </section>
  );
}
