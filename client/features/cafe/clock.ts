import { useEffect, useState } from 'react';
import { remainingMs, type CafeState } from '../../../shared/domain/cafe.ts';

/**
 * Phones count down to the server's stored end time (CAFE5). A phone's own clock may be minutes
 * out, so every state carries the server's time and the offset between the two is kept; a phone
 * that slept or reconnected gets a fresh state and is back in step.
 */
export function serverOffsetMs(state: Pick<CafeState, 'serverTime'>, receivedAt = Date.now()) {
  return Date.parse(state.serverTime) - receivedAt;
}

/** Milliseconds left in the café's current phase, ticking every half second. */
export function useCountdown(state: CafeState | undefined | null): number {
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (state) setOffset(serverOffsetMs(state));
  }, [state]);
  useEffect(() => {
    if (!state?.endsAt) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [state?.endsAt]);
  if (!state) return 0;
  return remainingMs(state, now + offset);
}

/** "12:05" for a countdown; minutes may exceed 59 (a long pause, a generous extension). */
export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}
