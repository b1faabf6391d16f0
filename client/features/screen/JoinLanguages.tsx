import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { languageDir } from '../../../shared/domain/languages.ts';
import type { Presence } from '../../../shared/protocol/socket.ts';
import { isSupportedLanguage } from '../../i18n/index.ts';

/** More would crowd the QR code off a projector's screen. */
const MOST = 3;

/**
 * "Join on your phone" in the languages of the people here, under the projector's own: someone
 * at the back who reads Somali sees how to join in Somali (LANG9). The languages come from who is
 * connected, most spoken first; each is fetched once and shown when its strings have arrived.
 */
export function JoinLanguages({ presence }: { presence: Presence | null }) {
  const { t, i18n } = useTranslation();
  const current = i18n.language;
  const wanted = (presence?.languages ?? [])
    .map((l) => l.code)
    .filter((code) => isSupportedLanguage(code) && code !== current)
    .slice(0, MOST);
  const key = wanted.join(' ');
  const [loaded, setLoaded] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    const codes = key ? key.split(' ') : [];
    if (codes.length === 0) return;
    let live = true;
    void i18n.loadLanguages(codes).then(() => {
      if (!live) return;
      setLoaded(new Set(codes.filter((code) => i18n.hasResourceBundle(code, 'translation'))));
    });
    return () => {
      live = false;
    };
  }, [key, i18n]);

  const shown = wanted.filter((code) => loaded.has(code));
  if (shown.length === 0) return null;
  return (
    <ul className="screen-join-languages" data-testid="join-languages">
      {shown.map((code) => (
        <li key={code} lang={code} dir={languageDir(code)}>
          {t('screen.joinHeading', { lng: code })}
        </li>
      ))}
    </ul>
  );
}
