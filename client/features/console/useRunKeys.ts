import { useEffect, useRef } from 'react';

type Keys = { next: () => void; previous: () => void; showResults: () => void };

/**
 * The run-of-show by keyboard and by a presentation clicker (which sends Page Down / Page Up):
 * N or Page Down moves to the next step, P or Page Up to the previous one, R shows the results.
 * Keys typed into a field, or with a modifier, or while a dialog is open, are left alone.
 */
export function useRunKeys(keys: Keys) {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], dialog[open]')) {
        return;
      }
      if (document.querySelector('dialog[open]')) return;
      const action =
        e.key === 'PageDown' || e.key === 'n' || e.key === 'N'
          ? latest.current.next
          : e.key === 'PageUp' || e.key === 'p' || e.key === 'P'
            ? latest.current.previous
            : e.key === 'r' || e.key === 'R'
              ? latest.current.showResults
              : null;
      if (!action) return;
      e.preventDefault();
      action();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
