import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import {
  NOTE_MAX,
  NoteTextSchema,
  type OwnNote,
  type Theme,
} from '../../../shared/domain/board.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Field } from '../../components/Field.tsx';
import { shorten } from './boardText.ts';
import { NoteMeta } from './ParticipantBoard.tsx';
import { UNSORTED, type DragHandlers } from './useNoteDrag.ts';
import { scriptLanguage } from '../../lib/scriptLanguage.ts';

type CardProps = {
  note: OwnNote;
  merged: OwnNote[];
  groups: Group[];
  privateNote: boolean;
  dragging: boolean;
  themes: Theme[];
  first: boolean;
  last: boolean;
  mergeTargets: OwnNote[];
  columnNotes: OwnNote[];
  /** The pointer-drag engine's handlers, for the whole card. */
  dragHandlers: DragHandlers;
  onMoveTo: (themeId: string | null) => Promise<void>;
  onMoveBy: (step: -1 | 1) => Promise<void>;
  onMerge: (into: OwnNote) => Promise<void>;
  onHide: () => void;
  onUnhide: () => Promise<void>;
  onWithdraw: () => Promise<void>;
  onEdit: (text: string) => Promise<boolean>;
};

/**
 * A note on the console's board, as a card: its text and who wrote it, whether it is hidden or
 * private, the notes merged into it, and its "Move to…" menu, which does by keyboard and screen
 * reader everything a drag does (another theme, up or down) and more (merge, edit, withdraw).
 */
export function NoteCard(props: CardProps) {
  const { note, merged, groups, privateNote, dragging, themes, first, last } = props;
  const { t } = useTranslation();
  const textId = useId();
  const menuId = useId();
  const mergeId = useId();
  const [menu, setMenu] = useState(false);
  const [mergeInto, setMergeInto] = useState('');
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const [editing, setEditing] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const hidden = note.status === 'hidden';
  const destinations: { id: string | null; name: string }[] = [
    { id: null, name: t('board.unsorted') },
    ...themes.map((th) => ({ id: th.id, name: th.name })),
  ].filter((d) => d.id !== note.themeId);
  const classes = [
    'note-card',
    'card-facilitator',
    hidden ? 'card-hidden' : '',
    dragging ? 'card-dragging' : '',
  ]
    .filter(Boolean)
    .join(' ');

  const closeMenu = () => {
    setMenu(false);
    requestAnimationFrame(() => toggleRef.current?.focus());
  };

  return (
    <li
      className={classes}
      data-note-card={note.id}
      data-testid="note-card"
      {...props.dragHandlers}
    >
      <div className="card-top">
        <span className="drag-handle" aria-hidden="true" title={t('boardConsole.dragHandle')}>
          ⠿
        </span>
        <p className="note-text" id={textId} dir="auto" lang={scriptLanguage(note.text)}>
          {note.text}
        </p>
      </div>
      <NoteMeta note={note} groups={groups} />
      {hidden ? (
        <p className="card-flag card-flag-hidden">
          <span aria-hidden="true">⊘ </span>
          {t('boardConsole.hidden', { reason: note.hiddenReason ?? '' })}
        </p>
      ) : null}
      {privateNote && !hidden ? (
        <p className="card-flag card-flag-private">
          <span aria-hidden="true">🔒 </span>
          {t('boardConsole.private')}
        </p>
      ) : null}
      {merged.length > 0 ? (
        <details className="card-merged">
          <summary>{t('boardConsole.mergedNotes', { count: merged.length })}</summary>
          <ul>
            {merged.map((m) => (
              <li key={m.id}>{m.text}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="card-actions">
        <Button
          ref={toggleRef}
          className="move-toggle"
          aria-expanded={menu}
          aria-controls={menuId}
          aria-describedby={textId}
          onClick={() => setMenu((open) => !open)}
        >
          {t('boardConsole.moveTo')}
        </Button>
        {hidden ? (
          <Button onClick={() => void props.onUnhide()} aria-describedby={textId}>
            {t('boardConsole.unhide')}
          </Button>
        ) : (
          <Button variant="danger" onClick={props.onHide} aria-describedby={textId}>
            {t('boardConsole.hide')}
          </Button>
        )}
      </div>
      <div
        id={menuId}
        className="card-menu"
        hidden={!menu}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            closeMenu();
          }
        }}
      >
        {menu ? (
          <>
            <p className="card-menu-label">{t('boardConsole.moveToLabel')}</p>
            <ul className="card-menu-list">
              {destinations.map((d) => (
                <li key={d.id ?? UNSORTED}>
                  <Button
                    onClick={() => {
                      setMenu(false);
                      void props.onMoveTo(d.id);
                    }}
                  >
                    <bdi>{d.name}</bdi>
                  </Button>
                </li>
              ))}
            </ul>
            <div className="actions">
              <Button disabled={first} onClick={() => void props.onMoveBy(-1)}>
                <span aria-hidden="true">↑ </span>
                {t('boardConsole.moveUp')}
              </Button>
              <Button disabled={last} onClick={() => void props.onMoveBy(1)}>
                <span aria-hidden="true">↓ </span>
                {t('boardConsole.moveDown')}
              </Button>
            </div>
            {!hidden ? (
              props.mergeTargets.length === 0 ? (
                <p className="muted">{t('boardConsole.mergeNone')}</p>
              ) : (
                <div className="merge-row">
                  <label htmlFor={mergeId} className="field-label">
                    {t('boardConsole.mergeInto')}
                  </label>
                  <div className="copy-row">
                    <select
                      id={mergeId}
                      className="select"
                      value={mergeInto}
                      onChange={(e) => setMergeInto(e.currentTarget.value)}
                    >
                      <option value="">—</option>
                      {orderForMerge(props.mergeTargets, props.columnNotes).map((n) => (
                        <option key={n.id} value={n.id}>
                          {shorten(n.text, 60)}
                        </option>
                      ))}
                    </select>
                    <Button
                      disabled={!mergeInto}
                      onClick={() => {
                        const into = props.mergeTargets.find((n) => n.id === mergeInto);
                        if (!into) return;
                        setMenu(false);
                        void props.onMerge(into);
                      }}
                    >
                      {t('boardConsole.merge')}
                    </Button>
                  </div>
                </div>
              )
            ) : null}
            {note.assisted && editing ? (
              <EditAssisted
                note={note}
                onDone={async (text) => {
                  if (text !== null && !(await props.onEdit(text))) return;
                  setEditing(false);
                }}
              />
            ) : null}
            {note.assisted && !editing ? (
              <div className="actions">
                <Button onClick={() => setEditing(true)}>{t('boardConsole.editAssisted')}</Button>
                <Button variant="danger" onClick={() => setConfirmWithdraw(true)}>
                  {t('boardConsole.withdrawAssisted')}
                </Button>
              </div>
            ) : null}
            <div className="actions">
              <Button variant="link" onClick={closeMenu}>
                {t('common.cancel')}
              </Button>
            </div>
          </>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirmWithdraw}
        title={t('boardConsole.withdrawAssistedTitle')}
        confirmLabel={t('boardConsole.withdrawAssisted')}
        danger
        onConfirm={() => {
          setConfirmWithdraw(false);
          setMenu(false);
          void props.onWithdraw();
        }}
        onCancel={() => setConfirmWithdraw(false)}
      >
        <p className="note-quote">{shorten(note.text, 120)}</p>
        <p>{t('boardConsole.withdrawAssistedText')}</p>
      </ConfirmDialog>
    </li>
  );
}

function EditAssisted({
  note,
  onDone,
}: {
  note: OwnNote;
  onDone: (text: string | null) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(note.text);
  const [error, setError] = useState<string | undefined>(undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = NoteTextSchema.safeParse(text);
    if (!parsed.success) {
      setError(
        text.trim() === '' ? t('board.emptyNote') : t('board.errors.tooLong', { max: NOTE_MAX }),
      );
      return;
    }
    await onDone(parsed.data === note.text ? null : parsed.data);
  }

  return (
    <form className="rename-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('boardConsole.editAssisted')} error={error}>
        {(control) => (
          <textarea
            dir="auto"
            {...control}
            className="textarea"
            rows={3}
            value={text}
            autoFocus
            onChange={(e) => setText(e.currentTarget.value)}
          />
        )}
      </Field>
      <div className="actions">
        <Button type="submit" variant="primary">
          {t('board.saveEdit')}
        </Button>
        <Button onClick={() => void onDone(null)}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

/** Notes in the same column first: near-duplicates are usually sorted together. */
function orderForMerge(targets: OwnNote[], column: OwnNote[]): OwnNote[] {
  const here = new Set(column.map((n) => n.id));
  return [...targets.filter((n) => here.has(n.id)), ...targets.filter((n) => !here.has(n.id))];
}
