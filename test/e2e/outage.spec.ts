import { expect, test, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import {
  createOpenWorkshop,
  facilitatorAccount,
  join,
  ok,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { start, type ServerProcess } from '../helpers/process.ts';
import { expectNoAxeViolations, newPhone, skipOptionalSteps } from './helpers.ts';

// A database outage in the middle of a workshop: the server runs on a real PostgreSQL server,
// which is stopped for 20 seconds while one phone adds a note and another presses a dot. The
// console warns while it lasts and says when it is over; every press lands exactly once, within
// 2 seconds of the database's return.

const OUTAGE_MS = 20_000;
const LANDS_WITHIN_MS = 2000;

let database: PostgresServer | undefined;
let server: ServerProcess | undefined;
const sockets: ScriptedClient[] = [];

test.afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
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

test('[DUR2][DUR3][DUR4] a note and a dot pressed while PostgreSQL is stopped for 20 s land exactly once within 2 s of its return; the console warns meanwhile', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  database = await startPostgres();
  server = await start({ DATABASE_URL: database.url });
  const base = server.url;

  // Two rooms, so that one outage covers a board and a vote at once.
  const http = await setUpFacilitator(base);
  const boardRoom = await createOpenWorkshop(http, {
    title: 'Park ideas',
    agenda: [{ kind: 'idea_board', title: 'What would make the park better?' }],
  });
  const voteRoom = await createOpenWorkshop(http, {
    title: 'Park priorities',
    agenda: [
      {
        kind: 'dot_vote',
        title: 'Pick your priorities',
        settings: { options: ['Benches', 'Lights', 'Green spaces'], dotsPerPerson: 2 },
      },
    ],
  });
  sockets.push(boardRoom.fac, voteRoom.fac);
  const boardId = boardRoom.workshop.agenda[0]!.id;
  const voteId = voteRoom.workshop.agenda[0]!.id;
  ok(await boardRoom.fac.command('activity:goto', { activityId: boardId }));
  ok(await voteRoom.fac.command('activity:goto', { activityId: voteId }));
  ok(await voteRoom.fac.command('vote:open', { activityId: voteId }));
  // The join codes still resolve (a sanity check of the set-up before the browsers come in).
  expect((await join(base, voteRoom.code)).status).toBe(201);

  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const consolePage = await laptop.newPage();
  const login = await consolePage.request.post(`${base}/api/auth/login`, {
    data: { email: facilitatorAccount.email, password: facilitatorAccount.password },
  });
  expect(login.ok()).toBe(true);
  await consolePage.goto(`${base}/workshops/${voteRoom.workshop.id}`);
  await expect(consolePage.getByRole('heading', { name: 'Park priorities' })).toBeVisible();
  const warning = consolePage.getByRole('alert').filter({ hasText: 'cannot reach its database' });
  const recovered = consolePage.getByRole('status').filter({ hasText: 'The database is back' });
  await expect(warning).toHaveCount(0);

  const writer = await joinPhone(browser, base, boardRoom.code);
  await expect(writer.getByRole('textbox', { name: 'Your note' })).toBeVisible();
  const voter = await joinPhone(browser, base, voteRoom.code);
  const addDot = voter.getByRole('button', { name: 'Add a dot: Green spaces' });
  await expect(addDot).toBeEnabled();

  // The database goes away. The console says so without anyone pressing anything.
  database.pause();
  const stoppedAt = Date.now();
  await expect(warning).toBeVisible({ timeout: 15_000 });
  await expect(warning).toContainText('kept on the phones');
  await expectNoAxeViolations(consolePage, 'console while the database is unreachable');

  await writer.getByRole('textbox', { name: 'Your note' }).fill('Shade by the pond');
  await writer.getByRole('button', { name: 'Add note' }).click();
  await addDot.click();
  // Not a refusal: the phone keeps the dot and says it will send it by itself.
  await expect(
    voter.getByTestId('dots-summary').getByText('the server cannot save votes just now', {
      exact: false,
    }),
  ).toBeVisible({ timeout: 15_000 });
  await expect(voter.getByText('Something went wrong on the server')).toHaveCount(0);

  // The outage lasts 20 seconds; all along, the warning stays and nothing is counted.
  await expect
    .poll(
      async () => {
        await expect(warning).toBeVisible();
        await expect(voter.getByText('Your dot is counted')).toHaveCount(0);
        await expect(
          writer.getByTestId('everyone-notes').getByText('Shade by the pond'),
        ).toHaveCount(0);
        return Date.now() - stoppedAt;
      },
      { timeout: OUTAGE_MS + 30_000, intervals: [1000] },
    )
    .toBeGreaterThanOrEqual(OUTAGE_MS);

  database.resume();
  const backAt = Date.now();

  await expect(voter.getByText('Your dot is counted')).toBeVisible({ timeout: 15_000 });
  await expect(writer.getByTestId('everyone-notes').getByText('Shade by the pond')).toHaveCount(1, {
    timeout: 15_000,
  });
  await expect(warning).toHaveCount(0);
  await expect(recovered).toBeVisible();
  await expectNoAxeViolations(consolePage, 'console after the database is back');

  // Exactly once each, and stored within 2 s of the database's return (the server's own clock).
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const notes = await db.query<{ n: number; at: Date }>(
      'SELECT count(*)::int AS n, max(created_at) AS at FROM board_notes WHERE activity_id = $1',
      [boardId],
    );
    const ops = await db.query<{ n: number; at: Date }>(
      'SELECT count(*)::int AS n, max(created_at) AS at FROM vote_ops WHERE activity_id = $1',
      [voteId],
    );
    test.info().annotations.push({
      type: 'landed after the database was back (ms)',
      description: `note ${notes.rows[0]!.at.getTime() - backAt}, dot ${ops.rows[0]!.at.getTime() - backAt}`,
    });
    expect(notes.rows[0]!.n).toBe(1);
    expect(ops.rows[0]!.n).toBe(1);
    expect(notes.rows[0]!.at.getTime() - backAt).toBeLessThanOrEqual(LANDS_WITHIN_MS);
    expect(ops.rows[0]!.at.getTime() - backAt).toBeLessThanOrEqual(LANDS_WITHIN_MS);
  } finally {
    await db.end();
  }
});
