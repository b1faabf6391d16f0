import { localeOf } from '../../shared/domain/languages.ts';
import type { FormatValue } from './translator.ts';

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(lng: string): Intl.NumberFormat {
  const locale = localeOf(lng);
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    formats.set(locale, format);
  }
  return format;
}

/**
 * Every number put into a sentence is written the way the reader's locale writes it: "1,250" in
 * English, "১,২৫০" in Bengali, "1250" grouped as Polish groups it. The translator applies it to
 * every value it interpolates, so catalogues need no `{{count, number}}` of their own and a
 * translator cannot forget it. Plural forms are chosen from the raw count, not from this text.
 */
export const localNumbers: FormatValue = (value, lng) =>
  typeof value === 'number' && Number.isFinite(value) ? numberFormat(lng).format(value) : value;
