import { reachApi } from '../../../shared/http/reachRoutes.ts';
import { useCall } from '../../lib/useCall.ts';
import { useEffect, useId, useState } from 'react';
import { useTranslation, type TFunction } from '../../i18n/useTranslation.ts';
import type {
  ReachQuestion,
  ReachReport as Report,
  Share,
  UnderRepresented,
} from '../../../shared/protocol/reach.ts';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { problemText } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/format.ts';
import { groupName } from '../../lib/groups.ts';
import { cellText } from './cellText.ts';
import './reach.css';
import { pages } from '../../lib/routes.ts';

type Props = ({ recordId: string } | { workshopId: string }) & {
  /** Fetch again when this changes (after an erasure, say). */
  refreshKey?: unknown;
};

/**
 * Who took part, by group and characteristic, against the borough (REC13). Everything shown
 * comes from the server already protected: counts under 5 read "fewer than 5", and numbers that
 * would give one away read "hidden". The chart pairs each bar with its words and value, and tells
 * "here" from "borough" by fill pattern, never by colour.
 */
export function ReachReport(props: Props) {
  const { t, i18n } = useTranslation('reach');
  const { t: tc } = useTranslation();
  const report = useCall(
    'recordId' in props ? reachApi.recordReach : reachApi.workshopReach,
    { params: { id: 'recordId' in props ? props.recordId : props.workshopId } },
    props.refreshKey,
  );
  const headingId = useId();
  const [printing, setPrinting] = useState(false);

  // A printed report shows the numbers by group too, which sit in closed sections on screen.
  useEffect(() => {
    const open = () => setPrinting(true);
    window.addEventListener('beforeprint', open);
    return () => window.removeEventListener('beforeprint', open);
  }, []);

  const r = report.data;
  return (
    <section className="reach" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('report.title')}</h2>
      {report.problem ? <ErrorMessage>{problemText(tc, report.problem)}</ErrorMessage> : null}
      {!r ? (
        report.problem ? null : (
          <Loading label={t('report.loading')} />
        )
      ) : (
        <>
          <p>
            {t('report.joined', { count: r.joined })}{' '}
            {t('report.respondents', { value: cellText(t, r.respondents) })}
          </p>
          <p className="muted">{t('report.rules')}</p>
          {r.personalDataDeletedAt ? (
            <Notice>
              {t('report.deleted', {
                date: formatInstant(r.personalDataDeletedAt, i18n.language),
              })}
            </Notice>
          ) : null}
          {r.scope.kind === 'record' && r.workshops.length > 1 ? (
            <>
              <h3>{t('report.workshops')}</h3>
              <ul>
                {r.workshops.map((w) => (
                  <li key={w.id}>
                    {t('report.workshopRespondents', {
                      title: w.title,
                      value: cellText(t, w.respondents),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <UnderList under={r.underRepresented} />
          <ul className="reach-legend" aria-hidden="true">
            <li>
              <span className="reach-swatch reach-swatch-here" /> {t('report.here')}
            </li>
            <li>
              <span className="reach-swatch reach-swatch-borough" /> {t('report.borough')}
            </li>
          </ul>
          {r.questions.map((q) => (
            <QuestionSection key={q.question} q={q} report={r} open={printing} />
          ))}
          <p className="no-print">
            <Link to={pages.referenceProfile()}>{t('report.profileLink')}</Link>
          </p>
        </>
      )}
    </section>
  );
}

function UnderList({ under }: { under: UnderRepresented[] }) {
  const { t } = useTranslation('reach');
  return (
    <div className="reach-under">
      <h3>{t('report.underTitle')}</h3>
      {under.length === 0 ? (
        <p>{t('report.underNone')}</p>
      ) : (
        <ul>
          {under.map((u) => {
            const people = t(`people.${u.question}.${u.answer}`, { defaultValue: u.people });
            return (
              <li key={`${u.question}/${u.answer}`}>
                {u.here.kind === 'percent'
                  ? t('report.underPercent', { people, here: u.here.value, borough: u.borough })
                  : t('report.underBound', { people, here: u.here.value, borough: u.borough })}
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted">{t('report.underHow')}</p>
    </div>
  );
}

function shareText(t: TFunction, s: Share | null) {
  if (!s) return t('report.notShown');
  return s.kind === 'percent'
    ? t('report.percent', { value: s.value })
    : t('report.under', { value: s.value });
}

function QuestionSection({ q, report, open }: { q: ReachQuestion; report: Report; open: boolean }) {
  const { t } = useTranslation('reach');
  const { t: ta } = useTranslation('aboutYou');
  const { t: tc } = useTranslation();
  const answerLabel = (a: string) =>
    a === 'prefer_not' ? ta('preferNot') : ta(`answers.${q.question}.${a}`);
  const label = ta(`questions.${q.question}.label`);
  const charted = q.rows.filter((row) => row.here !== null || row.borough !== null);
  const max = Math.max(1, ...charted.flatMap((row) => [row.here?.value ?? 0, row.borough ?? 0]));
  const width = (v: number) => `${Math.min(100, (100 * v) / max)}%`;
  const groups = Object.keys(q.answeredByGroup).map(
    (key) => report.groups.find((g) => g.key === key) ?? { key, label: null },
  );
  const caption = t('report.tableCaption', { question: label });
  return (
    <section>
      <h3>{label}</h3>
      <p className="muted">
        {t('report.answered', { value: cellText(t, q.answered) })}{' '}
        {q.comparedWith.kind === 'group'
          ? t('report.comparedResidents')
          : t('report.comparedEveryone')}
      </p>
      {charted.length > 0 ? (
        <ul className="reach-chart" aria-label={t('report.chartCaption', { question: label })}>
          {charted.map((row) => (
            <li key={row.answer}>
              <span className="reach-chart-label">{answerLabel(row.answer)}</span>
              <div className="reach-bar-row">
                <span>{t('report.here')}</span>
                <span className="reach-bar-track" aria-hidden="true">
                  {row.here ? (
                    <span
                      className={`reach-bar reach-bar-here${row.here.kind === 'under' ? ' reach-bar-bound' : ''}`}
                      style={{ width: width(row.here.value) }}
                    />
                  ) : null}
                </span>
                <span className="reach-bar-value">{shareText(t, row.here)}</span>
              </div>
              <div className="reach-bar-row">
                <span>{t('report.borough')}</span>
                <span className="reach-bar-track" aria-hidden="true">
                  {row.borough !== null ? (
                    <span
                      className="reach-bar reach-bar-borough"
                      style={{ width: width(row.borough) }}
                    />
                  ) : null}
                </span>
                <span className="reach-bar-value">
                  {row.borough !== null
                    ? t('report.percent', { value: row.borough })
                    : t('report.noReference')}
                </span>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <details className="reach-details" open={open || undefined}>
        <summary>{t('report.byGroup')}</summary>
        <div className="reach-table-wrap" role="region" aria-label={caption} tabIndex={0}>
          <table className="reach-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.answer')}</th>
                {groups.map((g) => (
                  <th scope="col" key={g.key}>
                    {groupName(tc, g)}
                  </th>
                ))}
                <th scope="col">{t('report.everyone')}</th>
              </tr>
            </thead>
            <tbody>
              {q.rows.map((row) => (
                <tr key={row.answer}>
                  <th scope="row">{answerLabel(row.answer)}</th>
                  {groups.map((g) => (
                    <td className="num" key={g.key}>
                      {cellText(t, row.byGroup[g.key]!)}
                    </td>
                  ))}
                  <td className="num">{cellText(t, row.count)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('report.total')}</th>
                {groups.map((g) => (
                  <td className="num" key={g.key}>
                    {cellText(t, q.answeredByGroup[g.key]!)}
                  </td>
                ))}
                <td className="num">{cellText(t, q.answered)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </details>
    </section>
  );
}
