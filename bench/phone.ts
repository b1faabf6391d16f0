import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from 'playwright-core';
import { io } from 'socket.io-client';
import type { Workshop } from '../shared/domain/workshop.ts';
import { PROTOCOL_VERSION } from '../shared/protocol/version.ts';
import { start, type ServerProcess } from '../test/helpers/process.ts';
import { startSlowLink, type SlowLink } from './slowLink.ts';
import {
  command,
  connected,
  median,
  postJson,
  setUpFacilitator,
  type ClientSocket,
} from './lib.ts';

/**
 * One resident's phone opening a join link, in Debian's Chromium at 360x640, over a slow link
 * (bench/slowLink.ts, the figures of DevTools' network presets) and with the CPU slowed through
 * the DevTools protocol. Timed inside the page, from the navigation's start: first contentful
 * paint, the join form on screen, and ready (the workshop's own screen after joining; the bench
 * taps Join and skips the two optional steps at once, as a person in a hurry would). The taps are
 * touches sent through the DevTools protocol at the control's place on screen, the moment the page
 * shows it: Playwright's own click first runs its checks as scripts inside the page, on its slowed
 * main thread, work no phone does for a person's tap. Bytes are what came down the link (encoded,
 * headers included, the service worker's fetches and WebSocket frames too). Cold: a fresh profile,
 * nothing cached. Warm: the same phone opening the link again later (cache and service worker
 * kept, already joined). Beside each, a static HTML page of the same size as the cold app's bytes,
 * served uncompressed by a bare Node server: what the network alone costs.
 */

export type NetworkProfile = {
  name: string;
  latencyMs: number;
  /** Bytes per second, both ways. */
  throughput: number;
  cpuSlowdown: number;
};

export const profiles: Record<string, NetworkProfile> = {
  // Chrome DevTools' "Slow 3G": 400 ms, 400 kbit/s; the CPU four times slower.
  'slow-3g': { name: 'Slow 3G, CPU 4x', latencyMs: 400, throughput: 50_000, cpuSlowdown: 4 },
  // "Fast 3G": 150 ms, 1.6 Mbit/s.
  'fast-3g': { name: 'Fast 3G, CPU 4x', latencyMs: 150, throughput: 200_000, cpuSlowdown: 4 },
};

export type PhoneFigures = {
  firstPaintMs: number;
  formMs: number;
  readyMs: number;
  /** From tapping Join to ready: the join round trip, the live connection, the two Skip taps. */
  joinToReadyMs: number;
  bytes: number;
  scriptBytes: number;
  requests: number;
};

export type PhoneReport = {
  runs: number;
  byProfile: {
    profile: NetworkProfile;
    cold: PhoneFigures;
    warm: PhoneFigures;
    staticCold: PhoneFigures;
    staticWarm: PhoneFigures;
  }[];
};

type Options = { runs: number; profiles: string[]; log?: (line: string) => void };

// Recorded inside the page and reported through a DevTools protocol binding, so the driver adds
// nothing to the page while it loads. (Waiting with Playwright's waitForFunction made it inject
// its own scripts into the page at once: about 140 ms of the main thread at 4x, in the middle of
// a warm phone's start.)
const marks = `(() => {
  const at = {};
  const note = (name) => {
    if (at[name] !== undefined) return;
    at[name] = performance.now();
    if (typeof globalThis.__rtMark === 'function') globalThis.__rtMark(name + ' ' + at[name]);
  };
  const look = () => {
    if (document.querySelector('form input[type=radio], form input[type=text]')) note('form');
    if (document.getElementById('current-heading')) note('ready');
    // "Step 1 of 2": each optional step, once its Skip button is on screen.
    const progress = document.querySelector('.step-progress');
    if (progress && document.querySelector('.step-skip')) {
      const n = (progress.textContent || '').match(/[0-9]/);
      if (n) note('step' + n[0]);
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
  document.addEventListener('submit', () => note('join'), true);
})();`;

type MarkName = 'form' | 'ready' | 'join' | 'step1' | 'step2';

/** The CPU slowed, the page's marks wired up, its requests counted (the network is the link's). */
async function throttle(page: Page, p: NetworkProfile) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: p.cpuSlowdown });
  // The taps find their targets through the DOM domain; switched on before the page loads, so
  // the first tap does not pay for it.
  await cdp.send('DOM.enable');
  const seen = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  // bindingCalled reaches only a session with the Runtime domain on.
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: '__rtMark' });
  cdp.on('Runtime.bindingCalled', (e) => {
    if (e.name !== '__rtMark') return;
    const [name, at] = e.payload.split(' ');
    if (!name || seen.has(name)) return;
    seen.set(name, Number(at));
    waiting.get(name)?.(Number(at));
  });
  const mark = (name: MarkName, timeoutMs: number): Promise<number> => {
    const at = seen.get(name);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${name} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiting.set(name, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  };
  const types = new Map<string, string>();
  const counted = { bytes: 0, scriptBytes: 0, requests: 0 };
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    counted.bytes += e.encodedDataLength;
    counted.requests += 1;
    if (types.get(e.requestId) === 'Script') counted.scriptBytes += e.encodedDataLength;
  });
  return { counted, mark, cdp };
}

/**
 * A finger on the first element `selector` matches: found, scrolled to and measured by the
 * DevTools protocol's DOM domain, touched with Input events. Nothing runs in the page's own
 * JavaScript, so the tap costs the phone what a person's would.
 */
async function tap(cdp: CDPSession, page: Page, selector: string) {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  if (!nodeId) throw new Error(`nothing on screen matches ${selector}`);
  await cdp.send('DOM.scrollIntoViewIfNeeded', { nodeId });
  const { quads } = await cdp.send('DOM.getContentQuads', { nodeId });
  const quad = quads[0];
  if (!quad) throw new Error(`${selector} has no box on screen`);
  const xs = [quad[0]!, quad[2]!, quad[4]!, quad[6]!];
  const ys = [quad[1]!, quad[3]!, quad[5]!, quad[7]!];
  const x = (Math.min(...xs) + Math.max(...xs)) / 2;
  const y = (Math.min(...ys) + Math.max(...ys)) / 2;
  await page.touchscreen.tap(x, y);
}

/** Whether `expression` becomes truthy in the page within `ms`, asked every 100 ms. */
async function holds(cdp: CDPSession, expression: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `!!(${expression})` });
    if (result.value === true) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function paint(page: Page): Promise<number> {
  return page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  );
}

function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
  });
}

async function phoneRun(browser: Browser, link: SlowLink, code: string, p: NetworkProfile) {
  const context = await newContext(browser);
  await context.addInitScript(marks);
  try {
    const page = await context.newPage();
    const first = await throttle(page, p);
    link.takeBytesDown();
    await page.goto(`${link.url}/j/${code}`, { waitUntil: 'commit' });
    const formMs = await first.mark('form', 120_000);
    // A layout still settling can move a control between measuring it and the touch landing; a
    // person would tap again, and so does the bench (only where a second tap does no harm).
    for (let attempt = 0; ; attempt++) {
      await tap(first.cdp, page, 'form input[type=radio]');
      if (await holds(first.cdp, "document.querySelector('form input[type=radio]:checked')", 2000))
        break;
      if (attempt === 4) throw new Error('the group did not take five taps');
    }
    for (let attempt = 0; ; attempt++) {
      await tap(first.cdp, page, 'form button[type=submit]');
      if (
        await first.mark('join', 2000).then(
          () => true,
          () => false,
        )
      )
        break;
      if (attempt === 4) throw new Error('Join did not take five taps');
    }
    await first.mark('step1', 60_000);
    await tap(first.cdp, page, '.step-skip');
    await first.mark('step2', 60_000);
    await tap(first.cdp, page, '.step-skip');
    const readyMs = await first.mark('ready', 120_000);
    const joinMs = await first.mark('join', 1000);
    const cold: PhoneFigures = {
      firstPaintMs: await paint(page),
      formMs,
      readyMs,
      joinToReadyMs: readyMs - joinMs,
      ...first.counted,
      bytes: link.takeBytesDown(),
    };
    // Let what the page fetches after ready (and a service worker's install) settle, so the warm
    // run sees the phone as it would be a minute later.
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
    // The page's idle is not its service worker's: wait for the link itself to go quiet.
    await link.quiet(1000, 30_000);
    await page.close();

    const again = await context.newPage();
    const second = await throttle(again, p);
    link.takeBytesDown();
    await again.goto(`${link.url}/j/${code}`, { waitUntil: 'commit' });
    const warmReady = await second.mark('ready', 120_000);
    const warm: PhoneFigures = {
      firstPaintMs: await paint(again),
      formMs: NaN,
      readyMs: warmReady,
      joinToReadyMs: NaN,
      ...second.counted,
      bytes: link.takeBytesDown(),
    };
    return { cold, warm };
  } finally {
    await context.close();
  }
}

async function staticRun(browser: Browser, link: SlowLink, p: NetworkProfile) {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    let { counted } = await throttle(page, p);
    link.takeBytesDown();
    await page.goto(link.url, { waitUntil: 'load', timeout: 120_000 });
    const timing = () =>
      page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd || performance.now() };
      });
    let t = await timing();
    const cold: PhoneFigures = {
      firstPaintMs: await paint(page),
      formMs: t.dcl,
      readyMs: t.load,
      joinToReadyMs: NaN,
      ...counted,
      bytes: link.takeBytesDown(),
    };
    await page.close();
    const again = await context.newPage();
    ({ counted } = await throttle(again, p));
    await again.goto(link.url, { waitUntil: 'load', timeout: 120_000 });
    const pageAgain = again;
    t = await pageAgain.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd || performance.now() };
    });
    const warm: PhoneFigures = {
      firstPaintMs: await paint(pageAgain),
      formMs: t.dcl,
      readyMs: t.load,
      joinToReadyMs: NaN,
      ...counted,
      bytes: link.takeBytesDown(),
    };
    return { cold, warm };
  } finally {
    await context.close();
  }
}

/** A page of `bytes` that no compression can shrink, cacheable for a day like a hashed asset. */
async function staticServer(bytes: number): Promise<{ url: string; server: Server }> {
  // Its icon in the page, as the app's: a /favicon.ico request would fetch the page again.
  const head =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static</title>' +
    '<link rel="icon" href="data:,">';
  const body = '</head><body><h1>A static page</h1><p hidden>';
  const tail = '</p></body></html>';
  const filler = randomBytes(Math.ceil(bytes * 0.75))
    .toString('base64')
    .slice(0, Math.max(0, bytes - head.length - body.length - tail.length - 200));
  const html = Buffer.from(head + body + filler + tail);
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': html.length,
      'cache-control': 'max-age=86400',
    });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

function medianOf(runs: PhoneFigures[]): PhoneFigures {
  const pick = (k: keyof PhoneFigures) => median(runs.map((r) => r[k]).filter(Number.isFinite));
  return {
    firstPaintMs: pick('firstPaintMs'),
    formMs: pick('formMs'),
    readyMs: pick('readyMs'),
    joinToReadyMs: pick('joinToReadyMs'),
    bytes: pick('bytes'),
    scriptBytes: pick('scriptBytes'),
    requests: pick('requests'),
  };
}

export async function runPhone(opts: Options): Promise<PhoneReport> {
  const log = opts.log ?? (() => undefined);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-bench-phone-'));
  const agent = new Agent({ keepAlive: true });
  let server: ServerProcess | undefined;
  let facilitator: ClientSocket | undefined;
  let browser: Browser | undefined;
  const statics: Server[] = [];
  const links: SlowLink[] = [];
  try {
    log(`starting the server on an empty PGlite folder (${dataDir}); the client as built in dist/`);
    server = await start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { timeoutMs: 60_000 });
    const url = server.url;
    const cookie = await setUpFacilitator(agent, url);
    const created = await postJson(
      agent,
      `${url}/api/workshops`,
      {
        title: 'Our neighbourhood',
        agenda: [
          { kind: 'idea_board', title: 'What should young people have?' },
          { kind: 'dot_vote', title: 'Pick your priorities' },
        ],
      },
      cookie,
    );
    if (created.status !== 201) throw new Error(`create: ${created.status} ${created.body}`);
    const workshop = JSON.parse(created.body) as Workshop;
    facilitator = io(url, {
      auth: { v: PROTOCOL_VERSION, role: 'facilitator', workshopId: workshop.id },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie },
    });
    await connected(facilitator, 10_000);
    const opened = await command(facilitator, 'workshop:open', {});
    if (!opened.ok) throw new Error(`open: ${opened.error.message}`);
    const code = opened.data.workshop.joinCode!;

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    });
    const report: PhoneReport = { runs: opts.runs, byProfile: [] };
    for (const key of opts.profiles) {
      const profile = profiles[key];
      if (!profile) throw new Error(`no network profile ${key}`);
      const cold: PhoneFigures[] = [];
      const warm: PhoneFigures[] = [];
      const sCold: PhoneFigures[] = [];
      const sWarm: PhoneFigures[] = [];
      const slow = { latencyMs: profile.latencyMs, throughput: profile.throughput };
      const link = await startSlowLink({ target: url, ...slow });
      links.push(link);
      for (let i = 0; i < opts.runs; i++) {
        log(`${profile.name}: phone run ${i + 1} of ${opts.runs}`);
        const r = await phoneRun(browser, link, code, profile);
        cold.push(r.cold);
        warm.push(r.warm);
      }
      const same = medianOf(cold).bytes;
      const s = await staticServer(same);
      statics.push(s.server);
      const staticLink = await startSlowLink({ target: s.url, ...slow });
      links.push(staticLink);
      for (let i = 0; i < opts.runs; i++) {
        log(`${profile.name}: static page run ${i + 1} of ${opts.runs}`);
        const r = await staticRun(browser, staticLink, profile);
        sCold.push(r.cold);
        sWarm.push(r.warm);
      }
      report.byProfile.push({
        profile,
        cold: medianOf(cold),
        warm: medianOf(warm),
        staticCold: medianOf(sCold),
        staticWarm: medianOf(sWarm),
      });
    }
    return report;
  } finally {
    await browser?.close();
    for (const l of links) await l.close();
    facilitator?.disconnect();
    for (const s of statics) s.close();
    await server?.stop();
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
