import type { EngagementRecord } from '../../../shared/domain/records.ts';
import { formatInstant } from '../../lib/format.ts';
import { formatDays } from './format.ts';
import { useRecordsT } from './useRecords.ts';

/** What the record is about and what people could change, in the council's own words (REC1). */
export function RecordFacts({ record: r }: { record: EngagementRecord }) {
  const { t, language } = useRecordsT();
  const dates = formatDays(r.startsOn, r.endsOn, language, (from, until) =>
    t('fields.dateRange', { from, until }),
  );
  return (
    <section id="record-details" className="panel record-details" aria-labelledby="details-heading">
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
        <div className="record-facts-wide">
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
      {r.summary ? (
        <p className="prewrap record-summary" dir="auto">
          {r.summary}
        </p>
      ) : null}
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
