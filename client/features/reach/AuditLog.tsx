import { reachApi } from '../../../shared/http/reachRoutes.ts';
import { useCall } from '../../lib/useCall.ts';
import { useTranslation } from '../../i18n/useTranslation.ts';

import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { problemText } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/format.ts';

import './reach.css';

/** What was done to a record, by whom, newest first (REC14). */
export function AuditLog({ recordId, refreshKey }: { recordId: string; refreshKey?: unknown }) {
  const { t, i18n } = useTranslation('reach');
  const { t: tc } = useTranslation();
  const log = useCall(reachApi.audit, { params: { id: recordId } }, refreshKey);
  const language = i18n.language;
  // Other features log their own actions here too; an action without words of ours reads as is.
  const actionText = (action: string) =>
    t(`audit.action.${action}`, {
      defaultValue: action.charAt(0).toUpperCase() + action.slice(1).replace(/_/g, ' '),
    });
  const detailText = (detail: Record<string, unknown>) =>
    Object.entries(detail)
      .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
      .map(
        ([k, v]) =>
          `${k.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${Array.isArray(v) ? v.join(', ') : String(v)}`,
      )
      .join('; ');

  return (
    <section className="audit">
      <h3>{t('audit.title')}</h3>
      <p className="muted">{t('audit.intro')}</p>
      {log.problem ? <ErrorMessage>{problemText(tc, log.problem)}</ErrorMessage> : null}
      {!log.data ? (
        log.problem ? null : (
          <Loading />
        )
      ) : log.data.length === 0 ? (
        <p className="empty">{t('audit.none')}</p>
      ) : (
        <ul className="plain-list audit-list">
          {log.data.map((e) => (
            <li key={e.id}>
              <strong>{actionText(e.action)}</strong>
              <br />
              <span className="muted">
                <time dateTime={e.at}>{formatInstant(e.at, language)}</time>
                {' · '}
                {e.facilitator ??
                  (e.action === 'personal_data_deleted' ? t('audit.system') : t('audit.unknown'))}
              </span>
              {Object.keys(e.detail).length > 0 ? (
                <>
                  <br />
                  <span className="muted">{detailText(e.detail)}</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
