import {
  useEffect,
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
  type RefObject,
} from 'react';

/** The drop-column key of the unsorted notes (a theme's column is keyed by the theme's id). */
export const UNSORTED = 'unsorted';

/** Where a dragged card would land: a column, and the place among its other cards. */
export type DropTarget = { themeId: string | null; index: number };

export type NoteDrag = {
  id: string;
  pointerId: number;
  startX: number;
  startY: number;
  x: number;
  y: number;
  /** Moved far enough to be a drag, not a click. */
  active: boolean;
  over: DropTarget | null;
};

export type DragHandlers = {
  onPointerDown: (e: ReactPointerEvent<HTMLElement>) => void;
  onPointerMove: (e: ReactPointerEvent<HTMLElement>) => void;
  onPointerUp: (e: ReactPointerEvent<HTMLElement>) => void;
  onPointerCancel: (e: ReactPointerEvent<HTMLElement>) => void;
  onLostPointerCapture: (e: ReactPointerEvent<HTMLElement>) => void;
};

/** Below this many pixels of travel a press is a click, not a drag. */
const DRAG_THRESHOLD = 6;
/** How near an edge the pointer scrolls the page or the columns, and by how much a move. */
const SCROLL_EDGE = 56;
const SCROLL_STEP = 16;

/**
 * The column and place under the pointer. Columns carry `data-drop-column` and cards
 * `data-note-card`; the dragged card itself is not counted, so its index is where it would go.
 */
function targetAt(x: number, y: number, movingId: string): DropTarget | null {
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

function autoScroll(x: number, y: number, scroller: HTMLElement | null) {
  if (y < SCROLL_EDGE) window.scrollBy(0, -SCROLL_STEP);
  else if (y > window.innerHeight - SCROLL_EDGE) window.scrollBy(0, SCROLL_STEP);
  if (scroller && scroller.scrollWidth > scroller.clientWidth) {
    const rect = scroller.getBoundingClientRect();
    if (x < rect.left + SCROLL_EDGE) scroller.scrollLeft -= SCROLL_STEP;
    else if (x > rect.right - SCROLL_EDGE) scroller.scrollLeft += SCROLL_STEP;
  }
}

/**
 * Dragging note cards between columns by pointer: a mouse or pen anywhere on the card, a finger
 * only by the grip (so the rest of the card still scrolls the page). The pointer is captured, the
 * page and the columns scroll near their edges, and Escape cancels. Keyboard and screen-reader
 * moves do not come through here: each card has its own "Move to…" menu.
 */
export function useNoteDrag(
  scrollerRef: RefObject<HTMLElement | null>,
  onDrop: (noteId: string, target: DropTarget) => void,
): { drag: NoteDrag | null; handlersFor: (noteId: string) => DragHandlers } {
  const [drag, setDrag] = useState<NoteDrag | null>(null);
  // Pointer events come faster than renders: the handlers read the drag from here.
  const dragRef = useRef<NoteDrag | null>(null);

  const setDragState = (next: NoteDrag | null) => {
    dragRef.current = next;
    setDrag(next);
  };

  const dragging = drag?.active ?? false;
  useEffect(() => {
    if (!dragging) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDragState(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dragging]);

  function onPointerDown(e: ReactPointerEvent<HTMLElement>, noteId: string) {
    if (e.button !== 0 || !e.isPrimary) return;
    const target = e.target as Element;
    const onGrip = target.closest('.drag-handle') !== null;
    // Controls on the card keep their own meaning.
    if (!onGrip && target.closest('button, a, input, select, textarea, summary, .card-menu'))
      return;
    if (e.pointerType !== 'mouse' && !onGrip) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    if (e.pointerType === 'mouse') e.preventDefault();
    setDragState({
      id: noteId,
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
    if (!d.active && Math.hypot(e.clientX - d.startX, e.clientY - d.startY) < DRAG_THRESHOLD)
      return;
    setDragState({
      ...d,
      active: true,
      x: e.clientX,
      y: e.clientY,
      over: targetAt(e.clientX, e.clientY, d.id),
    });
    autoScroll(e.clientX, e.clientY, scrollerRef.current);
  }

  function onPointerUp(e: ReactPointerEvent<HTMLElement>) {
    const d = dragRef.current;
    if (!d || d.pointerId !== e.pointerId) return;
    setDragState(null);
    if (!d.active) return;
    const over = targetAt(e.clientX, e.clientY, d.id) ?? d.over;
    if (over) onDrop(d.id, over);
  }

  function onPointerCancel(e: ReactPointerEvent<HTMLElement>) {
    if (dragRef.current?.pointerId === e.pointerId) setDragState(null);
  }

  const handlersFor = (noteId: string): DragHandlers => ({
    onPointerDown: (e) => onPointerDown(e, noteId),
    onPointerMove,
    onPointerUp,
    onPointerCancel,
    onLostPointerCapture: onPointerCancel,
  });

  return { drag, handlersFor };
}
