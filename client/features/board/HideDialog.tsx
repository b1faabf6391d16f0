import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { HIDE_REASON_MAX, HideReasonSchema } from '../../../shared/domain/board.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { firstIssueText } from '../../lib/errors.ts';

type Props = {
  /** The note being hidden, or null when the dialog is closed. */
  noteText: string | null;
  onHide: (reason: string) => void;
  onCancel: () => void;
};

/**
 * Asks why a note is hidden before hiding it: the author is told the reason, and it goes into
 * the moderation log.
 */
export function HideDialog({ noteText, onHide, onCancel }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = HideReasonSchema.safeParse(reason);
    if (!parsed.success) {
      setError(firstIssueText(t, parsed.error));
      return;
    }
    onHide(parsed.data);
  }

  return (
    <Dialog
      open={noteText !== null}
      title={t('boardConsole.hideTitle')}
      onClose={onCancel}
      onOpen={() => {
        setReason('');
        setError(undefined);
      }}
    >
      {noteText ? <p className="note-quote">{noteText}</p> : null}
      <form onSubmit={submit} noValidate className="form">
        <Field
          label={t('boardConsole.hideReason')}
          hint={t('boardConsole.hideReasonHint')}
          error={error}
        >
          {(control) => (
            <input
              dir="auto"
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
    </Dialog>
  );
}
