import { useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { accountApi } from '../../../shared/http/accountRoutes.ts';
import type { Account, ResetCreated } from '../../../shared/protocol/accounts.ts';
import type { Role } from '../../../shared/protocol/rest.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { asProblem, call, type ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/format.ts';
import { useCall } from '../../lib/useCall.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';
import { useSession } from '../auth/session.tsx';
import { InviteFacilitator } from '../workshops/InviteFacilitator.tsx';
import { AccountAudit } from './AccountAudit.tsx';
import { PasswordChange } from './PasswordChange.tsx';
import './accounts.css';

/**
 * The team (AUTH6-AUTH9): who can sign in, with their roles. Everyone changes their own password
 * here; owners also invite, change roles, issue reset links, remove colleagues and read the audit.
 */
export function AccountsPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const me = session.status === 'signedIn' ? session.facilitator : null;
  const owner = me?.role === 'owner';
  const [changes, setChanges] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const team = useCall(accountApi.list, {}, changes);
  const changed = (message: string) => {
    setAnnouncement(message);
    setChanges((n) => n + 1);
  };

  return (
    <FacilitatorPage title={t('accounts.title')} variant="wide">
      <LiveRegion message={announcement} />
      <section className="panel" aria-labelledby="team-heading">
        <h2 id="team-heading">{t('accounts.team')}</h2>
        <p className="muted">{owner ? t('accounts.explainOwner') : t('accounts.explain')}</p>
        {team.problem ? <ErrorMessage>{problemText(t, team.problem)}</ErrorMessage> : null}
        {team.data ? (
          <ul className="account-list" data-testid="accounts">
            {team.data.accounts.map((a) => (
              <AccountRow
                key={a.id}
                account={a}
                me={a.id === me?.id}
                manage={owner}
                onChanged={changed}
              />
            ))}
          </ul>
        ) : team.problem ? null : (
          <Loading />
        )}
      </section>
      {owner ? <InviteFacilitator /> : null}
      <PasswordChange />
      {owner ? <AccountAudit refreshKey={changes} /> : null}
    </FacilitatorPage>
  );
}

function AccountRow(props: {
  account: Account;
  me: boolean;
  manage: boolean;
  onChanged: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { account: a } = props;
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState<'role' | 'reset' | 'remove' | null>(null);
  const [reset, setReset] = useState<ResetCreated | null>(null);
  const [confirming, setConfirming] = useState(false);

  async function run<T>(what: 'role' | 'reset' | 'remove', action: () => Promise<T>) {
    setBusy(what);
    setProblem(null);
    try {
      return await action();
    } catch (err) {
      setProblem(asProblem(err));
      return undefined;
    } finally {
      setBusy(null);
    }
  }

  const otherRole: Role = a.role === 'owner' ? 'facilitator' : 'owner';
  const conflict = t('accounts.lastOwner');

  return (
    <li className="account" data-testid="account">
      <div className="account-who">
        <strong>{a.name}</strong>
        {props.me ? <span className="badge">{t('accounts.you')}</span> : null}
        <span className="muted">{a.email}</span>
        {/* The role in words, not only by a colour or an icon. */}
        <span className={`badge role-${a.role}`}>{t(`accounts.roles.${a.role}`)}</span>
      </div>
      {props.manage ? (
        <div className="account-actions">
          <Button
            busy={busy === 'role'}
            onClick={() =>
              void run('role', async () => {
                await call(accountApi.setRole, {
                  params: { id: a.id },
                  body: { role: otherRole },
                });
                props.onChanged(
                  t('accounts.roleChanged', {
                    name: a.name,
                    role: t(`accounts.roles.${otherRole}`),
                  }),
                );
              })
            }
          >
            {otherRole === 'owner'
              ? t('accounts.makeOwner', { name: a.name })
              : t('accounts.makeFacilitator', { name: a.name })}
          </Button>
          {props.me ? null : (
            <Button
              busy={busy === 'reset'}
              onClick={() =>
                void run('reset', async () =>
                  setReset(await call(accountApi.createReset, { params: { id: a.id } })),
                )
              }
            >
              {t('accounts.resetLink', { name: a.name })}
            </Button>
          )}
          <Button variant="danger" busy={busy === 'remove'} onClick={() => setConfirming(true)}>
            {props.me ? t('accounts.removeMe') : t('accounts.remove', { name: a.name })}
          </Button>
        </div>
      ) : null}
      {problem ? (
        <ErrorMessage>{problemText(t, problem, { CONFLICT: conflict })}</ErrorMessage>
      ) : null}
      {reset ? (
        <div className="account-reset">
          <CopyField label={t('accounts.resetLinkFor', { name: a.name })} value={reset.url} />
          <p className="muted">
            {t('accounts.resetExpires', { date: formatInstant(reset.expiresAt, i18n.language) })}
          </p>
          {reset.emailed ? <p>{t('accounts.resetEmailed', { email: a.email })}</p> : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t('accounts.removeTitle', { name: a.name })}
        confirmLabel={t('accounts.removeConfirm')}
        danger
        onConfirm={() => {
          setConfirming(false);
          void run('remove', async () => {
            await call(accountApi.remove, { params: { id: a.id } });
            props.onChanged(t('accounts.removed', { name: a.name }));
          });
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('accounts.removeExplain', { name: a.name })}</p>
      </ConfirmDialog>
    </li>
  );
}
