import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  newPhone,
  signIn,
  skipOptionalSteps,
} from './helpers.ts';

// Right to left. An Arabic note on an English phone reads right to left inside its own card while
// the phone around it stays left to right; an English note stays left to right. Then a phone
// whose page is right to left (as Arabic and Urdu set it) is mirrored: the header's brand and
// language picker swap sides, the note's card edge moves to the right, and the join code still
// reads left to right. Axe runs on the mirrored screens, and screenshots are kept to look at.

const question = 'What would make the library better?';
// Ends in Arabic punctuation: on an English phone without isolation it showed on the left.
const arabicNote = 'مزيد من الكراسي قرب النوافذ، من فضلكم!';
const englishNote = 'Longer opening hours at weekends';

async function joinPhone(browser: Browser, code: string, name: string): Promise<Page> {
  const page = await (await newPhone(browser)).newPage();
  await page.goto(`/j/${code}`);
  await page.getByLabel('Display name (optional)').fill(name);
  await page.getByRole('radio', { name: 'Resident' }).check();
  await page.getByRole('button', { name: 'Join' }).last().click();
  await skipOptionalSteps(page);
  await expect(page.getByTestId('current-activity')).toHaveText(question);
  return page;
}

async function addNote(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Your note' }).fill(text);
  await page.getByLabel('Show my name with this note').check();
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('textbox', { name: 'Your note' })).toHaveValue('');
}

const isRtl = (l: Locator) => l.evaluate((el) => el.matches(':dir(rtl)'));
const isLtr = (l: Locator) => l.evaluate((el) => el.matches(':dir(ltr)'));

/** Where a text's glyphs end up inside its box: which edge they hug. */
async function textHugs(l: Locator): Promise<'left' | 'right'> {
  return l.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return text.left - box.left > box.right - text.right ? 'right' : 'left';
  });
}

test('[LANG6][LANG5] an Arabic note reads right to left on an English phone; a right-to-left phone is mirrored and its join code still reads left to right', async ({
  browser,
}) => {
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fac = await laptop.newPage();
  await signIn(fac);
  const created = await fac.request.post('/api/workshops', {
    data: {
      title: 'Library future',
      purpose: 'Ideas for the library.',
      agenda: [
        {
          kind: 'idea_board',
          title: question,
          prompt: 'One idea per note.',
          settings: { mode: 'open', maxNotesPerPerson: 5 },
        },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const workshop = (await created.json()) as { id: string };
  await fac.goto(`/workshops/${workshop.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const code = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await expect(fac.getByRole('region', { name: /^Idea board/ })).toBeVisible();

  // (a) Two residents on English phones: one writes in Arabic, one in English.
  const layla = await joinPhone(browser, code, 'ليلى');
  const tom = await joinPhone(browser, code, 'Tom');
  await addNote(layla, arabicNote);
  await addNote(tom, englishNote);

  const everyone = tom.getByTestId('everyone-notes');
  const arabic = everyone.getByTestId('public-note').filter({ hasText: arabicNote });
  const english = everyone.getByTestId('public-note').filter({ hasText: englishNote });
  await expect(arabic).toBeVisible();
  await expect(english).toBeVisible();
  const arabicText = arabic.locator('.note-text');
  expect(await isRtl(arabicText)).toBe(true);
  // Its language is marked too (LANG10), so a screen reader reads it with an Arabic voice.
  await expect(arabicText).toHaveAttribute('lang', 'ar');
  await expect(english.locator('.note-text')).not.toHaveAttribute('lang', /./);
  // Right to left inside its card, so it starts at the right and its "!" ends on the left.
  expect(await textHugs(arabicText)).toBe('right');
  // The card around it, the meta line with the Arabic name, and the page stay left to right.
  expect(await isLtr(arabic)).toBe(true);
  expect(await isLtr(arabic.locator('.note-meta'))).toBe(true);
  expect(await isLtr(tom.getByTestId('current-activity'))).toBe(true);
  expect(await isLtr(english.locator('.note-text'))).toBe(true);
  expect(await textHugs(english.locator('.note-text'))).toBe('left');
  // The Arabic name is isolated in the meta line: the group stays before it.
  await expect(arabic.locator('.note-meta')).toContainText('ليلى');
  expect(await isRtl(arabic.locator('.note-meta bdi').filter({ hasText: 'ليلى' }))).toBe(true);

  // The console and the projector isolate the same note.
  const consoleCard = fac
    .getByTestId('note-card')
    .filter({ has: fac.locator('.note-text').filter({ hasText: arabicNote }) });
  expect(await isRtl(consoleCard.locator('.note-text'))).toBe(true);
  const screen = await (
    await browser.newContext({ viewport: { width: 1280, height: 720 } })
  ).newPage();
  await screen.goto(`/screen/${code}`);
  // The first: a hidden copy measures how many notes fit.
  const screenNote = screen.locator('.screen-note-text').filter({ hasText: arabicNote }).first();
  await expect(screenNote).toBeVisible();
  expect(await isRtl(screenNote)).toBe(true);
  await expect(screenNote).toHaveAttribute('lang', 'ar');
  expect(await isLtr(screen.getByTestId('join-code').first())).toBe(true);

  // (b) The phone's page turned right to left, as an Arabic or Urdu phone is.
  const rtl = async (page: Page) => {
    await page.evaluate(() => {
      document.documentElement.dir = 'rtl';
    });
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  };
  await rtl(tom);
  const brand = tom.locator('.brand');
  const picker = tom.locator('.language-switcher');
  const brandBox = (await brand.boundingBox())!;
  const pickerBox = (await picker.boundingBox())!;
  // The brand sits at the inline start: on the right now, the language picker on its left.
  expect(brandBox.x).toBeGreaterThan(pickerBox.x);
  expect(brandBox.x + brandBox.width).toBeGreaterThan(300);
  // A note's coloured edge is its starting edge: on the right in right-to-left.
  const card = english;
  const edges = await card.evaluate((el) => {
    const s = getComputedStyle(el);
    return { right: s.borderRightWidth, left: s.borderLeftWidth };
  });
  expect(edges).toEqual({ right: '6px', left: '1px' });
  // The English note keeps its own direction inside the mirrored page.
  expect(await isLtr(english.locator('.note-text'))).toBe(true);
  expect(await isRtl(arabicText)).toBe(true);
  await expectNoHorizontalScroll(tom);
  await expectNoAxeViolations(tom, 'phone board, right to left');
  await tom.screenshot({ path: test.info().outputPath('rtl-phone-board-360x640.png') });
  await tom.screenshot({
    path: test.info().outputPath('rtl-phone-board-full.png'),
    fullPage: true,
  });

  // The join page on a phone, right to left: the code it names still reads left to right.
  const newcomer = await (await newPhone(browser)).newPage();
  await newcomer.goto(`/j/${code}`);
  await expect(newcomer.locator('.code-inline')).toBeVisible();
  await rtl(newcomer);
  const shown = newcomer.locator('.code-inline');
  expect(await isLtr(shown)).toBe(true);
  // Its first character is drawn leftmost, as it is typed.
  const firstLeftmost = await shown.evaluate((el) => {
    const text = el.firstChild;
    if (!text) return false;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 1);
    const first = range.getBoundingClientRect();
    return Math.abs(first.left - el.getBoundingClientRect().left) < 2;
  });
  expect(firstLeftmost).toBe(true);
  const groupChoice = newcomer.getByRole('radio', { name: 'Resident' });
  const label = newcomer.locator('label').filter({ has: groupChoice });
  const radioBox = (await groupChoice.boundingBox())!;
  const labelBox = (await label.boundingBox())!;
  // The radio button leads its label, so it is at the label's right edge now.
  expect(radioBox.x + radioBox.width).toBeGreaterThan(labelBox.x + labelBox.width / 2);
  await expectNoHorizontalScroll(newcomer);
  await expectNoAxeViolations(newcomer, 'join page, right to left');
  await newcomer.screenshot({
    path: test.info().outputPath('rtl-phone-join-full.png'),
    fullPage: true,
  });
});
