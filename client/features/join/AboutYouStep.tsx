import { aboutYouRoute } from '../../../shared/http/participantRoutes.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import {
  PREFER_NOT,
  equalityShape,
  type EthnicHeading,
  type QuestionKey,
  type QuestionShape,
} from '../../../shared/domain/equalityKeys.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';
import { Page } from '../../components/Page.tsx';
import { asProblem, call, type ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import '../reach/reach.css';

type Props = {
  token: string;
  step: number;
  steps: number;
  /** Shown at the top: the thank-you of the step before. */
  notice?: string | null;
  onDone: () => void;
};

/**
 * "About you (optional)": the council's equality questions (REC12). Every question starts
 * unanswered and has "Prefer not to say"; the whole step is skipped with one tap. A native
 * select keeps nine questions short on a small phone and opens the phone's own picker.
 */
export function AboutYouStep({ token, step, steps, notice, onDone }: Props) {
  const { t } = useTranslation('aboutYou');
  const { t: tc } = useTranslation();
  const [answers, setAnswers] = useState<Partial<Record<QuestionKey, string>>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [noneChosen, setNoneChosen] = useState(false);
  const [finished, setFinished] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The join button that led here was low on the page; the step starts at its top, with Skip.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, []);
  const problemRef = useRef<HTMLDivElement>(null);

  const chosen = Object.fromEntries(Object.entries(answers).filter(([, v]) => v));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setNoneChosen(Object.keys(chosen).length === 0);
    if (Object.keys(chosen).length === 0) {
      requestAnimationFrame(() =>
        problemRef.current?.querySelector<HTMLElement>('.form-problem')?.focus(),
      );
      return;
    }
    setBusy(true);
    try {
      await call(aboutYouRoute, { token, body: chosen });
      onDone();
    } catch (err) {
      const p = asProblem(err);
      setBusy(false);
      // Sent before (a retry after a lost answer, or a second visit): nothing more to do.
      if (p.code === 'CONFLICT') setFinished(t('aboutYou.already'));
      else if (p.code === 'WORKSHOP_CLOSED') setFinished(t('aboutYou.closed'));
      else setProblem(p);
    }
  }

  if (finished) {
    return (
      <Page title={t('aboutYou.title')} variant="narrow">
        <Notice>{finished}</Notice>
        <Button variant="primary" size="large" onClick={onDone}>
          {t('aboutYou.continue')}
        </Button>
      </Page>
    );
  }

  return (
    <Page title={t('aboutYou.title')} variant="narrow">
      <div className="step-bar">
        <p className="muted step-progress">{t('steps.progress', { n: step, total: steps })}</p>
        <Button variant="link" className="step-skip" onClick={onDone}>
          {t('steps.skip')}
        </Button>
      </div>
      {notice ? (
        <p className="saved-status" role="status">
          <span aria-hidden="true">✓ </span>
          {notice}
        </p>
      ) : null}
      <p className="lead">{t('aboutYou.intro')}</p>
      <p className="muted privacy">{t('aboutYou.privacy')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="form about-you">
        <div ref={problemRef}>
          {problem || noneChosen ? (
            <ErrorMessage>
              <span className="form-problem" tabIndex={-1}>
                {problem ? problemText(tc, problem) : t('aboutYou.noneChosen')}
              </span>
            </ErrorMessage>
          ) : null}
        </div>
        {equalityShape.map((q) => (
          <Field key={q.key} label={t(`questions.${q.key}.question`)}>
            {(p) => (
              <select
                {...p}
                className="select"
                value={answers[q.key] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setAnswers((a) => ({ ...a, [q.key]: value }));
                }}
              >
                <option value="">{t('aboutYou.choose')}</option>
                <AnswerOptions question={q} />
                <option value={PREFER_NOT}>{t('preferNot')}</option>
              </select>
            )}
          </Field>
        ))}
        <div className="step-actions">
          <Button type="submit" variant="primary" size="large" busy={busy}>
            {busy ? t('aboutYou.sending') : t('aboutYou.send')}
          </Button>
          <Button size="large" onClick={onDone}>
            {t('steps.skip')}
          </Button>
        </div>
      </form>
    </Page>
  );
}

/** The answers, under the census's broad headings where the question has them. */
function AnswerOptions({ question }: { question: QuestionShape }) {
  const { t } = useTranslation('aboutYou');
  const option = (key: string) => (
    <option key={key} value={key}>
      {t(`answers.${question.key}.${key}`)}
    </option>
  );
  const headings = [
    ...new Set(question.options.map((o) => o.heading).filter((h): h is EthnicHeading => !!h)),
  ];
  if (headings.length === 0) return <>{question.options.map((o) => option(o.key))}</>;
  return (
    <>
      {headings.map((h) => (
        <optgroup key={h} label={t(`headings.${h}`)}>
          {question.options.filter((o) => o.heading === h).map((o) => option(o.key))}
        </optgroup>
      ))}
    </>
  );
}
