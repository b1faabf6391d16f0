import { workshopApi } from '../../../shared/http/workshopRoutes.ts';
import { useId, useMemo, useState, type ReactNode } from 'react';
import {
  CAFE_PLACE_MAX,
  CAFE_QUESTION_MAX,
  CAFE_TABLES_MAX,
  CAFE_TABLE_NAME_MAX,
  tableColours,
  type CafeTable,
  type TableColour,
} from '../../../shared/domain/cafe.ts';
import type { Group } from '../../../shared/domain/groups.ts';

import type { CafeView } from '../../../shared/protocol/cafe.ts';
import type { Roster } from '../../../shared/protocol/socket.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { groupNameByKey } from '../../lib/groups.ts';
import { useCall } from '../../lib/useCall.ts';
import { ColourSwatch, personName, tableTitle } from './tableLabel.tsx';
import { useCafeConsoleT, type CafeAct } from './useConsoleCafe.ts';
import {
  checkDrafts,
  draftsToInput,
  hostCandidates,
  newTableDraft,
  proposeDrafts,
  resizeDrafts,
  tablesToDrafts,
  type TableDraft,
} from './consoleCafe.ts';
import { pages } from '../../lib/routes.ts';

type Props = {
  view: CafeView;
  activityId: string;
  workshopId: string;
  roster: Roster | null;
  groups: readonly Group[];
  act: CafeAct;
  busy: string | null;
  /** A refusal from the server, shown beside the buttons that caused it. */
  problem: ReactNode;
  /**
   * Once rounds run, tables can be renamed, moved, re-hosted or added, but not removed (seats
   * and notes point at them, CAFE2): only the editor is shown, without counts or the start.
   */
  running?: boolean;
};

type Sizes = { tableSize: number; maxTableSize: number };
const defaultSizes: Sizes = { tableSize: 4, maxTableSize: 5 };

/**
 * Before the first round: the tables (number, name, colour, place, own question, online), their
 * hosts, who offered to host or is joining from elsewhere, the rounds, and the start button.
 */
export function TableSetup({
  view,
  activityId,
  workshopId,
  roster,
  groups,
  act,
  busy,
  problem,
  running = false,
}: Props) {
  const { t, tc } = useCafeConsoleT();
  const { state } = view;
  const saved = useMemo(() => tablesToDrafts(state.tables), [state.tables]);
  const [drafts, setDrafts] = useState<TableDraft[] | null>(null);
  const [count, setCount] = useState<string | null>(null);
  const [countError, setCountError] = useState<string | undefined>();
  const [showErrors, setShowErrors] = useState(false);
  const [status, setStatus] = useState('');
  const sizes = useTableSizes(workshopId, activityId);
  const countId = useId();
  const countHint = useId();
  const people = roster?.participants ?? [];
  const here = people.filter((p) => p.online);
  const remoteIds = new Set(view.remote ?? []);

  const tables = drafts ?? saved;
  const dirty = drafts !== null;
  const problems = checkDrafts(tables);
  const invalid = Object.keys(problems).length > 0;
  const nameFor = (n: number) => t('setup.defaultName', { n });

  function edit(next: TableDraft[]) {
    setDrafts(next);
    setStatus('');
  }
  const patch = (key: string, value: Partial<TableDraft>) =>
    edit(tables.map((d) => (d.key === key ? { ...d, ...value } : d)));

  function layOut(n: number, message: string) {
    edit(resizeDrafts(tables, n, nameFor));
    setCount(null);
    setCountError(undefined);
    setStatus(message);
  }

  function setNumber() {
    const typed = count ?? String(tables.length);
    const n = Number(typed);
    if (typed.trim() === '' || !Number.isInteger(n) || n < 1 || n > CAFE_TABLES_MAX) {
      setCountError(t('setup.countInvalid', { max: CAFE_TABLES_MAX }));
      return;
    }
    layOut(n, t('setup.laidOut', { count: n }));
  }

  function propose() {
    const remote = here.filter((p) => remoteIds.has(p.id)).length;
    const inRoom = here.length - remote;
    const proposal = proposeDrafts(
      tables,
      { inRoom, remote },
      { target: sizes.tableSize, max: sizes.maxTableSize },
      nameFor,
    );
    const size = { size: sizes.tableSize, max: sizes.maxTableSize };
    edit(proposal.drafts);
    setCount(null);
    setCountError(undefined);
    setStatus(
      proposal.online === 0
        ? t('setup.proposed', { count: proposal.room, people: here.length, ...size })
        : t('setup.proposedOnline', {
            count: proposal.room + proposal.online,
            room: proposal.room,
            inRoom,
            online: proposal.online,
            remote,
            ...size,
          }),
    );
  }

  async function save(): Promise<boolean> {
    if (!dirty) return true;
    if (invalid) {
      setShowErrors(true);
      setStatus('');
      return false;
    }
    const ok = await act('save', 'cafe:tables', { activityId, tables: draftsToInput(tables) });
    if (ok) {
      setDrafts(null);
      setShowErrors(false);
      setStatus(t('setup.saved'));
    }
    return ok;
  }

  async function start() {
    if (!(await save())) return;
    await act('start', 'cafe:start', { activityId });
  }

  const namesOf = (ids: readonly string[]) =>
    ids
      .map((id) => people.find((p) => p.id === id))
      .filter((p) => p !== undefined)
      .map((p) => personName(t, tc, groups, p.displayName, p.groupKey));
  const volunteerNames = namesOf(view.volunteers ?? []);

  /** Hosts are chosen for saved tables only: the server knows a table by its id. */
  function hostPicker(d: TableDraft, row: number) {
    const table = d.id ? state.tables.find((x) => x.id === d.id) : undefined;
    if (!table) return <p className="field-hint">{t('setup.hostAfterSave')}</p>;
    return (
      <HostPicker
        table={table}
        row={row}
        roster={roster}
        volunteers={view.volunteers ?? []}
        groups={groups}
        busy={busy === `host-${table.id}`}
        onPick={(participantId) =>
          void act(`host-${table.id}`, 'cafe:host', {
            activityId,
            tableId: table.id,
            participantId,
          })
        }
      />
    );
  }
  const remoteNames = namesOf(view.remote ?? []);

  return (
    <div className="cafe-setup">
      <section aria-labelledby="cafe-tables-heading">
        <h3 id="cafe-tables-heading">{t('setup.tablesHeading')}</h3>
        {running ? <p className="muted">{t('setup.runningHint')}</p> : null}
        <p className="muted">
          {t('setup.here', {
            count: here.length,
            remote: here.filter((p) => remoteIds.has(p.id)).length,
          })}
        </p>
        {running ? null : (
          <div className="cafe-count">
            <div className={`field${countError ? ' field-invalid' : ''}`}>
              <label htmlFor={countId} className="field-label">
                {t('setup.count')}
              </label>
              <p className="field-hint" id={countHint}>
                {t('setup.countHint', { size: sizes.tableSize, max: sizes.maxTableSize })}
              </p>
              {countError ? (
                <p className="field-error" id={`${countId}-error`}>
                  <span aria-hidden="true">⚠ </span>
                  {countError}
                </p>
              ) : null}
              <div className="cafe-count-row">
                <input
                  id={countId}
                  className="input input-number"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={CAFE_TABLES_MAX}
                  step={1}
                  value={count ?? String(tables.length)}
                  aria-describedby={[countHint, countError ? `${countId}-error` : '']
                    .filter(Boolean)
                    .join(' ')}
                  aria-invalid={countError ? true : undefined}
                  onChange={(e) => {
                    setCount(e.currentTarget.value);
                    setCountError(undefined);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      setNumber();
                    }
                  }}
                />
                <Button onClick={setNumber}>{t('setup.setCount')}</Button>
                <Button onClick={propose}>{t('setup.propose')}</Button>
              </div>
            </div>
          </div>
        )}

        <ol className="cafe-table-drafts">
          {tables.map((d, i) => (
            <TableDraftCard
              key={d.key}
              draft={d}
              row={i + 1}
              problems={showErrors ? problems[d.key] : undefined}
              onChange={(value) => patch(d.key, value)}
              onRemove={
                tables.length > 1 && !(running && d.id)
                  ? () => {
                      edit(tables.filter((x) => x.key !== d.key));
                      setCount(null);
                      setStatus(t('setup.removed', { name: d.name || nameFor(i + 1) }));
                    }
                  : null
              }
              host={hostPicker(d, i + 1)}
            />
          ))}
        </ol>
        <div className="actions">
          <Button
            onClick={() => {
              edit([...tables, newTableDraft(tables, nameFor)]);
              setCount(null);
            }}
            disabled={tables.length >= CAFE_TABLES_MAX}
          >
            <span aria-hidden="true">+ </span>
            {t('setup.add')}
          </Button>
          <Button
            variant="primary"
            busy={busy === 'save'}
            disabled={!dirty}
            onClick={() => void save()}
          >
            {t('setup.save')}
          </Button>
          {dirty ? (
            <Button
              variant="link"
              onClick={() => {
                setDrafts(null);
                setCount(null);
                setShowErrors(false);
                setStatus(t('setup.undone'));
              }}
            >
              {t('setup.undo')}
            </Button>
          ) : null}
        </div>
        {showErrors && invalid ? <ErrorMessage>{t('setup.fixFirst')}</ErrorMessage> : null}
        <p role="status" className="cafe-status">
          {status || (dirty ? t('setup.unsaved') : '')}
        </p>
      </section>

      {running ? (
        problem
      ) : (
        <>
          <section aria-labelledby="cafe-people-heading" className="cafe-setup-people">
            <h3 id="cafe-people-heading">{t('setup.peopleHeading')}</h3>
            <p>
              <strong>{t('setup.volunteers')}</strong>{' '}
              {volunteerNames.length > 0 ? volunteerNames.join(', ') : t('setup.nobody')}
            </p>
            <p>
              <strong>{t('setup.remote')}</strong>{' '}
              {remoteNames.length > 0 ? remoteNames.join(', ') : t('setup.nobody')}
            </p>
            {volunteerNames.length > 0 ? (
              <div className="actions">
                <Button
                  busy={busy === 'hostVolunteers'}
                  disabled={dirty || !state.tables.some((x) => x.hostId === null)}
                  onClick={() =>
                    void act('hostVolunteers', 'cafe:hostVolunteers', { activityId }).then((ok) => {
                      if (ok) setStatus(t('setup.volunteersHosting'));
                    })
                  }
                >
                  {t('setup.hostVolunteers')}
                </Button>
                <p className="field-hint">
                  {dirty ? t('setup.hostVolunteersSaveFirst') : t('setup.hostVolunteersHint')}
                </p>
              </div>
            ) : null}
            {remoteNames.length > 0 && !state.tables.some((x) => x.online) ? (
              <p className="muted">{t('setup.remoteNoOnlineTable')}</p>
            ) : null}
            <p className="muted">{t('setup.hostHint')}</p>
          </section>

          <section aria-labelledby="cafe-rounds-heading" className="cafe-setup-rounds">
            <h3 id="cafe-rounds-heading">{t('setup.roundsHeading')}</h3>
            <p>
              {t('setup.timing', {
                count: state.rounds,
                minutes: state.roundMinutes,
                changeover: state.changeoverMinutes,
              })}
            </p>
            {state.questions.some((q) => q.trim() !== '') ? (
              <ol className="cafe-questions">
                {state.questions.map((q, i) => (
                  <li key={i}>
                    <span className="cafe-question-round">{t('setup.roundN', { n: i + 1 })}</span>{' '}
                    {q || <span className="muted">{t('setup.noQuestion')}</span>}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">{t('setup.noQuestions')}</p>
            )}
            <p className="muted">
              {t('setup.questionsFrom')}{' '}
              <Link to={pages.editWorkshop(workshopId)}>{t('setup.editAgenda')}</Link>
            </p>
          </section>

          {problem}
          <div className="cafe-start">
            <Button
              variant="primary"
              size="large"
              busy={busy === 'start'}
              disabled={tables.length === 0}
              onClick={() => void start()}
            >
              {t('setup.start')}
            </Button>
            <p className="field-hint">{t('setup.startHint')}</p>
          </div>
        </>
      )}
    </div>
  );
}

/** The tables' target and largest size come from the agenda item's settings (CAFE1). */
function useTableSizes(workshopId: string, activityId: string): Sizes {
  const workshop = useCall(workshopApi.get, { params: { id: workshopId } }).data;
  const activity = workshop?.agenda.find((x) => x.id === activityId);
  const tableSize = activity?.kind === 'world_cafe' ? activity.settings.tableSize : null;
  const maxTableSize = activity?.kind === 'world_cafe' ? activity.settings.maxTableSize : null;
  // Without the settings the proposal uses the usual 4 and 5, which is still a fair start.
  return useMemo(
    () =>
      tableSize === null || maxTableSize === null ? defaultSizes : { tableSize, maxTableSize },
    [tableSize, maxTableSize],
  );
}

type CardProps = {
  draft: TableDraft;
  row: number;
  problems: { number?: string; name?: string } | undefined;
  onChange: (value: Partial<TableDraft>) => void;
  onRemove: (() => void) | null;
  host: ReactNode;
};

function TableDraftCard({ draft, row, problems, onChange, onRemove, host }: CardProps) {
  const { t } = useCafeConsoleT();
  const id = useId();
  const ctx = <span className="visually-hidden"> {t('setup.rowContext', { n: row })}</span>;
  const numberError = problems?.number ? t(`setup.problem.${problems.number}`) : undefined;
  const nameError = problems?.name ? t(`setup.problem.${problems.name}`) : undefined;
  const describe = (key: string, error: string | undefined) =>
    error ? `${id}-${key}-error` : undefined;

  return (
    <li className="cafe-draft">
      <fieldset className="fieldset">
        <legend className="cafe-draft-legend">
          <ColourSwatch colour={draft.colour} />{' '}
          {tableTitle(t, { number: Number(draft.number) || row, name: draft.name })}
        </legend>
        <div className="cafe-draft-grid">
          <div className={`field cafe-draft-number${numberError ? ' field-invalid' : ''}`}>
            <label className="field-label" htmlFor={`${id}-number`}>
              {t('setup.number')}
              {ctx}
            </label>
            {numberError ? (
              <p className="field-error" id={`${id}-number-error`}>
                <span aria-hidden="true">⚠ </span>
                {numberError}
              </p>
            ) : null}
            <input
              id={`${id}-number`}
              className="input input-number"
              type="number"
              inputMode="numeric"
              min={1}
              max={999}
              step={1}
              value={draft.number}
              aria-invalid={numberError ? true : undefined}
              aria-describedby={describe('number', numberError)}
              onChange={(e) => onChange({ number: e.currentTarget.value })}
            />
          </div>
          <div className={`field cafe-draft-name${nameError ? ' field-invalid' : ''}`}>
            <label className="field-label" htmlFor={`${id}-name`}>
              {t('setup.name')}
              {ctx}
            </label>
            {nameError ? (
              <p className="field-error" id={`${id}-name-error`}>
                <span aria-hidden="true">⚠ </span>
                {nameError}
              </p>
            ) : null}
            <input
              dir="auto"
              id={`${id}-name`}
              className="input"
              maxLength={CAFE_TABLE_NAME_MAX}
              value={draft.name}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={describe('name', nameError)}
              onChange={(e) => onChange({ name: e.currentTarget.value })}
            />
          </div>
          <div className="field cafe-draft-colour">
            <label className="field-label" htmlFor={`${id}-colour`}>
              {t('setup.colour')}
              {ctx}
            </label>
            <div className="cafe-colour-row">
              <ColourSwatch colour={draft.colour} />
              <select
                id={`${id}-colour`}
                className="select"
                value={draft.colour}
                onChange={(e) => onChange({ colour: e.currentTarget.value as TableColour })}
              >
                {tableColours.map((c) => (
                  <option key={c} value={c}>
                    {t(`colour.${c}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field cafe-draft-place">
            <label className="field-label" htmlFor={`${id}-place`}>
              {t('setup.place')}
              {ctx}
            </label>
            <input
              dir="auto"
              id={`${id}-place`}
              className="input"
              maxLength={CAFE_PLACE_MAX}
              value={draft.place}
              onChange={(e) => onChange({ place: e.currentTarget.value })}
            />
          </div>
          <div className="field cafe-draft-question">
            <label className="field-label" htmlFor={`${id}-question`}>
              {t('setup.question')}
              {ctx}
            </label>
            <input
              dir="auto"
              id={`${id}-question`}
              className="input"
              maxLength={CAFE_QUESTION_MAX}
              value={draft.question}
              aria-describedby={`${id}-question-hint`}
              onChange={(e) => onChange({ question: e.currentTarget.value })}
            />
            <p className="field-hint" id={`${id}-question-hint`}>
              {t('setup.questionHint')}
            </p>
          </div>
          <div className="field cafe-draft-online">
            <label className="choice">
              <input
                type="checkbox"
                checked={draft.online}
                onChange={(e) => onChange({ online: e.currentTarget.checked })}
              />
              <span>
                {t('setup.online')}
                {ctx}
              </span>
            </label>
          </div>
          <div className="cafe-draft-host">{host}</div>
        </div>
        {onRemove ? (
          <Button variant="link" className="cafe-draft-remove" onClick={onRemove}>
            {t('setup.remove')}
            {ctx}
          </Button>
        ) : null}
      </fieldset>
    </li>
  );
}

type HostProps = {
  table: CafeTable;
  row: number;
  roster: Roster | null;
  volunteers: readonly string[];
  groups: readonly Group[];
  busy: boolean;
  onPick: (participantId: string | null) => void;
};

/** Everyone who joined, those who offered to host first and marked so. */
function HostPicker({ table, row, roster, volunteers, groups, busy, onPick }: HostProps) {
  const { t, tc } = useCafeConsoleT();
  const id = useId();
  const candidates = hostCandidates(roster?.participants ?? [], volunteers);
  const known = table.hostId === null || candidates.some((c) => c.id === table.hostId);
  let nameless = 0;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {t('setup.host')}
        <span className="visually-hidden"> {t('setup.rowContext', { n: row })}</span>
      </label>
      {candidates.some((c) => c.volunteer) ? (
        <p className="field-hint" id={`${id}-key`}>
          {t('setup.hostKey')}
        </p>
      ) : null}
      <select
        id={id}
        aria-describedby={candidates.some((c) => c.volunteer) ? `${id}-key` : undefined}
        className="select"
        value={table.hostId ?? ''}
        disabled={busy}
        aria-busy={busy || undefined}
        onChange={(e) => onPick(e.currentTarget.value || null)}
      >
        <option value="">{t('setup.noHost')}</option>
        {!known && table.hostId ? (
          <option value={table.hostId}>{table.hostName || t('someoneAlone')}</option>
        ) : null}
        {candidates.map((c) => {
          const group = groupNameByKey(tc, groups, c.groupKey);
          const name =
            c.displayName.trim() !== ''
              ? c.displayName
              : t('someoneNumbered', { group, n: (nameless += 1) });
          // Short enough for a table's card: the star is explained once, under the label.
          return (
            <option key={c.id} value={c.id}>
              {c.volunteer ? '★ ' : ''}
              {name}
              {c.displayName.trim() !== '' ? `, ${group}` : ''}
              {c.online ? '' : ` (${t('setup.away')})`}
            </option>
          );
        })}
      </select>
    </div>
  );
}
