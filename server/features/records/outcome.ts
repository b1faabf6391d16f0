import {
  OUTCOME_SCHEMA,
  type Outcome,
  type OutcomeActivity,
  timelineCodes,
} from '../../../shared/domain/records.ts';
import { z } from 'zod';
import { isoTimestamp } from '../../db/columns.ts';
import { count, rows as listRows, type Queryable } from '../../db/database.ts';
import type { Actor } from '../../core/identity.ts';
import type { BoardService } from '../board/service.ts';
import type { CafeService } from '../cafe/service.ts';
import type { VotingService } from '../voting/service.ts';
import type { WorkshopService } from '../workshops/service.ts';

const groupCountRow = z.object({ group_key: z.string(), n: z.number() });

export type OutcomeSources = {
  workshops: WorkshopService;
  board: BoardService;
  voting: VotingService;
  cafe: CafeService;
};

/**
 * The id the record acts under when it reads a workshop as its facilitators see it. Reading
 * changes nothing, and no row refers to it.
 */
const RECORD_READER = '00000000-0000-4000-8000-000000000000';

/**
 * Builds a workshop's outcome from what each method stores, asking each feature's own service as
 * a facilitator would (REC2). A method added later plugs in here with its own branch.
 */
export async function buildOutcome(
  db: Queryable,
  sources: OutcomeSources,
  workshopId: string,
): Promise<Outcome> {
  const w = await sources.workshops.get(workshopId);
  const actor: Actor = { role: 'facilitator', workshopId, facilitatorId: RECORD_READER };
  const groups = w.groups.map((g) => ({ key: g.key, label: g.label ?? g.key }));
  const labelOf = (key: string) => groups.find((g) => g.key === key)?.label ?? key;
  const counted = (rows: { group_key: string; n: number }[]) =>
    rows.map((r) => ({ key: r.group_key, label: labelOf(r.group_key), count: r.n }));

  const activities: OutcomeActivity[] = [];
  const byActivity: Outcome['participation']['byActivity'] = [];
  for (const a of w.agenda) {
    const base = { activityId: a.id, title: a.title, prompt: a.prompt };
    if (a.kind === 'idea_board') {
      const view = await sources.board.get(actor, a.id);
      activities.push({
        kind: 'idea_board',
        ...base,
        // Participants of a private board see only their own notes until the reveal (SEC6).
        unrevealed: view.meta.mode === 'private' && !view.meta.revealed,
        themes: view.themes.map((t) => ({ id: t.id, name: t.name })),
        notes: view.notes
          .filter((n) => n.status !== 'withdrawn' && n.mergedInto === null)
          .map((n) => ({
            id: n.id,
            text: n.text,
            themeId: n.themeId,
            groupKey: n.groupKey,
            assisted: n.assisted,
            shownName: n.authorName ?? '',
            status: n.status === 'hidden' ? ('hidden' as const) : ('visible' as const),
            hiddenReason: n.hiddenReason,
            createdAt: n.createdAt,
          })),
      });
      const rows = await listRows(
        db,
        groupCountRow,
        `SELECT group_key, count(DISTINCT author_participant_id)::int AS n
           FROM board_notes
          WHERE activity_id = $1 AND status <> 'withdrawn' AND author_participant_id IS NOT NULL
          GROUP BY group_key`,
        [a.id],
      );
      const paper = await count(
        db,
        `SELECT count(*)::int AS n FROM board_notes
          WHERE activity_id = $1 AND status <> 'withdrawn' AND author_participant_id IS NULL`,
        [a.id],
      );
      byActivity.push(activityCount(a.id, counted(rows), paper));
    } else if (a.kind === 'dot_vote' || a.kind === 'congress_vote') {
      const view = await sources.voting.get(actor, a.id);
      const results = view.results;
      activities.push({
        kind: a.kind,
        ...base,
        status: view.meta.status,
        // A result hidden until the reveal is not for anyone but facilitators yet (SEC6).
        unrevealed: !view.meta.live && !view.meta.revealed,
        method: results?.method ?? '',
        ...(results?.counting ? { counting: results.counting } : {}),
        voters: results?.voters ?? 0,
        votersByGroup: results?.votersByGroup ?? {},
        rows: (results?.rows ?? []).map((r) => {
          const option = view.options.find((o) => o.id === r.optionId);
          return {
            optionId: r.optionId,
            label: r.label,
            source: option?.source ?? 'typed',
            sourceId: option?.sourceId ?? null,
            score: r.score,
            paper: r.paper,
            rank: r.rank,
            tied: r.tied,
            byGroup: r.byGroup,
          };
        }),
        commitments: view.commitments.map((c) => ({
          id: c.id,
          optionId: c.optionId,
          text: c.text,
          who: c.who,
          byWhen: c.byWhen,
          status: c.status,
        })),
      });
      byActivity.push(
        activityCount(
          a.id,
          Object.entries(results?.votersByGroup ?? {}).map(([key, count]) => ({
            key,
            label: labelOf(key),
            count,
          })),
          // Paper ballots entered whole (VOTE17) are contributions on paper, not people here.
          results?.paperVoters ?? 0,
        ),
      );
    } else if (a.kind === 'world_cafe') {
      const view = await sources.cafe.get(actor, a.id);
      const cloths = await sources.cafe.tablecloths(actor, a.id);
      const seated = await listRows(
        db,
        z.object({ round: z.number(), n: z.number() }),
        'SELECT round, count(*)::int AS n FROM cafe_seats WHERE activity_id = $1 GROUP BY round',
        [a.id],
      );
      const rounds = [...new Set(cloths.map((c) => c.round))].sort((x, y) => x - y);
      const seed = await listRows(
        db,
        z.object({ seed: z.string() }),
        'SELECT seed FROM cafes WHERE activity_id = $1',
        [a.id],
      );
      activities.push({
        kind: 'world_cafe',
        ...base,
        tables: view.state.tables.map((t) => ({
          id: t.id,
          number: t.number,
          name: t.name,
          place: t.place,
        })),
        rounds: rounds.map((round) => ({
          round,
          seated: seated.find((s) => s.round === round)?.n ?? 0,
          tablecloths: cloths
            .filter((c) => c.round === round)
            .map((c) => ({ tableId: c.tableId, question: c.question, text: c.text })),
        })),
        insights: view.state.insights.map((i) => ({
          id: i.id,
          text: i.text,
          sourceTableIds: i.sourceTableIds,
        })),
        seed: seed[0]?.seed ?? '',
      });
      const rows = await listRows(
        db,
        groupCountRow,
        `SELECT p.group_key, count(DISTINCT s.participant_id)::int AS n
           FROM cafe_seats s JOIN participants p ON p.id = s.participant_id
          WHERE s.activity_id = $1 GROUP BY p.group_key`,
        [a.id],
      );
      byActivity.push(activityCount(a.id, counted(rows)));
    }
  }

  const joined = await listRows(
    db,
    groupCountRow,
    'SELECT group_key, count(*)::int AS n FROM participants WHERE workshop_id = $1 GROUP BY group_key',
    [workshopId],
  );
  const byGroup = counted(joined);
  return {
    schema: OUTCOME_SCHEMA,
    workshop: {
      id: w.id,
      title: w.title,
      purpose: w.purpose,
      startsAt: w.startsAt,
      openedAt: w.openedAt,
      closedAt: w.closedAt,
      groups,
    },
    agenda: w.agenda.map((a) => ({ id: a.id, kind: a.kind, title: a.title })),
    participation: {
      joined: byGroup.reduce((s, g) => s + g.count, 0),
      byGroup,
      byActivity,
    },
    activities,
    timeline: await timeline(db, workshopId),
  };
}

function activityCount(
  activityId: string,
  byGroup: { key: string; label: string; count: number }[],
  paper = 0,
) {
  return { activityId, total: byGroup.reduce((s, g) => s + g.count, 0), byGroup, paper };
}

/** What happened when: the workshop's own events, and votes opening and closing. */
async function timeline(db: Queryable, workshopId: string) {
  const rows = await listRows(
    db,
    z.object({
      at: isoTimestamp,
      event: z.string(),
      code: z.enum(timelineCodes).nullable(),
      title: z.string().nullable(),
    }),
    `SELECT at, event, code, title FROM workshop_events WHERE workshop_id = $1
     UNION ALL
     SELECT v.opened_at AS at, 'Voting opened: ' || a.title AS event, 'votingOpened', a.title
       FROM vote_sessions v JOIN activities a ON a.id = v.activity_id
      WHERE v.workshop_id = $1 AND v.opened_at IS NOT NULL
     UNION ALL
     SELECT v.closed_at AS at, 'Voting closed: ' || a.title AS event, 'votingClosed', a.title
       FROM vote_sessions v JOIN activities a ON a.id = v.activity_id
      WHERE v.workshop_id = $1 AND v.closed_at IS NOT NULL
     ORDER BY at`,
    [workshopId],
  );
  // A code stays off an event stored before codes that 017 could not name.
  return rows.map(({ code, title, ...rest }) => ({
    ...rest,
    ...(code ? { code } : {}),
    ...(title !== null && code ? { title } : {}),
  }));
}

/** Every word people contributed, for full-text search across outcomes (REC7). */
export function searchableText(o: Outcome): string {
  const parts: string[] = [o.workshop.title, o.workshop.purpose];
  for (const a of o.activities) {
    parts.push(a.title, a.prompt);
    if (a.kind === 'idea_board') {
      parts.push(...a.themes.map((t) => t.name));
      parts.push(...a.notes.filter((n) => n.status === 'visible').map((n) => n.text));
    } else if (a.kind === 'world_cafe') {
      for (const r of a.rounds) parts.push(...r.tablecloths.map((t) => `${t.question} ${t.text}`));
      parts.push(...a.insights.map((i) => i.text));
    } else {
      parts.push(...a.rows.map((r) => r.label));
      parts.push(...a.commitments.filter((c) => c.status === 'visible').map((c) => c.text));
    }
  }
  // Sentences of their own, so a search excerpt reads as separate pieces, not one run.
  return parts
    .filter(Boolean)
    .map((x) => x.trim().replace(/[.!?]?$/, (end) => end || '.'))
    .join('\n');
}
