import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';

/**
 * Text for a live region that can say the same sentence twice: the region is emptied first, so
 * "Moved “Benches” to Seating." is heard again when it happens again.
 */
export function useAnnouncer(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const announce = useCallback((next: string) => {
    clearTimeout(timer.current);
    setMessage('');
    timer.current = setTimeout(() => setMessage(next), 50);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [message, announce];
}

/** How long new notes are gathered before one announcement ("3 new notes") is made. */
const GATHER_MS = 2500;

/**
 * "3 new notes", not one announcement per note: when hundreds arrive at once a screen reader
 * would otherwise talk for minutes. Notes there when the board first loads are not news, and
 * neither are the reader's own (`ownIds`).
 */
export function useNewNotesAnnouncement(
  ids: readonly string[],
  ready: boolean,
  ownIds: ReadonlySet<string>,
): string {
  const { t } = useTranslation();
  const [message, announce] = useAnnouncer();
  const seen = useRef<Set<string> | null>(null);
  const pending = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!ready) return;
    if (!seen.current) {
      seen.current = new Set(ids);
      return;
    }
    let fresh = 0;
    for (const id of ids) {
      if (seen.current.has(id)) continue;
      seen.current.add(id);
      if (!ownIds.has(id)) fresh += 1;
    }
    if (fresh === 0) return;
    pending.current += fresh;
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      const count = pending.current;
      pending.current = 0;
      announce(t('board.newNotes', { count }));
    }, GATHER_MS);
  }, [ids, ready, ownIds, announce, t]);

  useEffect(() => () => clearTimeout(timer.current), []);
  return message;
}
