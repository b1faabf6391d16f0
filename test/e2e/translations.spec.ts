import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations, newPhone, signIn, skipOptionalSteps } from './helpers.ts';

// Facilitator text in several languages (LANG11). The facilitator writes in English and gives
// Polish for the title, a board's question and two of a dot vote's three options in the
// workshop's editor. A phone set to Polish shows those in Polish, and the untranslated activity
// titles and option in English, marked lang="en" (WCAG 3.1.2); an English phone shows the
// facilitator's own words, with no lang of their own. The join page gives the title the same way.

const title = 'Park plans';
const boardTitle = 'Ideas for the park';
const question = 'What would make the park better?';
const options = ['Swings', 'Benches', 'Lights'];
const polish: Record<string, string> = {
  [title]: 'Plany parku',
  [question]: 'Co poprawiłoby park?',
  Swings: 'Huśtawki',
  Benches: 'Ławki',
};

async function joinPhone(browser: Browser, code: string, language?: string): Promise<Page> {
  const page = await (await newPhone(browser)).newPage();
  await page.goto(`/j/${code}`);
  await page.getByRole('radio', { name: 'Resident' }).check();
  await page.getByRole('button', { name: 'Join' }).last().click();
  await skipOptionalSteps(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  if (language) {
    await page.getByRole('combobox', { name: 'Language' }).selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
  }
  return page;
}

test('[LANG11] the facilitator translates the title, a board question and vote options; a Polish phone shows them, an English phone the originals', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fac = await laptop.newPage();
  await signIn(fac);
  const created = await fac.request.post('/api/workshops', {
    data: {
      title,
      agenda: [
        { kind: 'idea_board', title: boardTitle, prompt: question },
        {
          kind: 'dot_vote',
          title: 'Priorities',
          settings: { options, dotsPerPerson: 2, shuffleOptions: false },
        },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const workshop = (await created.json()) as { id: string };

  // The editor: every text of the workshop, each labelled by its original.
  await fac.goto(`/workshops/${workshop.id}/edit`);
  const section = fac.getByRole('region', { name: 'Translations' });
  await section.getByRole('combobox', { name: 'Translate into' }).selectOption('pl');
  const progress = section.getByTestId('translations-progress');
  // Title, two activity titles, the question and three options.
  await expect(progress).toHaveText('0 of 7 translated');
  for (const [original, translation] of Object.entries(polish)) {
    await section.getByRole('textbox', { name: original, exact: true }).fill(translation);
  }
  await expect(progress).toHaveText('4 of 7 translated');
  await expect(section.getByRole('textbox', { name: 'Lights', exact: true })).toHaveValue('');
  await expectNoAxeViolations(fac, 'workshop editor: translations into Polish');
  await fac.getByRole('button', { name: 'Save workshop' }).click();
  await expect(fac).toHaveURL(new RegExp(`/workshops/${workshop.id}$`));

  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const code = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');
  // The join page, before anyone joins, already gives the title in the phone's language, or as
  // written, marked as English, where there is no translation.
  for (const [locale, heading, lang] of [
    ['pl-PL', 'Plany parku', null],
    ['bn-BD', title, 'en'],
  ] as const) {
    const visitor = await browser.newContext({ locale, viewport: { width: 360, height: 640 } });
    const page = await visitor.newPage();
    await page.goto(`/j/${code}`);
    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toHaveText(heading);
    if (lang) await expect(h1).toHaveAttribute('lang', lang);
    else await expect(h1).not.toHaveAttribute('lang');
    await visitor.close();
  }

  const pl = await joinPhone(browser, code, 'pl');
  const en = await joinPhone(browser, code);

  // The welcome screen: the title in the reader's language, with no lang of its own.
  const plTitle = pl.getByRole('heading', { level: 1 });
  await expect(plTitle).toHaveText('Plany parku');
  await expect(plTitle).not.toHaveAttribute('lang');
  await expect(en.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(en.getByRole('heading', { level: 1 })).not.toHaveAttribute('lang');

  // The board: its question translated, its title not, and marked as English.
  await fac.getByRole('button', { name: 'Next activity' }).click();
  const plActivity = pl.getByTestId('current-activity');
  await expect(plActivity).toHaveText(boardTitle);
  await expect(plActivity).toHaveAttribute('lang', 'en');
  await expect(pl.locator('.activity-prompt')).toHaveText('Co poprawiłoby park?');
  await expect(pl.locator('.activity-prompt')).not.toHaveAttribute('lang');
  await expect(en.locator('.activity-prompt')).toHaveText(question);
  await expect(en.getByTestId('current-activity')).not.toHaveAttribute('lang');
  await expectNoAxeViolations(pl, 'Polish phone on a board with an English title');

  // The vote: two options in Polish, the third as written, in English.
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await fac.getByTestId('voting-panel').getByRole('button', { name: 'Open voting' }).click();
  const plLabels = pl.locator('.dot-label');
  await expect(plLabels).toHaveText(['Huśtawki', 'Ławki', 'Lights']);
  await expect(plLabels.nth(0)).not.toHaveAttribute('lang');
  await expect(plLabels.nth(2)).toHaveAttribute('lang', 'en');
  // The add and remove buttons name the option as the card shows it.
  await expect(pl.getByRole('button', { name: /: Ławki$/ })).toHaveCount(2);
  const enLabels = en.locator('.dot-label');
  await expect(enLabels).toHaveText(options);
  for (const label of await enLabels.all()) await expect(label).not.toHaveAttribute('lang');
  await expectNoAxeViolations(pl, 'Polish phone on a dot vote with one English option');
});
