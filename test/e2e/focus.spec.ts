import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations, newPhone, signIn, skipOptionalSteps } from './helpers.ts';

// Focus and announcements (issue #14, WCAG 2.2 AA): when the room changes under a phone, its
// focus goes to the new screen's heading instead of falling to <body>, but never away from a
// control someone is using; the facilitator's busy buttons keep focus; the sticky "dots left" bar
// never covers the focused dot button (also zoomed in); the reveal, a café talk starting and the
// workshop closing are said by the app's one live region, and a dot press is said once.

const options = [
  'Youth club',
  'Safer streets',
  'Green spaces',
  'Bus routes',
  'Homework help',
  'Sports pitches',
  'Street lighting',
  'Library hours',
];

async function joinPhone(browser: Browser, code: string, name: string) {
  const page = await (await newPhone(browser)).newPage();
  await page.goto(`/j/${code}`);
  await page.getByLabel('Display name (optional)').fill(name);
  await page.getByRole('radio', { name: 'Resident' }).check();
  await page.getByRole('button', { name: 'Join' }).last().click();
  await skipOptionalSteps(page);
  await expect(page.getByText('Waiting for the facilitator to start.')).toBeVisible();
  return page;
}

async function createWorkshop(page: Page, data: object) {
  const created = await page.request.post('/api/workshops', { data });
  expect(created.status()).toBe(201);
  const workshop = (await created.json()) as { id: string };
  await page.goto(`/workshops/${workshop.id}`);
  await page.getByRole('button', { name: 'Open workshop' }).click();
  const code = ((await page.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '');
  return { id: workshop.id, code };
}

/** The id (or, without one, the name) of what has focus: `body` when focus was lost. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.id || el.getAttribute('aria-label') || (el.textContent ?? '').trim();
  });
}

/** Focus as it is when nobody is using the phone: on the page itself. */
async function rest(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await focused(page)).toBe('body');
}

/**
 * Records every non-empty text any live region on the page takes from now on, so a test can
 * count what a screen reader would have been asked to say.
 */
async function listen(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { said: string[]; listener?: MutationObserver };
    w.listener?.disconnect();
    w.said = [];
    const last = new Map<Element, string>();
    const regions = () =>
      Array.from(document.querySelectorAll('[aria-live], [role="status"], [role="alert"]'));
    for (const r of regions()) last.set(r, r.textContent ?? '');
    w.listener = new MutationObserver(() => {
      for (const r of regions()) {
        const text = (r.textContent ?? '').trim();
        if (text !== '' && text !== last.get(r)) w.said.push(text);
        last.set(r, text);
      }
    });
    w.listener.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const said = (page: Page) =>
  page.evaluate(() => (window as unknown as { said: string[] }).said.slice());

/** The focused element and the sticky bar share no pixel while the bar is sticky. */
async function expectFocusClearOfBar(page: Page) {
  const boxes = await page.evaluate(() => {
    const bar = document.querySelector('[data-testid="dots-summary"]');
    const el = document.activeElement;
    if (!bar || !el) return null;
    const a = el.getBoundingClientRect();
    const b = bar.getBoundingClientRect();
    return {
      sticky: getComputedStyle(bar).position === 'sticky',
      overlap: Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)),
      focusTop: a.top,
      barBottom: b.bottom,
      name: el.getAttribute('aria-label'),
    };
  });
  expect(boxes).not.toBeNull();
  if (boxes!.sticky) {
    expect(boxes!.overlap, `${boxes!.name} is under the bar`).toBe(0);
  }
  return boxes!;
}

const dotButtons = (page: Page) =>
  page.getByRole('button', { name: /^(Add a dot|Take a dot back): / });

/** Tabs forward through every dot button, then back, checking each against the bar. */
async function tabThroughDots(page: Page) {
  const count = await dotButtons(page).count();
  await dotButtons(page).first().focus();
  for (let i = 1; i < count; i++) {
    await page.keyboard.press('Tab');
    await expectFocusClearOfBar(page);
  }
  for (let i = 1; i < count; i++) {
    await page.keyboard.press('Shift+Tab');
    await expectFocusClearOfBar(page);
  }
}

test('[A11Y-FOCUS1][A11Y-FOCUS2][A11Y-FOCUS3][A11Y-FOCUS4][A11Y-SAY1][A11Y-SAY2][A11Y-SAY4][UI1] dot vote: focus follows the room, the sticky bar never covers focus, one sentence per dot, the reveal said', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fac = await laptop.newPage();
  await signIn(fac);
  const { code } = await createWorkshop(fac, {
    title: 'Focus test: priorities',
    purpose: 'Check that focus follows the room.',
    agenda: [
      {
        kind: 'dot_vote',
        title: 'Pick your priorities',
        settings: { options, dotsPerPerson: 3, maxDotsPerOption: 2, shuffleOptions: false },
      },
    ],
  });
  const phone = await joinPhone(browser, code, 'Rina');
  const typist = await joinPhone(browser, code, 'Tom');

  // The room moves to the vote: a resting phone's focus goes to the vote's heading; a phone
  // whose person is using a control (here the language picker) keeps it.
  await rest(phone);
  await typist.getByRole('combobox', { name: 'Language' }).focus();
  await listen(phone);
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await expect(phone.getByTestId('current-activity')).toHaveText('Pick your priorities');
  await expect.poll(() => focused(phone)).toBe('current-heading');
  await expect(typist.getByTestId('current-activity')).toHaveText('Pick your priorities');
  expect(await typist.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
  await expect.poll(() => said(phone)).toContain('Now: Dot vote, Pick your priorities');
  await expectNoAxeViolations(phone, 'phone: vote not yet open, focus on its heading');

  // Opening voting: the console's Open button goes, focus goes to the vote's status line, not to
  // <body>; the phone's focus stays on the vote's heading.
  const panel = fac.getByTestId('voting-panel');
  await panel.getByRole('button', { name: 'Open voting' }).click();
  await expect(phone.getByText('You have 3 dots left')).toBeVisible();
  await expect.poll(() => focused(fac)).toBe('vote-manager-title');
  await expect.poll(() => focused(phone)).toBe('current-heading');

  // Every dot button, forwards and backwards by keyboard, is clear of the sticky bar at 360x640.
  await tabThroughDots(phone);

  // The person's view: focus on a button just below the bar, after scrolling back up the list.
  await dotButtons(phone).nth(8).focus();
  await phone.keyboard.press('Shift+Tab');
  const near = await expectFocusClearOfBar(phone);
  expect(near.sticky).toBe(true);
  await phone.screenshot({ path: test.info().outputPath('dot-vote-focus-360x640.png') });

  // One press, one sentence: not "Saving…", the receipt and the dots left one after another.
  await listen(phone);
  await phone.getByRole('button', { name: 'Add a dot: Green spaces' }).focus();
  await phone.keyboard.press('Enter');
  await expect(phone.getByText('Your dot is counted')).toBeVisible();
  await expect
    .poll(() => said(phone))
    .toEqual(['Dot added to Green spaces; 2 dots left to place.']);
  await phone.waitForTimeout(1000);
  expect(await said(phone)).toEqual(['Dot added to Green spaces; 2 dots left to place.']);
  await phone.keyboard.press('Enter');
  await expect(phone.getByText('Your 2 dots are counted')).toBeVisible();
  await expect
    .poll(() => said(phone))
    .toEqual([
      'Dot added to Green spaces; 2 dots left to place.',
      'Dot added to Green spaces; 1 dot left to place.',
    ]);
  await phone.getByRole('button', { name: 'Add a dot: Library hours' }).focus();
  await phone.keyboard.press('Space');
  await expect(phone.getByText('Your 3 dots are counted')).toBeVisible();
  await expect
    .poll(async () => (await said(phone)).at(-1))
    .toBe('Dot added to Library hours; no dots left to place.');
  expect(await said(phone)).toHaveLength(3);
  expect(await focused(phone)).toBe('Add a dot: Library hours');
  await expectNoAxeViolations(phone, 'phone: dots placed, focus on a dot button');

  // Zoomed in (a short viewport: 400 % of a laptop is about 320x256 CSS pixels) and a phone
  // on its side, the bar scrolls with the page and covers nothing.
  for (const size of [
    { width: 320, height: 256 },
    { width: 640, height: 360 },
  ]) {
    await phone.setViewportSize(size);
    const bar = phone.getByTestId('dots-summary');
    await expect(bar).toHaveCSS('position', 'static');
    await tabThroughDots(phone);
  }
  await phone.setViewportSize({ width: 360, height: 640 });
  await expect(phone.getByTestId('dots-summary')).toHaveCSS('position', 'sticky');

  // Closing, then revealing, from the console: each takes its button away; focus goes to the
  // vote's status, then to the results, never to <body>.
  await panel.getByRole('button', { name: 'Close voting' }).click();
  await expect.poll(() => focused(fac)).toBe('vote-manager-title');
  await expect(phone.getByText('Voting has closed', { exact: false })).toBeVisible();
  await expect.poll(() => focused(phone)).toBe('current-heading');
  await listen(phone);
  await panel.getByRole('button', { name: 'Reveal results' }).click();
  await expect.poll(() => focused(fac)).toBe('console-results-heading');
  await expectNoAxeViolations(fac, 'console: results revealed, focus on them');

  // The phone: focus on the results, and the reveal said with where its own choices came.
  await expect(phone.getByTestId('result-row').first()).toContainText('Green spaces');
  await expect.poll(() => focused(phone)).toBe('vote-results-heading');
  await expect
    .poll(() => said(phone))
    .toContain('The results are in. Your choices: Green spaces, 1st; Library hours, 2nd.');
  await expectNoAxeViolations(phone, 'phone: results revealed, focus on them');
});

test('[A11Y-FOCUS1][A11Y-FOCUS4][A11Y-SAY1][A11Y-SAY3][UI1] café and closing: focus goes to the table, the talk and the end; each is said', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const fac = await laptop.newPage();
  await signIn(fac);
  const question = 'What would make you stay longer?';
  const { code } = await createWorkshop(fac, {
    title: 'Focus test: café',
    purpose: 'Check that focus follows the café.',
    agenda: [
      {
        kind: 'world_cafe',
        title: 'Short café',
        settings: {
          tables: 1,
          rounds: 2,
          roundMinutes: 5,
          changeoverMinutes: 1,
          questions: [question, question],
        },
      },
    ],
  });
  const phone = await joinPhone(browser, code, 'Ana');
  await fac.getByRole('button', { name: 'Next activity' }).click();
  await expect(phone.getByTestId('cafe-setup')).toBeVisible();
  const row = '(table 1 in the list)';
  await fac.getByLabel(`Name ${row}`).fill('Oak');
  await fac.getByRole('button', { name: 'Save tables' }).click();
  await expect(fac.getByText('Tables saved.')).toBeVisible();

  // Sent to a table: focus on where to go.
  await rest(phone);
  await fac.getByRole('button', { name: 'Start the café' }).click();
  await expect(phone.getByTestId('cafe-where')).toBeVisible();
  await expect.poll(() => focused(phone)).toBe('cafe-where-heading');
  await expectNoAxeViolations(phone, 'phone: where to go, focus on it');

  // Talking starts: the facilitator's button keeps focus (it now ends the round); the phone's
  // focus goes to its table, and the start is said with the question.
  await listen(phone);
  const startTalking = fac.getByRole('button', { name: 'Start talking now' });
  await startTalking.focus();
  await fac.keyboard.press('Enter');
  await expect(fac.getByRole('button', { name: 'End round now' })).toBeVisible();
  expect(await focused(fac)).toBe('End round now');
  await expect(phone.getByTestId('cafe-table')).toBeVisible();
  await expect.poll(() => focused(phone)).toBe('cafe-talk-heading');
  await expect
    .poll(() => said(phone))
    .toContain(`Round 1 has started at Table 1 · Oak. The question: ${question}`);
  await expectNoAxeViolations(phone, 'phone: talking, focus on the table');

  // Ending the round by keyboard: focus stays on the button, which starts the next talk.
  await fac.keyboard.press('Enter');
  await expect(fac.getByRole('button', { name: 'Start talking now' })).toBeVisible();
  expect(await focused(fac)).toBe('Start talking now');
  await expect(phone.getByTestId('cafe-where')).toBeVisible();
  await expect.poll(() => focused(phone)).toBe('cafe-where-heading');

  // The workshop closes: focus on the end, and it is said.
  await listen(phone);
  await fac.getByRole('button', { name: 'Close workshop' }).click();
  await fac.getByRole('button', { name: 'Yes, close workshop' }).click();
  await expect(phone.getByRole('heading', { name: 'This workshop has closed' })).toBeVisible();
  await expect.poll(() => focused(phone)).toBe('closed-heading');
  await expect
    .poll(() => said(phone))
    .toContain('This workshop has closed. Thank you for taking part.');
  await expectNoAxeViolations(phone, 'phone: workshop closed, focus on it');
});
