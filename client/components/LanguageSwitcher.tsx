import { useId } from 'react';
import { useTranslation } from '../i18n/useTranslation.ts';
import { languages, type Language } from '../../shared/domain/languages.ts';
import { currentLanguage, isSupportedLanguage, setLanguage } from '../i18n/index.ts';

/** A language's own name, marked when nobody fluent has checked the translation yet. */
export function useLanguageLabel() {
  const { t } = useTranslation();
  return (code: Language) => {
    const lang = languages.find((l) => l.code === code);
    if (!lang) return code;
    return lang.reviewed ? lang.name : `${lang.name} ${t('language.draft')}`;
  };
}

type Props = { onChange?: (code: Language) => void };

export function LanguageSwitcher({ onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const labelOf = useLanguageLabel();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>
        <GlobeIcon />
        <span className="language-label-text">{t('language.label')}</span>
      </label>
      <select
        id={id}
        className="select"
        value={currentLanguage()}
        onChange={(e) => {
          const code = e.currentTarget.value;
          if (!isSupportedLanguage(code)) return;
          setLanguage(code);
          onChange?.(code);
        }}
      >
        {languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {labelOf(l.code)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Drawn rather than an emoji: many phones and projectors lack an emoji font. */
function GlobeIcon() {
  return (
    <svg
      className="icon"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
    >
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c2.5 2.5 3.8 5.5 3.8 9s-1.3 6.5-3.8 9c-2.5-2.5-3.8-5.5-3.8-9S9.5 5.5 12 3z" />
    </svg>
  );
}
