import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { boardDocName, type OwnNote, type PublicNote } from '../../shared/domain/board.ts';
import type { Workshop } from '../../shared/domain/workshop.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { openYjsPeer, type YjsPeer } from '../helpers/yjs.ts';

type ErrAck = { ok: false; error: { code: string; message: string } };

const boardWorkshop = (mode: 'open' | 'private' = 'open') => ({
  title: 'Board test',
  agenda: [
    {
      kind: 'idea_board' as const,
      title: 'What would make the park better?',
      settings: { mode, maxNotesPerPerson: 5 },
    },
    { kind: 'dot_vote' as const, title: 'Vote' },
  ],
});

const notesOf = (doc: Y.Doc) => [...doc.getMap<PublicNote>('notes').values()];

describe.each(backends)('idea board on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);
  });
  afterAll(async () => {
    for (const c of cleanups) c();
    await t.close();
  });

  /** An open workshop on its board, with `n` phones joined (socket and read-only document). */
  async function room(n: number, mode: 'open' | 'private' = 'open') {
    const { workshop, code, fac } = await createOpenWorkshop(http, boardWorkshop(mode));
    cleanups.push(() => fac.close());
    const board = workshop.agenda[0]!;
    expect((await fac.command('activity:goto', { activityId: board.id })).ok).toBe(true);
    const phones = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const joined = await join(t.url, code, {
          groupKey: i % 2 ? 'officer' : 'resident',
          displayName: `Person ${i}`,
        });
        const socket = await connect(t.url, { role: 'participant', token: joined.body.token });
        const peer = await openYjsPeer(t.url, boardDocName(board.id), { token: joined.body.token });
        cleanups.push(
          () => socket.close(),
          () => peer.close(),
        );
        return { socket, peer, id: joined.body.participantId, token: joined.body.token };
      }),
    );
    return { workshop, code, fac, board, phones };
  }

  const add = (
    client: ScriptedClient,
    activityId: string,
    text: string,
    extra: Record<string, unknown> = {},
  ) => client.command('note:add', { id: randomUUID(), activityId, text, ...extra });

  it('[BOARD1] a note from a phone appears for everyone, with its group and no name unless chosen', async () => {
    const { board, phones } = await room(3);
    const [a, b, c] = phones;
    const res = await add(a!.socket, board.id, 'More benches 🙂 আরও বেঞ্চ');
    expect(res.ok).toBe(true);
    const named = await add(b!.socket, board.id, 'Lights on the path', { showName: true });
    expect(named.ok && named.data).toMatchObject({
      status: 'visible',
      authorName: 'Person 1',
      groupKey: 'officer',
    });
    await eventually(() => {
      const notes = notesOf(c!.peer.doc);
      expect(notes.map((n) => n.text).sort()).toEqual([
        'Lights on the path',
        'More benches 🙂 আরও বেঞ্চ',
      ]);
      const anonymous = notes.find((n) => n.text.startsWith('More'))!;
      expect(anonymous).toMatchObject({ groupKey: 'resident', authorName: null, assisted: false });
      expect(JSON.stringify(anonymous)).not.toContain(a!.id);
    });
    const tooLong = (await a!.socket.raw('note:add', {
      id: randomUUID(),
      activityId: board.id,
      text: 'x'.repeat(281),
    })) as ErrAck;
    expect(tooLong.error.code).toBe('BAD_REQUEST');
    const empty = (await a!.socket.raw('note:add', {
      id: randomUUID(),
      activityId: board.id,
      text: '   ',
    })) as ErrAck;
    expect(empty.error.code).toBe('BAD_REQUEST');
  });

  it('[BOARD2] notes from 50 phones at once all appear exactly once for everyone', async () => {
    const { board, phones } = await room(50);
    const results = await Promise.all(
      phones.map((p, i) => add(p.socket, board.id, `Idea number ${i}`)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const expected = phones.map((_, i) => `Idea number ${i}`).sort();
    for (const p of [phones[0]!, phones[25]!, phones[49]!]) {
      await eventually(
        () =>
          expect(
            notesOf(p.peer.doc)
              .map((n) => n.text)
              .sort(),
          ).toEqual(expected),
        { timeoutMs: 10_000 },
      );
    }
    const rows = await t.app.db.query(
      'SELECT count(*)::int AS n FROM board_notes WHERE activity_id = $1',
      [board.id],
    );
    expect(rows[0]).toEqual({ n: 50 });
  });

  it('[BOARD3] a resent note (same id) is stored once; another device cannot take its id', async () => {
    const { board, phones } = await room(2);
    const id = randomUUID();
    const first = await phones[0]!.socket.command('note:add', {
      id,
      activityId: board.id,
      text: 'Toilets open later',
    });
    const again = await phones[0]!.socket.command('note:add', {
      id,
      activityId: board.id,
      text: 'Toilets open later',
    });
    expect(first.ok && again.ok && again.data.id).toBe(id);
    const stolen = (await phones[1]!.socket.raw('note:add', {
      id,
      activityId: board.id,
      text: 'mine now',
    })) as ErrAck;
    expect(stolen.error.code).toBe('CONFLICT');
    await eventually(() =>
      expect(notesOf(phones[1]!.peer.doc).filter((n) => n.id === id)).toHaveLength(1),
    );
  });

  it('[BOARD3] a send cut off before its answer, then retried after reconnecting, lands exactly once', async () => {
    const { board, phones } = await room(1);
    const id = randomUUID();
    // The phone loses signal right after sending: it never hears back.
    (phones[0]!.socket.socket as unknown as { emit(e: string, p: unknown): void }).emit(
      'note:add',
      {
        id,
        activityId: board.id,
        text: 'Sent on one bar',
      },
    );
    phones[0]!.socket.close();
    const back = await connect(t.url, { role: 'participant', token: phones[0]!.token });
    cleanups.push(() => back.close());
    const retry = await back.command('note:add', {
      id,
      activityId: board.id,
      text: 'Sent on one bar',
    });
    expect(retry.ok).toBe(true);
    await eventually(() =>
      expect(notesOf(phones[0]!.peer.doc).filter((n) => n.text === 'Sent on one bar')).toHaveLength(
        1,
      ),
    );
    const rows = await t.app.db.query('SELECT count(*)::int AS n FROM board_notes WHERE id = $1', [
      id,
    ]);
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('[BOARD4] in private brainstorm, no other phone receives a note’s text until the reveal', async () => {
    const { board, fac, phones } = await room(3, 'private');
    const [writer, other] = phones;
    const wire: string[] = [];
    other!.peer.provider.ws?.addEventListener('message', (e: MessageEvent) => {
      wire.push(Buffer.from(e.data as ArrayBuffer).toString('latin1'));
    });
    const secret = 'SECRET-IDEA-42';
    expect((await add(writer!.socket, board.id, secret)).ok).toBe(true);
    const mine = await writer!.socket.command('board:get', { activityId: board.id });
    expect(mine.ok && mine.data.notes.map((n) => n.text)).toEqual([secret]);
    const theirs = await other!.socket.command('board:get', { activityId: board.id });
    expect(theirs.ok && theirs.data.notes).toEqual([]);
    const facView = await fac.command('board:get', { activityId: board.id });
    expect(facView.ok && facView.data.notes.map((n) => n.text)).toEqual([secret]);
    // A round trip on the other phone's connections, so anything sent would have arrived.
    await other!.socket.command('room:sync', {});
    expect(notesOf(other!.peer.doc)).toEqual([]);
    expect(wire.join('')).not.toContain(secret);
    expect(JSON.stringify(other!.socket.received)).not.toContain(secret);

    const revealed = await fac.command('board:reveal', { activityId: board.id });
    expect(revealed.ok && revealed.data).toMatchObject({ mode: 'private', revealed: true });
    await eventually(() => expect(notesOf(other!.peer.doc).map((n) => n.text)).toEqual([secret]));
  });

  it('[BOARD5] a participant cannot change, withdraw or moderate another’s note, nor shape the board', async () => {
    const { board, phones } = await room(2);
    const res = await add(phones[0]!.socket, board.id, 'A quiet area');
    const id = res.ok ? res.data.id : '';
    const mallory = phones[1]!.socket;
    expect(((await mallory.raw('note:edit', { id, text: 'hacked' })) as ErrAck).error.code).toBe(
      'FORBIDDEN',
    );
    expect(((await mallory.raw('note:withdraw', { id })) as ErrAck).error.code).toBe('FORBIDDEN');
    for (const [name, payload] of [
      ['note:hide', { id, reason: 'mine' }],
      ['note:place', { id, themeId: null }],
      ['note:merge', { id, intoId: randomUUID() }],
      ['theme:create', { activityId: board.id, name: 'X' }],
      ['board:reveal', { activityId: board.id }],
      ['board:configure', { activityId: board.id, locked: true }],
    ] as const) {
      expect(((await mallory.raw(name, payload)) as ErrAck).error.code, name).toBe('FORBIDDEN');
    }
    const assisted = (await mallory.raw('note:add', {
      id: randomUUID(),
      activityId: board.id,
      text: 'as someone else',
      assistedGroupKey: 'officer',
    })) as ErrAck;
    expect(assisted.error.code).toBe('FORBIDDEN');
    await eventually(() =>
      expect(notesOf(phones[1]!.peer.doc).map((n) => n.text)).toEqual(['A quiet area']),
    );

    // The author can edit and withdraw it.
    const edited = await phones[0]!.socket.command('note:edit', {
      id,
      text: 'A quiet area for reading',
    });
    expect(edited.ok && edited.data.text).toBe('A quiet area for reading');
    await eventually(() =>
      expect(notesOf(phones[1]!.peer.doc).map((n) => n.text)).toEqual(['A quiet area for reading']),
    );
    expect((await phones[0]!.socket.command('note:withdraw', { id })).ok).toBe(true);
    await eventually(() => expect(notesOf(phones[1]!.peer.doc)).toEqual([]));
  });

  it('[BOARD6] a locked board, or one the room is not on, takes no notes unless the facilitator allows it', async () => {
    const { workshop, board, fac, phones } = await room(1);
    const phone = phones[0]!.socket;
    expect((await fac.command('board:configure', { activityId: board.id, locked: true })).ok).toBe(
      true,
    );
    expect(
      (
        (await phone.raw('note:add', {
          id: randomUUID(),
          activityId: board.id,
          text: 'late',
        })) as ErrAck
      ).error.code,
    ).toBe('CONFLICT');
    // Taking one's words back is always allowed, even on a locked board.
    await fac.command('board:configure', { activityId: board.id, locked: false });
    const kept = await add(phone, board.id, 'I may take this back');
    await fac.command('board:configure', { activityId: board.id, locked: true });
    const edit = (await phone.raw('note:edit', {
      id: kept.ok ? kept.data.id : '',
      text: 'changed',
    })) as ErrAck;
    expect(edit.error.message).toMatch(/locked/);
    expect((await phone.command('note:withdraw', { id: kept.ok ? kept.data.id : '' })).ok).toBe(
      true,
    );
    await fac.command('board:configure', { activityId: board.id, locked: false });
    await fac.command('activity:goto', { activityId: (workshop as Workshop).agenda[1]!.id });
    const elsewhere = (await phone.raw('note:add', {
      id: randomUUID(),
      activityId: board.id,
      text: 'async',
    })) as ErrAck;
    expect(elsewhere.error.message).toMatch(/not open for notes/);
    await fac.command('board:configure', { activityId: board.id, allowAsync: true });
    expect((await add(phone, board.id, 'async')).ok).toBe(true);
    // The second agenda item is a dot vote, not a board.
    const notBoard = (await phone.raw('note:add', {
      id: randomUUID(),
      activityId: workshop.agenda[1]!.id,
      text: 'x',
    })) as ErrAck;
    expect(notBoard.error.code).toBe('NOT_FOUND');
  });

  it('[BOARD7] themes, placing, merging (both authors count) and hiding with a reason', async () => {
    const { workshop, board, fac, phones } = await room(3);
    const [a, b, c] = phones;
    const n1 = await add(a!.socket, board.id, 'More benches');
    const n2 = await add(b!.socket, board.id, 'Benches please');
    const n3 = await add(c!.socket, board.id, 'rude words');
    const [id1, id2, id3] = [n1, n2, n3].map((r) => (r.ok ? r.data.id : ''));
    const seating = await fac.command('theme:create', { activityId: board.id, name: 'Seating' });
    const safety = await fac.command('theme:create', { activityId: board.id, name: 'Safety' });
    expect(seating.ok && safety.ok).toBe(true);
    const seatingId = seating.ok ? seating.data.id : '';
    expect((await fac.command('note:place', { id: id1!, themeId: seatingId })).ok).toBe(true);
    expect(
      (await fac.command('note:place', { id: id2!, themeId: seatingId, position: 0 })).ok,
    ).toBe(true);
    const merged = await fac.command('note:merge', { id: id2!, intoId: id1! });
    expect(merged.ok && merged.data).toMatchObject({ id: id1, mergedCount: 1 });
    const hidden = await fac.command('note:hide', { id: id3!, reason: 'Personal insult' });
    expect(hidden.ok && hidden.data).toMatchObject({
      status: 'hidden',
      hiddenReason: 'Personal insult',
    });

    await eventually(() => {
      const doc = c!.peer.doc;
      const themes = [...doc.getMap<{ name: string }>('themes').values()].map((x) => x.name).sort();
      expect(themes).toEqual(['Safety', 'Seating']);
      const notes = notesOf(doc);
      expect(notes.map((n) => n.text)).toEqual(['More benches']);
      expect(notes[0]).toMatchObject({ themeId: seatingId, mergedCount: 1 });
    });
    // The author sees that it was hidden and why; the merged author still has their note.
    await eventually(() =>
      expect(c!.socket.last<OwnNote>('note:mine')).toMatchObject({
        id: id3,
        status: 'hidden',
        hiddenReason: 'Personal insult',
      }),
    );
    const mine = await c!.socket.command('board:get', { activityId: board.id });
    expect(mine.ok && mine.data.notes[0]).toMatchObject({
      status: 'hidden',
      hiddenReason: 'Personal insult',
    });
    const bMine = await b!.socket.command('board:get', { activityId: board.id });
    expect(bMine.ok && bMine.data.notes[0]).toMatchObject({
      id: id2,
      mergedInto: id1,
      status: 'visible',
    });

    const csv = await http.get<string>(`/api/workshops/${workshop.id}/moderation.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain('"hide","Personal insult","Amina Begum"');
    expect(csv.body).toContain('"rude words"');
    expect(
      (await new HttpClient(t.url).get(`/api/workshops/${workshop.id}/moderation.csv`)).status,
    ).toBe(401);

    // Removing a theme sends its notes back to the unsorted pile.
    expect((await fac.command('theme:remove', { themeId: seatingId })).ok).toBe(true);
    await eventually(() => expect(notesOf(c!.peer.doc)[0]?.themeId).toBe(null));
  });

  it('[BOARD8] a facilitator adds notes for people on paper, marked and counted in their group', async () => {
    const { board, fac, phones } = await room(1);
    const res = await fac.command('note:add', {
      id: randomUUID(),
      activityId: board.id,
      text: 'From the paper sheet: a water fountain',
      assistedGroupKey: 'partner',
    });
    expect(res.ok && res.data).toMatchObject({
      assisted: true,
      groupKey: 'partner',
      authorName: null,
    });
    const missingGroup = (await fac.raw('note:add', {
      id: randomUUID(),
      activityId: board.id,
      text: 'x',
    })) as ErrAck;
    expect(missingGroup.error.code).toBe('BAD_REQUEST');
    await eventually(() =>
      expect(notesOf(phones[0]!.peer.doc)[0]).toMatchObject({
        assisted: true,
        groupKey: 'partner',
      }),
    );
  });

  it('[BOARD10] a flood of notes from one phone is capped without affecting others', async () => {
    const { board, phones } = await room(2);
    const flood = await Promise.all(
      Array.from({ length: 12 }, (_, i) => add(phones[0]!.socket, board.id, `spam ${i}`)),
    );
    expect(flood.filter((r) => r.ok)).toHaveLength(5);
    expect(flood.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'RATE_LIMITED')).toBe(
      true,
    );
    expect((await add(phones[1]!.socket, board.id, 'still heard')).ok).toBe(true);
    await eventually(() => expect(notesOf(phones[1]!.peer.doc)).toHaveLength(6));
  });

  it('[BOARD11] a read-only phone cannot write to the board document, even by hand', async () => {
    const { board, phones } = await room(2);
    const local = phones[0]!.peer.doc;
    local.getMap('notes').set('forged', { text: 'forged note' });
    expect((await add(phones[0]!.socket, board.id, 'real note')).ok).toBe(true);
    await eventually(() =>
      expect(notesOf(phones[1]!.peer.doc).map((n) => n.text)).toEqual(['real note']),
    );
    const peer: YjsPeer = await openYjsPeer(t.url, boardDocName(board.id), {
      token: phones[1]!.token,
    });
    cleanups.push(() => peer.close());
    expect(peer.doc.getMap('notes').has('forged')).toBe(false);
  });
});
