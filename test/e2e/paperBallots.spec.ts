import { expect, test, type Locator, type Page } from '@playwright/test';
import { callsToAction } from '../../shared/domain/activity.ts';
import { expectNoAxeViolations, signIn } from './helpers.ts';

// Paper ballots entered whole (VOTE17): a facilitator types in two ranking sheets with the
// keyboard alone, Roundtable works out the Borda points, shows them as paper, and a sheet typed
// in by mistake is taken back. Axe runs on the form, empty and filled.

const [cta1, cta2, cta3] = callsToAction as [string, string, string, string, string];

/** Presses Tab until `target` has focus. */
async function tabTo(page: Page, target: Locator, max = 120) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test('[VOTE17][UI1] paper ranking sheets are typed in by keyboard and counted by Borda as paper', async ({
  browser,
}) => {
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fac = await laptop.newPage();
  await signIn(fac);
  const created = await fac.request.post('/api/workshops', {
    data: {
      title: 'Paper sheets',
      agenda: [{ kind: 'congress_vote', title: 'Rank the calls', settings: { method: 'ranking' } }],
    },
  });
  expect(created.status()).toBe(201);
  const workshop = (await created.json()) as { id: string };
  await fac.goto(`/workshops/${workshop.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  await fac.getByRole('button', { name: 'Next activity' }).click();
  const panel = fac.getByTestId('voting-panel');
  await panel.getByRole('button', { name: 'Open voting' }).click();

  const form = panel.getByTestId('paper-ballots');
  const summary = form.getByText('Paper ballots, one sheet at a time');
  await tabTo(fac, summary);
  await fac.keyboard.press('Enter');
  await expect(form.getByLabel('Choice 1')).toBeVisible();
  await expectNoAxeViolations(fac, 'paper ballot form (empty)');

  // Sheet 1, by keyboard: a resident ranks cta1, cta2, cta3.
  async function sheet(group: string, order: string[]) {
    const groupSelect = form.getByLabel('Group ticked on the sheet');
    await tabTo(fac, groupSelect);
    await groupSelect.selectOption({ label: group });
    for (const [i, label] of order.entries()) {
      const choice = form.getByLabel(`Choice ${i + 1}`);
      await tabTo(fac, choice);
      await choice.selectOption({ label });
    }
    const add = form.getByRole('button', { name: 'Add this paper ballot' });
    await tabTo(fac, add);
    await fac.keyboard.press('Enter');
  }
  await sheet('Resident', [cta1, cta2, cta3]);
  await expect(form.getByRole('status')).toHaveText('Paper ballot added: 1 entered so far.');
  await sheet('Council officer', [cta2, cta1]);
  await expect(form.getByRole('status')).toHaveText('Paper ballot added: 2 entered so far.');
  await expect(form.getByRole('heading', { name: '2 paper ballots entered' })).toBeVisible();
  await expectNoAxeViolations(fac, 'paper ballot form (two sheets entered)');

  // Borda over the top 3: cta1 3 + 2 = 5, cta2 2 + 3 = 5 (tied), cta3 1, all of it paper.
  const results = panel.getByRole('table').first();
  await expect(results.getByRole('row').filter({ hasText: cta1 })).toContainText('5');
  await expect(results.getByRole('row').filter({ hasText: cta2 })).toContainText('5');

  // The officer's sheet was typed in by mistake: take it back.
  const takeBack = form.getByRole('button', {
    name: new RegExp(`^Take back the paper ballot 1\\. ${cta2.slice(0, 20)}`),
  });
  await tabTo(fac, takeBack);
  await fac.keyboard.press('Enter');
  await expect(form.getByRole('status')).toHaveText('Paper ballot taken back: 1 left.');
  await expect(results.getByRole('row').filter({ hasText: cta1 })).toContainText('3');
  await laptop.close();
});
