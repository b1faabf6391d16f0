import type { FormatterModule } from 'i18next';
import { localeOf } from '../../shared/domain/languages.ts';

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(lng: string | undefined): Intl.NumberFormat {
  const locale = localeOf(lng ?? 'en');
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    formats.set(locale, format);
  }
  return format;
}

/**
 * Every number put into a sentence is written the way the reader's locale writes it: "1,250" in
 * English, "১,২৫০" in Bengali, "1250" grouped as Polish groups it. Used with
 * `interpolation.alwaysFormat`, so catalogues need no `{{count, number}}` of their own and a
 * translator cannot forget it. Plural forms are chosen from the raw count, not from this text.
 */
export const localNumbers: FormatterModule = {
  type: 'formatter',
  init: () => undefined,
  // Anything else goes back untouched: i18next tells a missing value by its being undefined.
  format: ((value: unknown, _format: string | undefined, lng: string | undefined) =>
    typeof value === 'number' && Number.isFinite(value)
      ? numberFormat(lng).format(value)
      : value) as FormatterModule['format'],
  add: () => undefined,
  addCached: () => undefined,
};
