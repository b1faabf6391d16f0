import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/**
 * zod 4's classic schemas carry its JSON Schema generator (about 64 KB of source, 8 KB gzipped)
 * whether or not it is used: every schema type points at its processor. The client never turns a
 * schema into JSON Schema (the server does, for /api/openapi.json), so in the browser build those
 * two modules are replaced by stubs that export the same names and throw if ever called. This is
 * what keeps a phone's first load under its 100 KB budget (LIGHT3) with room to grow.
 *
 * The names are read from zod's own files, so a zod upgrade that adds one cannot make the build
 * miss it; `npm run build` fails loudly if the files move.
 */
const stubbed = /\/zod\/v4\/core\/(to-json-schema|json-schema-processors)\.js$/;

function exportsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const m of source.matchAll(/^export (?:async )?(?:function|const|let|class) (\w+)/gm)) {
    names.add(m[1]!);
  }
  for (const m of source.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const part of m[1]!.split(',')) {
      const alias = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (alias) names.add(alias);
    }
  }
  return [...names];
}

export function zodWithoutJsonSchema(): Plugin {
  return {
    name: 'zod-without-json-schema',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0]!;
      if (!stubbed.test(file)) return null;
      const lines = exportsOf(file).map((name) =>
        name === 'allProcessors'
          ? 'export const allProcessors = {};'
          : `export const ${name} = unavailable;`,
      );
      return [
        'function unavailable() {',
        "  throw new Error('JSON Schema generation is not part of the browser build');",
        '}',
        ...lines,
      ].join('\n');
    },
  };
}
