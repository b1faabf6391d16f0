import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/protocol/ack.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import {
  connect,
  createOpenWorkshop,
  join,
  ok,
  setUpFacilitator,
  type HttpClient,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';

/**
 * PostgreSQL stops for 20 s while phones on two nodes add notes, press dots and offer to host a
 * café table. Each phone does what the app's queue does: a "not now" answer (UNAVAILABLE) keeps
 * the command, which goes again with the same id until it is accepted. Nothing the phones sent may
 * be refused for another reason, lost, stored twice, or take more than 2 s after the return.
 */
const OUTAGE_MS = 20_000;
const SERVES_AGAIN_WITHIN_MS = 2000;
const RESEND_EVERY_MS = 250;

type Sent = {
  what: string;
  answers: ErrorCode[];
  ackedAt?: number;
};

describe('the database away under several nodes', () => {
  let database: PostgresServer;
  let redis: RedisServer;
  let a: TestApp;
  let b: TestApp;
  let http: HttpClient;
  const clients: ScriptedClient[] = [];

  beforeAll(async () => {
    database = await startPostgres();
    redis = await startRedis();
    const shared = { env: { DATABASE_URL: database.url }, drop: async () => {} };
    a = await startApp('postgres', { REDIS_URL: redis.url }, { database: shared });
    b = await startApp('postgres', { REDIS_URL: redis.url }, { database: shared });
    http = await setUpFacilitator(a.url);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await a?.close();
    await b?.close();
    redis?.stop();
    database?.stop();
  });

  async function phoneOn(node: TestApp, code: string) {
    const joined = await join(node.url, code, { groupKey: 'resident' });
    expect(joined.status).toBe(201);
    const phone = await connect(node.url, { role: 'participant', token: joined.body.token });
    clients.push(phone);
    return { phone, id: joined.body.participantId };
  }

  /** Sends one command as the app's queue does, recording every refusal it met on the way. */
  async function send(
    phone: ScriptedClient,
    what: string,
    event: string,
    payload: Record<string, unknown>,
  ): Promise<Sent> {
    const sent: Sent = { what, answers: [] };
    const giveUpAt = Date.now() + OUTAGE_MS + 30_000;
    while (Date.now() < giveUpAt) {
      const answer = await phone.command(event as 'note:add', payload as never);
      if (answer.ok) {
        sent.ackedAt = Date.now();
        return sent;
      }
      sent.answers.push(answer.error.code);
      if (answer.error.code !== 'UNAVAILABLE') return sent;
      await new Promise((r) => setTimeout(r, RESEND_EVERY_MS));
    }
    return sent;
  }

  it('[SCALE11] notes, dots and café offers sent while PostgreSQL is stopped for 20 s are answered "try again", then stored once each within 2 s of its return', async () => {
    const boardRoom = await createOpenWorkshop(http, {
      title: 'Park ideas',
      agenda: [
        { kind: 'idea_board', title: 'The park', settings: { mode: 'open', maxNotesPerPerson: 5 } },
      ],
    });
    const voteRoom = await createOpenWorkshop(http, {
      title: 'Park priorities',
      agenda: [
        {
          kind: 'dot_vote',
          title: 'Priorities',
          settings: { options: ['Benches', 'Lights', 'Trees'], dotsPerPerson: 3 },
        },
      ],
    });
    const cafeRoom = await createOpenWorkshop(http, {
      title: 'Park café',
      agenda: [
        {
          kind: 'world_cafe',
          title: 'Café',
          settings: {
            tables: 2,
            rounds: 2,
            roundMinutes: 5,
            changeoverMinutes: 1,
            questions: ['What works?', 'What is missing?'],
          },
        },
      ],
    });
    clients.push(boardRoom.fac, voteRoom.fac, cafeRoom.fac);
    const boardId = boardRoom.workshop.agenda[0]!.id;
    const voteId = voteRoom.workshop.agenda[0]!.id;
    const cafeId = cafeRoom.workshop.agenda[0]!.id;
    ok(await boardRoom.fac.command('activity:goto', { activityId: boardId }));
    ok(await voteRoom.fac.command('activity:goto', { activityId: voteId }));
    ok(await voteRoom.fac.command('vote:open', { activityId: voteId, closesAt: null }));
    ok(await cafeRoom.fac.command('activity:goto', { activityId: cafeId }));
    const optionIds = ok(
      await voteRoom.fac.command('vote:get', { activityId: voteId }),
    ).options.map((o) => o.id);

    const nodes = [a, b];
    const writers = await Promise.all(nodes.map((n) => phoneOn(n, boardRoom.code)));
    const voters = await Promise.all(nodes.map((n) => phoneOn(n, voteRoom.code)));
    const guests = await Promise.all(nodes.map((n) => phoneOn(n, cafeRoom.code)));

    database.pause();
    const stoppedAt = Date.now();
    const noteIds = writers.map(() => randomUUID());
    const pending = [
      ...writers.map(({ phone }, i) =>
        send(phone, `note ${i}`, 'note:add', {
          id: noteIds[i],
          activityId: boardId,
          text: `Shade by the pond, from node ${i}`,
        }),
      ),
      ...voters.map(({ phone }, i) =>
        send(phone, `dot ${i}`, 'dot:place', {
          opId: randomUUID(),
          activityId: voteId,
          optionId: optionIds[i],
        }),
      ),
      ...guests.map(({ phone }, i) =>
        send(phone, `café offer ${i}`, 'cafe:volunteer', { activityId: cafeId, volunteer: true }),
      ),
    ];
    // The outage lasts its 20 s whatever the phones do meanwhile.
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
    database.resume();
    const backAt = Date.now();
    const results = await Promise.all(pending);

    for (const sent of results) {
      // Told "try again" while the database was away, never refused or failed for another reason.
      expect(sent.answers.length, sent.what).toBeGreaterThan(0);
      expect(new Set(sent.answers), sent.what).toEqual(new Set(['UNAVAILABLE']));
      expect(sent.ackedAt, `${sent.what} accepted`).toBeDefined();
      expect(sent.ackedAt! - backAt, `${sent.what} after the return`).toBeLessThanOrEqual(
        SERVES_AGAIN_WITHIN_MS,
      );
    }

    // Once each, as read from the database itself.
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const notes = await db.query<{ id: string }>(
        'SELECT id FROM board_notes WHERE activity_id = $1',
        [boardId],
      );
      expect(notes.rows.map((r) => r.id).sort()).toEqual([...noteIds].sort());
    } finally {
      await db.end();
    }
    // Read through either node: the same dots, and both café offers.
    for (const facOn of nodes) {
      const fac = await connect(
        facOn.url,
        { role: 'facilitator', workshopId: voteRoom.workshop.id },
        http.cookie,
      );
      clients.push(fac);
      const view = ok(await fac.command('vote:get', { activityId: voteId }));
      expect(
        optionIds.map((id) => view.results?.rows.find((r) => r.optionId === id)?.score),
      ).toEqual([1, 1, 0]);
      const cafeFac = await connect(
        facOn.url,
        { role: 'facilitator', workshopId: cafeRoom.workshop.id },
        http.cookie,
      );
      clients.push(cafeFac);
      const cafe = ok(await cafeFac.command('cafe:get', { activityId: cafeId }));
      expect([...(cafe.volunteers ?? [])].sort()).toEqual(guests.map((g) => g.id).sort());
    }
  }, 90_000);
});
