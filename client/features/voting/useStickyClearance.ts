import { useEffect, type RefObject } from 'react';

/** Room between the bar and a focused control, so its focus ring shows too. */
const GAP_PX = 8;

/**
 * Keeps a sticky bar at the top of the page from covering what has focus (WCAG 2.4.11,
 * A11Y-FOCUS3). The page's scroll-padding-top is the bar's measured height (it changes with the
 * text size and language), so the browser scrolls a focused control below the bar; and, for a
 * control that was already half under it (no scroll needed as far as the browser knows), the
 * page is scrolled by the overlap. When the bar is not sticky (short viewports, zoomed in: see
 * voting.css) there is nothing to clear.
 */
export function useStickyClearance(bar: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = bar.current;
    if (!el) return;
    const root = document.documentElement;
    const sticky = () => getComputedStyle(el).position === 'sticky';
    const measure = () => {
      root.style.scrollPaddingTop = sticky()
        ? `${Math.ceil(el.getBoundingClientRect().height) + GAP_PX}px`
        : '';
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    window.addEventListener('resize', measure);

    let frame = 0;
    const onFocus = (event: FocusEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLElement) || el.contains(target)) return;
      cancelAnimationFrame(frame);
      // After the browser's own scrolling into view, which happens around the focus event.
      frame = requestAnimationFrame(() => {
        if (!sticky() || document.activeElement !== target) return;
        const covered =
          el.getBoundingClientRect().bottom + GAP_PX - target.getBoundingClientRect().top;
        if (covered > 0) window.scrollBy({ top: -covered, behavior: 'instant' });
      });
    };
    document.addEventListener('focusin', onFocus);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
      document.removeEventListener('focusin', onFocus);
      cancelAnimationFrame(frame);
      root.style.scrollPaddingTop = '';
    };
  }, [bar]);
}
