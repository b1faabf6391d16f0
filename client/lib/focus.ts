import { useEffect, useRef } from 'react';

/** Where focus is only put by the app (a heading it moved focus to), never by a person's work. */
const RESTING_PLACES = ':is(h1, h2, h3, h4, h5, h6, p, main)[tabindex="-1"]';

/**
 * Whether focus is "resting": on nothing in particular (the page itself), on an element the last
 * render took away (browsers then report <body>), or on a heading the app itself sent it to. Only
 * then may a change of screen move focus: someone typing a note or tabbing through a list keeps
 * their place (A11Y-FOCUS1).
 */
export function focusIsResting(): boolean {
  const active = document.activeElement;
  return (
    active === null ||
    active === document.body ||
    active === document.documentElement ||
    !active.isConnected ||
    active.matches(RESTING_PLACES)
  );
}

/** Moves focus to `target` (a heading with tabIndex -1) if focus is resting. */
export function focusIfResting(target: HTMLElement | null): boolean {
  if (!target || !focusIsResting()) return false;
  target.focus({ preventScroll: false });
  return document.activeElement === target;
}

/**
 * Focuses the element with id `targetId` when `key` changes after the first render (a new
 * activity, a vote opening, a seat at a café table), if focus is resting. The first render is
 * left alone: a page that has just loaded is the Page's business (it focuses its h1). So is the
 * first key after none (a vote's view arriving after its loading spinner) unless `fromNothing`:
 * a café seat arriving is the moment a phone is sent to its table.
 */
export function useFocusOnChange(
  key: string | null,
  targetId: string | null,
  { fromNothing = false }: { fromNothing?: boolean } = {},
) {
  const last = useRef(key);
  useEffect(() => {
    const before = last.current;
    last.current = key;
    if (before === key || key === null || targetId === null) return;
    if (before === null && !fromNothing) return;
    focusIfResting(document.getElementById(targetId));
  }, [key, targetId, fromNothing]);
}
