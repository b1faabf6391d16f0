import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import {
  NOTE_MAX,
  NoteTextSchema,
  type OwnNote,
  type PublicNote,
} from '../../../shared/domain/board.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';
import { Joined } from '../../components/Joined.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { groupNameByKey } from '../../lib/groups.ts';
import type { Room } from '../../lib/useRoom.ts';
import { newUuid } from '../../lib/uuid.ts';
import { useBoardDoc } from '../../lib/yjs.ts';
import { columnsOf, isPublicBoard, noteProblemText, shorten } from './boardText.ts';
import type { QueuedNote } from './noteQueue.ts';
import { useAnnouncer, useNewNotesAnnouncement } from './useAnnouncer.ts';
import { useBoardNotes } from './useBoardNotes.ts';
import type { NoteQueueHandle } from './useNoteQueue.ts';
import './board.css';
import { scriptLanguage } from '../../lib/scriptLanguage.ts';

type Props = {
  activityId: string;
  room: Room;
  token: string;
  /** The phone's outbox of notes, kept by the participant page (it outlives the board). */
  queue: NoteQueueHandle;
  /** The name this person gave; "show my name" is offered only when there is one. */
  displayName: string;
  groups: Group[];
  singleBoard: boolean;
  /** False for a board opened while the room is elsewhere: notes only if it allows them then. */
  isCurrent?: boolean;
};

type OwnItem =
  | { kind: 'saved'; id: string; text: string; createdAt: string; note: OwnNote }
  | { kind: 'queued'; id: string; text: string; createdAt: string; queued: QueuedNote };

/**
 * A resident's idea board: write notes (kept on the phone until the server has them), see what
 * became of each, and read everyone's notes grouped by theme when the board is open.
 */
export function ParticipantBoard({
  activityId,
  room,
  token,
  queue,
  displayName,
  groups,
  singleBoard,
  isCurrent = true,
}: Props) {
  const { t } = useTranslation();
  const uid = useId();
  const auth = useMemo(() => ({ token }), [token]);
  const doc = useBoardDoc(activityId, auth);
  const own = useBoardNotes(room, activityId, 'note:mine', singleBoard);
  const [status, announceStatus] = useAnnouncer();
  const { apply } = own;
  const { listen } = queue;
  useEffect(
    () =>
      listen((event) => {
        if (event.queued.activityId !== activityId) return;
        if (event.kind === 'saved') {
          apply(event.note);
          announceStatus(t('board.savedAnnounce'));
        } else if (event.queued.error) {
          announceStatus(
            t('board.failedAnnounce', { reason: noteProblemText(t, event.queued.error) }),
          );
        }
      }),
    [listen, apply, activityId, announceStatus, t],
  );

  // A network that blocks WebSockets never brings the document; say so rather than spin.
  const [stalled, setStalled] = useState(false);
  useEffect(() => {
    if (doc.synced) return;
    const timer = setTimeout(() => setStalled(true), 10_000);
    return () => {
      clearTimeout(timer);
      setStalled(false);
    };
  }, [doc.synced]);

  const meta = doc.meta;
  const locked = meta?.locked ?? false;
  const shared = isPublicBoard(meta);

  const items = useMemo(() => {
    const saved = new Set(own.notes.map((n) => n.id));
    const list: OwnItem[] = [
      ...own.notes.map((note) => ({
        kind: 'saved' as const,
        id: note.id,
        text: note.text,
        createdAt: note.createdAt,
        note,
      })),
      ...queue.notes
        .filter((q) => q.activityId === activityId && !saved.has(q.id))
        .map((queued) => ({
          kind: 'queued' as const,
          id: queued.id,
          text: queued.text,
          createdAt: queued.createdAt,
          queued,
        })),
    ];
    return list.sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
    );
  }, [own.notes, queue.notes, activityId]);

  const ownIds = useMemo(() => new Set(items.map((i) => i.id)), [items]);
  const publicNotes = useMemo(() => (shared ? doc.notes : []), [shared, doc.notes]);
  const publicIds = useMemo(() => publicNotes.map((n) => n.id), [publicNotes]);
  const newNotes = useNewNotesAnnouncement(publicIds, doc.synced && shared, ownIds);

  return (
    <div className="board">
      <LiveRegion message={status} />
      <LiveRegion message={newNotes} />
      {meta && !shared ? (
        <Notice>
          <p data-testid="private-line">{t('board.privateLine')}</p>
        </Notice>
      ) : null}

      {locked ? (
        <p className="board-locked" data-testid="board-locked">
          <span aria-hidden="true">🔒 </span>
          {t('board.locked')}
        </p>
      ) : !isCurrent && !meta?.allowAsync ? (
        meta ? (
          <p className="board-locked">{t('board.errors.notOpen')}</p>
        ) : null
      ) : (
        <Composer
          idPrefix={uid}
          canShowName={displayName.trim() !== ''}
          onAdd={(text, showName) => {
            queue.add({ id: newUuid(), activityId, text, showName });
            announceStatus(t('board.sendingAnnounce'));
          }}
        />
      )}

      <section className="board-section" aria-labelledby={`${uid}-own`}>
        <h3 id={`${uid}-own`}>{t('board.yourNotes')}</h3>
        {items.length === 0 ? (
          <p className="empty">{t('board.noOwnNotes')}</p>
        ) : (
          <ul className="note-list" data-testid="own-notes">
            {items.map((item) => (
              <OwnNoteItem
                key={item.id}
                item={item}
                locked={locked}
                room={room}
                onChanged={own.apply}
                onRetry={() => queue.retry(item.id)}
                onRemove={() => queue.remove(item.id)}
                announce={announceStatus}
              />
            ))}
          </ul>
        )}
      </section>

      {shared ? (
        <section
          className="board-section"
          aria-labelledby={`${uid}-everyone`}
          data-testid="everyone-notes"
        >
          <h3 id={`${uid}-everyone`}>{t('board.everyone')}</h3>
          {!doc.synced && doc.notes.length === 0 ? (
            <p className="loading">{stalled ? t('board.stalled') : t('board.loading')}</p>
          ) : (
            <PublicNotes
              idPrefix={uid}
              notes={publicNotes}
              themes={doc.themes}
              groups={groups}
              ownIds={ownIds}
            />
          )}
        </section>
      ) : null}
    </div>
  );
}

function useCharCount(text: string) {
  const { t } = useTranslation();
  const n = text.trim().length;
  const over = n - NOTE_MAX;
  return {
    over: over > 0,
    text:
      over > 0
        ? `${t('board.count', { n, max: NOTE_MAX })}: ${t('board.tooLongBy', { count: over })}`
        : t('board.count', { n, max: NOTE_MAX }),
  };
}

function Composer({
  idPrefix,
  canShowName,
  onAdd,
}: {
  idPrefix: string;
  canShowName: boolean;
  onAdd: (text: string, showName: boolean) => void;
}) {
  const { t } = useTranslation();
  const countId = useId();
  const [text, setText] = useState('');
  const [showName, setShowName] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const count = useCharCount(text);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = NoteTextSchema.safeParse(text);
    if (!parsed.success) {
      setError(
        text.trim() === ''
          ? t('board.emptyNote')
          : noteProblemText(t, {
              code: 'BAD_REQUEST',
              message: parsed.error.issues[0]?.message ?? '',
            }),
      );
      areaRef.current?.focus();
      return;
    }
    setError(undefined);
    onAdd(parsed.data, canShowName && showName);
    setText('');
    // Showing one's name is a choice per note: the next note starts anonymous again.
    setShowName(false);
    areaRef.current?.focus();
  }

  return (
    <section className="board-section composer" aria-labelledby={`${idPrefix}-composer`}>
      <h3 id={`${idPrefix}-composer`} className="visually-hidden">
        {t('board.composerHeading')}
      </h3>
      <form onSubmit={submit} noValidate className="form">
        <Field label={t('board.composerLabel')} hint={t('board.composerHint')} error={error}>
          {(control) => (
            <textarea
              dir="auto"
              {...control}
              ref={areaRef}
              aria-describedby={[control['aria-describedby'], countId].filter(Boolean).join(' ')}
              className="textarea"
              rows={3}
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                if (error) setError(undefined);
              }}
            />
          )}
        </Field>
        <p
          id={countId}
          className={count.over ? 'char-count char-count-over' : 'char-count'}
          data-testid="char-count"
        >
          {count.over ? <span aria-hidden="true">⚠ </span> : null}
          {count.text}
        </p>
        {canShowName ? (
          <label className="choice">
            <input
              type="checkbox"
              checked={showName}
              onChange={(e) => setShowName(e.currentTarget.checked)}
            />
            <span>{t('board.showName')}</span>
          </label>
        ) : null}
        <Button type="submit" variant="primary" size="large">
          {t('board.add')}
        </Button>
      </form>
    </section>
  );
}

type OwnNoteItemProps = {
  item: OwnItem;
  locked: boolean;
  room: Room;
  onChanged: (note: OwnNote) => void;
  onRetry: () => void;
  onRemove: () => void;
  announce: (message: string) => void;
};

function OwnNoteItem({
  item,
  locked,
  room,
  onChanged,
  onRetry,
  onRemove,
  announce,
}: OwnNoteItemProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editRef = useRef<HTMLButtonElement>(null);
  const textId = useId();
  const note = item.kind === 'saved' ? item.note : null;
  const editable =
    note !== null && note.status === 'visible' && note.mergedInto === null && !locked;

  let state: { text: string; tone: string; icon: string };
  if (item.kind === 'queued') {
    state =
      item.queued.state === 'failed' && item.queued.error
        ? {
            text: t('board.state.failed', { reason: noteProblemText(t, item.queued.error) }),
            tone: 'failed',
            icon: '⚠',
          }
        : { text: t('board.state.sending'), tone: 'sending', icon: '⟳' };
  } else if (item.note.status === 'hidden') {
    state = {
      text: t('board.state.hidden', { reason: item.note.hiddenReason ?? '' }),
      tone: 'hidden',
      icon: '⊘',
    };
  } else if (item.note.status === 'withdrawn') {
    state = { text: t('board.state.withdrawn'), tone: 'withdrawn', icon: '–' };
  } else if (item.note.mergedInto !== null) {
    state = { text: t('board.state.merged'), tone: 'merged', icon: '⇄' };
  } else {
    state = { text: t('board.state.saved'), tone: 'saved', icon: '✓' };
  }

  async function withdraw() {
    setConfirmWithdraw(false);
    setBusy(true);
    setProblem(null);
    const result = await room.send('note:withdraw', { id: item.id });
    setBusy(false);
    if (!result.ok) {
      setProblem(noteProblemText(t, result.error));
      return;
    }
    onChanged(result.data);
    announce(t('board.withdrawn'));
  }

  return (
    <li className={`own-note own-note-${state.tone}`}>
      {editing && note ? (
        <EditNote
          note={note}
          room={room}
          onDone={(changed) => {
            setEditing(false);
            if (changed) {
              onChanged(changed);
              announce(t('board.edited'));
            }
            requestAnimationFrame(() => editRef.current?.focus());
          }}
        />
      ) : (
        <>
          <p className="note-text" id={textId} dir="auto" lang={scriptLanguage(item.text)}>
            {item.text}
          </p>
          <p className={`note-state note-state-${state.tone}`} data-testid="note-state">
            <span aria-hidden="true">{state.icon} </span>
            {state.text}
          </p>
          {problem ? <ErrorMessage>{problem}</ErrorMessage> : null}
          {item.kind === 'queued' && item.queued.state === 'failed' ? (
            <div className="actions note-actions">
              <Button onClick={onRetry} aria-describedby={textId}>
                {t('board.retry')}
              </Button>
              <Button variant="danger" onClick={onRemove} aria-describedby={textId}>
                {t('board.remove')}
              </Button>
            </div>
          ) : null}
          {editable ? (
            <div className="actions note-actions">
              <Button ref={editRef} onClick={() => setEditing(true)} aria-describedby={textId}>
                {t('board.edit')}
              </Button>
              <Button
                variant="danger"
                busy={busy}
                onClick={() => setConfirmWithdraw(true)}
                aria-describedby={textId}
              >
                {t('board.withdraw')}
              </Button>
            </div>
          ) : null}
        </>
      )}
      <ConfirmDialog
        open={confirmWithdraw}
        title={t('board.withdrawTitle')}
        confirmLabel={t('board.withdrawConfirm')}
        danger
        onConfirm={() => void withdraw()}
        onCancel={() => setConfirmWithdraw(false)}
      >
        <p className="note-quote">{shorten(item.text, 120)}</p>
        <p>{t('board.withdrawText')}</p>
      </ConfirmDialog>
    </li>
  );
}

function EditNote({
  note,
  room,
  onDone,
}: {
  note: OwnNote;
  room: Room;
  onDone: (changed: OwnNote | null) => void;
}) {
  const { t } = useTranslation();
  const countId = useId();
  const [text, setText] = useState(note.text);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const count = useCharCount(text);

  async function save(event: FormEvent) {
    event.preventDefault();
    const parsed = NoteTextSchema.safeParse(text);
    if (!parsed.success) {
      setError(
        text.trim() === ''
          ? t('board.emptyNote')
          : noteProblemText(t, { code: 'BAD_REQUEST', message: 'At most' }),
      );
      return;
    }
    if (parsed.data === note.text) {
      onDone(null);
      return;
    }
    setBusy(true);
    const result = await room.send('note:edit', { id: note.id, text: parsed.data });
    setBusy(false);
    if (!result.ok) {
      setError(noteProblemText(t, result.error));
      return;
    }
    onDone(result.data);
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate className="form">
      <Field label={t('board.editLabel')} error={error}>
        {(control) => (
          <textarea
            dir="auto"
            {...control}
            aria-describedby={[control['aria-describedby'], countId].filter(Boolean).join(' ')}
            className="textarea"
            rows={3}
            value={text}
            autoFocus
            onChange={(e) => setText(e.currentTarget.value)}
          />
        )}
      </Field>
      <p id={countId} className={count.over ? 'char-count char-count-over' : 'char-count'}>
        {count.text}
      </p>
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t('board.saveEdit')}
        </Button>
        <Button onClick={() => onDone(null)}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

/** Everyone's notes, by theme, as text. */
export function PublicNotes({
  idPrefix,
  notes,
  themes,
  groups,
  ownIds,
}: {
  idPrefix: string;
  notes: readonly PublicNote[];
  themes: Parameters<typeof columnsOf>[0];
  groups: Group[];
  ownIds: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const columns = columnsOf(themes, notes).filter((c) => c.notes.length > 0);
  if (columns.length === 0) return <p className="empty">{t('board.noNotes')}</p>;
  return (
    <>
      {columns.map((column) => {
        const name = column.theme ? column.theme.name : t('board.unsorted');
        const headingId = `${idPrefix}-theme-${column.theme?.id ?? 'unsorted'}`;
        return (
          <section key={column.theme?.id ?? 'unsorted'} aria-labelledby={headingId}>
            <h4 id={headingId} className="theme-heading">
              <bdi>{name}</bdi>{' '}
              <span className="theme-count">
                ({t('board.noteCount', { count: column.notes.length })})
              </span>
            </h4>
            <ul className="note-list" data-testid="theme-notes">
              {column.notes.map((note) => (
                <li key={note.id} className="note-card" data-testid="public-note">
                  <p className="note-text" dir="auto" lang={scriptLanguage(note.text)}>
                    {note.text}
                  </p>
                  <NoteMeta note={note} groups={groups} own={ownIds.has(note.id)} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

/** Group, name if shown, and how the note came to be: words, not colours. */
export function NoteMeta({
  note,
  groups,
  own = false,
}: {
  note: Pick<PublicNote, 'groupKey' | 'authorName' | 'assisted' | 'mergedCount'>;
  groups: Group[];
  own?: boolean;
}) {
  const { t } = useTranslation();
  const parts = [
    groupNameByKey(t, groups, note.groupKey),
    note.authorName,
    note.assisted ? t('board.assisted') : null,
  ].filter((p): p is string => !!p);
  return (
    <p className="note-meta">
      <Joined parts={parts} />
      {note.mergedCount > 0 ? (
        <span className="note-similar">{t('board.similar', { count: note.mergedCount })}</span>
      ) : null}
      {own ? <span className="note-yours">{t('board.yours')}</span> : null}
    </p>
  );
}
