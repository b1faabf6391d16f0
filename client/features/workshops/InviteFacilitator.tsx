import { authApi } from '../../../shared/http/authRoutes.ts';
import { useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { InviteCreated } from '../../../shared/protocol/rest.ts';
import { Button } from '../../components/Button.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/format.ts';

export function InviteFacilitator() {
  const { t, i18n } = useTranslation();
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);

  async function create() {
    setBusy(true);
    setProblem(null);
    try {
      setInvite(await call(authApi.createInvite));
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('invites.heading')}</h2>
      <p className="muted">{t('invites.explain')}</p>
      <Button onClick={() => void create()} busy={busy}>
        {t('invites.create')}
      </Button>
      {problem ? <ErrorMessage>{problemText(t, problem)}</ErrorMessage> : null}
      {invite ? (
        <div className="invite-result">
          <CopyField label={t('invites.link')} value={invite.url} />
          <p className="muted">
            {t('invites.expires', { date: formatInstant(invite.expiresAt, i18n.language) })}
          </p>
        </div>
      ) : null}
    </section>
  );
}
