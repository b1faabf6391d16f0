import { feedbackContactRoute } from '../../../shared/http/participantRoutes.ts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { limits } from '../../../shared/domain/limits.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';
import { Page } from '../../components/Page.tsx';
import { asProblem, call, type ProblemBody } from '../../lib/api.ts';
import { issueText, problemText } from '../../lib/errors.ts';
import { focusFirstInvalid } from '../../lib/forms.ts';
import '../reach/reach.css';

type Props = {
  token: string;
  step: number;
  steps: number;
  /** `saved` when an address was left, so the next step can say thank you. */
  onDone: (saved: boolean) => void;
};

/**
 * The first optional step after joining: "Would you like to hear what happened?" An address and
 * a ticked consent sentence, or one tap on "No thanks" (REC10). The address goes to its own
 * endpoint, kept apart from anything the person writes or votes.
 */
export function ContactStep({ token, step, steps, onDone }: Props) {
  const { t } = useTranslation('aboutYou');
  const { t: tf } = useTranslation('feedback');
  const { t: tc } = useTranslation();
  const [email, setEmail] = useState('');
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<{ email?: string; consent?: string }>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  // The join button that led here was low on the page; the step starts at its top, with Skip.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, []);
  const formRef = useRef<HTMLFormElement>(null);
  const consentId = useId();
  const consentError = `${consentId}-error`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const next: typeof errors = {};
    if (email.trim() === '') next.email = t('contact.emailRequired');
    else if (!consent) next.consent = tf('contact.notAgreed');
    setErrors(next);
    if (next.email || next.consent) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await call(feedbackContactRoute, { token, body: { email: email.trim(), consent: true } });
      onDone(true);
    } catch (err) {
      const p = asProblem(err);
      if (p.issues?.email) setErrors({ email: issueText(tc, p.issues.email) });
      setProblem(p);
      setBusy(false);
    }
  }

  return (
    <Page title={t('contact.title')} variant="narrow">
      <div className="step-bar">
        <p className="muted step-progress">{t('steps.progress', { n: step, total: steps })}</p>
        <Button variant="link" className="step-skip" onClick={() => onDone(false)}>
          {t('steps.skip')}
        </Button>
      </div>
      <p className="lead">{t('contact.intro')}</p>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
        {problem ? (
          <ErrorMessage>
            <span className="form-problem" tabIndex={-1}>
              {problemText(tc, problem, { CONFLICT: tf('contact.full') })}
            </span>
          </ErrorMessage>
        ) : null}
        <Field label={tf('contact.email')} hint={tf('contact.emailHint')} error={errors.email}>
          {(p) => (
            <input
              {...p}
              className="input"
              type="email"
              inputMode="email"
              autoComplete="email"
              maxLength={limits.emailMax}
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
          )}
        </Field>
        <div className={errors.consent ? 'field field-invalid' : 'field'}>
          {errors.consent ? (
            <p id={consentError} className="field-error">
              <span aria-hidden="true">⚠ </span>
              {errors.consent}
            </p>
          ) : null}
          <label className="choice consent-choice" htmlFor={consentId}>
            <input
              id={consentId}
              type="checkbox"
              checked={consent}
              aria-invalid={errors.consent ? true : undefined}
              aria-describedby={errors.consent ? consentError : undefined}
              onChange={(e) => setConsent(e.currentTarget.checked)}
            />
            <span>{tf('consent')}</span>
          </label>
          <p className="field-hint">{tf('consentMore')}</p>
        </div>
        <div className="step-actions">
          <Button type="submit" variant="primary" size="large" busy={busy}>
            {busy ? tf('contact.saving') : tf('contact.save')}
          </Button>
          <Button size="large" onClick={() => onDone(false)}>
            {t('contact.noThanks')}
          </Button>
        </div>
      </form>
    </Page>
  );
}
