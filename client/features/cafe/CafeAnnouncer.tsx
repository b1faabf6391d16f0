import { useEffect, useRef } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { CAFE_WARNING_MS, type CafeState } from '../../../shared/domain/cafe.ts';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { useAnnouncer } from '../board/useAnnouncer.ts';

/** The two moments of a round that everyone must notice (CAFE6). */
export type CafeSignal = { kind: 'warning' | 'ended'; round: number; last: boolean };

/**
 * Which signal the café is in now, if any: the last two minutes of a round's talk, or the time
 * after a round's talk ended (the next changeover, or the harvest). Computed from the state and
 * the time left, so a phone that slept through the moment still finds it on waking.
 */
export function signalFor(state: CafeState, remaining: number): CafeSignal | null {
  const last = state.round >= state.rounds;
  const phase = state.phase === 'paused' ? state.pausedPhase : state.phase;
  if (phase === 'talking') {
    // The server ends the round a moment after its time; the phone need not wait for that.
    if (state.phase === 'talking' && state.endsAt && remaining <= 0) {
      return { kind: 'ended', round: state.round, last };
    }
    if (remaining <= CAFE_WARNING_MS) return { kind: 'warning', round: state.round, last };
    return null;
  }
  if (phase === 'moving' && state.round > 1) {
    return { kind: 'ended', round: state.round - 1, last: false };
  }
  if (state.phase === 'harvest' && state.round > 0) {
    return { kind: 'ended', round: state.round, last: true };
  }
  return null;
}

/** Signals already announced, per café: once per round per signal, across reloads of the tab. */
function announcedStore(activityId: string) {
  const key = `cafe-signals:${activityId}`;
  const read = (): string[] => {
    try {
      const raw = sessionStorage.getItem(key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    has: (id: string) => read().includes(id),
    add: (id: string) => {
      try {
        sessionStorage.setItem(key, JSON.stringify([...read(), id].slice(-40)));
      } catch {
        // Private mode or full storage: the in-memory record below still holds for this page.
      }
    },
  };
}

/** A signal must hold this long before it is announced: the first render after a state can
 * still be counting with the phone's own clock, before the server's offset is applied. */
const SETTLE_MS = 300;
/** The longest an announcement waits for what it depends on (a phone's seat for the new round). */
const READY_WAIT_MS = 4000;

export type Audience = 'phone' | 'host' | 'screen';

type Props = {
  state: CafeState;
  remaining: number;
  audience: Audience;
  /** Called once when a signal is announced (the projector's optional sound). */
  onSignal?: (signal: CafeSignal) => void;
  /** Show the banner (the harvest view has its own heading, so it can hide it). */
  banner?: boolean;
  /**
   * False while the words are still to be settled: a phone's seat for the new round (host or
   * traveller) is pushed just after the state that ended the round, and on a busy phone it can
   * take a moment. The announcement waits for it, but not for long.
   */
  ready?: boolean;
};

/**
 * The visible banner and the screen-reader announcement for the two signals of a round: polite
 * two minutes before the end, assertive at the end. Each is said once per round, including after
 * a reconnect when the moment passed while the phone slept (then only the state it is in now).
 */
export function CafeAnnouncer({
  state,
  remaining,
  audience,
  onSignal,
  banner = true,
  ready = true,
}: Props) {
  const { t } = useTranslation('cafe');
  const [polite, announcePolite] = useAnnouncer();
  const [assertive, announceAssertive] = useAnnouncer();
  const signal = signalFor(state, remaining);
  const id = signal ? `${signal.kind}:${signal.round}` : null;
  const said = useRef(new Set<string>());
  const onSignalRef = useRef(onSignal);
  useEffect(() => {
    onSignalRef.current = onSignal;
  });

  const text = signal ? signalText(t, signal, audience) : '';
  // Read when the announcement is made: a phone's seat for the new round (host or not) often
  // arrives a moment after the state that ended the round.
  const latest = useRef({ signal, text });
  useEffect(() => {
    latest.current = { signal, text };
  });
  useEffect(() => {
    if (!id) return;
    const store = announcedStore(state.activityId);
    if (said.current.has(id) || store.has(id)) return;
    const timer = setTimeout(
      () => {
        const { signal: now, text: words } = latest.current;
        if (!now) return;
        said.current.add(id);
        store.add(id);
        if (now.kind === 'warning') announcePolite(words);
        else announceAssertive(words);
        onSignalRef.current?.(now);
      },
      ready ? SETTLE_MS : READY_WAIT_MS,
    );
    return () => clearTimeout(timer);
  }, [id, ready, state.activityId, announcePolite, announceAssertive]);

  return (
    <>
      <LiveRegion message={polite} />
      <LiveRegion message={assertive} politeness="assertive" />
      {banner && signal ? (
        <p
          className={`cafe-banner cafe-banner-${signal.kind}`}
          data-testid="cafe-banner"
          data-signal={signal.kind}
        >
          <span className="cafe-banner-icon" aria-hidden="true">
            {signal.kind === 'warning' ? '⏳' : '⏹'}
          </span>
          <span>{text}</span>
        </p>
      ) : null}
    </>
  );
}

function signalText(
  t: (key: string, opts?: Record<string, unknown>) => string,
  signal: CafeSignal,
  audience: Audience,
): string {
  const minutes = Math.round(CAFE_WARNING_MS / 60_000);
  if (signal.kind === 'warning') {
    return t('signal.warning', { count: minutes, round: signal.round });
  }
  if (signal.last) return t('signal.endedLast', { round: signal.round });
  if (audience === 'host') return t('signal.endedHost', { round: signal.round });
  if (audience === 'screen') return t('signal.endedScreen', { round: signal.round });
  return t('signal.ended', { round: signal.round });
}
