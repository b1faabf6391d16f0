/**
 * The service worker (built to /sw.js, registered by main.tsx): lets a phone that has joined
 * reload the page with no signal. Hand-written rather than Workbox's precache on purpose:
 * a precache manifest lists every file of the build, so every phone would download the
 * facilitators' console, the records and the projector the moment it first loaded. This worker
 * keeps only what the phone itself has fetched, so it holds exactly the participant screens that
 * phone has shown. Rules (LIGHT6, LIGHT7):
 *  - pages (every page is the same index.html): network first, so a deploy reaches the phone on
 *    its next reload; the last copy when the network fails, or has not answered within
 *    NETWORK_WAIT_MS (venue Wi-Fi that connects but carries nothing would otherwise leave a blank
 *    page until the browser gives up). A late answer still replaces the kept copy, so a deploy
 *    is at most one reload behind. Where the network took longer than SLOW_PAGE_MS for the last
 *    page, the kept copy is shown at once and the network's answer kept for next time: on a slow
 *    network that round trip was most of what a returning phone waited for, and a deploy is still
 *    at most one reload behind;
 *  - /assets/*: names carry a hash of the content, so a stored copy is never stale; cache first;
 *  - nothing else: the API, Socket.IO and Yjs go straight to the network and are never stored
 *    (their answers hold personal data and must be live).
 */

type ExtendableEvent = Event & { waitUntil(promise: Promise<unknown>): void };
type FetchEvent = ExtendableEvent & {
  request: Request;
  respondWith(response: Response | Promise<Response>): void;
};
type MessageEventLike = ExtendableEvent & { data: unknown };
type WorkerScope = {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (e: MessageEventLike) => void): void;
};
const worker = self as unknown as WorkerScope;

const SHELL_CACHE = 'roundtable-shell-1';
const ASSET_CACHE = 'roundtable-assets-1';
/** The one key the page is kept under: every path of the app is the same index.html. */
const SHELL_KEY = '/index.html';
/** Old builds' chunks pile up over deploys; the oldest go past this many. */
const MAX_ASSETS = 120;
/** How long a page waits for the network before the kept copy is shown instead. */
const NETWORK_WAIT_MS = 2500;
/**
 * A network that took longer than this to answer the last page is not waited for: well above
 * good Wi-Fi's answer (tens of ms) and Fast 3G's (about 150 to 200), below Slow 3G's (its 400 ms
 * of latency alone).
 */
const SLOW_PAGE_MS = 350;
/** Stored with the kept page: how long the network took to answer it, in ms. */
const TOOK_HEADER = 'x-roundtable-took-ms';

worker.addEventListener('install', (event) => {
  // Nothing is fetched here: the page the phone has open already put it on the network once.
  event.waitUntil(worker.skipWaiting());
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, ASSET_CACHE]);
      for (const name of await caches.keys()) if (!keep.has(name)) await caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request, event));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  }
  // Anything else (/api, /socket.io, /yjs, /healthz) is left to the browser: never stored.
});

/**
 * The page that registered this worker loaded before the worker could see it: it sends the
 * files it used, and they are stored now (from the browser's HTTP cache: no new download), with
 * the page itself, so the very next reload works with no signal.
 */
worker.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown; urls?: unknown } | null;
  if (data?.type !== 'keep' || !Array.isArray(data.urls)) return;
  const urls = data.urls
    .filter((u): u is string => typeof u === 'string')
    .map((u) => new URL(u, worker.location.origin))
    .filter((u) => u.origin === worker.location.origin && u.pathname.startsWith('/assets/'))
    .slice(0, MAX_ASSETS);
  event.waitUntil(
    (async () => {
      const shell = await caches.open(SHELL_CACHE);
      if (!(await shell.match(SHELL_KEY))) {
        const started = Date.now();
        await fetch(SHELL_KEY)
          .then((r) => (r.ok ? keepPage(r, Date.now() - started) : undefined))
          .catch(() => undefined);
      }
      const assets = await caches.open(ASSET_CACHE);
      for (const url of urls) {
        if (await assets.match(url.href)) continue;
        await fetch(url.href)
          .then((r) => (r.status === 200 ? keep(ASSET_CACHE, url.href, r) : undefined))
          .catch(() => undefined);
      }
    })(),
  );
});

async function page(request: Request, event: ExtendableEvent): Promise<Response> {
  const started = Date.now();
  const network = fetch(request).then(async (fresh) => {
    if (fresh.ok && (fresh.headers.get('content-type') ?? '').includes('text/html')) {
      await keepPage(fresh.clone(), Date.now() - started);
    }
    return fresh;
  });
  // However the page is answered, a late network answer still updates the kept copy.
  event.waitUntil(network.catch(() => undefined));
  const kept = caches.match(SHELL_KEY, { cacheName: SHELL_CACHE });
  // The network was slow last time: the kept page now, the network's answer for the next time.
  const last = await kept;
  if (last && Number(last.headers.get(TOOK_HEADER)) > SLOW_PAGE_MS) return last;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), NETWORK_WAIT_MS);
  });
  try {
    const first = await Promise.race([network, slow]);
    if (first !== 'slow') return first;
    // The network has not answered: the last page this phone loaded, which knows its own
    // (stored) assets, else keep waiting for the network.
    return (await kept) ?? (await network);
  } catch (err) {
    // No network: the kept page, if there is one.
    const copy = await kept;
    if (copy) return copy;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(ASSET_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const fresh = await fetch(request);
  if (fresh.status === 200) await keep(ASSET_CACHE, request, fresh.clone());
  return fresh;
}

/** The page as the network answered it, with how long that took. */
async function keepPage(fresh: Response, tookMs: number) {
  const headers = new Headers(fresh.headers);
  headers.set(TOOK_HEADER, String(tookMs));
  // The body below is the decoded one: the wire's encoding and length no longer describe it.
  headers.delete('content-encoding');
  headers.delete('content-length');
  const body = await fresh.arrayBuffer().catch(() => null);
  if (body === null) return;
  const copy = new Response(body, { status: fresh.status, statusText: fresh.statusText, headers });
  await keep(SHELL_CACHE, SHELL_KEY, copy);
}

/** Storing is a bonus: a full or refused cache must never fail the request itself. */
async function keep(cacheName: string, key: RequestInfo, response: Response) {
  try {
    const cache = await caches.open(cacheName);
    await cache.put(key, response);
    if (cacheName === ASSET_CACHE) await trim(cache);
  } catch {
    // The phone still has the response; only the offline copy is missing.
    return;
  }
}

async function trim(cache: Cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(key);
}
