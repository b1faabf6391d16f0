import { urlOf } from '../../../shared/http/route.ts';
import { boardApi } from '../../../shared/http/boardRoutes.ts';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import {
  NoteTextSchema,
  ThemeNameSchema,
  type BoardMeta,
  type Theme,
} from '../../../shared/domain/board.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import type {
  CommandName,
  CommandRequest,
  CommandResult,
} from '../../../shared/protocol/socket.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText, firstIssueText } from '../../lib/errors.ts';
import { groupName } from '../../lib/groups.ts';
import type { Room } from '../../lib/useRoom.ts';
import { newUuid } from '../../lib/uuid.ts';
import { compareThemes, useBoardDoc } from '../../lib/yjs.ts';
import { isPublicBoard, noteProblemText, shorten } from './boardText.ts';
import { ThemeColumns, type BoardActions } from './ThemeColumns.tsx';
import { useAnnouncer } from './useAnnouncer.ts';
import { useBoardNotes } from './useBoardNotes.ts';
import { ActivityChooser, ActivityList, useFollowedActivity } from '../console/ActivityChooser.tsx';
import './console.css';

const SESSION = { session: true } as const;
const boardKinds = ['idea_board'] as const;

type PanelProps = { room: Room; state: RoomState; workshopId: string };

/**
 * The console's idea board: shown for the board the room is on, and for any other board on the
 * agenda when the facilitator asks for it (to sort notes after moving on, say).
 */
export function BoardPanel({ room, state, workshopId }: PanelProps) {
  const { t } = useTranslation();
  const followed = useFollowedActivity(state, boardKinds);
  const { activities: boards, shown } = followed;
  if (boards.length === 0) return null;

  if (!shown) {
    return (
      <ActivityList
        followed={followed}
        className="panel"
        heading={t('boardConsole.boardsHeading')}
        headingId="boards-heading"
        listClassName="board-choices"
        show={t('boardConsole.showBoard')}
        showNamed={(title) => t('boardConsole.showBoardNamed', { title })}
      />
    );
  }

  return (
    <>
      <ActivityChooser
        followed={followed}
        value={shown.id}
        label={t('boardConsole.choose')}
        className="board-chooser"
      />
      <FacilitatorBoard
        key={shown.id}
        room={room}
        activityId={shown.id}
        title={shown.title}
        prompt={shown.prompt}
        isCurrent={shown.id === state.currentActivityId}
        groups={state.workshop.groups}
        workshopId={workshopId}
        singleBoard={boards.length === 1}
      />
    </>
  );
}

type BoardProps = {
  room: Room;
  activityId: string;
  title: string;
  prompt: string;
  isCurrent: boolean;
  groups: Group[];
  workshopId: string;
  singleBoard: boolean;
};

function FacilitatorBoard(props: BoardProps) {
  const { room, activityId, groups } = props;
  const { t } = useTranslation();
  const doc = useBoardDoc(activityId, SESSION);
  const view = useBoardNotes(room, activityId, 'note:changed', props.singleBoard);
  const [message, announce] = useAnnouncer();
  const [problem, setProblem] = useState<string | null>(null);

  // The document carries the live settings and themes; until it has synced, the last read does.
  const meta: BoardMeta | null = doc.meta ?? view.meta;
  const themes: Theme[] = doc.synced ? doc.themes : [...view.themes].sort(compareThemes);
  const { apply, refresh } = view;

  /** Sends a command; a refusal is shown above the board and `null` returned. */
  async function run<K extends CommandName>(
    name: K,
    payload: CommandRequest<K>,
  ): Promise<CommandResult<K> | null> {
    setProblem(null);
    const result = await room.send(name, payload);
    if (!result.ok) {
      setProblem(describe(result.error));
      return null;
    }
    // Without the live document (a blocked WebSocket), read the board again instead.
    if (!doc.synced) void refresh();
    return result.data;
  }

  function describe(error: ProblemBody) {
    return error.code === 'CONFLICT' || error.code === 'BAD_REQUEST'
      ? noteProblemText(t, error)
      : problemText(t, error);
  }

  const themeName = (id: string | null) =>
    id === null ? t('board.unsorted') : (themes.find((th) => th.id === id)?.name ?? '');

  const actions: BoardActions = {
    place: async (note, themeId, position) => {
      const moved = await run('note:place', {
        id: note.id,
        themeId,
        ...(position === undefined ? {} : { position }),
      });
      if (!moved) return;
      apply(moved);
      if (note.themeId === themeId && position !== undefined) {
        announce(
          t('boardConsole.movedPosition', {
            text: shorten(note.text),
            n: position + 1,
            theme: themeName(themeId),
          }),
        );
      } else {
        announce(t('boardConsole.moved', { text: shorten(note.text), theme: themeName(themeId) }));
      }
    },
    merge: async (note, into) => {
      const target = await run('note:merge', { id: note.id, intoId: into.id });
      if (!target) return;
      apply(target);
      apply({ ...note, mergedInto: into.id });
      announce(t('boardConsole.merged', { text: shorten(note.text), into: shorten(into.text) }));
    },
    hide: async (note, reason) => {
      const hidden = await run('note:hide', { id: note.id, reason });
      if (!hidden) return;
      apply(hidden);
      announce(t('boardConsole.hiddenAnnounce', { text: shorten(note.text) }));
    },
    unhide: async (note) => {
      const shown = await run('note:unhide', { id: note.id });
      if (!shown) return;
      apply(shown);
      announce(t('boardConsole.unhidden', { text: shorten(note.text) }));
    },
    withdraw: async (note) => {
      const gone = await run('note:withdraw', { id: note.id });
      if (gone) apply(gone);
    },
    edit: async (note, text) => {
      const edited = await run('note:edit', { id: note.id, text });
      if (edited) apply(edited);
      return edited !== null;
    },
    renameTheme: async (theme, name) => {
      const renamed = await run('theme:update', { themeId: theme.id, name });
      if (renamed) announce(t('boardConsole.renamed', { name: renamed.name }));
      return renamed !== null;
    },
    removeTheme: async (theme) => {
      const removed = await run('theme:remove', { themeId: theme.id });
      if (removed) announce(t('boardConsole.themeRemoved', { name: theme.name }));
    },
  };

  return (
    <section className="panel board-panel" aria-labelledby="board-heading">
      <h2 id="board-heading">{t('boardConsole.heading', { title: props.title })}</h2>
      {props.prompt ? (
        <p className="prewrap muted" dir="auto">
          {props.prompt}
        </p>
      ) : null}
      {!props.isCurrent ? <Notice>{t('boardConsole.notCurrent')}</Notice> : null}
      <LiveRegion message={message} />
      {problem ? <ErrorMessage>{problem}</ErrorMessage> : null}
      {view.problem && !view.loaded ? (
        <ErrorMessage>{problemText(t, view.problem)}</ErrorMessage>
      ) : null}

      <div className="board-console-top">
        <BoardSettings
          meta={meta}
          onConfigure={async (fields) => {
            const next = await run('board:configure', { activityId, ...fields });
            if (next) announce(t('boardConsole.saved'));
          }}
          onReveal={async () => {
            const next = await run('board:reveal', { activityId });
            if (next) announce(t('boardConsole.revealed'));
          }}
        />
        <AssistedEntry
          groups={groups}
          onAdd={async (text, groupKey) => {
            const added = await run('note:add', {
              id: newUuid(),
              activityId,
              text,
              showName: false,
              assistedGroupKey: groupKey,
            });
            if (!added) return false;
            apply(added);
            announce(t('boardConsole.assistedAdded'));
            return true;
          }}
        />
      </div>

      <section className="board-themes" aria-labelledby="themes-heading">
        <h3 id="themes-heading">{t('boardConsole.themesHeading')}</h3>
        <NewThemeForm
          onCreate={async (name) => {
            const theme = await run('theme:create', { activityId, name });
            if (theme) announce(t('boardConsole.themeAdded', { name: theme.name }));
            return theme !== null;
          }}
        />
        {!view.loaded ? (
          <p className="loading">{t('boardConsole.notesLoading')}</p>
        ) : (
          <ThemeColumns
            themes={themes}
            notes={view.notes}
            groups={groups}
            privateNotes={!isPublicBoard(meta)}
            actions={actions}
          />
        )}
      </section>

      <p className="board-csv">
        <a href={urlOf(boardApi.moderationCsv, { id: props.workshopId })} download>
          {t('boardConsole.csv')}
        </a>
      </p>
    </section>
  );
}

type SettingsProps = {
  meta: BoardMeta | null;
  onConfigure: (
    fields: Partial<Pick<BoardMeta, 'mode' | 'locked' | 'allowAsync'>>,
  ) => Promise<void>;
  onReveal: () => Promise<void>;
};

function BoardSettings({ meta, onConfigure, onReveal }: SettingsProps) {
  const { t } = useTranslation();
  const modeHintId = useId();
  const [busy, setBusy] = useState<string | null>(null);

  async function act(key: string, fn: () => Promise<void>) {
    setBusy(key);
    await fn();
    setBusy(null);
  }

  if (!meta) {
    return (
      <section className="board-settings" aria-labelledby="board-settings-heading">
        <h3 id="board-settings-heading">{t('boardConsole.settings')}</h3>
        <p className="loading">{t('common.loading')}</p>
      </section>
    );
  }

  const isPrivate = meta.mode === 'private';
  return (
    <section className="board-settings" aria-labelledby="board-settings-heading">
      <h3 id="board-settings-heading">{t('boardConsole.settings')}</h3>
      <p className="setting-state" data-testid="board-mode">
        {isPrivate ? t('boardConsole.modeNowPrivate') : t('boardConsole.modeNowOpen')}
      </p>
      <div className="actions">
        <Button
          busy={busy === 'mode'}
          aria-describedby={modeHintId}
          onClick={() =>
            void act('mode', () => onConfigure({ mode: isPrivate ? 'open' : 'private' }))
          }
        >
          {isPrivate ? t('boardConsole.makeOpen') : t('boardConsole.makePrivate')}
        </Button>
        {isPrivate && !meta.revealed ? (
          <Button
            variant="primary"
            busy={busy === 'reveal'}
            onClick={() => void act('reveal', onReveal)}
          >
            {t('boardConsole.reveal')}
          </Button>
        ) : null}
      </div>
      <p className="field-hint" id={modeHintId}>
        {isPrivate ? t('boardConsole.makeOpenHint') : t('boardConsole.makePrivateHint')}
      </p>
      {isPrivate && meta.revealed ? (
        <p className="setting-state">
          <span aria-hidden="true">✓ </span>
          {t('boardConsole.revealed')}
        </p>
      ) : null}

      <p className="setting-state" data-testid="board-lock-state">
        <span aria-hidden="true">{meta.locked ? '🔒 ' : '✎ '}</span>
        {meta.locked ? t('boardConsole.stateLocked') : t('boardConsole.stateUnlocked')}
      </p>
      <div className="actions">
        <Button
          busy={busy === 'lock'}
          onClick={() => void act('lock', () => onConfigure({ locked: !meta.locked }))}
        >
          {meta.locked ? t('boardConsole.unlock') : t('boardConsole.lock')}
        </Button>
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={meta.allowAsync}
          disabled={busy === 'async'}
          onChange={(e) => {
            const allowAsync = e.currentTarget.checked;
            void act('async', () => onConfigure({ allowAsync }));
          }}
        />
        <span>{t('boardConsole.allowAsync')}</span>
      </label>
      <p className="field-hint">{t('boardConsole.allowAsyncHint')}</p>
    </section>
  );
}

function AssistedEntry({
  groups,
  onAdd,
}: {
  groups: Group[];
  onAdd: (text: string, groupKey: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [groupKey, setGroupKey] = useState(groups[0]?.key ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!groups.some((g) => g.key === groupKey) && groups[0]) setGroupKey(groups[0].key);
  }, [groups, groupKey]);

  async function submit(event: FormEvent) {
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
    setError(undefined);
    setBusy(true);
    const ok = await onAdd(parsed.data, groupKey);
    setBusy(false);
    if (ok) setText('');
  }

  return (
    <section className="assisted-entry" aria-labelledby="assisted-heading">
      <h3 id="assisted-heading">{t('boardConsole.assistedHeading')}</h3>
      <p className="field-hint">{t('boardConsole.assistedHint')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field label={t('boardConsole.assistedText')} error={error}>
          {(control) => (
            <textarea
              dir="auto"
              {...control}
              className="textarea"
              rows={2}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('boardConsole.assistedGroup')}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={groupKey}
              onChange={(e) => setGroupKey(e.currentTarget.value)}
            >
              {groups.map((g) => (
                <option key={g.key} value={g.key}>
                  {groupName(t, g)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button type="submit" busy={busy}>
          {t('boardConsole.assistedAdd')}
        </Button>
      </form>
    </section>
  );
}

function NewThemeForm({ onCreate }: { onCreate: (name: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = ThemeNameSchema.safeParse(name);
    if (!parsed.success) {
      setError(firstIssueText(t, parsed.error));
      return;
    }
    setError(undefined);
    setBusy(true);
    const ok = await onCreate(parsed.data);
    setBusy(false);
    if (ok) setName('');
  }

  return (
    <form className="new-theme" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('boardConsole.newTheme')} error={error}>
        {(control) => (
          <input
            dir="auto"
            {...control}
            className="input"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      <Button type="submit" busy={busy}>
        {t('boardConsole.addTheme')}
      </Button>
    </form>
  );
}
