import { useState } from 'react';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import type { ProblemBody } from '../../lib/api.ts';
import type { Room } from '../../lib/useRoom.ts';

/** Where the room is in its agenda, and moving it: shared by the buttons and the keys. */
export function useRunSheet(
  state: RoomState,
  send: Room['send'],
  onProblem: (problem: ProblemBody | null) => void,
) {
  const [pending, setPending] = useState<string | null>(null);
  const agenda = [...state.agenda].sort((a, b) => a.position - b.position);
  const index = agenda.findIndex((a) => a.id === state.currentActivityId);
  const current = index === -1 ? null : (agenda[index] ?? null);
  const next = (index === -1 ? agenda[0] : agenda[index + 1]) ?? null;
  const previous = index <= 0 ? null : (agenda[index - 1] ?? null);
  const movable = state.workshop.status === 'open';

  // A second press while the first is on its way is not dropped: a presenter pressing Page Down
  // twice expects two steps (the second goes from wherever the room is by then).
  async function go(activityId: string | null, key: string) {
    setPending(key);
    onProblem(null);
    const result = await send('activity:goto', { activityId });
    if (!result.ok) onProblem(result.error);
    setPending(null);
  }

  return {
    agenda,
    index,
    current,
    next,
    previous,
    pending,
    movable,
    go,
    goNext: () => (movable && next ? go(next.id, 'next') : undefined),
    // Before the first step "previous" is the welcome screen.
    goPrevious: () =>
      movable && index !== -1 ? go(previous ? previous.id : null, 'previous') : undefined,
  };
}

export type RunSheet = ReturnType<typeof useRunSheet>;
