import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boardDocName, type PublicNote } from '../../shared/domain/board.ts';
import { backends, createTestDatabase, startApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  facilitatorAccount,
  join,
  setUpFacilitator,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { openYjsPeer } from '../helpers/yjs.ts';

describe.each(backends)('the idea board across a restart on %s', (backend) => {
  it('[BOARD15] a restart loses no acknowledged note, and phones that kept their copy reconcile without duplicates', async () => {
    const database = await createTestDatabase(backend, { persistent: true });
    try {
      const first = await startApp(backend, {}, { database });
      const http = await setUpFacilitator(first.url);
      const { workshop, code, fac } = await createOpenWorkshop(http);
      const board = workshop.agenda[0]!;
      await fac.command('activity:goto', { activityId: board.id });
      const joined = await join(first.url, code, { groupKey: 'resident' });
      const phone = await connect(first.url, { role: 'participant', token: joined.body.token });
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const [i, id] of ids.entries()) {
        expect(
          (await phone.command('note:add', { id, activityId: board.id, text: `Note ${i}` })).ok,
        ).toBe(true);
      }
      const theme = await fac.command('theme:create', { activityId: board.id, name: 'Play' });
      expect(theme.ok).toBe(true);
      await fac.command('note:place', { id: ids[0]!, themeId: theme.ok ? theme.data.id : null });
      const kept = await openYjsPeer(first.url, boardDocName(board.id), {
        token: joined.body.token,
      });
      await eventually(() => expect(kept.doc.getMap('notes').size).toBe(3));
      phone.close();
      fac.close();
      kept.provider.disconnect();
      await first.close();

      const second = await startApp(backend, {}, { database });
      try {
        // The phone that kept its local copy reconnects to the new server: no duplicates.
        kept.provider.serverUrl = `${second.url.replace(/^http/, 'ws')}/yjs`;
        kept.provider.connect();
        const fresh = await openYjsPeer(second.url, boardDocName(board.id), {
          token: joined.body.token,
        });
        const texts = (d: typeof fresh.doc) =>
          [...d.getMap<PublicNote>('notes').values()].map((n) => n.text).sort();
        await eventually(() => {
          expect(texts(fresh.doc)).toEqual(['Note 0', 'Note 1', 'Note 2']);
          expect(texts(kept.doc)).toEqual(['Note 0', 'Note 1', 'Note 2']);
          expect(fresh.doc.getMap<PublicNote>('notes').get(ids[0]!)?.themeId).toBe(
            theme.ok ? theme.data.id : '',
          );
        });
        // And the device can go on: a resend of an old note is still recognised.
        const again = await connect(second.url, { role: 'participant', token: joined.body.token });
        const resend = await again.command('note:add', {
          id: ids[1]!,
          activityId: board.id,
          text: 'Note 1',
        });
        expect(resend.ok).toBe(true);
        const mine = await again.command('board:get', { activityId: board.id });
        expect(mine.ok && mine.data.notes).toHaveLength(3);
        again.close();
        fresh.close();
        kept.close();
        const login = await new HttpClient(second.url).post('/api/auth/login', {
          email: facilitatorAccount.email,
          password: facilitatorAccount.password,
        });
        expect(login.status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('[BOARD13] a note stored in the database but missing from the document is restored on first use', async () => {
    const database = await createTestDatabase(backend, { persistent: true });
    try {
      const first = await startApp(backend, {}, { database });
      const http = await setUpFacilitator(first.url);
      const { workshop, code, fac } = await createOpenWorkshop(http);
      const board = workshop.agenda[0]!;
      await fac.command('activity:goto', { activityId: board.id });
      const joined = await join(first.url, code, { groupKey: 'resident' });
      // As if the process had stopped between the database commit and the document write.
      await first.app.db.query(
        `INSERT INTO boards (activity_id, workshop_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [board.id, workshop.id],
      );
      await first.app.db.query(
        `INSERT INTO board_notes (id, activity_id, author_participant_id, group_key, text)
         VALUES ($1, $2, $3, 'resident', 'Saved but never shown')`,
        [randomUUID(), board.id, joined.body.participantId],
      );
      fac.close();
      await first.close();
      const second = await startApp(backend, {}, { database });
      try {
        const phone = await connect(second.url, { role: 'participant', token: joined.body.token });
        const peer = await openYjsPeer(second.url, boardDocName(board.id), {
          token: joined.body.token,
        });
        await phone.command('board:get', { activityId: board.id });
        await eventually(() =>
          expect([...peer.doc.getMap<PublicNote>('notes').values()].map((n) => n.text)).toEqual([
            'Saved but never shown',
          ]),
        );
        phone.close();
        peer.close();
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});
