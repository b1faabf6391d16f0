import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './helpers.ts';

// The console as a run-of-show (HALL2): on a 1280x800 laptop the current step's controls are in
// view without scrolling, the next step is one click or one key away (a presentation clicker's
// Page Down / Page Up too), and "show results" has a key.

const steps = [
  { kind: 'idea_board', title: 'What would help young people?', panel: /^Idea board/ },
  { kind: 'dot_vote', title: 'Pick your priorities', panel: /^Voting/ },
  {
    kind: 'world_cafe',
    title: 'Café',
    panel: /World Café/,
    settings: {
      tables: 2,
      rounds: 2,
      roundMinutes: 5,
      changeoverMinutes: 1,
      questions: ['What works?', 'What next?'],
    },
  },
  { kind: 'congress_vote', title: 'Calls to action', panel: /^Voting/ },
] as const;

/** The current step's panel starts on the first screen, and the page has not scrolled. */
async function expectCurrentInView(page: Page, panel: RegExp) {
  const stage = page.locator('.run-current');
  await expect(stage.getByRole('heading', { level: 2, name: panel })).toBeVisible();
  const box = (await stage.boundingBox())!;
  expect(box.y).toBeLessThan(800 * 0.75);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page.getByRole('button', { name: /^Next activity/ })).toBeInViewport();
}

test('[HALL2] a four-step workshop runs from the console by keyboard, without scrolling to the controls', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const laptop = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  const page = await laptop.newPage();
  await signIn(page);
  const created = await page.request.post('/api/workshops', {
    data: {
      title: 'Run of show',
      agenda: steps.map((s) => ({
        kind: s.kind,
        title: s.title,
        ...('settings' in s ? { settings: s.settings } : {}),
      })),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/workshops/${id}`);
  await page.getByRole('button', { name: 'Open workshop' }).click();
  await expect(page.getByTestId('now-title')).toHaveText('Welcome screen (no activity yet)');
  await expect(
    page.getByRole('button', { name: `Next activity: ${steps[0].title}` }),
  ).toBeVisible();
  await expectNoAxeViolations(page, 'the console on the welcome screen');

  // Page Down, as a clicker sends it, through every step; each step's controls come into view.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  for (const step of steps) {
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('now-title')).toHaveText(step.title);
    await expect(page.getByRole('listitem').filter({ hasText: step.title })).toHaveAttribute(
      'aria-current',
      'step',
    );
    await expectCurrentInView(page, step.panel);
  }
  await expectNoAxeViolations(page, 'the console on the last step');
  await expect(page.getByRole('button', { name: /^Next activity/ })).toBeDisabled();

  // Back with Page Up and with P; forward with N.
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('now-title')).toHaveText(steps[2].title);
  await page.keyboard.press('p');
  await expect(page.getByTestId('now-title')).toHaveText(steps[1].title);
  await expectCurrentInView(page, /^Voting/);

  // Keys typed into a field stay in the field.
  const minutes = page
    .locator('.run-current')
    .getByLabel('Close automatically after (minutes, optional)');
  await minutes.fill('');
  await minutes.press('n');
  await expect(page.getByTestId('now-title')).toHaveText(steps[1].title);

  // Open the vote from the first screen, then R shows the results to the room.
  await page.locator('.run-current').getByRole('button', { name: 'Open voting' }).click();
  await expect(page.locator('.run-current')).toContainText('Results hidden from the room');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('r');
  await expect(page.locator('.run-current')).toContainText('Results shown to everyone');

  await page.keyboard.press('n');
  await expect(page.getByTestId('now-title')).toHaveText(steps[2].title);
  await page.screenshot({ path: 'test-results/console-run-of-show.png' });
  await laptop.close();
});
