import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { countVotes } from '../../shared/domain/tally.ts';
import type { Ballot, CountableBallot, Results } from '../../shared/domain/voting.ts';
import { mulberry32 } from '../../shared/domain/random.ts';
import {
  backends,
  createTestDatabase,
  startApp,
  type TestApp,
  type TestDatabase,
} from '../helpers/app.ts';
import {
  connect,
  createOpenWorkshop,
  join,
  ok,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';

// SCALE14: a vote is counted as it goes. Whatever order ballots, changes, erasures and paper
// ballots arrive in, and even when a writer commits after a later one was counted, the results
// a facilitator reads equal counting every ballot afresh from what each phone was told it cast.

const labels = ['Parks', 'Youth clubs', 'Street safety', 'Homes', 'Buses', 'Libraries'];
const groups = ['resident', 'officer', 'partner'];

/** Scores and voters only: what a fresh count and the running one must agree on. */
function figures(r: Results) {
  return {
    voters: r.voters,
    votersByGroup: r.votersByGroup,
    paperVoters: r.paperVoters,
    rows: r.rows.map((row) => ({
      label: row.label,
      score: row.score,
      paper: row.paper,
      rank: row.rank,
      firstChoices: row.firstChoices,
      byGroup: row.byGroup,
    })),
  };
}

async function rankingVote(t: TestApp, phones: number) {
  const http = await setUpFacilitator(t.url);
  const { workshop, code, fac } = await createOpenWorkshop(http, {
    title: 'Running count',
    agenda: [
      {
        kind: 'congress_vote',
        title: 'Calls to action',
        settings: { method: 'ranking', rankTopK: 3, options: labels },
      },
    ],
  });
  const vote = workshop.agenda[0]!;
  ok(await fac.command('activity:goto', { activityId: vote.id }));
  ok(await fac.command('vote:open', { activityId: vote.id, closesAt: null }));
  const options = ok(await fac.command('vote:get', { activityId: vote.id })).options;
  const people = await Promise.all(
    Array.from({ length: phones }, async (_, i) => {
      const joined = await join(t.url, code, { groupKey: groups[i % groups.length] });
      const socket = await connect(t.url, { role: 'participant', token: joined.body.token });
      return { socket, id: joined.body.participantId, groupKey: groups[i % groups.length]! };
    }),
  );
  const results = async () => ok(await fac.command('vote:get', { activityId: vote.id })).results!;
  return { http, workshop, fac, vote, options, people, results };
}

const cast = (socket: ScriptedClient, activityId: string, ballot: Ballot) =>
  socket.command('ballot:cast', { opId: randomUUID(), activityId, ballot });

describe.each(backends)('a running count on %s', (backend) => {
  let t: TestApp | undefined;
  let database: TestDatabase | undefined;
  const sockets: ScriptedClient[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await t?.close();
    await database?.drop();
    t = undefined;
    database = undefined;
  });

  it('[SCALE14] waves of ballots, changed ballots, an erased voter and a paper ballot: always the fresh count', async () => {
    t = await startApp(backend);
    const { http, workshop, fac, vote, options, people, results } = await rankingVote(t, 18);
    sockets.push(fac, ...people.map((p) => p.socket));
    const next = mulberry32(14);
    const ranked = (): Ballot => {
      const ids = options.map((o) => o.id).sort(() => next() - 0.5);
      return { kind: 'ranking', order: ids.slice(0, 1 + Math.floor(next() * 3)) };
    };
    // What each phone was told it cast: the truth the count must match.
    const told = new Map<string, CountableBallot>();
    const paperBallots: CountableBallot[] = [];
    const expected = (version: number) =>
      countVotes({
        activityId: vote.id,
        kind: 'ranking',
        options: options.map((o) => ({ id: o.id, label: o.label })),
        ballots: [...told.values()],
        paperBallots,
        rankTopK: 3,
        version,
      });

    for (let wave = 0; wave < 6; wave++) {
      // Some phones at once, a few of them twice in the same wave.
      const voters = people.filter(() => next() < 0.6);
      await Promise.all(
        [...voters, ...voters.slice(0, 3)].map(async (p) => {
          const ballot = ranked();
          ok(await cast(p.socket, vote.id, ballot));
          told.set(p.id, { groupKey: p.groupKey, ballot });
        }),
      );
      // The last cast of a phone that sent two at once is the one stored: read it back.
      for (const p of voters.slice(0, 3)) {
        const view = ok(await p.socket.command('vote:get', { activityId: vote.id }));
        if (view.myBallot) told.set(p.id, { groupKey: p.groupKey, ballot: view.myBallot });
      }
      const got = await results();
      expect(figures(got), `wave ${wave}`).toEqual(figures(expected(got.version)));

      if (wave === 2) {
        // An erased voter's ballot leaves the count.
        const leaver = people.find((p) => told.has(p.id))!;
        const erased = await http.request(
          'DELETE',
          `/api/workshops/${workshop.id}/participants/${leaver.id}/contributions`,
        );
        expect(erased.status).toBe(200);
        told.delete(leaver.id);
        people.splice(people.indexOf(leaver), 1);
      }
      if (wave === 4) {
        const ballot = ranked();
        ok(
          await fac.command('vote:paperBallot:add', {
            id: randomUUID(),
            activityId: vote.id,
            groupKey: 'resident',
            ballot,
          }),
        );
        paperBallots.push({ groupKey: 'resident', ballot });
      }
    }
    const last = await results();
    expect(figures(last)).toEqual(figures(expected(last.version)));
    expect(last.voters).toBe(told.size);
  });

  if (backend !== 'postgres') return;

  it('[SCALE14] a ballot whose transaction commits after a later one was counted is still counted, near or far behind', async () => {
    database = await createTestDatabase('postgres');
    t = await startApp('postgres', {}, { database });
    const { fac, vote, options, people, results } = await rankingVote(t, 3);
    sockets.push(fac, ...people.map((p) => p.socket));
    const [a, b, c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const ids = options.map((o) => o.id);
    const told = new Map<string, CountableBallot>();
    const record = (p: (typeof people)[0], ballot: Ballot) =>
      told.set(p.id, { groupKey: p.groupKey, ballot });
    for (const [p, first] of [
      [a, 0],
      [b, 1],
      [c, 2],
    ] as const) {
      const ballot: Ballot = { kind: 'ranking', order: [ids[first]!] };
      ok(await cast(p.socket, vote.id, ballot));
      record(p, ballot);
    }
    await results();

    const writer = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await writer.connect();
    try {
      // A slow writer: its change takes a number, then it waits before committing, while other
      // ballots are written and counted. `gap` numbers are taken meanwhile (other workshops'
      // ballots share the sequence): within the look-back, and far beyond it.
      for (const [round, gap] of [
        [0, 5],
        [1, 2000],
      ] as const) {
        const slow: Ballot = { kind: 'ranking', order: [ids[3 + round]!, ids[0]!] };
        await writer.query('BEGIN');
        await writer.query(
          `UPDATE ballots SET ballot = $3::jsonb, version = version + 1,
             changed_seq = nextval('ballot_changes')
           WHERE activity_id = $1 AND participant_id = $2`,
          [vote.id, a.id, JSON.stringify(slow)],
        );
        await writer.query(`SELECT nextval('ballot_changes') FROM generate_series(1, ${gap})`);
        const quick: Ballot = { kind: 'ranking', order: [ids[5 - round]!] };
        ok(await cast(b.socket, vote.id, quick));
        record(b, quick);
        const during = await results();
        expect(figures(during), `round ${round}, before the slow commit`).toEqual(
          figures(countVotes({ ...shape(vote.id, options), ballots: [...told.values()] })),
        );
        await writer.query('COMMIT');
        record(a, slow);
        const after = await results();
        expect(figures(after), `round ${round}, after the slow commit`).toEqual(
          figures(countVotes({ ...shape(vote.id, options), ballots: [...told.values()] })),
        );
      }
    } finally {
      await writer.end();
    }
  });
});

function shape(activityId: string, options: { id: string; label: string }[]) {
  return {
    activityId,
    kind: 'ranking' as const,
    options: options.map((o) => ({ id: o.id, label: o.label })),
    rankTopK: 3,
  };
}
