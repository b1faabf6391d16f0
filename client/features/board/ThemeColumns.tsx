import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { ThemeNameSchema, type OwnNote, type Theme } from '../../../shared/domain/board.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Field } from '../../components/Field.tsx';
import { firstIssueText } from '../../lib/errors.ts';
import { columnsOf, shorten, voiceCount } from './boardText.ts';
import { HideDialog } from './HideDialog.tsx';
import { NoteCard } from './NoteCard.tsx';
import { positionBefore, positionPast } from './notePlace.ts';
import { UNSORTED, useNoteDrag } from './useNoteDrag.ts';
import './board.css';
import './console.css';

/** What the columns ask the board to do; each resolves once the server has answered. */
export type BoardActions = {
  place: (note: OwnNote, themeId: string | null, position: number | undefined) => Promise<void>;
  merge: (note: OwnNote, into: OwnNote) => Promise<void>;
  hide: (note: OwnNote, reason: string) => Promise<void>;
  unhide: (note: OwnNote) => Promise<void>;
  withdraw: (note: OwnNote) => Promise<void>;
  /** Only for notes typed for someone on paper: the facilitator wrote them. */
  edit: (note: OwnNote, text: string) => Promise<boolean>;
  renameTheme: (theme: Theme, name: string) => Promise<boolean>;
  removeTheme: (theme: Theme) => Promise<void>;
};

type Props = {
  themes: Theme[];
  /** Every note of the board, as `board:get` gives them to a facilitator. */
  notes: OwnNote[];
  groups: Group[];
  /** A private board before the reveal: every note is marked as such. */
  privateNotes: boolean;
  actions: BoardActions;
};

/** Notes on the board as cards: not withdrawn, not merged into another. */
function isCard(n: OwnNote) {
  return n.status !== 'withdrawn' && n.mergedInto === null;
}

/**
 * Themes as columns of note cards. Notes move by pointer (useNoteDrag: mouse, pen, or touch on
 * the grip), with the column under the pointer marked as the drop target, or by keyboard and
 * screen reader through each card's "Move to…" menu (NoteCard).
 */
export function ThemeColumns({ themes, notes, groups, privateNotes, actions }: Props) {
  const { t } = useTranslation();
  const cards = notes.filter(isCard);
  const columns = columnsOf(themes, cards);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [hiding, setHiding] = useState<OwnNote | null>(null);
  const [focusNote, setFocusNote] = useState<string | null>(null);
  const { drag, handlersFor } = useNoteDrag(scrollerRef, (noteId, over) => {
    const note = cards.find((n) => n.id === noteId);
    if (!note) return;
    const column = columns.find((c) => (c.theme?.id ?? null) === over.themeId);
    const shown = column?.notes.filter((n) => n.id !== note.id) ?? [];
    const before = shown[over.index]?.id ?? null;
    const sameColumn = note.themeId === over.themeId;
    const oldIndex = column?.notes.findIndex((n) => n.id === note.id) ?? -1;
    if (sameColumn && oldIndex === over.index) return;
    void actions.place(note, over.themeId, positionBefore(notes, over.themeId, note.id, before));
  });

  // After a keyboard move the card is drawn again in its new column: put focus back on it.
  useEffect(() => {
    if (!focusNote) return;
    const card = document.querySelector<HTMLElement>(`[data-note-card="${focusNote}"]`);
    const toggle = card?.querySelector<HTMLElement>('.move-toggle');
    if (toggle) {
      toggle.focus();
      setFocusNote(null);
    }
  }, [focusNote, notes]);

  const draggedNote = drag?.active ? cards.find((n) => n.id === drag.id) : undefined;
  const mergeTargets = cards.filter((n) => n.status === 'visible');

  return (
    <>
      <p className="field-hint">{t('boardConsole.dragHint')}</p>
      <div
        className={drag?.active ? 'board-columns is-dragging' : 'board-columns'}
        ref={scrollerRef}
        data-testid="board-columns"
      >
        {columns.map((column) => {
          const themeId = column.theme?.id ?? null;
          const dropping = drag?.active && drag.over && drag.over.themeId === themeId;
          const shown = column.notes;
          const withoutDragged = drag?.active ? shown.filter((n) => n.id !== drag.id) : shown;
          const dropIndex = dropping && drag.over ? drag.over.index : -1;
          return (
            <ColumnSection
              key={themeId ?? UNSORTED}
              theme={column.theme}
              count={voiceCount(shown.filter((n) => n.status === 'visible'))}
              hiddenCount={shown.filter((n) => n.status === 'hidden').length}
              dropping={!!dropping}
              actions={actions}
            >
              {shown.length === 0 && !dropping ? (
                <p className="empty">{t('boardConsole.empty')}</p>
              ) : null}
              <ul className="column-notes">
                {shown.map((note) => {
                  const index = withoutDragged.findIndex((n) => n.id === note.id);
                  const position = shown.findIndex((n) => n.id === note.id);
                  return (
                    <DropSlot key={note.id} show={index !== -1 && index === dropIndex}>
                      <NoteCard
                        note={note}
                        merged={notes.filter(
                          (n) => n.mergedInto === note.id && n.status === 'visible',
                        )}
                        groups={groups}
                        privateNote={privateNotes}
                        dragging={drag?.active === true && drag.id === note.id}
                        themes={themes}
                        first={position === 0}
                        last={position === shown.length - 1}
                        mergeTargets={mergeTargets.filter((n) => n.id !== note.id)}
                        columnNotes={shown}
                        dragHandlers={handlersFor(note.id)}
                        onMoveTo={async (target) => {
                          await actions.place(note, target, undefined);
                          setFocusNote(note.id);
                        }}
                        onMoveBy={async (step) => {
                          const neighbour = shown[position + step];
                          if (!neighbour) return;
                          const to = positionPast(notes, note, neighbour.id, step);
                          await actions.place(note, note.themeId, to);
                          setFocusNote(note.id);
                        }}
                        onMerge={(into) => actions.merge(note, into)}
                        onHide={() => setHiding(note)}
                        onUnhide={() => actions.unhide(note)}
                        onWithdraw={() => actions.withdraw(note)}
                        onEdit={(text) => actions.edit(note, text)}
                      />
                    </DropSlot>
                  );
                })}
                {dropping && dropIndex >= withoutDragged.length ? <DropIndicator /> : null}
              </ul>
            </ColumnSection>
          );
        })}
      </div>
      {draggedNote && drag ? (
        <div className="drag-ghost" style={{ left: drag.x, top: drag.y }} aria-hidden="true">
          {shorten(draggedNote.text, 80)}
        </div>
      ) : null}
      <HideDialog
        noteText={hiding ? shorten(hiding.text, 160) : null}
        onCancel={() => setHiding(null)}
        onHide={(reason) => {
          const note = hiding;
          setHiding(null);
          if (note) void actions.hide(note, reason);
        }}
      />
    </>
  );
}

function DropSlot({ show, children }: { show: boolean; children: ReactNode }) {
  return (
    <>
      {show ? <DropIndicator /> : null}
      {children}
    </>
  );
}

function DropIndicator() {
  const { t } = useTranslation();
  return (
    <li className="drop-indicator" aria-hidden="true">
      {t('boardConsole.dropHere')}
    </li>
  );
}

type ColumnProps = {
  theme: Theme | null;
  count: number;
  hiddenCount: number;
  dropping: boolean;
  actions: BoardActions;
  children: ReactNode;
};

function ColumnSection({ theme, count, hiddenCount, dropping, actions, children }: ColumnProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [renaming, setRenaming] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const name = theme ? theme.name : t('board.unsorted');
  const renameRef = useRef<HTMLButtonElement>(null);

  return (
    <section
      className={dropping ? 'board-column column-drop' : 'board-column'}
      aria-labelledby={headingId}
      data-drop-column={theme?.id ?? UNSORTED}
      data-testid="board-column"
    >
      <div className="column-head">
        <h4 id={headingId} className="column-title" dir="auto">
          {name}
        </h4>
        <span className="column-count">
          {t('board.noteCount', { count })}
          {hiddenCount > 0 ? ` · ${t('boardConsole.hiddenCount', { count: hiddenCount })}` : null}
        </span>
      </div>
      {theme && !renaming ? (
        <div className="column-tools">
          <Button
            ref={renameRef}
            onClick={() => setRenaming(true)}
            aria-label={t('boardConsole.renameNamed', { name: theme.name })}
          >
            {t('boardConsole.rename')}
          </Button>
          <Button
            variant="danger"
            onClick={() => setConfirmRemove(true)}
            aria-label={t('boardConsole.removeThemeNamed', { name: theme.name })}
          >
            {t('common.remove')}
          </Button>
        </div>
      ) : null}
      {theme && renaming ? (
        <RenameForm
          theme={theme}
          onDone={async (next) => {
            if (next !== null && !(await actions.renameTheme(theme, next))) return;
            setRenaming(false);
            requestAnimationFrame(() => renameRef.current?.focus());
          }}
        />
      ) : null}
      {children}
      {theme ? (
        <ConfirmDialog
          open={confirmRemove}
          title={t('boardConsole.removeTitle', { name: theme.name })}
          confirmLabel={t('boardConsole.removeConfirm')}
          danger
          onConfirm={() => {
            setConfirmRemove(false);
            void actions.removeTheme(theme);
          }}
          onCancel={() => setConfirmRemove(false)}
        >
          <p>{t('boardConsole.removeText')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function RenameForm({
  theme,
  onDone,
}: {
  theme: Theme;
  onDone: (name: string | null) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(theme.name);
  const [error, setError] = useState<string | undefined>(undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = ThemeNameSchema.safeParse(name);
    if (!parsed.success) {
      setError(firstIssueText(t, parsed.error));
      return;
    }
    await onDone(parsed.data === theme.name ? null : parsed.data);
  }

  return (
    <form className="rename-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('boardConsole.renameLabel', { name: theme.name })} error={error}>
        {(control) => (
          <input
            dir="auto"
            {...control}
            className="input"
            value={name}
            autoFocus
            onChange={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      <div className="actions">
        <Button type="submit" variant="primary">
          {t('boardConsole.saveName')}
        </Button>
        <Button onClick={() => void onDone(null)}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
