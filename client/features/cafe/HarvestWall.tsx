import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ActivitySummary } from '../../../shared/domain/activity.ts';
import {
  CAFE_INSIGHT_MAX,
  CafeInsightTextSchema,
  type CafeInsight,
  type CafeTable,
} from '../../../shared/domain/cafe.ts';
import { VOTE_OPTION_MAX } from '../../../shared/domain/voting.ts';
import type { CafeView, Tablecloth } from '../../../shared/protocol/cafe.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText, firstIssueText } from '../../lib/errors.ts';
import { newUuid } from '../../lib/uuid.ts';
import { TableLabel, tableTitle } from './tableLabel.tsx';
import { useCafeConsoleT, type CafeRoom } from './useConsoleCafe.ts';
import {
  byNumber,
  groupByQuestion,
  groupByTable,
  reorderInsights,
  sortInsights,
} from './consoleCafe.ts';
import { scriptLanguage } from '../../lib/scriptLanguage.ts';

type Props = {
  view: CafeView;
  room: CafeRoom;
  activityId: string;
  agenda: readonly ActivitySummary[];
  /** An insight changed: read the café again (the room hears it too, as `cafe:changed`). */
  onChanged: () => void;
};

/** Most options a vote takes (shared/protocol/voting.ts, vote:setOptions). */
const VOTE_OPTIONS_MAX = 30;

/**
 * The harvest: every table's notes from every round, by table or by question, and the key
 * insights the room picks from them, each kept with the tables it came from (CAFE15, CAFE16).
 */
export function HarvestWall({ view, room, activityId, agenda, onChanged }: Props) {
  const { t, tc } = useCafeConsoleT();
  const { state } = view;
  const { send } = room;
  const [cloths, setCloths] = useState<Tablecloth[] | null>(null);
  const [by, setBy] = useState<'table' | 'question'>('table');
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [announce, setAnnounce] = useState('');
  const [text, setText] = useState('');
  const [sources, setSources] = useState<string[]>([]);
  const [textError, setTextError] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const loads = useRef(0);
  const tables = [...state.tables].sort(byNumber);
  const insights = sortInsights(state.insights);
  const formId = useId();
  const byName = useId();

  const load = useCallback(async () => {
    const seq = ++loads.current;
    const r = await send('cafe:tablecloths', { activityId });
    if (seq !== loads.current) return;
    if (!r.ok) {
      setProblem(r.error);
      return;
    }
    setCloths(r.data.tablecloths);
  }, [send, activityId]);

  // A new round or the harvest brings notes the wall has not shown yet.
  useEffect(() => {
    void load();
  }, [load, state.round, state.phase]);

  function startFrom(cloth: Tablecloth, element: HTMLElement | null) {
    // Text selected in these notes becomes the insight's first draft.
    const selection = window.getSelection();
    const picked =
      selection && element && !selection.isCollapsed && element.contains(selection.anchorNode)
        ? selection.toString().trim().slice(0, CAFE_INSIGHT_MAX)
        : '';
    if (picked) setText(picked);
    setSources([cloth.tableId]);
    setTextError(undefined);
    const table = tables.find((x) => x.id === cloth.tableId);
    setAnnounce(t('harvest.startedFrom', { table: table ? tableTitle(t, table) : '' }));
    textRef.current?.focus();
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const parsed = CafeInsightTextSchema.safeParse(text);
    if (!parsed.success) {
      setTextError(firstIssueText(tc, parsed.error));
      textRef.current?.focus();
      return;
    }
    setAdding(true);
    setProblem(null);
    const r = await send('cafe:insight:add', {
      id: newUuid(),
      activityId,
      text: parsed.data,
      sourceTableIds: sources,
    });
    setAdding(false);
    if (!r.ok) {
      setProblem(r.error);
      return;
    }
    setText('');
    setSources([]);
    setAnnounce(t('harvest.added', { n: insights.length + 1 }));
    onChanged();
  }

  const groups =
    cloths === null
      ? null
      : by === 'table'
        ? groupByTable(cloths, tables).map((g) => ({
            key: g.table.id,
            heading: <TableLabel table={g.table} />,
            cloths: g.cloths,
          }))
        : groupByQuestion(cloths, tables).map((g) => ({
            key: `q:${g.question}`,
            heading: g.question ? (
              <>
                <span className="cafe-wall-q">{t('harvest.questionLabel')}</span>{' '}
                <bdi>{g.question}</bdi>
              </>
            ) : (
              t('harvest.noQuestion')
            ),
            cloths: g.cloths,
          }));

  return (
    <section className="cafe-harvest" aria-labelledby="cafe-harvest-heading">
      <h3 id="cafe-harvest-heading" tabIndex={-1}>
        {t('harvest.heading')}
      </h3>
      <LiveRegion message={announce} />
      {problem ? <ErrorMessage>{problemText(tc, problem)}</ErrorMessage> : null}
      <div className="cafe-harvest-grid">
        <div className="cafe-wall">
          <div className="cafe-wall-tools">
            <fieldset className="fieldset cafe-by">
              <legend className="field-label">{t('harvest.group')}</legend>
              <div className="cafe-by-options">
                {(['table', 'question'] as const).map((value) => (
                  <label key={value} className="choice">
                    <input
                      type="radio"
                      name={byName}
                      checked={by === value}
                      onChange={() => setBy(value)}
                    />
                    <span>{t(`harvest.by.${value}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <Button onClick={() => void load()}>{t('harvest.reload')}</Button>
          </div>
          {groups === null ? (
            <p className="loading">{tc('common.loading')}</p>
          ) : groups.length === 0 ? (
            <p className="muted">{t('harvest.noNotes')}</p>
          ) : (
            groups.map((g) => (
              <section key={g.key} className="cafe-wall-group">
                <h4>{g.heading}</h4>
                {g.cloths.length === 0 ? (
                  <p className="muted">{t('harvest.tableEmpty')}</p>
                ) : (
                  <ol className="plain-list cafe-wall-list">
                    {g.cloths.map((c) => (
                      <ClothCard
                        key={`${c.tableId}:${c.round}`}
                        cloth={c}
                        table={tables.find((x) => x.id === c.tableId)}
                        by={by}
                        onStart={startFrom}
                      />
                    ))}
                  </ol>
                )}
              </section>
            ))
          )}
        </div>

        <div className="cafe-insights">
          <h4 id={`${formId}-heading`}>{t('harvest.insightsHeading')}</h4>
          <form onSubmit={(e) => void add(e)} noValidate className="cafe-insight-form">
            <div className={`field${textError ? ' field-invalid' : ''}`}>
              <label htmlFor={`${formId}-text`} className="field-label">
                {t('harvest.newInsight')}
              </label>
              <p className="field-hint" id={`${formId}-hint`}>
                {t('harvest.newInsightHint')}
              </p>
              {textError ? (
                <p className="field-error" id={`${formId}-error`}>
                  <span aria-hidden="true">⚠ </span>
                  {textError}
                </p>
              ) : null}
              <textarea
                dir="auto"
                id={`${formId}-text`}
                ref={textRef}
                className="textarea"
                rows={3}
                maxLength={CAFE_INSIGHT_MAX}
                value={text}
                aria-invalid={textError ? true : undefined}
                aria-describedby={`${formId}-hint${textError ? ` ${formId}-error` : ''}`}
                onChange={(e) => {
                  setText(e.currentTarget.value);
                  setTextError(undefined);
                }}
              />
            </div>
            <SourcePicker tables={tables} value={sources} onChange={setSources} />
            <Button type="submit" variant="primary" busy={adding}>
              {t('harvest.add')}
            </Button>
          </form>

          <InsightList
            insights={insights}
            tables={tables}
            room={room}
            onChanged={onChanged}
            onAnnounce={setAnnounce}
            onProblem={setProblem}
            headingId={`${formId}-list`}
          />
          <VoteHandOver insights={insights} agenda={agenda} room={room} onAnnounce={setAnnounce} />
        </div>
      </div>
    </section>
  );
}

type ClothProps = {
  cloth: Tablecloth;
  table: CafeTable | undefined;
  by: 'table' | 'question';
  onStart: (cloth: Tablecloth, element: HTMLElement | null) => void;
};

function ClothCard({ cloth, table, by, onStart }: ClothProps) {
  const { t } = useCafeConsoleT();
  const textRef = useRef<HTMLDivElement>(null);
  const where = table ? tableTitle(t, table) : '';
  const round = t('harvest.roundN', { n: cloth.round });
  return (
    <li className={`cafe-wall-cloth${table ? ` cafe-edge-${table.colour}` : ''}`}>
      <h5 className="cafe-wall-cloth-title">
        {by === 'table' ? round : table ? <TableLabel table={table} /> : null}
        {by === 'question' ? <span className="muted"> · {round}</span> : null}
      </h5>
      {by === 'table' && cloth.question ? (
        <p className="muted cafe-wall-question" dir="auto">
          {cloth.question}
        </p>
      ) : null}
      <div className="cafe-wall-text" ref={textRef}>
        {cloth.text.trim() === '' ? (
          <span className="muted">{t('harvest.clothEmpty')}</span>
        ) : (
          cloth.text
        )}
      </div>
      <Button
        variant="link"
        className="cafe-start-insight"
        aria-label={t('harvest.startNamed', { table: where, round })}
        onClick={() => onStart(cloth, textRef.current)}
      >
        {t('harvest.start')}
      </Button>
    </li>
  );
}

type SourceProps = {
  tables: readonly CafeTable[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  /** Makes each checkbox's name unique when two pickers are on the page (add and edit). */
  context?: string;
};

function SourcePicker({ tables, value, onChange, context }: SourceProps) {
  const { t } = useCafeConsoleT();
  return (
    <fieldset className="fieldset field cafe-sources">
      <legend className="field-label">
        {t('harvest.sources')}
        {context ? <span className="visually-hidden"> ({context})</span> : null}
      </legend>
      <div className="cafe-sources-grid">
        {tables.map((table) => (
          <label key={table.id} className="choice">
            <input
              type="checkbox"
              checked={value.includes(table.id)}
              onChange={(e) =>
                onChange(
                  e.currentTarget.checked
                    ? [...value, table.id]
                    : value.filter((id) => id !== table.id),
                )
              }
            />
            <TableLabel table={table} />
          </label>
        ))}
      </div>
    </fieldset>
  );
}

type ListProps = {
  insights: readonly CafeInsight[];
  tables: readonly CafeTable[];
  room: CafeRoom;
  onChanged: () => void;
  onAnnounce: (message: string) => void;
  onProblem: (problem: ProblemBody | null) => void;
  headingId: string;
};

type Which = 'up' | 'down' | 'edit';

function InsightList({
  insights,
  tables,
  room,
  onChanged,
  onAnnounce,
  onProblem,
  headingId,
}: ListProps) {
  const { t } = useCafeConsoleT();
  const { send } = room;
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CafeInsight | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusNext = useRef<{ id: string; which: Which } | null>(null);

  // After a move the list is redrawn from the server's order; keep focus on the moved insight.
  useEffect(() => {
    const next = focusNext.current;
    if (!next) return;
    const el = buttons.current.get(`${next.id}:${next.which}`);
    const fallback = buttons.current.get(`${next.id}:${next.which === 'up' ? 'down' : 'up'}`);
    const target = el && !el.disabled ? el : fallback && !fallback.disabled ? fallback : el;
    if (target) {
      target.focus();
      focusNext.current = null;
    }
  });

  const names = (ids: readonly string[]) =>
    ids
      .map((id) => tables.find((x) => x.id === id))
      .filter((x) => x !== undefined)
      .map((x) => tableTitle(t, x));

  async function move(insight: CafeInsight, delta: -1 | 1, n: number) {
    const changes = reorderInsights(insights, insight.id, delta);
    if (changes.length === 0) return;
    setBusy(`${insight.id}:move`);
    onProblem(null);
    for (const c of changes) {
      const r = await send('cafe:insight:edit', { id: c.id, position: c.position });
      if (!r.ok) {
        onProblem(r.error);
        break;
      }
    }
    setBusy(null);
    focusNext.current = { id: insight.id, which: delta < 0 ? 'up' : 'down' };
    onAnnounce(t('harvest.movedTo', { n: n + delta }));
    onChanged();
  }

  async function remove(insight: CafeInsight) {
    setRemoving(null);
    onProblem(null);
    const r = await send('cafe:insight:remove', { id: insight.id });
    if (!r.ok) {
      onProblem(r.error);
      return;
    }
    onAnnounce(t('harvest.removed'));
    headingRef.current?.focus();
    onChanged();
  }

  const ref = (id: string, which: Which) => (el: HTMLButtonElement | null) => {
    if (el) buttons.current.set(`${id}:${which}`, el);
    else buttons.current.delete(`${id}:${which}`);
  };

  return (
    <div className="cafe-insight-list">
      <h4 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('harvest.listHeading', { count: insights.length })}
      </h4>
      {insights.length === 0 ? (
        <p className="muted">{t('harvest.noInsights')}</p>
      ) : (
        <ol aria-labelledby={headingId} className="cafe-insight-items">
          {insights.map((insight, i) => {
            const n = i + 1;
            const label = t('harvest.insightN', { n });
            if (editing === insight.id) {
              return (
                <li key={insight.id} className="cafe-insight">
                  <InsightEditor
                    insight={insight}
                    n={n}
                    tables={tables}
                    room={room}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved) {
                        onAnnounce(t('harvest.saved', { n }));
                        onChanged();
                      }
                      focusNext.current = { id: insight.id, which: 'edit' };
                    }}
                  />
                </li>
              );
            }
            const from = names(insight.sourceTableIds);
            return (
              <li key={insight.id} className="cafe-insight">
                <p className="cafe-insight-text" dir="auto" lang={scriptLanguage(insight.text)}>
                  {insight.text}
                </p>
                <p className="muted cafe-insight-from">
                  {from.length > 0
                    ? t('harvest.from', { tables: from.join(', ') })
                    : t('harvest.fromNone')}
                </p>
                <div className="actions cafe-insight-actions">
                  <Button
                    ref={ref(insight.id, 'edit')}
                    variant="link"
                    aria-label={`${t('harvest.edit')} (${label})`}
                    onClick={() => setEditing(insight.id)}
                  >
                    {t('harvest.edit')}
                  </Button>
                  <Button
                    ref={ref(insight.id, 'up')}
                    variant="link"
                    disabled={i === 0}
                    busy={busy === `${insight.id}:move`}
                    aria-label={`${t('harvest.up')} (${label})`}
                    onClick={() => void move(insight, -1, n)}
                  >
                    <span aria-hidden="true">↑ </span>
                    {t('harvest.up')}
                  </Button>
                  <Button
                    ref={ref(insight.id, 'down')}
                    variant="link"
                    disabled={i === insights.length - 1}
                    busy={busy === `${insight.id}:move`}
                    aria-label={`${t('harvest.down')} (${label})`}
                    onClick={() => void move(insight, 1, n)}
                  >
                    <span aria-hidden="true">↓ </span>
                    {t('harvest.down')}
                  </Button>
                  <Button
                    variant="link"
                    className="cafe-danger-link"
                    aria-label={`${t('harvest.remove')} (${label})`}
                    onClick={() => setRemoving(insight)}
                  >
                    {t('harvest.remove')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t('harvest.removeTitle')}
        confirmLabel={t('harvest.removeConfirm')}
        danger
        onConfirm={() => {
          if (removing) void remove(removing);
        }}
        onCancel={() => setRemoving(null)}
      >
        <p className="note-quote" dir="auto">
          {removing?.text}
        </p>
      </ConfirmDialog>
    </div>
  );
}

type EditorProps = {
  insight: CafeInsight;
  n: number;
  tables: readonly CafeTable[];
  room: CafeRoom;
  onDone: (saved: boolean) => void;
};

function InsightEditor({ insight, n, tables, room, onDone }: EditorProps) {
  const { t, tc } = useCafeConsoleT();
  const id = useId();
  const [text, setText] = useState(insight.text);
  const [sources, setSources] = useState<string[]>(insight.sourceTableIds);
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [saving, setSaving] = useState(false);
  const label = t('harvest.insightN', { n });

  async function save(event: FormEvent) {
    event.preventDefault();
    const parsed = CafeInsightTextSchema.safeParse(text);
    if (!parsed.success) {
      setError(firstIssueText(tc, parsed.error));
      return;
    }
    setSaving(true);
    const r = await room.send('cafe:insight:edit', {
      id: insight.id,
      text: parsed.data,
      sourceTableIds: sources,
    });
    setSaving(false);
    if (!r.ok) {
      setProblem(r.error);
      return;
    }
    onDone(true);
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate className="cafe-insight-form">
      {problem ? <ErrorMessage>{problemText(tc, problem)}</ErrorMessage> : null}
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-text`} className="field-label">
          {t('harvest.editLabel', { n })}
        </label>
        {error ? (
          <p className="field-error" id={`${id}-error`}>
            <span aria-hidden="true">⚠ </span>
            {error}
          </p>
        ) : null}
        <textarea
          dir="auto"
          id={`${id}-text`}
          className="textarea"
          rows={3}
          maxLength={CAFE_INSIGHT_MAX}
          value={text}
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setError(undefined);
          }}
        />
      </div>
      <SourcePicker tables={tables} value={sources} onChange={setSources} context={label} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={saving}>
          {t('harvest.save')}
        </Button>
        <Button onClick={() => onDone(false)}>{tc('common.cancel')}</Button>
      </div>
    </form>
  );
}

type HandOverProps = {
  insights: readonly CafeInsight[];
  agenda: readonly ActivitySummary[];
  room: CafeRoom;
  onAnnounce: (message: string) => void;
};

/** Insights become a vote's options, each remembering the insight it came from (CAFE16). */
function VoteHandOver({ insights, agenda, room, onAnnounce }: HandOverProps) {
  const { t, tc } = useCafeConsoleT();
  const votes = [...agenda]
    .sort((a, b) => a.position - b.position)
    .filter((a) => a.kind === 'dot_vote' || a.kind === 'congress_vote');
  const [chosen, setChosen] = useState(votes[0]?.id ?? '');
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [done, setDone] = useState('');
  const selectId = useId();
  const vote = votes.find((v) => v.id === chosen) ?? votes[0];
  const tooLong = insights.findIndex((i) => i.text.length > VOTE_OPTION_MAX);

  const blocker =
    insights.length < 2
      ? t('harvest.vote.needTwo')
      : insights.length > VOTE_OPTIONS_MAX
        ? t('harvest.vote.tooMany', { max: VOTE_OPTIONS_MAX })
        : tooLong !== -1
          ? t('harvest.vote.tooLong', { n: tooLong + 1, max: VOTE_OPTION_MAX })
          : null;

  async function send() {
    if (!vote) return;
    setConfirming(false);
    setSending(true);
    setProblem(null);
    setDone('');
    const r = await room.send('vote:setOptions', {
      activityId: vote.id,
      options: insights.map((i) => ({ label: i.text, source: 'insight', sourceId: i.id })),
    });
    setSending(false);
    if (!r.ok) {
      setProblem(r.error);
      return;
    }
    const message = t('harvest.vote.done', { count: insights.length, title: vote.title });
    setDone(message);
    onAnnounce(message);
  }

  return (
    <div className="cafe-vote-handover">
      <h4>{t('harvest.vote.heading')}</h4>
      {votes.length === 0 || !vote ? (
        <p className="muted">{t('harvest.vote.noVotes')}</p>
      ) : (
        <>
          {votes.length > 1 ? (
            <div className="field">
              <label htmlFor={selectId} className="field-label">
                {t('harvest.vote.which')}
              </label>
              <select
                id={selectId}
                className="select"
                value={vote.id}
                onChange={(e) => setChosen(e.currentTarget.value)}
              >
                {votes.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.title} ({t(`harvest.vote.kind.${v.kind}`)})
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p>{t('harvest.vote.only', { title: vote.title })}</p>
          )}
          {blocker ? <p className="field-hint">{blocker}</p> : null}
          {problem ? <ErrorMessage>{problemText(tc, problem)}</ErrorMessage> : null}
          <Button
            variant="primary"
            disabled={blocker !== null}
            busy={sending}
            onClick={() => setConfirming(true)}
          >
            {t('harvest.vote.use')}
          </Button>
          {done ? <p className="cafe-done">{done}</p> : null}
          <ConfirmDialog
            open={confirming}
            title={t('harvest.vote.confirmTitle', { title: vote.title })}
            confirmLabel={t('harvest.vote.confirm')}
            onConfirm={() => void send()}
            onCancel={() => setConfirming(false)}
          >
            <p>{t('harvest.vote.confirmText', { count: insights.length })}</p>
          </ConfirmDialog>
        </>
      )}
    </div>
  );
}
