import type { FieldIssue } from '../../../shared/protocol/fieldIssues.ts';
import { workshopApi } from '../../../shared/http/workshopRoutes.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { languages, type Language } from '../../../shared/domain/languages.ts';
import { limits } from '../../../shared/domain/limits.ts';
import {
  CreateWorkshopSchema,
  ReplaceAgendaSchema,
  UpdateWorkshopSchema,
} from '../../../shared/domain/workshop.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';
import { Link } from '../../components/Link.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import { navigate } from '../../lib/router.ts';
import { useCall } from '../../lib/useCall.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';
import { AgendaEditor } from './AgendaEditor.tsx';
import {
  draftToActivityInput,
  draftToGroups,
  draftToTranslations,
  emptyDraft,
  facilitatorTexts,
  normalizeErrorKeys,
  unplacedErrors,
  workshopToDraft,
  type WorkshopDraft,
} from './draft.ts';
import { GroupsEditor } from './GroupsEditor.tsx';
import { TranslationsEditor } from './TranslationsEditor.tsx';
import { pages } from '../../lib/routes.ts';

type Props = { workshopId?: string };

/** Creates a workshop, or edits one: its details, the groups people join as, and the agenda. */
export function WorkshopEditPage({ workshopId }: Props) {
  const { t } = useTranslation();
  const editing = workshopId !== undefined;
  const [draft, setDraft] = useState<WorkshopDraft | null>(editing ? null : emptyDraft());
  const loaded = useCall(workshopApi.get, workshopId ? { params: { id: workshopId } } : null);
  const loadProblem = loaded.problem;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [currentActivityId, setCurrentActivityId] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const workshop = loaded.data;
  useEffect(() => {
    if (!workshop) return;
    setDraft(workshopToDraft(workshop));
    setCurrentActivityId(workshop.currentActivityId);
  }, [workshop]);

  const title = editing ? t('editor.editTitle') : t('editor.newTitle');

  if (loadProblem) {
    return (
      <FacilitatorPage title={title}>
        <ErrorMessage>
          {problemText(t, loadProblem, { NOT_FOUND: t('console.notFound') })}
        </ErrorMessage>
        <Link to={pages.workshops()}>{t('nav.backToWorkshops')}</Link>
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

  const set = (value: Partial<WorkshopDraft>) => setDraft((d) => (d ? { ...d, ...value } : d));

  function fail(issues: Record<string, FieldIssue>, p: ProblemBody | null) {
    setErrors(normalizeErrorKeys(translateFields(t, issues)));
    setProblem(p ?? { code: 'BAD_REQUEST', message: '', issues });
    focusFirstInvalid(formRef.current);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setProblem(null);
    const details = {
      title: draft.title,
      purpose: draft.purpose,
      startsAt: draft.startsAt === '' ? null : draft.startsAt,
      groups: draftToGroups(draft.groups),
      language: draft.language,
    };
    const activities = draft.agenda.map(draftToActivityInput);

    // Check everything before sending anything, so a half-saved edit is rare.
    const checks = editing
      ? [
          validate(UpdateWorkshopSchema, { ...details, translations: draftToTranslations(draft) }),
          validate(ReplaceAgendaSchema, { activities }),
        ]
      : [validate(CreateWorkshopSchema, { ...details, agenda: activities })];
    const issues = Object.assign({}, ...checks.map((c) => (c.ok ? {} : c.issues))) as Record<
      string,
      FieldIssue
    >;
    if (Object.keys(issues).length > 0) {
      fail(issues, null);
      return;
    }

    setErrors({});
    setBusy(true);
    try {
      if (workshopId) {
        await call(workshopApi.update, {
          params: { id: workshopId },
          body: { ...details, translations: draftToTranslations(draft) },
        });
        await call(workshopApi.replaceAgenda, { params: { id: workshopId }, body: { activities } });
        navigate(pages.workshopConsole(workshopId));
      } else {
        const created = await call(workshopApi.create, {
          body: { ...details, agenda: activities },
        });
        navigate(pages.workshopConsole(created.id));
      }
    } catch (err) {
      const p = asProblem(err);
      fail(p.issues ?? {}, p);
      setBusy(false);
    }
  }

  const summary = unplacedErrors(errors);
  const describeKey = (key: string) => {
    const item = /^agenda\.(\d+)/.exec(key);
    if (item) return t('agenda.itemLegend', { n: Number(item[1]) + 1 });
    if (key.startsWith('groups')) return t('groupsEditor.legend');
    if (key.startsWith('translations')) return t('translationsEditor.heading');
    return key === '_' ? t('editor.details') : key;
  };

  return (
    <FacilitatorPage title={title} variant="wide">
      <LiveRegion message={announcement} />
      <form ref={formRef} onSubmit={(e) => void save(e)} noValidate className="form editor-form">
        {problem ? (
          <div className="form-problem" tabIndex={-1}>
            <ErrorMessage>
              <p>
                {/* The only conflict here: the room is on an activity this edit removes. */}
                {problemText(t, problem, { CONFLICT: t('agenda.currentConflict') })}
              </p>
              {summary.length > 0 ? (
                <ul>
                  {summary.map(([key, message]) => (
                    <li key={key}>
                      {describeKey(key)}: {message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </ErrorMessage>
          </div>
        ) : null}

        <section className="panel" aria-labelledby="details-heading">
          <h2 id="details-heading">{t('editor.details')}</h2>
          <Field label={t('editor.title')} error={errors.title}>
            {(p) => (
              <input
                dir="auto"
                {...p}
                className="input"
                maxLength={limits.workshopTitleMax}
                value={draft.title}
                onChange={(e) => set({ title: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label={t('editor.purpose')} hint={t('editor.purposeHint')} error={errors.purpose}>
            {(p) => (
              <textarea
                dir="auto"
                {...p}
                className="textarea"
                rows={4}
                maxLength={limits.workshopPurposeMax}
                value={draft.purpose}
                onChange={(e) => set({ purpose: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field
            label={t('editor.startsAt')}
            hint={t('editor.startsAtHint')}
            error={errors.startsAt}
          >
            {(p) => (
              <input
                {...p}
                className="input input-datetime"
                type="datetime-local"
                value={draft.startsAt}
                onChange={(e) => set({ startsAt: e.currentTarget.value.slice(0, 16) })}
              />
            )}
          </Field>
          <Field label={t('editor.language')} hint={t('editor.languageHint')}>
            {(p) => (
              <select
                {...p}
                className="select"
                value={draft.language}
                onChange={(e) => set({ language: e.currentTarget.value as Language })}
              >
                {languages.map((l) => (
                  <option key={l.code} value={l.code} lang={l.code}>
                    {l.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <GroupsEditor
            groups={draft.groups}
            onChange={(groups) => set({ groups })}
            errors={errors}
            announce={setAnnouncement}
          />
        </section>

        <AgendaEditor
          agenda={draft.agenda}
          onChange={(agenda) => set({ agenda })}
          errors={errors}
          announce={setAnnouncement}
          currentActivityId={currentActivityId}
        />

        {editing ? (
          <TranslationsEditor
            language={draft.language}
            texts={facilitatorTexts(draft)}
            translations={draft.translations}
            onChange={(translations) => set({ translations })}
            errors={errors}
          />
        ) : null}

        <div className="actions form-footer">
          <Button type="submit" variant="primary" busy={busy}>
            {editing ? t('editor.save') : t('editor.create')}
          </Button>
          <Link
            to={workshopId ? pages.workshopConsole(workshopId) : pages.workshops()}
            className="btn btn-secondary"
          >
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </FacilitatorPage>
  );
}
