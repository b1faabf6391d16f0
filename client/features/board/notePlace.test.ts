import { describe, expect, it } from 'vitest';
import { byPlace, positionBefore, positionPast } from './notePlace.ts';

const at = '2026-12-01T18:30:00.000Z';
const later = '2026-12-01T18:31:00.000Z';
const note = (id: string, position: number, themeId: string | null = 'T', createdAt = at) => ({
  id,
  themeId,
  position,
  createdAt,
});

describe('placing a note among its theme', () => {
  // b is withdrawn or merged (not shown as a card), but the server still counts it.
  const all = [note('c', 2), note('a', 0), note('b', 1), note('d', 3), note('x', 0, null)];

  it('orders by position, then age, then id', () => {
    const tied = [note('z', 1, 'T', later), note('y', 1), note('w', 1)];
    expect([...tied].sort(byPlace).map((n) => n.id)).toEqual(['w', 'y', 'z']);
  });

  it("takes the place of the card it is dropped before, counting the theme's every note", () => {
    expect(positionBefore(all, 'T', 'd', 'c')).toBe(2);
    // Moving a down: the others close up behind it.
    expect(positionBefore(all, 'T', 'a', 'd')).toBe(2);
    expect(positionBefore(all, null, 'a', 'x')).toBe(0);
  });

  it('leaves the place to the server after the last card, or before a card no longer there', () => {
    expect(positionBefore(all, 'T', 'a', null)).toBeUndefined();
    expect(positionBefore(all, 'T', 'a', 'gone')).toBeUndefined();
  });

  it('moves up or down past the card beside it', () => {
    const d = all.find((n) => n.id === 'd')!;
    expect(positionPast(all, d, 'c', -1)).toBe(2);
    const a = all.find((n) => n.id === 'a')!;
    expect(positionPast(all, a, 'c', 1)).toBe(2);
  });
});
