import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { accountApi } from '../../../shared/http/accountRoutes.ts';
import { ResetPasswordSchema, type ResetInfo } from '../../../shared/protocol/accounts.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PasswordField } from '../auth/CredentialFields.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import { asProblem, call, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/format.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../auth/session.tsx';
import { pages } from '../../lib/routes.ts';

/** A one-time link from an owner: choose a new password and be signed in (AUTH9). */
export function ResetPage({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const { signedIn } = useSession();
  const [info, setInfo] = useState<ResetInfo | null>(null);
  const [loadProblem, setLoadProblem] = useState<ProblemBody | null>(null);
  const [password, setPassword] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    call(accountApi.reset, { params: { token } }).then(setInfo, (err: unknown) =>
      setLoadProblem(asProblem(err)),
    );
  }, [token]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const checked = validate(ResetPasswordSchema, { password });
    if (!checked.ok) {
      setFields(translateFields(t, checked.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setFields({});
    setBusy(true);
    try {
      signedIn(await call(accountApi.useReset, { params: { token }, body: { password } }));
      navigate(pages.workshops());
    } catch (err) {
      const p = asProblem(err);
      setFields(translateFields(t, p.issues));
      setProblem(p);
      setBusy(false);
      focusFirstInvalid(formRef.current);
    }
  }

  const invalid = t('accounts.resetInvalid');
  if (loadProblem) {
    return (
      <Page title={t('accounts.resetTitle')} variant="narrow">
        <ErrorMessage>{problemText(t, loadProblem, { NOT_FOUND: invalid })}</ErrorMessage>
        <p>
          <Link to={pages.login()}>{t('login.submit')}</Link>
        </p>
      </Page>
    );
  }
  if (!info) {
    return (
      <Page title={t('accounts.resetTitle')} variant="narrow">
        <Loading />
      </Page>
    );
  }
  return (
    <Page title={t('accounts.resetTitle')} variant="narrow">
      <p className="lead">{t('accounts.resetFor', { name: info.name, email: info.email })}</p>
      <p className="muted">
        {t('accounts.resetExpires', { date: formatInstant(info.expiresAt, i18n.language) })}
      </p>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
        {problem ? (
          <ErrorMessage>{problemText(t, problem, { NOT_FOUND: invalid })}</ErrorMessage>
        ) : null}
        {/* Lets a password manager store the new password against the right account. */}
        <input type="hidden" autoComplete="username" value={info.email} />
        <PasswordField
          purpose="new"
          label={t('accounts.newPassword')}
          value={password}
          error={fields.password}
          onChange={setPassword}
        />
        <Button type="submit" variant="primary" busy={busy}>
          {t('accounts.resetSubmit')}
        </Button>
      </form>
    </Page>
  );
}
