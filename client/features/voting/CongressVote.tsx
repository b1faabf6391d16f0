import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import type { Ballot } from '../../../shared/domain/voting.ts';
import type { MyBallot, VoteView } from '../../../shared/protocol/voting.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { newUuid } from '../../lib/uuid.ts';
import { useOpQueue } from './useOpQueue.ts';
import type { VoteHandle, VoteRoom } from './useVote.ts';
import {
  congressBallot,
  draftFromBallot,
  pointsUsed,
  rankAdd,
  rankMove,
  rankRemove,
  receiptFor,
  setPoints,
} from './voteLogic.ts';
import { useLabelLang } from './shownText.tsx';
import { useVotingT, voteProblemText } from './voteText.ts';

type Method = 'single' | 'approval' | 'ranking' | 'points';
type Draft = ReturnType<typeof draftFromBallot>;
type CastOp = { id: string; ballot: Ballot };

type Props = {
  room: VoteRoom;
  activityId: string;
  vote: VoteHandle & { view: VoteView };
  pendingRef: { current: boolean };
};

const same = (a: Ballot | null, b: Ballot | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A congress ballot on a phone: one choice, any number, a top-k ranking or a share of points.
 * It is sent whole with its own operation id; it can be changed and sent again until the vote
 * closes; the receipt comes only from the server's answer.
 */
export function CongressVote({ room, activityId, vote, pendingRef }: Props) {
  const { t, tc } = useVotingT();
  const labelLang = useLabelLang();
  const { view, applyBallot, refresh } = vote;
  const method = view.meta.kind as Method;
  const [draft, setDraft] = useState<Draft>(() => draftFromBallot(view.myBallot));
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [incomplete, setIncomplete] = useState(false);
  const [announcement, setAnnouncement] = useState('');

  const { queue, ops, waiting } = useOpQueue<CastOp, MyBallot>(room, {
    send: (op) => room.send('ballot:cast', { opId: op.id, activityId, ballot: op.ballot }),
    onDone: (_op, mine) => applyBallot(mine.ballot),
    onRefused: (_op, p) => {
      setProblem(p);
      void refresh();
    },
  });
  const pending = ops.length > 0;
  useEffect(() => {
    pendingRef.current = pending;
  }, [pending, pendingRef]);

  const ballot = congressBallot(method, draft);
  const counted = view.myBallot;
  const changed = counted !== null && !same(ballot, counted);
  const receipt = receiptFor(counted);
  const open = view.meta.status === 'open' && view.mayVote;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!ballot) {
      setIncomplete(true);
      return;
    }
    setIncomplete(false);
    setProblem(null);
    queue.add({ id: newUuid(), ballot });
  }

  const labelOf = (id: string) => view.options.find((o) => o.id === id)?.label ?? '';

  const status = pending
    ? waiting
      ? t(room.database === 'unreachable' ? 'dots.waitingServer' : 'dots.waiting')
      : t('congress.sending')
    : receipt && !changed
      ? `${t(receipt.key, { count: receipt.count })}. ${t('receipt.canChange')}`
      : changed
        ? t('congress.changed')
        : '';

  if (!open) {
    return counted ? <CountedBallot ballot={counted} labelOf={labelOf} /> : null;
  }

  return (
    <form className="vote-ballot congress-ballot" onSubmit={submit} noValidate>
      <LiveRegion message={announcement} />
      {method === 'single' ? (
        <fieldset className="fieldset congress-fieldset">
          <legend className="field-label">{t('congress.single.legend')}</legend>
          <ul className="plain-list congress-options">
            {view.options.map((o) => (
              <li key={o.id}>
                <label className="choice choice-card">
                  <input
                    type="radio"
                    name={`single-${activityId}`}
                    checked={draft.choice === o.id}
                    onChange={() => setDraft({ ...draft, choice: o.id })}
                  />
                  <bdi lang={labelLang(o.label)}>{o.label}</bdi>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      {method === 'approval' ? (
        <fieldset className="fieldset congress-fieldset">
          <legend className="field-label">{t('congress.approval.legend')}</legend>
          <ul className="plain-list congress-options">
            {view.options.map((o) => (
              <li key={o.id}>
                <label className="choice choice-card">
                  <input
                    type="checkbox"
                    checked={draft.choices.includes(o.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setDraft({
                        ...draft,
                        choices: on
                          ? [...draft.choices, o.id]
                          : draft.choices.filter((c) => c !== o.id),
                      });
                    }}
                  />
                  <bdi lang={labelLang(o.label)}>{o.label}</bdi>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      {method === 'ranking' ? (
        <RankingEditor
          options={view.options}
          k={view.meta.rankTopK}
          order={draft.order}
          onChange={(order, message) => {
            setDraft({ ...draft, order });
            setAnnouncement(message);
          }}
        />
      ) : null}
      {method === 'points' ? (
        <PointsEditor
          options={view.options}
          total={view.meta.pointsTotal}
          points={draft.points}
          onChange={(points) => setDraft({ ...draft, points })}
        />
      ) : null}

      {incomplete ? <ErrorMessage>{t(`congress.incomplete.${method}`)}</ErrorMessage> : null}
      {problem ? <ErrorMessage>{voteProblemText(t, tc, problem)}</ErrorMessage> : null}
      <div className="congress-send">
        <Button type="submit" variant="primary" size="large" busy={pending && !waiting}>
          {counted ? t('congress.sendChange') : t('congress.send')}
        </Button>
        <LiveRegion
          visible
          className={pending || changed ? 'vote-receipt vote-receipt-pending' : 'vote-receipt'}
          message={status}
        />
      </div>
    </form>
  );
}

/** What the server counted, shown after the vote closes. */
function CountedBallot({ ballot, labelOf }: { ballot: Ballot; labelOf: (id: string) => string }) {
  const { t } = useVotingT();
  let items: ReactNode[] = [];
  if (ballot.kind === 'single') items = [labelOf(ballot.choice)];
  if (ballot.kind === 'approval') items = ballot.choices.map(labelOf);
  if (ballot.kind === 'ranking') items = ballot.order.map(labelOf);
  if (ballot.kind === 'points')
    items = Object.entries(ballot.points).map(([id, n]) =>
      t('congress.points.item', { label: labelOf(id), count: n }),
    );
  const List = ballot.kind === 'ranking' ? 'ol' : 'ul';
  return (
    <section className="vote-counted" aria-labelledby="counted-heading">
      <h3 id="counted-heading">{t('congress.yourVote')}</h3>
      <List>
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </List>
    </section>
  );
}

type RankingProps = {
  options: VoteView['options'];
  k: number;
  order: readonly string[];
  onChange: (order: string[], announcement: string) => void;
};

/**
 * Tap options to add them to "My ranking" in order; move them up and down or take them out. Every
 * control is a real button, so Tab, Enter and Space do everything; focus stays on the control
 * that did the work (or its nearest neighbour), never falling back to the top of the page.
 */
function RankingEditor({ options, k, order, onChange }: RankingProps) {
  const { t } = useVotingT();
  const labelLang = useLabelLang();
  const ref = useRef<HTMLDivElement>(null);
  const focusNext = useRef<string | null>(null);
  const hintId = useId();
  const labelOf = (id: string) => options.find((o) => o.id === id)?.label ?? '';
  const unranked = options.filter((o) => !order.includes(o.id));
  const full = order.length >= k;

  useLayoutEffect(() => {
    const selector = focusNext.current;
    if (!selector) return;
    focusNext.current = null;
    const el = ref.current?.querySelector<HTMLElement>(selector);
    el?.focus();
  });

  function add(id: string) {
    if (full) return;
    const next = rankAdd(order, id, k);
    const rest = options.filter((o) => !next.includes(o.id));
    const index = unranked.findIndex((o) => o.id === id);
    const neighbour = rest[index] ?? rest[index - 1];
    focusNext.current =
      neighbour && next.length < k
        ? `[data-focus="add-${neighbour.id}"]`
        : `[data-focus="remove-${id}"]`;
    onChange(next, t('ranking.added', { label: labelOf(id), n: next.length }));
  }

  function move(index: number, delta: -1 | 1) {
    const id = order[index];
    if (!id) return;
    const next = rankMove(order, index, delta);
    if (next[index + delta] !== id) return;
    focusNext.current = `[data-focus="${delta < 0 ? 'up' : 'down'}-${id}"]`;
    onChange(next, t('ranking.moved', { label: labelOf(id), n: index + delta + 1 }));
  }

  function remove(index: number) {
    const id = order[index];
    if (!id) return;
    const next = rankRemove(order, id);
    const neighbour = next[index] ?? next[index - 1];
    focusNext.current = neighbour
      ? `[data-focus="remove-${neighbour}"]`
      : `[data-focus="add-${id}"]`;
    onChange(next, t('ranking.removed', { label: labelOf(id) }));
  }

  return (
    <div className="ranking" ref={ref}>
      <p className="ranking-intro" id={hintId}>
        {t('ranking.intro', { count: k })}
      </p>
      <h3 id="my-ranking-heading">{t('ranking.mine')}</h3>
      {order.length === 0 ? (
        <p className="empty">{t('ranking.empty')}</p>
      ) : (
        <ol className="ranking-list" aria-labelledby="my-ranking-heading" data-testid="my-ranking">
          {order.map((id, i) => {
            const label = labelOf(id);
            return (
              <li key={id} className="ranking-item">
                <span className="ranking-pos" aria-hidden="true">
                  {i + 1}
                </span>
                <bdi className="ranking-label" lang={labelLang(label)}>
                  {label}
                </bdi>
                <span className="ranking-actions">
                  <Button
                    data-focus={`up-${id}`}
                    aria-disabled={i === 0 ? true : undefined}
                    onClick={() => move(i, -1)}
                  >
                    <span aria-hidden="true">↑</span>
                    <span className="visually-hidden">{t('ranking.moveUp', { label })}</span>
                  </Button>
                  <Button
                    data-focus={`down-${id}`}
                    aria-disabled={i === order.length - 1 ? true : undefined}
                    onClick={() => move(i, 1)}
                  >
                    <span aria-hidden="true">↓</span>
                    <span className="visually-hidden">{t('ranking.moveDown', { label })}</span>
                  </Button>
                  <Button data-focus={`remove-${id}`} onClick={() => remove(i)}>
                    <span aria-hidden="true">✕</span>
                    <span className="visually-hidden">{t('ranking.remove', { label })}</span>
                  </Button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <h3 id="rank-options-heading">{t('ranking.options')}</h3>
      {full ? (
        <p className="ranking-full" id={`${hintId}-full`}>
          {t('ranking.full', { count: k })}
        </p>
      ) : null}
      <ul className="plain-list ranking-options" aria-labelledby="rank-options-heading">
        {unranked.map((o) => (
          <li key={o.id}>
            <Button
              className="ranking-option"
              data-focus={`add-${o.id}`}
              aria-disabled={full ? true : undefined}
              aria-describedby={full ? `${hintId}-full` : undefined}
              onClick={() => add(o.id)}
            >
              <bdi className="ranking-option-label">{o.label}</bdi>{' '}
              <span className="ranking-option-add">
                <span aria-hidden="true">+ </span>
                {t('ranking.add')}
              </span>
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

type PointsProps = {
  options: VoteView['options'];
  total: number;
  points: Record<string, number>;
  onChange: (points: Record<string, number>) => void;
};

/** Share a budget of points: a number box per option with − and + beside it, and what is left. */
function PointsEditor({ options, total, points, onChange }: PointsProps) {
  const { t } = useVotingT();
  const labelLang = useLabelLang();
  const left = total - pointsUsed(points);
  const step = Math.max(1, Math.round(total / 20));
  // A number typed over what is left is cut down to it; the phone says so beside the box (HALL5).
  const [cut, setCut] = useState<{ id: string; wanted: number; given: number } | null>(null);
  const type = (id: string, typed: number) => {
    const next = setPoints(points, id, typed, total);
    const given = next[id] ?? 0;
    const wanted = Number.isFinite(typed) ? Math.trunc(typed) : 0;
    setCut(wanted > given ? { id, wanted, given } : null);
    onChange(next);
  };
  return (
    <fieldset className="fieldset congress-fieldset">
      <legend className="field-label">{t('congress.points.legend', { count: total })}</legend>
      <LiveRegion
        visible
        className="dots-left"
        message={t('congress.points.left', { count: left })}
      />
      <ul className="plain-list points-list">
        {options.map((o) => {
          const value = points[o.id] ?? 0;
          const inputId = `points-${o.id}`;
          return (
            <li key={o.id} className="points-item">
              <label
                htmlFor={inputId}
                className="points-label"
                dir="auto"
                lang={labelLang(o.label)}
              >
                {o.label}
              </label>
              <span className="points-row">
                <Button
                  aria-disabled={value <= 0 ? true : undefined}
                  onClick={() => value > 0 && type(o.id, value - step)}
                >
                  <span aria-hidden="true">−</span>
                  <span className="visually-hidden">
                    {t('congress.points.less', { count: step, label: o.label })}
                  </span>
                </Button>
                <input
                  id={inputId}
                  className="input input-number points-input"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={total}
                  step={1}
                  value={value}
                  aria-describedby={cut?.id === o.id ? `${inputId}-cut` : undefined}
                  onChange={(e) => type(o.id, e.currentTarget.valueAsNumber)}
                />
                <Button
                  aria-disabled={left <= 0 ? true : undefined}
                  onClick={() => left > 0 && type(o.id, value + step)}
                >
                  <span aria-hidden="true">+</span>
                  <span className="visually-hidden">
                    {t('congress.points.more', { count: step, label: o.label })}
                  </span>
                </Button>
              </span>
              {cut?.id === o.id ? (
                <p id={`${inputId}-cut`} className="field-error" role="status">
                  {t('congress.points.cut', { count: cut.given, wanted: cut.wanted })}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
