import { useId } from 'react';
import type { Group } from '../../../shared/domain/groups.ts';
import type { Results } from '../../../shared/domain/voting.ts';
import type { VoteMeta } from '../../../shared/protocol/voting.ts';
import { groupName } from '../../lib/groups.ts';
import { groupScore, resultGroups } from './voteLogic.ts';
import { useLabelLang } from './shownText.tsx';
import { isPlaced, methodText, nearTieText, placeText, scoreText, useVotingT } from './voteText.ts';
import './voting.css';

type Props = {
  results: Results;
  meta: VoteMeta | null;
  groups: readonly Group[];
  /** The heading level that fits where the results are shown. */
  headingLevel?: 2 | 3;
  heading?: string;
  /** A fixed id for the heading, so focus can be sent to it when the results arrive. */
  headingId?: string;
};

/**
 * A ranked list with counts, ties and near-ties said in words, then the same counts by group side
 * by side in a table, so power-sharing is visible (residents, officers, partners).
 */
export function ResultsView({
  results,
  meta,
  groups,
  headingLevel = 3,
  heading,
  headingId: fixedId,
}: Props) {
  const { t, tc, language } = useVotingT();
  const labelLang = useLabelLang();
  const ownId = useId();
  const headingId = fixedId ?? ownId;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const top = Math.max(1, ...results.rows.map((r) => r.score));
  return (
    <section className="vote-results" aria-labelledby={headingId} data-testid="vote-results">
      <H id={headingId} tabIndex={-1}>
        {heading ?? t('results.heading')}
      </H>
      <p className="vote-method">{methodText(t, language, results, meta)}</p>
      <p className="vote-voters">{t('results.voters', { count: results.voters })}</p>
      <ol className="result-list">
        {results.rows.map((row) => {
          const near = nearTieText(t, results, row);
          return (
            <li key={row.optionId} className="result-row" data-testid="result-row">
              <span
                className={
                  row.tied && isPlaced(row) ? 'result-place result-place-tied' : 'result-place'
                }
              >
                {placeText(t, row)}
              </span>
              <bdi className="result-label" lang={labelLang(row.label)}>
                {row.label}
              </bdi>
              <span className="result-score">
                {scoreText(t, results.kind, row.score)}
                {row.paper > 0 ? (
                  <span className="result-paper"> {t('results.paper', { count: row.paper })}</span>
                ) : null}
                {row.firstChoices !== undefined && row.firstChoices > 0 ? (
                  <span className="result-first">
                    {' '}
                    {t('results.firstChoices', { count: row.firstChoices })}
                  </span>
                ) : null}
              </span>
              {near ? <span className="result-near">{near}</span> : null}
              <span className="result-bar" aria-hidden="true">
                <span
                  className="result-bar-digital"
                  style={{ width: `${((row.score - row.paper) / top) * 100}%` }}
                />
                <span
                  className="result-bar-paper"
                  style={{ width: `${(row.paper / top) * 100}%` }}
                />
              </span>
            </li>
          );
        })}
      </ol>
      <ByGroupTable results={results} groups={groups} tc={tc} />
    </section>
  );
}

function ByGroupTable({
  results,
  groups,
  tc,
}: {
  results: Results;
  groups: readonly Group[];
  tc: ReturnType<typeof useVotingT>['tc'];
}) {
  const { t } = useVotingT();
  const labelLang = useLabelLang();
  const captionId = useId();
  const columns = resultGroups(results, groups);
  if (columns.length === 0) return null;
  return (
    <div
      className="table-wrap vote-table-wrap"
      role="region"
      aria-labelledby={captionId}
      // Scrollable on a narrow phone: it must be reachable by keyboard to scroll it.
      tabIndex={0}
    >
      <table className="table vote-table" data-testid="results-by-group">
        <caption id={captionId} className="vote-table-caption">
          {t('results.byGroup')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('results.option')}</th>
            {columns.map((g) => (
              <th key={g.key} scope="col" className="num">
                {groupName(tc, g)}
              </th>
            ))}
            <th scope="col" className="num">
              {t('results.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {results.rows.map((row) => (
            <tr key={row.optionId}>
              <th scope="row">
                <bdi lang={labelLang(row.label)}>{row.label}</bdi>
              </th>
              {columns.map((g) => {
                const paper = row.byGroup[g.key]?.paper ?? 0;
                return (
                  <td key={g.key} className="num">
                    {groupScore(row, g.key)}
                    {paper > 0 ? (
                      <span className="result-paper-cell">
                        {' '}
                        {t('results.paperShort', { count: paper })}
                      </span>
                    ) : null}
                  </td>
                );
              })}
              <td className="num">{row.score}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('results.votersRow')}</th>
            {columns.map((g) => (
              <td key={g.key} className="num">
                {results.votersByGroup[g.key] ?? 0}
              </td>
            ))}
            <td className="num">{results.voters}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
