import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn, skipOptionalSteps } from './helpers.ts';

// What a resident's phone downloads, as Chromium itself reports it (Resource Timing, in the
// page): at most 100 KB of JavaScript, compressed, before it shows the workshop; never a byte of
// the facilitators' screens, the records, the projector or the other language's catalogues, on
// any participant screen. Bytes, not time, so a busy machine cannot make it flaky.

const BUDGET_BYTES = 100 * 1024;
const assets = path.resolve('dist/client/assets');

/** Chunks only facilitators and the projector load (file names as Vite writes them). */
const staffOnly =
  /\/assets\/(ConsolePage|RecordPage|RecordsListPage|RecordForm|CalendarPage|ScreenPage|WorkshopEditPage|WorkshopListPage|ReferenceProfilePage|PrintBallotPage|SetupPage|LoginPage|InvitePage|records\.(en|bn)|reach\.(en|bn)|cafeConsole\.(en|bn))-[\w-]+\.js$/;
const catalogueOf = (lng: 'en' | 'bn') => new RegExp(`/assets/(\\w+\\.)?${lng}-[\\w-]+\\.js$`);

type Fetched = {
  url: string;
  startTime: number;
  encoded: number;
  decoded: number;
  /**
   * Answered by the service worker (once it runs, after the first page load): Resource Timing
   * then sees the body as the worker handed it over, decoded, not the bytes on the wire.
   */
  viaWorker: boolean;
};

// Notes the moment the workshop's own screen first shows, in the page's clock.
const readyMark = `(() => {
  const look = () => {
    if (window.__readyAt === undefined && document.getElementById('current-heading'))
      window.__readyAt = performance.now();
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
})();`;

async function scripts(page: Page): Promise<Fetched[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e as PerformanceResourceTiming)
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({
        url: e.name,
        startTime: e.startTime,
        encoded: e.encodedBodySize,
        decoded: e.decodedBodySize,
        viaWorker: e.workerStart > 0,
      })),
  );
}

/**
 * The gzip copy's size of a fetched asset, as built (the budget is stated in gzip bytes); a file
 * too small to be worth compressing has none and goes as it is.
 */
function gzipBytes(url: string): number {
  return builtBytes(url, 'gz');
}

function builtBytes(url: string, copy: 'gz' | 'br'): number {
  const file = path.join(assets, path.basename(new URL(url).pathname));
  return existsSync(`${file}.${copy}`) ? statSync(`${file}.${copy}`).size : statSync(file).size;
}

/**
 * Bytes on the wire. The service worker fetches with the browser's Accept-Encoding, so what it
 * took off the wire is the brotli copy; the page itself can only see the bytes it was handed.
 */
function wireBytes(s: Fetched): number {
  return s.viaWorker ? builtBytes(s.url, 'br') : s.encoded;
}

/** A phone: 360x640, touch, in the given language. */
function newPhone(browser: Browser, locale?: string) {
  return browser.newContext({
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    ...(locale ? { locale } : {}),
  });
}

/** A workshop a facilitator created and opened from the console: the laptop, and the join code. */
async function openedWorkshop(
  browser: Browser,
  data: object,
  viewport?: { width: number; height: number },
) {
  const laptop = await browser.newContext(viewport ? { viewport } : {});
  const fac = await laptop.newPage();
  await signIn(fac);
  const created = await fac.request.post('/api/workshops', { data });
  expect(created.status(), await created.text()).toBe(201);
  const workshop = (await created.json()) as { id: string };
  await fac.goto(`/workshops/${workshop.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const code = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');
  return { laptop, fac, code };
}

async function joinedPhone(browser: Browser, code: string, locale: string) {
  const phone = await newPhone(browser, locale);
  await phone.addInitScript(readyMark);
  const page = await phone.newPage();
  await page.goto(`/j/${code}`);
  await page.getByRole('radio').first().check();
  await page.locator('form button[type=submit]').last().click();
  const skip = locale.startsWith('bn') ? 'এই ধাপটি বাদ দিন' : 'Skip this step';
  await skipOptionalSteps(page, skip);
  await expect(page.locator('#current-heading')).toBeVisible();
  const readyAt = await page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt);
  const beforeReady = (await scripts(page)).filter((s) => s.startTime <= readyAt);
  return { page, beforeReady };
}

/**
 * Once the network lets it through, the phone stops saying "Connecting" by itself and follows
 * the facilitator's next move (to the first activity).
 */
async function goesLive(page: Page, fac: Page, firstActivity: string) {
  await expect(page.getByRole('status').filter({ hasText: 'Connecting' })).toHaveCount(0, {
    timeout: 30_000,
  });
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await expect(page.getByTestId('current-activity')).toHaveText(firstActivity, {
    timeout: 15_000,
  });
}

function budget(fetched: Fetched[]) {
  const wire = fetched.reduce((sum, s) => sum + wireBytes(s), 0);
  const gzip = fetched.reduce((sum, s) => sum + gzipBytes(s.url), 0);
  const list = fetched
    .map((s) => `${path.basename(s.url)} ${(wireBytes(s) / 1024).toFixed(1)} KB`)
    .join(', ');
  return { wire, gzip, list };
}

test('[LIGHT3][LIGHT4] a phone downloads at most 100 KB of script before it is ready, and no staff code on any screen', async ({
  browser,
}) => {
  const { laptop, fac, code } = await openedWorkshop(
    browser,
    {
      title: 'Light on the network',
      agenda: [
        { kind: 'idea_board', title: 'What should the hall have?' },
        { kind: 'dot_vote', title: 'Pick your priorities' },
        { kind: 'congress_vote', title: 'Adopt the plan' },
        {
          kind: 'world_cafe',
          title: 'Café',
          settings: {
            tables: 2,
            rounds: 2,
            roundMinutes: 5,
            changeoverMinutes: 1,
            questions: ['What works?', 'What next?'],
          },
        },
      ],
    },
    { width: 1280, height: 800 },
  );

  const english = await joinedPhone(browser, code, 'en-GB');
  const bengali = await joinedPhone(browser, code, 'bn-BD');
  for (const [name, phone] of [
    ['English', english],
    ['Bengali', bengali],
  ] as const) {
    const b = budget(phone.beforeReady);
    console.log(
      `${name} phone before ready: ${(b.wire / 1024).toFixed(1)} KB on the wire, ` +
        `${(b.gzip / 1024).toFixed(1)} KB as gzip (${b.list})`,
    );
    expect(b.wire, `${name} phone, on the wire: ${b.list}`).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(b.gzip, `${name} phone, gzip: ${b.list}`).toBeLessThanOrEqual(BUDGET_BYTES);
    // Compressed on the wire: every big script the page fetched itself came in far fewer bytes
    // than it has (what the worker fetched, the page cannot see; the server's side is LIGHT1's).
    for (const s of phone.beforeReady.filter((f) => f.decoded > 10_000 && !f.viaWorker)) {
      expect(s.encoded, s.url).toBeLessThan(s.decoded / 2);
    }
  }
  expect(english.beforeReady.map((s) => s.url).filter((u) => catalogueOf('bn').test(u))).toEqual(
    [],
  );
  expect(
    english.beforeReady.map((s) => s.url).filter((u) => catalogueOf('en').test(u)),
  ).not.toEqual([]);
  expect(bengali.beforeReady.map((s) => s.url).filter((u) => catalogueOf('en').test(u))).toEqual(
    [],
  );

  // Through the board, both votes and the café: the phones load what each needs, nothing staff.
  for (const title of ['What should the hall have?', 'Pick your priorities', 'Adopt the plan']) {
    await fac.getByRole('button', { name: 'Next activity' }).click();
    await expect(english.page.getByTestId('current-activity')).toHaveText(title);
    await expect(bengali.page.getByTestId('current-activity')).toHaveText(title);
  }
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await expect(english.page.getByTestId('current-activity')).toHaveText('Café');
  for (const phone of [english, bengali]) {
    await expect(phone.page.locator('.activity-card')).toBeVisible();
    await phone.page.waitForLoadState('networkidle');
    const all = (await scripts(phone.page)).map((s) => s.url);
    expect(all.filter((u) => staffOnly.test(u))).toEqual([]);
  }
  const everyEnglish = (await scripts(english.page)).map((s) => s.url);
  expect(everyEnglish.filter((u) => catalogueOf('bn').test(u))).toEqual([]);
  await laptop.close();
  await english.page.context().close();
  await bengali.page.context().close();
});

test('[LIGHT5] the live connection opens straight as a WebSocket, with no long-polling round trips first', async ({
  browser,
}) => {
  const { laptop, fac, code } = await openedWorkshop(browser, {
    title: 'Venue Wi-Fi',
    agenda: [{ kind: 'dot_vote', title: 'Pick one' }],
  });

  const phone = await newPhone(browser);
  const page = await phone.newPage();
  const sockets: string[] = [];
  const polls: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  page.on('request', (r) => {
    if (r.url().includes('/socket.io/') && r.url().includes('transport=polling'))
      polls.push(r.url());
  });
  await page.goto(`/j/${code}`);
  await page.getByRole('radio').first().check();
  await page.getByRole('button', { name: 'Join' }).last().click();
  await skipOptionalSteps(page);
  await expect(page.locator('#current-heading')).toBeVisible();
  // And it is live: the facilitator's next move reaches it over that socket.
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await expect(page.getByTestId('current-activity')).toHaveText('Pick one');
  expect(sockets.filter((u) => u.includes('/socket.io/'))).toHaveLength(1);
  expect(polls).toEqual([]);
  await laptop.close();
  await phone.close();
});

test("[LIGHT8][LIGHT9][LIGHT11][LIGHT12] a join link's page carries the workshop, and the phone is live before the optional steps are done", async ({
  browser,
}) => {
  const title = 'Riverside </script> & the park';
  const { laptop, fac, code } = await openedWorkshop(browser, {
    title,
    agenda: [{ kind: 'idea_board', title: 'What should the park have?' }],
  });

  const phone = await newPhone(browser, 'en-GB');
  const page = await phone.newPage();
  const lookups: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname.startsWith('/api/join/'))
      lookups.push(r.url());
  });
  // When the phone asks for the live connection's code, against when the person taps Join.
  const liveCode: number[] = [];
  const scriptsBeforeTap: string[] = [];
  let tapped = false;
  page.on('request', (r) => {
    if (/\/assets\/socket-[\w-]+\.js$/.test(r.url())) liveCode.push(Date.now());
    if (!tapped && /\/assets\/[\w.-]+\.js$/.test(r.url())) scriptsBeforeTap.push(r.url());
  });
  const sockets: string[] = [];
  let roomArrived = false;
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    ws.on('framereceived', (f) => {
      if (String(f.payload).includes('"room:state"')) roomArrived = true;
    });
  });

  const opened = await page.goto(`/j/${code}`);
  // The page named the English catalogues and carried the workshop: the form shows with the
  // workshop's name (a "</script>" in it and all) without the phone asking for it.
  const html = (await opened?.text()) ?? '';
  expect(html).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/en-[\w-]+\.js">/);
  expect(html).toContain('id="join-info"');
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('radio').first()).toBeVisible();
  expect(lookups).toEqual([]);

  await page.getByRole('radio').first().check();
  // The form showed and was filled in without it (LIGHT11); it comes with the tap on Join.
  expect(liveCode).toEqual([]);
  // Nor zod's classic API, whose schemas take about twice as long to build and first parse: the
  // first screen's schemas use zod/mini (LIGHT12). A classic schema's constructor is named in the
  // code.
  expect(scriptsBeforeTap.length).toBeGreaterThan(0);
  const classicZod = scriptsBeforeTap.filter((u) =>
    /[`"'](ZodType|ZodObject)[`"']/.test(
      readFileSync(path.join(assets, path.basename(new URL(u).pathname)), 'utf8'),
    ),
  );
  expect(classicZod).toEqual([]);
  tapped = true;
  const tappedAt = Date.now();
  await page.locator('form button[type=submit]').last().click();
  // Step 1 of 2 is on screen, and meanwhile the room has come in over the live connection.
  await expect(page.getByText('Optional step 1 of 2')).toBeVisible();
  await expect.poll(() => roomArrived).toBe(true);
  await expect(page.getByText('Optional step 1 of 2')).toBeVisible();
  await expect(page.locator('#current-heading')).toHaveCount(0);

  // The steps work as before: an address left on the first is saved and thanked for on the next.
  await page.getByLabel('Your email address').fill('resident@example.org');
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Email me what happened' }).click();
  await expect(page.getByText('Optional step 2 of 2')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Thank you' })).toBeVisible();

  expect(liveCode).toHaveLength(1);
  expect(liveCode[0]).toBeGreaterThanOrEqual(tappedAt);
  // Skipping the last step shows the workshop at once, focus on its name, on the same socket.
  await page.getByRole('button', { name: 'Skip this step' }).first().click();
  await expect(page.locator('#current-heading')).toBeVisible({ timeout: 1_000 });
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeFocused();
  // And it is live: the facilitator's next move reaches it.
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await expect(page.getByTestId('current-activity')).toHaveText('What should the park have?');
  expect(sockets.filter((u) => u.includes('/socket.io/'))).toHaveLength(1);
  expect(lookups).toEqual([]);
  await laptop.close();
  await phone.close();
});

test('[LIGHT10] a phone whose live connection cannot get through still shows the workshop from its join, then goes live', async ({
  browser,
}) => {
  const { laptop, fac, code } = await openedWorkshop(browser, {
    title: 'Library opening hours',
    agenda: [
      { kind: 'idea_board', title: 'When would you use the library?' },
      { kind: 'dot_vote', title: 'Pick the hours' },
    ],
  });

  const phone = await newPhone(browser, 'en-GB');
  const page = await phone.newPage();
  // Venue Wi-Fi that lets pages and the API through but neither the WebSocket nor Socket.IO's
  // long-polling fallback.
  let blocked = true;
  let refused = 0;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (!blocked) return ws.connectToServer();
    refused += 1;
    return ws.close();
  });
  await page.route('**/socket.io/**', (route) => {
    if (!blocked) return route.continue();
    refused += 1;
    return route.abort();
  });

  await page.goto(`/j/${code}`);
  await page.getByRole('radio').first().check();
  await page.locator('form button[type=submit]').last().click();
  await skipOptionalSteps(page);
  // The workshop and where the room is (its welcome, before the first activity), from the join's
  // answer alone.
  await expect(page.locator('#current-heading')).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Library opening hours' }),
  ).toBeVisible();
  await expect(page.locator('#current-heading')).toHaveText('Welcome!');
  expect(refused).toBeGreaterThan(0);
  // It says it is not live yet rather than pretending to be.
  await expect(page.getByRole('status').filter({ hasText: 'Connecting' })).toBeVisible();

  // The signal gets through: the phone goes live by itself and follows the room.
  blocked = false;
  await goesLive(page, fac, 'When would you use the library?');
  await laptop.close();
  await phone.close();
});

test("[LIGHT10][LIGHT11] a first-time phone that loses its signal before the live connection's code arrives goes live when it returns, without a reload", async ({
  browser,
}) => {
  const { laptop, fac, code } = await openedWorkshop(browser, {
    title: 'Bus routes',
    agenda: [{ kind: 'idea_board', title: 'Where should the 42 stop?' }],
  });

  const phone = await newPhone(browser, 'en-GB');
  // The signal drops just as the person taps Join: the join gets through, the live connection's
  // code does not. On the context, so it holds for the service worker's fetches too.
  let blocked = true;
  let refused = 0;
  await phone.route(/\/assets\/socket-[\w-]+\.js$/, (route) => {
    if (!blocked) return route.continue();
    refused += 1;
    return route.abort('internetdisconnected');
  });
  const page = await phone.newPage();
  await page.goto(`/j/${code}`);
  await page.evaluate(() => {
    (window as unknown as { __samePage: boolean }).__samePage = true;
  });
  await page.getByRole('radio').first().check();
  await page.locator('form button[type=submit]').last().click();
  await skipOptionalSteps(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Bus routes' })).toBeVisible();
  await expect(page.locator('#current-heading')).toHaveText('Welcome!');
  // Asked at the tap and again by the room, and refused both times: not live.
  await expect.poll(() => refused).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('status').filter({ hasText: 'Connecting' })).toBeVisible();

  blocked = false;
  await goesLive(page, fac, 'Where should the 42 stop?');
  // The same page all along: nobody had to reload it.
  expect(
    await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage),
  ).toBe(true);
  await laptop.close();
  await phone.close();
});
