import { chromium } from 'playwright-core';
import { createRoundtable } from './server/app.ts';
import { loadConfig } from './server/config.ts';
import { HttpClient, createOpenWorkshop, setUpFacilitator } from './test/helpers/clients.ts';

const config = loadConfig({ PORT: '4412', HOST: '127.0.0.1', DATA_DIR: 'memory://', LOG_LEVEL: 'silent', STATIC_DIR: './dist/client' });
const app = await createRoundtable(config);
const url = await app.listen();
const http: HttpClient = await setUpFacilitator(url);
const { workshop, fac } = await createOpenWorkshop(http, { title: 'Closing night', agenda: [{ kind: 'idea_board', title: 'Ideas' }] });
fac.close();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 360, height: 640 } });
const [name, value] = http.cookie.split('=');
await ctx.addCookies([{ name: name!, value: value!, url }]);
const page = await ctx.newPage();
await page.goto(`${url}/workshops/${workshop.id}`);
await page.getByRole('button', { name: 'Close workshop' }).click();
await app.db.query('ALTER TABLE record_snapshots RENAME TO record_snapshots_away');
await page.getByRole('button', { name: 'Yes, close workshop' }).click();
await page.getByText('its outcome could not be saved').waitFor({ timeout: 15000 });
await page.screenshot({ path: '/tmp/sd-console-close.png', fullPage: false });
await app.db.query('ALTER TABLE record_snapshots_away RENAME TO record_snapshots');
// The record page offers to save it by hand.
const rec = (await http.get<{ records: { id: string; workshops: { id: string }[] }[] }>('/api/records')).body.records;
console.log('records', rec.length);
await browser.close();
await app.close();
