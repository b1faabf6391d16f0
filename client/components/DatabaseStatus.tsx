import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Room } from '../lib/useRoom.ts';

/** How long "the database is back" stays on screen after an outage. */
const BACK_NOTICE_MS = 15_000;

/**
 * The facilitator's warning that the server cannot reach its database: while it lasts, every
 * press on every phone waits, so the room must not carry on as if votes were being counted.
 * Both regions are always in the page so screen readers announce the change. (DUR4)
 */
export function DatabaseStatus({ database }: Pick<Room, 'database'>) {
  const { t } = useTranslation();
  const [back, setBack] = useState(false);
  const was = useRef(database);
  useEffect(() => {
    const before = was.current;
    was.current = database;
    if (database === 'unreachable') {
      setBack(false);
      return;
    }
    if (before !== 'unreachable') return;
    setBack(true);
    const timer = setTimeout(() => setBack(false), BACK_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [database]);

  const down = database === 'unreachable';
  return (
    <>
      <div
        role="alert"
        aria-atomic="true"
        className={down ? 'notice notice-error database-status' : 'database-status-idle'}
      >
        {down ? (
          <>
            <span aria-hidden="true" className="notice-icon">
              ⚠
            </span>
            <p>{t('connection.databaseDown')}</p>
          </>
        ) : null}
      </div>
      <div
        role="status"
        aria-atomic="true"
        className={back ? 'notice notice-info database-status' : 'database-status-idle'}
      >
        {back ? (
          <>
            <span aria-hidden="true" className="notice-icon">
              ✓
            </span>
            <p>{t('connection.databaseBack')}</p>
          </>
        ) : null}
      </div>
    </>
  );
}
