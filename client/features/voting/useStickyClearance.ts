import { useEffect, type RefObject } from 'react';

/** Room between the bar and a focused control, so its focus ring shows too. */
const GAP_PX = 8;

/**
 * Keeps a sticky bar at the top of the page from covering what has focus (WCAG 2.4.11,
 * A11Y-FOCUS3). The page's scroll-padding-top is the bar's measured height (it changes with the
 * text size, the language and the status line), which Chromium and Firefox honour when they
 * scroll a focused control into view. Two cases no scroll-padding reaches are handled by hand:
 * a browser whose focus scrolling ignores it, and the bar growing (a long "not sent yet" line)
 * over the control that already has focus. When the bar is not sticky (short viewports, zoomed
 * in: see voting.css) there is nothing to clear.
 */
export function useStickyClearance(bar: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = bar.current;
    if (!el) return;
    const root = document.documentElement;
    const sticky = () => getComputedStyle(el).position === 'sticky';
    const clearFocus = () => {
      const target = document.activeElement;
      if (!(target instanceof HTMLElement) || el.contains(target) || !sticky()) return;
      const covered =
        el.getBoundingClientRect().bottom + GAP_PX - target.getBoundingClientRect().top;
      const below = target.getBoundingClientRect().bottom > el.getBoundingClientRect().top;
      if (covered > 0 && below) window.scrollBy({ top: -covered, behavior: 'instant' });
    };
    const measure = () => {
      root.style.scrollPaddingTop = sticky()
        ? `${Math.ceil(el.getBoundingClientRect().height) + GAP_PX}px`
        : '';
      clearFocus();
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    window.addEventListener('resize', measure);

    let frame = 0;
    const onFocus = () => {
      cancelAnimationFrame(frame);
      // After the browser's own scrolling into view, which follows the focus event.
      frame = requestAnimationFrame(clearFocus);
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
