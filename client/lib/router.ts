import { useSyncExternalStore } from 'react';

/**
 * A router small enough to read in one sitting: the URL is the only state, components subscribe to
 * it, and `navigate` is the one way to change it from code.
 */

const listeners = new Set<() => void>();
let navigations = 0;

function notify() {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', () => {
  navigations += 1;
  notify();
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  navigations += 1;
  // A new page should start at the top, as it would after a full load.
  window.scrollTo(0, 0);
  notify();
}

/** How many in-app navigations have happened; pages use it to move focus only after the first. */
export function navigationCount(): number {
  return navigations;
}

export function useLocation(): { pathname: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const queryAt = href.indexOf('?');
  return {
    pathname: queryAt === -1 ? href : href.slice(0, queryAt),
    search: new URLSearchParams(queryAt === -1 ? '' : href.slice(queryAt)),
  };
}

/**
 * Matches "/workshops/:id/edit" against a path. Returns the decoded parameters, or null when the
 * path has another shape. Trailing slashes are ignored so pasted links still work.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] ?? '';
    const h = have[i] ?? '';
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        // A malformed escape cannot name anything we serve.
        return null;
      }
    } else if (w !== h) {
      return null;
    }
  }
  return params;
}

/** Only same-site paths are followed after sign-in, so a crafted link cannot send people away. */
export function safeNext(next: string | null, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  return next;
}
