import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http, { type ServerResponse } from 'node:http';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { newPhone, signIn, skipOptionalSteps, wakeUp } from './helpers.ts';

// A phone that has joined keeps working through a reload with no signal (its service worker has
// the app; the page has the room as it last saw it and the notes it could not send yet), and a
// deploy reaches it on its next reload (on a network too slow to wait for, the one after).

const question = 'What should the library offer?';
const note = 'Homework club after school';

/** Until the service worker runs this page, a reload would still need the network. */
async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 30_000,
  });
  // And it has stored the page itself (sent by main.tsx once the worker was ready).
  await expect
    .poll(() => page.evaluate(async () => (await caches.keys()).length), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(2);
}

/** A facilitator signed in on a laptop, with a workshop open on its board; and its join code. */
async function openBoard(browser: Browser) {
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fac = await laptop.newPage();
  await signIn(fac);
  const created = await fac.request.post('/api/workshops', {
    data: { title: 'Library futures', agenda: [{ kind: 'idea_board', title: question }] },
  });
  expect(created.status()).toBe(201);
  const workshop = (await created.json()) as { id: string };
  await fac.goto(`/workshops/${workshop.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const code = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');
  await fac.getByRole('button', { name: 'Next activity' }).click();
  return { laptop, fac, code };
}

test('[LIGHT6][BOARD14] a joined phone reloads with no signal, shows the board and its queued note, and sends it once when the signal returns', async ({
  browser,
}) => {
  const { laptop, fac, code } = await openBoard(browser);

  const phone = await newPhone(browser);
  const page = await phone.newPage();
  await page.goto(`/j/${code}`);
  await page.getByRole('radio', { name: 'Resident' }).check();
  await page.getByRole('button', { name: 'Join' }).last().click();
  await skipOptionalSteps(page);
  await expect(page.getByTestId('current-activity')).toHaveText(question);
  await controlled(page);

  // No signal: the note waits on the phone, and the page reloads all the same.
  await phone.setOffline(true);
  await page.getByRole('textbox', { name: 'Your note' }).fill(note);
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByText(note).first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('current-activity')).toHaveText(question);
  await expect(page.getByRole('status').filter({ hasText: 'No signal' })).toBeVisible();
  await expect(page.getByText(note).first()).toBeVisible();
  await expect(page.getByText('Sending…').first()).toBeVisible();

  // Signal back: the note lands once.
  await phone.setOffline(false);
  await wakeUp(page);
  await expect(page.getByText('Saved').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('status').filter({ hasText: 'No signal' })).toHaveCount(0);
  const cards = fac.getByTestId('note-card').filter({ hasText: note });
  await expect(cards).toHaveCount(1);
  await fac.reload();
  await expect(cards).toHaveCount(1);

  // The worker never stored an API answer (they hold personal data) nor Socket.IO traffic.
  const stored = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
    }
    return urls;
  });
  expect(stored.filter((u) => !u.startsWith('/assets/') && u !== '/index.html')).toEqual([]);
  await laptop.close();
  await phone.close();
});

const dist = path.resolve('dist/client');
const pages = ['index.html', 'index.html.br', 'index.html.gz'];

/**
 * A deploy as a phone sees it: index.html names a new entry script (a new hash, as a new build
 * has), and the old build's files are still there for pages already open. Done on the e2e
 * server's own folder (tests run one at a time) and undone afterwards.
 */
function deploy(): () => void {
  const saved = pages.map((f) => {
    const file = path.join(dist, f);
    return [file, existsSync(file) ? readFileSync(file) : null] as const;
  });
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = /src="\/assets\/(index-[\w-]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('no entry script in dist/client/index.html: run npm run build');
  const renamed = entry.replace('.js', '-deploy2.js');
  const body = readFileSync(path.join(dist, 'assets', entry), 'utf8');
  writeFileSync(path.join(dist, 'assets', renamed), `window.__deploy = 2;\n${body}`);
  const next = html.replace(entry, renamed);
  writeFileSync(path.join(dist, 'index.html'), next);
  writeFileSync(path.join(dist, 'index.html.br'), brotliCompressSync(next));
  writeFileSync(path.join(dist, 'index.html.gz'), gzipSync(next));
  return () => {
    for (const [file, content] of saved) {
      if (content) writeFileSync(file, content);
      else rmSync(file, { force: true });
    }
    rmSync(path.join(dist, 'assets', renamed), { force: true });
  };
}

test('[LIGHT7] a new deploy reaches a phone on its next reload, service worker and all', async ({
  browser,
}) => {
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fac = await laptop.newPage();
  await signIn(fac);
  const created = await fac.request.post('/api/workshops', {
    data: { title: 'Deploy day', agenda: [{ kind: 'idea_board', title: question }] },
  });
  const workshop = (await created.json()) as { id: string };
  await fac.goto(`/workshops/${workshop.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const code = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');

  const phone = await newPhone(browser);
  const page = await phone.newPage();
  await page.goto(`/j/${code}`);
  await page.getByRole('radio').first().check();
  await page.getByRole('button', { name: 'Join' }).last().click();
  await skipOptionalSteps(page);
  await expect(page.getByRole('heading', { name: 'Welcome!' })).toBeVisible();
  await controlled(page);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Welcome!' })).toBeVisible();
  const deployOf = () =>
    page.evaluate(() => (window as unknown as { __deploy?: number }).__deploy ?? 1);
  expect(await deployOf()).toBe(1);

  const undo = deploy();
  try {
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Welcome!' })).toBeVisible();
    expect(await deployOf()).toBe(2);
  } finally {
    undo();
  }
  await laptop.close();
  await phone.close();
});

/**
 * A way to the app through which pages can stop coming back, or come back slowly, while
 * everything else passes: venue Wi-Fi that connects but carries nothing for the one request a
 * reload needs, or a slow mobile network. It is another origin (its own port), so the phone's
 * service worker and kept copies are its own.
 */
async function stallingPath(target: string) {
  const to = new URL(target);
  let stalled = false;
  let pageDelayMs = 0;
  const held: ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    // The app's page: a navigation, or the worker fetching its copy (main.tsx's "keep").
    const page = (req.headers.accept ?? '').includes('text/html') || req.url === '/index.html';
    if (stalled && page) {
      held.push(res); // Never answered.
      return;
    }
    if (page && pageDelayMs > 0) {
      setTimeout(() => pass(req, res), pageDelayMs);
      return;
    }
    pass(req, res);
  });
  const pass = (req: http.IncomingMessage, res: ServerResponse) => {
    const upstream = http.request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  // WebSockets (the live room) pass through untouched.
  server.on('upgrade', (req, socket, head) => {
    const upstream = tcpConnect(Number(to.port), to.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stall: () => {
      stalled = true;
    },
    slowPages: (ms: number) => {
      pageDelayMs = ms;
    },
    close: () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test('[LIGHT7] a joined phone whose network stops answering pages still reloads, from its kept copy', async ({
  browser,
  baseURL,
}) => {
  const { laptop, fac, code } = await openBoard(browser);

  const wifi = await stallingPath(baseURL!);
  const phone = await newPhone(browser);
  try {
    const page = await phone.newPage();
    await page.goto(`${wifi.url}/j/${code}`);
    await page.getByRole('radio', { name: 'Resident' }).check();
    await page.getByRole('button', { name: 'Join' }).last().click();
    await skipOptionalSteps(page);
    await expect(page.getByTestId('current-activity')).toHaveText(question);
    await controlled(page);

    // The page never comes back from the network: the worker shows the kept one, and the room
    // it last saw, instead of a blank screen until the browser gives up.
    wifi.stall();
    await page.reload({ timeout: 20_000 });
    await expect(page.getByTestId('current-activity')).toHaveText(question);
    // Everything but the page still passes: the room is live and a note gets through.
    await page.getByRole('textbox', { name: 'Your note' }).fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByText('Saved').first()).toBeVisible({ timeout: 20_000 });
    await expect(fac.getByTestId('note-card').filter({ hasText: note })).toHaveCount(1);
  } finally {
    await phone.close();
    await laptop.close();
    await wifi.close();
  }
});

test('[LIGHT7] a joined phone on a slow network reloads from its kept page at once, and a deploy reaches it on the reload after', async ({
  browser,
  baseURL,
}) => {
  const { laptop, fac, code } = await openBoard(browser);

  // Pages take 1.5 s, as over a slow mobile network; everything else passes at once.
  const slow = await stallingPath(baseURL!);
  slow.slowPages(1500);
  const phone = await newPhone(browser);
  const kept = (page: Page) =>
    page.evaluate(async () => {
      const copy = await caches.match('/index.html');
      return copy ? await copy.text() : '';
    });
  const deployOf = (page: Page) =>
    page.evaluate(() => (window as unknown as { __deploy?: number }).__deploy ?? 1);
  try {
    const page = await phone.newPage();
    await page.goto(`${slow.url}/j/${code}`);
    await page.getByRole('radio', { name: 'Resident' }).check();
    await page.getByRole('button', { name: 'Join' }).last().click();
    await skipOptionalSteps(page);
    await expect(page.getByTestId('current-activity')).toHaveText(question);
    await controlled(page);
    await expect.poll(() => kept(page), { timeout: 20_000 }).toContain('<div id="root">');

    const undo = deploy();
    try {
      // The worker has seen this network take 1.5 s for a page: it shows the kept one (the build
      // before the deploy) instead of waiting, and the room as the phone last saw it.
      await page.reload();
      await expect(page.getByTestId('current-activity')).toHaveText(question);
      expect(await deployOf(page)).toBe(1);
      // The network's answer, the new build, is kept for the next reload.
      await expect.poll(() => kept(page), { timeout: 20_000 }).toContain('-deploy2.js');
      await page.reload();
      await expect(page.getByTestId('current-activity')).toHaveText(question);
      expect(await deployOf(page)).toBe(2);
      // Still live: a note gets through.
      await page.getByRole('textbox', { name: 'Your note' }).fill(note);
      await page.getByRole('button', { name: 'Add note' }).click();
      await expect(page.getByText('Saved').first()).toBeVisible({ timeout: 20_000 });
      await expect(fac.getByTestId('note-card').filter({ hasText: note })).toHaveCount(1);
    } finally {
      undo();
    }
  } finally {
    await phone.close();
    await laptop.close();
    await slow.close();
  }
});
