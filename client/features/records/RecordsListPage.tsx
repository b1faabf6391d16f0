import { recordApi } from '../../../shared/http/recordRoutes.ts';
import { useCall } from '../../lib/useCall.ts';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { engagementLevels, recordStatuses } from '../../../shared/domain/records.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { problemText } from '../../lib/errors.ts';
import { navigate, useLocation } from '../../lib/router.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';
import { FilterSelect } from './FilterSelect.tsx';
import { formatDays } from './format.ts';
import { RecordStatusBadge } from './RecordPage.tsx';
import {
  distinctValues,
  filterQuery,
  filtersFrom,
  splitMatch,
  useRecordsT,
  type RecordFilterKey,
  type RecordFilters,
  type RecordListItem,
} from './useRecords.ts';
import './records.css';
import { pages } from '../../lib/routes.ts';

/**
 * Every engagement record, searchable across the records and everything people said in their
 * workshops (REC7), so a service finds what residents already told the council before asking
 * again. The filters live in the address, so a search can be bookmarked and shared.
 */
export function RecordsListPage() {
  const { t, tc, language } = useRecordsT();
  const { search } = useLocation();
  const filters = filtersFrom(search);
  const query = filterQuery(filters);
  const list = useCall(recordApi.list, { query: filters });
  // Unfiltered, for the choices each filter offers.
  const all = useCall(recordApi.list, {});
  const [text, setText] = useState(filters.q ?? '');
  const searchId = useId();

  // Back and forward change the address; the box follows it.
  useEffect(() => setText(filters.q ?? ''), [filters.q]);

  const go = (next: RecordFilters) => {
    const q = filterQuery(next);
    navigate(pages.records(q), { replace: true });
  };
  const setFilter = (key: RecordFilterKey, value: string) => go({ ...filters, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    go({ ...filters, q: text });
  }

  const everything = all.data?.records ?? [];
  const choices = {
    service: distinctValues(
      everything.map((r) => r.service),
      language,
    ),
    area: distinctValues(
      everything.map((r) => r.area),
      language,
    ),
    tag: distinctValues(
      everything.flatMap((r) => r.tags),
      language,
    ),
  };
  const records = list.data?.records ?? null;
  const filtered = query !== '';
  const found =
    records === null
      ? ''
      : filters.q
        ? t('list.foundFor', { count: records.length, q: filters.q })
        : t('list.found', { count: records.length });

  return (
    <FacilitatorPage title={t('list.title')} variant="wide">
      <p className="lead">{t('list.lead')}</p>
      <div className="toolbar">
        <Link to={pages.newRecord()} className="btn btn-primary">
          <span aria-hidden="true">+ </span>
          {t('list.new')}
        </Link>
        <Link to={pages.calendar()} className="btn btn-secondary">
          {t('list.calendar')}
        </Link>
      </div>

      <form onSubmit={submit} className="records-search" role="search">
        <div className="field">
          <label htmlFor={searchId} className="field-label">
            {t('list.search')}
          </label>
          <p id={`${searchId}-hint`} className="field-hint">
            {t('list.searchHint')}
          </p>
          <div className="records-search-row">
            <input
              id={searchId}
              type="search"
              className="input"
              maxLength={200}
              value={text}
              aria-describedby={`${searchId}-hint`}
              onChange={(e) => setText(e.currentTarget.value)}
            />
            <Button type="submit" variant="primary">
              {t('list.searchButton')}
            </Button>
          </div>
        </div>
      </form>

      <fieldset className="records-filters">
        <legend className="field-label">{t('list.filters')}</legend>
        <FilterSelect
          label={t('fields.serviceShort')}
          any={t('list.anyService')}
          value={filters.service ?? ''}
          options={choices.service.map((v) => [v, v])}
          onChange={(v) => setFilter('service', v)}
        />
        <FilterSelect
          label={t('fields.area')}
          any={t('list.anyArea')}
          value={filters.area ?? ''}
          options={choices.area.map((v) => [v, v])}
          onChange={(v) => setFilter('area', v)}
        />
        <FilterSelect
          label={t('fields.topic')}
          any={t('list.anyTopic')}
          value={filters.tag ?? ''}
          options={choices.tag.map((v) => [v, v])}
          onChange={(v) => setFilter('tag', v)}
        />
        <FilterSelect
          label={t('fields.level')}
          any={t('list.anyLevel')}
          value={filters.level ?? ''}
          options={engagementLevels.map((l) => [l, t(`levels.${l}`)])}
          onChange={(v) => setFilter('level', v)}
        />
        <FilterSelect
          label={t('fields.status')}
          any={t('list.anyStatus')}
          value={filters.status ?? ''}
          options={recordStatuses.map((s) => [s, t(`statuses.${s}`)])}
          onChange={(v) => setFilter('status', v)}
        />
        {filtered ? (
          <Button variant="link" className="records-clear" onClick={() => go({})}>
            {t('list.clear')}
          </Button>
        ) : null}
      </fieldset>

      <LiveRegion message={found} visible className="records-found" />

      {list.problem ? (
        <>
          <ErrorMessage>{problemText(tc, list.problem)}</ErrorMessage>
          <Button onClick={list.reload}>{tc('common.tryAgain')}</Button>
        </>
      ) : null}
      {records === null && !list.problem ? <Loading /> : null}
      {records && records.length === 0 ? (
        <p className="empty">{filtered ? t('list.noneFound') : t('list.empty')}</p>
      ) : null}
      {records && records.length > 0 ? (
        <ul className="records-list" aria-label={t('list.listLabel')}>
          {records.map((r) => (
            <RecordCard key={r.id} record={r} />
          ))}
        </ul>
      ) : null}
    </FacilitatorPage>
  );
}

function RecordCard({ record: r }: { record: RecordListItem }) {
  const { t, language } = useRecordsT();
  const dates = formatDays(r.startsOn, r.endsOn, language, (from, until) =>
    t('fields.dateRange', { from, until }),
  );
  return (
    <li className="record-card" data-testid="record-card">
      <h2 className="record-card-title" dir="auto">
        <Link to={pages.record(r.id)}>{r.title}</Link>
      </h2>
      <p className="record-card-status">
        <RecordStatusBadge status={r.status} />
      </p>
      <dl className="facts">
        <div>
          <dt>{t('fields.serviceShort')}</dt>
          <dd>{r.service}</dd>
        </div>
        <div>
          <dt>{t('fields.level')}</dt>
          <dd>{t(`levels.${r.level}`)}</dd>
        </div>
        <div>
          <dt>{t('fields.area')}</dt>
          <dd>{r.area}</dd>
        </div>
        <div>
          <dt>{t('fields.dates')}</dt>
          <dd>{dates ?? t('record.noDate')}</dd>
        </div>
        <div>
          <dt>{t('list.workshops')}</dt>
          <dd>{t('list.workshopCount', { count: r.workshops.length })}</dd>
        </div>
      </dl>
      {r.tags.length > 0 ? (
        <ul className="record-tags" aria-label={t('fields.tags')}>
          {r.tags.map((tag) => (
            <li key={tag} className="record-tag">
              {tag}
            </li>
          ))}
        </ul>
      ) : null}
      {r.match ? (
        <p className="record-match" data-testid="record-match">
          <span className="record-match-label">{t('list.matched')} </span>
          {splitMatch(r.match).map((part, i) =>
            part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
          )}
        </p>
      ) : null}
    </li>
  );
}
