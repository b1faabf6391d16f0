import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../server/db/database.ts';
import type { Ack } from '../../shared/protocol/ack.ts';
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

type ErrAck = Extract<Ack<unknown>, { ok: false }>;

// SCALE15: a hall's ballot is two statements inside its transaction, and still gives every answer
// the long path gave; when the voter's ballot changes while it waits for its lock, the long path
// decides from the newest ballot.

/** The statements of every transaction the app runs from now on, by their first words. */
function recordTransactions(db: Database) {
  const seen: string[][] = [];
  const original = db.transaction.bind(db);
  db.transaction = <T>(fn: (tx: Queryable) => Promise<T>) =>
    original((tx) => {
      const statements: string[] = [];
      seen.push(statements);
      return fn({
        query(sql, params) {
          statements.push(sql.trim().replace(/\s+/g, ' '));
          return tx.query(sql, params);
        },
      });
    });
  /** Transactions that wrote or read an operation id: the ballots'. */
  return () => seen.filter((s) => s.some((sql) => sql.includes('vote_ops')));
}

async function dotVote(t: TestApp, phones: number) {
  const http = await setUpFacilitator(t.url);
  const { workshop, code, fac } = await createOpenWorkshop(http, {
    title: 'Two statements a ballot',
    agenda: [
      {
        kind: 'dot_vote',
        title: 'Priorities',
        settings: { options: ['Parks', 'Homes', 'Buses', 'Libraries'], dotsPerPerson: 3 },
      },
    ],
  });
  const vote = workshop.agenda[0]!;
  ok(await fac.command('activity:goto', { activityId: vote.id }));
  const people = await Promise.all(
    Array.from({ length: phones }, async () => {
      const joined = await join(t.url, code);
      const socket = await connect(t.url, { role: 'participant', token: joined.body.token });
      return { socket, id: joined.body.participantId };
    }),
  );
  ok(await fac.command('vote:open', { activityId: vote.id, closesAt: null }));
  const options = ok(await fac.command('vote:get', { activityId: vote.id })).options;
  return { fac, vote, people, optionIds: options.map((o) => o.id) };
}

const place = (socket: ScriptedClient, activityId: string, optionId: string, opId = randomUUID()) =>
  socket.raw('dot:place', { opId, activityId, optionId });

describe.each(backends)('a ballot on %s', (backend) => {
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

  it('[SCALE15] is two statements between begin and commit, a resend one, with the same answers and count', async () => {
    t = await startApp(backend);
    const { fac, vote, people, optionIds } = await dotVote(t, 6);
    sockets.push(fac, ...people.map((p) => p.socket));
    const ballots = recordTransactions(t.app.db);
    const [parks, homes, buses, libraries] = optionIds as [string, string, string, string];

    // Every phone at once places two dots, one after the other as a phone's queue sends them.
    // (Two of one person's at once: the second waits for the first's lock and takes the long
    // path; VOTE8 checks those.)
    const acks = await Promise.all(
      people.map(async (p) => [
        await place(p.socket, vote.id, parks),
        await place(p.socket, vote.id, homes),
      ]),
    );
    for (const ack of acks.flat()) expect(ack).toMatchObject({ ok: true });
    for (const p of people) {
      const view = ok(await p.socket.command('vote:get', { activityId: vote.id }));
      expect(view.myBallot).toEqual({ kind: 'dot', dots: { [parks]: 1, [homes]: 1 } });
    }
    expect(ballots().map((s) => s.length)).toEqual(Array(12).fill(2));

    // A resend is answered from the first, in one statement, and not counted again.
    const first = people[0]!;
    const opId = randomUUID();
    const placed = await place(first.socket, vote.id, buses, opId);
    expect(placed).toMatchObject({ ok: true, data: { remaining: 0 } });
    const again = await place(first.socket, vote.id, buses, opId);
    expect(again).toEqual(placed);
    expect(ballots().at(-1)).toHaveLength(1);
    // Someone else's operation id is refused, and changes nothing.
    const taken = (await place(people[1]!.socket, vote.id, buses, opId)) as ErrAck;
    expect(taken.error.reason?.code).toBe('OPERATION_ID_TAKEN');
    // Past the budget, refused as before.
    const over = (await place(first.socket, vote.id, libraries)) as ErrAck;
    expect(over.error.reason).toEqual({ code: 'VOTE_BUDGET_EXCEEDED', params: { budget: 3 } });

    const results = ok(await fac.command('vote:get', { activityId: vote.id })).results!;
    expect(results.voters).toBe(6);
    expect(Object.fromEntries(results.rows.map((r) => [r.optionId, r.score]))).toMatchObject({
      [parks]: 6,
      [homes]: 6,
      [buses]: 1,
    });

    ok(await fac.command('vote:close', { activityId: vote.id }));
    const late = (await place(people[2]!.socket, vote.id, parks)) as ErrAck;
    expect(late.error.reason?.code).toBe('VOTING_CLOSED');
    // A resend of an answered dot is still answered after the close, as it was.
    expect(await place(first.socket, vote.id, buses, opId)).toEqual(placed);
  });

  if (backend !== 'postgres') return;

  it('[SCALE15] a ballot that changes while this one waits for its lock is read again, newest first', async () => {
    database = await createTestDatabase('postgres');
    t = await startApp('postgres', {}, { database });
    const { fac, vote, people, optionIds } = await dotVote(t, 1);
    sockets.push(fac, ...people.map((p) => p.socket));
    const [parks, homes, buses] = optionIds as [string, string, string];
    const phone = people[0]!;
    expect(await place(phone.socket, vote.id, parks)).toMatchObject({ ok: true });
    const ballots = recordTransactions(t.app.db);

    // Another node's command for the same person holds the row: it adds a dot on Homes under
    // operation id `op`, and commits while this node's resend of `op` waits for the row.
    const other = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await other.connect();
    const op = randomUUID();
    try {
      await other.query('BEGIN');
      await other.query(
        `UPDATE ballots SET ballot = $3::jsonb, version = version + 1,
           changed_seq = nextval('ballot_changes')
         WHERE activity_id = $1 AND participant_id = $2`,
        [vote.id, phone.id, JSON.stringify({ kind: 'dot', dots: { [parks]: 1, [homes]: 1 } })],
      );
      await other.query(
        'INSERT INTO vote_ops (op_id, activity_id, participant_id) VALUES ($1, $2, $3)',
        [op, vote.id, phone.id],
      );
      const resent = place(phone.socket, vote.id, homes, op);
      // The resend has read its snapshot and is waiting on the row.
      const waiting = new pg.Client({ connectionString: database.env.DATABASE_URL });
      await waiting.connect();
      try {
        for (let i = 0; i < 100; i++) {
          const { rows } = await waiting.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO ballots%'`,
          );
          if (rows[0]!.n > 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await waiting.end();
      }
      await other.query('COMMIT');
      // Answered as the resend it is: the ballot the other node saved, not a second dot.
      expect(await resent).toMatchObject({
        ok: true,
        data: { ballot: { kind: 'dot', dots: { [parks]: 1, [homes]: 1 } }, remaining: 1 },
      });
    } finally {
      await other.end();
    }
    // The long path decided it, within the same transaction.
    expect(ballots().at(-1)!.length).toBeGreaterThan(2);

    // The next dot starts from the newest ballot.
    expect(await place(phone.socket, vote.id, buses)).toMatchObject({
      ok: true,
      data: { ballot: { kind: 'dot', dots: { [parks]: 1, [homes]: 1, [buses]: 1 } }, remaining: 0 },
    });
    const results = ok(await fac.command('vote:get', { activityId: vote.id })).results!;
    expect(results.rows.reduce((n, r) => n + r.score, 0)).toBe(3);
  });
});
