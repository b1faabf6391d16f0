import { expect, test, type Browser } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './helpers.ts';

// The team page (AUTH6-AUTH9), run as an owner and a colleague would: invite, a reset link for a
// forgotten password, a role change, removal that signs the colleague out at once, and the audit.
// The owner is the journeys' facilitator, whose own password this test leaves alone.

const laptop = (browser: Browser) =>
  browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });

test('[AUTH6][AUTH7][AUTH8][AUTH9] an owner manages the team from the Team page', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ownerContext = await laptop(browser);
  const owner = await ownerContext.newPage();
  await signIn(owner);
  await owner.goto('/workshops');
  await owner
    .getByRole('navigation', { name: 'Facilitator' })
    .getByRole('link', { name: 'Team' })
    .click();
  await expect(owner.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();

  // An invitation from the Team page, accepted in the colleague's own browser.
  await owner.getByRole('button', { name: 'Invite a facilitator' }).click();
  const inviteUrl = await owner.getByLabel('Invitation link').inputValue();
  const colleagueContext = await laptop(browser);
  const colleague = await colleagueContext.newPage();
  await colleague.goto(new URL(inviteUrl).pathname);
  const stamp = Date.now();
  const email = `zainab.${stamp}@example.org`;
  await colleague.getByLabel('Your name').fill('Zainab Ali');
  await colleague.getByLabel('Email').fill(email);
  await colleague.getByLabel('Password').fill('zainab’s first password');
  await colleague.getByRole('button', { name: 'Create account' }).click();
  await expect(colleague).toHaveURL(/\/workshops$/);

  // A facilitator sees the team, changes their own password, and manages nobody.
  await colleague.goto('/accounts');
  const row = (page: typeof owner, name: string) =>
    page.getByTestId('account').filter({ hasText: name });
  await expect(row(colleague, 'Zainab Ali')).toContainText('Facilitator');
  await expect(row(colleague, 'Amina Begum')).toContainText('Owner');
  await expect(colleague.getByRole('button', { name: /Remove/ })).toHaveCount(0);
  await expect(colleague.getByRole('heading', { name: 'Account changes' })).toHaveCount(0);
  await expectNoAxeViolations(colleague, 'the Team page, as a facilitator');
  await colleague.getByLabel('Current password').fill('not the password');
  await colleague.getByLabel('New password').fill('zainab’s second password');
  await colleague.getByRole('button', { name: 'Change password' }).click();
  await expect(colleague.getByText('This is not your current password.')).toBeVisible();
  await expect(colleague.getByLabel('Current password')).toBeFocused();
  await colleague.getByLabel('Current password').fill('zainab’s first password');
  await colleague.getByRole('button', { name: 'Change password' }).click();
  await expect(colleague.getByText('Your password was changed.')).toBeVisible();

  // Zainab forgets it anyway: the owner gives her a reset link, which works once.
  await owner.reload();
  await row(owner, 'Zainab Ali')
    .getByRole('button', { name: 'Password reset link for Zainab Ali' })
    .click();
  const resetUrl = await owner.getByLabel('Reset link for Zainab Ali').inputValue();
  expect(resetUrl).toMatch(/\/reset\/[\w-]+$/);
  const elsewhere = await laptop(browser);
  const resetPage = await elsewhere.newPage();
  await resetPage.goto(new URL(resetUrl).pathname);
  await expect(resetPage.getByText(`A new password for Zainab Ali (${email}).`)).toBeVisible();
  await expectNoAxeViolations(resetPage, 'the reset page');
  await resetPage.getByLabel('New password').fill('zainab’s third password');
  await resetPage.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(resetPage).toHaveURL(/\/workshops$/);
  // The reset ended her other session.
  await colleague.goto('/workshops');
  await expect(colleague).toHaveURL(/\/login/);
  await resetPage.goto(new URL(resetUrl).pathname);
  await expect(resetPage.getByText(/This reset link does not work any more/)).toBeVisible();

  // A role change, said in words and announced.
  await row(owner, 'Zainab Ali').getByRole('button', { name: 'Make Zainab Ali an owner' }).click();
  await expect(
    owner.getByRole('status').filter({ hasText: 'Zainab Ali is now: Owner.' }),
  ).toHaveCount(1);
  await expect(row(owner, 'Zainab Ali')).toContainText('Owner');
  await row(owner, 'Zainab Ali')
    .getByRole('button', { name: 'Make Zainab Ali a facilitator' })
    .click();
  await expect(row(owner, 'Zainab Ali')).toContainText('Facilitator');

  // Removal asks first, then signs her out everywhere at once.
  const signedIn = await elsewhere.newPage();
  await signedIn.goto('/workshops');
  await expect(signedIn.getByRole('heading', { level: 1 })).toBeVisible();
  await row(owner, 'Zainab Ali').getByRole('button', { name: 'Remove Zainab Ali' }).click();
  const dialog = owner.getByRole('dialog', { name: 'Remove Zainab Ali?' });
  await expect(dialog).toContainText('Their workshops and records stay.');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(row(owner, 'Zainab Ali')).toHaveCount(0);
  await signedIn.reload();
  await expect(signedIn).toHaveURL(/\/login/);
  // Her last password no longer signs her in; without e-mail the page says whom to ask.
  await signedIn.getByLabel('Email').fill(email);
  await signedIn.getByLabel('Password').fill('zainab’s third password');
  await signedIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signedIn.getByText('The email or password is not right.')).toBeVisible();
  await expect(
    signedIn.getByText(/Ask an owner of this Roundtable for a reset link/),
  ).toBeVisible();

  const audit = owner.getByTestId('account-audit');
  await expect(audit).toContainText('Amina Begum removed Zainab Ali.');
  await expect(audit).toContainText('Amina Begum issued a password reset link for Zainab Ali.');
  await expect(audit).toContainText('Zainab Ali changed their password.');
  await expectNoAxeViolations(owner, 'the Team page, as an owner');

  // The only owner cannot remove themselves: the page says why.
  await row(owner, 'Amina Begum').getByRole('button', { name: 'Remove my account' }).click();
  await owner
    .getByRole('dialog', { name: 'Remove Amina Begum?' })
    .getByRole('button', { name: 'Remove' })
    .click();
  await expect(row(owner, 'Amina Begum')).toContainText('Roundtable keeps at least one owner.');
  await owner.screenshot({ path: 'test-results/accounts-owner.png', fullPage: true });

  for (const c of [ownerContext, colleagueContext, elsewhere]) await c.close();
});
