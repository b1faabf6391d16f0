import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** The two optional steps after joining (contact, about you), skipped as most people would. */
async function skipOptionalSteps(page: Page, skip: string | RegExp = 'Skip this step', shots = '') {
  for (let step = 1; step <= 2; step++) {
    const button = page.getByRole('button', { name: skip }).first();
    await button.waitFor();
    if (shots) await shot(page, `${shots}-${step}.png`);
    await button.click();
  }
}

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
        {
          kind: 'dot_vote',
          title: 'Pick your priorities',
          prompt: 'Put your dots on what matters most to you.',
        },
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
  await skipOptionalSteps(phone, 'Skip this step', 'join-phone-optional');
  await phone.getByText('Waiting for the facilitator to start.').waitFor();

  // The projector before the first activity: how to join.
  const projector = await (
    await browser.newContext({ viewport: { width: 1280, height: 720 }, baseURL: base })
  ).newPage();
  await projector.goto(`/screen/${code}`);
  await projector.getByRole('img').first().waitFor();
  await shot(projector, 'projector.png');

  await fac.getByRole('button', { name: 'Next activity' }).click();
  await phone.getByTestId('current-activity').waitFor();
  await shot(phone, 'participant-phone.png');
  await fac.getByText('1 person has joined, 1 online now.').waitFor();
  await shot(fac, 'console.png');

  // The idea board: notes from three phones and one typed for someone who wrote on paper.
  const addNote = async (page: Page, text: string, label = 'Your note', button = 'Add note') => {
    await page.getByRole('textbox', { name: label }).fill(text);
    await page.getByRole('button', { name: button }).click();
    await page
      .getByTestId('own-notes')
      .getByRole('listitem')
      .filter({ hasText: text })
      .getByTestId('note-state')
      .filter({ hasText: /Saved|সংরক্ষিত/ })
      .waitFor();
  };
  await phone.getByLabel('Show my name with this note').check();
  await addNote(phone, 'A youth club open on Friday evenings');
  await phone.getByLabel('Show my name with this note').uncheck();
  await addNote(phone, 'Free football pitches in the park');
  await addNote(phone, 'Call me on 07700 900123 about the club');

  await bengali.getByRole('radio', { name: 'বাসিন্দা' }).check();
  await bengali.getByRole('button', { name: 'যোগ দিন' }).click();
  await skipOptionalSteps(bengali, 'এই ধাপটি বাদ দিন', 'join-phone-optional-bn');
  await addNote(bengali, 'মেয়েদের জন্য নিরাপদ খেলার জায়গা', 'আপনার নোট', 'নোট যোগ করুন');

  const officer = await (await browser.newContext(phoneOptions)).newPage();
  await officer.goto(`/j/${code}`);
  await officer.getByRole('radio', { name: 'Council officer' }).check();
  await officer.getByRole('button', { name: 'Join' }).click();
  await skipOptionalSteps(officer);
  await addNote(officer, 'Safer routes home after dark');
  await addNote(officer, 'Youth club open late on Fridays');

  const board = fac.getByRole('region', { name: /^Idea board:/ });
  await board
    .getByRole('textbox', { name: 'Their note' })
    .fill('Careers advice from local employers');
  await board.getByLabel('Their group').selectOption('partner');
  await board.getByRole('button', { name: 'Add note for someone' }).click();

  // Themes, and the notes sorted into them through each card's menu.
  for (const name of ['Places to go', 'Safety', 'Work and skills']) {
    await board.getByLabel('New theme name').fill(name);
    await board.getByRole('button', { name: 'Add theme' }).click();
    await board.getByRole('heading', { level: 4, name, exact: true }).waitFor();
  }
  const card = (text: string) =>
    fac
      .getByTestId('note-card')
      .filter({ has: fac.locator('.note-text').filter({ hasText: text }) });
  const moves: [string, string][] = [
    ['A youth club open', 'Places to go'],
    ['Free football', 'Places to go'],
    ['মেয়েদের জন্য', 'Places to go'],
    ['Safer routes', 'Safety'],
    ['Careers advice', 'Work and skills'],
  ];
  for (const [text, theme] of moves) {
    await card(text).getByRole('button', { name: 'Move to…' }).click();
    await card(text).getByRole('button', { name: theme, exact: true }).click();
    await fac
      .getByTestId('board-column')
      .filter({ has: fac.getByRole('heading', { level: 4, name: theme, exact: true }) })
      .locator('.note-text')
      .filter({ hasText: text })
      .waitFor();
  }
  // A near-duplicate merged into the first, and a note with a phone number hidden.
  const duplicate = card('Youth club open late');
  await duplicate.getByRole('button', { name: 'Move to…' }).click();
  await duplicate
    .getByLabel('Merge into…')
    .selectOption({ label: 'A youth club open on Friday evenings' });
  await duplicate.getByRole('button', { name: 'Merge' }).click();
  await card('A youth club open').getByText('+1 similar').waitFor();
  await card('Call me on').getByRole('button', { name: 'Hide' }).click();
  await fac.getByRole('dialog').getByLabel('Reason').fill('Personal details');
  await fac.getByRole('dialog').getByRole('button', { name: 'Hide note' }).click();
  await card('Call me on').getByText('Hidden: Personal details').waitFor();

  const scrollTo = (page: Page, name: string | RegExp) =>
    page
      .getByRole('heading', { name })
      .first()
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));

  await phone.getByText('Hidden by the facilitator: Personal details').waitFor();
  await phone.evaluate(() => window.scrollTo(0, 0));
  await shot(phone, 'board-phone.png');
  await scrollTo(phone, 'Your notes');
  await shot(phone, 'board-phone-notes.png');
  await scrollTo(phone, "Everyone's notes");
  await shot(phone, 'board-phone-everyone.png');
  // Bengali phones write the count in Bengali digits (LANG8).
  await bengali.getByText('+১টি একই রকম').waitFor();
  await scrollTo(bengali, 'সবার নোট');
  await shot(bengali, 'board-phone-bn.png');

  await scrollTo(fac, /^Idea board:/);
  await shot(fac, 'board-console.png');
  await scrollTo(fac, 'Themes and notes');
  await shot(fac, 'board-console-themes.png');
  const facPhone = await (
    await browser.newContext({ ...phoneOptions, storageState: await laptop.storageState() })
  ).newPage();
  await facPhone.goto(`/workshops/${workshop.id}`);
  await facPhone.getByTestId('note-card').first().waitFor();
  await scrollTo(facPhone, 'Themes and notes');
  await shot(facPhone, 'board-console-phone.png');

  await projector.getByTestId('screen-column').first().waitFor();
  await projector.getByText('+1 similar').filter({ visible: true }).waitFor();
  await shot(projector, 'board-projector.png');
  await projector.setViewportSize({ width: 1920, height: 1080 });
  await shot(projector, 'board-projector-1080.png');

  // A full board: the projector keeps to the screen and says how many more notes there are.
  await projector.setViewportSize({ width: 1280, height: 720 });
  const ideas = [
    'Late opening at the library',
    'A skate park',
    'Music studio for young people',
    'Cheaper bus fares for under 21s',
    'More youth workers on the estates',
    'Mental health drop-in without a waiting list',
    'Paid work experience in the council',
    'Coding clubs after school',
    'Somewhere warm to do homework',
    'Free swimming in the holidays',
    'A say in how the youth budget is spent',
    'Better lighting in the parks',
    'Girls-only sports sessions',
    'Art walls for graffiti',
    'Apprenticeships with local businesses',
    'A youth council that meets the mayor',
  ];
  for (const idea of ideas) {
    await board.getByRole('textbox', { name: 'Their note' }).fill(idea);
    await board.getByRole('button', { name: 'Add note for someone' }).click();
    await card(idea).waitFor();
  }
  await projector.getByTestId('screen-more').first().waitFor();
  await shot(projector, 'board-projector-full.png');

  // The dot vote: options from the board's themes plus a few typed, three phones, a paper sheet.
  await projector.setViewportSize({ width: 1280, height: 720 });
  await fac.getByRole('button', { name: 'Next activity' }).click();
  const voting = fac.getByTestId('voting-panel');
  await voting.getByRole('button', { name: 'Take options' }).click();
  await voting.getByText('3 options taken from the board.', { exact: false }).waitFor();
  for (const extra of [
    'Cheaper bus fares',
    'Somewhere warm to do homework',
    'Paid work experience',
  ]) {
    await voting.getByRole('button', { name: 'Add an option' }).click();
    await fac.keyboard.type(extra);
  }
  await voting.getByRole('button', { name: 'Save options' }).click();
  await voting.getByText('Options saved.').waitFor();
  await scrollTo(fac, 'Voting');
  await shot(fac, 'vote-console-options.png');
  await voting.getByRole('button', { name: 'Open voting' }).click();

  const dot = (page: Page, label: string) =>
    page.getByRole('button', { name: `Add a dot: ${label}` }).click();
  const counted = (page: Page, text: string) => page.getByText(text).waitFor();
  await dot(phone, 'Places to go');
  await counted(phone, 'Your dot is counted');
  await dot(phone, 'Somewhere warm to do homework');
  await counted(phone, 'Your 2 dots are counted');
  await phone.evaluate(() => window.scrollTo(0, 0));
  await scrollTo(phone, 'Pick your priorities');
  // Buttons fade between enabled and not; show them as they settle.
  await phone.waitForTimeout(300);
  await shot(phone, 'vote-phone.png');
  await bengali.getByRole('button', { name: 'একটি ডট দিন: Safety' }).click();
  await bengali.getByText('আপনার ডটটি গোনা হয়েছে').waitFor();
  await scrollTo(bengali, 'Pick your priorities');
  await shot(bengali, 'vote-phone-bn.png');
  await dot(officer, 'Places to go');
  await counted(officer, 'Your dot is counted');
  await dot(officer, 'Safety');
  await counted(officer, 'Your 2 dots are counted');
  await dot(officer, 'Paid work experience');
  await counted(officer, 'Your 3 dots are counted');
  await projector.getByText('Vote on your phone', { exact: false }).waitFor();
  await shot(projector, 'vote-projector-open.png');

  const ballot = await laptop.newPage();
  await ballot.goto(`/print/vote/${workshop.id}/${workshop.agenda[1]!.id}`);
  await ballot.getByRole('button', { name: 'Print' }).waitFor();
  await shot(ballot, 'vote-paper-ballot.png');
  await ballot.emulateMedia({ media: 'print' });
  await shot(ballot, 'vote-paper-ballot-print.png');
  await ballot.close();

  await voting.getByText('Paper votes').click();
  await voting
    .getByRole('spinbutton', { name: 'Paper count: Cheaper bus fares, Resident' })
    .fill('2');
  await voting.getByRole('button', { name: 'Save paper counts' }).click();
  await voting.getByText('Paper counts saved.').waitFor();
  await voting.getByRole('button', { name: 'Close voting' }).click();
  await voting.getByRole('button', { name: 'Reveal results' }).click();
  await scrollTo(fac, 'Voting');
  await shot(fac, 'vote-console.png');
  await projector.getByTestId('screen-result-row').first().waitFor();
  await shot(projector, 'vote-projector.png');
  await phone.getByTestId('result-row').first().waitFor();
  await scrollTo(phone, 'Results');
  await shot(phone, 'vote-phone-results.png');
  await phone.getByTestId('results-by-group').scrollIntoViewIfNeeded();
  await shot(phone, 'vote-phone-groups.png');

  // The congress ranking: three phones rank, the result by Borda count, a commitment.
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await voting.getByRole('button', { name: 'Open voting' }).click();
  const ctas = [
    'A fair, inclusive and anti-racist borough.',
    'Everyone can enjoy good mental health and wellbeing.',
    'Everyone feels safe and lives in good-quality homes and healthy, inviting neighbourhoods.',
    'Everyone has access to good work and skills and an income that meets their needs.',
  ];
  const rank = async (page: Page, order: number[], send = true) => {
    for (const i of order) {
      await page.getByRole('button', { name: `${ctas[i]} Add to my ranking` }).click();
    }
    if (!send) return;
    await page.getByRole('button', { name: 'Send my vote' }).click();
    await page.getByText('Your vote is counted.', { exact: false }).waitFor();
  };
  await rank(phone, [1, 3], false);
  await scrollTo(phone, 'My ranking');
  await shot(phone, 'congress-phone.png');
  await rank(phone, [0]);
  await rank(officer, [3, 1, 2]);
  await voting.getByRole('button', { name: 'Close voting' }).click();
  await voting.getByRole('button', { name: 'Reveal results' }).click();
  await officer.getByLabel('For which option').selectOption({ label: ctas[3]! });
  await officer.getByLabel('We will…').fill('Offer ten paid placements for young residents');
  await officer.getByLabel('Who (your organisation or your name)').fill('Council HR team');
  await officer.getByLabel('By when (optional)').fill('September 2027');
  await officer.getByRole('button', { name: 'Add commitment' }).click();
  await officer.getByText('Your commitment is saved.').waitFor();
  await projector.getByText('Offer ten paid placements', { exact: false }).waitFor();
  await shot(projector, 'congress-projector.png');

  // The World Café: two tables, six phones (one in Bengali), two volunteers made hosts.
  const cafeCreated = await fac.request.post('/api/workshops', {
    data: {
      title: 'Our high street',
      purpose: 'What should change on the high street, and who will do it.',
      agenda: [
        {
          kind: 'world_cafe',
          title: 'High street café',
          prompt: 'Talk, listen, write it down.',
          settings: {
            tables: 2,
            rounds: 2,
            roundMinutes: 20,
            changeoverMinutes: 2,
            questions: ['What works well on our high street?', 'What would make you stay longer?'],
          },
        },
      ],
    },
  });
  const cafeWorkshop = (await cafeCreated.json()) as { id: string };
  await fac.goto(`/workshops/${cafeWorkshop.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const cafeCode = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');
  const cafePhone = async (name: string) => {
    const page = await (await browser.newContext(phoneOptions)).newPage();
    await page.goto(`/j/${cafeCode}`);
    await page.getByLabel('Display name (optional)').fill(name);
    await page.getByRole('radio', { name: 'Resident' }).check();
    await page.getByRole('button', { name: 'Join' }).click();
    await skipOptionalSteps(page);
    await page.getByText('You joined as').waitFor();
    return page;
  };
  const cafePhones = [];
  for (const name of ['Ana', 'Bilal', 'Chen', 'Dana', 'Eli'])
    cafePhones.push(await cafePhone(name));
  const cafeBengali = await (await browser.newContext(phoneOptions)).newPage();
  await cafeBengali.goto(`/j/${cafeCode}`);
  await cafeBengali.getByRole('combobox', { name: 'Language' }).first().selectOption('bn');
  await cafeBengali.getByRole('radio', { name: 'বাসিন্দা' }).check();
  await cafeBengali.getByRole('button', { name: 'যোগ দিন' }).click();
  await skipOptionalSteps(cafeBengali, 'এই ধাপটি বাদ দিন');
  const cafeProjector = await (
    await browser.newContext({ viewport: { width: 1280, height: 720 }, baseURL: base })
  ).newPage();
  await cafeProjector.goto(`/screen/${cafeCode}`);

  await fac.getByRole('button', { name: 'Next activity' }).click();
  for (const page of cafePhones.slice(0, 2)) {
    await page.getByRole('switch', { name: /I'd like to host a table/ }).check();
  }
  await shot(cafePhones[0]!, 'cafe-phone-setup.png');
  for (const name of ['Ana', 'Bilal']) {
    await fac
      .locator('p', { hasText: 'Offered to host:' })
      .getByText(name, { exact: false })
      .waitFor();
  }
  await fac.getByRole('button', { name: 'Make the volunteers hosts' }).click();
  await fac.getByText('Volunteers who are here now host the tables that had no host.').waitFor();
  await scrollTo(fac, 'Tables');
  await shot(fac, 'cafe-console-setup.png');

  await fac.getByRole('button', { name: 'Start the café' }).click();
  const traveller = cafePhones[2]!;
  await traveller.getByTestId('cafe-where').waitFor();
  await shot(traveller, 'cafe-phone-where.png');
  await cafeBengali.getByTestId('cafe-where').waitFor();
  await shot(cafeBengali, 'cafe-phone-where-bn.png');
  await cafeProjector.getByTestId('screen-cafe-time').waitFor();
  await shot(cafeProjector, 'cafe-projector-moving.png');

  await fac.getByRole('button', { name: 'Start talking now' }).click();
  const notes = (page: Page) => page.getByRole('textbox', { name: "Your table's notes" });
  await notes(traveller).and(traveller.locator('[data-editable="true"]')).waitFor();
  await notes(traveller).click();
  await notes(traveller).pressSequentially(
    'Market stalls on Saturdays bring people in.\nThe library is the only free place to sit.',
  );
  await cafeBengali.locator('[data-editable="true"]').waitFor();
  await shot(traveller, 'cafe-phone-tablecloth.png');
  await shot(cafeBengali, 'cafe-phone-tablecloth-bn.png');
  await shot(cafeProjector, 'cafe-projector-talking.png');
  await scrollTo(fac, 'All tables');
  // How full each table's notes are comes with the café's few-second tick.
  await fac.getByText(/Notes: [1-9]\d* characters/).waitFor();
  await shot(fac, 'cafe-console-live.png');

  // Round 2: the host briefs newcomers from what round 1 wrote.
  await fac.getByRole('button', { name: 'End round now' }).click();
  await fac.getByText('Round 2 of 2').first().waitFor();
  await fac.getByRole('button', { name: 'Start talking now' }).click();
  const host = cafePhones[0]!;
  await host.getByTestId('earlier-rounds').waitFor();
  await host.getByTestId('earlier-rounds').evaluate((el) => el.scrollIntoView());
  await shot(host, 'cafe-phone-host.png');

  await fac.getByRole('button', { name: 'End round now' }).click();
  await fac
    .getByRole('textbox', { name: 'New insight' })
    .fill('People want free places to sit, and the market brings them in');
  await fac.getByRole('button', { name: 'Add insight' }).click();
  await cafeProjector.getByTestId('screen-harvest').waitFor();
  await cafeProjector.getByText('People want free places to sit', { exact: false }).waitFor();
  await shot(cafeProjector, 'cafe-projector-harvest.png');
  await scrollTo(fac, 'Key insights');
  await shot(fac, 'cafe-console-harvest.png');
  await traveller.getByTestId('harvest').waitFor();
  await shot(traveller, 'cafe-phone-harvest.png');

  // Closed: the outcome is in its engagement record, and the record page shows it.
  await fac.getByRole('button', { name: 'Close workshop' }).click();
  await fac.getByRole('button', { name: 'Yes, close workshop' }).click();
  await fac.getByRole('link', { name: 'Open its engagement record' }).click();
  await fac.getByTestId('record-page').waitFor();
  await shot(fac, 'record-page.png');
  await fac.goto('/records');
  await fac.getByTestId('record-card').first().waitFor();
  await shot(fac, 'records-list.png');

  // Every other language's join and dot-vote screens (Bengali's are above), each phone set to
  // its language as a resident's would be; Urdu and Arabic right to left.
  type Tree = { [key: string]: string | Tree };
  const say = (file: string, key: string): string => {
    const tree = JSON.parse(readFileSync(path.resolve('client/i18n', file), 'utf8')) as Tree;
    const found = key
      .split('.')
      .reduce<string | Tree | undefined>(
        (n, k) => (typeof n === 'object' ? n[k] : undefined),
        tree,
      );
    if (typeof found !== 'string') throw new Error(`no ${key} in ${file}`);
    return found;
  };
  const tourCreated = await fac.request.post('/api/workshops', {
    data: {
      title: 'Our park',
      agenda: [
        {
          kind: 'dot_vote',
          title: 'What should the park have?',
          settings: { options: ['Swings', 'Benches', 'A water fountain'] },
        },
      ],
    },
  });
  const tour = (await tourCreated.json()) as { id: string };
  await fac.goto(`/workshops/${tour.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const tourCode = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await fac.getByRole('button', { name: 'Open voting' }).click();
  for (const [lang, locale] of [
    ['so', 'so-SO'],
    ['ur', 'ur-PK'],
    ['ar', 'ar'],
    ['pl', 'pl-PL'],
  ] as const) {
    const page = await (await browser.newContext({ ...phoneOptions, locale })).newPage();
    await page.goto(`/j/${tourCode}`);
    const join = page.getByRole('button', { name: say(`${lang}.json`, 'join.submit') }).last();
    await join.waitFor();
    await shot(page, `join-phone-${lang}.png`);
    await page.getByRole('radio', { name: say(`${lang}.json`, 'groups.resident') }).check();
    await join.click();
    await skipOptionalSteps(page, say(`aboutYou.${lang}.json`, 'steps.skip'));
    await page
      .getByRole('button', { name: `${say(`voting.${lang}.json`, 'dots.add')}: Swings` })
      .click();
    // The receipt writes its count in the phone's own digits (LANG8).
    const one = await page.evaluate((l) => new Intl.NumberFormat(l).format(1), locale);
    await page
      .getByText(say(`voting.${lang}.json`, 'receipt.dots_one').replace('{{count}}', one))
      .first()
      .waitFor();
    await page.waitForTimeout(300);
    await shot(page, `vote-phone-${lang}.png`);
  }
} finally {
  await browser.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
