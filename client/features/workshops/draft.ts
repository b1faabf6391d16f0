import {
  CongressVoteSettingsSchema,
  congressMethods,
  DotVoteSettingsSchema,
  IdeaBoardSettingsSchema,
  WorldCafeSettingsSchema,
  type Activity,
  type ActivityInput,
  type ActivityKind,
} from '../../../shared/domain/activity.ts';
import { defaultGroups, type Group } from '../../../shared/domain/groups.ts';
import type { Language } from '../../../shared/domain/languages.ts';
import type { Translations } from '../../../shared/domain/translations.ts';
import type { Workshop } from '../../../shared/domain/workshop.ts';
import { isBuiltInGroup } from '../../lib/groups.ts';

/**
 * The editor holds what people typed, not what the server stores: numbers stay strings while
 * someone is half-way through typing, option lists stay one text with a line each, and every
 * kind's settings are kept so switching kind and back loses nothing.
 */
export type SettingsForms = {
  idea_board: { mode: 'open' | 'private'; maxNotesPerPerson: string };
  dot_vote: {
    /** Empty means automatic: about a third of the options (VOTE2). */
    dotsPerPerson: string;
    maxDotsPerOption: string;
    hideTallyUntilReveal: boolean;
    shuffleOptions: boolean;
    lateJoinersMayVote: boolean;
    allowOwnNote: boolean;
    options: string;
  };
  world_cafe: {
    tables: string;
    rounds: string;
    roundMinutes: string;
    changeoverMinutes: string;
    /** People per table the set-up aims for, and the most a table takes (CAFE1). */
    tableSize: string;
    maxTableSize: string;
    /** One question per round, a line each. */
    questions: string;
  };
  congress_vote: {
    method: (typeof congressMethods)[number];
    rankTopK: string;
    pointsTotal: string;
    options: string;
    hideResultUntilReveal: boolean;
  };
};

export type DraftActivity = {
  /** A key for React and focus handling; never sent. */
  uid: string;
  id?: string;
  kind: ActivityKind;
  title: string;
  prompt: string;
  settings: SettingsForms;
};

export type DraftGroup = { uid: string; key: string; label: string; builtIn: boolean };

export type WorkshopDraft = {
  title: string;
  purpose: string;
  startsAt: string;
  /** The language the facilitator writes in, and translations of their texts (LANG11). */
  language: Language;
  /** As typed: empty fields and texts no longer used are left out when saved. */
  translations: Translations;
  groups: DraftGroup[];
  agenda: DraftActivity[];
  /** Texts added while the workshop runs (vote options from the console or a board): read only. */
  liveTexts: string[];
};

// crypto.randomUUID needs a secure context, which a facilitator on a LAN address may not have.
let counter = 0;
export function localId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

const lines = (list: readonly string[]) => list.join('\n');

function defaultForms(): SettingsForms {
  const idea = IdeaBoardSettingsSchema.parse({});
  const dots = DotVoteSettingsSchema.parse({});
  const cafe = WorldCafeSettingsSchema.parse({});
  const congress = CongressVoteSettingsSchema.parse({});
  return {
    idea_board: { mode: idea.mode, maxNotesPerPerson: String(idea.maxNotesPerPerson) },
    dot_vote: {
      dotsPerPerson: dots.dotsPerPerson === null ? '' : String(dots.dotsPerPerson),
      maxDotsPerOption: String(dots.maxDotsPerOption),
      hideTallyUntilReveal: dots.hideTallyUntilReveal,
      shuffleOptions: dots.shuffleOptions,
      lateJoinersMayVote: dots.lateJoinersMayVote,
      allowOwnNote: dots.allowOwnNote,
      options: lines(dots.options),
    },
    world_cafe: {
      tables: String(cafe.tables),
      rounds: String(cafe.rounds),
      roundMinutes: String(cafe.roundMinutes),
      changeoverMinutes: String(cafe.changeoverMinutes),
      tableSize: String(cafe.tableSize),
      maxTableSize: String(cafe.maxTableSize),
      questions: lines(cafe.questions),
    },
    congress_vote: {
      method: congress.method,
      rankTopK: String(congress.rankTopK),
      pointsTotal: String(congress.pointsTotal),
      options: lines(congress.options),
      hideResultUntilReveal: congress.hideResultUntilReveal,
    },
  };
}

export function newActivity(kind: ActivityKind): DraftActivity {
  return { uid: localId('activity'), kind, title: '', prompt: '', settings: defaultForms() };
}

export function activityToDraft(activity: Activity): DraftActivity {
  const draft: DraftActivity = {
    uid: localId('activity'),
    id: activity.id,
    kind: activity.kind,
    title: activity.title,
    prompt: activity.prompt,
    settings: defaultForms(),
  };
  switch (activity.kind) {
    case 'idea_board':
      draft.settings.idea_board = {
        mode: activity.settings.mode,
        maxNotesPerPerson: String(activity.settings.maxNotesPerPerson),
      };
      break;
    case 'dot_vote':
      draft.settings.dot_vote = {
        dotsPerPerson:
          activity.settings.dotsPerPerson === null ? '' : String(activity.settings.dotsPerPerson),
        maxDotsPerOption: String(activity.settings.maxDotsPerOption),
        hideTallyUntilReveal: activity.settings.hideTallyUntilReveal,
        shuffleOptions: activity.settings.shuffleOptions,
        lateJoinersMayVote: activity.settings.lateJoinersMayVote,
        allowOwnNote: activity.settings.allowOwnNote,
        options: lines(activity.settings.options),
      };
      break;
    case 'world_cafe':
      draft.settings.world_cafe = {
        tables: String(activity.settings.tables),
        rounds: String(activity.settings.rounds),
        roundMinutes: String(activity.settings.roundMinutes),
        changeoverMinutes: String(activity.settings.changeoverMinutes),
        tableSize: String(activity.settings.tableSize),
        maxTableSize: String(activity.settings.maxTableSize),
        questions: lines(activity.settings.questions),
      };
      break;
    case 'congress_vote':
      draft.settings.congress_vote = {
        method: activity.settings.method,
        rankTopK: String(activity.settings.rankTopK),
        pointsTotal: String(activity.settings.pointsTotal),
        options: lines(activity.settings.options),
        hideResultUntilReveal: activity.settings.hideResultUntilReveal,
      };
      break;
  }
  return draft;
}

/** An empty box is "not a number", so the schema says "enter a whole number" instead of guessing. */
const toNumber = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
/** A number that does not matter now (another method's setting): a bad one falls back. */
const toNumberOr = (s: string, fallback: number, min: number, max: number) => {
  const n = toNumber(s);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
};
const toLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function draftToActivityInput(d: DraftActivity): ActivityInput {
  const base = { ...(d.id ? { id: d.id } : {}), title: d.title, prompt: d.prompt };
  switch (d.kind) {
    case 'idea_board': {
      const s = d.settings.idea_board;
      return {
        ...base,
        kind: 'idea_board',
        settings: { mode: s.mode, maxNotesPerPerson: toNumber(s.maxNotesPerPerson) },
      };
    }
    case 'dot_vote': {
      const s = d.settings.dot_vote;
      return {
        ...base,
        kind: 'dot_vote',
        settings: {
          // Empty means automatic: about a third of the options (VOTE2).
          dotsPerPerson: s.dotsPerPerson.trim() === '' ? null : toNumber(s.dotsPerPerson),
          maxDotsPerOption: toNumber(s.maxDotsPerOption),
          hideTallyUntilReveal: s.hideTallyUntilReveal,
          shuffleOptions: s.shuffleOptions,
          lateJoinersMayVote: s.lateJoinersMayVote,
          allowOwnNote: s.allowOwnNote,
          options: toLines(s.options),
        },
      };
    }
    case 'world_cafe': {
      const s = d.settings.world_cafe;
      return {
        ...base,
        kind: 'world_cafe',
        settings: {
          tables: toNumber(s.tables),
          rounds: toNumber(s.rounds),
          roundMinutes: toNumber(s.roundMinutes),
          changeoverMinutes: toNumber(s.changeoverMinutes),
          tableSize: toNumber(s.tableSize),
          maxTableSize: toNumber(s.maxTableSize),
          questions: toLines(s.questions),
        },
      };
    }
    case 'congress_vote': {
      const s = d.settings.congress_vote;
      return {
        ...base,
        kind: 'congress_vote',
        settings: {
          method: s.method,
          // Only the chosen method's number is checked: a half-typed other one must not block saving.
          rankTopK:
            s.method === 'ranking' ? toNumber(s.rankTopK) : toNumberOr(s.rankTopK, 3, 2, 10),
          pointsTotal:
            s.method === 'points'
              ? toNumber(s.pointsTotal)
              : toNumberOr(s.pointsTotal, 100, 10, 1000),
          options: toLines(s.options),
          hideResultUntilReveal: s.hideResultUntilReveal,
        },
      };
    }
  }
}

/** The texts an activity's settings show people: its vote options or café questions. */
function settingsTexts(d: DraftActivity): string[] {
  switch (d.kind) {
    case 'dot_vote':
      return toLines(d.settings.dot_vote.options);
    case 'congress_vote':
      return toLines(d.settings.congress_vote.options);
    case 'world_cafe':
      return toLines(d.settings.world_cafe.questions);
    case 'idea_board':
      return [];
  }
}

/**
 * Every text of the facilitator's that phones show, in agenda order, each once, as the server
 * will store it (trimmed): the phrasebook's keys (LANG11).
 */
export function facilitatorTexts(d: WorkshopDraft): string[] {
  const all = [
    d.title,
    d.purpose,
    ...d.agenda.flatMap((a) => [a.title, a.prompt, ...settingsTexts(a)]),
    ...d.liveTexts,
  ];
  return [...new Set(all.map((s) => s.trim()).filter(Boolean))];
}

/**
 * The phrasebook to save: each language but the workshop's own, with the translations given for
 * texts still in the workshop. A translation of a text since edited or removed drops out.
 */
export function draftToTranslations(d: WorkshopDraft): Translations {
  const texts = new Set(facilitatorTexts(d));
  const out: Translations = {};
  for (const [language, phrases] of Object.entries(d.translations) as [
    Language,
    Record<string, string>,
  ][]) {
    if (language === d.language) continue;
    const kept = Object.entries(phrases)
      .map(([original, translation]) => [original, translation.trim()] as const)
      .filter(([original, translation]) => texts.has(original) && translation !== '');
    if (kept.length > 0) out[language] = Object.fromEntries(kept);
  }
  return out;
}

export function groupsToDraft(groups: readonly Group[]): DraftGroup[] {
  return groups.map((g) => ({
    uid: localId('group'),
    key: g.key,
    label: g.label ?? '',
    builtIn: isBuiltInGroup(g.key),
  }));
}

/** ASCII-only keys: a Bengali group name gets a plain numbered key; people only see the label. */
function slug(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
}

export function draftToGroups(groups: readonly DraftGroup[]): Group[] {
  const taken = new Set(groups.map((g) => g.key).filter(Boolean));
  return groups.map((g) => {
    const label = g.label.trim();
    if (g.key) return { key: g.key, label: label === '' && g.builtIn ? null : label };
    let base = slug(label);
    if (!/^[a-z0-9]/.test(base)) base = 'group';
    let key = base;
    for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
    taken.add(key);
    return { key, label };
  });
}

export function emptyDraft(): WorkshopDraft {
  return {
    title: '',
    purpose: '',
    startsAt: '',
    language: 'en',
    translations: {},
    groups: groupsToDraft(defaultGroups),
    agenda: [],
    liveTexts: [],
  };
}

export function workshopToDraft(w: Workshop & { liveTexts?: string[] }): WorkshopDraft {
  return {
    title: w.title,
    purpose: w.purpose,
    startsAt: w.startsAt ?? '',
    language: w.language,
    translations: w.translations,
    groups: groupsToDraft(w.groups),
    agenda: [...w.agenda].sort((a, b) => a.position - b.position).map(activityToDraft),
    liveTexts: w.liveTexts ?? [],
  };
}

/**
 * Server and client name errors by path. The agenda is "activities.N" when replaced on its own
 * and "agenda.N" when created with the workshop; the form uses one spelling. Errors on one line
 * of an option list are shown on the whole list, and a group's key on its name.
 */
export function normalizeErrorKeys(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [raw, message] of Object.entries(fields)) {
    const key = raw
      .replace(/^activities(?=\.|$)/, 'agenda')
      .replace(/^(agenda\.\d+\.settings\.(?:options|questions))\.\d+$/, '$1')
      .replace(/^(groups\.\d+)\.key$/, '$1.label');
    if (!(key in out)) out[key] = message;
  }
  return out;
}

const placedKeys = [
  /^title$/,
  /^purpose$/,
  /^startsAt$/,
  /^groups$/,
  /^groups\.\d+\.label$/,
  /^agenda$/,
  /^agenda\.\d+\.(title|prompt|kind)$/,
  /^agenda\.\d+\.settings\.\w+$/,
];

/** Errors the form has no field for; they go in the summary at the top so none is lost. */
export function unplacedErrors(fields: Record<string, string>): [string, string][] {
  return Object.entries(fields).filter(([key]) => !placedKeys.some((re) => re.test(key)));
}
