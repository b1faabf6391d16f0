import { describe, expect, it } from 'vitest';
import { tableColours, type CafeInsight, type CafeTable } from '../../../shared/domain/cafe.ts';
import type { CafeView, Tablecloth } from '../../../shared/protocol/cafe.ts';
import { activityToDraft, draftToActivityInput, newActivity } from '../workshops/draft.ts';
import { ActivityInputSchema } from '../../../shared/domain/activity.ts';
import {
  checkDrafts,
  draftsToInput,
  groupByQuestion,
  groupByTable,
  hostCandidates,
  newTableDraft,
  newerView,
  proposeDrafts,
  reorderInsights,
  resizeDrafts,
  roundPart,
  seatsByTable,
  sortInsights,
  tablesToDrafts,
} from './consoleCafe.ts';

// The facilitator's café console: the pure shaping behind its screens.

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const nameFor = (n: number) => `Table ${n}`;

function table(n: number, over: Partial<CafeTable> = {}): CafeTable {
  return {
    id: id(n),
    number: n,
    name: `Table ${n}`,
    colour: tableColours[(n - 1) % tableColours.length]!,
    place: '',
    question: '',
    online: false,
    hostId: null,
    hostName: '',
    ...over,
  };
}

describe('table set-up', () => {
  it('[CAFE1] adds tables numbered after the highest, each a colour nobody has, named by number', () => {
    const first = resizeDrafts([], 3, nameFor);
    expect(first.map((d) => [d.number, d.name, d.colour])).toEqual([
      ['1', 'Table 1', 'red'],
      ['2', 'Table 2', 'orange'],
      ['3', 'Table 3', 'yellow'],
    ]);
    // A renumbered table and a changed colour: the next one follows the highest, takes a free colour.
    const edited = [{ ...first[0]!, number: '7', colour: 'orange' as const }, first[2]!];
    const next = newTableDraft(edited, nameFor);
    expect([next.number, next.name, next.colour]).toEqual(['8', 'Table 8', 'red']);
    expect(new Set(resizeDrafts([], 12, nameFor).map((d) => d.key)).size).toBe(12);
  });

  it('[CAFE1] proposes in-room tables for the people in the room and online tables for those joining from elsewhere', () => {
    const sizes = { target: 4, max: 5 };
    // 18 in the room, 3 remote: 5 tables in the room (none above 5 people), 1 online table.
    const mixed = proposeDrafts([], { inRoom: 18, remote: 3 }, sizes, nameFor);
    expect([mixed.room, mixed.online]).toEqual([5, 1]);
    expect(mixed.drafts.map((d) => [d.number, d.online])).toEqual([
      ['1', false],
      ['2', false],
      ['3', false],
      ['4', false],
      ['5', false],
      ['6', true],
    ]);
    // Nobody remote: only in-room tables, and the ones already laid out keep their names.
    const named = [{ ...mixed.drafts[0]!, name: 'Oak' }, ...mixed.drafts.slice(1)];
    const inRoomOnly = proposeDrafts(named, { inRoom: 8, remote: 0 }, sizes, nameFor);
    expect(inRoomOnly.drafts.map((d) => [d.name, d.online])).toEqual([
      ['Oak', false],
      ['Table 2', false],
    ]);
    // Everyone remote: online tables only.
    const allRemote = proposeDrafts([], { inRoom: 0, remote: 9 }, sizes, nameFor);
    expect(allRemote.drafts.map((d) => d.online)).toEqual([true, true]);
    // An empty room still gets one table to start from.
    expect(proposeDrafts([], { inRoom: 0, remote: 0 }, sizes, nameFor).drafts).toHaveLength(1);
  });

  it('[CAFE1] goes round the colours again once all ten are used', () => {
    const drafts = resizeDrafts([], 12, nameFor);
    expect(drafts.slice(0, 10).map((d) => d.colour)).toEqual([...tableColours]);
    expect(drafts[10]!.colour).toBe(tableColours[0]);
    expect(drafts[11]!.colour).toBe(tableColours[1]);
  });

  it('[CAFE1] fewer tables keeps the first ones as they were', () => {
    const drafts = tablesToDrafts([table(2), table(1, { name: 'Window', place: 'by the window' })]);
    expect(drafts.map((d) => d.number)).toEqual(['1', '2']);
    const fewer = resizeDrafts(drafts, 1, nameFor);
    expect(fewer).toEqual([drafts[0]]);
  });

  it('says what the server would refuse: bad or repeated numbers, empty names', () => {
    const drafts = resizeDrafts([], 4, nameFor);
    drafts[1] = { ...drafts[1]!, number: '1' };
    drafts[2] = { ...drafts[2]!, number: '1.5', name: '  ' };
    drafts[3] = { ...drafts[3]!, number: '' };
    const problems = checkDrafts(drafts);
    expect(problems[drafts[0]!.key]).toEqual({ number: 'numberTaken' });
    expect(problems[drafts[1]!.key]).toEqual({ number: 'numberTaken' });
    expect(problems[drafts[2]!.key]).toEqual({ number: 'numberInvalid', name: 'nameRequired' });
    expect(problems[drafts[3]!.key]).toEqual({ number: 'numberInvalid' });
    expect(checkDrafts(resizeDrafts([], 3, nameFor))).toEqual({});
  });

  it('sends tables as the protocol takes them: ids kept for existing ones, text trimmed', () => {
    const [saved] = tablesToDrafts([table(1)]);
    const added = { ...newTableDraft([saved!], nameFor), place: '  by the door ', online: true };
    expect(draftsToInput([saved!, added])).toEqual([
      {
        id: id(1),
        number: 1,
        name: 'Table 1',
        colour: 'red',
        place: '',
        question: '',
        online: false,
      },
      {
        number: 2,
        name: 'Table 2',
        colour: 'orange',
        place: 'by the door',
        question: '',
        online: true,
      },
    ]);
  });

  it('[CAFE3] lists volunteers first, then people here, each in the order they joined', () => {
    const person = (n: number, online: boolean, joinedAt: string) => ({
      id: id(n),
      displayName: `P${n}`,
      groupKey: 'residents',
      language: 'en',
      online,
      joinedAt,
    });
    const people = [
      person(1, true, '2026-01-01T10:03:00Z'),
      person(2, false, '2026-01-01T10:00:00Z'),
      person(3, true, '2026-01-01T10:01:00Z'),
      person(4, false, '2026-01-01T10:02:00Z'),
    ];
    const ordered = hostCandidates(people, [id(4), id(1)]);
    expect(ordered.map((p) => [p.displayName, p.volunteer])).toEqual([
      ['P1', true],
      ['P4', true],
      ['P3', false],
      ['P2', false],
    ]);
  });
});

describe('the running café', () => {
  it('sees through a pause to the part of the round it stopped', () => {
    expect(roundPart({ phase: 'moving', pausedPhase: null })).toBe('moving');
    expect(roundPart({ phase: 'paused', pausedPhase: 'talking' })).toBe('talking');
    expect(roundPart({ phase: 'harvest', pausedPhase: null })).toBeNull();
  });

  it('seats each table host first, then by name, nameless people last', () => {
    const seat = (n: number, tableN: number, displayName: string, isHost = false) => ({
      participantId: id(n),
      displayName,
      groupKey: 'residents',
      tableId: id(tableN),
      isHost,
      source: 'auto' as const,
    });
    const byTable = seatsByTable([
      seat(11, 1, ''),
      seat(12, 1, 'Zara'),
      seat(13, 1, 'Omar', true),
      seat(14, 2, 'Bea'),
      seat(15, 1, 'Ali'),
    ]);
    expect(byTable.get(id(1))!.map((s) => s.displayName)).toEqual(['Omar', 'Ali', 'Zara', '']);
    expect(byTable.get(id(2))!.map((s) => s.displayName)).toEqual(['Bea']);
  });

  it('keeps the newer view; an equal version is taken (tables change without a bump)', () => {
    const view = (version: number, name: string): CafeView =>
      ({ state: { version, tables: [table(1, { name })] } }) as unknown as CafeView;
    expect(newerView(view(5, 'a'), view(4, 'b')).state.tables[0]!.name).toBe('a');
    expect(newerView(view(5, 'a'), view(5, 'b')).state.tables[0]!.name).toBe('b');
    expect(newerView(null, view(1, 'c')).state.tables[0]!.name).toBe('c');
  });
});

describe('the harvest wall', () => {
  const tables = [table(2), table(1), table(3, { question: 'What would you do first?' })];
  const cloth = (tableN: number, round: number, question: string): Tablecloth => ({
    tableId: id(tableN),
    round,
    question,
    text: `notes ${tableN}/${round}`,
  });
  const cloths = [
    cloth(2, 2, 'Q2'),
    cloth(1, 1, 'Q1'),
    cloth(3, 1, 'What would you do first?'),
    cloth(2, 1, 'Q1'),
    cloth(1, 2, 'Q2'),
    cloth(9, 1, 'Q1'), // a table that is gone
  ];

  it('[CAFE15] by table: every table in number order, its rounds in order, empty tables too', () => {
    const groups = groupByTable(cloths, [...tables, table(4)]);
    expect(groups.map((g) => [g.table.number, g.cloths.map((c) => c.round)])).toEqual([
      [1, [1, 2]],
      [2, [1, 2]],
      [3, [1]],
      [4, []],
    ]);
  });

  it('[CAFE15] by question: questions in the order first asked, a table with its own apart', () => {
    const groups = groupByQuestion(cloths, tables);
    expect(groups.map((g) => [g.question, g.cloths.map((c) => c.text)])).toEqual([
      ['Q1', ['notes 1/1', 'notes 2/1']],
      ['What would you do first?', ['notes 3/1']],
      ['Q2', ['notes 1/2', 'notes 2/2']],
    ]);
  });

  const insight = (n: number, position: number): CafeInsight => ({
    id: id(100 + n),
    text: `insight ${n}`,
    sourceTableIds: [],
    position,
  });

  it('[CAFE16] moving an insight renumbers from 0 and sends only what changed', () => {
    const list = [insight(1, 0), insight(2, 1), insight(3, 2)];
    expect(reorderInsights(list, id(103), -1)).toEqual([
      { id: id(103), position: 1 },
      { id: id(102), position: 2 },
    ]);
    expect(reorderInsights(list, id(101), -1)).toEqual([]);
    expect(reorderInsights(list, id(103), 1)).toEqual([]);
  });

  it('[CAFE16] compacts gapped positions left by removals, keeping them within the limit', () => {
    const list = [insight(1, 58), insight(2, 61), insight(3, 70)];
    expect(sortInsights(list).map((i) => i.text)).toEqual(['insight 1', 'insight 2', 'insight 3']);
    expect(reorderInsights(list, id(101), 1)).toEqual([
      { id: id(102), position: 0 },
      { id: id(101), position: 1 },
      { id: id(103), position: 2 },
    ]);
  });
});

describe('café settings in the agenda editor', () => {
  const stored = (input: ReturnType<typeof draftToActivityInput>) => ({
    ...ActivityInputSchema.parse(input),
    id: '6f1d3c2a-9b7e-4c1d-8e2f-0a1b2c3d4e5f',
    position: 0,
  });

  it('[CAFE1] starts from the defaults: 3 rounds of 20 minutes, 2 to change, 4 a table, at most 5', () => {
    const draft = newActivity('world_cafe');
    draft.title = 'Café';
    const input = draftToActivityInput(draft);
    expect(input.kind === 'world_cafe' && input.settings).toEqual({
      tables: 6,
      rounds: 3,
      roundMinutes: 20,
      changeoverMinutes: 2,
      tableSize: 4,
      maxTableSize: 5,
      questions: [],
    });
  });

  it('[CAFE1] keeps typed timing, sizes and one question per round through a save and reload', () => {
    const draft = newActivity('world_cafe');
    draft.title = 'Café';
    draft.settings.world_cafe = {
      tables: '8',
      rounds: '2',
      roundMinutes: '15',
      changeoverMinutes: '0',
      tableSize: '5',
      maxTableSize: '6',
      questions: 'What works?\n\n  What would you change? ',
    };
    const again = activityToDraft(stored(draftToActivityInput(draft)));
    expect(again.settings.world_cafe).toEqual({
      ...draft.settings.world_cafe,
      questions: 'What works?\nWhat would you change?',
    });
  });

  it('[CAFE1] refuses a round of 50 minutes, and a target above the most a table takes', () => {
    const draft = newActivity('world_cafe');
    draft.title = 'Café';
    const paths = (patch: Partial<typeof draft.settings.world_cafe>) => {
      draft.settings.world_cafe = { ...newActivity('world_cafe').settings.world_cafe, ...patch };
      const result = ActivityInputSchema.safeParse(draftToActivityInput(draft));
      return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ roundMinutes: '50' })).toEqual(['settings.roundMinutes']);
    expect(paths({ tableSize: '6', maxTableSize: '5' })).toEqual(['settings.maxTableSize']);
    expect(paths({ changeoverMinutes: '0' })).toEqual([]);
  });
});
