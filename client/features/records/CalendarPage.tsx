import { recordApi } from '../../../shared/http/recordRoutes.ts';
import { urlOf } from '../../../shared/http/route.ts';
import { useCall } from '../../lib/useCall.ts';
import { useEffect } from 'react';
import {
  engagementLevels,
  type EngagementLevel,
  type RecordStatus,
} from '../../../shared/domain/records.ts';
import { Button } from '../../components/Button.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { problemText } from '../../lib/errors.ts';
import { navigate, useLocation } from '../../lib/router.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';
import { FilterSelect } from './FilterSelect.tsx';
import { byMonth, formatDays, monthName } from './format.ts';
import { RecordStatusBadge } from './RecordPage.tsx';
import { distinctValues, useRecordsT } from './useRecords.ts';
import './records.css';
import { usePublicAddress } from '../../lib/publicAddress.ts';
import { Page } from '../../components/Page.tsx';
import { useSession } from '../auth/session.tsx';
import { pages } from '../../lib/routes.ts';

/** One activity as GET /api/calendar lists it (server/features/records/calendar.ts). */
export type CalendarEvent = {
  publicId: string;
  title: string;
  service: string;
  area: string;
  tags: string[];
  level: EngagementLevel;
  levelLabel: string;
  status: RecordStatus;
  startsOn: string;
  endsOn: string | null;
  location: string;
  summary: string;
  feedbackPath: string;
};

const calendarFilterKeys = ['service', 'area', 'tag', 'level'] as const;
type CalendarFilterKey = (typeof calendarFilterKeys)[number];
type CalendarFilters = Partial<Record<CalendarFilterKey, string>>;

function calendarQuery(filters: CalendarFilters): string {
  const params = new URLSearchParams();
  for (const key of calendarFilterKeys) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  return params.toString();
}

/**
 * The central calendar of engagement activities, planned and past, by month, with filters and
 * the iCalendar feed people subscribe to (REC6).
 */
export function CalendarPage() {
  const { t, tc, language } = useRecordsT();
  const publicAddress = usePublicAddress();
  const { search } = useLocation();
  const filters: CalendarFilters = {};
  for (const key of calendarFilterKeys) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const query = calendarQuery(filters);
  const calendar = useCall(recordApi.calendar, { query: filters });
  const all = useCall(recordApi.calendar, {});
  // The calendar names records by their public id; facilitators go to the record itself.
  // Anyone may read the calendar (it is public, like its feed); only facilitators have records.
  const { session, refresh } = useSession();
  const staff = session.status === 'signedIn';
  const unknown = session.status === 'unknown';
  useEffect(() => {
    if (unknown) void refresh();
  }, [unknown, refresh]);
  const records = useCall(recordApi.list, staff ? {} : null);
  const recordIds = new Map((records.data?.records ?? []).map((r) => [r.publicId, r.id]));

  const go = (next: CalendarFilters) => {
    const q = calendarQuery(next);
    navigate(pages.calendar(q), { replace: true });
  };

  const everything = all.data?.events ?? [];
  const events = calendar.data?.events ?? null;
  const feed = `${publicAddress.url}${urlOf(recordApi.calendarFeed, undefined, filters)}`;
  const thisMonth = new Date().toISOString().slice(0, 7);
  const Frame = staff ? FacilitatorPage : Page;

  return (
    <Frame title={t('calendar.title')} variant="wide">
      <p className="lead">{t('calendar.lead')}</p>
      {staff ? (
        <div className="toolbar">
          <Link to={pages.records()} className="btn btn-secondary">
            {t('calendar.toRecords')}
          </Link>
        </div>
      ) : null}

      <fieldset className="records-filters">
        <legend className="field-label">{t('calendar.filters')}</legend>
        <FilterSelect
          label={t('fields.serviceShort')}
          any={t('list.anyService')}
          value={filters.service ?? ''}
          options={distinctValues(
            everything.map((e) => e.service),
            language,
          ).map((v) => [v, v])}
          onChange={(v) => go({ ...filters, service: v })}
        />
        <FilterSelect
          label={t('fields.area')}
          any={t('list.anyArea')}
          value={filters.area ?? ''}
          options={distinctValues(
            everything.map((e) => e.area),
            language,
          ).map((v) => [v, v])}
          onChange={(v) => go({ ...filters, area: v })}
        />
        <FilterSelect
          label={t('fields.topic')}
          any={t('list.anyTopic')}
          value={filters.tag ?? ''}
          options={distinctValues(
            everything.flatMap((e) => e.tags),
            language,
          ).map((v) => [v, v])}
          onChange={(v) => go({ ...filters, tag: v })}
        />
        <FilterSelect
          label={t('fields.level')}
          any={t('list.anyLevel')}
          value={filters.level ?? ''}
          options={engagementLevels.map((l) => [l, t(`levels.${l}`)])}
          onChange={(v) => go({ ...filters, level: v })}
        />
        {query ? (
          <Button variant="link" className="records-clear" onClick={() => go({})}>
            {t('list.clear')}
          </Button>
        ) : null}
      </fieldset>

      <section className="panel calendar-subscribe" aria-labelledby="subscribe-heading">
        <h2 id="subscribe-heading">{t('calendar.subscribe')}</h2>
        <p>{query ? t('calendar.subscribeFiltered') : t('calendar.subscribeHint')}</p>
        <CopyField label={t('calendar.feed')} value={feed} />
        <p>
          <a href={feed} download="engagement-calendar.ics">
            {t('calendar.download')}
          </a>
        </p>
      </section>

      <LiveRegion
        message={events === null ? '' : t('calendar.found', { count: events.length })}
        visible
        className="records-found"
      />
      {calendar.problem ? (
        <>
          <ErrorMessage>{problemText(tc, calendar.problem)}</ErrorMessage>
          <Button onClick={calendar.reload}>{tc('common.tryAgain')}</Button>
        </>
      ) : null}
      {events === null && !calendar.problem ? <Loading /> : null}
      {events && events.length === 0 ? (
        <p className="empty">{query ? t('calendar.noneFound') : t('calendar.empty')}</p>
      ) : null}
      {events
        ? byMonth(events).map(([month, list]) => (
            <section
              key={month}
              className="calendar-month"
              aria-labelledby={`month-${month}`}
              data-testid="calendar-month"
            >
              <h2 id={`month-${month}`}>
                {monthName(month, language)}
                {month === thisMonth ? (
                  <span className="badge badge-now calendar-now">{t('calendar.thisMonth')}</span>
                ) : null}
              </h2>
              <ul className="calendar-events">
                {list.map((e) => (
                  <CalendarItem key={e.publicId} event={e} recordId={recordIds.get(e.publicId)} />
                ))}
              </ul>
            </section>
          ))
        : null}
    </Frame>
  );
}

function CalendarItem({
  event: e,
  recordId,
}: {
  event: CalendarEvent;
  recordId: string | undefined;
}) {
  const { t, language } = useRecordsT();
  const dates = formatDays(e.startsOn, e.endsOn, language, (from, until) =>
    t('fields.dateRange', { from, until }),
  );
  return (
    <li className="calendar-event" data-testid="calendar-event">
      <p className="calendar-date">
        <time dateTime={e.startsOn}>{dates}</time>
      </p>
      <div>
        <h3 className="calendar-title" dir="auto">
          {recordId ? <Link to={pages.record(recordId)}>{e.title}</Link> : e.title}
        </h3>
        <p className="calendar-meta">
          <RecordStatusBadge status={e.status} /> {t(`levels.${e.level}`)} · {e.service} · {e.area}
          {e.location ? ` · ${e.location}` : ''}
        </p>
        {e.tags.length > 0 ? (
          <ul className="record-tags" aria-label={t('fields.tags')}>
            {e.tags.map((tag) => (
              <li key={tag} className="record-tag">
                {tag}
              </li>
            ))}
          </ul>
        ) : null}
        {e.summary ? (
          <p className="prewrap calendar-summary" dir="auto">
            {e.summary}
          </p>
        ) : null}
        <p>
          <a href={e.feedbackPath} aria-label={`${t('calendar.publicPage')}: ${e.title}`}>
            {t('calendar.publicPage')}
          </a>
        </p>
      </div>
    </li>
  );
}
