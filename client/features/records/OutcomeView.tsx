import { useTranslation } from '../../i18n/useTranslation.ts';
import { useId, type ReactNode } from 'react';
import type { TFunction } from '../../i18n/translator.ts';
import type { Outcome, OutcomeActivity } from '../../../shared/domain/records.ts';
import { storedMethodText } from '../voting/storedMethodText.ts';
import { timelineText } from './timelineText.ts';
import { formatInstant } from '../../lib/format.ts';
import { groupName, isBuiltInGroup } from '../../lib/groups.ts';
import { useRecordsT } from './useRecords.ts';
import { kindAddsToTitle } from '../../lib/activityTitle.ts';
import { isolate } from '../../lib/bidi.ts';

type Props = {
  outcome: Outcome;
  /** The audit view shows hidden notes and commitments with the reason they were hidden. */
  view: 'public' | 'audit';
};

type Group = { key: string; label: string };
type IdeaBoard = Extract<OutcomeActivity, { kind: 'idea_board' }>;
type Vote = Extract<OutcomeActivity, { kind: 'dot_vote' | 'congress_vote' }>;
type Cafe = Extract<OutcomeActivity, { kind: 'world_cafe' }>;

/**
 * One saved outcome of a workshop, in plain words, in the order it happened: who took part, the
 * agenda, each activity's results, the timeline (REC4). Headings start at h3: the record page
 * gives each workshop its h2.
 */
export function OutcomeView({ outcome, view }: Props) {
  const { t, tc } = useRecordsT();
  const groups = groupsOf(outcome);
  const name = (key: string) => groupLabel(tc, groups, key);
  return (
    <div className="outcome" data-testid="outcome">
      {outcome.workshop.purpose ? (
        <p className="prewrap outcome-purpose" dir="auto">
          {outcome.workshop.purpose}
        </p>
      ) : null}
      <Participation outcome={outcome} groups={groups} name={name} />
      <Agenda outcome={outcome} />
      {outcome.activities.map((a) => (
        <ActivitySection key={a.activityId} activity={a}>
          {a.kind !== 'world_cafe' && a.unrevealed ? (
            <p className="outcome-unrevealed" data-testid="outcome-unrevealed">
              {t(view === 'audit' ? 'outcome.unrevealedAudit' : 'outcome.unrevealedPublic')}
            </p>
          ) : null}
          {a.kind === 'idea_board' ? (
            <IdeaBoardOutcome activity={a} view={view} name={name} />
          ) : a.kind === 'world_cafe' ? (
            <CafeOutcome activity={a} />
          ) : (
            <VoteOutcome activity={a} groups={groups} name={name} view={view} />
          )}
        </ActivitySection>
      ))}
      {outcome.activities.length === 0 ? (
        <p className="empty">{t('outcome.noActivities')}</p>
      ) : null}
      <Timeline outcome={outcome} />
    </div>
  );
}

/** The workshop's groups, then any group a count names that the workshop no longer lists. */
function groupsOf(outcome: Outcome): Group[] {
  const out: Group[] = [...outcome.workshop.groups];
  const known = new Set(out.map((g) => g.key));
  const add = (key: string, label = key) => {
    if (!known.has(key)) {
      known.add(key);
      out.push({ key, label });
    }
  };
  for (const g of outcome.participation.byGroup) add(g.key, g.label);
  for (const a of outcome.participation.byActivity) for (const g of a.byGroup) add(g.key, g.label);
  for (const a of outcome.activities) {
    if (a.kind === 'dot_vote' || a.kind === 'congress_vote') {
      for (const key of Object.keys(a.votersByGroup)) add(key);
    }
  }
  return out;
}

/** The snapshot names built-in groups by their key; those read in the viewer's language. */
function groupLabel(tc: TFunction, groups: Group[], key: string): string {
  const g = groups.find((x) => x.key === key);
  const label = g && !(g.label === g.key && isBuiltInGroup(g.key)) ? g.label : null;
  return groupName(tc, { key, label });
}

function ActivitySection({
  activity,
  children,
}: {
  activity: OutcomeActivity;
  children: ReactNode;
}) {
  const { tc } = useRecordsT();
  const headingId = useId();
  return (
    <section
      className="outcome-section outcome-activity"
      aria-labelledby={headingId}
      data-testid={`outcome-${activity.kind}`}
    >
      <h3 id={headingId}>
        {kindAddsToTitle(tc(`kinds.${activity.kind}`), activity.title) ? (
          <span className="outcome-kind">{tc(`kinds.${activity.kind}`)}: </span>
        ) : null}
        <bdi>{activity.title}</bdi>
      </h3>
      {activity.prompt ? (
        <p className="prewrap muted" dir="auto">
          {activity.prompt}
        </p>
      ) : null}
      {children}
    </section>
  );
}

function Participation({
  outcome,
  groups,
  name,
}: {
  outcome: Outcome;
  groups: Group[];
  name: (key: string) => string;
}) {
  const { t } = useRecordsT();
  const headingId = useId();
  const { participation } = outcome;
  const titleOf = (id: string) => outcome.activities.find((a) => a.activityId === id)?.title ?? '';
  const count = (rows: { key: string; count: number }[], key: string) =>
    rows.find((r) => r.key === key)?.count ?? 0;
  return (
    <section className="outcome-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('outcome.participation')}</h3>
      <p>{t('outcome.joined', { count: participation.joined })}</p>
      <div
        className="table-wrap"
        role="region"
        aria-labelledby={`${headingId}-caption`}
        tabIndex={0}
      >
        <table className="table outcome-table" data-testid="participation">
          <caption id={`${headingId}-caption`} className="outcome-caption">
            {t('outcome.participationCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('outcome.activity')}</th>
              {groups.map((g) => (
                <th key={g.key} scope="col" className="num">
                  {name(g.key)}
                </th>
              ))}
              <th scope="col" className="num">
                {t('outcome.total')}
              </th>
              <th scope="col" className="num">
                {t('outcome.paperColumn')}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('outcome.joinedRow')}</th>
              {groups.map((g) => (
                <td key={g.key} className="num">
                  {count(participation.byGroup, g.key)}
                </td>
              ))}
              <td className="num">{participation.joined}</td>
              <td className="num">–</td>
            </tr>
            {participation.byActivity.map((a) => (
              <tr key={a.activityId}>
                <th scope="row">{titleOf(a.activityId)}</th>
                {groups.map((g) => (
                  <td key={g.key} className="num">
                    {count(a.byGroup, g.key)}
                  </td>
                ))}
                <td className="num">{a.total}</td>
                <td className="num">{a.paper}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('outcome.participationHint')}</p>
    </section>
  );
}

function Agenda({ outcome }: { outcome: Outcome }) {
  const { t, tc, language } = useRecordsT();
  const headingId = useId();
  const { workshop } = outcome;
  return (
    <section className="outcome-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('outcome.agenda')}</h3>
      {workshop.openedAt || workshop.closedAt ? (
        <p>
          {workshop.openedAt
            ? t('outcome.openedAt', { when: formatInstant(workshop.openedAt, language) })
            : null}{' '}
          {workshop.closedAt
            ? t('outcome.closedAt', { when: formatInstant(workshop.closedAt, language) })
            : t('outcome.notClosed')}
        </p>
      ) : null}
      {outcome.agenda.length > 0 ? (
        <ol className="outcome-agenda">
          {outcome.agenda.map((a) => (
            <li key={a.id}>
              {kindAddsToTitle(tc(`kinds.${a.kind}`, { defaultValue: a.kind }), a.title) ? (
                <span className="outcome-kind">
                  {tc(`kinds.${a.kind}`, { defaultValue: a.kind })}:{' '}
                </span>
              ) : null}
              <bdi>{a.title}</bdi>
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">{t('outcome.noAgenda')}</p>
      )}
    </section>
  );
}

function IdeaBoardOutcome({
  activity,
  view,
  name,
}: {
  activity: IdeaBoard;
  view: 'public' | 'audit';
  name: (key: string) => string;
}) {
  const { t } = useRecordsT();
  const notes = [...activity.notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const shown = view === 'audit' ? notes : notes.filter((n) => n.status === 'visible');
  const visible = shown.filter((n) => n.status === 'visible').length;
  const hidden = shown.length - visible;
  const themeIds = new Set(activity.themes.map((th) => th.id));
  const columns = [
    ...activity.themes.map((th) => ({
      id: th.id,
      name: th.name,
      notes: shown.filter((n) => n.themeId === th.id),
    })),
    {
      id: 'none',
      name: t('board.noTheme'),
      notes: shown.filter((n) => n.themeId === null || !themeIds.has(n.themeId)),
    },
  ].filter((c) => c.notes.length > 0 || c.id !== 'none');

  return (
    <>
      <p>
        {t('board.noteCount', { count: visible })}
        {view === 'audit' && hidden > 0 ? ` ${t('board.hiddenCount', { count: hidden })}` : null}
      </p>
      {shown.length === 0 ? <p className="empty">{t('board.noNotes')}</p> : null}
      {shown.length > 0
        ? columns.map((c) => (
            <div key={c.id} className="outcome-theme" data-testid="outcome-theme">
              <h4>
                {c.id === 'none' ? c.name : t('board.theme', { name: isolate(c.name) })}{' '}
                <span className="muted outcome-count">
                  {t('board.themeCount', { count: c.notes.length })}
                </span>
              </h4>
              {c.notes.length === 0 ? (
                <p className="empty">{t('board.emptyTheme')}</p>
              ) : (
                <ul className="outcome-notes">
                  {c.notes.map((n) => (
                    <li
                      key={n.id}
                      className={
                        n.status === 'hidden' ? 'outcome-note outcome-note-hidden' : 'outcome-note'
                      }
                      data-testid="outcome-note"
                    >
                      {n.status === 'hidden' ? (
                        <p className="outcome-flag outcome-flag-hidden">
                          <span aria-hidden="true">⊘ </span>
                          {n.hiddenReason
                            ? t('board.hiddenBecause', { reason: n.hiddenReason })
                            : t('board.hiddenNoReason')}
                        </p>
                      ) : null}
                      <p className="prewrap outcome-note-text" dir="auto">
                        {n.text}
                      </p>
                      <p className="outcome-meta">
                        {name(n.groupKey)}
                        {n.shownName ? (
                          <>
                            {' · '}
                            <bdi>{n.shownName}</bdi>
                          </>
                        ) : null}
                        {n.assisted ? (
                          <>
                            {' · '}
                            <span className="outcome-flag outcome-flag-paper">
                              <span aria-hidden="true">✎ </span>
                              {t('board.assisted')}
                            </span>
                          </>
                        ) : null}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))
        : null}
    </>
  );
}

function VoteOutcome({
  activity,
  groups,
  name,
  view,
}: {
  activity: Vote;
  groups: Group[];
  name: (key: string) => string;
  view: 'public' | 'audit';
}) {
  const { t } = useRecordsT();
  const votingT = useTranslation('voting').t;
  const captionId = useId();
  const scoreHeader = activity.kind === 'dot_vote' ? t('vote.dots') : t('vote.score');
  const columns = groups.filter(
    (g) =>
      (activity.votersByGroup[g.key] ?? 0) > 0 ||
      activity.rows.some((r) => r.byGroup[g.key] !== undefined),
  );
  const paperTotal = activity.rows.reduce((s, r) => s + r.paper, 0);
  const commitments =
    view === 'audit'
      ? activity.commitments
      : activity.commitments.filter((c) => c.status === 'visible');

  return (
    <>
      <p>
        <strong>{t('vote.status')}</strong>{' '}
        {t(`vote.statuses.${activity.status}`, { defaultValue: activity.status })}
      </p>
      {activity.method ? (
        <p className="outcome-method" data-testid="vote-method">
          <strong>{t('vote.method')}</strong> {storedMethodText(votingT, activity)}
        </p>
      ) : null}
      {activity.rows.length === 0 ? (
        <p className="empty">{t('vote.notCounted')}</p>
      ) : (
        <>
          <p>
            {t('vote.voters', { count: activity.voters })}
            {paperTotal > 0 ? ` ${t('vote.paperIncluded', { count: paperTotal })}` : ''}
          </p>
          <div className="table-wrap" role="region" aria-labelledby={`${captionId}-r`} tabIndex={0}>
            <table className="table outcome-table" data-testid="vote-results">
              <caption id={`${captionId}-r`} className="outcome-caption">
                {t('vote.resultsCaption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('vote.place')}</th>
                  <th scope="col">{t('vote.option')}</th>
                  <th scope="col" className="num">
                    {scoreHeader}
                  </th>
                  <th scope="col" className="num">
                    {t('vote.onPaper')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {activity.rows.map((r) => (
                  <tr key={r.optionId}>
                    <td>{placeText(t, r.rank, r.tied)}</td>
                    <th scope="row">
                      <bdi>{r.label}</bdi>
                      {r.source !== 'typed' ? (
                        <span className="muted outcome-source">
                          {' '}
                          {t(`vote.source.${r.source}`, { defaultValue: '' })}
                        </span>
                      ) : null}
                    </th>
                    <td className="num">{r.score}</td>
                    <td className="num">{r.paper}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {columns.length > 0 ? (
            <div
              className="table-wrap"
              role="region"
              aria-labelledby={`${captionId}-g`}
              tabIndex={0}
            >
              <table className="table outcome-table" data-testid="vote-by-group">
                <caption id={`${captionId}-g`} className="outcome-caption">
                  {t('vote.byGroupCaption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('vote.option')}</th>
                    {columns.map((g) => (
                      <th key={g.key} scope="col" className="num">
                        {name(g.key)}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t('outcome.total')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {activity.rows.map((r) => (
                    <tr key={r.optionId}>
                      <th scope="row">
                        <bdi>{r.label}</bdi>
                      </th>
                      {columns.map((g) => {
                        const cell = r.byGroup[g.key];
                        const paper = cell?.paper ?? 0;
                        return (
                          <td key={g.key} className="num">
                            {cell ? cell.digital + cell.paper : 0}
                            {paper > 0 ? (
                              <span className="outcome-paper-cell">
                                {' '}
                                {t('vote.paperShort', { count: paper })}
                              </span>
                            ) : null}
                          </td>
                        );
                      })}
                      <td className="num">{r.score}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('vote.votersRow')}</th>
                    {columns.map((g) => (
                      <td key={g.key} className="num">
                        {activity.votersByGroup[g.key] ?? 0}
                      </td>
                    ))}
                    <td className="num">{activity.voters}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          ) : null}
        </>
      )}
      {commitments.length > 0 ? (
        <>
          <h4>{t('vote.commitments')}</h4>
          <ul className="outcome-commitments">
            {commitments.map((c) => {
              const option = activity.rows.find((r) => r.optionId === c.optionId)?.label;
              return (
                <li
                  key={c.id}
                  className={c.status === 'hidden' ? 'outcome-note-hidden' : undefined}
                >
                  {c.status === 'hidden' ? (
                    <p className="outcome-flag outcome-flag-hidden">
                      <span aria-hidden="true">⊘ </span>
                      {t('vote.commitmentHidden')}
                    </p>
                  ) : null}
                  <p className="prewrap outcome-note-text" dir="auto">
                    {c.text}
                  </p>
                  <p className="outcome-meta">
                    {[
                      option ? t('vote.commitmentFor', { option: isolate(option) }) : '',
                      c.who ? t('vote.who', { who: isolate(c.who) }) : '',
                      c.byWhen ? t('vote.byWhen', { when: c.byWhen }) : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </>
  );
}

function placeText(t: TFunction, rank: number, tied: boolean) {
  const place = t('vote.placeN', { count: rank, ordinal: true });
  return tied ? t('vote.tiedFor', { place }) : place;
}

function CafeOutcome({ activity }: { activity: Cafe }) {
  const { t } = useRecordsT();
  const tableName = (id: string) => {
    const table = activity.tables.find((x) => x.id === id);
    if (!table) return t('cafe.unknownTable');
    // A table nobody renamed is called "Table 3" by the server: its number says it all.
    const name = table.name.trim();
    return name && name !== `Table ${table.number}`
      ? t('cafe.tableNamed', { n: table.number, name })
      : t('cafe.table', { n: table.number });
  };
  return (
    <>
      <h4>{t('cafe.tables', { count: activity.tables.length })}</h4>
      {activity.tables.length > 0 ? (
        <ul className="outcome-tables">
          {activity.tables.map((table) => (
            <li key={table.id}>
              {tableName(table.id)}
              {table.place ? (
                <span className="muted">
                  {' · '}
                  <bdi>{table.place}</bdi>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {activity.rounds.length === 0 ? <p className="empty">{t('cafe.noRounds')}</p> : null}
      {activity.seed ? (
        <p className="muted" data-testid="cafe-seed">
          {t('cafe.seed')} <code>{activity.seed}</code>
        </p>
      ) : null}
      {activity.rounds.map((round) => (
        <div key={round.round} className="outcome-round" data-testid="outcome-round">
          <h4>
            {t('cafe.round', { n: round.round })}{' '}
            <span className="muted outcome-count">{t('cafe.seated', { count: round.seated })}</span>
          </h4>
          {round.tablecloths.map((cloth) => (
            <div key={cloth.tableId} className="outcome-tablecloth">
              <h5>{tableName(cloth.tableId)}</h5>
              {cloth.question ? (
                <p className="muted">{t('cafe.question', { question: cloth.question })}</p>
              ) : null}
              {cloth.text.trim() ? (
                <p className="prewrap outcome-cloth-text" dir="auto">
                  {cloth.text}
                </p>
              ) : (
                <p className="empty">{t('cafe.emptyCloth')}</p>
              )}
            </div>
          ))}
        </div>
      ))}
      <h4>{t('cafe.insights')}</h4>
      {activity.insights.length === 0 ? (
        <p className="empty">{t('cafe.noInsights')}</p>
      ) : (
        <ul className="outcome-insights">
          {activity.insights.map((i) => (
            <li key={i.id}>
              <p className="prewrap outcome-note-text" dir="auto">
                {i.text}
              </p>
              {i.sourceTableIds.length > 0 ? (
                <p className="outcome-meta">
                  {t('cafe.from', { tables: i.sourceTableIds.map(tableName).join(', ') })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Timeline({ outcome }: { outcome: Outcome }) {
  const { t, language } = useRecordsT();
  const headingId = useId();
  return (
    <section className="outcome-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('outcome.timeline')}</h3>
      {outcome.timeline.length === 0 ? (
        <p className="empty">{t('outcome.noTimeline')}</p>
      ) : (
        <ol className="outcome-timeline">
          {outcome.timeline.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={e.at}>{formatInstant(e.at, language)}</time> {timelineText(t, e)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
