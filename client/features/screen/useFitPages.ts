import { useEffect, useLayoutEffect, useRef, useState } from 'react';

/** Smallest text scale before the list is split into pages: still readable from the back. */
const MIN_SCALE = 0.7;
const STEP = 0.1;
/** How long each page of a list too long for the screen stays up. */
export const PAGE_MS = 8000;

type Fit = { scale: number; pageSize: number | null };

/**
 * Fits a list into its box on the projector, never clipping it: the text shrinks step by step
 * (down to MIN_SCALE) until every item shows; if it still does not fit, the list is split into
 * pages of as many items as fit, shown in turn. `key` is what the list shows (its items and their
 * words): when it changes, or the screen's size does, the fit is measured again from full size.
 *
 * The box is the element the ref is on; it must have a bounded height (a flex or grid child with
 * min-height: 0) and overflow hidden, so its scrollHeight says whether the items fit.
 */
export function useFitPages<E extends HTMLElement>(count: number, key: string) {
  const ref = useRef<E>(null);
  const [fit, setFit] = useState<Fit>({ scale: 1, pageSize: null });
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [page, setPage] = useState(0);

  // Start over when the content or the box changes.
  useLayoutEffect(() => {
    setFit({ scale: 1, pageSize: null });
    setPage(0);
  }, [key, size.w, size.h]);

  useLayoutEffect(() => {
    const box = ref.current;
    if (!box || fit.pageSize !== null) return;
    const overflows = box.scrollHeight > box.clientHeight + 1;
    if (!overflows) return;
    if (fit.scale - STEP >= MIN_SCALE - 1e-9) {
      setFit({ scale: Math.round((fit.scale - STEP) * 10) / 10, pageSize: null });
      return;
    }
    // As small as it goes: as many whole items as fit make a page.
    const limit = box.getBoundingClientRect().top + box.clientHeight;
    const items = [...box.children].filter((c) => c instanceof HTMLElement) as HTMLElement[];
    const fitting = items.filter((c) => c.getBoundingClientRect().bottom <= limit + 1).length;
    setFit({ scale: fit.scale, pageSize: Math.max(1, fitting) });
  }, [fit.scale, fit.pageSize, key, size.w, size.h, count]);

  useEffect(() => {
    const box = ref.current;
    if (!box || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const parent = box.parentElement ?? box;
      setSize({ w: parent.clientWidth, h: parent.clientHeight });
    });
    observer.observe(box.parentElement ?? box);
    return () => observer.disconnect();
  }, []);

  const pages = fit.pageSize === null ? 1 : Math.ceil(count / fit.pageSize);
  useEffect(() => {
    if (pages <= 1) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), PAGE_MS);
    return () => clearInterval(timer);
  }, [pages]);

  const current = Math.min(page, pages - 1);
  const range =
    fit.pageSize === null
      ? { from: 0, to: count }
      : { from: current * fit.pageSize, to: Math.min(count, (current + 1) * fit.pageSize) };
  return { ref, scale: fit.scale, page: current, pages, range };
}
