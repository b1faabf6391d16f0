import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { EngagementRecord } from '../../shared/domain/records.ts';
import { HttpClient, connect, createOpenWorkshop, join, ok } from '../helpers/clients.ts';
import { expectNoAxeViolations, signIn } from './helpers.ts';

// What the record page does with what participants had not yet seen (SEC6), and moving a
// workshop from another record only after asking (SEC9).

test('[SEC6][SEC9] the record page marks what was not yet revealed, and asks before moving a workshop from another record', async ({
  browser,
  baseURL,
}) => {
  // Two records, three page loads and three axe scans: more than the default minute on a busy machine.
  test.setTimeout(90_000);
  const laptop = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  const fac = await laptop.newPage();
  await signIn(fac);
  const cookie = (await laptop.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const http = new HttpClient(baseURL!);
  http.cookie = cookie;

  // A private board with a note nobody else has seen yet, saved by hand before the reveal.
  const {
    workshop,
    code,
    fac: console,
  } = await createOpenWorkshop(http, {
    title: 'Whitechapel youth forum',
    agenda: [{ kind: 'idea_board', title: 'Your ideas', settings: { mode: 'private' } }],
  });
  const board = workshop.agenda[0]!.id;
  ok(await console.command('activity:goto', { activityId: board }));
  const joined = (await join(baseURL!, code)).body;
  const phone = await connect(baseURL!, { role: 'participant', token: joined.token });
  const secret = 'A quiet room to revise after school';
  ok(await phone.command('note:add', { id: randomUUID(), activityId: board, text: secret }));
  const first = (
    await http.post<EngagementRecord>('/api/records', {
      title: 'Youth forum 2026',
      service: 'Youth service',
      level: 'consult',
      workshopIds: [workshop.id],
    })
  ).body;
  expect(
    (await http.post(`/api/records/${first.id}/workshops/${workshop.id}/snapshots`)).status,
  ).toBe(201);
  phone.close();
  console.close();

  await fac.goto(`/records/${first.id}`);
  const section = fac.getByTestId('outcome-idea_board');
  await expect(section.getByTestId('outcome-unrevealed')).toHaveText(
    'Not yet revealed to participants when this version was saved, so what people wrote or chose is not shown here.',
  );
  await expect(section).not.toContainText(secret);
  await expectNoAxeViolations(fac, 'record page with an unrevealed board');
  await fac.getByRole('checkbox', { name: /Audit view/ }).check();
  await expect(section.getByTestId('outcome-unrevealed')).toContainText('for the audit only');
  await expect(section).toContainText(secret);
  await expectNoAxeViolations(fac, 'record page audit view with an unrevealed board');

  // A second record: the workshop is offered as being in the first, and moving it is asked.
  const second = (
    await http.post<EngagementRecord>('/api/records', {
      title: 'Youth strategy consultation',
      service: 'Youth service',
      level: 'consult',
    })
  ).body;
  await fac.goto(`/records/${second.id}`);
  await fac
    .getByLabel('Workshop', { exact: true })
    .selectOption({ label: 'Whitechapel youth forum — in “Youth forum 2026”' });
  await fac.getByRole('button', { name: 'Add to this record' }).click();
  const dialog = fac.getByRole('dialog', { name: 'Move this workshop to this record?' });
  await expect(dialog).toContainText(
    '“Whitechapel youth forum” is part of the record “Youth forum 2026”.',
  );
  await expectNoAxeViolations(fac, 'move workshop dialog');
  await dialog.getByRole('button', { name: 'Yes, move it' }).click();
  await expect(fac.getByText('“Whitechapel youth forum” moved to this record.')).toBeAttached();
  await expect(fac.getByTestId('record-workshop')).toHaveCount(1);
  const audit = await http.get<{ action: string }[]>(`/api/records/${first.id}/audit`);
  expect(audit.body[0]?.action).toBe('workshop moved out');
  await laptop.close();
});
