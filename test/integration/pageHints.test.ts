import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InlinedJoinInfoSchema, JoinLookupSchema } from '../../shared/protocol/rest.ts';
import { acceptedLanguages } from '../../server/transport/http/shell.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import {
  createOpenWorkshop,
  sampleWorkshop,
  setUpFacilitator,
  type HttpClient,
} from '../helpers/clients.ts';

// A build as Vite writes it: index.html naming the entry, and the manifest the server reads to
// find the hashed catalogue chunks of each language.
const indexHtml = `<!doctype html>
<html lang="en" dir="ltr">
  <head>
    <meta charset="UTF-8" />
    <title>Roundtable</title>
    <script type="module" crossorigin src="/assets/index-AAAA1111.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/errors-BBBB2222.js">
    <link rel="stylesheet" crossorigin href="/assets/index-CCCC3333.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;
const manifest = {
  'index.html': {
    file: 'assets/index-AAAA1111.js',
    src: 'index.html',
    isEntry: true,
    imports: ['_errors-BBBB2222.js'],
    css: ['assets/index-CCCC3333.css'],
  },
  '_errors-BBBB2222.js': { file: 'assets/errors-BBBB2222.js' },
  'i18n/en.json': { file: 'assets/en-EN000001.js', isDynamicEntry: true },
  'i18n/feedback.en.json': { file: 'assets/feedback.en-EN000002.js', isDynamicEntry: true },
  'i18n/staff.en.json': { file: 'assets/staff.en-EN000003.js', isDynamicEntry: true },
  'i18n/bn.json': { file: 'assets/bn-BN000001.js', isDynamicEntry: true },
  'i18n/feedback.bn.json': { file: 'assets/feedback.bn-BN000002.js', isDynamicEntry: true },
};

type Page = { status: number; html: string; link: string; csp: string; vary: string };

async function page(t: TestApp, at: string, headers: Record<string, string> = {}): Promise<Page> {
  const res = await fetch(`${t.url}${at}`, { headers });
  return {
    status: res.status,
    html: await res.text(),
    link: res.headers.get('link') ?? '',
    csp: res.headers.get('content-security-policy') ?? '',
    vary: res.headers.get('vary') ?? '',
  };
}

/** The catalogue chunks a page names, whichever language. */
function catalogues(html: string): string[] {
  return [...html.matchAll(/<link rel="modulepreload" crossorigin href="\/assets\/([^"]+)">/g)]
    .map((m) => m[1]!)
    .filter((f) => /^(feedback\.)?(en|bn)-/.test(f));
}

/** The join details in a page, read as the client reads them: the element's text, as JSON. */
function joinInfo(html: string): unknown {
  const blocks = [
    ...html.matchAll(/<script type="application\/json" id="join-info">([^<]*)<\/script>/g),
  ];
  if (blocks.length === 0) return undefined;
  expect(blocks).toHaveLength(1);
  return InlinedJoinInfoSchema.parse(JSON.parse(blocks[0]![1]!));
}

describe('a page names what it will need (LIGHT8)', () => {
  let t: TestApp;
  let dir: string;
  let http: HttpClient;
  let code: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rt-shell-'));
    mkdirSync(path.join(dir, 'assets'));
    mkdirSync(path.join(dir, '.vite'));
    writeFileSync(path.join(dir, 'index.html'), indexHtml);
    writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
    // Eight wrong codes from one address: five free, the rest slowed, then refused.
    t = await startApp('pglite', { STATIC_DIR: dir, JOIN_GUESS_LIMIT: '8' });
    http = await setUpFacilitator(t.url);
    const opened = await createOpenWorkshop(http);
    opened.fac.close();
    code = opened.code;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("[LIGHT8] a join link's page names its language's catalogues and carries the workshop's join details", async () => {
    const p = await page(t, `/j/${code}`, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(p.status).toBe(200);
    expect(p.html).toContain('<html lang="en" dir="ltr">');
    expect(catalogues(p.html)).toEqual(['en-EN000001.js', 'feedback.en-EN000002.js']);
    // What the phone would have asked the API, word for word.
    const api = await http.get(`/api/join/${code}`);
    expect(joinInfo(p.html)).toEqual({ code, lookup: JoinLookupSchema.parse(api.body) });
    // Named again in a Link header, entry first, so the browser starts before parsing the page.
    expect(p.link.split(', ')).toEqual([
      '</assets/index-CCCC3333.css>; rel=preload; as=style; crossorigin',
      '</assets/index-AAAA1111.js>; rel=modulepreload; crossorigin',
      '</assets/errors-BBBB2222.js>; rel=modulepreload; crossorigin',
      '</assets/en-EN000001.js>; rel=modulepreload; crossorigin',
      '</assets/feedback.en-EN000002.js>; rel=modulepreload; crossorigin',
    ]);
    expect(p.vary).toMatch(/Accept-Language/);
    expect(p.vary).toMatch(/Cookie/);
    // No inline script may run: the data block is not script, and the policy stays as it was.
    expect(p.csp).toMatch(/script-src 'self'(;|$)/);
    expect(p.csp).toContain("script-src-attr 'none'");
  });

  it('[LIGHT8] the language is picked as the phone picks it: ?lang=, the remembered choice, Accept-Language, English', async () => {
    const bengali = await page(t, `/j/${code}`, { 'accept-language': 'bn-BD, en;q=0.5' });
    expect(bengali.html).toContain('<html lang="bn" dir="ltr">');
    expect(catalogues(bengali.html)).toEqual(['bn-BN000001.js', 'feedback.bn-BN000002.js']);
    expect(bengali.link).toContain('</assets/bn-BN000001.js>; rel=modulepreload');
    expect(bengali.link).not.toContain('en-EN000001');

    const rated = await page(t, '/', { 'accept-language': 'fr;q=1, en;q=0.3, bn;q=0.8' });
    expect(catalogues(rated.html)).toEqual(['bn-BN000001.js', 'feedback.bn-BN000002.js']);
    const chosen = await page(t, '/', { 'accept-language': 'bn-BD', cookie: 'rt_lang=en' });
    expect(catalogues(chosen.html)).toEqual(['en-EN000001.js', 'feedback.en-EN000002.js']);
    const asked = await page(t, '/screen/ABC?lang=bn', { cookie: 'a=1; rt_lang=en' });
    expect(catalogues(asked.html)).toEqual(['bn-BN000001.js', 'feedback.bn-BN000002.js']);
    const nothing = await page(t, '/join', { 'accept-language': 'fr-FR, de;q=0.8' });
    expect(nothing.html).toContain('<html lang="en" dir="ltr">');
    expect(catalogues(nothing.html)).toEqual(['en-EN000001.js', 'feedback.en-EN000002.js']);
    // Only a join link's page carries join details.
    for (const p of [rated, chosen, asked, nothing]) expect(joinInfo(p.html)).toBeUndefined();

    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(acceptedLanguages('bn;q=0, en-GB;q=0.4, fr, *;q=0.1')).toEqual(['fr', 'en-GB']);
  });

  it('[LIGHT8] no workshop title can end the data block or run as script', async () => {
    const title = `</script><script>alert(1)</script><!-- $' $& </SCRIPT > & "quoted"`;
    const hostile = await createOpenWorkshop(http, { ...sampleWorkshop, title });
    hostile.fac.close();
    const p = await page(t, `/j/${hostile.code}`);
    expect(p.status).toBe(200);
    // The only script elements are the build's own and the data block; the page ends whole.
    expect(p.html.match(/<script/gi)).toHaveLength(2);
    expect(p.html.match(/<\/script/gi)).toHaveLength(2);
    expect(p.html).not.toContain('<!--');
    expect(p.html.trimEnd().endsWith('</html>')).toBe(true);
    const info = InlinedJoinInfoSchema.parse(joinInfo(p.html));
    expect(info.lookup?.title).toBe(title);
  });

  it('[LIGHT8][SEC2] an unknown code gets no workshop and no error, and counts as a wrong guess', async () => {
    const unknown = await page(t, '/j/XXXXXX');
    expect(unknown.status).toBe(200);
    expect(joinInfo(unknown.html)).toEqual({ code: 'XXXXXX', lookup: null });
    // Not a code at all: nothing looked up, nothing counted.
    const junk = await page(t, '/j/not%20a%20code');
    expect(junk.status).toBe(200);
    expect(joinInfo(junk.html)).toBeUndefined();

    // Pages guess like the API: past the limit, the address gets pages without join details
    // (even for a real code), and the API says it is refused.
    for (let i = 0; i < 7; i++) await page(t, `/j/XXXXX${'ACEFGHJ'[i]}`);
    const limited = await page(t, `/j/${code}`);
    expect(limited.status).toBe(200);
    expect(joinInfo(limited.html)).toBeUndefined();
    expect((await http.get(`/api/join/${code}`)).status).toBe(429);
  }, 30_000);
});
