import { useTranslation } from '../../i18n/useTranslation.ts';
import { Button } from '../../components/Button.tsx';
import { noteProblemText } from './boardText.ts';
import type { QueuedNote } from './noteQueue.ts';
import './board.css';
import { scriptLanguage } from '../../lib/scriptLanguage.ts';

type Props = {
  notes: readonly QueuedNote[];
  onRetry: (id: string) => void;
  onRemove: (id: string) => void;
};

/**
 * Notes written on a board the room has since left, not yet on it: still being sent, or refused
 * (the board stopped taking notes). Shown wherever the room is, so nothing typed goes missing
 * without the person knowing.
 */
export function WaitingNotes({ notes, onRetry, onRemove }: Props) {
  const { t } = useTranslation();
  if (notes.length === 0) return null;
  return (
    <section className="board-section" aria-labelledby="waiting-notes-heading">
      <h2 id="waiting-notes-heading" className="waiting-heading">
        {t('board.waitingHeading')}
      </h2>
      <ul className="note-list" data-testid="waiting-notes">
        {notes.map((note) => {
          const failed = note.state === 'failed' && note.error !== null;
          const textId = `waiting-${note.id}`;
          return (
            <li
              key={note.id}
              className={failed ? 'own-note own-note-failed' : 'own-note own-note-sending'}
            >
              <p className="note-text" id={textId} dir="auto" lang={scriptLanguage(note.text)}>
                {note.text}
              </p>
              <p
                className={
                  failed ? 'note-state note-state-failed' : 'note-state note-state-sending'
                }
              >
                <span aria-hidden="true">{failed ? '⚠ ' : '⟳ '}</span>
                {failed && note.error
                  ? t('board.state.failed', { reason: noteProblemText(t, note.error) })
                  : t('board.state.sending')}
              </p>
              {failed ? (
                <div className="actions note-actions">
                  <Button onClick={() => onRetry(note.id)} aria-describedby={textId}>
                    {t('board.retry')}
                  </Button>
                  <Button
                    variant="danger"
                    onClick={() => onRemove(note.id)}
                    aria-describedby={textId}
                  >
                    {t('board.remove')}
                  </Button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
