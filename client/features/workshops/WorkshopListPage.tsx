import { workshopApi } from '../../../shared/http/workshopRoutes.ts';
import { useMemo } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { formatJoinCode } from '../../../shared/domain/joinCode.ts';
import type { WorkshopListItem } from '../../../shared/domain/workshop.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { problemText } from '../../lib/errors.ts';
import { formatLocalDateTime } from '../../lib/format.ts';
import { useCall } from '../../lib/useCall.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';
import { useWorkshopRecords } from '../records/useRecords.ts';
import { RecordLink } from '../records/WorkshopRecordLink.tsx';
import { InviteFacilitator } from './InviteFacilitator.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { pages } from '../../lib/routes.ts';

const statusOrder = { open: 0, draft: 1, closed: 2 } as const;

/** Live workshops first, then planned ones by date, then past ones, newest first. */
function sortWorkshops(items: WorkshopListItem[]): WorkshopListItem[] {
  return [...items].sort((a, b) => {
    const byStatus = statusOrder[a.status] - statusOrder[b.status];
    if (byStatus !== 0) return byStatus;
    const aWhen = a.startsAt ?? a.createdAt;
    const bWhen = b.startsAt ?? b.createdAt;
    return a.status === 'closed' ? bWhen.localeCompare(aWhen) : aWhen.localeCompare(bWhen);
  });
}

export function WorkshopListPage() {
  const { t, i18n } = useTranslation();
  const { data: list, problem, reload } = useCall(workshopApi.list, {});
  const items = useMemo(() => (list ? sortWorkshops(list) : null), [list]);
  const recordOf = useWorkshopRecords();

  return (
    <FacilitatorPage title={t('workshops.title')} variant="wide">
      <div className="toolbar">
        <Link to={pages.newWorkshop()} className="btn btn-primary">
          <span aria-hidden="true">+ </span>
          {t('workshops.new')}
        </Link>
      </div>

      {problem ? (
        <>
          <ErrorMessage>{problemText(t, problem)}</ErrorMessage>
          <Button onClick={reload}>{t('common.tryAgain')}</Button>
        </>
      ) : null}

      {!items && !problem ? <Loading /> : null}

      {items && items.length === 0 ? <p className="empty">{t('workshops.empty')}</p> : null}

      {items && items.length > 0 ? (
        <ul className="workshop-list" aria-label={t('workshops.listLabel')}>
          {items.map((w) => {
            const when = formatLocalDateTime(w.startsAt, i18n.language);
            return (
              <li key={w.id} className="workshop-card">
                <h2 className="workshop-card-title">
                  <Link to={pages.workshopConsole(w.id)} dir="auto">
                    {w.title}
                  </Link>
                </h2>
                <dl className="facts">
                  <div>
                    <dt>{t('workshops.status')}</dt>
                    <dd>
                      <StatusBadge status={w.status} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('workshops.date')}</dt>
                    <dd>{when ?? t('workshops.noDate')}</dd>
                  </div>
                  <div>
                    <dt>{t('workshops.joinCode')}</dt>
                    <dd className="code-inline" dir="ltr">
                      {w.joinCode ? formatJoinCode(w.joinCode) : t('workshops.noCode')}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('workshops.people')}</dt>
                    <dd>{t('workshops.peopleCount', { count: w.participantCount })}</dd>
                  </div>
                  <div>
                    <dt>{t('workshops.activities')}</dt>
                    <dd>{t('workshops.activityCount', { count: w.activityCount })}</dd>
                  </div>
                </dl>
                <div className="actions">
                  <Link
                    to={pages.workshopConsole(w.id)}
                    className="btn btn-secondary"
                    aria-label={`${t('workshops.run')}: ${w.title}`}
                  >
                    {t('workshops.run')}
                  </Link>
                  <Link
                    to={pages.editWorkshop(w.id)}
                    className="btn btn-secondary"
                    aria-label={`${t('workshops.edit')}: ${w.title}`}
                  >
                    {t('workshops.edit')}
                  </Link>
                  {recordOf?.get(w.id) ? (
                    <RecordLink recordId={recordOf.get(w.id) ?? ''} title={w.title} />
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}

      <InviteFacilitator />
    </FacilitatorPage>
  );
}
