import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { ActivitySummary } from '../../../shared/domain/activity.ts';
import { questionFor, type CafeState, type CafeTable } from '../../../shared/domain/cafe.ts';
import type { Tablecloth as TableclothText } from '../../../shared/protocol/cafe.ts';
import { Loading } from '../../components/Loading.tsx';
import { CafeAnnouncer, type CafeSignal } from './CafeAnnouncer.tsx';
import { formatClock, useCountdown } from './clock.ts';
import { Insights } from './ParticipantCafe.tsx';
import { ClothText } from './Tablecloth.tsx';
import { useCafe, useTablecloths, type CafeRoom } from './useCafe.ts';
import { Colour, tableTitle } from './WhereToGo.tsx';
import './cafe.css';

type Props = {
  room: CafeRoom;
  activity: ActivitySummary;
  /** "Step 2 of 4 · World Café". */
  step: string;
};

/**
 * The café on the projector, readable from the back of the room: the round, its question, a
 * large countdown, and where the tables are (number, name, colour in words, place, host; never
 * who sits where). At the harvest, every table's notes and the insights.
 */
export function ScreenCafe({ room, activity, step }: Props) {
  const { t } = useTranslation('cafe');
  const cafe = useCafe(room, activity.id, 'screen');
  const { state } = cafe;
  const remaining = useCountdown(state);
  const sound = useSound();

  return (
    <div className="screen-cafe" data-testid="screen-cafe" data-phase={state?.phase ?? 'loading'}>
      <div className="screen-cafe-head">
        <p className="screen-step">{step}</p>
        <h2 className="screen-board-title" data-testid="current-activity" dir="auto">
          {activity.title}
        </h2>
      </div>
      {!state ? (
        <Loading />
      ) : (
        <>
          <CafeAnnouncer
            state={state}
            remaining={remaining}
            audience="screen"
            onSignal={sound.play}
            banner={state.phase !== 'harvest'}
          />
          {state.phase === 'harvest' ? (
            <ScreenHarvest room={room} state={state} />
          ) : (
            <>
              <ScreenQuestion state={state} prompt={activity.prompt} />
              <div className="screen-cafe-main">
                <ScreenClock state={state} remaining={remaining} />
                <ScreenTables state={state} />
              </div>
            </>
          )}
        </>
      )}
      <div className="screen-cafe-sound">
        <button
          type="button"
          className="screen-cafe-sound-btn"
          aria-pressed={sound.on}
          onClick={sound.toggle}
          disabled={!sound.available}
        >
          <span aria-hidden="true">♪ </span>
          {t('screen.sound')}
          <span className="screen-cafe-sound-state" aria-hidden="true">
            {' '}
            {sound.on ? t('screen.soundOn') : t('screen.soundOff')}
          </span>
        </button>
      </div>
    </div>
  );
}

/** The round's question (before the café starts: the activity's prompt), across the screen. */
function ScreenQuestion({ state, prompt }: { state: CafeState; prompt: string }) {
  const text =
    state.phase === 'setup' ? prompt : (state.questions[Math.max(0, state.round - 1)] ?? '');
  return text ? (
    <p className="screen-cafe-question" data-testid="screen-cafe-question" dir="auto">
      {text}
    </p>
  ) : null;
}

function ScreenClock({ state, remaining }: { state: CafeState; remaining: number }) {
  const { t } = useTranslation('cafe');
  const phase = state.phase === 'paused' ? state.pausedPhase : state.phase;
  const paused = state.phase === 'paused';
  if (state.phase === 'setup') {
    return (
      <div className="screen-cafe-side">
        <p className="screen-cafe-round">{t('setup.soon')}</p>
        <p className="screen-cafe-note">
          {t('screen.setupNote', { rounds: state.rounds, minutes: state.roundMinutes })}
        </p>
      </div>
    );
  }
  const label = paused
    ? t('screen.paused')
    : phase === 'moving'
      ? t('screen.changeoverStartsIn', { round: state.round })
      : t('round.timeLeft');
  return (
    <div className="screen-cafe-side">
      <p className="screen-cafe-round" data-testid="screen-cafe-round">
        {t('round.of', { round: state.round, rounds: state.rounds })}
      </p>
      <div
        className={
          paused ? 'screen-cafe-countdown screen-cafe-countdown-paused' : 'screen-cafe-countdown'
        }
      >
        <p className="screen-cafe-countdown-label">
          {paused ? <span aria-hidden="true">⏸ </span> : null}
          {label}
        </p>
        <p className="screen-cafe-time" role="timer" data-testid="screen-cafe-time">
          {formatClock(remaining)}
        </p>
      </div>
      {phase === 'moving' ? (
        <p className="screen-cafe-note">
          {t(state.round > 1 ? 'screen.moveNote' : 'screen.firstMoveNote')}
        </p>
      ) : null}
    </div>
  );
}

/** Where the tables are; who sits at them is each phone's business, not the room's. */
function ScreenTables({ state }: { state: CafeState }) {
  const { t } = useTranslation('cafe');
  const tables = [...state.tables].sort((a, b) => a.number - b.number);
  const round = Math.max(1, state.round);
  const cols = Math.min(6, Math.max(1, Math.ceil(Math.sqrt(tables.length))));
  // Up to four tables read from the back of a hall; a big café trades size for fitting.
  const density = tables.length <= 4 ? 'roomy' : tables.length <= 12 ? 'normal' : 'compact';
  return (
    <ul
      className="screen-cafe-tables"
      data-density={density}
      style={{ '--cols': cols } as CSSProperties}
      aria-label={t('screen.tables')}
    >
      {tables.map((table) => {
        const own = table.question ? questionFor(state, table, round) : '';
        return (
          <li
            key={table.id}
            className="screen-cafe-table"
            data-colour={table.colour}
            data-testid="screen-table"
          >
            <p className="screen-cafe-table-title">{tableTitle(t, table)}</p>
            <p className="screen-cafe-table-facts">
              <Colour colour={table.colour} />
              {[table.place, table.online ? t('where.online') : ''].filter(Boolean).map((fact) => (
                <span key={fact}>
                  <span aria-hidden="true"> · </span>
                  {fact}
                </span>
              ))}
            </p>
            <p className="screen-cafe-table-host">{screenHost(t, table)}</p>
            {own ? <p className="screen-cafe-table-q">{own}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}

function screenHost(t: (k: string, o?: Record<string, unknown>) => string, table: CafeTable) {
  if (!table.hostId) return t('screen.noHost');
  return table.hostName ? t('screen.host', { name: table.hostName }) : t('screen.hostUnnamed');
}

/** The harvest wall: each table a column, its notes under each question asked there. */
function ScreenHarvest({ room, state }: { room: CafeRoom; state: CafeState }) {
  const { t } = useTranslation('cafe');
  const cloths = useTablecloths(room, state.activityId, { key: 'harvest', enabled: true });
  const tables = [...state.tables].sort((a, b) => a.number - b.number);
  return (
    <div className="screen-cafe-harvest" data-testid="screen-harvest">
      <h3 className="screen-cafe-round">{t('harvest.heading')}</h3>
      <div className="screen-cafe-harvest-body">
        {state.insights.length > 0 ? (
          <Insights state={state} className="screen-cafe-named-insights" />
        ) : null}
        {!cloths.tablecloths ? (
          <Loading />
        ) : (
          <ul
            className="screen-cafe-wall"
            style={{ '--cols': Math.min(5, Math.max(1, tables.length)) } as CSSProperties}
            aria-label={t('harvest.byTable')}
          >
            {tables.map((table) => (
              <li key={table.id} className="screen-cafe-wall-table" data-colour={table.colour}>
                <p className="screen-cafe-wall-title">
                  {tableTitle(t, table)} <Colour colour={table.colour} />
                </p>
                <WallQuestions cloths={cloths.tablecloths!.filter((c) => c.tableId === table.id)} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function WallQuestions({ cloths }: { cloths: TableclothText[] }) {
  const { t } = useTranslation('cafe');
  const byQuestion = new Map<string, TableclothText[]>();
  for (const c of [...cloths].sort((a, b) => a.round - b.round)) {
    byQuestion.set(c.question, [...(byQuestion.get(c.question) ?? []), c]);
  }
  if (byQuestion.size === 0) return <p className="screen-cafe-wall-empty">{t('cloth.empty')}</p>;
  return (
    <>
      {[...byQuestion].map(([question, list]) => (
        <div key={question} className="screen-cafe-wall-q">
          {question ? <p className="screen-cafe-wall-question">{question}</p> : null}
          {list.map((c) => (
            <div key={c.round} className="screen-cafe-wall-round">
              <p className="screen-cafe-wall-round-label">
                {t('earlier.round', { round: c.round })}
              </p>
              <ClothText text={c.text} />
            </div>
          ))}
        </div>
      ))}
    </>
  );
}

type AudioCtor = typeof AudioContext;

/**
 * The projector's optional sound at the two signals (CAFE6): off by default, and browsers only
 * allow sound after someone presses something, so the button both enables and tests it.
 */
function useSound() {
  const ctx = useRef<AudioContext | null>(null);
  const [on, setOn] = useState(false);
  const onRef = useRef(on);
  useEffect(() => {
    onRef.current = on;
  });
  const Ctor: AudioCtor | undefined =
    typeof window !== 'undefined'
      ? (window.AudioContext ??
        (window as unknown as { webkitAudioContext?: AudioCtor }).webkitAudioContext)
      : undefined;

  const tone = useCallback((pattern: number[], frequency: number) => {
    const audio = ctx.current;
    if (!audio) return;
    let at = audio.currentTime + 0.05;
    for (const length of pattern) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + length + 0.05);
      at += length + 0.15;
    }
  }, []);

  const toggle = useCallback(() => {
    if (!Ctor) return;
    if (!ctx.current) ctx.current = new Ctor();
    void ctx.current.resume();
    if (!on) tone([0.15], 660);
    setOn(!on);
  }, [Ctor, tone, on]);

  const play = useCallback(
    (signal: CafeSignal) => {
      if (!onRef.current) return;
      if (signal.kind === 'warning') tone([0.25, 0.25], 660);
      else tone([0.5, 0.5, 0.8], 880);
    },
    [tone],
  );

  useEffect(() => () => void ctx.current?.close(), []);

  return { on, toggle, play, available: Ctor !== undefined };
}
