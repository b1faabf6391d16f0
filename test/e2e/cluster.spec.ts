import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  createOpenWorkshop,
  facilitatorAccount,
  ok,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { start, type ServerProcess } from '../helpers/process.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { expectNoAxeViolations, newPhone, skipOptionalSteps } from './helpers.ts';

// Two nodes on one PostgreSQL server, linked through Redis, with the facilitator's console on
// one and a resident's phone on the other. Redis stops: the console says the servers have lost
// their link, and a room move made meanwhile cannot reach the phone. Redis returns: the console
// says so, and the phone shows where the room is without anyone reloading it.

let database: PostgresServer | undefined;
let redis: RedisServer | undefined;
const nodes: ServerProcess[] = [];
const sockets: ScriptedClient[] = [];

test.afterAll(async () => {
  for (const s of sockets) s.close();
  for (const n of nodes) await n.stop();
  redis?.stop();
  database?.stop();
});

async function joinPhone(browser: Browser, base: string, code: string): Promise<Page> {
  const page = await (await newPhone(browser)).newPage();
  await page.goto(`${base}/j/${code}`);
  await page.getByRole('radio', { name: 'Resident' }).check();
  await page.getByRole('button', { name: 'Join' }).click();
  await skipOptionalSteps(page);
  return page;
}

test('[SCALE5] with Redis away the console warns that the servers are not linked; when it is back a phone on the other node catches up without a reload', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  database = await startPostgres();
  redis = await startRedis();
  const env = { DATABASE_URL: database.url, REDIS_URL: redis.url };
  const [a, b] = await Promise.all([start(env), start(env)]);
  nodes.push(a!, b!);

  const http = await setUpFacilitator(a!.url);
  const room = await createOpenWorkshop(http, {
    title: 'Park ideas on two servers',
    agenda: [{ kind: 'idea_board', title: 'What would make the park better?' }],
  });
  sockets.push(room.fac);
  const boardId = room.workshop.agenda[0]!.id;

  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const consolePage = await laptop.newPage();
  const login = await consolePage.request.post(`${a!.url}/api/auth/login`, {
    data: { email: facilitatorAccount.email, password: facilitatorAccount.password },
  });
  expect(login.ok()).toBe(true);
  await consolePage.goto(`${a!.url}/workshops/${room.workshop.id}`);
  await expect(
    consolePage.getByRole('heading', { name: 'Park ideas on two servers' }),
  ).toBeVisible();
  const warning = consolePage.getByRole('alert').filter({ hasText: 'lost its link' });
  const back = consolePage.getByRole('status').filter({ hasText: 'link between Roundtable' });
  await expect(warning).toHaveCount(0);

  // The phone is served by the other node, and waits in the welcome.
  const phone = await joinPhone(browser, b!.url, room.code);
  const noteBox = phone.getByRole('textbox', { name: 'Your note' });
  await expect(noteBox).toHaveCount(0);
  // Marks this page load: a reload would clear it.
  await phone.evaluate(() => Object.assign(window, { e2eSameLoad: true }));

  redis.pause();
  await expect(warning).toBeVisible({ timeout: 15_000 });
  await expect(warning).toContainText('still saved');
  await expectNoAxeViolations(consolePage, 'console while the servers are not linked');

  // The room moves through node A; node B's phone cannot hear it while the link is down.
  ok(await room.fac.command('activity:goto', { activityId: boardId }));
  await phone.waitForTimeout(1500);
  await expect(noteBox).toHaveCount(0);

  await redis.resume();
  await expect(noteBox).toBeVisible({ timeout: 15_000 });
  expect(await phone.evaluate(() => (window as { e2eSameLoad?: boolean }).e2eSameLoad)).toBe(true);
  await expect(warning).toHaveCount(0);
  await expect(back).toBeVisible();
  await expectNoAxeViolations(consolePage, 'console after the servers are linked again');

  // And they are one room again: a note written on the phone reaches the console on node A.
  await noteBox.fill('Shade by the pond');
  await phone.getByRole('button', { name: 'Add note' }).click();
  await expect(
    consolePage.getByTestId('note-card').filter({ hasText: 'Shade by the pond' }),
  ).toHaveCount(1, { timeout: 15_000 });
});
