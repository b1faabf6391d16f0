import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Urdu and Arabic are read right to left: a page in either language sets dir="rtl" and every
 * layout must mirror. Logical properties (margin-inline-start, inset-inline-end, text-align:
 * start) mirror by themselves; physical ones (margin-left, right: 0, text-align: left) stay put
 * and leave the layout half mirrored. This test keeps physical properties out of the client's
 * stylesheets and inline styles, save for the few places where a physical side is really meant.
 */

const root = path.resolve(import.meta.dirname, '..');

/**
 * Places where a physical side is meant, by file and property, each with its reason. Keep it
 * short: anything here does not mirror.
 */
const allowed: { file: string; property: string; why: string }[] = [
  {
    file: 'client/features/board/ThemeColumns.tsx',
    property: 'left',
    why: 'the dragged note follows the pointer, whose clientX counts from the left in any language',
  },
];

interface Finding {
  line: number;
  property: string;
  text: string;
}

function files(dir: string, wanted: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full, wanted);
    return wanted.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Splits a CSS value on spaces outside parentheses: `0 calc(1rem + 2px) 0` is three parts. */
function parts(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value.trim()) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (/\s/.test(ch) && depth === 0) {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

/** Four sides of a top-right-bottom-left shorthand differ left and right. */
function sidesDiffer(value: string): boolean {
  const p = parts(value.replace(/!important/, ''));
  return p.length === 4 && p[1] !== p[3];
}

/** Corner radii differ left and right (top-left, top-right, bottom-right, bottom-left). */
function cornersDiffer(value: string): boolean {
  return value.split('/').some((half) => {
    const p = parts(half.replace(/!important/, ''));
    if (p.length < 2) return false;
    const [tl, tr, br = tl, bl = tr] = p;
    return tl !== tr || br !== bl;
  });
}

/** Whether a CSS declaration (kebab-case property) names a physical side. */
function physicalDeclaration(property: string, value: string): boolean {
  const prop = property.toLowerCase();
  if (prop.startsWith('--')) return false;
  if (/^(left|right)$/.test(prop)) return true;
  if (/^(margin|padding|scroll-margin|scroll-padding)-(left|right)$/.test(prop)) return true;
  if (/^border-(left|right)(-(color|style|width))?$/.test(prop)) return true;
  if (/^border-(top|bottom)-(left|right)-radius$/.test(prop)) return true;
  if (/^(float|clear|text-align|text-align-last|caption-side|resize)$/.test(prop))
    return /\b(left|right)\b/.test(value);
  if (/^(background-position|background-position-x|object-position|transform-origin)$/.test(prop))
    return /\b(left|right)\b/.test(value);
  if (/^(margin|padding|inset|scroll-margin|scroll-padding|border-(width|style|color))$/.test(prop))
    return sidesDiffer(value);
  if (prop === 'border-radius') return cornersDiffer(value);
  return false;
}

/** Physical declarations in a stylesheet, with their lines. */
function scanCss(css: string): Finding[] {
  // Comments blanked out, lines kept, so a comment that says "left" is not a finding.
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const found: Finding[] = [];
  // A declaration starts after "{" or ";"; a selector's ":hover" comes after "}" or a newline.
  for (const m of text.matchAll(/(?<=[{;]\s*)(-?[a-zA-Z][\w-]*)\s*:\s*([^;{}]*)/g)) {
    const [whole, property = '', value = ''] = m;
    if (physicalDeclaration(property, value))
      found.push({ line: lineAt(text, m.index), property, text: whole.trim() });
  }
  return found;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The text between a brace and its partner, nested braces included. */
function braced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}') depth -= 1;
    if (depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/**
 * Physical properties in a component's inline styles: `style={{ … }}`, objects cast to
 * CSSProperties, and `.style.x =` / `.style.setProperty('x'` in code.
 */
function scanTsx(source: string): Finding[] {
  const found: Finding[] = [];
  const spans: { start: number; text: string }[] = [];
  for (const m of source.matchAll(/style=\{/g)) {
    const open = m.index + m[0].length - 1;
    spans.push({ start: open, text: braced(source, open) });
  }
  for (const m of source.matchAll(/(?::\s*CSSProperties\s*=\s*)\{/g)) {
    const open = m.index + m[0].length - 1;
    spans.push({ start: open, text: braced(source, open) });
  }
  for (const m of source.matchAll(/\}\s*as\s+CSSProperties/g)) {
    // Back to the brace that opens this object.
    let depth = 0;
    for (let i = m.index; i >= 0; i -= 1) {
      if (source[i] === '}') depth += 1;
      if (source[i] === '{') depth -= 1;
      if (depth === 0) {
        spans.push({ start: i, text: source.slice(i, m.index + 1) });
        break;
      }
    }
  }
  const seen = new Set<string>();
  for (const span of spans) {
    const keys = /(?<=[{,]\s*)['"]?([a-zA-Z][\w-]*)['"]?\s*:\s*([^,}\n]*)/g;
    for (const m of span.text.matchAll(keys)) {
      const [whole, key = '', value = ''] = m;
      const property = key.includes('-') ? key : kebab(key);
      const plain = value.replace(/^['"`]|['"`]$/g, '');
      const at = span.start + m.index;
      if (physicalDeclaration(property, plain) && !seen.has(`${at}`)) {
        seen.add(`${at}`);
        found.push({ line: lineAt(source, at), property, text: whole.trim() });
      }
    }
  }
  for (const m of source.matchAll(
    /\.style\.(?:setProperty\(\s*['"]([\w-]+)['"]\s*,\s*([^)]*)|(\w+)\s*=\s*([^;\n]*))/g,
  )) {
    const property = m[1] ?? kebab(m[3] ?? '');
    const value = (m[2] ?? m[4] ?? '').replace(/['"`]/g, '');
    if (physicalDeclaration(property, value))
      found.push({ line: lineAt(source, m.index), property, text: m[0].trim() });
  }
  return found;
}

function relative(file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function physicalInClient(): string[] {
  const client = path.join(root, 'client');
  const findings: string[] = [];
  const report = (file: string, list: Finding[]) => {
    const rel = relative(file);
    for (const f of list) {
      if (allowed.some((a) => a.file === rel && a.property === f.property)) continue;
      findings.push(`${rel}:${f.line}: ${f.text}`);
    }
  };
  for (const file of files(client, /\.css$/)) report(file, scanCss(readFileSync(file, 'utf8')));
  for (const file of files(client, /\.tsx?$/)) report(file, scanTsx(readFileSync(file, 'utf8')));
  return findings;
}

describe('layouts that mirror in right-to-left languages', () => {
  it('[LANG5] no client stylesheet or inline style uses a physical left or right', () => {
    expect(physicalInClient()).toEqual([]);
  });

  it('[LANG5] every allowed physical property is still there (a stale entry would hide a new one)', () => {
    const stale = allowed.filter(({ file, property }) => {
      const source = readFileSync(path.join(root, file), 'utf8');
      const list = file.endsWith('.css') ? scanCss(source) : scanTsx(source);
      return !list.some((f) => f.property === property);
    });
    expect(stale).toEqual([]);
  });

  it('[LANG5] the check finds physical sides however they are written', () => {
    const css = [
      '.a { margin-left: 1rem; }',
      '.b {',
      '  padding: 0 1rem 0 0;',
      '  border-right-color: red;',
      '  text-align: left;',
      '  float: right;',
      '  border-radius: 4px 0 0 4px;',
      '}',
      '.c:hover { right: 0 }',
    ].join('\n');
    expect(scanCss(css).map((f) => `${f.line} ${f.property}`)).toEqual([
      '1 margin-left',
      '3 padding',
      '4 border-right-color',
      '5 text-align',
      '6 float',
      '7 border-radius',
      '9 right',
    ]);
    const tsx = [
      '<div style={{ marginLeft: 4, top: 0 }} />',
      "<p style={{ textAlign: 'right' }} />",
      "const s = { left: x, '--cols': 2 } as CSSProperties;",
      'el.style.paddingRight = "2px";',
    ].join('\n');
    expect(scanTsx(tsx).map((f) => `${f.line} ${f.property}`)).toEqual([
      '1 margin-left',
      '2 text-align',
      '3 left',
      '4 padding-right',
    ]);
  });

  it('[LANG5] logical properties, symmetric shorthands and comments pass', () => {
    const css = [
      '/* the left edge, as drawn */',
      '.a { margin-inline-start: 1rem; padding: 0 1rem; margin: 0 auto 1rem; }',
      '.b { inset-inline: 0; text-align: start; border-radius: 4px; --left: 2px; }',
      '.dots-left:hover { border-start-start-radius: 4px; }',
    ].join('\n');
    expect(scanCss(css)).toEqual([]);
    expect(scanTsx('<div style={{ insetInlineStart: 0, width: "50%" }} />')).toEqual([]);
  });
});
