import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  newPhone,
  signIn,
  skipOptionalSteps,
  wakeUp,
} from './helpers.ts';

// The idea board from end to end: a facilitator opens a workshop on its board, three phones (one
// in Bengali) add notes and each sees every note once, the facilitator sorts them into themes by
// mouse and by keyboard, the projector shows the themes, a phone writes a note with no signal
// and it lands once when the signal returns, a note is hidden with a reason its author reads,
// and a private brainstorm hides everyone's notes until the reveal. Axe runs on every state.

const question = 'What would make the park better?';
const notes = {
  benches: 'More benches near the pond',
  lights: 'Lights on the path at night',
  swings: 'বাচ্চাদের জন্য আরও দোলনা',
  fountain: 'A water fountain by the playground',
};

async function joinPhone(
  browser: Browser,
  code: string,
  opts: { name?: string; group: string; bengali?: boolean },
) {
  const page = await (await newPhone(browser)).newPage();
  await page.goto(`/j/${code}`);
  if (opts.bengali) {
    await page.getByRole('combobox', { name: 'Language' }).first().selectOption('bn');
    await expect(page.locator('html')).toHaveAttribute('lang', 'bn');
  }
  if (opts.name) await page.getByLabel('Display name (optional)').fill(opts.name);
  await page.getByRole('radio', { name: opts.group }).check();
  await page
    .getByRole('button', { name: opts.bengali ? 'যোগ দিন' : 'Join' })
    .last()
    .click();
  await skipOptionalSteps(page, opts.bengali ? 'এই ধাপটি বাদ দিন' : 'Skip this step');
  return page;
}

/** The notes a phone shows under "Everyone's notes" with this text. */
const publicNote = (page: Page, text: string) =>
  page.getByTestId('everyone-notes').getByTestId('public-note').filter({ hasText: text });
const ownNote = (page: Page, text: string) =>
  page.getByTestId('own-notes').getByRole('listitem').filter({ hasText: text });
/** A card in the console, found by its own text (menus on other cards quote it too). */
const card = (page: Page, text: string) =>
  page
    .getByTestId('note-card')
    .filter({ has: page.locator('.note-text').filter({ hasText: text }) });
const column = (page: Page, name: string) =>
  page
    .getByTestId('board-column')
    .filter({ has: page.getByRole('heading', { level: 4, name, exact: true }) });

/** A mouse drag, in steps, by the card's grip; the column under the pointer says "Drop here". */
async function dragTo(page: Page, from: Locator, to: Locator) {
  const grip = from.locator('.drag-handle');
  await grip.scrollIntoViewIfNeeded();
  const a = (await grip.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height - 10, 60), { steps: 8 });
  await expect(to).toHaveClass(/column-drop/);
  await expect(to.getByText('Drop here').first()).toBeVisible();
  await page.mouse.up();
}

test('[BOARD1][BOARD3][BOARD4][BOARD7][BOARD9][UI1] notes from phones, themes by mouse and keyboard, offline note lands once, hide, private reveal', async ({
  browser,
}) => {
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fac = await laptop.newPage();
  await signIn(fac);
  const created = await fac.request.post('/api/workshops', {
    data: {
      title: 'Victoria Park improvements',
      purpose: 'Ideas for the park before the budget is set.',
      agenda: [
        {
          kind: 'idea_board',
          title: question,
          prompt: 'One idea per note.',
          settings: { mode: 'open', maxNotesPerPerson: 5 },
        },
        { kind: 'dot_vote', title: 'Pick your priorities' },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const workshop = (await created.json()) as { id: string };

  await fac.goto(`/workshops/${workshop.id}`);
  await fac.getByRole('button', { name: 'Open workshop' }).click();
  const code = ((await fac.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');
  await fac.getByRole('button', { name: 'Next activity' }).click();
  const board = fac.getByRole('region', { name: `Idea board: ${question}` });
  await expect(board).toBeVisible();

  const screen = await (
    await browser.newContext({ viewport: { width: 1280, height: 720 } })
  ).newPage();
  await screen.goto(`/screen/${code}`);
  await expect(screen.getByTestId('current-activity')).toHaveText(question);

  // Three phones: a named resident, an anonymous officer, a partner reading Bengali.
  const rahim = await joinPhone(browser, code, { name: 'Rahim', group: 'Resident' });
  const officer = await joinPhone(browser, code, { group: 'Council officer' });
  const bengali = await joinPhone(browser, code, { group: 'অংশীদার সংস্থা', bengali: true });
  for (const phone of [rahim, officer]) {
    await expect(phone.getByTestId('current-activity')).toHaveText(question);
  }
  await expect(rahim.getByText('0 of 280')).toBeVisible();
  await expectNoAxeViolations(rahim, 'phone composer');
  await expectNoHorizontalScroll(rahim);
  // Only someone who gave a name is offered to show it.
  await expect(officer.getByLabel('Show my name with this note')).toHaveCount(0);

  await rahim.getByRole('textbox', { name: 'Your note' }).fill(notes.benches);
  await expect(rahim.getByText(`${notes.benches.length} of 280`)).toBeVisible();
  await rahim.getByLabel('Show my name with this note').check();
  await rahim.getByRole('button', { name: 'Add note' }).click();
  await expect(rahim.getByRole('textbox', { name: 'Your note' })).toHaveValue('');
  // [HALL5] Showing the name was for that note only: the next one starts anonymous.
  await expect(rahim.getByLabel('Show my name with this note')).not.toBeChecked();
  await officer.getByRole('textbox', { name: 'Your note' }).fill(notes.lights);
  await officer.getByRole('button', { name: 'Add note' }).click();
  await bengali.getByRole('textbox', { name: 'আপনার নোট' }).fill(notes.swings);
  await bengali.getByRole('button', { name: 'নোট যোগ করুন' }).click();

  // Every phone sees every note exactly once, as text, with its group (and the name if shown).
  for (const phone of [rahim, officer, bengali]) {
    for (const text of [notes.benches, notes.lights, notes.swings])
      await expect(publicNote(phone, text)).toHaveCount(1);
    await expect(phone.getByTestId('everyone-notes').getByTestId('public-note')).toHaveCount(3);
  }
  // Others' notes are announced together, politely, not one by one.
  await expect(rahim.getByRole('status').filter({ hasText: /new note/ })).toHaveText(
    /^[12] new notes?$/,
  );
  await expect(publicNote(officer, notes.benches)).toContainText('Resident · Rahim');
  await expect(publicNote(rahim, notes.lights)).toContainText('Council officer');
  await expect(publicNote(rahim, notes.lights)).not.toContainText('Rahim');
  await expect(ownNote(rahim, notes.benches)).toContainText('Saved');
  await expect(ownNote(bengali, notes.swings)).toContainText('সংরক্ষিত');
  await expectNoAxeViolations(rahim, 'phone with notes');
  await expectNoAxeViolations(bengali, 'phone with notes in Bengali');
  await expectNoHorizontalScroll(bengali);

  // The facilitator makes two themes and sorts the notes.
  await expect(card(fac, notes.benches)).toHaveCount(1);
  for (const name of ['Seating', 'Safety']) {
    await board.getByLabel('New theme name').fill(name);
    await board.getByRole('button', { name: 'Add theme' }).click();
    await expect(column(fac, name)).toBeVisible();
  }
  await dragTo(fac, card(fac, notes.benches), column(fac, 'Seating'));
  await expect(column(fac, 'Seating').getByTestId('note-card')).toHaveText(
    new RegExp(notes.benches),
  );
  await dragTo(fac, card(fac, notes.lights), column(fac, 'Safety'));
  await expect(column(fac, 'Safety').getByTestId('note-card')).toHaveText(new RegExp(notes.lights));
  await expect(board.getByRole('status').filter({ hasText: 'Moved “Lights' })).toHaveText(
    `Moved “${notes.lights}” to Safety.`,
  );

  // By keyboard: the card's "Move to…" menu lists the themes.
  const swings = card(fac, notes.swings);
  await swings.getByRole('button', { name: 'Move to…' }).focus();
  await fac.keyboard.press('Enter');
  await swings.getByRole('button', { name: 'Seating' }).focus();
  await fac.keyboard.press('Enter');
  await expect(column(fac, 'Seating').getByTestId('note-card')).toHaveCount(2);
  await expect(board.getByRole('status').filter({ hasText: 'Moved “' })).toHaveText(
    `Moved “${notes.swings}” to Seating.`,
  );
  await expect(card(fac, notes.swings).getByRole('button', { name: 'Move to…' })).toBeFocused();
  // …and "Move up" within the theme.
  await fac.keyboard.press('Enter');
  await card(fac, notes.swings).getByRole('button', { name: 'Move up' }).click();
  await expect(column(fac, 'Seating').getByTestId('note-card').first()).toContainText(notes.swings);
  await expectNoAxeViolations(fac, 'facilitator board');

  // The projector shows the themes, their counts and their notes.
  const seatingOnScreen = screen.getByTestId('screen-column').filter({ hasText: 'Seating' });
  await expect(seatingOnScreen).toContainText(notes.benches);
  await expect(seatingOnScreen).toContainText(notes.swings);
  await expect(seatingOnScreen).toContainText('2 notes');
  await expect(screen.getByTestId('screen-column').filter({ hasText: 'Safety' })).toContainText(
    notes.lights,
  );
  await expectNoAxeViolations(screen, 'projector board');
  // And the phones see the same grouping.
  await expect(
    rahim.getByRole('region', { name: /^Seating/ }).getByTestId('public-note'),
  ).toHaveCount(2);

  // No signal: the note waits on the phone, then lands exactly once.
  await officer.context().setOffline(true);
  await officer.getByRole('textbox', { name: 'Your note' }).fill(notes.fountain);
  await officer.getByRole('button', { name: 'Add note' }).click();
  await expect(ownNote(officer, notes.fountain)).toContainText('Sending…');
  await expect(publicNote(rahim, notes.fountain)).toHaveCount(0);
  await officer.context().setOffline(false);
  await wakeUp(officer);
  await expect(ownNote(officer, notes.fountain)).toContainText('Saved', { timeout: 15_000 });
  await expect(publicNote(rahim, notes.fountain)).toHaveCount(1);
  await expect(card(fac, notes.fountain)).toHaveCount(1);
  // The console's notes come from board:get after a reload: still once.
  await fac.reload();
  await expect(card(fac, notes.fountain)).toHaveCount(1);
  await expect(fac.getByTestId('note-card')).toHaveCount(4);
  await expect(publicNote(officer, notes.fountain)).toHaveCount(1);

  // Hiding a note, with a reason its author reads; nobody else sees it any more.
  await card(fac, notes.fountain).getByRole('button', { name: 'Hide' }).click();
  const dialog = fac.getByRole('dialog', { name: 'Hide this note?' });
  await dialog.getByRole('button', { name: 'Hide note' }).click();
  await expect(dialog.getByText('Required.')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Already on the paper sheet');
  await dialog.getByRole('button', { name: 'Hide note' }).click();
  await expect(card(fac, notes.fountain)).toContainText('Hidden: Already on the paper sheet');
  await expect(ownNote(officer, notes.fountain)).toContainText(
    'Hidden by the facilitator: Already on the paper sheet',
  );
  await expect(publicNote(rahim, notes.fountain)).toHaveCount(0);
  await expectNoAxeViolations(officer, 'phone with a hidden note');
  await expectNoAxeViolations(fac, 'facilitator board with a hidden note');

  // A private brainstorm: each phone sees only its own notes until the reveal.
  await board.getByRole('button', { name: 'Make it a private brainstorm' }).click();
  await expect(
    rahim.getByText("Only you can see your notes until the facilitator shows everyone's."),
  ).toBeVisible();
  await expect(rahim.getByTestId('everyone-notes')).toHaveCount(0);
  await expect(ownNote(rahim, notes.benches)).toContainText('Saved');
  await expect(screen.getByTestId('screen-private')).toBeVisible();
  await expect(screen.getByText(notes.benches)).toHaveCount(0);
  await expect(card(fac, notes.lights)).toContainText('Private until you reveal');
  await expectNoAxeViolations(rahim, 'private-mode phone');
  await board.getByRole('button', { name: "Show everyone's notes" }).click();
  await expect(publicNote(rahim, notes.lights)).toHaveCount(1);
  await expect(screen.getByText(notes.benches).filter({ visible: true })).toHaveCount(1);

  // Locked: the composer gives way to a plain sentence.
  await board.getByRole('button', { name: 'Lock the board' }).click();
  await expect(rahim.getByText('The board is closed for new notes.')).toBeVisible();
  await expect(rahim.getByRole('textbox', { name: 'Your note' })).toHaveCount(0);
  await expectNoAxeViolations(rahim, 'locked board on a phone');

  // Notes at any time: the room moves on and the board still takes notes from phones.
  await board.getByRole('button', { name: 'Unlock the board' }).click();
  const anyTime = board.getByLabel('Allow notes while the room is on another activity');
  await anyTime.click();
  await expect(anyTime).toBeChecked();
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await expect(rahim.getByTestId('current-activity')).toHaveText('Pick your priorities');
  await rahim.getByRole('button', { name: 'Open the board' }).click();
  await rahim.getByRole('textbox', { name: 'Your note' }).fill('Bins that get emptied');
  await rahim.getByRole('button', { name: 'Add note' }).click();
  await expect(ownNote(rahim, 'Bins that get emptied')).toContainText('Saved');
  await expectNoAxeViolations(rahim, 'a board opened while the room is elsewhere');
  await fac.getByRole('button', { name: `Show board: ${question}` }).click();
  await expect(card(fac, 'Bins that get emptied')).toHaveCount(1);
  await expect(fac.getByText('The room is on another activity.', { exact: false })).toBeVisible();
});
