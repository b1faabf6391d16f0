import { authApi } from '../../../shared/http/authRoutes.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { AcceptInviteSchema, type InviteInfo } from '../../../shared/protocol/rest.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { NewAccountFields } from './NewAccountFields.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/format.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import { navigate } from '../../lib/router.ts';
import { useSession } from './session.tsx';
import { pages } from '../../lib/routes.ts';

export function InvitePage({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const { signedIn } = useSession();
  const [invite, setInvite] = useState<InviteInfo | null>(null);
  const [loadProblem, setLoadProblem] = useState<ProblemBody | null>(null);
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    call(authApi.invite, { params: { token } }).then(setInvite, (err: unknown) =>
      setLoadProblem(asProblem(err)),
    );
  }, [token]);

  const set = (key: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const checked = validate(AcceptInviteSchema, values);
    if (!checked.ok) {
      setFields(translateFields(t, checked.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const facilitator = await call(authApi.acceptInvite, { params: { token }, body: values });
      signedIn(facilitator);
      navigate(pages.workshops());
    } catch (err) {
      const p = asProblem(err);
      setFields(translateFields(t, p.issues));
      setProblem(p);
      setBusy(false);
      focusFirstInvalid(formRef.current);
    }
  }

  if (loadProblem) {
    return (
      <Page title={t('invite.title')} variant="narrow">
        <ErrorMessage>
          {problemText(t, loadProblem, {
            NOT_FOUND: t('invite.invalid'),
            CONFLICT: t('invite.invalid'),
          })}
        </ErrorMessage>
        <p>
          <Link to={pages.login()}>{t('login.submit')}</Link>
        </p>
      </Page>
    );
  }
  if (!invite) {
    return (
      <Page title={t('invite.title')} variant="narrow">
        <Loading />
      </Page>
    );
  }

  return (
    <Page title={t('invite.title')} variant="narrow">
      <p className="lead">{t('invite.from', { name: invite.invitedBy })}</p>
      <p className="muted">
        {t('invite.expires', { date: formatInstant(invite.expiresAt, i18n.language) })}
      </p>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
        {problem ? (
          <ErrorMessage>
            {problemText(t, problem, {
              NOT_FOUND: t('invite.invalid'),
              CONFLICT: t('invite.emailTaken'),
            })}
          </ErrorMessage>
        ) : null}
        <NewAccountFields
          values={values}
          errors={fields}
          onChange={(key, value) => set(key)(value)}
        />
        <Button type="submit" variant="primary" busy={busy}>
          {t('invite.submit')}
        </Button>
      </form>
    </Page>
  );
}
