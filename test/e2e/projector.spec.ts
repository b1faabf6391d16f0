import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { CreateWorkshopInput } from '../../shared/domain/workshop.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  ok,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { expectNoAxeViolations, signIn } from './helpers.ts';

// The projector in a real hall (HALL3): the QR code and join code on every screen unless the
// facilitator hides them, every option of a result in full at 1280x720 and 1920x1080 (fit, or
// page through, never cut), the breakdown by group after the reveal, no language picker, and a
// private brainstorm that counts the notes coming in.

const longOption = (i: number) =>
  `Call ${i}: keep every youth centre open late on Fridays and Saturdays, with a safe way home for anyone under eighteen`;

async function staff(browser: Browser, baseURL: string) {
  const laptop = await browser.newContext();
  const page = await laptop.newPage();
  await signIn(page);
  const http = new HttpClient(baseURL);
  http.cookie = (await laptop.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  return { http, close: () => laptop.close() };
}

/** A workshop run by script: phones join, write and vote; the browser is only the projector. */
async function hall(http: HttpClient, baseURL: string, options?: string[]) {
  const input: CreateWorkshopInput = {
    title: 'Youth strategy',
    agenda: [
      { kind: 'idea_board', title: 'What would help?', settings: { mode: 'private' } },
      {
        kind: 'congress_vote',
        title: 'Calls to action',
        settings: { method: 'approval', ...(options ? { options } : {}) },
      },
    ],
  };
  const { workshop, code, fac } = await createOpenWorkshop(http, input);
  const phones: ScriptedClient[] = [];
  for (const groupKey of ['resident', 'resident', 'officer']) {
    const joined = await join(baseURL, code, { groupKey });
    phones.push(await connect(baseURL, { role: 'participant', token: joined.body.token }));
  }
  const [board, vote] = workshop.agenda.map((a) => ({ id: a.id })) as [
    { id: string },
    { id: string },
  ];
  return {
    code,
    fac,
    phones,
    board,
    vote,
    close: () => {
      for (const p of phones) p.close();
      fac.close();
    },
  };
}

/** Every option row on screen lies inside the viewport, and no label is cut or ellipsised. */
async function expectRowsInFull(screen: Page) {
  const viewport = screen.viewportSize()!;
  const rows = await screen.getByTestId('screen-result-row').evaluateAll((els) =>
    els.map((el) => {
      const box = el.getBoundingClientRect();
      const label = el.querySelector('[data-testid="screen-result-label"]') as HTMLElement;
      return {
        text: label.textContent ?? '',
        top: box.top,
        bottom: box.bottom,
        left: box.left,
        right: box.right,
        cut:
          label.scrollHeight > label.clientHeight + 1 || label.scrollWidth > label.clientWidth + 1,
        ellipsis: getComputedStyle(label).textOverflow === 'ellipsis',
        lineClamp: getComputedStyle(label).webkitLineClamp,
      };
    }),
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.top, r.text).toBeGreaterThanOrEqual(0);
    expect(r.bottom, r.text).toBeLessThanOrEqual(viewport.height);
    expect(r.left, r.text).toBeGreaterThanOrEqual(0);
    expect(r.right, r.text).toBeLessThanOrEqual(viewport.width);
    expect(r.cut, r.text).toBe(false);
    expect(r.ellipsis, r.text).toBe(false);
    expect(['none', ''], r.text).toContain(r.lineClamp);
  }
  return rows.map((r) => r.text);
}

async function expectJoinCorner(screen: Page, code: string) {
  const corner = screen.getByTestId('join-corner');
  await expect(corner).toBeVisible();
  await expect(corner.getByTestId('join-code')).toHaveText(`${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(corner.getByRole('img')).toBeVisible();
  const box = (await corner.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(screen.viewportSize()!.height);
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`[HALL3] the projector at ${size.width}x${size.height}: join code on every screen, a private board's count, every option in full with its groups`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const s = await staff(browser, baseURL!);
    const h = await hall(s.http, baseURL!);
    const context = await browser.newContext({ viewport: size, reducedMotion: 'reduce' });
    const screen = await context.newPage();
    await screen.goto(`/screen/${h.code}`);

    // Welcome: the big code, no language picker for a room that cannot use one.
    await expect(screen.getByTestId('join-code')).toBeVisible();
    await expect(screen.getByRole('combobox')).toHaveCount(0);
    await expect(screen.getByRole('button', { name: 'Full screen' })).toBeVisible();

    // A private brainstorm: how many notes came in, never their words; the code in a corner.
    ok(await h.fac.command('activity:goto', { activityId: h.board.id }));
    await expect(screen.getByTestId('screen-note-count')).toHaveText('0 notes have come in');
    for (const [i, text] of ['A skate park by the river', 'Later buses'].entries()) {
      ok(
        await h.phones[i]!.command('note:add', {
          id: randomUUID(),
          activityId: h.board.id,
          text,
        }),
      );
    }
    await expect(screen.getByTestId('screen-note-count')).toHaveText('2 notes have come in');
    await expect(screen.getByText('A skate park by the river')).toHaveCount(0);
    await expectJoinCorner(screen, h.code);
    await expectNoAxeViolations(screen, 'the projector on a private board');

    // The vote, revealed: five options, every one in full, each with how each group voted.
    ok(await h.fac.command('activity:goto', { activityId: h.vote.id }));
    const view = ok(await h.fac.command('vote:get', { activityId: h.vote.id }));
    expect(view.options).toHaveLength(5);
    ok(await h.fac.command('vote:open', { activityId: h.vote.id, closesAt: null }));
    for (const [i, phone] of h.phones.entries()) {
      ok(
        await phone.command('ballot:cast', {
          opId: randomUUID(),
          activityId: h.vote.id,
          ballot: { kind: 'approval', choices: [view.options[i % 2]!.id] },
        }),
      );
    }
    ok(await h.fac.command('vote:close', { activityId: h.vote.id }));
    ok(await h.fac.command('vote:reveal', { activityId: h.vote.id }));
    await expect(screen.getByTestId('screen-result-row')).toHaveCount(5);
    await expect(screen.getByTestId('screen-results-page')).toHaveCount(0);
    const labels = await expectRowsInFull(screen);
    expect(labels.sort()).toEqual(view.options.map((o) => o.label).sort());
    const first = screen
      .getByTestId('screen-result-row')
      .filter({ hasText: view.options[0]!.label });
    await expect(first.getByTestId('screen-result-groups')).toHaveText(
      'Resident: 1 · Council officer: 1',
    );
    await expectJoinCorner(screen, h.code);
    await expectNoAxeViolations(screen, 'the projector on a revealed vote');

    // The facilitator hides the code (everyone is in) and shows it again.
    ok(await h.fac.command('screen:join', { shown: false }));
    await expect(screen.getByTestId('join-corner')).toHaveCount(0);
    await expect(screen.getByTestId('join-code')).toHaveCount(0);
    ok(await h.fac.command('activity:goto', { activityId: null }));
    await expect(screen.getByTestId('join-code')).toHaveCount(0);
    ok(await h.fac.command('screen:join', { shown: true }));
    await expect(screen.getByTestId('join-code')).toBeVisible();

    await context.close();
    h.close();
    await s.close();
  });
}

test('[HALL3] twelve long options at 1280x720 are shown in full, a page at a time when they do not fit', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const s = await staff(browser, baseURL!);
  const options = Array.from({ length: 12 }, (_, i) => longOption(i + 1));
  const h = await hall(s.http, baseURL!, options);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    reducedMotion: 'reduce',
  });
  const screen = await context.newPage();
  await screen.goto(`/screen/${h.code}`);
  ok(await h.fac.command('activity:goto', { activityId: h.vote.id }));
  const view = ok(await h.fac.command('vote:get', { activityId: h.vote.id }));
  ok(await h.fac.command('vote:open', { activityId: h.vote.id, closesAt: null }));
  ok(
    await h.phones[0]!.command('ballot:cast', {
      opId: randomUUID(),
      activityId: h.vote.id,
      ballot: { kind: 'approval', choices: [view.options[3]!.id] },
    }),
  );
  ok(await h.fac.command('vote:close', { activityId: h.vote.id }));
  ok(await h.fac.command('vote:reveal', { activityId: h.vote.id }));

  // Every option is seen in full, whichever page it is on; the pages turn by themselves.
  await expect(screen.getByTestId('screen-result-row').first()).toBeVisible();
  const seen = new Set<string>();
  const pageLine = screen.getByTestId('screen-results-page');
  const pages =
    (await pageLine.count()) === 0 ? 1 : Number(/of (\d+)/.exec(await pageLine.innerText())![1]);
  expect(pages).toBeLessThanOrEqual(4);
  for (let p = 1; p <= pages; p++) {
    if (pages > 1)
      await expect(pageLine).toContainText(`page ${p} of ${pages}`, { timeout: 12_000 });
    for (const label of await expectRowsInFull(screen)) seen.add(label);
  }
  expect([...seen].sort()).toEqual([...options].sort());
  await screen.screenshot({ path: 'test-results/projector-12-options.png' });

  await context.close();
  h.close();
  await s.close();
});

test('[LANG9] the projector says how to join in the languages of the people here, each marked as its language', async ({
  browser,
  baseURL,
}) => {
  const s = await staff(browser, baseURL!);
  const { code, fac } = await createOpenWorkshop(s.http, {
    title: 'Market square',
    agenda: [{ kind: 'idea_board', title: 'What would help?' }],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const screen = await context.newPage();
  await screen.goto(`/screen/${code}`);
  await expect(screen.getByRole('heading', { name: 'Join on your phone' })).toBeVisible();
  await expect(screen.getByTestId('join-languages')).toHaveCount(0);

  const phones: ScriptedClient[] = [];
  const arrive = async (language: string) => {
    const joined = await join(baseURL!, code, { groupKey: 'resident', language });
    phones.push(await connect(baseURL!, { role: 'participant', token: joined.body.token }));
  };
  await arrive('en');
  await arrive('bn');
  await arrive('ar');
  await arrive('ar');

  // Most spoken first; English is the projector's own line, not repeated.
  const lines = screen.getByTestId('join-languages').getByRole('listitem');
  await expect(lines).toHaveText(['انضموا من هواتفكم', 'আপনার ফোনে যোগ দিন']);
  await expect(lines.nth(0)).toHaveAttribute('lang', 'ar');
  await expect(lines.nth(0)).toHaveAttribute('dir', 'rtl');
  await expect(lines.nth(1)).toHaveAttribute('lang', 'bn');
  // The extra lines do not push the join code off a 720-pixel projector.
  const codeBox = (await screen.getByTestId('join-code').boundingBox())!;
  expect(codeBox.y + codeBox.height).toBeLessThanOrEqual(720);
  await expectNoAxeViolations(screen, 'projector with join lines in the room’s languages');

  // Gone with the people who read it.
  phones[1]!.close();
  await expect(lines).toHaveText(['انضموا من هواتفكم']);

  for (const p of phones) p.close();
  fac.close();
  await context.close();
  await s.close();
});
