import { useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { languages, type Language } from '../../../shared/domain/languages.ts';
import { limits } from '../../../shared/domain/limits.ts';
import type { Translations } from '../../../shared/domain/translations.ts';
import { Field } from '../../components/Field.tsx';

type Props = {
  /** The language the facilitator writes in: not one to translate into. */
  language: Language;
  /** The workshop's texts as the form now has them, in agenda order (`facilitatorTexts`). */
  texts: readonly string[];
  translations: Translations;
  onChange: (translations: Translations) => void;
  errors: Record<string, string>;
};

/**
 * The workshop's texts in one other language at a time (LANG11): each original is the label of
 * its translation's field, so a screen reader names the field by what it translates.
 */
export function TranslationsEditor({ language, texts, translations, onChange, errors }: Props) {
  const { t } = useTranslation();
  const others = languages.filter((l) => l.code !== language);
  const [chosen, setChosen] = useState<Language>(others[0]!.code);
  const into = chosen === language ? others[0]!.code : chosen;
  const phrases = translations[into] ?? {};
  const done = texts.filter((text) => (phrases[text] ?? '').trim() !== '').length;

  const set = (original: string, value: string) =>
    onChange({ ...translations, [into]: { ...phrases, [original]: value } });

  return (
    <section className="panel" aria-labelledby="translations-heading">
      <h2 id="translations-heading">{t('translationsEditor.heading')}</h2>
      <p className="field-hint">{t('translationsEditor.hint')}</p>
      <Field label={t('translationsEditor.into')}>
        {(p) => (
          <select
            {...p}
            className="select"
            value={into}
            onChange={(e) => setChosen(e.currentTarget.value as Language)}
          >
            {others.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {texts.length === 0 ? (
        <p>{t('translationsEditor.nothing')}</p>
      ) : (
        <>
          <p data-testid="translations-progress">
            {t('translationsEditor.progress', { n: done, total: texts.length })}
          </p>
          <ul className="plain-list translations-list">
            {texts.map((original) => {
              const long = original.length > limits.workshopTitleMax || original.includes('\n');
              const common = {
                dir: 'auto',
                lang: into,
                className: long ? 'textarea' : 'input',
                maxLength: limits.translationTextMax,
                value: phrases[original] ?? '',
              };
              return (
                <li key={original}>
                  <Field
                    label={
                      <bdi className="prewrap" lang={language}>
                        {original}
                      </bdi>
                    }
                    error={errors[`translations.${into}.${original}`]}
                  >
                    {(p) =>
                      long ? (
                        <textarea
                          {...p}
                          {...common}
                          rows={3}
                          onChange={(e) => set(original, e.currentTarget.value)}
                        />
                      ) : (
                        <input
                          {...p}
                          {...common}
                          onChange={(e) => set(original, e.currentTarget.value)}
                        />
                      )
                    }
                  </Field>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
