import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type BrowserWorld, expectNoAxeViolations, hasHorizontalScroll } from './helpers.ts';

/** Shared steps of the browser tests: logging in and out, reading what is shown. */

export const PASSWORD = 'Demo-passord-1';

/** The text as rendered (what the person sees), like HTMLElement.innerText. */
export function shown(locator: Locator): Promise<string> {
  // A short wait: expect.poll retries, and a long auto-wait inside one poll would stall it.
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is tested
  return locator.innerText({ timeout: 1000 });
}

async function outbox(world: BrowserWorld, username: string): Promise<{ text: string }[]> {
  const res = await fetch(`${world.baseUrl}/api/dev/outbox?to=${encodeURIComponent(username)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { text: string }[] }).items;
}

async function codeFor(world: BrowserWorld, username: string, seen: number): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const items = await outbox(world, username);
    const match = items.length > seen ? /\b(\d{6})\b/.exec(items[0]?.text ?? '') : null;
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no code reached the outbox for ${username}`);
}

/**
 * page.goto, again when a navigation the page started itself (the front page loading anew
 * after a logout, say) interrupted it: the test's own navigation is the one that counts.
 */
async function gotoSettled(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await page.goto(url);
      return;
    } catch (error) {
      const interrupted = String(error).includes('interrupted by another navigation');
      if (!interrupted || attempt >= 3) throw error;
      await page.waitForLoadState('load');
    }
  }
}

/** Two-step login from /logg-inn (or wherever the login form is showing). */
export async function logIn(world: BrowserWorld, page: Page, username: string): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/logg-inn')) {
    await gotoSettled(page, `${world.baseUrl}/logg-inn`);
  }
  const seen = (await outbox(world, username)).length;
  await page.getByLabel('Brukernavn', { exact: true }).fill(username);
  await page.getByLabel('Passord', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
  const codeField = page.getByLabel('Engangskode', { exact: true });
  await expect.poll(() => codeField.isVisible()).toBe(true);
  await codeField.fill(await codeFor(world, username, seen));
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
  await expect.poll(() => page.locator('header .user-name').count()).toBe(1);
}

/** Logs out and waits for the fresh logged-out page (logout loads the front page anew). */
export async function logOut(page: Page): Promise<void> {
  // Wait for the new page's load: the old page already looks logged out before it goes.
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await reloaded;
  await expect.poll(() => page.locator('header .user-name').count()).toBe(0);
  await expect
    .poll(() => page.getByRole('link', { name: 'Logg inn' }).first().isVisible())
    .toBe(true);
  await page.waitForLoadState('load');
}

/** Waits until nothing is loading, then checks the 360 px layout and axe. */
export async function checkPage(page: Page): Promise<void> {
  await expect.poll(() => page.locator('main .ds-spinner').count()).toBe(0);
  expect(await hasHorizontalScroll(page), `sideways scroll on ${page.url()}`).toBe(false);
  await expectNoAxeViolations(page);
}

/** A same-origin API call from the page (the browser sends the Origin header itself). */
export function apiFrom<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  ) as Promise<{ status: number; body: T }>;
}
