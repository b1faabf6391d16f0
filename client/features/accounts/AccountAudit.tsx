import { useTranslation } from '../../i18n/useTranslation.ts';
import { accountApi } from '../../../shared/http/accountRoutes.ts';
import type { AccountAuditEntry } from '../../../shared/protocol/accounts.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { problemText } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/format.ts';
import { useCall } from '../../lib/useCall.ts';

/** Every change to an account, newest first, for owners (AUTH6). */
export function AccountAudit({ refreshKey }: { refreshKey: unknown }) {
  const { t, i18n } = useTranslation();
  const log = useCall(accountApi.audit, {}, refreshKey);
  const line = (e: AccountAuditEntry) =>
    t(`accounts.audit.${e.action}`, {
      actor: e.actor ?? t('accounts.audit.nobody'),
      subject: e.subject ?? '',
      role: e.detail.to ? t(`accounts.roles.${e.detail.to}`) : '',
    });
  return (
    <section className="panel" aria-labelledby="account-audit-heading">
      <h2 id="account-audit-heading">{t('accounts.audit.heading')}</h2>
      {log.problem ? <ErrorMessage>{problemText(t, log.problem)}</ErrorMessage> : null}
      {log.data ? (
        <ol className="account-audit" data-testid="account-audit">
          {log.data.entries.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={e.at}>{formatInstant(e.at, i18n.language)}</time> {line(e)}
            </li>
          ))}
        </ol>
      ) : log.problem ? null : (
        <Loading />
      )}
    </section>
  );
}
