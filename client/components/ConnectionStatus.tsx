import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation.ts';
import type { ConnectRefusal } from '../../shared/protocol/socket.ts';
import type { ConnectionStatus as Status } from '../lib/socket.ts';
import { Button } from './Button.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

/**
 * Says in words when the live connection is not working; says nothing when it is. Always present
 * so screen readers hear "Reconnecting…" when it appears.
 */
export function ConnectionStatus({ connection }: { connection: Status }) {
  const { t } = useTranslation();
  // A normal connection takes a fraction of a second; saying "Connecting…" only when it takes
  // longer avoids a flash on every page load (and a needless announcement).
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (connection !== 'connecting') return;
    const timer = setTimeout(() => setSlow(true), 1000);
    return () => {
      clearTimeout(timer);
      setSlow(false);
    };
  }, [connection]);
  const online = useOnline();
  const text = !online
    ? t('connection.offline')
    : connection === 'connecting' && slow
      ? t('connection.connecting')
      : connection === 'reconnecting'
        ? t('connection.reconnecting')
        : '';
  return (
    <p className={text ? 'connection connection-problem' : 'connection'} role="status">
      {text ? <span aria-hidden="true">⟳ </span> : null}
      {text}
    </p>
  );
}

/** The phone's own idea of whether it has a network at all (it is sure only when it has none). */
function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** A page opened before the server was upgraded cannot talk to it; only a reload helps. */
export function OutdatedPage() {
  const { t } = useTranslation();
  return (
    <ErrorMessage>
      <p>{t('connection.outdated')}</p>
      <Button variant="primary" onClick={() => window.location.reload()}>
        {t('connection.reload')}
      </Button>
    </ErrorMessage>
  );
}

export function refusalText(t: (key: string) => string, refusal: ConnectRefusal): string {
  switch (refusal.code) {
    case 'NOT_FOUND':
      return t('connection.notFound');
    case 'FORBIDDEN':
      return t('connection.forbidden');
    case 'UNAUTHENTICATED':
      return t('connection.unauthenticated');
    case 'RATE_LIMITED':
      return t('errors.RATE_LIMITED_generic');
    default:
      return t('connection.refused');
  }
}
