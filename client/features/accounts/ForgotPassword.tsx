import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { accountApi } from '../../../shared/http/accountRoutes.ts';
import { ForgotPasswordSchema } from '../../../shared/protocol/accounts.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { EmailField } from '../auth/CredentialFields.tsx';
import { asProblem, call, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { validate } from '../../lib/forms.ts';

/**
 * "Forgotten your password?" when the server can send e-mail (AUTH9): a link goes to the
 * address if it has an account. The page says the same either way.
 */
export function ForgotPassword({ initialEmail }: { initialEmail: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState(initialEmail);
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const checked = validate(ForgotPasswordSchema, { email });
    if (!checked.ok) {
      setError(translateFields(t, checked.issues).email);
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await call(accountApi.forgot, { body: { email } });
      setSentTo(checked.data.email);
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <p>
        <Button
          variant="link"
          onClick={() => {
            setEmail((e) => e || initialEmail);
            setOpen(true);
          }}
        >
          {t('login.forgotOpen')}
        </Button>
      </p>
    );
  }
  return (
    <section className="panel" aria-labelledby="forgot-heading">
      <h2 id="forgot-heading">{t('login.forgotHeading')}</h2>
      {sentTo ? (
        <Notice>{t('login.forgotSent', { email: sentTo })}</Notice>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate className="form">
          {problem ? <ErrorMessage>{problemText(t, problem)}</ErrorMessage> : null}
          <EmailField autoComplete="username" value={email} error={error} onChange={setEmail} />
          <Button type="submit" busy={busy}>
            {t('login.forgotSubmit')}
          </Button>
        </form>
      )}
    </section>
  );
}
