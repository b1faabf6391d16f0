import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HIDE_REASON_MAX, HideReasonSchema } from '../../../shared/domain/board.ts';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';
import { translateMessage } from '../../lib/errors.ts';

type Props = {
  /** The note being hidden, or null when the dialog is closed. */
  noteText: string | null;
  onHide: (reason: string) => void;
  onCancel: () => void;
};

/**
 * Asks why a note is hidden before hiding it: the author is told the reason, and it goes into
 * the moderation log. A browser <dialog>, so focus is trapped and Escape cancels.
 */
export function HideDialog({ noteText, onHide, onCancel }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const open = noteText !== null;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setReason('');
      setError(undefined);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = HideReasonSchema.safeParse(reason);
    if (!parsed.success) {
      setError(translateMessage(t, parsed.error.issues[0]?.message ?? 'Required'));
      return;
    }
    onHide(parsed.data);
  }

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onClose={() => {
        if (open) onCancel();
      }}
    >
      <h2 id={titleId}>{t('boardConsole.hideTitle')}</h2>
      {noteText ? <p className="note-quote">{noteText}</p> : null}
      <form onSubmit={submit} noValidate className="form">
        <Field
          label={t('boardConsole.hideReason')}
          hint={t('boardConsole.hideReasonHint')}
          error={error}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              value={reason}
              maxLength={HIDE_REASON_MAX}
              autoFocus
              onChange={(e) => {
                setReason(e.currentTarget.value);
                if (error) setError(undefined);
              }}
            />
          )}
        </Field>
        <div className="actions">
          <Button type="submit" variant="danger">
            {t('boardConsole.hideConfirm')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </div>
      </form>
    </dialog>
  );
}
