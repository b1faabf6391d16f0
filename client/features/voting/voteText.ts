import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Results, ResultRow, VoteKind } from '../../../shared/domain/voting.ts';
import type { VoteMeta } from '../../../shared/protocol/voting.ts';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { scoreUnit, type DotBlock } from './voteLogic.ts';
import { localeOf } from '../../../shared/domain/languages.ts';

/** The voting screens' strings live in their own catalogue (namespace "voting"). */
export function useVotingT() {
  const voting = useTranslation('voting');
  const common = useTranslation();
  return { t: voting.t, tc: common.t, language: voting.i18n.resolvedLanguage ?? 'en' };
}

export function blockText(t: TFunction, block: DotBlock, meta: Pick<VoteMeta, 'maxDotsPerOption'>) {
  if (block === 'cap') return t('dots.block.cap', { count: meta.maxDotsPerOption });
  return t(`dots.block.${block}`);
}

/** "12 dots", "3 votes", "40 points". */
export function scoreText(t: TFunction, kind: VoteKind, score: number) {
  return t(`units.${scoreUnit(kind)}`, { count: score });
}

/** "1st", or "Tied for 2nd" when another option has the same score. */
export { isPlaced, placeText } from './places.ts';

/** "Close: within 1 dot" — the gap to the nearest neighbour, for a near-tie (VOTE6). */
export function nearTieText(t: TFunction, results: Results, row: ResultRow): string | null {
  if (!row.nearTie) return null;
  const i = results.rows.indexOf(row);
  const gaps = [results.rows[i - 1], results.rows[i + 1]]
    .filter((r): r is ResultRow => r !== undefined)
    .map((r) => Math.abs(r.score - row.score));
  const gap = Math.round(Math.min(...gaps) * 10) / 10;
  return t('results.nearTie', { amount: scoreText(t, results.kind, gap) });
}

/**
 * How this vote is counted, in plain words. The server names it in English (results.method);
 * other languages get the same sentence from the catalogue.
 */
export function methodText(
  t: TFunction,
  language: string,
  results: Pick<Results, 'kind' | 'method'>,
  meta: Pick<VoteMeta, 'rankTopK' | 'pointsTotal'> | null,
) {
  if (language === 'en' || !meta) return results.method;
  return t(`method.${results.kind}`, { k: meta.rankTopK, total: meta.pointsTotal });
}

/**
 * The server's refusals are plain English sentences; the known ones are said in the reader's
 * language. Anything else falls back to the app's usual error text.
 */
const serverMessages: { re: RegExp; key: string }[] = [
  { re: /^Voting has not opened yet$/, key: 'errors.notOpen' },
  { re: /^Voting has closed$/, key: 'errors.closed' },
  { re: /^This vote is for people who were here when it opened$/, key: 'errors.mayNot' },
  { re: /^This vote does not allow dots on your own note$/, key: 'errors.ownNote' },
  { re: /^You have (\d+) dots$/, key: 'errors.dotBudget' },
  { re: /^At most (\d+) dots on one option$/, key: 'errors.dotCap' },
  { re: /^There is no dot there to take back$/, key: 'errors.noDot' },
  { re: /^Rank at most (\d+) options$/, key: 'errors.rankTooMany' },
  { re: /^You have (\d+) points$/, key: 'errors.pointsBudget' },
  { re: /^An option appears twice$/, key: 'errors.twice' },
  { re: /^Not one of the options$/, key: 'errors.unknownOption' },
  { re: /^Options cannot change once voting has opened$/, key: 'errors.optionsLocked' },
  { re: /^This vote has already been opened$/, key: 'errors.alreadyOpen' },
  { re: /^Add at least two options before opening the vote$/, key: 'errors.twoOptions' },
  { re: /^The closing time has passed$/, key: 'errors.closingPassed' },
  { re: /^This vote has not opened yet$/, key: 'errors.notOpenYet' },
  { re: /^Open the vote before entering paper counts$/, key: 'errors.paperBeforeOpen' },
  { re: /^Commitments are made once the vote has closed$/, key: 'errors.commitmentsAfterClose' },
  { re: /^Write the commitment$/, key: 'errors.writeCommitment' },
];

export function voteProblemText(t: TFunction, tc: TFunction, problem: ProblemBody): string {
  for (const { re, key } of serverMessages) {
    const m = re.exec(problem.message);
    if (m) return t(key, { count: m[1] === undefined ? 0 : Number(m[1]) });
  }
  return problemText(tc, problem);
}

export function formatTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), { hour: '2-digit', minute: '2-digit' }).format(
    date,
  );
}
