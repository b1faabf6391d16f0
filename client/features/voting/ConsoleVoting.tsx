import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { Group } from '../../../shared/domain/groups.ts';
import {
  TOO_MANY_OPTIONS,
  VOTE_OPTION_MAX,
  type Results,
  type VoteOption,
} from '../../../shared/domain/voting.ts';
import type { ActivitySummary } from '../../../shared/domain/activity.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import type { VoteView } from '../../../shared/protocol/voting.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Field, FieldGroup } from '../../components/Field.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { useFocusOnChange } from '../../lib/focus.ts';
import { groupName } from '../../lib/groups.ts';
import { ActivityChooser, useFollowedActivity } from '../console/ActivityChooser.tsx';
import { CommitmentForm, CommitmentList } from './Commitments.tsx';
import { PaperBallots } from './PaperBallots.tsx';
import { ResultsView } from './ResultsView.tsx';
import { useVote, type VoteRoom } from './useVote.ts';
import { closesAtAfter } from './voteLogic.ts';
import { formatTime, useVotingT, voteProblemText } from './voteText.ts';
import './voting.css';
import { pages } from '../../lib/routes.ts';

type Props = { state: RoomState; room: VoteRoom; workshopId: string };

const voteKinds = ['dot_vote', 'congress_vote'] as const;

/**
 * The console's voting panel. It follows the room onto a vote, and any vote of the agenda can be
 * chosen here too: options can be prepared before the room gets there, and paper counts entered
 * after it has moved on.
 */
export function ConsoleVoting({ state, room, workshopId }: Props) {
  const { t } = useVotingT();
  const followed = useFollowedActivity(state, voteKinds);
  const votes = followed.activities;
  if (votes.length === 0) return null;
  // With none chosen and the room elsewhere, the first vote is shown: there is no list of votes.
  const activity = followed.shown ?? votes[0];
  if (!activity) return null;
  const boards = state.agenda.filter((a) => a.kind === 'idea_board');

  return (
    <section
      className="panel voting-panel"
      aria-labelledby="voting-panel-heading"
      data-testid="voting-panel"
    >
      <h2 id="voting-panel-heading">{t('console.heading')}</h2>
      <ActivityChooser
        followed={followed}
        value={activity.id}
        label={t('console.choose')}
        onNow={t('console.onNow')}
      />
      <VoteManager
        key={activity.id}
        room={room}
        activity={activity}
        groups={state.workshop.groups}
        boards={boards}
        workshopId={workshopId}
      />
    </section>
  );
}

const CONSOLE_RESULTS_HEADING = 'console-results-heading';

type ManagerProps = {
  room: VoteRoom;
  activity: ActivitySummary;
  groups: readonly Group[];
  boards: readonly ActivitySummary[];
  workshopId: string;
};

function VoteManager({ room, activity, groups, boards, workshopId }: ManagerProps) {
  const { t, tc, language } = useVotingT();
  const vote = useVote(room, activity.id);
  const { view, results } = vote;
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // Opening, closing and revealing each take away the button that was pressed; the
  // facilitator's focus goes to what now says where the vote is (the title with its status, or
  // the results) rather than to the top of the page (A11Y-FOCUS4). Only if it was lost: the R
  // key or a closing time may have changed the stage while focus is somewhere else.
  const stage = view ? `${view.meta.status}:${view.meta.revealed ? 'shown' : 'hidden'}` : null;
  useFocusOnChange(stage, view?.meta.revealed ? CONSOLE_RESULTS_HEADING : 'vote-manager-title');

  if (!view) {
    return vote.problem ? (
      <ErrorMessage>{voteProblemText(t, tc, vote.problem)}</ErrorMessage>
    ) : (
      <Loading />
    );
  }
  const { meta } = view;

  async function run(key: string, action: () => Promise<ProblemBody | null>) {
    setBusy(key);
    setProblem(null);
    const p = await action();
    setBusy(null);
    if (p) setProblem(p);
    await vote.refresh();
  }
  const outcome = (r: { ok: true } | { ok: false; error: ProblemBody }) => (r.ok ? null : r.error);

  const statusText = t(`console.status.${meta.status}`);
  const visibility = meta.live
    ? t('console.visibility.live')
    : meta.revealed
      ? t('console.visibility.revealed')
      : t('console.visibility.hidden');

  return (
    <div className="vote-manager">
      <LiveRegion message={`${statusText}. ${visibility}`} />
      <p className="vote-manager-title" id="vote-manager-title" tabIndex={-1}>
        <bdi>
          <strong>{activity.title}</strong>
        </bdi>{' '}
        <span className={`badge vote-badge vote-badge-${meta.status}`}>{statusText}</span>{' '}
        <span className="badge vote-badge">{visibility}</span>
      </p>
      <p className="muted">
        {meta.kind === 'dot'
          ? t('console.dotRules', { count: meta.dotsPerPerson, max: meta.maxDotsPerOption })
          : t(`console.congressRules.${meta.kind}`, { k: meta.rankTopK, total: meta.pointsTotal })}
      </p>
      {problem ? <ErrorMessage>{voteProblemText(t, tc, problem)}</ErrorMessage> : null}

      {meta.status === 'preparing' ? (
        <OptionsEditor
          room={room}
          view={view}
          boards={boards}
          onSaved={() => void vote.refresh()}
          onOpen={(closesAt) =>
            run('open', async () =>
              outcome(await room.send('vote:open', { activityId: activity.id, closesAt })),
            )
          }
          opening={busy === 'open'}
        />
      ) : (
        <div className="actions">
          {meta.status === 'open' ? (
            <Button
              variant="danger"
              busy={busy === 'close'}
              onClick={() =>
                void run('close', async () =>
                  outcome(await room.send('vote:close', { activityId: activity.id })),
                )
              }
            >
              {t('console.close')}
            </Button>
          ) : null}
          {!meta.revealed && !meta.live ? (
            <Button
              variant="primary"
              busy={busy === 'reveal'}
              onClick={() =>
                void run('reveal', async () =>
                  outcome(await room.send('vote:reveal', { activityId: activity.id })),
                )
              }
            >
              {t('console.reveal')}
            </Button>
          ) : null}
          <a
            className="btn btn-secondary"
            href={pages.printBallot(workshopId, activity.id)}
            target="_blank"
            rel="noopener"
          >
            {t('console.print')}
            <span className="visually-hidden"> {tc('common.newTab')}</span>
            <span aria-hidden="true"> ↗</span>
          </a>
        </div>
      )}
      {meta.status === 'open' && meta.closesAt ? (
        <p>{t('console.closesAt', { time: formatTime(meta.closesAt, language) })}</p>
      ) : null}

      {results && meta.status !== 'preparing' ? (
        <>
          {!meta.revealed && !meta.live ? <p className="muted">{t('console.onlyYou')}</p> : null}
          <ResultsView
            headingId={CONSOLE_RESULTS_HEADING}
            results={results}
            meta={meta}
            groups={groups}
            heading={meta.status === 'open' ? t('console.liveResults') : t('results.heading')}
          />
          <PaperCounts
            key={meta.status}
            room={room}
            activityId={activity.id}
            options={view.options}
            groups={groups}
            results={results}
            unit={meta.kind === 'dot' ? 'dots' : 'votes'}
            onSaved={() => void vote.refresh()}
          />
          <PaperBallots
            room={room}
            meta={meta}
            options={view.options}
            groups={groups}
            onCounted={() => void vote.refresh()}
          />
        </>
      ) : null}

      {meta.kind !== 'dot' && (meta.status === 'closed' || view.commitments.length > 0) ? (
        <>
          <CommitmentList
            commitments={view.commitments}
            options={view.options}
            onHide={async (c, reason) => {
              const r = await room.send('commitment:hide', { id: c.id, reason });
              return r.ok ? null : r.error;
            }}
          />
          {meta.status === 'closed' ? (
            <CommitmentForm room={room} activityId={activity.id} options={view.options} />
          ) : null}
        </>
      ) : null}
    </div>
  );
}

// A key for React while an option is edited; never sent.
let optionKeys = 0;
const localId = (prefix: string) => `${prefix}-${(optionKeys += 1)}`;

type DraftOption = {
  uid: string;
  label: string;
  source: VoteOption['source'];
  sourceId: string | null;
};

const toDraft = (options: readonly VoteOption[]): DraftOption[] =>
  options.map((o) => ({
    uid: localId('vote-option'),
    label: o.label,
    source: o.source,
    sourceId: o.sourceId,
  }));

type EditorProps = {
  room: VoteRoom;
  view: VoteView;
  boards: readonly ActivitySummary[];
  onSaved: () => void;
  onOpen: (closesAt: string | null) => Promise<void>;
  opening: boolean;
};

/**
 * The options before voting opens: typed, or taken from an idea board's themes or notes and then
 * edited. Merging near-duplicates is editing: keep one, reword it, remove the other.
 */
function OptionsEditor({ room, view, boards, onSaved, onOpen, opening }: EditorProps) {
  const { t, tc } = useVotingT();
  const activityId = view.meta.activityId;
  const [draft, setDraft] = useState<DraftOption[] | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState('');
  const [board, setBoard] = useState(boards[0]?.id ?? '');
  const [from, setFrom] = useState<'themes' | 'notes'>('themes');
  const [taking, setTaking] = useState(false);
  const [minutes, setMinutes] = useState('');
  const focusUid = useRef<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const boardSelectId = useId();
  const minutesId = useId();

  const options = draft ?? toDraft(view.options);
  const filled = options.filter((o) => o.label.trim() !== '');
  const dirty = draft !== null;

  // A layout effect: focus must be on the new field before the next key press lands (Preact
  // runs plain effects after the paint, and a quick typist's first letters went elsewhere).
  useLayoutEffect(() => {
    const uid = focusUid.current;
    if (!uid) return;
    focusUid.current = null;
    listRef.current?.querySelector<HTMLInputElement>(`[data-uid="${uid}"]`)?.focus();
  });

  function edit(next: DraftOption[]) {
    setDraft(next);
    setSaved('');
    setError(undefined);
  }

  async function save(): Promise<boolean> {
    if (!dirty) return true;
    if (filled.length < 2) {
      setError(t('console.options.twoNeeded'));
      return false;
    }
    setSaving(true);
    setProblem(null);
    const r = await room.send('vote:setOptions', {
      activityId,
      options: filled.map((o) => ({
        label: o.label.trim(),
        source: o.source,
        sourceId: o.sourceId,
      })),
    });
    setSaving(false);
    if (!r.ok) {
      setProblem(r.error);
      return false;
    }
    setDraft(null);
    setSaved(t('console.options.saved'));
    onSaved();
    return true;
  }

  async function take() {
    if (!board) return;
    setTaking(true);
    setProblem(null);
    const r = await room.send('vote:optionsFromBoard', {
      activityId,
      boardActivityId: board,
      from,
    });
    setTaking(false);
    if (!r.ok) {
      setProblem(r.error);
      return;
    }
    if (r.data.options.length === 0) {
      setSaved(t(`console.options.noneOnBoard.${from}`));
      return;
    }
    edit(
      r.data.options.map((o) => ({
        uid: localId('vote-option'),
        label: o.label,
        source: o.source ?? 'typed',
        sourceId: o.sourceId ?? null,
      })),
    );
    setSaved(t('console.options.taken', { count: r.data.options.length }));
  }

  async function open() {
    if (!(await save())) return;
    const n = Number(minutes);
    await onOpen(minutes.trim() === '' ? null : closesAtAfter(new Date(), n));
  }

  return (
    <div className="options-editor">
      <h3 id="options-heading">{t('console.options.heading')}</h3>
      <p className="field-hint">{t('console.options.mergeHint')}</p>
      {filled.length > TOO_MANY_OPTIONS ? (
        <div className="notice notice-warning" data-testid="too-many-options">
          <span aria-hidden="true" className="notice-icon">
            ⚠
          </span>
          <div>{t('console.options.tooMany', { count: TOO_MANY_OPTIONS })}</div>
        </div>
      ) : null}
      <ol className="options-list" ref={listRef} aria-labelledby="options-heading">
        {options.map((o, i) => (
          <li key={o.uid} className="options-row">
            <span className="options-num" aria-hidden="true">
              {i + 1}.
            </span>
            <label className="visually-hidden" htmlFor={`opt-${o.uid}`}>
              {t('console.options.label', { n: i + 1 })}
            </label>
            <input
              dir="auto"
              id={`opt-${o.uid}`}
              data-uid={o.uid}
              className="input"
              maxLength={VOTE_OPTION_MAX}
              value={o.label}
              onChange={(e) => {
                const label = e.currentTarget.value;
                edit(options.map((x) => (x.uid === o.uid ? { ...x, label } : x)));
              }}
            />
            {o.source !== 'typed' ? (
              <span className="badge">{t(`console.options.source.${o.source}`)}</span>
            ) : null}
            <Button
              onClick={() => {
                const next = options.filter((x) => x.uid !== o.uid);
                focusUid.current = (next[i] ?? next[i - 1])?.uid ?? null;
                edit(next);
              }}
            >
              {tc('common.remove')}
              <span className="visually-hidden"> {t('console.options.label', { n: i + 1 })}</span>
            </Button>
          </li>
        ))}
      </ol>
      {error ? (
        <p className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
      <div className="actions">
        <Button
          onClick={() => {
            const added = {
              uid: localId('vote-option'),
              label: '',
              source: 'typed' as const,
              sourceId: null,
            };
            focusUid.current = added.uid;
            edit([...options, added]);
          }}
          disabled={options.length >= 30}
        >
          <span aria-hidden="true">+ </span>
          {t('console.options.add')}
        </Button>
        <Button variant="primary" busy={saving} disabled={!dirty} onClick={() => void save()}>
          {t('console.options.save')}
        </Button>
        {dirty ? (
          <Button
            onClick={() => {
              setDraft(null);
              setSaved('');
              setError(undefined);
            }}
          >
            {t('console.options.undo')}
          </Button>
        ) : null}
      </div>
      <LiveRegion visible className="saved-status" message={saved} />
      {problem ? <ErrorMessage>{voteProblemText(t, tc, problem)}</ErrorMessage> : null}

      {/* Opening comes before taking options from a board: it is what the room waits for. */}
      <div className="open-vote">
        <h3>{t('console.openHeading')}</h3>
        <Field label={t('console.minutes')} hint={t('console.minutesHint')} id={minutesId}>
          {(p) => (
            <input
              {...p}
              className="input input-number"
              type="number"
              inputMode="numeric"
              min={1}
              max={240}
              step={1}
              value={minutes}
              onChange={(e) => setMinutes(e.currentTarget.value)}
            />
          )}
        </Field>
        {dirty ? <p className="muted">{t('console.saveFirst')}</p> : null}
        <Button variant="primary" size="large" busy={opening || saving} onClick={() => void open()}>
          {t('console.open')}
        </Button>
      </div>
      {boards.length > 0 ? (
        <div className="from-board">
          <h4>{t('console.options.fromBoard')}</h4>
          <div className="from-board-grid">
            <div className="field">
              <label className="field-label" htmlFor={boardSelectId}>
                {t('console.options.board')}
              </label>
              <select
                id={boardSelectId}
                className="select"
                value={board}
                onChange={(e) => setBoard(e.currentTarget.value)}
              >
                {boards.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.title}
                  </option>
                ))}
              </select>
            </div>
            <FieldGroup legend={t('console.options.from')}>
              {(['themes', 'notes'] as const).map((f) => (
                <label key={f} className="choice">
                  <input
                    type="radio"
                    name={`from-${activityId}`}
                    checked={from === f}
                    onChange={() => setFrom(f)}
                  />
                  <span>{t(`console.options.${f}`)}</span>
                </label>
              ))}
            </FieldGroup>
          </div>
          <Button busy={taking} onClick={() => void take()}>
            {t('console.options.take')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

type PaperProps = {
  room: VoteRoom;
  activityId: string;
  options: readonly VoteOption[];
  groups: readonly Group[];
  results: Results;
  unit: 'dots' | 'votes';
  onSaved: () => void;
};

/** Counts from paper ballots, per option and group; each saved count replaces the last one. */
function PaperCounts({ room, activityId, options, groups, results, unit, onSaved }: PaperProps) {
  const { t, tc } = useVotingT();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState('');
  const captionId = useId();
  const stored = (optionId: string, groupKey: string) =>
    results.rows.find((r) => r.optionId === optionId)?.byGroup[groupKey]?.paper ?? 0;
  const cell = (o: string, g: string) => `${o}|${g}`;

  async function save() {
    setSaving(true);
    setProblem(null);
    setSaved('');
    for (const [key, value] of Object.entries(edits)) {
      const [optionId = '', groupKey = ''] = key.split('|');
      const count = value.trim() === '' ? 0 : Number(value);
      if (!Number.isInteger(count) || count < 0) {
        setProblem({ code: 'BAD_REQUEST', message: tc('validation.wholeNumber') });
        setSaving(false);
        return;
      }
      if (count === stored(optionId, groupKey)) continue;
      const r = await room.send('vote:paper', { activityId, optionId, groupKey, count });
      if (!r.ok) {
        setProblem(r.error);
        setSaving(false);
        return;
      }
    }
    setSaving(false);
    setEdits({});
    setSaved(t('console.paper.saved'));
    onSaved();
  }

  return (
    <details className="paper-counts">
      <summary>{t('console.paper.heading')}</summary>
      <p className="field-hint">{t(`console.paper.intro.${unit}`)}</p>
      <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="table paper-table">
          <caption id={captionId} className="vote-table-caption">
            {t('console.paper.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('results.option')}</th>
              {groups.map((g) => (
                <th key={g.key} scope="col">
                  {groupName(tc, g)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {options.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <bdi>{o.label}</bdi>
                </th>
                {groups.map((g) => {
                  const key = cell(o.id, g.key);
                  return (
                    <td key={g.key}>
                      <input
                        className="input input-number paper-input"
                        type="number"
                        inputMode="numeric"
                        min={0}
                        step={1}
                        aria-label={t('console.paper.cell', {
                          option: o.label,
                          group: groupName(tc, g),
                        })}
                        value={edits[key] ?? String(stored(o.id, g.key))}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          setEdits((prev) => ({ ...prev, [key]: value }));
                          setSaved('');
                        }}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problem ? <ErrorMessage>{voteProblemText(t, tc, problem)}</ErrorMessage> : null}
      <div className="actions">
        <Button
          variant="primary"
          busy={saving}
          disabled={Object.keys(edits).length === 0}
          onClick={() => void save()}
        >
          {t('console.paper.save')}
        </Button>
        <LiveRegion visible className="saved-status" message={saved} />
      </div>
      <Notice>{t('console.paper.printHint')}</Notice>
    </details>
  );
}
