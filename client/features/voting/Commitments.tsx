import { useId, useRef, useState, type FormEvent } from 'react';
import { votingCommands, type Commitment, type VoteView } from '../../../shared/protocol/voting.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import { newUuid } from '../../lib/uuid.ts';
import type { VoteRoom } from './useVote.ts';
import { useVotingT, voteProblemText } from './voteText.ts';

type Options = VoteView['options'];

/**
 * "We will…": a commitment against one call to action, with who makes it and by when. The id is
 * made here and kept until the server has it, so pressing again after a dropped signal does not
 * record it twice.
 */
export function CommitmentForm({
  room,
  activityId,
  options,
}: {
  room: VoteRoom;
  activityId: string;
  options: Options;
}) {
  const { t, tc } = useVotingT();
  const formRef = useRef<HTMLFormElement>(null);
  const [id, setId] = useState(newUuid);
  const [optionId, setOptionId] = useState(options[0]?.id ?? '');
  const [text, setText] = useState('');
  const [who, setWho] = useState('');
  const [byWhen, setByWhen] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    setProblem(null);
    const checked = validate(votingCommands['commitment:add'].request, {
      id,
      activityId,
      optionId,
      text,
      who,
      byWhen,
    });
    if (!checked.ok) {
      const translated = translateFields(tc, checked.issues);
      if (checked.issues.text?.code === 'writeCommitment') {
        translated.text = t('errors.writeCommitment');
      }
      setFields(translated);
      focusFirstInvalid(formRef.current);
      return;
    }
    setFields({});
    setBusy(true);
    const result = await room.send('commitment:add', checked.data);
    setBusy(false);
    if (!result.ok) {
      if (result.error.issues) setFields(translateFields(tc, result.error.issues));
      setProblem(result.error);
      return;
    }
    setId(newUuid());
    setText('');
    setByWhen('');
    setSaved(t('commitments.saved'));
  }

  return (
    <form
      className="form panel commitment-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      ref={formRef}
      aria-labelledby="commitment-form-heading"
    >
      <h3 id="commitment-form-heading">{t('commitments.formHeading')}</h3>
      <Field label={t('commitments.option')} error={fields.optionId}>
        {(p) => (
          <select
            {...p}
            className="select"
            value={optionId}
            onChange={(e) => setOptionId(e.currentTarget.value)}
          >
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('commitments.text')} hint={t('commitments.textHint')} error={fields.text}>
        {(p) => (
          <textarea
            dir="auto"
            {...p}
            className="textarea"
            rows={3}
            maxLength={500}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label={t('commitments.who')} error={fields.who}>
        {(p) => (
          <input
            dir="auto"
            {...p}
            className="input"
            maxLength={120}
            autoComplete="organization"
            value={who}
            onChange={(e) => setWho(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field
        label={t('commitments.byWhen')}
        hint={t('commitments.byWhenHint')}
        error={fields.byWhen}
      >
        {(p) => (
          <input
            dir="auto"
            {...p}
            className="input"
            maxLength={60}
            value={byWhen}
            onChange={(e) => setByWhen(e.currentTarget.value)}
          />
        )}
      </Field>
      {problem ? <ErrorMessage>{voteProblemText(t, tc, problem)}</ErrorMessage> : null}
      <Button type="submit" variant="primary" busy={busy}>
        {busy ? t('commitments.saving') : t('commitments.submit')}
      </Button>
      <LiveRegion visible className="saved-status" message={saved} />
    </form>
  );
}

type ListProps = {
  commitments: readonly Commitment[];
  options: Options;
  /** Facilitators may hide a commitment, giving a reason its author will see. */
  onHide?: (commitment: Commitment, reason: string) => Promise<ProblemBody | null>;
  headingLevel?: 2 | 3;
  className?: string;
};

/** Commitments listed under each call to action; hidden ones only where their viewer may see them. */
export function CommitmentList({
  commitments,
  options,
  onHide,
  headingLevel = 3,
  className,
}: ListProps) {
  const { t } = useVotingT();
  const headingId = useId();
  const [hiding, setHiding] = useState<Commitment | null>(null);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const byOption = options
    .map((o) => ({ option: o, items: commitments.filter((c) => c.optionId === o.id) }))
    .filter((g) => g.items.length > 0);
  return (
    <section
      className={['commitments', className ?? ''].join(' ').trim()}
      aria-labelledby={headingId}
      data-testid="commitments"
    >
      <H id={headingId}>{t('commitments.heading')}</H>
      {byOption.length === 0 ? <p className="empty">{t('commitments.none')}</p> : null}
      {byOption.map(({ option, items }) => (
        <div key={option.id} className="commitment-group">
          <Sub className="commitment-call" dir="auto">
            {option.label}
          </Sub>
          <ul className="plain-list commitment-items">
            {items.map((c) => (
              <li
                key={c.id}
                className={c.status === 'hidden' ? 'commitment commitment-hidden' : 'commitment'}
              >
                <p className="commitment-text" dir="auto">
                  {c.text}
                </p>
                <p className="commitment-who">
                  <bdi>{c.who}</bdi>
                  {c.byWhen ? ` · ${t('commitments.byWhenLine', { when: c.byWhen })}` : ''}
                  {c.mine ? (
                    <span className="badge commitment-mine">{t('commitments.yours')}</span>
                  ) : null}
                </p>
                {c.status === 'hidden' ? (
                  <p className="commitment-hidden-reason">
                    {c.mine && !onHide
                      ? t('commitments.hiddenMine', { reason: c.hiddenReason ?? '' })
                      : t('commitments.hidden', { reason: c.hiddenReason ?? '' })}
                  </p>
                ) : onHide ? (
                  <Button
                    variant="danger"
                    aria-label={`${t('commitments.hide')}: ${c.text}`}
                    onClick={() => setHiding(c)}
                  >
                    {t('commitments.hide')}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {onHide ? (
        <HideDialog commitment={hiding} onHide={onHide} onDone={() => setHiding(null)} />
      ) : null}
    </section>
  );
}

function HideDialog({
  commitment,
  onHide,
  onDone,
}: {
  commitment: Commitment | null;
  onHide: NonNullable<ListProps['onHide']>;
  onDone: () => void;
}) {
  const { t, tc } = useVotingT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();

  async function confirm() {
    if (!commitment) return;
    if (reason.trim() === '') {
      setError(t('commitments.reasonRequired'));
      return;
    }
    const problem = await onHide(commitment, reason.trim());
    if (problem) {
      setError(voteProblemText(t, tc, problem));
      return;
    }
    setReason('');
    setError(undefined);
    onDone();
  }

  return (
    <ConfirmDialog
      open={commitment !== null}
      title={t('commitments.hideTitle')}
      confirmLabel={t('commitments.hideConfirm')}
      danger
      onConfirm={() => void confirm()}
      onCancel={() => {
        setError(undefined);
        onDone();
      }}
    >
      {commitment ? (
        <p className="commitment-text" dir="auto">
          {commitment.text}
        </p>
      ) : null}
      <Field label={t('commitments.reason')} hint={t('commitments.reasonHint')} error={error}>
        {(p) => (
          <input
            dir="auto"
            {...p}
            className="input"
            maxLength={200}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        )}
      </Field>
    </ConfirmDialog>
  );
}
