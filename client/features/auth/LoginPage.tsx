import { authApi } from '../../../shared/http/authRoutes.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { LoginSchema } from '../../../shared/protocol/rest.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { Page } from '../../components/Page.tsx';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import { navigate, safeNext, useLocation } from '../../lib/router.ts';
import { useSession } from './session.tsx';
import { EmailField, PasswordField } from './CredentialFields.tsx';
import { ForgotPassword } from '../accounts/ForgotPassword.tsx';
import { pages } from '../../lib/routes.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const { session, signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [needsSetup, setNeedsSetup] = useState(false);
  const [mail, setMail] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const next = safeNext(search.get('next'), pages.workshops());

  useEffect(() => {
    // Signing in on a fresh install cannot work; point to the set-up page instead of a dead end.
    call(authApi.instance).then(
      (info) => {
        setNeedsSetup(info.setupRequired);
        setMail(info.mailConfigured);
      },
      () => undefined,
    );
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const checked = validate(LoginSchema, { email, password });
    if (!checked.ok) {
      setFields(translateFields(t, checked.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const facilitator = await call(authApi.login, { body: { email, password } });
      signedIn(facilitator);
      navigate(next);
    } catch (err) {
      const p = asProblem(err);
      setFields(translateFields(t, p.issues));
      setProblem(p);
      setBusy(false);
    }
  }

  return (
    <Page title={t('login.title')} variant="narrow">
      {needsSetup ? (
        <Notice>
          {t('login.needsSetup')} <Link to={pages.setup()}>{t('setup.title')}</Link>
        </Notice>
      ) : null}
      {session.status === 'signedIn' ? (
        <Notice>
          {t('login.already', { name: session.facilitator.name })}{' '}
          <Link to={pages.workshops()}>{t('nav.workshops')}</Link>
        </Notice>
      ) : null}
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
        {problem ? (
          <ErrorMessage>
            {problemText(t, problem, { UNAUTHENTICATED: t('login.wrong') })}
          </ErrorMessage>
        ) : null}
        <EmailField
          autoComplete="username"
          value={email}
          error={fields.email}
          onChange={setEmail}
        />
        <PasswordField
          purpose="current"
          value={password}
          error={fields.password}
          onChange={setPassword}
        />
        <Button type="submit" variant="primary" busy={busy}>
          {t('login.submit')}
        </Button>
      </form>
      <p className="muted">{t('login.noAccount')}</p>
      {mail ? (
        <ForgotPassword initialEmail={email} />
      ) : (
        <p className="muted">{t('login.forgot')}</p>
      )}
      <p>
        <Link to={pages.joinCode()}>{t('home.joinLink')}</Link>
      </p>
    </Page>
  );
}
