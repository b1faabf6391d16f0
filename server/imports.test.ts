import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The module graph of server/, shared/ and client/, read with the TypeScript parser, and the two
 * rules ARCHITECTURE.md states about it: imports point one way between the layers, and no module
 * imports itself round a cycle. ESLint's no-restricted-imports holds the layering in the editor;
 * this repeats it over the whole graph, and adds the cycle check ESLint cannot do.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDirs = ['server', 'shared', 'client'];

type Edge = { from: string; to: string; typeOnly: boolean };

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The repository-relative path, with forward slashes, so rules and messages read the same. */
function rel(path: string) {
  return relative(root, path).split(sep).join('/');
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * Static imports and re-exports between our own modules. `import type` and `export type` are
 * marked type-only: they are erased, so they cannot make modules evaluate in a circle. A plain
 * `import { type A }` is not: verbatimModuleSyntax keeps it as a (side-effect) import. Dynamic
 * `import()` is left out: it runs after every module has evaluated, so it closes no cycle.
 */
function edgesOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const edges: Edge[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      typeOnly = statement.importClause?.isTypeOnly ?? false;
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
      typeOnly = statement.isTypeOnly;
    }
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const to = resolveSpecifier(file, specifier.text);
    if (to) edges.push({ from: rel(file), to: rel(to), typeOnly });
  }
  return edges;
}

const files = sourceDirs.flatMap((d) => sourceFiles(join(root, d)));
const edges = files.flatMap(edgesOf);

/**
 * The cycles of a graph: for each module that lies on one, the shortest cycle through it, written
 * from its alphabetically first module so the same cycle is listed once, always spelled the same.
 */
function cyclesOf(graphEdges: readonly Edge[]): string[] {
  const next = new Map<string, string[]>();
  for (const e of graphEdges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const found = new Set<string>();
  // Strongly connected components (Tarjan), then one shortest cycle through each member.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const v of next.keys()) if (!indexOf.has(v)) visit(v);

  for (const component of components) {
    const members = new Set(component);
    const selfLoop =
      component.length === 1 && (next.get(component[0]!) ?? []).includes(component[0]!);
    if (component.length === 1 && !selfLoop) continue;
    for (const start of component) {
      // Breadth-first back to `start` inside the component: the shortest cycle through it.
      const parent = new Map<string, string>();
      const queue = [start];
      let closedBy: string | undefined;
      while (queue.length > 0 && !closedBy) {
        const v = queue.shift()!;
        for (const w of next.get(v) ?? []) {
          if (!members.has(w)) continue;
          if (w === start) {
            closedBy = v;
            break;
          }
          if (!parent.has(w)) {
            parent.set(w, v);
            queue.push(w);
          }
        }
      }
      if (!closedBy) continue;
      const path = [closedBy];
      while (path[0] !== start) path.unshift(parent.get(path[0]!)!);
      const smallest = path.indexOf([...path].sort()[0]!);
      const rotated = [...path.slice(smallest), ...path.slice(0, smallest)];
      found.add([...rotated, rotated[0]].join(' -> '));
    }
  }
  return [...found].sort();
}

/**
 * Cycles known and accepted, each with the reason it is not broken. Empty: a new cycle fails the
 * test, and one added here has to say why.
 */
const allowedCycles: readonly string[] = [];

/** Which layers may not import which (see ARCHITECTURE.md, "Layers"). */
const layerRules: { from: RegExp; to: RegExp; why: string }[] = [
  {
    from: /^server\/(features|core)\//,
    to: /^server\/(transport\/|app\.ts$)/,
    why: 'features and core know no transport; they get it through ports in server/core',
  },
  {
    from: /^server\/core\//,
    to: /^server\/features\//,
    why: 'core is shared by the features and depends on none of them',
  },
  {
    from: /^server\/db\//,
    to: /^server\/(features\/|transport\/|app\.ts$)/,
    why: 'the database layer serves the features and knows none of them',
  },
  {
    from: /^shared\//,
    to: /^(server|client)\//,
    why: 'shared/ is used by both ends and depends on neither',
  },
  { from: /^client\//, to: /^server\//, why: 'the client may import shared/, never server/' },
];

describe('module graph', () => {
  it('finds the modules it checks', () => {
    // A broken walk would pass every rule below by finding nothing.
    expect(files.length).toBeGreaterThan(100);
    expect(edges.some((e) => e.from === 'server/app.ts')).toBe(true);
  });

  it('has no import cycles between modules at run time', () => {
    const cycles = cyclesOf(edges.filter((e) => !e.typeOnly));
    expect(cycles.filter((c) => !allowedCycles.includes(c))).toEqual([]);
  });

  it('has no cycles through type-only imports either', () => {
    expect(cyclesOf(edges).filter((c) => !allowedCycles.includes(c))).toEqual([]);
  });

  it('keeps the layers pointing one way', () => {
    const broken = edges.flatMap((e) =>
      layerRules
        .filter((r) => r.from.test(e.from) && r.to.test(e.to))
        .map((r) => `${e.from} imports ${e.to}: ${r.why}`),
    );
    expect(broken).toEqual([]);
  });

  it('reports a cycle it is shown', () => {
    const a = { from: 'a.ts', to: 'b.ts', typeOnly: false };
    const b = { from: 'b.ts', to: 'c.ts', typeOnly: false };
    const c = { from: 'c.ts', to: 'a.ts', typeOnly: false };
    expect(cyclesOf([a, b, c])).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
    expect(cyclesOf([a, b])).toEqual([]);
  });
});
