import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { accountApi } from '../../../shared/http/accountRoutes.ts';
import { PasswordChangeSchema } from '../../../shared/protocol/accounts.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { PasswordField } from '../auth/CredentialFields.tsx';
import { asProblem, call, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';

/** Changing one's own password: the current one first; other browsers are signed out (AUTH8). */
export function PasswordChange() {
  const { t } = useTranslation();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '' });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setDone(false);
    const checked = validate(PasswordChangeSchema, values);
    if (!checked.ok) {
      setFields(translateFields(t, checked.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setFields({});
    setBusy(true);
    try {
      await call(accountApi.changePassword, { body: values });
      setValues({ currentPassword: '', newPassword: '' });
      setDone(true);
    } catch (err) {
      const p = asProblem(err);
      setFields(
        p.code === 'UNAUTHENTICATED'
          ? { currentPassword: t('accounts.currentWrong') }
          : translateFields(t, p.issues),
      );
      setProblem(p.code === 'UNAUTHENTICATED' ? null : p);
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('accounts.passwordHeading')}</h2>
      <p className="muted">{t('accounts.passwordExplain')}</p>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
        {problem ? <ErrorMessage>{problemText(t, problem)}</ErrorMessage> : null}
        {done ? <Notice>{t('accounts.passwordChanged')}</Notice> : null}
        <PasswordField
          purpose="current"
          label={t('accounts.currentPassword')}
          value={values.currentPassword}
          error={fields.currentPassword}
          onChange={(currentPassword) => setValues((v) => ({ ...v, currentPassword }))}
        />
        <PasswordField
          purpose="new"
          label={t('accounts.newPassword')}
          value={values.newPassword}
          error={fields.newPassword}
          onChange={(newPassword) => setValues((v) => ({ ...v, newPassword }))}
        />
        <Button type="submit" variant="primary" busy={busy}>
          {t('accounts.changePassword')}
        </Button>
      </form>
    </section>
  );
}
