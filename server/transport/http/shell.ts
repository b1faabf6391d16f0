import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  catalogueFile,
  firstScreenNamespaces,
  languageDir,
  type Language,
} from '../../../shared/domain/languages.ts';
import { JOIN_INFO_ELEMENT_ID, type InlinedJoinInfo } from '../../../shared/protocol/rest.ts';

/**
 * Every page of the app is the built index.html, sent with what that page will need named up
 * front (LIGHT8): otherwise a phone on a slow network learns of its language's catalogues only
 * once the whole script has arrived and run, and of the workshop behind a join link only after
 * that, each a round trip of its own. The page names them (and the HTTP `Link` header names the
 * scripts, the stylesheet and the catalogues, so the browser can start on them before it has
 * parsed a byte of the page); a join link's page carries the workshop's join details as data.
 */

/** What Vite's build manifest (`build.manifest`) says of each file; the rest is not read. */
const ManifestSchema = z.record(
  z.string(),
  z.object({
    file: z.string(),
    isEntry: z.boolean().optional(),
    imports: z.array(z.string()).optional(),
    css: z.array(z.string()).optional(),
  }),
);
type Manifest = z.infer<typeof ManifestSchema>;

type Build = {
  /** index.html as built, cut where the page's own hints go in. */
  html: string;
  /** The entry script, the chunks it imports and its stylesheets, as `Link` header values. */
  links: string[];
  manifest: Manifest;
};

export type PageHints = {
  language: Language;
  /** Only on a join link's page. */
  joinInfo?: InlinedJoinInfo | undefined;
};

export type RenderedPage = { html: string; link: string };

/**
 * Reads the build in `root` when a page is first asked for, and again whenever index.html changes
 * (a deploy on a running server); undefined while there is no build.
 */
export function pageShell(root: string) {
  const index = path.join(root, 'index.html');
  let cached: { stamp: number; build: Build } | undefined;

  function build(): Build | undefined {
    let stamp: number;
    try {
      stamp = statSync(index).mtimeMs;
    } catch {
      return undefined;
    }
    if (cached?.stamp !== stamp) cached = { stamp, build: readBuild(root, index) };
    return cached.build;
  }

  return {
    render(hints: PageHints): RenderedPage | undefined {
      const b = build();
      if (!b) return undefined;
      const catalogues = firstScreenNamespaces
        .map((ns) => b.manifest[`i18n/${catalogueFile(hints.language, ns)}`]?.file)
        .filter((file): file is string => file !== undefined)
        .map((file) => `/${file}`);
      const head = [
        ...catalogues.map((href) => `<link rel="modulepreload" crossorigin href="${href}">`),
        ...(hints.joinInfo ? [joinInfoBlock(hints.joinInfo)] : []),
      ].join('\n    ');
      // Replaced by functions: a replacement string would read `$&` or `$'` in a title as
      // "insert a piece of the page here".
      let html = b.html.replace(
        /<html lang="[^"]*" dir="[^"]*">/,
        () => `<html lang="${hints.language}" dir="${languageDir(hints.language)}">`,
      );
      if (head) html = html.replace('</head>', () => `  ${head}\n  </head>`);
      const link = [
        ...b.links,
        ...catalogues.map((href) => `<${href}>; rel=modulepreload; crossorigin`),
      ].join(', ');
      return { html, link };
    },
  };
}

function readBuild(root: string, index: string): Build {
  const html = readFileSync(index, 'utf8');
  let manifest: Manifest = {};
  try {
    manifest = ManifestSchema.parse(
      JSON.parse(readFileSync(path.join(root, '.vite', 'manifest.json'), 'utf8')),
    );
  } catch {
    // A build without a manifest still serves: its pages just name nothing ahead.
  }
  const entry = manifest['index.html'];
  const links: string[] = [];
  if (entry) {
    // The entry first, then what it imports: the order the browser needs them in.
    const scripts = new Set<string>([entry.file]);
    const seen = new Set<string>();
    const walk = (keys: readonly string[]) => {
      for (const key of keys) {
        const chunk = manifest[key];
        if (!chunk || seen.has(key)) continue;
        seen.add(key);
        scripts.add(chunk.file);
        walk(chunk.imports ?? []);
      }
    };
    walk(entry.imports ?? []);
    for (const file of entry.css ?? [])
      links.push(`</${file}>; rel=preload; as=style; crossorigin`);
    for (const file of scripts) links.push(`</${file}>; rel=modulepreload; crossorigin`);
  }
  return { html, links, manifest };
}

/**
 * A data block, never run (the CSP allows no inline script anyway). Every `<`, `>` and `&` is
 * written as a JSON escape, so no title can close the element (`</script>`) or open a comment
 * that swallows the rest of the page; JSON.parse reads the same text back.
 */
function joinInfoBlock(info: InlinedJoinInfo): string {
  const json = JSON.stringify(info)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  return `<script type="application/json" id="${JOIN_INFO_ELEMENT_ID}">${json}</script>`;
}

/** The languages of an Accept-Language header, most wanted first; `q=0` means "not this one". */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, order };
    })
    .filter((l) => l.tag !== '' && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .map((l) => l.tag);
}
