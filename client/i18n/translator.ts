/**
 * Says a catalogue key in a language: the small part of i18next this app used, kept to the same
 * catalogue format (i18next JSON v4), so the JSON files and their tests did not change.
 *
 * - Keys are nested objects addressed by dots (`board.addNote`), optionally prefixed by their
 *   namespace (`records:nav.records`) or given one with `{ ns }`.
 * - `{{name}}` is replaced by the option of that name, as it is: React escapes text itself.
 * - With a numeric `count`, the form is chosen by `Intl.PluralRules` of the language: `key_one`,
 *   `key_few`, … (`key_ordinal_two` with `ordinal: true`), `key_zero` first for a count of 0.
 * - A key with no text says `defaultValue` if given, otherwise the key itself.
 *
 * Nothing else (nesting with `$t()`, formats like `{{n, number}}`, context, fallback languages):
 * no catalogue or call uses them. Numbers are written by the `format` the owner passes in
 * (numbers.ts), for every value, as i18next's `interpolation.alwaysFormat` did.
 */

/** One catalogue file: nested objects, strings at the leaves. */
export type Catalogue = { readonly [key: string]: unknown };

/** Catalogues by language, then namespace: `{ en: { voting: {...} } }`. */
export type Resources = Readonly<Record<string, Readonly<Record<string, Catalogue>>>>;

export type TOptions = {
  /** Chooses the plural form, and fills `{{count}}`. */
  count?: number;
  /** `1st`, `2nd`: the ordinal forms (`_ordinal_one`, …) instead of the cardinal ones. */
  ordinal?: boolean;
  /** Said when the catalogue has no text for the key. */
  defaultValue?: string;
  /** The namespace to look in, instead of the one the `t` was made for. */
  ns?: string;
  /** The language to say it in, instead of the current one. */
  lng?: string;
  /** Values for the `{{placeholders}}`. */
  [value: string]: unknown;
};

export type TFunction = (key: string, options?: TOptions) => string;

/** Writes a value put into a sentence for a language's reader (numbers.ts); others pass through. */
export type FormatValue = (value: unknown, lng: string) => unknown;

export const defaultNamespace = 'translation';

const placeholder = /\{\{(.+?)\}\}/g;

/** `records:nav.records` → the `records` namespace. Keys never contain a colon of their own. */
const namespaced = /^(\w+):(.+)$/;

const rules = new Map<string, Intl.PluralRules>();

function pluralRules(lng: string, ordinal: boolean): Intl.PluralRules {
  const id = `${lng}|${ordinal ? 'ordinal' : 'cardinal'}`;
  let rule = rules.get(id);
  if (!rule) {
    rule = new Intl.PluralRules(lng, { type: ordinal ? 'ordinal' : 'cardinal' });
    rules.set(id, rule);
  }
  return rule;
}

/**
 * The keys to try, best first, in i18next's order: `_zero` (cardinal only), the language's own
 * form, for an ordinal also the cardinal-named form of its category, then the bare key (a sentence
 * with no plural forms still takes a count).
 */
function candidates(key: string, lng: string, options: TOptions): string[] {
  const { count, ordinal = false } = options;
  if (typeof count !== 'number') return [key];
  const form = pluralRules(lng, ordinal).select(count);
  const keys: string[] = [];
  if (count === 0 && !ordinal) keys.push(`${key}_zero`);
  if (ordinal) keys.push(`${key}_ordinal_${form}`);
  keys.push(`${key}_${form}`, key);
  return keys;
}

/** The string at a dotted path, or undefined (an object half-way is not a text). */
function textAt(catalogue: Catalogue | undefined, path: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Catalogue)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * Fills `{{name}}` from the options. A name not given at all stays visible as `{{name}}` (a
 * forgotten value shows as a gap to fix, not as "undefined"); one given as undefined or null
 * says nothing. A value's text is never searched for placeholders itself.
 */
function interpolate(text: string, values: TOptions, lng: string, format: FormatValue): string {
  if (!text.includes('{{')) return text;
  return text.replace(placeholder, (whole, name: string) => {
    const key = name.trim();
    if (!Object.hasOwn(values, key)) return whole;
    const value = format(values[key], lng);
    return value === undefined || value === null ? '' : String(value);
  });
}

export class Translator {
  /** The language `t` speaks when a call names none. */
  language: string;
  private readonly catalogues = new Map<string, Catalogue>();
  private readonly format: FormatValue;

  constructor(options: { language: string; resources?: Resources; format?: FormatValue }) {
    this.language = options.language;
    this.format = options.format ?? ((value) => value);
    for (const [lng, byNamespace] of Object.entries(options.resources ?? {}))
      for (const [ns, catalogue] of Object.entries(byNamespace)) this.add(lng, ns, catalogue);
  }

  /** Replaces a namespace's catalogue in a language. */
  add(lng: string, ns: string, catalogue: Catalogue): void {
    this.catalogues.set(`${lng}|${ns}`, catalogue);
  }

  has(lng: string, ns: string): boolean {
    return this.catalogues.has(`${lng}|${ns}`);
  }

  translate(key: string, options: TOptions = {}): string {
    const lng = options.lng ?? this.language;
    const prefixed = namespaced.exec(key);
    const ns = prefixed?.[1] ?? options.ns ?? defaultNamespace;
    const path = prefixed?.[2] ?? key;
    const catalogue = this.catalogues.get(`${lng}|${ns}`);
    let text: string | undefined;
    for (const candidate of candidates(path, lng, options)) {
      text = textAt(catalogue, candidate);
      if (text !== undefined) break;
    }
    // i18next's rule, which pages rely on: `defaultValue: ''` says nothing; no default, the key.
    return interpolate(text ?? options.defaultValue ?? path, options, lng, this.format);
  }

  /** A `t` for one language (or, with none, whichever is current when it is called) and namespace. */
  getFixedT(lng: string | null, ns: string = defaultNamespace): TFunction {
    return (key, options) =>
      this.translate(key, { ns, ...(lng === null ? {} : { lng }), ...options });
  }
}
