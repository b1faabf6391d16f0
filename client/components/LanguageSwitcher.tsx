import { useId } from 'react';
import { useTranslation } from 'react-i18next';
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
        <span aria-hidden="true">🌐 </span>
        {t('language.label')}
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
