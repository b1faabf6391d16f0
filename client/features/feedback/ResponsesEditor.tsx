import { urlOf } from '../../../shared/http/route.ts';
import { feedbackApi } from '../../../shared/http/feedbackRoutes.ts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import {
  RESPONSE_EXPLANATION_MAX,
  ResponseInputSchema,
  decisions,
  type Decision,
  type FeedbackResponse,
  type OutcomeItem,
  type PublishResult,
  type ResponsesView,
} from '../../../shared/protocol/feedback.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Field, FieldGroup } from '../../components/Field.tsx';
import { Link } from '../../components/Link.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import type { FieldIssue } from '../../../shared/protocol/fieldIssues.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import { DecisionBadge, decisionIcons, formatDay, formatInstantDay } from './DecisionBadge.tsx';
import './feedback.css';
import { usePublicAddress } from '../../lib/publicAddress.ts';
import { deadline } from '../../lib/byWhen.ts';
import { useCall } from '../../lib/useCall.ts';
import { pages } from '../../lib/routes.ts';

type Props = {
  recordId: string;
  /** After publishing: the record's status is now "feedback given", and its audit log grew. */
  onPublished?: () => void;
};

/** Today in the facilitator's own calendar, as the date input wants it. */
function today(): string {
  const d = new Date();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${m}-${day}`;
}

/**
 * "You said, we did" on a record's page: each outcome item (themes, leading options, café
 * insights, commitments) with what happened to it, and publishing, which makes the answers public
 * and emails the people who asked to be told (REC8, REC11). Facilitators see how many people
 * wait for an email, never who (REC10).
 */
export function ResponsesEditor({ recordId, onPublished }: Props) {
  const { t } = useTranslation('feedback');
  const common = useTranslation();
  const headingId = useId();
  const {
    data: view,
    problem,
    reload,
    setData: setView,
  } = useCall(feedbackApi.responses, { params: { id: recordId } });
  const [announcement, setAnnouncement] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [lastDecidedBy, setLastDecidedBy] = useState('');

  function saved(item: OutcomeItem, response: FeedbackResponse) {
    setView((v) =>
      v
        ? { ...v, items: v.items.map((i) => (i.itemId === item.itemId ? { ...i, response } : i)) }
        : v,
    );
    setLastDecidedBy(response.decidedBy);
    setEditing(null);
    setAnnouncement(t('editor.saved', { label: response.itemLabel }));
  }

  return (
    <section className="feedback-editor" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('editor.title')}</h2>
      <p>{t('editor.intro')}</p>
      <LiveRegion message={announcement} />
      {problem && !view ? (
        <>
          <ErrorMessage>{problemText(common.t, problem)}</ErrorMessage>
          <Button onClick={reload}>{common.t('common.tryAgain')}</Button>
        </>
      ) : null}
      {!view && !problem ? <Loading /> : null}
      {view ? (
        <>
          {view.items.length === 0 ? (
            <p className="empty">{t('editor.noItems')}</p>
          ) : (
            <>
              <p>
                {t('editor.progress', {
                  count: view.items.length,
                  answered: view.items.filter((i) => i.response).length,
                })}
              </p>
              <ul className="plain-list feedback-items">
                {view.items.map((item) => (
                  <ItemCard
                    key={item.itemId}
                    recordId={recordId}
                    item={item}
                    editing={editing === item.itemId}
                    onEdit={() => setEditing(item.itemId)}
                    onCancel={() => setEditing(null)}
                    onSaved={(r) => saved(item, r)}
                    suggestedDecidedBy={lastDecidedBy}
                  />
                ))}
              </ul>
            </>
          )}
          <PublishPanel
            recordId={recordId}
            view={view}
            onPublished={(result) => {
              setAnnouncement(
                result.queued > 0
                  ? t('editor.publishedNow', { count: result.queued })
                  : t('editor.publishedNowNone'),
              );
              reload();
              onPublished?.();
            }}
          />
        </>
      ) : null}
    </section>
  );
}

function ItemCard({
  recordId,
  item,
  editing,
  onEdit,
  onCancel,
  onSaved,
  suggestedDecidedBy,
}: {
  recordId: string;
  item: OutcomeItem;
  editing: boolean;
  onEdit: () => void;
  onCancel: () => void;
  onSaved: (r: FeedbackResponse) => void;
  suggestedDecidedBy: string;
}) {
  const { t, i18n } = useTranslation('feedback');
  const language = i18n.language;
  const toggle = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // When the form closes (saved or cancelled), the keyboard goes back to the button that opened it.
  useEffect(() => {
    if (wasEditing.current && !editing) toggle.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const r = item.response;
  return (
    <li className="panel feedback-item">
      <p className="feedback-item-from">
        <strong>{t(`kinds.${item.itemKind}`)}</strong>
        {item.workshopId
          ? ` · ${t('editor.from', { activity: item.activityTitle, workshop: item.workshopTitle })}`
          : ` · ${t('editor.noLongerInOutcome')}`}
      </p>
      <h3 className="prewrap feedback-item-label" dir="auto">
        {item.label}
      </h3>
      <ItemDetail item={item} />
      {r ? (
        <div className="feedback-item-answer">
          <p>
            <DecisionBadge decision={r.decision} />
          </p>
          {r.explanation ? <p className="prewrap">{r.explanation}</p> : null}
          <p className="muted">
            {t('editor.decidedByLine', {
              who: r.decidedBy,
              date: formatDay(r.decidedOn, language),
            })}
          </p>
        </div>
      ) : (
        <p className="muted">{t('editor.notAnswered')}</p>
      )}
      {editing ? (
        <ResponseForm
          recordId={recordId}
          item={item}
          suggestedDecidedBy={suggestedDecidedBy}
          onCancel={onCancel}
          onSaved={onSaved}
        />
      ) : (
        <Button ref={toggle} onClick={onEdit}>
          {r ? t('editor.change') : t('editor.answer')}
          <span className="visually-hidden">: {item.label}</span>
        </Button>
      )}
    </li>
  );
}

function ItemDetail({ item }: { item: OutcomeItem }) {
  const { t } = useTranslation('feedback');
  let text: string | null = null;
  if (item.itemKind === 'theme' && item.noteCount !== undefined) {
    text = t('editor.notes', { count: item.noteCount });
  } else if (item.itemKind === 'option' && item.rank !== undefined) {
    text = t(item.tied ? 'editor.rankTied' : 'editor.rank', {
      rank: item.rank,
      score: item.score ?? 0,
    });
  } else if (item.itemKind === 'commitment' && item.who) {
    text = item.byWhen
      ? t('editor.whoByWhen', { who: item.who, when: deadline(item.byWhen) })
      : item.who;
  }
  return text ? <p className="muted">{text}</p> : null;
}

type Draft = { decision: Decision | ''; explanation: string; decidedOn: string; decidedBy: string };

function ResponseForm({
  recordId,
  item,
  suggestedDecidedBy,
  onCancel,
  onSaved,
}: {
  recordId: string;
  item: OutcomeItem;
  suggestedDecidedBy: string;
  onCancel: () => void;
  onSaved: (r: FeedbackResponse) => void;
}) {
  const { t } = useTranslation('feedback');
  const common = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const r = item.response;
  const [draft, setDraft] = useState<Draft>({
    decision: r?.decision ?? '',
    explanation: r?.explanation ?? '',
    decidedOn: r?.decidedOn ?? today(),
    decidedBy: r?.decidedBy ?? suggestedDecidedBy,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  const translate = (issues: Record<string, FieldIssue>) => {
    const out = translateFields(common.t, issues);
    if (issues.explanation?.code === 'explanationRequired')
      out.explanation = t('editor.whyRequired');
    if (issues.decision) out.decision = common.t('validation.required');
    return out;
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      itemKind: item.itemKind,
      itemLabel: item.label,
      decision: draft.decision,
      explanation: draft.explanation,
      decidedOn: draft.decidedOn,
      decidedBy: draft.decidedBy,
    };
    const checked = validate(ResponseInputSchema, body);
    if (!checked.ok) {
      setErrors(translate(checked.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setProblem(null);
    setBusy(true);
    try {
      const saved = await call(feedbackApi.setResponse, {
        params: { id: recordId, itemId: item.itemId },
        body: checked.data,
      });
      onSaved(saved);
    } catch (err) {
      const p = asProblem(err);
      setErrors(translate(p.issues ?? {}));
      setProblem(p);
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  }

  const why = draft.decision === 'not_adopted';
  return (
    <form ref={formRef} className="form feedback-form" noValidate onSubmit={(e) => void submit(e)}>
      {problem ? (
        <div className="form-problem" tabIndex={-1}>
          <ErrorMessage>{problemText(common.t, problem)}</ErrorMessage>
        </div>
      ) : null}
      <FieldGroup legend={t('editor.decision')} error={errors.decision}>
        <div className="choices">
          {decisions.map((d, i) => (
            <label key={d} className="choice choice-card">
              <input
                ref={i === 0 ? firstRef : undefined}
                type="radio"
                name={`decision-${item.itemId}`}
                value={d}
                checked={draft.decision === d}
                onChange={() => setDraft({ ...draft, decision: d })}
              />
              <span>
                <span aria-hidden="true">{decisionIcons[d]} </span>
                {t(`decisions.${d}`)}
              </span>
            </label>
          ))}
        </div>
      </FieldGroup>
      <Field
        label={why ? t('editor.explanationRequired') : t('editor.explanation')}
        hint={t('editor.explanationHint')}
        error={errors.explanation}
      >
        {(p) => (
          <textarea
            dir="auto"
            {...p}
            className="textarea"
            rows={4}
            maxLength={RESPONSE_EXPLANATION_MAX}
            required={why}
            value={draft.explanation}
            onChange={(e) => setDraft({ ...draft, explanation: e.currentTarget.value })}
          />
        )}
      </Field>
      <Field label={t('editor.decidedOn')} error={errors.decidedOn}>
        {(p) => (
          <input
            {...p}
            className="input input-date"
            type="date"
            required
            value={draft.decidedOn}
            onChange={(e) => setDraft({ ...draft, decidedOn: e.currentTarget.value })}
          />
        )}
      </Field>
      <Field
        label={t('editor.decidedBy')}
        hint={t('editor.decidedByHint')}
        error={errors.decidedBy}
      >
        {(p) => (
          <input
            dir="auto"
            {...p}
            className="input"
            type="text"
            required
            maxLength={200}
            autoComplete="organization"
            value={draft.decidedBy}
            onChange={(e) => setDraft({ ...draft, decidedBy: e.currentTarget.value })}
          />
        )}
      </Field>
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? t('editor.saving') : t('editor.save')}
        </Button>
        <Button onClick={onCancel}>{common.t('common.cancel')}</Button>
      </div>
    </form>
  );
}

function PublishPanel({
  recordId,
  view,
  onPublished,
}: {
  recordId: string;
  view: ResponsesView;
  onPublished: (r: PublishResult) => void;
}) {
  const { t, i18n } = useTranslation('feedback');
  const common = useTranslation();
  const headingId = useId();
  const language = i18n.language;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const publicAddress = usePublicAddress();
  const path = pages.feedback(view.publicId);
  const answered = view.items.some((i) => i.response);
  const { pending, sent, failed } = view.outbox;

  async function publish() {
    setConfirming(false);
    setBusy(true);
    setProblem(null);
    try {
      onPublished(await call(feedbackApi.publish, { params: { id: recordId } }));
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel feedback-publish" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('editor.publishTitle')}</h3>
      <p>
        {view.feedbackPublishedAt
          ? t('editor.published', { date: formatInstantDay(view.feedbackPublishedAt, language) })
          : t('editor.notPublished')}
      </p>
      <p>
        {view.contactsWaiting > 0
          ? t('editor.contacts', { count: view.contactsWaiting })
          : t('editor.contactsNone')}
      </p>
      {pending + sent + failed > 0 ? <p>{t('editor.outbox', { sent, pending, failed })}</p> : null}
      {!view.mailConfigured ? <Notice>{t('editor.mailOff')}</Notice> : null}
      {problem ? (
        <ErrorMessage>
          {problemText(common.t, problem, { CONFLICT: t('editor.needAnswer') })}
        </ErrorMessage>
      ) : null}
      {!answered ? <p className="muted">{t('editor.needAnswer')}</p> : null}
      <div className="actions">
        <Button
          variant="primary"
          busy={busy}
          disabled={!answered}
          onClick={() => setConfirming(true)}
        >
          {busy
            ? t('editor.publishing')
            : view.feedbackPublishedAt
              ? t('editor.publishAgain')
              : t('editor.publish')}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('editor.confirmTitle')}
        confirmLabel={t('editor.confirm')}
        onConfirm={() => void publish()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {view.contactsWaiting > 0
            ? t('editor.confirmBody', { count: view.contactsWaiting })
            : t('editor.confirmNoEmail')}
        </p>
      </ConfirmDialog>
      <div className="feedback-share">
        <img
          className="qr"
          src={urlOf(feedbackApi.publicQr, { publicId: view.publicId })}
          alt={t('editor.qrAlt')}
          width={200}
          height={200}
        />
        <div className="feedback-share-text">
          <CopyField label={t('editor.publicLink')} value={`${publicAddress.url}${path}`} />
          <p>
            <Link to={path}>{t('editor.openPublic')}</Link>
          </p>
        </div>
      </div>
    </section>
  );
}
