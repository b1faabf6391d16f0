import { afterAll, describe, expect, it } from 'vitest';
import type { RoomState } from '../../shared/domain/workshop.ts';
import type { Results } from '../../shared/domain/voting.ts';
import { boardDocName } from '../../shared/domain/board.ts';
import { createTestDatabase, startApp, type TestApp, type TestDatabase } from '../helpers/app.ts';
import {
  connect,
  createOpenWorkshop,
  join,
  ok,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { openYjsPeer, type YjsPeer } from '../helpers/yjs.ts';

/**
 * The same workshop script (a board, a dot vote, a congress vote and a café round) run twice:
 * once on one node, once with its phones and two consoles spread over two nodes joined through
 * Redis. Every screen must end up seeing the same thing in both runs. Ids, times and versions
 * differ between runs by nature, so each is replaced by what it names before comparing.
 */

const PHONES = 6;
const groups = ['resident', 'officer', 'partner'];
// Note ids are made by the phones, so both runs can use the same ones.
const noteIds = Array.from({ length: PHONES }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
const noteTexts = [
  'Benches in the shade',
  'Lights on the canal path',
  'A water fountain',
  'A youth club open on Sundays',
  'Somewhere for teenagers to meet',
  'Buy my car',
];

type Snapshot = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Differ between runs by nature: when, which version, which code, which random seed.
const runBound = /(At|Time|version|Version|code|Code|token|seed|url)$/;

/** Replaces ids by the names the script gave them, drops what differs between runs by nature. */
function normalize(value: unknown, names: Map<string, string>): unknown {
  if (typeof value === 'string') {
    if (UUID.test(value)) return names.get(value) ?? `unnamed id`;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => normalize(v, names));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (runBound.test(k)) continue;
      // Each phone lists a vote's options in its own order (against order bias): compare the
      // options, not the order a phone happened to be given.
      // A board lists notes grouped by theme id, which differs between runs: compare by note.
      const sorted = !Array.isArray(v)
        ? v
        : k === 'options'
          ? [...(v as { position: number }[])].sort((x, y) => x.position - y.position)
          : k === 'notes'
            ? [...(v as { id: string }[])].sort((x, y) =>
                (names.get(x.id) ?? x.id).localeCompare(names.get(y.id) ?? y.id),
              )
            : v;
      out[names.get(k) ?? k] = normalize(sorted, names);
    }
    return out;
  }
  return value;
}

/** Waits until every event has been heard: two reads in a row that agree. */
async function settled(read: () => Promise<unknown>) {
  let last = JSON.stringify(await read());
  await eventually(
    async () => {
      await new Promise((r) => setTimeout(r, 300));
      const now = JSON.stringify(await read());
      const same = now === last;
      last = now;
      expect(same).toBe(true);
    },
    { timeoutMs: 15_000 },
  );
}

async function runScript(nodes: TestApp[]): Promise<Snapshot> {
  const clients: ScriptedClient[] = [];
  const peers: YjsPeer[] = [];
  try {
    const http = await setUpFacilitator(nodes[0]!.url);
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Same on every node',
      agenda: [
        { kind: 'idea_board', title: 'The park', settings: { mode: 'open', maxNotesPerPerson: 3 } },
        {
          kind: 'dot_vote',
          title: 'Priorities',
          settings: {
            options: ['Parks', 'Homes', 'Buses'],
            dotsPerPerson: 2,
            hideTallyUntilReveal: false,
          },
        },
        {
          kind: 'congress_vote',
          title: 'Calls to action',
          settings: { method: 'ranking', rankTopK: 2 },
        },
        {
          kind: 'world_cafe',
          title: 'Café',
          settings: {
            tables: 2,
            rounds: 1,
            roundMinutes: 5,
            changeoverMinutes: 1,
            questions: ['What works?'],
          },
        },
      ],
    });
    clients.push(fac);
    const last = nodes[nodes.length - 1]!;
    const console2 = await connect(
      last.url,
      { role: 'facilitator', workshopId: workshop.id },
      http.cookie,
    );
    clients.push(console2);
    const [board, dots, congress, cafe] = [0, 1, 2, 3].map((k) => workshop.agenda[k]!);
    if (!board || !dots || !congress || !cafe) throw new Error('four activities');
    const names = new Map<string, string>([
      [workshop.id, 'workshop'],
      [board.id, 'board'],
      [dots.id, 'dot vote'],
      [congress.id, 'congress vote'],
      [cafe.id, 'café'],
      ...noteIds.map((id, i) => [id, `note ${i}`] as [string, string]),
    ]);

    const phones: ScriptedClient[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < PHONES; i++) {
      const node = nodes[i % nodes.length]!;
      const joined = await join(node.url, code, {
        groupKey: groups[i % 3],
        displayName: `Phone ${i}`,
      });
      expect(joined.status).toBe(201);
      names.set(joined.body.participantId, `phone ${i}`);
      tokens.push(joined.body.token);
      const phone = await connect(node.url, { role: 'participant', token: joined.body.token });
      clients.push(phone);
      phones.push(phone);
    }

    // The board: a note from each phone; two consoles on different nodes sort it.
    ok(await fac.command('activity:goto', { activityId: board.id }));
    for (const [i, phone] of phones.entries()) {
      ok(
        await phone.command('note:add', {
          id: noteIds[i]!,
          activityId: board.id,
          text: noteTexts[i]!,
        }),
      );
    }
    const green = ok(await fac.command('theme:create', { activityId: board.id, name: 'Green' }));
    const young = ok(
      await console2.command('theme:create', { activityId: board.id, name: 'Young people' }),
    );
    names.set(green.id, 'theme Green').set(young.id, 'theme Young people');
    ok(await fac.command('note:place', { id: noteIds[0]!, themeId: green.id, position: 0 }));
    ok(await console2.command('note:place', { id: noteIds[2]!, themeId: green.id, position: 1 }));
    ok(await console2.command('note:place', { id: noteIds[3]!, themeId: young.id }));
    ok(await fac.command('note:merge', { id: noteIds[4]!, intoId: noteIds[3]! }));
    ok(await console2.command('note:hide', { id: noteIds[5]!, reason: 'Not about the park' }));
    ok(await fac.command('note:place', { id: noteIds[1]!, themeId: green.id, position: 0 }));
    // What phones read: the board document, opened through each node.
    for (const node of nodes) {
      peers.push(await openYjsPeer(node.url, boardDocName(board.id), { token: tokens[0]! }));
    }

    // A dot vote, counted live.
    ok(await console2.command('activity:goto', { activityId: dots.id }));
    ok(await fac.command('vote:open', { activityId: dots.id, closesAt: null }));
    const dotOptions = ok(await fac.command('vote:get', { activityId: dots.id })).options;
    for (const o of dotOptions) names.set(o.id, `option ${o.label}`);
    for (const [i, phone] of phones.entries()) {
      for (const k of [i % 3, (i + 1 + (i % 2)) % 3]) {
        ok(
          await phone.command('dot:place', {
            opId: crypto.randomUUID(),
            activityId: dots.id,
            optionId: dotOptions[k]!.id,
          }),
        );
      }
    }
    ok(await console2.command('vote:close', { activityId: dots.id }));
    ok(await fac.command('vote:reveal', { activityId: dots.id }));

    // A congress vote by ranking, revealed at the end.
    ok(await fac.command('activity:goto', { activityId: congress.id }));
    const calls = ok(await fac.command('vote:get', { activityId: congress.id })).options;
    for (const o of calls) names.set(o.id, `call ${o.label}`);
    ok(await console2.command('vote:open', { activityId: congress.id, closesAt: null }));
    for (const [i, phone] of phones.entries()) {
      const order = [calls[i % calls.length]!.id, calls[(i + 2) % calls.length]!.id];
      ok(
        await phone.command('ballot:cast', {
          opId: crypto.randomUUID(),
          activityId: congress.id,
          ballot: { kind: 'ranking', order },
        }),
      );
    }
    ok(await fac.command('vote:close', { activityId: congress.id }));
    ok(await console2.command('vote:reveal', { activityId: congress.id }));

    // A café round from seating to its end.
    ok(await fac.command('activity:goto', { activityId: cafe.id }));
    ok(await phones[1]!.command('cafe:volunteer', { activityId: cafe.id, volunteer: true }));
    const laidOut = ok(await fac.command('cafe:get', { activityId: cafe.id }));
    for (const t of laidOut.state.tables) names.set(t.id, `table ${t.name}`);
    ok(await fac.command('cafe:hostVolunteers', { activityId: cafe.id }));
    ok(await console2.command('cafe:start', { activityId: cafe.id }));
    ok(await fac.command('cafe:advance', { activityId: cafe.id }));
    const seated = ok(await fac.command('cafe:get', { activityId: cafe.id }));
    ok(await console2.command('cafe:advance', { activityId: cafe.id }));

    // Every screen, once it has heard everything.
    const screens = {
      console: fac,
      'second console': console2,
      ...Object.fromEntries(phones.map((p, i) => [`phone ${i}`, p])),
    };
    const read = async () => {
      const seen: Snapshot = {};
      for (const [who, client] of Object.entries(screens)) {
        const room = ok(await client.command('room:sync', {}));
        const cafeView = ok(await client.command('cafe:get', { activityId: cafe.id }));
        seen[who] = {
          room,
          heardRoom: client.last<RoomState>('room:state'),
          board: ok(await client.command('board:get', { activityId: board.id })),
          dots: ok(await client.command('vote:get', { activityId: dots.id })),
          lastTally: client.last<Results>('vote:tally'),
          congress: ok(await client.command('vote:get', { activityId: congress.id })),
          // Seats are drawn from a seed made per café, so the runs seat people differently: compare
          // the café's course, and that the phone is told the seat the console shows for it.
          cafe: {
            state: { ...cafeView.state, tables: cafeView.state.tables.map((t) => t.name) },
            seatMatchesConsole:
              cafeView.mine === null
                ? null
                : seated.seating!.some(
                    (row) =>
                      names.get(row.participantId) === who &&
                      row.tableId === cafeView.mine?.history[0]?.tableId &&
                      row.isHost === cafeView.mine.history[0]?.isHost,
                  ),
            tableSizes: seated.seating
              ? [...new Set(seated.seating.map((row) => row.tableId))]
                  .map((id) => seated.seating!.filter((row) => row.tableId === id).length)
                  .sort()
              : null,
          },
        };
      }
      // The board document as phones read it through each node: one and the same.
      const documents = peers.map((p) =>
        Object.fromEntries(
          [...p.doc.share.keys()].sort().map((key) => [key, p.doc.getMap(key).toJSON()]),
        ),
      );
      for (const other of documents.slice(1)) expect(other).toEqual(documents[0]);
      seen.boardDocument = documents[0];
      return normalize(seen, names) as Snapshot;
    };
    await settled(read);
    return await read();
  } finally {
    for (const p of peers) p.close();
    for (const c of clients) c.close();
  }
}

describe('one node and two nodes', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  async function onNodes(count: number, redis?: RedisServer): Promise<TestApp[]> {
    const database: TestDatabase = await createTestDatabase('postgres');
    cleanups.push(() => database.drop());
    const env: Record<string, string> = redis ? { REDIS_URL: redis.url } : {};
    const nodes: TestApp[] = [];
    for (let i = 0; i < count; i++) {
      const node = await startApp('postgres', env, { database });
      cleanups.push(() => node.close());
      nodes.push(node);
    }
    return nodes;
  }

  it('[SCALE12] a board, a dot vote, a congress vote and a café round look the same to every screen whether one node or two serve them', async () => {
    const single = await runScript(await onNodes(1));
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const spread = await runScript(await onNodes(2, redis));

    // The script did what it meant to, so that the comparison compares something.
    const consoleSaw = single.console as {
      board: { themes: unknown[]; notes: { hidden: boolean }[] };
      dots: { results: { rows: { score: number }[] } };
      congress: { status: string };
      cafe: { state: { phase: string } };
    };
    expect(consoleSaw.board.themes).toHaveLength(2);
    expect(consoleSaw.dots.results.rows.map((r) => r.score).reduce((x, y) => x + y)).toBe(
      PHONES * 2,
    );
    expect(JSON.stringify(single)).not.toContain('unnamed id');

    expect(spread).toEqual(single);
  }, 120_000);
});
