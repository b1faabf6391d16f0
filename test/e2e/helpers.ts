import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** The facilitator of every journey: the foundation journey creates it, the others sign in. */
export const facilitator = {
  name: 'Amina Begum',
  email: 'amina@example.org',
  password: 'a long enough password',
};

/** Signs the page's context in as the facilitator, setting the instance up if nobody has yet. */
export async function signIn(page: Page) {
  const instance = (await (await page.request.get('/api/instance')).json()) as {
    setupRequired: boolean;
  };
  const res = instance.setupRequired
    ? await page.request.post('/api/setup', { data: facilitator })
    : await page.request.post('/api/auth/login', {
        data: { email: facilitator.email, password: facilitator.password },
      });
  expect(res.ok(), await res.text()).toBe(true);
}

/** WCAG 2.2 AA, as UK public-sector law asks: every page of the journey must have 0 violations. */
export async function expectNoAxeViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

/** A resident's phone: 360x640, touch, a mobile user agent. */
export function newPhone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent:
      'Mozilla/5.0 (Linux; Android 10; SM-A105F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
  });
}

/** Nothing may be wider than a phone's screen: horizontal scrolling hides content. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** What a phone does when the person comes back to it: the page becomes visible again. */
export async function wakeUp(page: Page) {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

/**
 * After joining come two optional steps (an email to hear what happened, then "about you"); most
 * journeys skip both, with one tap each, as a participant in a hurry would.
 */
export async function skipOptionalSteps(page: Page, skipLabel: string | RegExp = 'Skip this step') {
  // "Step 1 of 2" as the phone's language writes its digits: Latin, Bengali or Arabic-Indic.
  const digit = (n: number) =>
    `[${n}${String.fromCharCode(0x09e6 + n)}${String.fromCharCode(0x0660 + n)}]`;
  for (let step = 1; step <= 2; step++) {
    // Step 1 waits on the join's answer: on CI's loaded two cores, with a hall of phones joining
    // at once, that has taken more than the default 5 s.
    await expect(
      page.getByText(new RegExp(`${digit(step)}\\D+${digit(2)}`, 'u')).first(),
    ).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: skipLabel }).first().click();
  }
}
