import { describe, expect, it } from 'vitest';
import { PREFER_NOT, answerKeys, questionKeys } from '../../../shared/domain/equality.ts';
import { ReachReportSchema, type ReferenceRow } from '../../../shared/protocol/reach.ts';
import { disclosureProblems } from './checkReport.ts';
import { recordReport, workshopReport } from './report.ts';
import type { AnswerRow, WorkshopHead } from './store.ts';
import { mulberry32 } from '../../../shared/domain/random.ts';

const groups = [
  { key: 'resident', label: null },
  { key: 'officer', label: null },
  { key: 'partner', label: null },
];

const head = (id: string, title = 'Workshop'): WorkshopHead => ({
  id,
  title,
  groups,
  joined: 0,
  personalDataDeletedAt: null,
});

const ids = [
  '00000000-0000-4000-8000-00000000000a',
  '00000000-0000-4000-8000-00000000000b',
  '00000000-0000-4000-8000-00000000000c',
];
const recordId = '00000000-0000-4000-8000-0000000000ff';

const reference: ReferenceRow[] = [
  { question: 'age', answer: '65_plus', share: 0.058, source: 'test' },
  { question: 'age', answer: '25_34', share: 0.256, source: 'test' },
  { question: 'first_language', answer: 'english', share: 0.715, source: 'test' },
];

/** A random set of answers: skewed, with skipped questions and "prefer not to say". */
function randomAnswers(rand: () => number, n: number, workshopIds: string[]): AnswerRow[] {
  return Array.from({ length: n }, () => {
    const answers: Record<string, string> = {};
    for (const q of questionKeys) {
      if (rand() < 0.2) continue;
      const keys = answerKeys(q);
      // Squaring skews towards the first answers, as real rooms are skewed.
      answers[q] = rand() < 0.1 ? PREFER_NOT : keys[Math.floor(rand() ** 2 * (keys.length - 1))]!;
    }
    const g = rand();
    return {
      workshopId: workshopIds[Math.floor(rand() * workshopIds.length)]!,
      groupKey: g < 0.7 ? 'resident' : g < 0.9 ? 'officer' : 'partner',
      answers,
    };
  });
}

const answer = (workshopId: string, groupKey: string, answers: Record<string, string>) => ({
  workshopId,
  groupKey,
  answers,
});

describe('reach reports', () => {
  it('[REC13] property: over random answer sets no workshop or record report shows a count below 5 or lets a hidden one be worked out, alone or against its workshops', () => {
    const rand = mulberry32(42);
    for (let n = 0; n < 40; n++) {
      const workshops = ids.slice(0, 1 + Math.floor(rand() * 3));
      const answers = randomAnswers(rand, Math.floor(rand() * 60), workshops);
      const heads = workshops.map((id) => head(id));
      const perWorkshop = heads.map((h) =>
        ReachReportSchema.parse(
          workshopReport(
            h,
            answers.filter((a) => a.workshopId === h.id),
            reference,
          ),
        ),
      );
      for (const w of perWorkshop) expect(disclosureProblems(w)).toEqual([]);
      const record = ReachReportSchema.parse(
        recordReport({ id: recordId, title: 'Record' }, heads, answers, reference),
      );
      expect(disclosureProblems(record, perWorkshop), `seed run ${n}`).toEqual([]);
    }
  });

  it('[REC13] names under-represented groups in plain words, from shown numbers only', () => {
    const answers: AnswerRow[] = [];
    // 250 residents: 10 aged 65 or over (4% against 5.8%), the rest 25 to 34; 12 officers.
    for (let i = 0; i < 250; i++) {
      answers.push(answer(ids[0]!, 'resident', { age: i < 10 ? '65_plus' : '25_34' }));
    }
    for (let i = 0; i < 12; i++) {
      answers.push(answer(ids[0]!, 'officer', { age: i < 6 ? '35_49' : '50_64' }));
    }
    const report = workshopReport(head(ids[0]!), answers, reference);
    const age = report.questions.find((q) => q.question === 'age')!;
    expect(age.comparedWith).toEqual({ kind: 'group', key: 'resident' });
    expect(report.underRepresented.map((u) => u.text)).toEqual([
      'Residents aged 65 and over: 4% here vs 6% of the borough',
    ]);
  });

  it('[REC13] a group with fewer than 5 is named with a bound, never a count', () => {
    const answers: AnswerRow[] = [];
    for (let i = 0; i < 200; i++) {
      answers.push(answer(ids[0]!, 'resident', { age: i < 3 ? '65_plus' : '25_34' }));
    }
    const report = workshopReport(head(ids[0]!), answers, reference);
    expect(report.underRepresented.map((u) => u.text)).toEqual([
      'Residents aged 65 and over: fewer than 5 people (under 3%) here vs 6% of the borough',
    ]);
    const row = report.questions[0]!.rows.find((r) => r.answer === '65_plus')!;
    expect(row.count).toEqual({ kind: 'fewer' });
    expect(disclosureProblems(report)).toEqual([]);
  });

  it('[REC13] a record hides a number when one workshop hides its own: record minus the others would give it', () => {
    const answers: AnswerRow[] = [];
    for (let i = 0; i < 25; i++) {
      const carer = i < 12 ? 'yes' : i < 20 ? 'no' : 'prefer_not';
      answers.push(answer(ids[0]!, 'resident', { carer }));
    }
    for (let i = 0; i < 3; i++) answers.push(answer(ids[1]!, 'resident', { carer: 'yes' }));
    const heads = [head(ids[0]!), head(ids[1]!)];
    const own = heads.map((h) =>
      workshopReport(
        h,
        answers.filter((a) => a.workshopId === h.id),
        reference,
      ),
    );
    const record = recordReport({ id: recordId, title: 'R' }, heads, answers, reference);
    const yes = (r: typeof record) =>
      r.questions.find((q) => q.question === 'carer')!.rows.find((x) => x.answer === 'yes')!;
    expect(yes(own[0]!).count).toEqual({ kind: 'count', value: 12 });
    expect(yes(own[1]!).count).toEqual({ kind: 'fewer' });
    // 15 shown beside the first workshop's 12 would say the second had 3.
    expect(yes(record).count).toEqual({ kind: 'hidden' });
    expect(record.workshops.map((w) => w.respondents)).toEqual([
      { kind: 'count', value: 25 },
      { kind: 'fewer' },
    ]);
    expect(record.respondents).toEqual({ kind: 'hidden' });
    expect(disclosureProblems(record, own)).toEqual([]);
  });
});
