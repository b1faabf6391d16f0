import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import {
  questionFor,
  tableclothDocName,
  type CafeState,
  type CafeTable,
} from '../../../shared/domain/cafe.ts';
import type { CafeMine, Tablecloth as TableclothText } from '../../../shared/protocol/cafe.ts';
import { useAnnounce } from '../../components/Announcer.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { problemText } from '../../lib/errors.ts';
import { say, written, type Book } from '../../lib/facilitatorText.ts';
import { useFocusOnChange } from '../../lib/focus.ts';
import { CafeAnnouncer } from './CafeAnnouncer.tsx';
import { formatClock, useCountdown } from './clock.ts';
import { ClothText, EarlierRounds, Tablecloth } from './Tablecloth.tsx';
import { useCafe, useTablecloths, type CafeRoom, type Seat } from './useCafe.ts';
import { Colour, hostLine, tableTitle, WhereToGo } from './WhereToGo.tsx';
import './cafe.css';

type Props = {
  room: CafeRoom;
  activityId: string;
  /** The phone's device token: it opens the table's shared notes. */
  token: string;
  /** The workshop's phrasebook: the question shows in the reader's language (LANG11). */
  book: Book | null;
};

const isRunning = (state: CafeState) =>
  state.phase === 'moving' || state.phase === 'talking' || state.phase === 'paused';

/** What a phone shows while the room is on a World Café. */
export function ParticipantCafe({ room, activityId, token, book }: Props) {
  const { t } = useTranslation('cafe');
  const common = useTranslation();
  const cafe = useCafe(room, activityId, 'participant');
  const { state, seat, mine, problem } = cafe;
  const remaining = useCountdown(state);
  // Where this phone sat in each round it saw: `mine.history` is only as fresh as the last full
  // fetch, so a phone that followed round 1 live knows its table from what it was shown.
  const [seen, setSeen] = useState<ReadonlyMap<number, string>>(new Map());
  useEffect(() => {
    if (seat && seen.get(seat.round) !== seat.tableId) {
      setSeen((m) => new Map(m).set(seat.round, seat.tableId));
    }
  }, [seat, seen]);
  useCafeFocus(state, seat, book);

  if (!state) {
    return problem ? (
      <div className="cafe">
        <ErrorMessage>{problemText(common.t, problem)}</ErrorMessage>
        <Button onClick={() => void cafe.refresh()}>{common.t('common.tryAgain')}</Button>
      </div>
    ) : (
      <Loading />
    );
  }

  const phase = state.phase === 'paused' ? state.pausedPhase : state.phase;
  const paused = state.phase === 'paused';
  return (
    <div className="cafe" data-testid="cafe" data-phase={state.phase}>
      <CafeAnnouncer
        state={state}
        remaining={remaining}
        audience={seat?.isHost ? 'host' : 'phone'}
        banner={state.phase !== 'harvest'}
        ready={seat !== null || phase === 'talking' || !isRunning(state)}
      />
      {paused ? (
        <p className="cafe-paused" data-testid="cafe-paused">
          <span aria-hidden="true">⏸ </span>
          {t('paused.heading')}
        </p>
      ) : null}
      {state.phase === 'setup' ? (
        <CafeSetup room={room} activityId={activityId} mine={mine} onMine={cafe.applyMine} />
      ) : state.phase === 'harvest' ? (
        <CafeHarvest room={room} state={state} book={book} />
      ) : !seat ? (
        <Finding />
      ) : phase === 'moving' ? (
        <>
          <WhereToGo
            seat={seat}
            round={state.round}
            remaining={remaining}
            paused={paused}
            satHereLastRound={
              seen.get(state.round - 1) === seat.tableId ||
              (mine?.history.some(
                (h) => h.round === state.round - 1 && h.tableId === seat.tableId,
              ) ??
                false)
            }
          />
          {seat.isHost ? (
            <BriefingNotes room={room} state={state} seat={seat} open={false} />
          ) : null}
        </>
      ) : (
        <Talking
          room={room}
          state={state}
          seat={seat}
          remaining={remaining}
          paused={paused}
          token={token}
          book={book}
        />
      )}
    </div>
  );
}

/**
 * A seat at a table and the start of the talk each replace the whole screen: focus goes to the
 * new heading if it was resting (A11Y-FOCUS1), and the talk's start is said with its question
 * (A11Y-SAY3); where to go is said by WhereToGo itself. Pausing changes neither.
 */
function useCafeFocus(state: CafeState | null, seat: Seat | null, book: Book | null) {
  const { t } = useTranslation('cafe');
  const announce = useAnnounce();
  const phase = state ? (state.phase === 'paused' ? state.pausedPhase : state.phase) : null;
  const at = seat && state ? `${state.round}:${seat.tableId}` : null;
  const key =
    phase === 'moving' && at
      ? `where:${at}`
      : phase === 'talking' && at
        ? `talk:${at}`
        : phase === 'harvest'
          ? 'harvest'
          : null;
  const target = key?.startsWith('where:')
    ? 'cafe-where-heading'
    : key?.startsWith('talk:')
      ? 'cafe-talk-heading'
      : key === 'harvest'
        ? 'cafe-harvest-heading'
        : null;
  useFocusOnChange(key, target, { fromNothing: true });

  const said = useRef(key);
  const asked = state && seat ? questionFor(state, seat.table, state.round) : '';
  const question = say(asked, book, currentLanguage()).text;
  const started =
    state && seat
      ? [
          t('talk.started', { round: state.round, table: tableTitle(t, seat.table) }),
          question ? t('talk.question', { question }) : '',
        ]
          .filter(Boolean)
          .join(' ')
      : '';
  useEffect(() => {
    const before = said.current;
    said.current = key;
    if (before === key || !key?.startsWith('talk:')) return;
    announce(started);
    // Said when a talk starts, not again when the words change under it (a renamed table).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, announce]);
}

function Finding() {
  const { t } = useTranslation('cafe');
  return (
    <div className="cafe-finding" data-testid="cafe-finding">
      <LiveRegion message={t('finding')} visible className="cafe-finding-text" />
    </div>
  );
}

function CafeSetup({
  room,
  activityId,
  mine,
  onMine,
}: {
  room: CafeRoom;
  activityId: string;
  mine: CafeMine | null;
  onMine: (mine: CafeMine) => void;
}) {
  const { t } = useTranslation('cafe');
  const common = useTranslation();
  // What the person just chose, shown at once while the server confirms it.
  const [busy, setBusy] = useState<{ which: 'volunteer' | 'remote'; on: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState('');

  async function toggle(which: 'volunteer' | 'remote', on: boolean) {
    setBusy({ which, on });
    setError(null);
    setSaved('');
    const result =
      which === 'volunteer'
        ? await room.send('cafe:volunteer', { activityId, volunteer: on })
        : await room.send('cafe:attend', { activityId, remote: on });
    setBusy(null);
    if (!result.ok) {
      setError(problemText(common.t, result.error));
      return;
    }
    onMine(result.data);
    setSaved(
      which === 'volunteer'
        ? t(on ? 'setup.volunteered' : 'setup.notVolunteered')
        : t(on ? 'setup.remoteOn' : 'setup.remoteOff'),
    );
  }

  return (
    <section className="cafe-setup" aria-labelledby="cafe-setup-heading" data-testid="cafe-setup">
      <h3 id="cafe-setup-heading" className="cafe-setup-heading">
        {t('setup.soon')}
      </h3>
      <p>{t('setup.explain')}</p>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <div className="cafe-toggles" role="group" aria-labelledby="cafe-toggles-heading">
        <h4 id="cafe-toggles-heading" className="cafe-toggles-heading">
          {t('setup.optionsHeading')}
        </h4>
        <Toggle
          label={t('setup.volunteer')}
          hint={t('setup.volunteerHint')}
          checked={busy?.which === 'volunteer' ? busy.on : (mine?.volunteer ?? false)}
          disabled={!mine || busy !== null}
          onChange={(on) => void toggle('volunteer', on)}
        />
        <Toggle
          label={t('setup.remote')}
          hint={t('setup.remoteHint')}
          checked={busy?.which === 'remote' ? busy.on : (mine?.remote ?? false)}
          disabled={!mine || busy !== null}
          onChange={(on) => void toggle('remote', on)}
        />
      </div>
      <LiveRegion message={saved} visible className="saved-status" />
    </section>
  );
}

function Toggle(props: {
  label: string;
  hint: string;
  checked: boolean;
  disabled: boolean;
  onChange: (on: boolean) => void;
}) {
  const { t } = useTranslation('cafe');
  const hintId = useId();
  return (
    <label className="choice choice-card cafe-toggle">
      <input
        type="checkbox"
        role="switch"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={hintId}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span className="cafe-toggle-text">
        <span className="cafe-toggle-label">{props.label}</span>
        <span id={hintId} className="cafe-toggle-hint">
          {props.hint}
        </span>
      </span>
      <span className="cafe-toggle-state" aria-hidden="true">
        {props.checked ? t('setup.on') : t('setup.off')}
      </span>
    </label>
  );
}

/** The table card while talking: smaller than the changeover's, still all of it in words. */
function TableCard({ table, isHost }: { table: CafeTable; isHost: boolean }) {
  const { t } = useTranslation('cafe');
  return (
    <div
      className="cafe-table-card"
      data-colour={table.colour}
      data-testid="cafe-table"
      data-table-number={table.number}
      data-host={isHost ? 'true' : 'false'}
    >
      <h2 className="cafe-table-card-title" id="cafe-talk-heading" tabIndex={-1}>
        <span className="visually-hidden">{t('table.yourTable')} </span>
        {tableTitle(t, table)}
      </h2>
      <p className="cafe-table-card-facts">
        <Colour colour={table.colour} />
        {table.place ? (
          <>
            <span aria-hidden="true"> · </span>
            <bdi>{table.place}</bdi>
          </>
        ) : null}
      </p>
      <p className="cafe-table-card-host">{hostLine(t, table, isHost)}</p>
    </div>
  );
}

function Talking(props: {
  room: CafeRoom;
  state: CafeState;
  seat: Seat;
  remaining: number;
  paused: boolean;
  token: string;
  book: Book | null;
}) {
  const { room, state, seat, remaining, paused, token, book } = props;
  const { t } = useTranslation('cafe');
  const question = questionFor(state, seat.table, state.round);
  return (
    <>
      <TableCard table={seat.table} isHost={seat.isHost} />
      <div className="cafe-round-line">
        <p className="cafe-round">{t('round.of', { round: state.round, rounds: state.rounds })}</p>
        <p className="cafe-time">
          <span className="cafe-time-label">
            {paused ? t('round.frozen') : t('round.timeLeft')}
          </span>{' '}
          <span className="cafe-countdown" role="timer">
            {formatClock(remaining)}
          </span>
        </p>
      </div>
      {question ? (
        <section className="cafe-question" aria-labelledby="cafe-question-heading">
          <h3 id="cafe-question-heading" className="cafe-question-heading">
            {t('round.question')}
          </h3>
          <p
            className="cafe-question-text prewrap"
            data-testid="cafe-question"
            dir="auto"
            {...written(question, book, currentLanguage())}
          />
        </section>
      ) : null}
      <Tablecloth
        key={`${seat.tableId}:${state.round}`}
        docName={tableclothDocName(seat.tableId, state.round)}
        auth={{ token }}
        label={t('cloth.label')}
        hint={t(seat.isHost ? 'cloth.hintHost' : 'cloth.hint')}
      />
      <BriefingNotes room={room} state={state} seat={seat} open={seat.isHost} />
    </>
  );
}

/** Earlier rounds at this table: read when a round starts at it (and after a reconnect). */
function BriefingNotes(props: { room: CafeRoom; state: CafeState; seat: Seat; open: boolean }) {
  const { room, state, seat, open } = props;
  const earlier = useTablecloths(room, state.activityId, {
    tableId: seat.tableId,
    key: `${seat.tableId}:${state.round}`,
    enabled: state.round > 1,
  });
  return <EarlierRounds tablecloths={earlier.tablecloths} round={state.round} open={open} />;
}

/** The harvest (CAFE15): every table's notes from every round, and the insights as named. */
function CafeHarvest({
  room,
  state,
  book,
}: {
  room: CafeRoom;
  state: CafeState;
  book: Book | null;
}) {
  const { t } = useTranslation('cafe');
  const common = useTranslation();
  const cloths = useTablecloths(room, state.activityId, { key: 'harvest', enabled: true });
  return (
    <section className="cafe-harvest" aria-labelledby="cafe-harvest-heading" data-testid="harvest">
      <h3 id="cafe-harvest-heading" className="cafe-harvest-heading" tabIndex={-1}>
        {t('harvest.heading')}
      </h3>
      <Insights state={state} />
      {cloths.problem && !cloths.tablecloths ? (
        <>
          <ErrorMessage>{problemText(common.t, cloths.problem)}</ErrorMessage>
          <Button onClick={() => void cloths.refresh()}>{common.t('common.tryAgain')}</Button>
        </>
      ) : cloths.tablecloths ? (
        <HarvestByTable state={state} tablecloths={cloths.tablecloths} book={book} />
      ) : (
        <Loading />
      )}
    </section>
  );
}

export function Insights({ state, className }: { state: CafeState; className?: string }) {
  const { t } = useTranslation('cafe');
  const insights = [...state.insights].sort((a, b) => a.position - b.position);
  const names = (ids: readonly string[]) =>
    ids
      .map((id) => state.tables.find((tb) => tb.id === id))
      .filter((tb): tb is CafeTable => tb !== undefined)
      .map((tb) => tableTitle(t, tb, 'short'))
      .join(', ');
  return (
    <section
      className={['cafe-named-insights', className ?? ''].join(' ').trim()}
      aria-labelledby="cafe-named-insights-heading"
      data-testid="insights"
    >
      <h4 id="cafe-named-insights-heading" className="cafe-named-insights-heading">
        {t('harvest.insights')}
      </h4>
      <LiveRegion
        message={insights.length > 0 ? t('harvest.insightCount', { count: insights.length }) : ''}
      />
      {insights.length === 0 ? (
        <p className="muted">{t('harvest.noInsights')}</p>
      ) : (
        <ol className="cafe-named-insight-list">
          {insights.map((i) => (
            <li key={i.id} className="cafe-named-insight">
              <bdi className="cafe-named-insight-text">{i.text}</bdi>
              {i.sourceTableIds.length > 0 ? (
                <span className="cafe-named-insight-from">
                  {t('harvest.from', { tables: names(i.sourceTableIds) })}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Every table's tablecloths, table by table, each round under its question. */
function HarvestByTable({
  state,
  tablecloths,
  book,
}: {
  state: CafeState;
  tablecloths: TableclothText[];
  book: Book | null;
}) {
  const { t } = useTranslation('cafe');
  const tables = [...state.tables].sort((a, b) => a.number - b.number);
  return (
    <div className="cafe-harvest-tables">
      <h4 className="cafe-harvest-sub">{t('harvest.byTable')}</h4>
      {tables.map((table) => {
        const cloths = tablecloths
          .filter((c) => c.tableId === table.id)
          .sort((a, b) => a.round - b.round);
        return (
          <section
            key={table.id}
            className="cafe-harvest-table"
            data-colour={table.colour}
            data-testid="harvest-table"
            data-table-number={table.number}
            aria-labelledby={`harvest-table-${table.id}`}
          >
            <h5 id={`harvest-table-${table.id}`} className="cafe-harvest-table-title">
              {tableTitle(t, table)}{' '}
              <Colour colour={table.colour} className="cafe-harvest-colour" />
            </h5>
            {cloths.length === 0 ? (
              <p className="muted">{t('cloth.empty')}</p>
            ) : (
              <ol className="cafe-harvest-rounds">
                {cloths.map((c) => (
                  <li key={c.round} className="cafe-harvest-round">
                    <p className="cafe-harvest-round-title">
                      <strong>{t('earlier.round', { round: c.round })}</strong>
                      {c.question ? (
                        <bdi
                          className="cafe-harvest-q"
                          {...written(c.question, book, currentLanguage())}
                        />
                      ) : null}
                    </p>
                    <ClothText text={c.text} />
                  </li>
                ))}
              </ol>
            )}
          </section>
        );
      })}
    </div>
  );
}
