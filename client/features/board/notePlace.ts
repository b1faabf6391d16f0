import type { OwnNote } from '../../../shared/domain/board.ts';

type Placed = Pick<OwnNote, 'id' | 'themeId' | 'position' | 'createdAt'>;

/** The server's order within a theme: by position, then by age, then by id. */
export const byPlace = (a: Placed, b: Placed) =>
  a.position - b.position ||
  (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);

/** The notes of a theme other than the one moving, in the server's order. */
function siblingsOf(all: readonly Placed[], themeId: string | null, movingId: string): Placed[] {
  return all.filter((n) => n.themeId === themeId && n.id !== movingId).sort(byPlace);
}

/**
 * The server numbers every note of a theme (withdrawn and merged ones too); the cards show some
 * of them. Dropping before a card means taking that card's place in the full list; dropping after
 * the last card (no `beforeId`) leaves the place to the server, which puts it at the end.
 */
export function positionBefore(
  all: readonly Placed[],
  themeId: string | null,
  movingId: string,
  beforeId: string | null,
): number | undefined {
  if (beforeId === null) return undefined;
  const at = siblingsOf(all, themeId, movingId).findIndex((n) => n.id === beforeId);
  return at === -1 ? undefined : at;
}

/** Moving a note up (-1) or down (1) past the card beside it, in the same theme. */
export function positionPast(
  all: readonly Placed[],
  moving: Placed,
  neighbourId: string,
  step: -1 | 1,
) {
  const at = siblingsOf(all, moving.themeId, moving.id).findIndex((n) => n.id === neighbourId);
  return step < 0 ? at : at + 1;
}
