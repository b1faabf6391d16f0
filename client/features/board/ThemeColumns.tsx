import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import {
  NOTE_MAX,
  NoteTextSchema,
  ThemeNameSchema,
  type OwnNote,
  type Theme,
} from '../../../shared/domain/board.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Field } from '../../components/Field.tsx';
import { translateMessage } from '../../lib/errors.ts';
import { columnsOf, shorten, voiceCount } from './boardText.ts';
import { HideDialog } from './HideDialog.tsx';
import { NoteMeta } from './ParticipantBoard.tsx';
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

const UNSORTED = 'unsorted';

type Target = { themeId: string | null; index: number };
type Drag = {
  id: string;
  pointerId: number;
  startX: number;
  startY: number;
  x: number;
  y: number;
  active: boolean;
  over: Target | null;
};

/** Notes on the board as cards: not withdrawn, not merged into another. */
function isCard(n: OwnNote) {
  return n.status !== 'withdrawn' && n.mergedInto === null;
}

const byPlace = (a: OwnNote, b: OwnNote) =>
  a.position - b.position ||
  (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);

/**
 * The server numbers every note of a theme (withdrawn and merged ones too); the cards show some
 * of them. Dropping before a card means taking that card's place in the full list.
 */
function positionBefore(
  all: readonly OwnNote[],
  themeId: string | null,
  movingId: string,
  beforeId: string | null,
): number | undefined {
  if (beforeId === null) return undefined;
  const siblings = all.filter((n) => n.themeId === themeId && n.id !== movingId).sort(byPlace);
  const at = siblings.findIndex((n) => n.id === beforeId);
  return at === -1 ? undefined : at;
}

/**
 * Themes as columns of note cards. Notes move by pointer (mouse, pen, or touch on the grip),
 * with the column under the pointer marked as the drop target, or by keyboard and screen reader
 * through each card's "Move to…" menu.
 */
export function ThemeColumns({ themes, notes, groups, privateNotes, actions }: Props) {
  const { t } = useTranslation();
  const cards = notes.filter(isCard);
  const columns = columnsOf(themes, cards);
  const [drag, setDrag] = useState<Drag | null>(null);
  const dragRef = useRef<Drag | null>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [hiding, setHiding] = useState<OwnNote | null>(null);
  const [focusNote, setFocusNote] = useState<string | null>(null);

  const setDragState = (next: Drag | null) => {
    dragRef.current = next;
    setDrag(next);
  };

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

  // Escape cancels a drag in progress.
  const dragging = drag?.active ?? false;
  useEffect(() => {
    if (!dragging) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDragState(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dragging]);

  function targetAt(x: number, y: number, movingId: string): Target | null {
    const column = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-drop-column]');
    if (!column) return null;
    const key = column.dataset.dropColumn ?? UNSORTED;
    const themeId = key === UNSORTED ? null : key;
    const others = [...column.querySelectorAll<HTMLElement>('[data-note-card]')].filter(
      (el) => el.dataset.noteCard !== movingId,
    );
    let index = others.length;
    for (let i = 0; i < others.length; i += 1) {
      const rect = others[i]!.getBoundingClientRect();
      if (y < rect.top + rect.height / 2) {
        index = i;
        break;
      }
    }
    return { themeId, index };
  }

  function autoScroll(x: number, y: number) {
    const edge = 56;
    if (y < edge) window.scrollBy(0, -16);
    else if (y > window.innerHeight - edge) window.scrollBy(0, 16);
    const scroller = scrollerRef.current;
    if (scroller && scroller.scrollWidth > scroller.clientWidth) {
      const rect = scroller.getBoundingClientRect();
      if (x < rect.left + edge) scroller.scrollLeft -= 16;
      else if (x > rect.right - edge) scroller.scrollLeft += 16;
    }
  }

  function onPointerDown(e: ReactPointerEvent<HTMLElement>, note: OwnNote) {
    if (e.button !== 0 || !e.isPrimary) return;
    const target = e.target as Element;
    const onGrip = target.closest('.drag-handle') !== null;
    // Controls on the card keep their own meaning; a finger drags only by the grip, so the
    // rest of the card still scrolls the page.
    if (!onGrip && target.closest('button, a, input, select, textarea, summary, .card-menu'))
      return;
    if (e.pointerType !== 'mouse' && !onGrip) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    if (e.pointerType === 'mouse') e.preventDefault();
    setDragState({
      id: note.id,
      pointerId: e.pointerId,
      startX: e.clientX,
      startY: e.clientY,
      x: e.clientX,
      y: e.clientY,
      active: false,
      over: null,
    });
  }

  function onPointerMove(e: ReactPointerEvent<HTMLElement>) {
    const d = dragRef.current;
    if (!d || d.pointerId !== e.pointerId) return;
    if (!d.active && Math.hypot(e.clientX - d.startX, e.clientY - d.startY) < 6) return;
    setDragState({
      ...d,
      active: true,
      x: e.clientX,
      y: e.clientY,
      over: targetAt(e.clientX, e.clientY, d.id),
    });
    autoScroll(e.clientX, e.clientY);
  }

  function onPointerUp(e: ReactPointerEvent<HTMLElement>) {
    const d = dragRef.current;
    if (!d || d.pointerId !== e.pointerId) return;
    setDragState(null);
    if (!d.active) return;
    const over = targetAt(e.clientX, e.clientY, d.id) ?? d.over;
    const note = cards.find((n) => n.id === d.id);
    if (!over || !note) return;
    const column = columns.find((c) => (c.theme?.id ?? null) === over.themeId);
    const shown = column?.notes.filter((n) => n.id !== note.id) ?? [];
    const before = shown[over.index]?.id ?? null;
    const sameColumn = note.themeId === over.themeId;
    const oldIndex = column?.notes.findIndex((n) => n.id === note.id) ?? -1;
    if (sameColumn && oldIndex === over.index) return;
    void actions.place(note, over.themeId, positionBefore(notes, over.themeId, note.id, before));
  }

  function onPointerCancel(e: ReactPointerEvent<HTMLElement>) {
    if (dragRef.current?.pointerId === e.pointerId) setDragState(null);
  }

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
                        onPointerDown={(e) => onPointerDown(e, note)}
                        onPointerMove={onPointerMove}
                        onPointerUp={onPointerUp}
                        onPointerCancel={onPointerCancel}
                        onLostPointerCapture={onPointerCancel}
                        onMoveTo={async (target) => {
                          await actions.place(note, target, undefined);
                          setFocusNote(note.id);
                        }}
                        onMoveBy={async (step) => {
                          const neighbour = shown[position + step];
                          if (!neighbour) return;
                          const siblings = notes
                            .filter((n) => n.themeId === note.themeId && n.id !== note.id)
                            .sort(byPlace);
                          const at = siblings.findIndex((n) => n.id === neighbour.id);
                          await actions.place(note, note.themeId, step < 0 ? at : at + 1);
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
        <h4 id={headingId} className="column-title">
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
      setError(translateMessage(t, parsed.error.issues[0]?.message ?? 'Required'));
      return;
    }
    await onDone(parsed.data === theme.name ? null : parsed.data);
  }

  return (
    <form className="rename-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('boardConsole.renameLabel', { name: theme.name })} error={error}>
        {(control) => (
          <input
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
  onPointerDown: (e: ReactPointerEvent<HTMLElement>) => void;
  onPointerMove: (e: ReactPointerEvent<HTMLElement>) => void;
  onPointerUp: (e: ReactPointerEvent<HTMLElement>) => void;
  onPointerCancel: (e: ReactPointerEvent<HTMLElement>) => void;
  onLostPointerCapture: (e: ReactPointerEvent<HTMLElement>) => void;
  onMoveTo: (themeId: string | null) => Promise<void>;
  onMoveBy: (step: -1 | 1) => Promise<void>;
  onMerge: (into: OwnNote) => Promise<void>;
  onHide: () => void;
  onUnhide: () => Promise<void>;
  onWithdraw: () => Promise<void>;
  onEdit: (text: string) => Promise<boolean>;
};

function NoteCard(props: CardProps) {
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
      onPointerDown={props.onPointerDown}
      onPointerMove={props.onPointerMove}
      onPointerUp={props.onPointerUp}
      onPointerCancel={props.onPointerCancel}
      onLostPointerCapture={props.onLostPointerCapture}
    >
      <div className="card-top">
        <span className="drag-handle" aria-hidden="true" title={t('boardConsole.dragHandle')}>
          ⠿
        </span>
        <p className="note-text" id={textId}>
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
                    {d.name}
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
