import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every client source file, tests aside. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/**
 * A server message read as text: a regular expression, or a string search, applied to an error
 * body's `message` (or to the whole body turned to JSON).
 */
const matchesMessage = [
  /\.(test|exec)\([^)]*\bmessage\b/,
  /\bmessage\b[\w.?]*\.(match|includes|startsWith|endsWith|search)\(/,
  /\.(test|exec)\(JSON\.stringify\(/,
];

describe('the client and the server’s English', () => {
  it('[LANG2] no client code tells a server refusal apart by its English text', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const found: string[] = [];
    for (const file of sources(path.join(root, 'client'))) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (matchesMessage.some((re) => re.test(line)))
            found.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
