import { Suspense, useId } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import { Button } from '../../components/Button.tsx';
import { Loading } from '../../components/Loading.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { written } from '../../lib/facilitatorText.ts';
import type { Room } from '../../lib/useRoom.ts';
import { LazyParticipantBoard } from './lazyBoard.ts';
import type { NoteQueueHandle } from './useNoteQueue.ts';
import './board.css';

type Props = {
  state: RoomState;
  room: Room;
  token: string;
  displayName: string;
  queue: NoteQueueHandle;
  openId: string | null;
  onOpen: (activityId: string | null) => void;
};

/**
 * The workshop's idea boards while the room is elsewhere: a person can read one again, see what
 * became of their notes, and add more where the facilitator allows notes at any time.
 */
export function OtherBoards({ state, room, token, displayName, queue, openId, onOpen }: Props) {
  const { t } = useTranslation();
  const headingId = useId();
  const boards = [...state.agenda]
    .sort((a, b) => a.position - b.position)
    .filter((a) => a.kind === 'idea_board' && a.id !== state.currentActivityId);
  if (boards.length === 0) return null;
  const reader = currentLanguage();
  const singleBoard = state.agenda.filter((a) => a.kind === 'idea_board').length === 1;
  return (
    <section className="board-section other-boards" aria-labelledby={headingId}>
      <h2 id={headingId} className="waiting-heading">
        {t('participant.otherBoards')}
      </h2>
      <ul className="plain-list">
        {boards.map((board) => {
          const open = board.id === openId;
          const titleId = `${headingId}-${board.id}`;
          const panelId = `${titleId}-panel`;
          return (
            <li key={board.id} className="other-board">
              <h3
                id={titleId}
                className="other-board-title"
                dir="auto"
                {...written(board.title, state.workshop, reader)}
              />
              <Button
                aria-expanded={open}
                aria-controls={panelId}
                aria-describedby={titleId}
                onClick={() => onOpen(open ? null : board.id)}
              >
                {open ? t('participant.closeBoard') : t('participant.openBoard')}
              </Button>
              <div id={panelId} hidden={!open}>
                {open ? (
                  <Suspense fallback={<Loading />}>
                    {board.prompt ? (
                      <p
                        className="prewrap"
                        dir="auto"
                        {...written(board.prompt, state.workshop, reader)}
                      />
                    ) : null}
                    <LazyParticipantBoard
                      key={board.id}
                      activityId={board.id}
                      isCurrent={false}
                      room={room}
                      token={token}
                      queue={queue}
                      displayName={displayName}
                      groups={state.workshop.groups}
                      singleBoard={singleBoard}
                    />
                  </Suspense>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
