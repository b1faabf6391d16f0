import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import {
  TABLECLOTH_CHARS_MAX,
  TABLECLOTH_TEXT,
  tableclothDocName,
  type CafeSeat,
  type CafeState,
} from '../../shared/domain/cafe.ts';
import type { CreateWorkshopInput } from '../../shared/domain/workshop.ts';
import type { CafeView } from '../../shared/protocol/cafe.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  setUpFacilitator,
  type ScriptedClient,
  ok,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { openYjsPeer, type YjsPeer } from '../helpers/yjs.ts';

type ErrAck = { ok: false; error: { code: string; message: string } };
const groups = ['resident', 'officer', 'partner'];

const cafeWorkshop = (settings: Record<string, unknown> = {}): CreateWorkshopInput => ({
  title: 'Café test',
  agenda: [
    {
      kind: 'world_cafe',
      title: 'Café',
      settings: {
        tables: 2,
        rounds: 3,
        roundMinutes: 5,
        changeoverMinutes: 1,
        questions: ['What works?', 'What is missing?', 'What would you change first?'],
        ...settings,
      },
    },
    { kind: 'dot_vote', title: 'Priorities' },
  ],
});

type Phone = { socket: ScriptedClient; token: string; id: string };

/** The upgrade's HTTP status for a document, or 101 when it opened. */
function upgradeStatus(url: string, docName: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WsClient(
      `${url.replace(/^http/, 'ws')}/yjs/${docName}?token=${encodeURIComponent(token)}`,
    );
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

describe.each(backends)('World Café on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) c();
    await t.close();
  });

  async function cafe(n: number, settings: Record<string, unknown> = {}) {
    const { workshop, code, fac } = await createOpenWorkshop(http, cafeWorkshop(settings));
    cleanups.push(() => fac.close());
    const activity = workshop.agenda[0]!;
    const activityId = activity.id;
    ok(await fac.command('activity:goto', { activityId }));
    const phones: Phone[] = [];
    for (let i = 0; i < n; i++) phones.push(await phone(code, i));
    const view = ok(await fac.command('cafe:get', { activityId }));
    return { workshop, code, fac, activityId, phones, view, vote: workshop.agenda[1]! };
  }

  async function phone(code: string, i: number): Promise<Phone> {
    const joined = await join(t.url, code, { groupKey: groups[i % 3], displayName: `P${i}` });
    const socket = await connect(t.url, { role: 'participant', token: joined.body.token });
    cleanups.push(() => socket.close());
    return { socket, token: joined.body.token, id: joined.body.participantId };
  }

  async function peer(docName: string, token: string): Promise<YjsPeer> {
    const p = await openYjsPeer(t.url, docName, { token });
    cleanups.push(() => p.close());
    return p;
  }

  const seatOf = (p: Phone) => p.socket.last<CafeSeat & { round: number }>('cafe:seat');

  it('[CAFE1][CAFE2] a café starts with its tables laid out; only facilitators arrange them', async () => {
    const { fac, activityId, phones, view } = await cafe(1);
    expect(view.state.phase).toBe('setup');
    expect(view.state.tables.map((x) => x.name)).toEqual(['Table 1', 'Table 2']);
    expect(view.state.questions).toEqual([
      'What works?',
      'What is missing?',
      'What would you change first?',
    ]);
    const tables = ok(
      await fac.command('cafe:tables', {
        activityId,
        tables: [
          {
            id: view.state.tables[0]!.id,
            number: 1,
            name: 'Oak',
            colour: 'green',
            place: 'by the window',
          },
          { number: 2, name: 'Ash', colour: 'blue', question: 'Our own question' },
          { number: 3, name: 'Online', colour: 'purple', online: true },
        ],
      }),
    ).state.tables;
    expect(tables.map((x) => [x.number, x.name, x.colour, x.place, x.online])).toEqual([
      [1, 'Oak', 'green', 'by the window', false],
      [2, 'Ash', 'blue', '', false],
      [3, 'Online', 'purple', '', true],
    ]);
    const denied = (await phones[0]!.socket.raw('cafe:tables', {
      activityId,
      tables: [{ number: 1, name: 'Mine', colour: 'red' }],
    })) as ErrAck;
    expect(denied.error.code).toBe('FORBIDDEN');
    const dup = (await fac.raw('cafe:tables', {
      activityId,
      tables: [
        { number: 1, name: 'A', colour: 'red' },
        { number: 1, name: 'B', colour: 'red' },
      ],
    })) as ErrAck;
    expect(dup.error.message).toMatch(/number 1/);
    for (const cmd of ['cafe:start', 'cafe:advance', 'cafe:restore', 'cafe:move'] as const) {
      const r = (await phones[0]!.socket.raw(cmd, { activityId })) as ErrAck;
      expect(r.ok).toBe(false);
    }
  });

  it('[CAFE3] volunteers who are here are made hosts in one go, in the order they joined, before the café starts', async () => {
    const { fac, activityId, phones, view } = await cafe(5);
    const [t1, t2] = view.state.tables;
    for (const i of [0, 3, 2]) {
      ok(await phones[i]!.socket.command('cafe:volunteer', { activityId, volunteer: true }));
    }
    // The first to offer has left the room since: they are not made a host.
    phones[0]!.socket.close();
    await eventually(async () => {
      const roster = ok(await fac.command('roster:get', {}));
      expect(roster.participants.find((p) => p.id === phones[0]!.id)?.online).toBe(false);
    });
    const hosted = ok(await fac.command('cafe:hostVolunteers', { activityId }));
    expect(hosted.state.tables.map((t) => [t.id, t.hostId])).toEqual([
      [t1!.id, phones[2]!.id],
      [t2!.id, phones[3]!.id],
    ]);
    // Only facilitators, and only before the café starts.
    const refused = (await phones[1]!.socket.raw('cafe:hostVolunteers', { activityId })) as ErrAck;
    expect(refused.error.code).toBe('FORBIDDEN');
    ok(await fac.command('cafe:start', { activityId }));
    const late = (await fac.raw('cafe:hostVolunteers', { activityId })) as ErrAck;
    expect(late.error.code).toBe('CONFLICT');
  });

  it('[CAFE3][CAFE4][CAFE8] starting seats everyone; hosts stay, phones learn their table at once', async () => {
    const { fac, activityId, phones, view } = await cafe(8);
    const [t1, t2] = view.state.tables;
    ok(await phones[2]!.socket.command('cafe:volunteer', { activityId, volunteer: true }));
    const volunteers = ok(await fac.command('cafe:get', { activityId })).volunteers;
    expect(volunteers).toEqual([phones[2]!.id]);
    ok(
      await fac.command('cafe:host', { activityId, tableId: t1!.id, participantId: phones[0]!.id }),
    );
    ok(
      await fac.command('cafe:host', { activityId, tableId: t2!.id, participantId: phones[1]!.id }),
    );
    const started = ok(await fac.command('cafe:start', { activityId }));
    expect(started.state.phase).toBe('moving');
    expect(started.state.round).toBe(1);
    const seating = started.seating!;
    expect(seating).toHaveLength(8);
    for (const p of phones) {
      await eventually(() => expect(seatOf(p)?.round).toBe(1));
      const row = seating.find((s) => s.participantId === p.id)!;
      expect(seatOf(p)!.tableId).toBe(row.tableId);
      const mine = ok(await p.socket.command('cafe:get', { activityId })).mine!;
      expect(mine.seat?.tableId).toBe(row.tableId);
    }
    expect(seatOf(phones[0]!)).toMatchObject({ tableId: t1!.id, isHost: true });
    expect(seatOf(phones[1]!)).toMatchObject({ tableId: t2!.id, isHost: true });
    const sizes = [t1!.id, t2!.id].map((id) => seating.filter((s) => s.tableId === id).length);
    expect(sizes).toEqual([4, 4]);

    // Round by round: hosts stay. Two tables for three rounds force six revisits over the café;
    // the seating spends them where they spare repeat pairs (CAFE18): 12 in all, not 18.
    const previous = new Map(seating.map((s) => [s.participantId, s.tableId]));
    for (const round of [2, 3]) {
      ok(await fac.command('cafe:advance', { activityId })); // talk starts
      const next = ok(await fac.command('cafe:advance', { activityId })); // round ends
      expect(next.state).toMatchObject({ round, phase: 'moving' });
      for (const s of next.seating!) {
        if (s.participantId === phones[0]!.id || s.participantId === phones[1]!.id) {
          expect(s.tableId).toBe(previous.get(s.participantId));
          expect(s.isHost).toBe(true);
        }
      }
      for (const p of phones) await eventually(() => expect(seatOf(p)?.round).toBe(round));
    }
    ok(await fac.command('cafe:advance', { activityId }));
    const done = ok(await fac.command('cafe:advance', { activityId }));
    expect(done.state.phase).toBe('harvest');
    expect(done.quality!.map((q) => q.round)).toEqual([1, 2, 3]);
    const sum = (k: 'repeatPairs' | 'revisits') => done.quality!.reduce((n, q) => n + q[k], 0);
    expect([sum('revisits'), sum('repeatPairs')]).toEqual([6, 12]);
  });

  it('[CAFE5] the server keeps the clock: pause, extend, end early, and a phone that slept catches up', async () => {
    const { fac, activityId, phones } = await cafe(2);
    const started = ok(await fac.command('cafe:start', { activityId }));
    const endsAt = Date.parse(started.state.endsAt!);
    expect(endsAt - Date.parse(started.state.serverTime)).toBeGreaterThan(59_000);
    expect(endsAt - Date.parse(started.state.serverTime)).toBeLessThanOrEqual(60_000);

    const paused = ok(await fac.command('cafe:pause', { activityId }));
    expect(paused.state).toMatchObject({ phase: 'paused', pausedPhase: 'moving', endsAt: null });
    expect(paused.state.remainingMs).toBeGreaterThan(55_000);
    await eventually(() =>
      expect(phones[0]!.socket.last<CafeState>('cafe:changed')?.phase).toBe('paused'),
    );
    const extended = ok(await fac.command('cafe:adjust', { activityId, seconds: 120 }));
    expect(extended.state.remainingMs! - paused.state.remainingMs!).toBe(120_000);
    const resumed = ok(await fac.command('cafe:resume', { activityId }));
    expect(resumed.state.phase).toBe('moving');
    const left = Date.parse(resumed.state.endsAt!) - Date.parse(resumed.state.serverTime);
    expect(Math.abs(left - extended.state.remainingMs!)).toBeLessThan(1000);

    // Nobody sends anything: the server's own timer ends the changeover when its time is up.
    const sleeper = phones[1]!;
    sleeper.socket.close();
    const seconds = Math.floor(left / 1000) - 1;
    ok(await fac.command('cafe:adjust', { activityId, seconds: -seconds }));
    await eventually(
      () => expect(phones[0]!.socket.last<CafeState>('cafe:changed')?.phase).toBe('talking'),
      { timeoutMs: 6000 },
    );
    const talking = phones[0]!.socket.last<CafeState>('cafe:changed')!;
    const talkLeft = Date.parse(talking.endsAt!) - Date.parse(talking.serverTime);
    expect(talkLeft).toBeGreaterThan(4 * 60_000);
    expect(talkLeft).toBeLessThanOrEqual(5 * 60_000);

    // The sleeping phone wakes up with a new connection and gets the same clock and its seat.
    const woke = await connect(t.url, { role: 'participant', token: sleeper.token });
    cleanups.push(() => woke.close());
    const view = ok(await woke.command('cafe:get', { activityId }));
    expect(view.state.phase).toBe('talking');
    expect(view.state.endsAt).toBe(talking.endsAt);
    expect(view.mine!.seat?.round).toBe(1);

    // Taking away more than is left ends the round now.
    const ended = ok(await fac.command('cafe:adjust', { activityId, seconds: -3600 }));
    expect(ended.state).toMatchObject({ round: 2, phase: 'moving' });
  });

  it('[CAFE11][CAFE13] tablemates co-write the tablecloth; other tables cannot read it; after the round it is read-only', async () => {
    const { fac, activityId, phones } = await cafe(4);
    const started = ok(await fac.command('cafe:start', { activityId }));
    ok(await fac.command('cafe:advance', { activityId }));
    const byTable = new Map<string, Phone[]>();
    for (const p of phones) {
      const tableId = started.seating!.find((s) => s.participantId === p.id)!.tableId;
      byTable.set(tableId, [...(byTable.get(tableId) ?? []), p]);
    }
    const entries = [...byTable.entries()];
    const [tableA, [a1, a2]] = entries[0]!;
    const [tableB, [b1]] = entries[1]!;
    const docA = tableclothDocName(tableA, 1);
    const pa1 = await peer(docA, a1!.token);
    const pa2 = await peer(docA, a2!.token);
    pa1.doc.getText(TABLECLOTH_TEXT).insert(0, 'More benches in the park');
    await eventually(() =>
      expect(pa2.doc.getText(TABLECLOTH_TEXT).toString()).toBe('More benches in the park'),
    );
    // Another table's phone: no access before the harvest.
    expect(await upgradeStatus(t.url, docA, b1!.token)).toBe(403);
    const theirs = ok(await b1!.socket.command('cafe:tablecloths', { activityId }));
    expect(theirs.tablecloths.map((x) => x.tableId)).toEqual([tableB]);
    // Nor a future round's document.
    expect(await upgradeStatus(t.url, tableclothDocName(tableA, 2), a1!.token)).toBe(403);

    // The round ends: the writers are cut off, reconnect read-only, and their writes go nowhere.
    const cut = new Promise<number>((resolve) =>
      pa1.provider.once('connection-close', (event) => resolve(event?.code ?? 0)),
    );
    ok(await fac.command('cafe:advance', { activityId }));
    expect(await cut).toBe(4000);
    await eventually(() => expect(pa1.provider.synced).toBe(true), { timeoutMs: 8000 });
    await eventually(
      async () => {
        const snaps = ok(
          await fac.command('cafe:snapshots', { activityId, tableId: tableA, round: 1 }),
        ).snapshots;
        expect(snaps.find((s) => s.reason === 'round_end')?.preview).toBe(
          'More benches in the park',
        );
      },
      { intervalMs: 250 },
    );
    pa1.doc.getText(TABLECLOTH_TEXT).insert(0, 'LATE ');
    await new Promise((r) => setTimeout(r, 300));
    const fresh = await peer(docA, a2!.token);
    expect(fresh.doc.getText(TABLECLOTH_TEXT).toString()).toBe('More benches in the park');

    // Sharing lets everyone read every table before the harvest.
    ok(await fac.command('cafe:share', { activityId, notesShared: true }));
    const shared = ok(await b1!.socket.command('cafe:tablecloths', { activityId }));
    expect(shared.tablecloths.find((x) => x.tableId === tableA && x.round === 1)?.text).toBe(
      'More benches in the park',
    );
  });

  it('[CAFE14] a destructive update is undone by restoring the last snapshot', async () => {
    const { fac, activityId, phones } = await cafe(2, { tables: 1 });
    const started = ok(await fac.command('cafe:start', { activityId }));
    const tableId = started.state.tables[0]!.id;
    const docName = tableclothDocName(tableId, 1);
    const honest = await peer(docName, phones[0]!.token);
    const vandal = await peer(docName, phones[1]!.token);
    honest.doc.getText(TABLECLOTH_TEXT).insert(0, 'Youth club open on Sundays');
    await eventually(() =>
      expect(vandal.doc.getText(TABLECLOTH_TEXT).length).toBe('Youth club open on Sundays'.length),
    );
    // The ticker keeps a snapshot of what changed (here within seconds: the first one is at once).
    await eventually(
      async () => {
        const snaps = ok(await fac.command('cafe:snapshots', { activityId, tableId, round: 1 }));
        expect(snaps.snapshots[0]?.preview).toBe('Youth club open on Sundays');
      },
      { timeoutMs: 8000, intervalMs: 250 },
    );
    const text = vandal.doc.getText(TABLECLOTH_TEXT);
    vandal.doc.transact(() => {
      text.delete(0, text.length);
      text.insert(0, 'rubbish');
    });
    await eventually(() => expect(honest.doc.getText(TABLECLOTH_TEXT).toString()).toBe('rubbish'));
    const snaps = ok(await fac.command('cafe:snapshots', { activityId, tableId, round: 1 }));
    const good = snaps.snapshots.find((s) => s.preview === 'Youth club open on Sundays')!;
    const restored = ok(await fac.command('cafe:restore', { activityId, snapshotId: good.id }));
    expect(restored.snapshot.reason).toBe('restored');
    await eventually(() =>
      expect(honest.doc.getText(TABLECLOTH_TEXT).toString()).toBe('Youth club open on Sundays'),
    );
    expect(vandal.doc.getText(TABLECLOTH_TEXT).toString()).toBe('Youth club open on Sundays');
    const after = ok(await fac.command('cafe:snapshots', { activityId, tableId, round: 1 }));
    expect(after.snapshots.find((s) => s.reason === 'before_restore')?.preview).toBe('rubbish');
    // A participant cannot restore.
    const denied = (await phones[0]!.socket.raw('cafe:restore', {
      activityId,
      snapshotId: good.id,
    })) as ErrAck;
    expect(denied.error.code).toBe('FORBIDDEN');
  });

  it('[CAFE15] a phone that asks for the harvest the moment it hears of it gets the last words written, not an older snapshot', async () => {
    const { fac, activityId, phones } = await cafe(2, { tables: 1, rounds: 1 });
    const started = ok(await fac.command('cafe:start', { activityId }));
    ok(await fac.command('cafe:advance', { activityId }));
    const tableId = started.state.tables[0]!.id;
    const writer = await peer(tableclothDocName(tableId, 1), phones[0]!.token);
    const text = writer.doc.getText(TABLECLOTH_TEXT);
    text.insert(0, 'A street party');
    // The ticker's snapshot of the words so far (the first one is taken at once).
    await eventually(
      async () => {
        const snaps = ok(await fac.command('cafe:snapshots', { activityId, tableId, round: 1 }));
        expect(snaps.snapshots[0]?.preview).toBe('A street party');
      },
      { timeoutMs: 8000, intervalMs: 250 },
    );
    // The last full stop reaches the server (the facilitator reads it live) before the end.
    text.insert(text.length, '.');
    await eventually(
      async () => {
        const live = ok(await fac.command('cafe:tablecloths', { activityId, tableId }));
        expect(live.tablecloths[0]!.text).toBe('A street party.');
      },
      { intervalMs: 50 },
    );
    // As a phone does: on hearing of the harvest, ask for it at once.
    const reader = phones[1]!.socket;
    const asked = new Promise<string[]>((resolve, reject) => {
      reader.socket.on('cafe:changed', (state) => {
        if (state.phase !== 'harvest') return;
        reader
          .command('cafe:tablecloths', { activityId })
          .then((answer) => resolve(ok(answer).tablecloths.map((x) => x.text)), reject);
      });
    });
    // Fault: the database is slow to take the round's last snapshot (PostgreSQL only: PGlite
    // has one connection, so a held lock would stop everything).
    let release = () => {};
    if (backend === 'postgres') {
      await new Promise<void>((locked) => {
        void t.app.db.transaction(async (tx) => {
          await tx.query('LOCK TABLE cafe_snapshots IN EXCLUSIVE MODE');
          locked();
          await new Promise<void>((r) => (release = r));
        });
      });
    }
    setTimeout(() => release(), 500);
    const [texts, ended] = await Promise.all([asked, fac.command('cafe:advance', { activityId })]);
    ok(ended);
    expect(texts).toEqual(['A street party.']);
  });

  it('[CAFE12] a tablecloth has a size limit: text beyond it is cut, a flood is cut off', async () => {
    const { fac, activityId, phones } = await cafe(2, { tables: 1 });
    const started = ok(await fac.command('cafe:start', { activityId }));
    const docName = tableclothDocName(started.state.tables[0]!.id, 1);
    const writer = await peer(docName, phones[0]!.token);
    const reader = await peer(docName, phones[1]!.token);
    writer.doc.getText(TABLECLOTH_TEXT).insert(0, 'x'.repeat(TABLECLOTH_CHARS_MAX + 500));
    await eventually(() =>
      expect(reader.doc.getText(TABLECLOTH_TEXT).length).toBe(TABLECLOTH_CHARS_MAX),
    );
    // A modified client pushing megabytes into its own table is closed for good.
    const closed = new Promise<number>((resolve) =>
      writer.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
    );
    const junk = writer.doc.getMap('junk');
    for (let i = 0; i < 6; i++) junk.set(`k${i}`, 'y'.repeat(200_000));
    expect(await closed).toBe(4413);
  });

  it('[CAFE10] a late arrival gets a seat at once; a facilitator moves someone by hand', async () => {
    const { code, fac, activityId, phones } = await cafe(4);
    ok(await fac.command('cafe:start', { activityId }));
    const late = await phone(code, 9);
    const view = ok(await late.socket.command('cafe:get', { activityId }));
    expect(view.mine!.seat).not.toBeNull();
    const seating = ok(await fac.command('cafe:get', { activityId })).seating!;
    expect(seating.find((s) => s.participantId === late.id)?.source).toBe('late');
    const sizes = new Map<string, number>();
    for (const s of seating) sizes.set(s.tableId, (sizes.get(s.tableId) ?? 0) + 1);
    expect([...sizes.values()].sort()).toEqual([2, 3]);

    const mover = phones[0]!;
    const from = seating.find((s) => s.participantId === mover.id)!.tableId;
    const to = [...sizes.keys()].find((id) => id !== from)!;
    const doc = await peer(tableclothDocName(from, 1), mover.token);
    expect(doc.provider.wsconnected).toBe(true);
    const moved = ok(
      await fac.command('cafe:move', { activityId, participantId: mover.id, tableId: to }),
    );
    expect(moved.seating!.find((s) => s.participantId === mover.id)).toMatchObject({
      tableId: to,
      source: 'manual',
    });
    await eventually(() => expect(seatOf(mover)?.tableId).toBe(to));
    // Their old table's notes are no longer theirs to write.
    expect(await upgradeStatus(t.url, tableclothDocName(from, 1), mover.token)).toBe(403);
    expect(await upgradeStatus(t.url, tableclothDocName(to, 1), mover.token)).toBe(101);
  });

  it('[CAFE15][CAFE16] the harvest shows every table; insights name their tables and become vote options', async () => {
    const { fac, activityId, phones, vote, code } = await cafe(4, { rounds: 1 });
    const screen = await connect(t.url, { role: 'screen', code });
    cleanups.push(() => screen.close());
    const started = ok(await fac.command('cafe:start', { activityId }));
    ok(await fac.command('cafe:advance', { activityId }));
    const tables = started.state.tables;
    const seatOfPhone = (p: Phone) =>
      started.seating!.find((s) => s.participantId === p.id)!.tableId;
    for (const [i, table] of tables.entries()) {
      const someone = phones.find((p) => seatOfPhone(p) === table.id)!;
      const p = await peer(tableclothDocName(table.id, 1), someone.token);
      p.doc.getText(TABLECLOTH_TEXT).insert(0, `Table ${i + 1} says hello`);
      await eventually(
        async () => {
          const cloths = ok(
            await fac.command('cafe:tablecloths', { activityId, tableId: table.id }),
          );
          expect(cloths.tablecloths[0]!.text).toBe(`Table ${i + 1} says hello`);
        },
        { intervalMs: 100 },
      );
    }
    // Before the harvest a projector shows no table's notes; after it, all of them.
    expect(ok(await screen.command('cafe:tablecloths', { activityId })).tablecloths).toEqual([]);
    const harvest = ok(await fac.command('cafe:advance', { activityId }));
    expect(harvest.state.phase).toBe('harvest');
    const everyone = ok(await phones[0]!.socket.command('cafe:tablecloths', { activityId }));
    expect(everyone.tablecloths.map((x) => x.text).sort()).toEqual([
      'Table 1 says hello',
      'Table 2 says hello',
    ]);
    expect(everyone.tablecloths[0]!.question).toBe('What works?');
    expect(ok(await screen.command('cafe:tablecloths', { activityId })).tablecloths).toHaveLength(
      2,
    );

    const id = randomUUID();
    const insight = ok(
      await fac.command('cafe:insight:add', {
        id,
        activityId,
        text: 'People want places to meet',
        sourceTableIds: [tables[0]!.id, tables[1]!.id],
      }),
    );
    expect(insight.sourceTableIds).toHaveLength(2);
    await eventually(() =>
      expect(phones[1]!.socket.last<CafeState>('cafe:changed')?.insights[0]?.text).toBe(
        'People want places to meet',
      ),
    );
    const second = ok(
      await fac.command('cafe:insight:add', {
        id: randomUUID(),
        activityId,
        text: 'Safer walking routes',
        sourceTableIds: [tables[1]!.id],
      }),
    );
    ok(
      await fac.command('cafe:insight:edit', {
        id: second.id,
        text: 'Safer walking routes at night',
      }),
    );
    const bad = (await fac.raw('cafe:insight:add', {
      id: randomUUID(),
      activityId,
      text: 'x',
      sourceTableIds: [randomUUID()],
    })) as ErrAck;
    expect(bad.error.code).toBe('NOT_FOUND');
    const denied = (await phones[0]!.socket.raw('cafe:insight:add', {
      id: randomUUID(),
      activityId,
      text: 'mine',
    })) as ErrAck;
    expect(denied.error.code).toBe('FORBIDDEN');

    const view = ok(await fac.command('cafe:get', { activityId })) as CafeView;
    const options = view.state.insights.map((i) => ({
      label: i.text,
      source: 'insight' as const,
      sourceId: i.id,
    }));
    const voteView = ok(await fac.command('vote:setOptions', { activityId: vote.id, options }));
    expect(voteView.options.map((o) => [o.label, o.source])).toEqual([
      ['People want places to meet', 'insight'],
      ['Safer walking routes at night', 'insight'],
    ]);
    const forged = (await fac.raw('vote:setOptions', {
      activityId: vote.id,
      options: [
        { label: 'A', source: 'insight', sourceId: randomUUID() },
        { label: 'B', source: 'typed' },
      ],
    })) as ErrAck;
    expect(forged.error.code).toBe('BAD_REQUEST');
    ok(await fac.command('cafe:insight:remove', { id }));
    const after = ok(await fac.command('cafe:get', { activityId }));
    expect(after.state.insights.map((i) => i.text)).toEqual(['Safer walking routes at night']);
  });

  it('[CAFE17] bad input is refused with a clear error and changes nothing', async () => {
    const { fac, activityId, phones } = await cafe(1);
    const cases: [string, unknown][] = [
      ['cafe:tables', { activityId, tables: [] }],
      ['cafe:tables', { activityId, tables: [{ number: 1, name: '', colour: 'red' }] }],
      ['cafe:tables', { activityId, tables: [{ number: 1, name: 'A', colour: 'chartreuse' }] }],
      ['cafe:adjust', { activityId, seconds: 99_999 }],
      ['cafe:get', { activityId: 'not-a-uuid' }],
      ['cafe:get', { activityId: randomUUID() }],
      ['cafe:insight:add', { id: randomUUID(), activityId, text: 'x'.repeat(5000) }],
    ];
    for (const [cmd, payload] of cases) {
      const r = (await fac.raw(cmd, payload)) as ErrAck;
      expect(r.ok, `${cmd} ${JSON.stringify(payload).slice(0, 80)}`).toBe(false);
      expect(r.error.message.length).toBeGreaterThan(0);
    }
    const before = ok(await fac.command('cafe:get', { activityId }));
    expect(before.state.tables).toHaveLength(2);
    const noRound = (await fac.raw('cafe:pause', { activityId })) as ErrAck;
    expect(noRound.error.code).toBe('CONFLICT');
    ok(await fac.command('cafe:start', { activityId }));
    const removeNow = (await fac.raw('cafe:tables', {
      activityId,
      tables: [{ id: before.state.tables[0]!.id, number: 1, name: 'Only', colour: 'red' }],
    })) as ErrAck;
    expect(removeNow.error.code).toBe('CONFLICT');
    const again = (await fac.raw('cafe:start', { activityId })) as ErrAck;
    expect(again.error.code).toBe('CONFLICT');
    // A phone from elsewhere cannot open this café's documents, nor a made-up one.
    expect(await upgradeStatus(t.url, `cafe:${randomUUID()}:1`, phones[0]!.token)).toBe(403);
  });
});
