import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CafeSeat } from '../../shared/domain/cafe.ts';
import type { CreateWorkshopInput } from '../../shared/domain/workshop.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  ok,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import {
  byTable,
  groupPairsFloor,
  repeatPairsIn,
  revisitsIn,
  sameGroupPairsIn,
  type ScoredSeat,
} from '../helpers/cafeScore.ts';

/**
 * People coming and going in a World Café, through the real protocol: a scripted facilitator and
 * phones; the seating is read from what each phone received and scored independently
 * (test/helpers/cafeScore.ts), then compared with the rules and the console's figures (CAFE19).
 */

/** A short grace, so a test can wait it out: how long a phone may be away and still be seated. */
const AWAY_SECONDS = 2;

type Person = { id: string; token: string; group: string; sockets: ScriptedClient[] };

const workshop = (tables: number, rounds = 3): CreateWorkshopInput => ({
  title: 'Café comings and goings',
  agenda: [
    {
      kind: 'world_cafe',
      title: 'Café',
      settings: { tables, rounds, roundMinutes: 5, changeoverMinutes: 1, maxTableSize: 5 },
    },
  ],
});

describe.each(backends)('World Café with people coming and going on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    t = await startApp(backend, { CAFE_AWAY_SECONDS: String(AWAY_SECONDS) });
    http = await setUpFacilitator(t.url);
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) c();
    await t.close();
  });

  async function cafe(tables: number, groups: string[]) {
    const { workshop: w, code, fac } = await createOpenWorkshop(http, workshop(tables));
    cleanups.push(() => fac.close());
    const activityId = w.agenda[0]!.id;
    ok(await fac.command('activity:goto', { activityId }));
    const people: Person[] = [];
    for (const group of groups) people.push(await arrive(code, group));
    const view = ok(await fac.command('cafe:get', { activityId }));
    return { code, fac, activityId, people, tables: view.state.tables };
  }

  async function arrive(code: string, group: string): Promise<Person> {
    const joined = await join(t.url, code, { groupKey: group });
    const person: Person = {
      id: joined.body.participantId,
      token: joined.body.token,
      group,
      sockets: [],
    };
    await wake(person);
    return person;
  }

  async function wake(person: Person) {
    const socket = await connect(t.url, { role: 'participant', token: person.token });
    cleanups.push(() => socket.close());
    person.sockets.push(socket);
    return socket;
  }

  /** Phones close their connection; waits until the server has them offline. */
  async function leave(fac: ScriptedClient, leaving: Person[]) {
    for (const p of leaving) for (const s of p.sockets) s.close();
    await eventually(async () => {
      const roster = ok(await fac.command('roster:get', {}));
      for (const p of leaving) {
        expect(roster.participants.find((r) => r.id === p.id)?.online).toBe(false);
      }
    });
  }

  /** The grace running out is the behaviour under test: wait it out, polling, then a margin. */
  async function awayLongerThanGrace() {
    const since = Date.now();
    await eventually(() => expect(Date.now() - since).toBeGreaterThan(AWAY_SECONDS * 1000 + 500), {
      timeoutMs: AWAY_SECONDS * 1000 + 5000,
      intervalMs: 100,
    });
  }

  /** Ends the talk and the round: the next round is seated. */
  async function nextRound(fac: ScriptedClient, activityId: string) {
    ok(await fac.command('cafe:advance', { activityId }));
    return ok(await fac.command('cafe:advance', { activityId }));
  }

  /** Every seat as the phones received it (the last push per person and round). */
  function received(people: Person[]): ScoredSeat[] {
    const seats = new Map<string, ScoredSeat>();
    for (const p of people) {
      for (const socket of p.sockets) {
        for (const m of socket.received) {
          if (m.event !== 'cafe:seat') continue;
          const s = m.payload as CafeSeat;
          seats.set(`${p.id}|${s.round}`, {
            round: s.round,
            tableId: s.tableId,
            participantId: p.id,
            isHost: s.isHost,
          });
        }
      }
    }
    return [...seats.values()];
  }

  async function seatedInRound(people: Person[], round: number) {
    await eventually(() => {
      const seats = received(people);
      for (const p of people)
        expect(
          seats.some((s) => s.round === round && s.participantId === p.id),
          p.id,
        ).toBe(true);
    });
    return received(people);
  }

  const spread = (sizes: number[]) => Math.max(...sizes) - Math.min(...sizes);

  it('[CAFE10][CAFE19] a host and two travellers who leave for good in round 1 are not seated again, however long they were connected; a stand-in from that table hosts it; tables balance over who is here', async () => {
    const groups = ['resident', 'officer', 'partner'];
    const { code, fac, activityId, people, tables } = await cafe(
      3,
      Array.from({ length: 12 }, (_, i) => groups[i % 3]!),
    );
    for (const [i, table] of tables.entries()) {
      ok(
        await fac.command('cafe:host', {
          activityId,
          tableId: table.id,
          participantId: people[i]!.id,
        }),
      );
    }
    ok(await fac.command('cafe:start', { activityId }));
    // Someone arrives during round 1 and is seated at once; their phone is connected only briefly.
    const brief = await arrive(code, 'resident');
    ok(await brief.sockets[0]!.command('cafe:get', { activityId }));
    const round1 = await seatedInRound([...people, brief], 1);
    const host = people[0]!;
    const hostTable = tables[0]!.id;
    // A traveller connected since the start (longer than the grace), and the brief arrival, leave.
    const traveller = people.find((p) =>
      round1.find((s) => s.participantId === p.id && !s.isHost && s.tableId !== hostTable),
    )!;
    await leave(fac, [host, traveller, brief]);
    await awayLongerThanGrace();

    const next = await nextRound(fac, activityId);
    expect(next.state.round).toBe(2);
    const here = people.filter((p) => p !== host && p !== traveller);
    const seats = await seatedInRound(here, 2);
    const gone = new Set([host.id, traveller.id, brief.id]);
    expect(next.seating!.filter((s) => gone.has(s.participantId))).toEqual([]);
    expect(next.seating!).toHaveLength(here.length);
    // The host's table is hosted by someone who sat there in round 1 (a stand-in, as when a host
    // drops out), and the console names them.
    const standIn = seats.find((s) => s.round === 2 && s.tableId === hostTable && s.isHost);
    expect(standIn).toBeDefined();
    expect(round1.find((s) => s.participantId === standIn!.participantId)?.tableId).toBe(hostTable);
    expect(next.state.tables.find((x) => x.id === hostTable)?.hostId).toBe(standIn!.participantId);
    // Balanced over the 10 people here: 4, 3, 3.
    const sizes = tables.map((x) => byTable(seats, 2).get(x.id)?.length ?? 0);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
    expect(spread(sizes)).toBeLessThanOrEqual(1);
    // The console's figures are those of the seats the phones received.
    expect(next.quality!.find((q) => q.round === 2)).toEqual({
      round: 2,
      repeatPairs: repeatPairsIn(seats, 2),
      revisits: revisitsIn(seats, 2),
      sizeSpread: spread(sizes),
    });
    expect(revisitsIn(seats, 2)).toBe(0);
  });

  it('[CAFE7][CAFE19] two phones that sleep over a changeover are seated when they come back by the same rules, and the console counts their seats', async () => {
    const groups = ['resident', 'officer', 'partner', 'resident'];
    const { fac, activityId, people, tables } = await cafe(
      4,
      Array.from({ length: 16 }, (_, i) => groups[i % 4]!),
    );
    for (const [i, table] of tables.entries()) {
      ok(
        await fac.command('cafe:host', {
          activityId,
          tableId: table.id,
          participantId: people[i]!.id,
        }),
      );
    }
    ok(await fac.command('cafe:start', { activityId }));
    const round1 = await seatedInRound(people, 1);
    // Two travellers from different tables put their phones away.
    const sleepers = [
      people[4]!,
      people.find(
        (p, i) =>
          i > 4 &&
          round1.find((s) => s.participantId === p.id)!.tableId !==
            round1.find((s) => s.participantId === people[4]!.id)!.tableId,
      )!,
    ];
    await leave(fac, sleepers);
    await awayLongerThanGrace();
    const next = await nextRound(fac, activityId);
    const awake = people.filter((p) => !sleepers.includes(p));
    await seatedInRound(awake, 2);
    expect(next.seating!.some((s) => sleepers.some((p) => p.id === s.participantId))).toBe(false);

    // They wake one after the other; each fetches the café and is seated at once.
    for (const sleeper of sleepers) {
      const before = received(people).filter((s) => s.round === 2);
      const socket = await wake(sleeper);
      const view = ok(await socket.command('cafe:get', { activityId }));
      expect(view.mine!.seat?.round).toBe(2);
      // The same rules as everyone else: among the tables that keep sizes balanced (the
      // smallest), one they have not sat at, with the fewest people they have met.
      const sizes = new Map(
        tables.map((x) => [x.id, before.filter((s) => s.tableId === x.id).length]),
      );
      const smallest = Math.min(...sizes.values());
      const history = received(people).filter((s) => s.round === 1);
      const score = (tableId: string) => {
        const trial = [
          ...history,
          ...before,
          { round: 2, tableId, participantId: sleeper.id, isHost: false },
        ];
        return [
          revisitsIn(trial, 2) - revisitsIn([...history, ...before], 2),
          repeatPairsIn(trial, 2) - repeatPairsIn([...history, ...before], 2),
        ];
      };
      const options = tables.filter((x) => sizes.get(x.id) === smallest).map((x) => score(x.id));
      const best = options.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!)[0]!;
      expect(sizes.get(view.mine!.seat!.tableId)).toBe(smallest);
      expect(score(view.mine!.seat!.tableId)).toEqual(best);
    }
    const seats = await seatedInRound(people, 2);
    const sizes = tables.map((x) => byTable(seats, 2).get(x.id)!.length);
    expect(sizes).toEqual([4, 4, 4, 4]);
    // The console's figures count the late seats: the same as scored from the phones' seats.
    const view = ok(await fac.command('cafe:get', { activityId }));
    expect(
      view
        .seating!.filter((s) => s.source === 'late')
        .map((s) => s.participantId)
        .sort(),
    ).toEqual(sleepers.map((p) => p.id).sort());
    expect(view.quality!.find((q) => q.round === 2)).toEqual({
      round: 2,
      repeatPairs: repeatPairsIn(seats, 2),
      revisits: revisitsIn(seats, 2),
      sizeSpread: 0,
    });
    expect(revisitsIn(seats, 2)).toBe(0);
    expect(repeatPairsIn(seats, 2)).toBe(0);
  });

  it('[CAFE9][CAFE18][CAFE19] five latecomers in round 2, groups 50/30/20: round 3 has no repeats or revisits and mixes groups within one pair of the floor', async () => {
    // 25 people, 13 residents, 7 officers, 5 partners; five of them (of every group) arrive late.
    const all = Array.from({ length: 25 }, (_, i) =>
      i < 13 ? 'resident' : i < 20 ? 'officer' : 'partner',
    );
    const lateIdx = new Set([2, 9, 15, 21, 24]);
    const { code, fac, activityId, people, tables } = await cafe(
      5,
      all.filter((_, i) => !lateIdx.has(i)),
    );
    for (const [i, table] of tables.entries()) {
      ok(
        await fac.command('cafe:host', {
          activityId,
          tableId: table.id,
          participantId: people[i * 3]!.id,
        }),
      );
    }
    ok(await fac.command('cafe:start', { activityId }));
    await seatedInRound(people, 1);
    await nextRound(fac, activityId);
    await seatedInRound(people, 2);
    const late: Person[] = [];
    for (const i of lateIdx) {
      const p = await arrive(code, all[i]!);
      ok(await p.sockets[0]!.command('cafe:get', { activityId }));
      late.push(p);
    }
    const everyone = [...people, ...late];
    await seatedInRound(everyone, 2);
    const third = await nextRound(fac, activityId);
    expect(third.state.round).toBe(3);
    const seats = await seatedInRound(everyone, 3);
    expect(revisitsIn(seats, 3)).toBe(0);
    expect(repeatPairsIn(seats, 3)).toBe(0);
    const groupOf = new Map(everyone.map((p) => [p.id, p.group]));
    const counts = new Map<string, number>();
    for (const p of everyone) counts.set(p.group, (counts.get(p.group) ?? 0) + 1);
    const floor = groupPairsFloor(
      counts,
      tables.map((x) => {
        const here = byTable(seats, 3).get(x.id)!;
        const hostId = seats.find(
          (s) => s.round === 3 && s.tableId === x.id && s.isHost,
        )!.participantId;
        return { size: here.length, hostGroup: groupOf.get(hostId)! };
      }),
    );
    expect(floor).toBeGreaterThanOrEqual(12);
    expect(sameGroupPairsIn(seats, 3, groupOf)).toBeLessThanOrEqual(floor + 1);
    for (const round of [1, 2, 3]) {
      expect(third.quality!.find((q) => q.round === round)).toMatchObject({
        repeatPairs: repeatPairsIn(seats, round),
        revisits: revisitsIn(seats, round),
      });
    }
  });
});
