import type { FieldIssue } from '../../../shared/protocol/fieldIssues.ts';
import { recordApi } from '../../../shared/http/recordRoutes.ts';
import { useCall } from '../../lib/useCall.ts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  RECORD_TAGS_MAX,
  RecordInputSchema,
  engagementLevels,
  recordStatuses,
  type EngagementLevel,
  type EngagementRecord,
  type RecordStatus,
} from '../../../shared/domain/records.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field, FieldGroup } from '../../components/Field.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import { navigate } from '../../lib/router.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';
import { distinctValues, splitTags, useRecordsT } from './useRecords.ts';
import './records.css';
import { pages } from '../../lib/routes.ts';

/** The form as typed: every field a string until it is sent. */
type Draft = {
  title: string;
  service: string;
  tags: string;
  area: string;
  level: EngagementLevel;
  canInfluence: string;
  cannotInfluence: string;
  startsOn: string;
  endsOn: string;
  status: RecordStatus;
  location: string;
  summary: string;
  retentionMonths: string;
};

const emptyDraft = (): Draft => ({
  title: '',
  service: '',
  tags: '',
  area: 'Borough-wide',
  level: 'consult',
  canInfluence: '',
  cannotInfluence: '',
  startsOn: '',
  endsOn: '',
  status: 'planned',
  location: '',
  summary: '',
  retentionMonths: '',
});

function toDraft(r: EngagementRecord): Draft {
  return {
    title: r.title,
    service: r.service,
    tags: r.tags.join(', '),
    area: r.area,
    level: r.level,
    canInfluence: r.canInfluence,
    cannotInfluence: r.cannotInfluence,
    startsOn: r.startsOn ?? '',
    endsOn: r.endsOn ?? '',
    status: r.status,
    location: r.location,
    summary: r.summary,
    retentionMonths: r.retentionMonths === null ? '' : String(r.retentionMonths),
  };
}

function toInput(d: Draft) {
  const months = d.retentionMonths.trim();
  return {
    title: d.title,
    service: d.service,
    tags: splitTags(d.tags),
    area: d.area,
    level: d.level,
    canInfluence: d.canInfluence,
    cannotInfluence: d.cannotInfluence,
    startsOn: d.startsOn || null,
    endsOn: d.endsOn || null,
    status: d.status,
    location: d.location,
    summary: d.summary,
    retentionMonths: months === '' ? null : Number(months),
  };
}

/** "tags.3" is about the topics line; the form has one field for all of them. */
function fieldOf(key: string): string {
  return key.split('.')[0] ?? key;
}

const order: (keyof Draft)[] = [
  'title',
  'service',
  'level',
  'area',
  'tags',
  'startsOn',
  'endsOn',
  'location',
  'status',
  'summary',
  'canInfluence',
  'cannotInfluence',
  'retentionMonths',
];

/** Creates an engagement record, or edits one (REC1). */
export function RecordForm({ recordId }: { recordId?: string }) {
  const { t, tc, language } = useRecordsT();
  const editing = recordId !== undefined;
  const loaded = useCall(recordApi.get, recordId ? { params: { id: recordId } } : null);
  const others = useCall(recordApi.list, {});
  const [draft, setDraft] = useState<Draft | null>(editing ? null : emptyDraft());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const servicesId = useId();
  const areasId = useId();

  const record = loaded.data;
  useEffect(() => {
    if (record) setDraft((d) => d ?? toDraft(record));
  }, [record]);

  const title = editing ? t('form.editTitle') : t('form.newTitle');
  const back = recordId ? pages.record(recordId) : pages.records();

  if (loaded.problem) {
    return (
      <FacilitatorPage title={title}>
        <ErrorMessage>
          {problemText(tc, loaded.problem, { NOT_FOUND: t('record.notFound') })}
        </ErrorMessage>
        <Link to={pages.records()}>{t('nav.backToRecords')}</Link>
      </FacilitatorPage>
    );
  }
  if (!draft) {
    return (
      <FacilitatorPage title={title}>
        <Loading />
      </FacilitatorPage>
    );
  }

  const set = (value: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...value } : d));

  function fail(issues: Record<string, FieldIssue>, p: ProblemBody | null) {
    const out: Record<string, string> = {};
    for (const [key, message] of Object.entries(translateFields(tc, issues))) {
      out[fieldOf(key)] ??= message;
    }
    setErrors(out);
    setProblem(p ?? { code: 'BAD_REQUEST', message: '', issues });
    focusFirstInvalid(formRef.current);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setProblem(null);
    const input = toInput(draft);
    const checked = validate(RecordInputSchema, input);
    if (!checked.ok) {
      fail(checked.issues, null);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = recordId
        ? await call(recordApi.update, { params: { id: recordId }, body: input })
        : await call(recordApi.create, { body: input });
      navigate(pages.record(saved.id));
    } catch (err) {
      const p = asProblem(err);
      fail(p.issues ?? {}, p);
      setBusy(false);
    }
  }

  const all = others.data?.records ?? [];
  const summary = order.filter((k) => errors[k]).map((k) => [k, errors[k]!] as const);
  const unplaced = Object.entries(errors).filter(([k]) => !(order as string[]).includes(k));

  return (
    <FacilitatorPage title={title}>
      <form ref={formRef} onSubmit={(e) => void save(e)} noValidate className="form record-form">
        {problem ? (
          <div className="form-problem" tabIndex={-1}>
            <ErrorMessage>
              <p>{problemText(tc, problem)}</p>
              {summary.length + unplaced.length > 0 ? (
                <ul>
                  {[...summary, ...unplaced].map(([key, message]) => (
                    <li key={key}>
                      {t(`fields.${key}`, { defaultValue: key })}: {message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </ErrorMessage>
          </div>
        ) : null}

        <section className="panel" aria-labelledby="what-heading">
          <h2 id="what-heading">{t('form.what')}</h2>
          <Field label={t('fields.title')} error={errors.title}>
            {(p) => (
              <input
                dir="auto"
                {...p}
                className="input"
                maxLength={200}
                value={draft.title}
                onChange={(e) => set({ title: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label={t('fields.service')} hint={t('form.serviceHint')} error={errors.service}>
            {(p) => (
              <input
                dir="auto"
                {...p}
                className="input"
                maxLength={120}
                list={servicesId}
                value={draft.service}
                onChange={(e) => set({ service: e.currentTarget.value })}
              />
            )}
          </Field>
          <datalist id={servicesId}>
            {distinctValues(
              all.map((r) => r.service),
              language,
            ).map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          <FieldGroup legend={t('fields.level')} hint={t('form.levelHint')} error={errors.level}>
            <div className="choices">
              {engagementLevels.map((level) => (
                <label key={level} className="choice choice-card">
                  <input
                    type="radio"
                    name="level"
                    value={level}
                    checked={draft.level === level}
                    onChange={() => set({ level })}
                  />
                  <span>
                    <span className="record-choice-name">{t(`levels.${level}`)}</span>
                    <span className="field-hint record-choice-hint">
                      {t(`levelHints.${level}`)}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          </FieldGroup>
          <Field label={t('fields.area')} hint={t('form.areaHint')} error={errors.area}>
            {(p) => (
              <input
                dir="auto"
                {...p}
                className="input"
                maxLength={80}
                list={areasId}
                value={draft.area}
                onChange={(e) => set({ area: e.currentTarget.value })}
              />
            )}
          </Field>
          <datalist id={areasId}>
            {distinctValues(['Borough-wide', ...all.map((r) => r.area)], language).map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          <Field
            label={t('fields.tags')}
            hint={t('form.tagsHint', { count: RECORD_TAGS_MAX })}
            error={errors.tags}
          >
            {(p) => (
              <input
                dir="auto"
                {...p}
                className="input"
                value={draft.tags}
                onChange={(e) => set({ tags: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label={t('fields.summary')} hint={t('form.summaryHint')} error={errors.summary}>
            {(p) => (
              <textarea
                dir="auto"
                {...p}
                className="textarea"
                rows={4}
                maxLength={4000}
                value={draft.summary}
                onChange={(e) => set({ summary: e.currentTarget.value })}
              />
            )}
          </Field>
        </section>

        <section className="panel" aria-labelledby="when-heading">
          <h2 id="when-heading">{t('form.when')}</h2>
          <div className="record-form-row">
            <Field label={t('fields.startsOn')} error={errors.startsOn}>
              {(p) => (
                <input
                  {...p}
                  type="date"
                  className="input input-date"
                  value={draft.startsOn}
                  onChange={(e) => set({ startsOn: e.currentTarget.value })}
                />
              )}
            </Field>
            <Field label={t('fields.endsOn')} hint={t('form.endsOnHint')} error={errors.endsOn}>
              {(p) => (
                <input
                  {...p}
                  type="date"
                  className="input input-date"
                  value={draft.endsOn}
                  onChange={(e) => set({ endsOn: e.currentTarget.value })}
                />
              )}
            </Field>
          </div>
          <Field label={t('fields.location')} hint={t('form.locationHint')} error={errors.location}>
            {(p) => (
              <input
                dir="auto"
                {...p}
                className="input"
                maxLength={200}
                value={draft.location}
                onChange={(e) => set({ location: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label={t('fields.status')} error={errors.status}>
            {(p) => (
              <select
                {...p}
                className="select"
                value={draft.status}
                onChange={(e) => set({ status: e.currentTarget.value as RecordStatus })}
              >
                {recordStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`statuses.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>

        <section className="panel" aria-labelledby="influence-heading">
          <h2 id="influence-heading">{t('form.influence')}</h2>
          <p className="muted">{t('form.influenceHint')}</p>
          <Field label={t('fields.canInfluence')} error={errors.canInfluence}>
            {(p) => (
              <textarea
                dir="auto"
                {...p}
                className="textarea"
                rows={4}
                maxLength={2000}
                value={draft.canInfluence}
                onChange={(e) => set({ canInfluence: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label={t('fields.cannotInfluence')} error={errors.cannotInfluence}>
            {(p) => (
              <textarea
                dir="auto"
                {...p}
                className="textarea"
                rows={4}
                maxLength={2000}
                value={draft.cannotInfluence}
                onChange={(e) => set({ cannotInfluence: e.currentTarget.value })}
              />
            )}
          </Field>
        </section>

        <section className="panel" aria-labelledby="data-heading">
          <h2 id="data-heading">{t('form.data')}</h2>
          <Field
            label={t('fields.retentionMonths')}
            hint={t('form.retentionHint')}
            error={errors.retentionMonths}
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={1}
                max={120}
                className="input input-number"
                value={draft.retentionMonths}
                onChange={(e) => set({ retentionMonths: e.currentTarget.value })}
              />
            )}
          </Field>
        </section>

        <div className="actions form-footer">
          <Button type="submit" variant="primary" busy={busy}>
            {editing ? t('form.save') : t('form.create')}
          </Button>
          <Link to={back} className="btn btn-secondary">
            {tc('common.cancel')}
          </Link>
        </div>
      </form>
    </FacilitatorPage>
  );
}
