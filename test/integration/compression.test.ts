import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../scripts/precompress.ts';
import { preferredEncodings } from '../../server/transport/http/staticFiles.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { setUpFacilitator, sampleWorkshop } from '../helpers/clients.ts';

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** A GET that keeps the body as sent (Node's fetch would decompress it behind our back). */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// Text a compressor shrinks well, as a real bundle does.
const script = `export const words = ${JSON.stringify(Array.from({ length: 800 }, (_, i) => `word${i % 50}`))};\n`;
const html = `<!doctype html><html><head><title>Roundtable</title><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div>${'<!-- filler -->'.repeat(100)}</body></html>`;

describe('compressed and cached responses', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rt-static-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), html);
    writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), script);
    writeFileSync(path.join(dir, 'assets', 'tiny-abc123.js'), 'export {};\n');
    precompress(dir);
    t = await startApp('pglite', { STATIC_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('[LIGHT1] a hashed script comes as brotli, else gzip, else plain, by Accept-Encoding', async () => {
    const url = `${t.url}/assets/app-abc123.js`;
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.body.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);

    const gz = await get(url, { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);

    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('[LIGHT2] hashed assets are immutable for a year; a missing one is a 404, not the page', async () => {
    const hit = await get(`${t.url}/assets/app-abc123.js`, { 'accept-encoding': 'br' });
    expect(hit.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const tiny = await get(`${t.url}/assets/tiny-abc123.js`, { 'accept-encoding': 'br' });
    expect(tiny.status).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    const gone = await get(`${t.url}/assets/app-old999.js`, { 'accept-encoding': 'br' });
    expect(gone.status).toBe(404);
    expect(gone.body.toString()).not.toContain('<html');
  });

  it('[LIGHT2] every page is index.html, compressed and never cached without asking', async () => {
    for (const at of ['/', '/j/ACE479', '/workshops/abc']) {
      const page = await get(`${t.url}${at}`, { 'accept-encoding': 'gzip, br' });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      // Built for each request (LIGHT8, test/integration/pageHints.test.ts): compressed on the fly.
      expect(page.headers['content-encoding']).toBe('br');
      expect(page.headers['cache-control']).toBe('no-cache');
      const text = brotliDecompressSync(page.body).toString();
      expect(text.startsWith(html.slice(0, html.indexOf('</head>')))).toBe(true);
      expect(text).toContain('<div id="root"></div>');
    }
  });

  it('[LIGHT1] API answers above 1 KB are compressed on the fly; small ones are not', async () => {
    const http = await setUpFacilitator(t.url);
    for (let i = 0; i < 6; i++) {
      const res = await http.post('/api/workshops', { ...sampleWorkshop, title: `Workshop ${i}` });
      expect(res.status).toBe(201);
    }
    const cookie = { cookie: http.cookie, 'accept-encoding': 'gzip, br' };
    const list = await get(`${t.url}/api/workshops`, cookie);
    expect(list.status).toBe(200);
    expect(['br', 'gzip']).toContain(list.headers['content-encoding']);
    const health = await get(`${t.url}/healthz`, { 'accept-encoding': 'gzip, br' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString())).toEqual({ ok: true });
  });

  it('[LIGHT1] Accept-Encoding is read as HTTP says: q=0 refuses, * stands for the rest', () => {
    expect(preferredEncodings(undefined)).toEqual([]);
    expect(preferredEncodings('gzip, deflate, br')).toEqual(['br', 'gzip']);
    expect(preferredEncodings('br;q=0, gzip;q=0.5')).toEqual(['gzip']);
    expect(preferredEncodings('*')).toEqual(['br', 'gzip']);
    expect(preferredEncodings('identity')).toEqual([]);
    expect(preferredEncodings('GZIP;Q=1')).toEqual(['gzip']);
  });
});
