import { expect, test } from '@playwright/test';
import { HttpClient, createOpenWorkshop, ok } from '../helpers/clients.ts';
import { expectNoAxeViolations, newPhone, signIn, skipOptionalSteps } from './helpers.ts';

// A points ballot typed over its budget is cut down to what is left, and the phone says so
// beside the box instead of changing the number silently (HALL5).

test('[HALL5] a points ballot typed over what is left says it was cut down', async ({
  browser,
  baseURL,
}) => {
  const laptop = await browser.newContext();
  const page = await laptop.newPage();
  await signIn(page);
  const http = new HttpClient(baseURL!);
  http.cookie = (await laptop.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const { workshop, code, fac } = await createOpenWorkshop(http, {
    title: 'Share the budget',
    agenda: [
      {
        kind: 'congress_vote',
        title: 'Where should the money go?',
        settings: { method: 'points', pointsTotal: 10, options: ['Parks', 'Libraries'] },
      },
    ],
  });
  const vote = workshop.agenda[0]!;
  ok(await fac.command('activity:goto', { activityId: vote.id }));
  ok(await fac.command('vote:open', { activityId: vote.id, closesAt: null }));

  const phone = await (await newPhone(browser)).newPage();
  await phone.goto(`/j/${code}`);
  await phone.getByRole('radio', { name: 'Resident' }).check();
  await phone.getByRole('button', { name: 'Join' }).click();
  await skipOptionalSteps(phone);

  const parks = phone.getByRole('spinbutton', { name: 'Parks' });
  const libraries = phone.getByRole('spinbutton', { name: 'Libraries' });
  await parks.fill('8');
  await expect(phone.getByText('2 points left')).toBeVisible();
  await libraries.fill('5');
  await expect(libraries).toHaveValue('2');
  const said = phone.getByText('Only 2 points were left for this option, so it has 2, not 5.');
  await expect(said).toBeVisible();
  await expect(libraries).toHaveAccessibleDescription(
    'Only 2 points were left for this option, so it has 2, not 5.',
  );
  await expect(phone.getByText('0 points left')).toBeVisible();
  await expectNoAxeViolations(phone, 'a points ballot cut down');
  // A number that fits clears the message.
  await parks.fill('5');
  await expect(said).toHaveCount(0);

  fac.close();
  await laptop.close();
});
