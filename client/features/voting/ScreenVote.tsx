import { useEffect, type CSSProperties } from 'react';
import type { Group } from '../../../shared/domain/groups.ts';
import type { ResultRow, Results } from '../../../shared/domain/voting.ts';
import type { Commitment, VoteMeta, VoteView } from '../../../shared/protocol/voting.ts';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { useVote, type VoteRoom } from './useVote.ts';
import { isPlaced, methodText, placeText, scoreText, useVotingT } from './voteText.ts';
import './voting.css';
import { deadline } from '../../lib/byWhen.ts';
import { groupName } from '../../lib/groups.ts';
import { useFitPages } from '../screen/useFitPages.ts';
import { groupScore, resultGroups } from './voteLogic.ts';

type Props = {
  room: VoteRoom;
  activityId: string;
  groups: readonly Group[];
  /** Told when the final result (closed, shown) takes the screen, and when it no longer does. */
  onFinal?: (final: boolean) => void;
};

/** How many commitments each call shows on the projector; the rest are counted. */
const COMMITMENTS_PER_CALL = 3;

/**
 * The projector on a vote. Before the reveal it never has the count (the server does not send it
 * to screens), so it says voting is open and to vote on a phone; once revealed, or when the vote
 * is live, it shows the ranked result as a large bar chart that reads without colour.
 */
export function ScreenVote({ room, activityId, groups, onFinal }: Props) {
  const { t } = useVotingT();
  const { view, results, voters } = useVote(room, activityId, undefined, 300);
  const final = !!results && view?.meta.status === 'closed';
  useEffect(() => onFinal?.(final), [final, onFinal]);
  if (!view) return null;
  const { meta } = view;
  const closed = meta.status === 'closed';
  const commitments = view.commitments.filter((c) => c.status === 'visible');
  const showCommitments = meta.kind !== 'dot' && closed;

  const statusLine =
    meta.status === 'preparing'
      ? t('screen.preparing')
      : meta.status === 'open'
        ? results
          ? t('screen.openLive')
          : t('screen.open')
        : results
          ? t('screen.closed')
          : t('screen.closedHidden');

  return (
    <div
      className={[
        'screen-vote',
        results && closed ? 'screen-vote-final' : '',
        showCommitments && commitments.length > 0 ? 'screen-vote-with-commitments' : '',
      ]
        .join(' ')
        .trim()}
      data-testid="screen-vote"
    >
      <LiveRegion visible className="screen-vote-status" message={statusLine} />
      {meta.status === 'open' && !results ? (
        <p className="screen-vote-phone">{t('screen.voteOnPhone')}</p>
      ) : null}
      {!results && voters !== null && meta.status !== 'preparing' ? (
        <LiveRegion
          visible
          className="screen-vote-voters"
          message={t('screen.votedSoFar', { count: voters })}
        />
      ) : null}
      {showCommitments && commitments.length === 0 ? (
        // One line, not a column: the result keeps the room it needs.
        <p className="screen-commitment-empty" data-testid="screen-commitments">
          {t('screen.noCommitments')}
        </p>
      ) : null}
      <div className="screen-vote-grid">
        {results ? (
          <ScreenChart results={results} meta={meta} groups={closed ? groups : null} />
        ) : null}
        {showCommitments && commitments.length > 0 ? (
          <ScreenCommitments commitments={commitments} view={view} />
        ) : null}
      </div>
    </div>
  );
}

/**
 * The ranked result, every option in full: the text shrinks to fit the screen, and a list still too
 * long is shown a page at a time (never cut off, never "…"). After the reveal each option also
 * says how each group voted, in words.
 */
function ScreenChart(props: { results: Results; meta: VoteMeta; groups: readonly Group[] | null }) {
  const { results, meta } = props;
  const { t, tc, language } = useVotingT();
  const top = Math.max(1, ...results.rows.map((r) => r.score));
  const anyPaper = results.rows.some((r) => r.paper > 0);
  const byGroup = props.groups ? resultGroups(results, props.groups) : [];
  const breakdown = byGroup.length > 1 ? byGroup : [];
  const key = JSON.stringify([results.rows.map((r) => [r.label, r.score]), breakdown.length]);
  const fit = useFitPages<HTMLOListElement>(results.rows.length, key);
  const shown = results.rows.slice(fit.range.from, fit.range.to);
  const groupLine = (row: ResultRow) =>
    breakdown
      .map((g) =>
        t('screen.groupScore', { group: groupName(tc, g), count: groupScore(row, g.key) }),
      )
      .join(' · ');
  return (
    <section
      className="screen-results"
      aria-labelledby="screen-results-heading"
      data-testid="screen-results"
    >
      <h3 id="screen-results-heading" className="screen-results-heading">
        {t('results.heading')}
        <span className="screen-results-voters">
          {' · '}
          {t('results.voters', { count: results.voters })}
        </span>
        {fit.pages > 1 ? (
          <span className="screen-results-page" data-testid="screen-results-page">
            {' · '}
            {t('screen.page', { page: fit.page + 1, pages: fit.pages })}
          </span>
        ) : null}
      </h3>
      <p className="screen-method">{methodText(t, language, results, meta)}</p>
      <ol
        ref={fit.ref}
        className="screen-chart"
        start={fit.range.from + 1}
        style={{ '--fit': fit.scale } as CSSProperties}
      >
        {shown.map((row) => {
          const digital = ((row.score - row.paper) / top) * 100;
          const paper = (row.paper / top) * 100;
          return (
            <li key={row.optionId} className="screen-bar-row" data-testid="screen-result-row">
              <span className="screen-bar-place">
                <span aria-hidden="true">
                  {isPlaced(row) ? `${row.tied ? '=' : ''}${row.rank}` : '–'}
                </span>
                <span className="visually-hidden">{placeText(t, row)}</span>
              </span>
              <span className="screen-bar-body">
                <span className="screen-bar-text">
                  <bdi className="screen-bar-label" data-testid="screen-result-label">
                    {row.label}
                  </bdi>
                  {breakdown.length > 0 ? (
                    <span className="screen-bar-groups" data-testid="screen-result-groups">
                      {groupLine(row)}
                    </span>
                  ) : null}
                </span>
                <span className="screen-bar-line">
                  <span className="screen-bar-track" aria-hidden="true">
                    <span className="screen-bar-digital" style={{ width: `${digital}%` }} />
                    <span className="screen-bar-paper" style={{ width: `${paper}%` }} />
                  </span>
                  <span className="screen-bar-value">
                    {scoreText(t, results.kind, row.score)}
                    {row.tied ? (
                      <span className="screen-tie" aria-hidden="true">
                        {' '}
                        {t('screen.tie')}
                      </span>
                    ) : null}
                    {row.paper > 0 ? (
                      <span className="screen-bar-paper-text">
                        {' '}
                        {t('results.paper', { count: row.paper })}
                      </span>
                    ) : null}
                  </span>
                </span>
              </span>
            </li>
          );
        })}
      </ol>
      {anyPaper ? (
        <p className="screen-legend" aria-hidden="true">
          <span className="screen-swatch screen-swatch-digital" /> {t('screen.legendPhones')}
          <span className="screen-swatch screen-swatch-paper" /> {t('screen.legendPaper')}
        </p>
      ) : null}
    </section>
  );
}

function ScreenCommitments({ commitments, view }: { commitments: Commitment[]; view: VoteView }) {
  const { t } = useVotingT();
  const groups = view.options
    .map((o) => ({ option: o, items: commitments.filter((c) => c.optionId === o.id) }))
    .filter((g) => g.items.length > 0);
  return (
    <section
      className="screen-commitments"
      aria-labelledby="screen-commitments-heading"
      data-testid="screen-commitments"
    >
      <h3 id="screen-commitments-heading" className="screen-results-heading">
        {t('commitments.heading')}
      </h3>
      {groups.map(({ option, items }) => {
        const shown = items.slice(-COMMITMENTS_PER_CALL);
        return (
          <div key={option.id} className="screen-commitment-group">
            <h4 className="screen-commitment-call" dir="auto">
              {option.label}
            </h4>
            <ul className="plain-list">
              {shown.map((c) => (
                <li key={c.id} className="screen-commitment">
                  <bdi className="screen-commitment-text">{c.text}</bdi>{' '}
                  <span className="screen-commitment-who">
                    — <bdi>{c.who}</bdi>
                    {c.byWhen
                      ? `, ${t('commitments.byWhenLine', { when: deadline(c.byWhen) })}`
                      : ''}
                  </span>
                </li>
              ))}
            </ul>
            {items.length > shown.length ? (
              <p className="screen-commitment-more">
                {t('screen.moreCommitments', { count: items.length - shown.length })}
              </p>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
