import { authApi } from '../../../shared/http/authRoutes.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { SetupSchema, type InstanceInfo } from '../../../shared/protocol/rest.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';
import { NewAccountFields } from '../auth/NewAccountFields.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import { call, ApiError, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import { navigate, useLocation } from '../../lib/router.ts';
import { useSession } from '../auth/session.tsx';
import { pages } from '../../lib/routes.ts';

export function SetupPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const { search } = useLocation();
  const [info, setInfo] = useState<InstanceInfo | null>(null);
  const [loadProblem, setLoadProblem] = useState<ProblemBody | null>(null);
  // The server prints a set-up link with the token in it, so following it fills the field.
  const [values, setValues] = useState(() => ({
    name: '',
    email: '',
    password: '',
    setupToken: search.get('token') ?? '',
  }));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    call(authApi.instance).then(setInfo, (err: unknown) => setLoadProblem(asProblem(err)));
  }, []);

  const set = (key: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const body = {
      name: values.name,
      email: values.email,
      password: values.password,
      ...(info?.setupTokenRequired ? { setupToken: values.setupToken.trim() } : {}),
    };
    const checked = validate(SetupSchema, body);
    if (!checked.ok) {
      setFields(translateFields(t, checked.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const facilitator = await call(authApi.setup, { body });
      signedIn(facilitator);
      navigate(pages.workshops());
    } catch (err) {
      const p = asProblem(err);
      setFields({
        ...translateFields(t, p.issues),
        ...(p.code === 'FORBIDDEN' ? { setupToken: t('setup.wrongToken') } : {}),
      });
      setProblem(p);
      if (err instanceof ApiError && err.status === 409) {
        setInfo((i) => (i ? { ...i, setupRequired: false } : i));
      }
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  }

  if (loadProblem) {
    return (
      <Page title={t('setup.title')}>
        <ErrorMessage>{problemText(t, loadProblem)}</ErrorMessage>
      </Page>
    );
  }
  if (!info) {
    return (
      <Page title={t('setup.title')}>
        <Loading />
      </Page>
    );
  }
  if (!info.setupRequired) {
    return (
      <Page title={t('setup.doneTitle')}>
        <p>{t('setup.done')}</p>
        <p>
          <Link to={pages.login()} className="btn btn-primary">
            {t('login.submit')}
          </Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title={t('setup.title')} variant="narrow">
      <p className="lead">{t('setup.intro')}</p>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
        {problem ? (
          <ErrorMessage>
            {problemText(t, problem, {
              FORBIDDEN: t('setup.wrongToken'),
              CONFLICT: t('setup.done'),
            })}
          </ErrorMessage>
        ) : null}
        <NewAccountFields
          values={values}
          errors={fields}
          onChange={(key, value) => set(key)(value)}
        />
        {info.setupTokenRequired ? (
          <Field label={t('setup.token')} hint={t('setup.tokenHint')} error={fields.setupToken}>
            {(p) => (
              <input
                {...p}
                className="input"
                autoComplete="off"
                spellCheck={false}
                value={values.setupToken}
                onChange={(e) => set('setupToken')(e.currentTarget.value)}
              />
            )}
          </Field>
        ) : null}
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? t('setup.submitting') : t('setup.submit')}
        </Button>
      </form>
    </Page>
  );
}
