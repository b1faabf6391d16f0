import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation.ts';
import type { Room } from '../lib/useRoom.ts';

/** How long "it is back" stays on screen after an outage. */
const BACK_NOTICE_MS = 15_000;

/**
 * A facilitator's warning while something the room depends on is away, and a notice for a while
 * once it is back. Both regions are always in the page so screen readers announce the change.
 */
function OutageNotice({
  down,
  downText,
  backText,
}: {
  down: boolean;
  downText: string;
  backText: string;
}) {
  const [back, setBack] = useState(false);
  const was = useRef(down);
  useEffect(() => {
    const before = was.current;
    was.current = down;
    if (down) {
      setBack(false);
      return;
    }
    if (!before) return;
    setBack(true);
    const timer = setTimeout(() => setBack(false), BACK_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [down]);

  return (
    <>
      <div
        role="alert"
        aria-atomic="true"
        className={down ? 'notice notice-error outage-notice' : 'outage-notice-idle'}
      >
        {down ? (
          <>
            <span aria-hidden="true" className="notice-icon">
              ⚠
            </span>
            <p>{downText}</p>
          </>
        ) : null}
      </div>
      <div
        role="status"
        aria-atomic="true"
        className={back ? 'notice notice-info outage-notice' : 'outage-notice-idle'}
      >
        {back ? (
          <>
            <span aria-hidden="true" className="notice-icon">
              ✓
            </span>
            <p>{backText}</p>
          </>
        ) : null}
      </div>
    </>
  );
}

/**
 * The server cannot reach its database: while it lasts, every press on every phone waits, so the
 * room must not carry on as if votes were being counted. (DUR4)
 */
export function DatabaseStatus({ database }: Pick<Room, 'database'>) {
  const { t } = useTranslation();
  return (
    <OutageNotice
      down={database === 'unreachable'}
      downText={t('connection.databaseDown')}
      backText={t('connection.databaseBack')}
    />
  );
}

/**
 * With several server nodes: this console's node cannot reach the others, so people connected
 * through another node do not see what happens here, nor this console what happens there. (SCALE5)
 */
export function LinkStatus({ link }: Pick<Room, 'link'>) {
  const { t } = useTranslation();
  return (
    <OutageNotice
      down={link === 'degraded'}
      downText={t('connection.linkDown')}
      backText={t('connection.linkBack')}
    />
  );
}
