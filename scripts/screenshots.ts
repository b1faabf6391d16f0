import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createRoundtable } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';

// Redraws docs/screenshots/ from the real app: `npm run screenshots` (it builds the client
// first). A fresh embedded database in a temp folder, a facilitator set up through the UI's own
// API, one workshop opened, then Chromium at phone, laptop and projector sizes.

const out = path.resolve('docs/screenshots');
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-shots-'));
const app = await createRoundtable(
  loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
);
const base = await app.listen();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

async function shot(page: Page, name: string) {
  // Let fonts and the QR image settle so the picture shows what a person sees.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(out, name), fullPage: false });
  console.log(`  docs/screenshots/${name}`);
}

try {
  const laptop = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    baseURL: base,
  });
  const fac = await laptop.newPage();
  await fac.goto('/setup');
  await fac.getByLabel('Your name').fill('Amina Begum');
  await fac.getByLabel('Email').fill('amina@example.org');
  await fac.getByLabel('Password').fill('a long enough password');
  await fac.getByRole('button', { name: 'Create account' }).click();
  await fac.getByRole('heading', { level: 1, name: 'Workshops' }).waitFor();

  const created = await fac.request.post('/api/workshops', {
    data: {
      title: 'Shaping the Youth Strategy',
      purpose:
        'Decide the three priorities for the youth strategy 2027-2030. The budget is fixed; how it is spent is open.',
      startsAt: '2026-12-01T18:30',
      agenda: [
        {
          kind: 'idea_board',
          title: 'What should young people in the borough have?',
          prompt: 'One idea per note. Anything goes.',
        },
        { kind: 'dot_vote', title: 'Pick your priorities', prompt: 'You have 5 dots.' },
        { kind: 'congress_vote', title: 'Rank the calls to action' },
      ],
    },
  });
  const workshop = (await created.json()) as { id: string; agenda: { id: string }[] };
  await fac.goto(`/workshops/${workshop.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const code = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');

  const phoneOptions = {
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    baseURL: base,
  };
  const phone = await (await browser.newContext(phoneOptions)).newPage();
  await phone.goto(`/j/${code}`);
  await phone.getByRole('button', { name: 'Join' }).waitFor();
  await shot(phone, 'join-phone.png');

  const bengali = await (await browser.newContext(phoneOptions)).newPage();
  await bengali.goto(`/j/${code}`);
  await bengali.getByRole('combobox', { name: 'Language' }).first().selectOption('bn');
  await bengali.getByRole('button', { name: 'যোগ দিন' }).waitFor();
  await shot(bengali, 'join-phone-bn.png');

  await phone.getByLabel('Display name (optional)').fill('Rahim');
  await phone.getByRole('radio', { name: 'Resident' }).check();
  await phone.getByRole('button', { name: 'Join' }).click();
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await phone.getByTestId('current-activity').waitFor();
  await shot(phone, 'participant-phone.png');

  const projector = await (
    await browser.newContext({ viewport: { width: 1280, height: 720 }, baseURL: base })
  ).newPage();
  await projector.goto(`/screen/${code}`);
  await projector.getByTestId('current-activity').waitFor();
  await projector.getByRole('img').first().waitFor();
  await shot(projector, 'projector.png');

  await fac.getByText('1 person has joined, 1 online now.').waitFor();
  await shot(fac, 'console.png');
} finally {
  await browser.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
