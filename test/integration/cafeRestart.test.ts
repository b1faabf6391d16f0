import { describe, expect, it } from 'vitest';
import { TABLECLOTH_TEXT, tableclothDocName } from '../../shared/domain/cafe.ts';
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

describe.each(backends)('the World Café across a restart on %s', (backend) => {
  it('[CAFE5][CAFE11] the clock and the tablecloths survive a restart; a phase that ran out meanwhile ends by itself', async () => {
    const database = await createTestDatabase(backend, { persistent: true });
    try {
      const first = await startApp(backend, {}, { database });
      const http = await setUpFacilitator(first.url);
      const { workshop, code, fac } = await createOpenWorkshop(http, {
        title: 'Café restart',
        agenda: [
          {
            kind: 'world_cafe',
            title: 'Café',
            settings: { tables: 1, rounds: 2, roundMinutes: 5, changeoverMinutes: 1 },
          },
        ],
      });
      const activityId = workshop.agenda[0]!.id;
      await fac.command('activity:goto', { activityId });
      const joined = await join(first.url, code, { groupKey: 'resident' });
      const phone = await connect(first.url, { role: 'participant', token: joined.body.token });
      const started = await fac.command('cafe:start', { activityId });
      if (!started.ok) throw new Error(started.error.message);
      const tableId = started.data.state.tables[0]!.id;
      const talking = await fac.command('cafe:advance', { activityId });
      if (!talking.ok) throw new Error(talking.error.message);
      const endsAt = talking.data.state.endsAt!;
      const peer = await openYjsPeer(first.url, tableclothDocName(tableId, 1), {
        token: joined.body.token,
      });
      peer.doc.getText(TABLECLOTH_TEXT).insert(0, 'Before the restart');
      // Let the write be stored, then leave only 2 seconds on the clock and stop the server.
      await eventually(
        async () => {
          const cloths = await fac.command('cafe:tablecloths', { activityId, tableId });
          expect(cloths.ok && cloths.data.tablecloths[0]!.text).toBe('Before the restart');
        },
        { intervalMs: 100 },
      );
      const left = Date.parse(endsAt) - Date.parse(talking.data.state.serverTime);
      await fac.command('cafe:adjust', { activityId, seconds: -(Math.floor(left / 1000) - 2) });
      peer.close();
      phone.close();
      fac.close();
      await first.close();
      await new Promise((r) => setTimeout(r, 2500));

      const second = await startApp(backend, {}, { database });
      try {
        const again = new HttpClient(second.url);
        await again.post('/api/auth/login', {
          email: facilitatorAccount.email,
          password: facilitatorAccount.password,
        });
        const fac2 = await connect(
          second.url,
          { role: 'facilitator', workshopId: workshop.id },
          again.cookie,
        );
        const phone2 = await connect(second.url, {
          role: 'participant',
          token: joined.body.token,
        });
        // Nobody asked (no read, which would also bring the clock up to date): the new server's
        // ticker found the round past its end and ended it, as the stored row shows.
        await eventually(
          async () => {
            const rows = await second.app.db.query(
              'SELECT round, phase FROM cafes WHERE activity_id = $1',
              [activityId],
            );
            expect(rows[0]).toMatchObject({ round: 2, phase: 'moving' });
          },
          { timeoutMs: 10_000, intervalMs: 100 },
        );
        const view = await fac2.command('cafe:get', { activityId });
        if (!view.ok) throw new Error(view.error.message);
        expect(view.data.state).toMatchObject({ round: 2, phase: 'moving' });
        const cloths = await fac2.command('cafe:tablecloths', { activityId, tableId });
        expect(cloths.ok && cloths.data.tablecloths.find((c) => c.round === 1)?.text).toBe(
          'Before the restart',
        );
        const snaps = await fac2.command('cafe:snapshots', { activityId, tableId, round: 1 });
        expect(snaps.ok && snaps.data.snapshots.some((s) => s.reason === 'round_end')).toBe(true);
        fac2.close();
        phone2.close();
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});
