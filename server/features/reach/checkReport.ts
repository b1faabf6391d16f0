import type { Cell, ReachReport } from '../../../shared/protocol/reach.ts';
import { THRESHOLD } from './suppression.ts';

/**
 * Reads a published reach report as anyone could and lists what it gives away: a count below 5,
 * or a hidden number that is a shown total minus shown numbers (a row, column or the totals with
 * exactly one hidden entry). With the workshops' own reports, also a record number that is the
 * sum of workshop numbers all shown but one. Tests use it on every report they fetch; it needs
 * nothing but the JSON, so it checks what was sent, not how it was made.
 */
export function disclosureProblems(report: ReachReport, workshopReports: ReachReport[] = []) {
  const problems: string[] = [];
  const hidden = (c: Cell) => c.kind !== 'count';
  const checkCell = (where: string, c: Cell) => {
    if (c.kind === 'count' && c.value < THRESHOLD) problems.push(`${where}: ${c.value} shown`);
  };
  const checkLine = (where: string, line: Cell[]) => {
    if (line.filter(hidden).length === 1) problems.push(`${where}: one hidden entry in a line`);
  };
  checkCell('respondents', report.respondents);
  for (const q of report.questions) {
    const groups = Object.keys(q.answeredByGroup);
    checkCell(`${q.question} answered`, q.answered);
    for (const g of groups) checkCell(`${q.question} answered by ${g}`, q.answeredByGroup[g]!);
    for (const r of q.rows) {
      checkCell(`${q.question}/${r.answer}`, r.count);
      for (const g of groups) checkCell(`${q.question}/${r.answer}/${g}`, r.byGroup[g]!);
      checkLine(`${q.question}/${r.answer} row`, [...groups.map((g) => r.byGroup[g]!), r.count]);
    }
    for (const g of groups) {
      checkLine(`${q.question} column ${g}`, [
        ...q.rows.map((r) => r.byGroup[g]!),
        q.answeredByGroup[g]!,
      ]);
    }
    checkLine(`${q.question} totals column`, [...q.rows.map((r) => r.count), q.answered]);
    checkLine(`${q.question} totals row`, [
      ...groups.map((g) => q.answeredByGroup[g]!),
      q.answered,
    ]);

    if (workshopReports.length === 0) continue;
    // A shown record number with exactly one hidden workshop number under it gives that away.
    const parts = workshopReports.map((w) => w.questions.find((x) => x.question === q.question)!);
    const sumCheck = (where: string, total: Cell, constituents: (Cell | undefined)[]) => {
      if (hidden(total)) return;
      const present = constituents.filter((c): c is Cell => c !== undefined);
      if (present.filter(hidden).length === 1) problems.push(`${where}: record minus workshops`);
    };
    sumCheck(
      `${q.question} answered`,
      q.answered,
      parts.map((p) => p.answered),
    );
    for (const g of groups) {
      sumCheck(
        `${q.question} answered by ${g}`,
        q.answeredByGroup[g]!,
        parts.map((p) => p.answeredByGroup[g]),
      );
    }
    for (const r of q.rows) {
      const rows = parts.map((p) => p.rows.find((x) => x.answer === r.answer)!);
      sumCheck(
        `${q.question}/${r.answer}`,
        r.count,
        rows.map((x) => x.count),
      );
      for (const g of groups) {
        sumCheck(
          `${q.question}/${r.answer}/${g}`,
          r.byGroup[g]!,
          rows.map((x) => x.byGroup[g]),
        );
      }
    }
  }
  if (workshopReports.length > 0 && !hidden(report.respondents)) {
    const ws = workshopReports.map((w) => w.respondents);
    if (ws.filter(hidden).length === 1) problems.push('respondents: record minus workshops');
  }
  return problems;
}
