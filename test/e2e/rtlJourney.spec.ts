import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { HttpClient, createOpenWorkshop, ok } from '../helpers/clients.ts';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  signIn,
  skipOptionalSteps,
} from './helpers.ts';

// A resident whose phone speaks Arabic, and one whose phone speaks Urdu, take part at 360x640 by
// touch: the page comes in their language, right to left, from the phone's own language; they
// join, write a note, place a dot, rank two calls to action and write on a café table's notes.
// Every screen has 0 axe violations and nothing wider than the phone. The words are read from the
// language's own catalogues, so the test follows a reviewer's changes.

type Tree = { [key: string]: string | Tree };
const catalogue = (file: string): Tree =>
  JSON.parse(readFileSync(new URL(`../../client/i18n/${file}`, import.meta.url), 'utf8')) as Tree;
function say(tree: Tree, key: string): string {
  const found = key
    .split('.')
    .reduce<string | Tree | undefined>(
      (node, part) => (typeof node === 'object' ? node[part] : undefined),
      tree,
    );
  if (typeof found !== 'string') throw new Error(`no string ${key}`);
  return found;
}

const residents = [
  {
    lang: 'ar',
    locale: 'ar',
    note: 'نريد ملعبًا أكبر قرب المدرسة، من فضلكم!',
    cloth: 'المكتبة تحتاج ساعات أطول.',
  },
  {
    lang: 'ur',
    locale: 'ur-PK',
    note: 'اسکول کے قریب بڑا کھیل کا میدان چاہیے۔',
    cloth: 'لائبریری زیادہ دیر کھلی رہے۔',
  },
] as const;

async function look(page: Page, label: string) {
  await expectNoAxeViolations(page, label);
  await expectNoHorizontalScroll(page);
  await test.info().attach(label, { body: await page.screenshot(), contentType: 'image/png' });
}

for (const r of residents) {
  test(`[LANG5][LANG6][LANG8] a resident in ${r.lang} at 360x640: join, note, dot, ranked ballot and café notes, right to left`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    const common = catalogue(`${r.lang}.json`);
    const about = catalogue(`aboutYou.${r.lang}.json`);
    const voting = catalogue(`voting.${r.lang}.json`);
    const cafe = catalogue(`cafe.${r.lang}.json`);

    const laptop = await browser.newContext();
    await signIn(await laptop.newPage());
    const http = new HttpClient(baseURL!);
    http.cookie = (await laptop.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Youth strategy',
      agenda: [
        { kind: 'idea_board', title: 'What would help?' },
        { kind: 'dot_vote', title: 'Priorities', settings: { options: ['Parks', 'Library'] } },
        {
          kind: 'congress_vote',
          title: 'Calls to action',
          settings: {
            method: 'ranking',
            rankTopK: 2,
            options: ['Safe routes', 'Late buses', 'Youth club'],
          },
        },
        {
          kind: 'world_cafe',
          title: 'Café',
          settings: {
            tables: 1,
            rounds: 1,
            roundMinutes: 10,
            changeoverMinutes: 0,
            questions: ['What matters?'],
          },
        },
      ],
    });
    const [board, dot, congress, café] = workshop.agenda;

    // The phone's own language picks the page's, right to left, before anyone touches the picker.
    const phone = await browser.newContext({
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: r.locale,
    });
    const page = await phone.newPage();
    await page.goto(`/j/${code}`);
    await expect(page.locator('html')).toHaveAttribute('lang', r.lang);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await look(page, `${r.lang}: join`);
    await page.getByRole('radio', { name: say(common, 'groups.resident') }).check();
    await page
      .getByRole('button', { name: say(common, 'join.submit') })
      .last()
      .tap();
    await skipOptionalSteps(page, say(about, 'steps.skip'));
    await expect(page.locator('#current-heading')).toBeVisible();
    await look(page, `${r.lang}: waiting`);

    // A note in the resident's own script, kept right to left and marked with its language.
    ok(await fac.command('activity:goto', { activityId: board!.id }));
    await page.getByRole('textbox', { name: say(common, 'board.composerLabel') }).fill(r.note);
    await page.getByRole('button', { name: say(common, 'board.add') }).tap();
    const mine = page.locator('.note-text').filter({ hasText: r.note }).first();
    await expect(mine).toBeVisible();
    await expect(mine).toHaveAttribute('lang', r.lang);
    await look(page, `${r.lang}: board`);

    // A dot, counted, said in the phone's numbers.
    ok(await fac.command('activity:goto', { activityId: dot!.id }));
    ok(await fac.command('vote:open', { activityId: dot!.id, closesAt: null }));
    await page.getByRole('button', { name: `${say(voting, 'dots.add')}: Parks` }).tap();
    const one = await page.evaluate((l) => new Intl.NumberFormat(l).format(1), r.locale);
    const mineOne = say(voting, 'dots.mine_one').replace('{{count}}', one);
    await expect(
      page.getByTestId('dot-card').filter({ hasText: 'Parks' }).getByTestId('my-dots'),
    ).toHaveText(mineOne);
    await look(page, `${r.lang}: dot vote`);
    ok(await fac.command('vote:close', { activityId: dot!.id }));

    // A ranked ballot: two calls to action in order, sent and counted.
    ok(await fac.command('activity:goto', { activityId: congress!.id }));
    ok(await fac.command('vote:open', { activityId: congress!.id, closesAt: null }));
    for (const label of ['Late buses', 'Safe routes']) {
      await page
        .getByRole('button', { name: new RegExp(`${label}.*${say(voting, 'ranking.add')}`) })
        .tap();
    }
    await expect(page.getByTestId('my-ranking').getByRole('listitem')).toHaveCount(2);
    await expect(page.getByTestId('my-ranking')).toContainText('Late buses');
    await page.getByRole('button', { name: say(voting, 'congress.send') }).tap();
    await expect(page.locator('.vote-receipt')).toContainText(say(voting, 'receipt.vote_one'));
    await look(page, `${r.lang}: ranked ballot`);
    ok(await fac.command('vote:close', { activityId: congress!.id }));

    // The café: seated at the one table, writing on its shared notes.
    ok(await fac.command('activity:goto', { activityId: café!.id }));
    ok(await fac.command('cafe:start', { activityId: café!.id }));
    const notes = page.getByRole('textbox', { name: say(cafe, 'cloth.label') });
    await expect(notes).toHaveAttribute('data-editable', 'true', { timeout: 30_000 });
    await notes.click();
    await notes.pressSequentially(r.cloth);
    await expect(notes).toHaveValue(r.cloth);
    await expect(notes).toHaveAttribute('dir', 'auto');
    await look(page, `${r.lang}: café notes`);

    fac.close();
    await phone.close();
    await laptop.close();
  });
}
