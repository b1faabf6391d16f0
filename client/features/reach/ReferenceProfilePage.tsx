import { reachApi } from '../../../shared/http/reachRoutes.ts';
import { useCall } from '../../lib/useCall.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { equalityQuestions } from '../../../shared/domain/equality.ts';
import type { ReferenceRow } from '../../../shared/protocol/reach.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field, FieldGroup } from '../../components/Field.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid } from '../../lib/forms.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';

import './reach.css';

type Entry = { percent: string; source: string };
const keyOf = (question: string, answer: string) => `${question}/${answer}`;

/** Shares are typed as percentages, the way census tables print them. */
const toPercent = (share: number) => String(Math.round(share * 10000) / 100);

/**
 * /admin/reference-profile: the borough's profile the reach report compares with (REC13),
 * seeded from Census 2021 for Tower Hamlets. An empty figure means "no figure": that answer is
 * then not compared.
 */
export function ReferenceProfilePage() {
  const { t } = useTranslation('reach');
  const { t: ta } = useTranslation('aboutYou');
  const { t: tc } = useTranslation();
  const loaded = useCall(reachApi.profile, {});
  const [entries, setEntries] = useState<Record<string, Entry> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!loaded.data || entries) return;
    setEntries(
      Object.fromEntries(
        loaded.data.rows.map((r) => [
          keyOf(r.question, r.answer),
          { percent: toPercent(r.share), source: r.source },
        ]),
      ),
    );
  }, [loaded.data, entries]);

  const entry = (q: string, a: string): Entry =>
    entries?.[keyOf(q, a)] ?? { percent: '', source: '' };
  const change = (q: string, a: string, patch: Partial<Entry>) =>
    setEntries((all) => ({ ...all, [keyOf(q, a)]: { ...entry(q, a), ...patch } }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setStatus('');
    setProblem(null);
    const rows: ReferenceRow[] = [];
    const keys: string[] = [];
    const local: Record<string, string> = {};
    for (const q of equalityQuestions) {
      for (const o of q.options) {
        const e = entry(q.key, o.key);
        if (e.percent.trim() === '') continue;
        const value = Number(e.percent.replace(',', '.'));
        if (!Number.isFinite(value) || value < 0 || value > 100) {
          local[keyOf(q.key, o.key)] = tc('errors.fields');
          continue;
        }
        keys.push(keyOf(q.key, o.key));
        rows.push({
          question: q.key,
          answer: o.key,
          share: Math.round(value * 100) / 10000,
          source: e.source.trim(),
        });
      }
    }
    setErrors(local);
    if (Object.keys(local).length > 0) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const saved = await call(reachApi.setProfile, { body: { rows } });
      setEntries(
        Object.fromEntries(
          saved.rows.map((r) => [
            keyOf(r.question, r.answer),
            { percent: toPercent(r.share), source: r.source },
          ]),
        ),
      );
      setStatus(t('profile.saved'));
    } catch (err) {
      const p = asProblem(err);
      // "rows.3.share" names the fourth row sent; the form knows which answer that was.
      const fields: Record<string, string> = {};
      for (const [path, message] of Object.entries(translateFields(tc, p.issues))) {
        const index = Number(path.split('.')[1]);
        const key = keys[index];
        if (key) fields[key] = message;
      }
      setErrors(fields);
      setProblem(p);
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <FacilitatorPage title={t('profile.title')}>
      <p className="lead">{t('profile.intro')}</p>
      <p className="muted">{t('profile.empty')}</p>
      {loaded.problem ? <ErrorMessage>{problemText(tc, loaded.problem)}</ErrorMessage> : null}
      {!entries ? (
        loaded.problem ? null : (
          <Loading />
        )
      ) : (
        <form ref={formRef} className="form" noValidate onSubmit={(e) => void save(e)}>
          {problem ? (
            <ErrorMessage>
              <span className="form-problem" tabIndex={-1}>
                {problemMessage(problem)}
              </span>
            </ErrorMessage>
          ) : null}
          {equalityQuestions.map((q) => {
            const sum = q.options.reduce(
              (s, o) => s + (Number(entry(q.key, o.key).percent) || 0),
              0,
            );
            return (
              <FieldGroup
                key={q.key}
                className="profile-question"
                legend={ta(`questions.${q.key}.label`)}
                hint={t('profile.sum', { value: Math.round(sum * 10) / 10 })}
              >
                {q.options.map((o) => {
                  const answer = ta(`answers.${q.key}.${o.key}`);
                  const e = entry(q.key, o.key);
                  return (
                    <div className="profile-row" key={o.key}>
                      <span className="profile-answer">{answer}</span>
                      <Field
                        label={
                          <>
                            <span className="visually-hidden">{answer}, </span>
                            {t('profile.percentLabel')}
                          </>
                        }
                        error={errors[keyOf(q.key, o.key)]}
                      >
                        {(props) => (
                          <input
                            {...props}
                            className="input input-number"
                            inputMode="decimal"
                            value={e.percent}
                            onChange={(ev) =>
                              change(q.key, o.key, { percent: ev.currentTarget.value })
                            }
                          />
                        )}
                      </Field>
                      <Field
                        label={
                          <>
                            <span className="visually-hidden">{answer}, </span>
                            {t('profile.sourceLabel')}
                          </>
                        }
                      >
                        {(props) => (
                          <input
                            {...props}
                            className="input"
                            maxLength={200}
                            value={e.source}
                            onChange={(ev) =>
                              change(q.key, o.key, { source: ev.currentTarget.value })
                            }
                          />
                        )}
                      </Field>
                    </div>
                  );
                })}
              </FieldGroup>
            );
          })}
          <Button type="submit" variant="primary" size="large" busy={busy}>
            {busy ? t('profile.saving') : t('profile.save')}
          </Button>
          <LiveRegion message={status} visible className="saved-status" />
        </form>
      )}
    </FacilitatorPage>
  );

  function problemMessage(problem: ProblemBody) {
    return problem.code === 'BAD_REQUEST' ? t('profile.problems') : problemText(tc, problem);
  }
}
