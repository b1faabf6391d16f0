import { readFileSync, writeFileSync } from 'node:fs';
import { cafeQualityReport, formatCafeQuality } from '../shared/domain/cafeQuality.ts';

// Prints how well the World Café assignment mixes people (CAFE9): `node --import tsx
// scripts/cafeQuality.ts`. With `--write` it also redraws the table in docs/cafe-assignment.md
// (between its quality:start and quality:end markers), so the table is never edited by hand.

// CPU time of this process rather than the wall clock, so other work on the machine (a test run,
// a browser) does not inflate the figures.
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

// One unmeasured run of the whole report first (under a second), so the timings are not the JIT
// compiling the code.
cafeQualityReport({ seed: 'warm-up' });
const table = formatCafeQuality(cafeQualityReport({ now: cpuMs }));
console.log(table);
if (process.argv.includes('--write')) {
  const doc = new URL('../docs/cafe-assignment.md', import.meta.url);
  const text = readFileSync(doc, 'utf8');
  const marked = /<!-- quality:start -->[\s\S]*?<!-- quality:end -->/;
  if (!marked.test(text)) throw new Error('docs/cafe-assignment.md has no quality markers');
  writeFileSync(
    doc,
    text.replace(marked, `<!-- quality:start -->\n\n${table}\n\n<!-- quality:end -->`),
  );
  console.log('\nWrote the table into docs/cafe-assignment.md.');
}
console.log(
  '\nms per round: CPU time of one assignTables call (process.cpuUsage), mean of the rounds.',
);
