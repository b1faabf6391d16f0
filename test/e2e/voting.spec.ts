import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { callsToAction } from '../../shared/domain/activity.ts';
import { connect } from '../helpers/clients.ts';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  newPhone,
  signIn,
  skipOptionalSteps,
  wakeUp,
} from './helpers.ts';

// Voting from end to end: a facilitator runs a dot vote and a congress ranking; three phones vote
// (one only with Tab, Enter and Space), each sees its dots left and a receipt drawn from the
// server's answer, a phone cannot go over its dots (the button says why, and the server refuses a
// forced one), paper dots are entered, the result is revealed to phones and the projector with the
// breakdown by group, the congress ranking is counted by Borda, and a commitment reaches the
// projector. Axe runs on every state.

const options = [
  'Youth club',
  'Safer streets',
  'Green spaces',
  'Bus routes',
  'Homework help',
  'Sports pitches',
];
const [cta1, cta2, cta3, cta4] = callsToAction as [string, string, string, string, string];

async function joinPhone(browser: Browser, code: string, group: string) {
  const page = await (await newPhone(browser)).newPage();
  await page.goto(`/j/${code}`);
  await page.getByRole('radio', { name: group }).check();
  await page.getByRole('button', { name: 'Join' }).click();
  await skipOptionalSteps(page);
  await expect(page.getByText('Waiting for the facilitator to start.')).toBeVisible();
  return page;
}

/** Presses Tab until `target` has focus: the keyboard-only phone reaches things as a person would. */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

const addDot = (page: Page, label: string) =>
  page.getByRole('button', { name: `Add a dot: ${label}` });
const dotCard = (page: Page, label: string) =>
  page.getByTestId('dot-card').filter({ hasText: label });
const rankButton = (page: Page, label: string) =>
  page.getByRole('button', { name: `${label} Add to my ranking` });

test('[VOTE1][VOTE4][VOTE5][VOTE6][VOTE7][VOTE8][VOTE10][VOTE11][VOTE12][UI1] dot vote and congress ranking from phones, paper and projector', async ({
  browser,
  baseURL,
}) => {
  // A whole dot vote and congress vote with four screens: about a minute on a quiet machine. On
  // CI's loaded 2-core machine it has taken 2.0 min, so it gets the café journey's headroom.
  test.setTimeout(240_000);
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fac = await laptop.newPage();
  await signIn(fac);
  const created = await fac.request.post('/api/workshops', {
    data: {
      title: 'Youth priorities',
      purpose: 'Choose what the youth budget funds first.',
      agenda: [
        {
          kind: 'dot_vote',
          title: 'Pick your priorities',
          prompt: 'Put your dots on what matters most.',
          settings: { options, dotsPerPerson: 3, maxDotsPerOption: 2 },
        },
        {
          kind: 'congress_vote',
          title: 'Rank the calls to action',
          settings: { method: 'ranking' },
        },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const workshop = (await created.json()) as { id: string; agenda: { id: string }[] };
  const dotVoteId = workshop.agenda[0]!.id;

  // The agenda editor shows the vote settings: automatic dots, shuffle, late joiners, own note,
  // and the congress method's own number (top k for ranking, the budget for points).
  await fac.goto(`/workshops/${workshop.id}/edit`);
  await expect(fac.getByLabel('Dots per person (activity 1)')).toHaveValue('3');
  await expect(
    fac.getByRole('checkbox', { name: /different order on each phone \(activity 1\)/ }),
  ).toBeChecked();
  await expect(fac.getByRole('checkbox', { name: /own note \(activity 1\)/ })).toBeChecked();
  await expect(fac.getByLabel('How many each person ranks (activity 2)')).toHaveValue('3');
  await fac.getByRole('radio', { name: 'Share out points' }).check();
  await expect(fac.getByLabel('Points each person shares out (activity 2)')).toHaveValue('100');
  await expectNoAxeViolations(fac, 'agenda editor with vote settings');

  await fac.goto(`/workshops/${workshop.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const code = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');

  const screen = await (
    await browser.newContext({ viewport: { width: 1280, height: 720 } })
  ).newPage();
  await screen.goto(`/screen/${code}`);

  // Three phones: two by touch, one only by keyboard (it joins with Tab, Space and Enter).
  const officer = await joinPhone(browser, code, 'Council officer');
  const partner = await joinPhone(browser, code, 'Partner organisation');
  const keys = await (await newPhone(browser)).newPage();
  await keys.goto(`/j/${code}`);
  await tabTo(keys, keys.getByRole('radio', { name: 'Resident' }));
  await keys.keyboard.press('Space');
  await tabTo(keys, keys.getByRole('button', { name: 'Join' }));
  await keys.keyboard.press('Enter');
  // The optional steps after joining, skipped by keyboard too.
  for (let step = 0; step < 2; step++) {
    const skip = keys.getByRole('button', { name: 'Skip this step' }).first();
    await expect(skip).toBeVisible();
    await tabTo(keys, skip);
    await keys.keyboard.press('Enter');
  }
  await expect(keys.getByText('Waiting for the facilitator to start.')).toBeVisible();
  const phones = [officer, partner, keys];

  // The room moves to the dot vote: phones see the options, not yet votable.
  await fac.getByRole('button', { name: 'Next activity' }).click();
  for (const phone of phones) {
    await expect(phone.getByText('Voting has not opened yet.', { exact: false })).toBeVisible();
  }
  await expect(screen.getByText('Voting opens soon.')).toBeVisible();
  const panel = fac.getByTestId('voting-panel');
  await expect(panel.getByText('Each person gets 3 dots, up to 2 on one option.')).toBeVisible();
  // Too many options: the console says so; undoing goes back to the saved six.
  for (let i = 1; i <= 7; i++) {
    await panel.getByRole('button', { name: 'Add an option' }).click();
    await fac.keyboard.type(`Extra idea ${i}`);
  }
  await expect(panel.getByTestId('too-many-options')).toContainText(
    'More than 12 options is a lot to vote on: consider merging',
  );
  await expectNoAxeViolations(fac, 'console voting panel (preparing, too many options)');
  await panel.getByRole('button', { name: 'Undo changes' }).click();
  await expect(panel.getByTestId('too-many-options')).toHaveCount(0);

  await panel.getByRole('button', { name: 'Open voting' }).click();
  for (const phone of phones) {
    await expect(phone.getByText('You have 3 dots left')).toBeVisible();
  }
  await expect(screen.getByText('Voting is open', { exact: true })).toBeVisible();
  await expect(screen.getByText(/Vote on your phone/)).toBeVisible();
  await expectNoAxeViolations(officer, 'phone dot vote (before voting)');
  await expectNoHorizontalScroll(officer);
  await expectNoAxeViolations(screen, 'projector (voting open, hidden)');

  // The officer: two dots on one option reach the cap; the third dot uses up the budget.
  await addDot(officer, 'Youth club').click();
  await expect(officer.getByText('Your dot is counted')).toBeVisible();
  await addDot(officer, 'Youth club').click();
  await expect(officer.getByText('Your 2 dots are counted')).toBeVisible();
  await expect(dotCard(officer, 'Youth club').getByTestId('my-dots')).toHaveText('2 of your dots');
  await expect(addDot(officer, 'Youth club')).toBeDisabled();
  await expect(dotCard(officer, 'Youth club')).toContainText('2 dots is the most on one option.');
  await addDot(officer, 'Green spaces').click();
  await expect(officer.getByText('Your 3 dots are counted')).toBeVisible();
  await expect(officer.getByText('You have no dots left.', { exact: false })).toBeVisible();
  await expect(addDot(officer, 'Bus routes')).toBeDisabled();
  // Pressing a refused button sends nothing.
  await addDot(officer, 'Bus routes').click({ force: true });
  await expect(officer.getByText('Your 3 dots are counted')).toBeVisible();
  await expectNoAxeViolations(officer, 'phone dot vote (after voting)');
  await expectNoHorizontalScroll(officer);

  // A modified client forcing a fourth dot is refused by the server (VOTE8), and a resend of an
  // operation already counted is counted once (VOTE7).
  const record = await officer.evaluate(
    (c) => window.localStorage.getItem(`roundtable.participant.${c}`),
    code,
  );
  const token = (JSON.parse(record ?? '{}') as { token: string }).token;
  const forced = await connect(baseURL!, { role: 'participant', token });
  const got = await forced.command('vote:get', { activityId: dotVoteId });
  if (!got.ok) throw new Error(got.error.message);
  const busRoutes = got.data.options.find((o) => o.label === 'Bus routes')!.id;
  const refused = await forced.command('dot:place', {
    opId: randomUUID(),
    activityId: dotVoteId,
    optionId: busRoutes,
  });
  expect(refused.ok ? 'counted' : refused.error.message).toBe('You have 3 dots');
  const youthClub = got.data.options.find((o) => o.label === 'Youth club')!.id;
  const dot = (name: 'dot:place' | 'dot:remove', opId: string) =>
    forced.command(name, { opId, activityId: dotVoteId, optionId: youthClub });
  const removal = randomUUID();
  const placing = randomUUID();
  for (const [name, opId, left] of [
    ['dot:remove', removal, 1],
    ['dot:remove', removal, 1],
    ['dot:place', placing, 0],
    ['dot:place', placing, 0],
  ] as const) {
    const answer = await dot(name, opId);
    expect(answer.ok && answer.data.remaining).toBe(left);
  }
  forced.close();

  // The partner, by touch. A dot pressed with no signal waits, keeps its operation id, and is
  // sent (and counted once) when the signal returns.
  await addDot(partner, 'Green spaces').click();
  await expect(partner.getByText('Your dot is counted')).toBeVisible();
  await partner.context().setOffline(true);
  await addDot(partner, 'Bus routes').click();
  await expect(dotCard(partner, 'Bus routes')).toContainText('Saving…');
  await partner.context().setOffline(false);
  await wakeUp(partner);
  await expect(partner.getByText('Your 2 dots are counted')).toBeVisible({ timeout: 15_000 });

  // The resident, only by keyboard: Enter on one button, Space on another.
  await tabTo(keys, addDot(keys, 'Youth club'));
  await keys.keyboard.press('Enter');
  await expect(keys.getByText('Your dot is counted')).toBeVisible();
  await tabTo(keys, addDot(keys, 'Bus routes'));
  await keys.keyboard.press('Space');
  await expect(keys.getByText('Your 2 dots are counted')).toBeVisible();
  await expect(keys.getByText('You have 1 dot left')).toBeVisible();

  // Hidden until the reveal: phones and projector have no result; the console has it live.
  await expect(officer.getByTestId('vote-results')).toHaveCount(0);
  await expect(screen.getByTestId('screen-results')).toHaveCount(0);
  // The projector may say how many have voted, never for what.
  await expect(screen.getByText('3 people have voted so far')).toBeVisible();
  await expectNoAxeViolations(screen, 'projector (voting open, count of voters)');
  await expect(panel.getByText('3 people voted')).toBeVisible();
  await expect(panel.getByTestId('result-row').first()).toContainText('Youth club');
  await expect(panel.getByTestId('result-row').first()).toContainText('3 dots');

  // A paper sheet from a resident adds a dot to Homework help.
  await panel.getByText('Paper votes').click();
  await panel.getByRole('spinbutton', { name: 'Paper count: Homework help, Resident' }).fill('1');
  await panel.getByRole('button', { name: 'Save paper counts' }).click();
  await expect(panel.getByText('Paper counts saved.')).toBeVisible();
  await expect(panel.getByTestId('result-row').filter({ hasText: 'Homework help' })).toContainText(
    '(1 on paper)',
  );
  await expectNoAxeViolations(fac, 'console voting panel (live results, paper)');

  await panel.getByRole('button', { name: 'Reveal results' }).click();

  // Youth club 3 (first, close to the next), Green spaces and Bus routes tied on 2.
  for (const phone of phones) {
    const rows = phone.getByTestId('result-row');
    await expect(rows.first()).toContainText('Youth club');
    await expect(rows.first()).toContainText('1st');
    await expect(rows.first()).toContainText('Close: within 1 dot');
    await expect(rows.filter({ hasText: 'Green spaces' })).toContainText('Tied for 2nd');
    await expect(rows.filter({ hasText: 'Bus routes' })).toContainText('Tied for 2nd');
    const table = phone.getByTestId('results-by-group');
    await expect(table.getByRole('columnheader', { name: 'Resident' })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: 'Council officer' })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: 'Partner organisation' })).toBeVisible();
  }
  const youthRow = officer.getByTestId('results-by-group').getByRole('row', { name: /Youth club/ });
  await expect(youthRow.getByRole('cell')).toHaveText(['1', '2', '0', '3']);
  await expectNoAxeViolations(keys, 'phone results');
  await expectNoHorizontalScroll(keys);

  const screenRows = screen.getByTestId('screen-result-row');
  await expect(screenRows.first()).toContainText('Youth club');
  await expect(screenRows.first()).toContainText('3 dots');
  await expect(screenRows.filter({ hasText: 'Green spaces' })).toContainText('=2');
  await expect(screenRows.filter({ hasText: 'Green spaces' })).toContainText('tie');
  await expect(screenRows.filter({ hasText: 'Homework help' })).toContainText('(1 on paper)');
  await expect(screen.getByText(/Dot vote: options ranked by the number of dots/)).toBeVisible();
  await expectNoAxeViolations(screen, 'projector results (dot vote)');

  // The congress ranking: each phone ranks three calls to action.
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await expect(panel.getByText('Each person ranks up to 3 options (Borda count).')).toBeVisible();
  await panel.getByRole('button', { name: 'Open voting' }).click();

  async function rank(phone: Page, order: string[]) {
    for (const label of order) await rankButton(phone, label).click();
    await expect(phone.getByTestId('my-ranking').getByRole('listitem')).toHaveCount(order.length);
    await phone.getByRole('button', { name: 'Send my vote' }).click();
    await expect(phone.getByText('Your vote is counted.', { exact: false })).toBeVisible();
  }
  await expect(rankButton(officer, cta1)).toBeVisible();
  await expectNoAxeViolations(officer, 'phone congress ranking (before voting)');
  await rank(officer, [cta1, cta2, cta3]);
  await rank(partner, [cta2, cta1, cta4]);

  // By keyboard: add three, then move the last one up a place (2, 1, 3 becomes 2, 3, 1).
  for (const label of [cta2, cta1, cta3]) {
    await tabTo(keys, rankButton(keys, label));
    await keys.keyboard.press('Enter');
  }
  await tabTo(keys, keys.getByRole('button', { name: `Move up: ${cta3}` }));
  await keys.keyboard.press('Space');
  await expect(keys.getByTestId('my-ranking').getByRole('listitem')).toHaveText([
    new RegExp(`^1${escapeRegExp(cta2)}`),
    new RegExp(`^2${escapeRegExp(cta3)}`),
    new RegExp(`^3${escapeRegExp(cta1)}`),
  ]);
  await expectNoAxeViolations(keys, 'phone congress ranking (ranked)');
  await expectNoHorizontalScroll(keys);
  await tabTo(keys, keys.getByRole('button', { name: 'Send my vote' }));
  await keys.keyboard.press('Enter');
  await expect(keys.getByText('Your vote is counted.', { exact: false })).toBeVisible();

  await panel.getByRole('button', { name: 'Close voting' }).click();
  await panel.getByRole('button', { name: 'Reveal results' }).click();

  // Borda over the top 3: cta2 3+2+3 = 8, cta1 3+2+1 = 6, cta3 1+2 = 3, cta4 1.
  const borda = screen.getByTestId('screen-result-row');
  await expect(borda.first()).toContainText(cta2);
  await expect(borda.first()).toContainText('8 points');
  await expect(borda.nth(1)).toContainText('6 points');
  await expect(screen.getByText(/Borda count over each person's top 3/)).toBeVisible();
  await expect(screen.getByTestId('screen-commitments')).toContainText('No commitments yet');
  await expectNoAxeViolations(screen, 'projector results (congress)');

  // A commitment from a phone reaches the projector.
  await officer.getByLabel('For which option').selectOption({ label: cta2 });
  await officer.getByLabel('We will…').fill('Open our community rooms for free wellbeing sessions');
  await officer.getByLabel('Who (your organisation or your name)').fill('Bow Health Trust');
  await officer.getByLabel('By when (optional)').fill('by March 2027');
  await officer.getByRole('button', { name: 'Add commitment' }).click();
  await expect(officer.getByText('Your commitment is saved.')).toBeVisible();
  await expectNoAxeViolations(officer, 'phone commitments');
  await expectNoHorizontalScroll(officer);
  const listed = screen.getByTestId('screen-commitments');
  await expect(listed).toContainText('Open our community rooms for free wellbeing sessions');
  await expect(listed).toContainText('Bow Health Trust, by March 2027');
  await expect(listed).not.toContainText('by by'); // [HALL5]
  await expectNoAxeViolations(screen, 'projector commitments');

  // The facilitator hides it with a reason: it leaves the projector, its author still sees it.
  const commitments = fac.getByTestId('commitments');
  await expect(commitments).toContainText('Bow Health Trust');
  await commitments.getByRole('button', { name: /^Hide: Open our community rooms/ }).click();
  await fac.getByRole('dialog').getByLabel('Reason').fill('Not a commitment to this call');
  await expectNoAxeViolations(fac, 'console hide-commitment dialog');
  await fac.getByRole('dialog').getByRole('button', { name: 'Hide it' }).click();
  await expect(commitments).toContainText('Hidden: Not a commitment to this call');
  await expect(listed).not.toContainText('Bow Health Trust');
  await expect(
    officer.getByText(
      'Hidden by the facilitator: Not a commitment to this call. Only you can see it.',
    ),
  ).toBeVisible();

  // The paper ballot to print, with the join code for those who would rather use a phone.
  const ballot = await laptop.newPage();
  await ballot.goto(`/print/vote/${workshop.id}/${dotVoteId}`);
  await expect(ballot.getByRole('rowheader', { name: 'Youth club' })).toBeVisible();
  await expect(
    ballot.getByText(`${code.slice(0, 3)} ${code.slice(3)}`, { exact: true }),
  ).toBeVisible();
  await expect(ballot.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectNoAxeViolations(ballot, 'printable paper ballot');
});

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
