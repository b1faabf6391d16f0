import type { EngagementRecord } from '../../../shared/domain/records.ts';
import { formatInstant } from '../../lib/format.ts';
import { useRecordsT } from './useRecords.ts';

/** "1 Dec 2026" from "2026-12-01", read as a calendar day (no time zone can move it). */
export function formatDay(day: string, language: string): string {
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date);
}

/** "1 Dec 2026 to 14 Jan 2027", one day alone, or null when no date is set. */
export function formatDays(
  startsOn: string | null,
  endsOn: string | null,
  language: string,
  to: (from: string, until: string) => string,
): string | null {
  if (startsOn && endsOn && startsOn !== endsOn) {
    return to(formatDay(startsOn, language), formatDay(endsOn, language));
  }
  const one = startsOn ?? endsOn;
  return one ? formatDay(one, language) : null;
}

/** What the record is about and what people could change, in the council's own words (REC1). */
export function RecordFacts({ record: r }: { record: EngagementRecord }) {
  const { t, language } = useRecordsT();
  const dates = formatDays(r.startsOn, r.endsOn, language, (from, until) =>
    t('fields.dateRange', { from, until }),
  );
  return (
    <section className="panel record-details" aria-labelledby="details-heading">
      <h2 id="details-heading">{t('record.details')}</h2>
      <dl className="facts record-facts">
        <div>
          <dt>{t('fields.service')}</dt>
          <dd>{r.service}</dd>
        </div>
        <div>
          <dt>{t('fields.level')}</dt>
          <dd data-testid="record-level">{t(`levels.${r.level}`)}</dd>
        </div>
        <div>
          <dt>{t('fields.area')}</dt>
          <dd>{r.area}</dd>
        </div>
        <div>
          <dt>{t('fields.dates')}</dt>
          <dd>{dates ?? t('record.noDate')}</dd>
        </div>
        {r.location ? (
          <div>
            <dt>{t('fields.location')}</dt>
            <dd>{r.location}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('fields.status')}</dt>
          <dd>{t(`statuses.${r.status}`)}</dd>
        </div>
        <div>
          <dt>{t('fields.tags')}</dt>
          <dd>
            {r.tags.length === 0 ? (
              t('record.noTags')
            ) : (
              <ul className="record-tags">
                {r.tags.map((tag) => (
                  <li key={tag} className="record-tag">
                    {tag}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        {r.feedbackPublishedAt ? (
          <div>
            <dt>{t('record.feedbackPublished')}</dt>
            <dd>{formatInstant(r.feedbackPublishedAt, language)}</dd>
          </div>
        ) : null}
      </dl>
      {r.summary ? <p className="prewrap record-summary">{r.summary}</p> : null}
      <div className="record-influence">
        <div>
          <h3>{t('fields.canInfluence')}</h3>
          <p className="prewrap">{r.canInfluence || t('record.notSaid')}</p>
        </div>
        <div>
          <h3>{t('fields.cannotInfluence')}</h3>
          <p className="prewrap">{r.cannotInfluence || t('record.notSaid')}</p>
        </div>
      </div>
      {r.retentionMonths !== null ? (
        <p className="muted">{t('record.retention', { count: r.retentionMonths })}</p>
      ) : null}
    </section>
  );
}
