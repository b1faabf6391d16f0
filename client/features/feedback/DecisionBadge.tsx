import { useTranslation } from '../../i18n/useTranslation.ts';
import type { Decision } from '../../../shared/protocol/feedback.ts';
import { localeOf } from '../../../shared/domain/languages.ts';

/** A shape for each decision, so the badge never relies on its colour. */
export const decisionIcons: Record<Decision, string> = {
  adopted: '✓',
  partly_adopted: '◐',
  not_adopted: '✕',
  considering: '…',
};

export function DecisionBadge({ decision }: { decision: Decision }) {
  const { t } = useTranslation('feedback');
  return (
    <span className={`badge feedback-decision feedback-decision-${decision}`}>
      <span aria-hidden="true">{decisionIcons[decision]} </span>
      {t(`decisions.${decision}`)}
    </span>
  );
}

/** "2026-12-01" as "1 December 2026" in the reader's language, the same day everywhere. */
export function formatDay(day: string, language: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'long', timeZone: 'UTC' }).format(
    date,
  );
}

/** The day of an instant, in the reader's own time zone. */
export function formatInstantDay(instant: string, language: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'long' }).format(date);
}
