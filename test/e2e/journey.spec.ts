import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  facilitator,
  newPhone,
  wakeUp,
  skipOptionalSteps,
} from './helpers.ts';

// The foundation journey: a facilitator sets up Roundtable, plans and opens a workshop, three
// phones join (by code and by link, one in Bengali), the room follows two agenda steps, a phone
// reloads and another wakes from its pocket, and the workshop closes. Axe runs on every page.

const workshop = {
  title: 'Shaping the Youth Strategy',
  purpose: 'Decide three priorities for the youth strategy. The budget is fixed.',
  first: 'What should young people have?',
  second: 'Pick your priorities',
};

test('[AUTH1][AUTH4][JOIN5][LIVE1][CLOSE1][UI1] set up, invite, create, open, join, follow, reload, wake up, close', async ({
  browser,
}) => {
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fac = await laptop.newPage();

  // First visit: set up the first facilitator account.
  await fac.goto('/');
  await expect(fac.getByRole('heading', { level: 1, name: 'Set up Roundtable' })).toBeVisible();
  await expectNoAxeViolations(fac, 'set-up page');
  await fac.getByLabel('Your name').fill(facilitator.name);
  await fac.getByLabel('Email').fill(facilitator.email);
  await fac.getByLabel('Password').fill(facilitator.password);
  await fac.getByRole('button', { name: 'Create account' }).click();
  await expect(fac.getByRole('heading', { level: 1, name: 'Workshops' })).toBeVisible();
  await expectNoAxeViolations(fac, 'workshop list');

  // Invite a colleague: the link makes a second facilitator account, once.
  await fac.getByRole('button', { name: 'Invite a facilitator' }).click();
  const inviteUrl = await fac.getByLabel('Invitation link').inputValue();
  expect(inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  const colleague = await (
    await browser.newContext({ viewport: { width: 1280, height: 800 } })
  ).newPage();
  await colleague.goto(new URL(inviteUrl).pathname);
  await expect(colleague.getByText(`${facilitator.name} has invited you`)).toBeVisible();
  await expectNoAxeViolations(colleague, 'invitation page');
  await colleague.getByLabel('Your name').fill('Jo Smith');
  await colleague.getByLabel('Email').fill('jo@example.org');
  await colleague.getByLabel('Password').fill('another long password');
  await colleague.getByRole('button', { name: 'Create account' }).click();
  await expect(colleague.getByRole('heading', { level: 1, name: 'Workshops' })).toBeVisible();
  await colleague.context().close();

  // Plan the workshop: details and a two-step agenda.
  await fac.getByRole('link', { name: 'New workshop' }).click();
  await fac.getByLabel('Workshop title').fill(workshop.title);
  await fac.getByLabel('Purpose').fill(workshop.purpose);
  await fac.getByLabel('Date and time (optional)').fill('2026-12-01T18:30');
  await fac.getByLabel('Kind of new activity').selectOption('idea_board');
  await fac.getByRole('button', { name: 'Add activity' }).click();
  await fac.getByRole('textbox', { name: 'Title (activity 1)' }).fill(workshop.first);
  await fac.getByLabel('Kind of new activity').selectOption('dot_vote');
  await fac.getByRole('button', { name: 'Add activity' }).click();
  await fac.getByRole('textbox', { name: 'Title (activity 2)' }).fill(workshop.second);
  await expectNoAxeViolations(fac, 'workshop editor');
  await fac.getByRole('button', { name: 'Create workshop' }).click();

  // Open it: a join code, a link, a QR code.
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const codeText = (await fac.getByTestId('join-code').textContent()) ?? '';
  const code = codeText.replace(/\s/g, '');
  expect(code).toMatch(/^[ACEFGHJKMNPRTWXY34679]{6}$/);
  await expect(fac.getByRole('img', { name: /QR code/ })).toBeVisible();
  // [HALL1] This test server listens on 127.0.0.1 only, so no phone could open its links: the
  // console says so instead of handing the room a link that only works on this laptop.
  await expect(fac.getByTestId('loopback-warning')).toContainText(
    'Phones cannot open this join link',
  );
  await expectNoAxeViolations(fac, 'console (open)');

  // The projector.
  const projectorContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const screen = await projectorContext.newPage();
  await screen.goto(`/screen/${code}`);
  await expect(screen.getByRole('heading', { name: workshop.title })).toBeVisible();
  await expect(screen.getByTestId('join-code')).toHaveText(codeText);
  await expect(screen.getByTestId('people-count')).toContainText('0');
  await expectNoAxeViolations(screen, 'projector view');

  // Three phones: one types the code, two follow the link (one of them in Bengali).
  const phones: Page[] = [];
  const byCode = await (await newPhone(browser)).newPage();
  // [HALL5] A resident who types the bare address lands on the join form, not the sign-in.
  await byCode.goto('/');
  await expect(byCode.getByRole('heading', { level: 1, name: 'Join a workshop' })).toBeVisible();
  await expect(byCode.getByRole('link', { name: 'Sign in as a facilitator' })).toBeVisible();
  await expectNoAxeViolations(byCode, 'front page (join form)');
  await byCode.getByLabel('Join code').fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`);
  await byCode.getByRole('button', { name: 'Join' }).click();
  await expect(byCode.getByRole('heading', { level: 1, name: workshop.title })).toBeVisible();
  await expectNoAxeViolations(byCode, 'join form');
  await expectNoHorizontalScroll(byCode);
  await byCode.getByLabel('Display name (optional)').fill('Rahim');
  await byCode.getByRole('radio', { name: 'Resident' }).check();
  await byCode.getByRole('button', { name: 'Join' }).click();
  // The optional steps after joining, answered here (the other phones skip them) [REC10][REC12].
  await expect(
    byCode.getByRole('heading', { name: 'Would you like to hear what happened?' }),
  ).toBeVisible();
  await expectNoAxeViolations(byCode, 'optional step: hear what happened');
  await expectNoHorizontalScroll(byCode);
  await byCode.getByLabel('Your email address').fill('rahim@example.org');
  await byCode.getByRole('button', { name: 'Email me what happened' }).click();
  await expect(byCode.getByText(/Tick the box to agree/).first()).toBeVisible();
  await byCode.getByRole('checkbox').check();
  await byCode.getByRole('button', { name: 'Email me what happened' }).click();
  await expect(byCode.getByRole('heading', { name: 'About you (optional)' })).toBeVisible();
  await expectNoAxeViolations(byCode, 'optional step: about you');
  await expectNoHorizontalScroll(byCode);
  await byCode.getByLabel('How old are you?').selectOption({ index: 3 });
  await byCode.getByRole('button', { name: 'Send my answers' }).click();
  await expect(byCode.getByText('Waiting for the facilitator to start.')).toBeVisible();
  await expectNoAxeViolations(byCode, 'participant view (welcome)');
  await expectNoHorizontalScroll(byCode);
  phones.push(byCode);

  const byLink = await (await newPhone(browser)).newPage();
  await byLink.goto(`/j/${code}`);
  await byLink.getByRole('radio', { name: 'Council officer' }).check();
  await byLink.getByRole('button', { name: 'Join' }).click();
  await skipOptionalSteps(byLink);
  await expect(byLink.getByText('Waiting for the facilitator to start.')).toBeVisible();
  phones.push(byLink);

  const bengali = await (await newPhone(browser)).newPage();
  await bengali.goto(`/j/${code}`);
  await bengali.getByRole('combobox', { name: 'Language' }).first().selectOption('bn');
  await expect(bengali.locator('html')).toHaveAttribute('lang', 'bn');
  await expectNoAxeViolations(bengali, 'join form in Bengali');
  await bengali.getByRole('radio', { name: 'অংশীদার সংস্থা' }).check();
  await bengali
    .getByRole('button')
    .filter({ hasText: /যোগ দিন/ })
    .last()
    .click();
  await skipOptionalSteps(bengali, 'এই ধাপটি বাদ দিন');
  await expect(bengali.getByTestId('current-activity')).toHaveCount(0);
  phones.push(bengali);

  await expect(screen.getByTestId('people-count')).toContainText('3');
  await expect(fac.getByText('3 people have joined, 3 online now.')).toBeVisible();
  await expect(fac.getByText('Rahim')).toBeVisible();

  // The room follows the facilitator.
  await fac.getByRole('button', { name: 'Next activity' }).click();
  for (const phone of phones) {
    await expect(phone.getByTestId('current-activity')).toHaveText(workshop.first, {
      timeout: 1500,
    });
  }
  await expect(screen.getByTestId('current-activity')).toHaveText(workshop.first);
  await expectNoAxeViolations(byCode, 'participant view (activity)');
  await expectNoAxeViolations(bengali, 'participant view in Bengali');
  await expectNoAxeViolations(fac, 'console (running)');

  await fac.getByRole('button', { name: 'Next activity' }).click();
  for (const phone of phones) {
    await expect(phone.getByTestId('current-activity')).toHaveText(workshop.second, {
      timeout: 1500,
    });
  }

  // A reload is the same person, where the room is now.
  await byCode.reload();
  await expect(byCode.getByTestId('current-activity')).toHaveText(workshop.second);
  await expect(byCode.getByText(/You joined as Rahim/)).toBeVisible();
  await expect(fac.getByText('3 people have joined, 3 online now.')).toBeVisible();

  // A phone in a pocket misses a step, then wakes up and is right at once.
  await byLink.context().setOffline(true);
  await fac.getByRole('button', { name: 'Previous activity' }).click();
  await expect(byCode.getByTestId('current-activity')).toHaveText(workshop.first);
  // Still showing the old step while it has no signal: nothing reached it.
  await expect(byLink.getByTestId('current-activity')).toHaveText(workshop.second);
  await byLink.context().setOffline(false);
  await wakeUp(byLink);
  await expect(byLink.getByTestId('current-activity')).toHaveText(workshop.first, {
    timeout: 3000,
  });

  // Closing: everyone inside sees it; a late joiner is told.
  await fac.getByRole('button', { name: 'Close workshop' }).click();
  await fac.getByRole('button', { name: 'Yes, close workshop' }).click();
  for (const phone of phones) {
    await expect(
      phone
        .getByRole('heading', { name: 'This workshop has closed' })
        .or(phone.getByRole('heading', { name: /বন্ধ/ })),
    ).toBeVisible();
  }
  await expectNoAxeViolations(byCode, 'participant view (closed)');
  const late = await (await newPhone(browser)).newPage();
  await late.goto(`/j/${code}`);
  await expect(
    late.getByText('This workshop has closed. Thank you for your interest.'),
  ).toBeVisible();
  await expectNoAxeViolations(late, 'late joiner');
});
