import { mulberry32 } from '../lib.ts';

/** One line a person writes on their table's tablecloth in one round. */
export type PlannedLine = { id: number; round: number; person: number; atMs: number; text: string };

const ideas = [
  'More benches along the river path',
  'Youth club open on Friday evenings',
  'Safer crossings by the primary school',
  'Free wifi in the library and park',
  'Street lights on the walk from station',
  'Community fridge at the market hall',
  'Bus shelters with timetables that work',
  'Skate park repairs and a water fountain',
  'Monthly clean-ups with the residents',
  'Translation at council meetings',
  'Cheaper hall hire for small groups',
  'A noticeboard in every block lobby',
];

/** Every line of the café is this long, newline included. */
const LINE_CHARS = 40;

/**
 * Each person writes a line every 2 to 3 s through each round's window, starting at a random
 * moment in the first 2.5 s. Each line starts with `#<id> `, unique over the café, so a document
 * that receives it can tell which line it is and when it was written.
 */
export function plan(
  people: number,
  rounds: number,
  seconds: number,
  seed: number,
): PlannedLine[][] {
  const random = mulberry32(seed);
  let id = 0;
  const perRound: PlannedLine[][] = [];
  for (let round = 1; round <= rounds; round++) {
    const lines: PlannedLine[] = [];
    for (let person = 0; person < people; person++) {
      for (let at = random() * 2500; at < seconds * 1000; at += 2000 + random() * 1000) {
        id++;
        const idea = ideas[Math.floor(random() * ideas.length)]!;
        const head = `#${id} ${idea}`;
        lines.push({
          id,
          round,
          person,
          atMs: at,
          text: `${head.slice(0, LINE_CHARS - 1).padEnd(LINE_CHARS - 1, '.')}\n`,
        });
      }
    }
    lines.sort((a, b) => a.atMs - b.atMs);
    perRound.push(lines);
  }
  return perRound;
}
