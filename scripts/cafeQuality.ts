import { cafeQualityReport, formatCafeQuality } from '../shared/domain/cafeQuality.ts';

// Prints how well the World Café assignment mixes people (CAFE9): `node --import tsx
// scripts/cafeQuality.ts`. The table is the one in docs/cafe-assignment.md.

// CPU time of this process rather than the wall clock, so other work on the machine (a test run,
// a browser) does not inflate the figures.
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

// One unmeasured run of the whole report first (under a second), so the timings are not the JIT
// compiling the code.
cafeQualityReport({ seed: 'warm-up' });
console.log(formatCafeQuality(cafeQualityReport({ now: cpuMs })));
console.log(
  '\nms per round: CPU time of one assignTables call (process.cpuUsage), mean of the rounds.',
);
