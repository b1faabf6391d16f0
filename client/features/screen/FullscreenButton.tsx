import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';

/**
 * For the person at the computer driving the projector: fills the screen with the page. It hides
 * itself once the page is full-screen, so the room never sees a control it cannot use.
 */
export function FullscreenButton() {
  const { t } = useTranslation();
  const [full, setFull] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const changed = () => setFull(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);
  if (full || !document.fullscreenEnabled) return null;
  return (
    <button
      type="button"
      className="screen-fullscreen"
      onClick={() => void document.documentElement.requestFullscreen().catch(() => undefined)}
    >
      {t('screen.fullscreen')}
    </button>
  );
}
