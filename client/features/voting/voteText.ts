import type { TFunction } from '../../i18n/translator.ts';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { Results, ResultRow, VoteKind } from '../../../shared/domain/voting.ts';
import type { VoteMeta } from '../../../shared/protocol/voting.ts';
import type { ReasonCode } from '../../../shared/protocol/reasons.ts';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { scoreUnit, type DotBlock } from './voteLogic.ts';
import { localeOf } from '../../../shared/domain/languages.ts';

/** The voting screens' strings live in their own catalogue (namespace "voting"). */
export function useVotingT() {
  const voting = useTranslation('voting');
  const common = useTranslation();
  return { t: voting.t, tc: common.t, language: voting.i18n.language };
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
 * The ballot's refusals a voter meets most have their own phone-sized words in the voting
 * catalogue; any other reason is said by the app's usual reason text (LANG1).
 */
const votingKeys: Partial<Record<ReasonCode, string>> = {
  VOTING_NOT_OPEN: 'errors.notOpen',
  VOTING_CLOSED: 'errors.closed',
  VOTE_FOR_THOSE_PRESENT: 'errors.mayNot',
  NO_DOTS_ON_OWN_NOTE: 'errors.ownNote',
  VOTE_BUDGET_EXCEEDED: 'errors.dotBudget',
  DOTS_PER_OPTION_EXCEEDED: 'errors.dotCap',
  NO_DOT_TO_TAKE_BACK: 'errors.noDot',
  RANK_TOO_MANY: 'errors.rankTooMany',
  POINTS_BUDGET_EXCEEDED: 'errors.pointsBudget',
  OPTION_TWICE: 'errors.twice',
  NOT_AN_OPTION: 'errors.unknownOption',
  VOTE_OPTIONS_LOCKED: 'errors.optionsLocked',
  VOTE_ALREADY_OPENED: 'errors.alreadyOpen',
  VOTE_NEEDS_TWO_OPTIONS: 'errors.twoOptions',
  CLOSING_TIME_PASSED: 'errors.closingPassed',
  VOTE_NOT_OPENED_YET: 'errors.notOpenYet',
  PAPER_COUNTS_BEFORE_OPEN: 'errors.paperBeforeOpen',
  COMMITMENTS_AFTER_CLOSE: 'errors.commitmentsAfterClose',
};

export function voteProblemText(t: TFunction, tc: TFunction, problem: ProblemBody): string {
  const key = problem.reason && votingKeys[problem.reason.code];
  if (problem.reason && key) {
    const count = Object.values(problem.reason.params).find((v) => typeof v === 'number') ?? 0;
    return t(key, { count });
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
