import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { signIn } from './helpers.ts';

// A page on another port of the same host is same-site: the browser sends the facilitator's
// SameSite=Lax cookie with its form posts and fetches. It stands for any other app on the
// council's intranet domain. Everything it tries that would change state must be refused, while
// the same requests from Roundtable's own pages go through. (SEC7)

let other: Server;
let otherUrl = '';

test.beforeAll(async () => {
  other = createServer((req, res) => {
    const app = `http://127.0.0.1:${process.env.E2E_PORT ?? '4310'}`;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url === '/form') {
      // The classic: an empty form that submits itself. No body, so no JSON rule to trip.
      res.end(`<!doctype html><title>Intranet</title>
        <form id="f" method="post" action="${app}/api/invites"></form>
        <script>document.getElementById('f').submit()</script>`);
      return;
    }
    res.end(`<!doctype html><title>Intranet</title><p>Other app</p>`);
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => other.close(() => resolve()));
});

test('[SEC7] a page on another port of the same host cannot act with the facilitator’s cookie', async ({
  page,
  baseURL,
}) => {
  await signIn(page);
  const created = await page.request.post('/api/workshops', {
    data: {
      title: 'Cross-origin test',
      purpose: 'Nothing here may change from another origin.',
      startsAt: '2026-12-01T18:30',
      agenda: [{ kind: 'idea_board', title: 'Ideas', prompt: 'One idea per note' }],
    },
  });
  expect(created.status()).toBe(201);
  const workshopId = ((await created.json()) as { id: string }).id;

  // An empty form that posts itself: the browser sends the cookie (same site) and shows the
  // refusal instead of a fresh invitation link.
  const formPost = page.waitForResponse((r) => r.url().endsWith('/api/invites'));
  await page.goto(`${otherUrl}/form`);
  const refused = await formPost;
  expect(refused.request().method()).toBe('POST');
  expect(refused.status()).toBe(403);
  await expect(page.locator('body')).not.toContainText('/invite/');

  // Script on the other page: a no-cors fetch needs no preflight and carries the cookie. Its
  // answer is opaque to the page, so what counts is whether an outcome snapshot was saved.
  const record = await page.request.post('/api/records', {
    data: {
      title: 'Cross-origin record',
      service: 'Parks and open spaces',
      tags: [],
      area: 'Bow East',
      level: 'consult',
      canInfluence: '',
      cannotInfluence: '',
      startsOn: '2027-01-10',
      workshopIds: [workshopId],
    },
  });
  expect(record.status(), await record.text()).toBe(201);
  const snapshots = `/api/records/${((await record.json()) as { id: string }).id}/workshops/${workshopId}/snapshots`;
  await page.goto(`${otherUrl}/`);
  await page.evaluate(async (url) => {
    // The fetch settles once the answer has come back (helmet's Cross-Origin-Resource-Policy
    // then turns it into an error for this page): by then the server has acted or refused.
    await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include' }).catch(() => null);
  }, baseURL + snapshots);
  const saved = async () =>
    ((await (await page.request.get(snapshots)).json()) as { snapshots: unknown[] }).snapshots
      .length;
  expect(await saved()).toBe(0);

  const sockets = await page.evaluate(
    async ({ app, workshopId }) => {
      const ws = app.replace(/^http/, 'ws');
      const tryOpen = (url: string) =>
        new Promise<string>((resolve) => {
          const s = new WebSocket(url);
          s.onopen = () => {
            s.close();
            resolve('open');
          };
          s.onerror = () => resolve('refused');
        });
      return {
        socketIo: await tryOpen(`${ws}/socket.io/?EIO=4&transport=websocket`),
        yjs: await tryOpen(`${ws}/yjs/board:${workshopId}`),
      };
    },
    { app: baseURL!, workshopId },
  );
  expect(sockets).toEqual({ socketIo: 'refused', yjs: 'refused' });

  // The same requests from Roundtable's own page are served.
  await page.goto('/');
  const own = await page.evaluate(async (url) => {
    const invite = await fetch('/api/invites', { method: 'POST', credentials: 'same-origin' });
    const snapshot = await fetch(url, { method: 'POST', credentials: 'same-origin' });
    return [invite.status, snapshot.status];
  }, snapshots);
  expect(own).toEqual([201, 201]);
  expect(await saved()).toBe(1);
});
