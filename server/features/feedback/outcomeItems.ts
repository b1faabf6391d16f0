import { OutcomeSchema, publicOutcome, type Outcome } from '../../../shared/domain/records.ts';
import {
  PUBLIC_NOTES_PER_THEME,
  PUBLIC_VOTE_ROWS,
  TOP_OPTIONS_PER_VOTE,
  type OutcomeItem,
  type PublicActivity,
} from '../../../shared/protocol/feedback.ts';
import type { WorkshopSnapshot } from './store.ts';

/** A workshop's latest outcome as the public may see it, or undefined before its first snapshot. */
export function publicOutcomeOf(s: WorkshopSnapshot): Outcome | undefined {
  if (s.content === null || s.content === undefined) return undefined;
  const parsed = OutcomeSchema.safeParse(s.content);
  // A snapshot this version cannot read is left out rather than shown half-understood.
  return parsed.success ? publicOutcome(parsed.data) : undefined;
}

type Item = Omit<OutcomeItem, 'response'>;

/**
 * What the council answers (REC8): the themes of idea boards, the leading options of votes,
 * café insights and commitments, taken from the public view so that a hidden note or commitment
 * never becomes a public answer.
 */
export function outcomeItems(snapshots: WorkshopSnapshot[]): Item[] {
  const items: Item[] = [];
  const seen = new Set<string>();
  const push = (item: Item) => {
    if (seen.has(item.itemId)) return;
    seen.add(item.itemId);
    items.push(item);
  };
  const outcomes = snapshots.flatMap((s) => {
    const o = publicOutcomeOf(s);
    return o ? [{ s, o }] : [];
  });
  // A theme or insight that became a listed vote option is one thing to answer, not two: the
  // option (it says where the room put it) carries the theme's note count (HALL5).
  const notesOfTheme = new Map<string, number>();
  const votedOn = new Set<string>();
  for (const { o } of outcomes) {
    for (const a of o.activities) {
      if (a.kind === 'idea_board') {
        for (const t of a.themes) {
          notesOfTheme.set(t.id, a.notes.filter((n) => n.themeId === t.id).length);
        }
      } else if (a.kind !== 'world_cafe') {
        for (const r of a.rows) {
          if (listedRow(r) && r.sourceId && (r.source === 'theme' || r.source === 'insight')) {
            votedOn.add(r.sourceId);
          }
        }
      }
    }
  }
  for (const { s, o } of outcomes) {
    const where = { workshopId: s.workshopId, workshopTitle: o.workshop.title };
    for (const a of o.activities) {
      if (a.kind === 'idea_board') {
        for (const t of a.themes) {
          if (votedOn.has(t.id)) continue;
          push({
            ...where,
            activityTitle: a.title,
            itemId: t.id,
            itemKind: 'theme',
            label: t.name,
            noteCount: a.notes.filter((n) => n.themeId === t.id).length,
          });
        }
      } else if (a.kind === 'world_cafe') {
        for (const i of a.insights) {
          if (votedOn.has(i.id)) continue;
          push({
            ...where,
            activityTitle: a.title,
            itemId: i.id,
            itemKind: 'insight',
            label: i.text,
          });
        }
      } else {
        for (const r of a.rows) {
          if (!listedRow(r)) continue;
          const noteCount =
            r.source === 'theme' && r.sourceId ? notesOfTheme.get(r.sourceId) : undefined;
          push({
            ...where,
            activityTitle: a.title,
            itemId: r.optionId,
            itemKind: 'option',
            label: r.label,
            rank: r.rank,
            tied: r.tied,
            score: r.score,
            ...(noteCount === undefined ? {} : { noteCount }),
          });
        }
        for (const c of a.commitments) {
          push({
            ...where,
            activityTitle: a.title,
            itemId: c.id,
            itemKind: 'commitment',
            label: c.text,
            who: c.who,
            byWhen: c.byWhen,
          });
        }
      }
    }
  }
  return items;
}

/** The leading options of a vote are the ones the council answers. */
function listedRow(r: { rank: number; score: number }): boolean {
  return r.rank <= TOP_OPTIONS_PER_VOTE && r.score > 0;
}

/** What people said, for the public page: counts, themes, a few notes, results, insights. */
export function publicActivities(o: Outcome): PublicActivity[] {
  return o.activities.map((a): PublicActivity => {
    if (a.kind === 'idea_board') {
      const textsOf = (themeId: string | null) =>
        a.notes.filter((n) => n.themeId === themeId).map((n) => n.text);
      const unthemed = textsOf(null);
      return {
        kind: 'idea_board',
        title: a.title,
        prompt: a.prompt,
        noteCount: a.notes.length,
        themes: a.themes.map((t) => {
          const texts = textsOf(t.id);
          return {
            id: t.id,
            name: t.name,
            noteCount: texts.length,
            notes: texts.slice(0, PUBLIC_NOTES_PER_THEME),
          };
        }),
        unthemed: { noteCount: unthemed.length, notes: unthemed.slice(0, PUBLIC_NOTES_PER_THEME) },
      };
    }
    if (a.kind === 'world_cafe') {
      return {
        kind: 'world_cafe',
        title: a.title,
        prompt: a.prompt,
        tables: a.tables.length,
        rounds: a.rounds.length,
        insights: a.insights.map((i) => ({ id: i.id, text: i.text })),
      };
    }
    return {
      kind: a.kind,
      title: a.title,
      prompt: a.prompt,
      method: a.method,
      voters: a.voters,
      rows: [...a.rows]
        .sort((x, y) => x.rank - y.rank)
        .slice(0, PUBLIC_VOTE_ROWS)
        .map((r) => ({
          optionId: r.optionId,
          label: r.label,
          rank: r.rank,
          tied: r.tied,
          score: r.score,
        })),
      commitments: a.commitments.map((c) => ({
        id: c.id,
        text: c.text,
        who: c.who,
        byWhen: c.byWhen,
      })),
    };
  });
}
