import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const client = import.meta.dirname;
const tokens = readFileSync(path.join(client, 'styles/tokens.css'), 'utf8');
const base = readFileSync(path.join(client, 'styles.css'), 'utf8');

/** A custom property's font list from tokens.css, names without quotes. */
function stack(name: string): string[] {
  const m = new RegExp(`--${name}:([^;]+);`).exec(tokens);
  if (!m?.[1]) throw new Error(`no --${name} in tokens.css`);
  return m[1].split(',').map((f) => f.trim().replace(/^'|'$/g, ''));
}

function everyFile(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? everyFile(full) : [full];
  });
}

describe('fonts by language', () => {
  it('[LANG7] each script gets its own fonts first, Urdu in Nastaliq with taller lines', () => {
    expect(stack('font-bengali')[0]).toBe('Noto Sans Bengali');
    expect(stack('font-arabic')[0]).toBe('Noto Naskh Arabic');
    expect(stack('font-urdu')[0]).toBe('Noto Nastaliq Urdu');
    expect(stack('font-urdu')).toContain('Noto Naskh Arabic');
    for (const [lang, font] of [
      ['bn', 'bengali'],
      ['ar', 'arabic'],
      ['ur', 'urdu'],
    ]) {
      expect(base).toMatch(
        new RegExp(`:lang\\(${lang}\\) \\{\\s*font-family: var\\(--font-${font}\\);`),
      );
    }
    const urduLine = /:lang\(ur\) \{[^}]*line-height: ([\d.]+)/.exec(base);
    expect(Number(urduLine?.[1])).toBeGreaterThanOrEqual(2);
  });

  it('[LANG7] the default stack lets mixed-script text fall back glyph by glyph', () => {
    const sans = stack('font-sans');
    // Bengali and Arabic-script fonts are named, after the Latin ones, before the generic family.
    expect(sans).toContain('Noto Sans Bengali');
    expect(sans).toContain('Noto Naskh Arabic');
    expect(sans.indexOf('Noto Sans')).toBeLessThan(sans.indexOf('Noto Sans Bengali'));
    expect(sans.at(-1)).toBe('sans-serif');
  });

  it('[LANG7] no font file is shipped to phones', () => {
    const fontFiles = everyFile(client).filter((f) => /\.(woff2?|ttf|otf|eot)$/i.test(f));
    expect(fontFiles).toEqual([]);
    const css = everyFile(client).filter((f) => f.endsWith('.css'));
    expect(css.filter((f) => readFileSync(f, 'utf8').includes('@font-face'))).toEqual([]);
  });
});
