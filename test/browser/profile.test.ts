import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserWorld,
  consoleErrors,
  expectNoAxeViolations,
  hasHorizontalScroll,
  startBrowserWorld,
} from './helpers.ts';

const PASSWORD = 'Demo-passord-1';

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

/** The text as rendered (what the person sees), like HTMLElement.innerText. */
function shown(locator: Locator): Promise<string> {
  // A short wait: expect.poll retries, and a long auto-wait inside one poll would stall it.
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is tested
  return locator.innerText({ timeout: 1000 });
}

async function outboxCount(username: string): Promise<{ count: number; text: string }> {
  const res = await fetch(`${world.baseUrl}/api/dev/outbox?to=${encodeURIComponent(username)}`);
  const items = ((await res.json()) as { items: { text: string }[] }).items;
  return { count: items.length, text: items[0]?.text ?? '' };
}

async function codeFor(username: string, seen: number): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const { count, text } = await outboxCount(username);
    const match = count > seen ? /\b(\d{6})\b/.exec(text) : null;
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no code reached the outbox for ${username}`);
}

/** Logs in on the login page the browser is on (after a redirect with returnTo, say). */
async function logIn(page: Page, username: string): Promise<void> {
  const seen = (await outboxCount(username)).count;
  await page.getByLabel('Brukernavn', { exact: true }).fill(username);
  await page.getByLabel('Passord', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
  const codeField = page.getByLabel('Engangskode', { exact: true });
  await expect.poll(() => codeField.isVisible()).toBe(true);
  await codeField.fill(await codeFor(username, seen));
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
}

/** The text of the <dd> that follows the <dt> with this label. */
function fact(page: Page, label: string): Promise<string> {
  return shown(
    page
      .locator('dl.facts dt', { hasText: label })
      .first()
      .locator('xpath=following-sibling::dd[1]'),
  );
}

describe('Min profil', () => {
  it('sends a logged-out visitor to log in, then back to the profile with their own data', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/min-profil`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/logg-inn');
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe('/min-profil');
    await logIn(page, 'ola.planeier');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/min-profil');
    await expect.poll(() => shown(page.locator('h1'))).toBe('Min profil');
    await expect.poll(() => page.locator('dl.facts').count()).toBe(1);

    expect(await fact(page, 'Navn')).toBe('Ola Planeier');
    expect(await fact(page, 'Brukernavn')).toBe('ola.planeier');
    expect(await fact(page, 'Mobilnummer')).toBe('410 00 102');
    expect(await fact(page, 'E-post')).toBe('ola.planeier@example.com');
    expect(await fact(page, 'Språk')).toBe('Bokmål');
    // The national id is masked: the birth date shows, the last five digits do not.
    const masked = await fact(page, 'Fødselsnummer');
    expect(masked).toContain('038890•••••');
    expect(await shown(page.locator('main'))).not.toContain('03889013752');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Vis hele fødselsnummeret' }).click();
    await expect.poll(() => fact(page, 'Fødselsnummer')).toContain('03889013752');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Skjul fødselsnummeret' }).click();
    await expect.poll(() => fact(page, 'Fødselsnummer')).not.toContain('03889013752');
    expect(consoleErrors(page)).toEqual([]);
    await page.close();
  });

  it('saves the notification channel, says so politely, and it is still chosen after a reload', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/min-profil`);
    const sms = page.getByRole('radio', { name: 'På SMS' });
    const email = page.getByRole('radio', { name: 'På e-post' });
    await expect.poll(() => sms.isChecked()).toBe(true);
    await email.check();
    await page.getByRole('button', { name: 'Lagre varslingsvalget' }).click();
    const status = page.locator('[role="status"]', { hasText: 'Varslingsvalget er lagret.' });
    await expect.poll(() => status.isVisible()).toBe(true);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    await page.reload();
    await expect.poll(() => email.isChecked()).toBe(true);
    expect(await sms.isChecked()).toBe(false);
    const saved = await page.evaluate(() =>
      fetch('/api/me/notifications').then((r) => r.json() as Promise<{ channel: string }>),
    );
    expect(saved.channel).toBe('email');
    expect(consoleErrors(page)).toEqual([]);
    await page.close();
  });

  it('checks contact details on blur, keeps what was typed, and saves a new e-mail address', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/min-profil`);
    const mobile = page.getByRole('textbox', { name: 'Mobilnummer' });
    const email = page.getByRole('textbox', { name: 'E-post' });
    await expect.poll(() => mobile.inputValue()).toBe('410 00 102');

    await mobile.fill('12');
    await mobile.blur();
    await expect.poll(() => mobile.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() =>
        mobile.evaluate((el) =>
          (el.getAttribute('aria-describedby') ?? '')
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' '),
        ),
      )
      .toMatch(/Skriv et gyldig mobilnummer/);
    await email.fill('ola.ny@example.com');
    await page.getByRole('button', { name: 'Lagre endringene' }).click();
    const summary = page.locator('.ds-error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.classList.contains('ds-error-summary')),
      )
      .toBe(true);
    expect(await email.inputValue()).toBe('ola.ny@example.com');
    await expectNoAxeViolations(page);

    await mobile.fill('410 00 102');
    await page.getByRole('button', { name: 'Lagre endringene' }).click();
    const saved = page.locator('[role="status"]', { hasText: 'Endringene er lagret.' });
    await expect.poll(() => saved.isVisible()).toBe(true);
    await expect.poll(() => fact(page, 'E-post')).toBe('ola.ny@example.com');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('logs out everywhere', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/min-profil`);
    await page.getByRole('button', { name: 'Logg ut overalt' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/logg-inn');
    await expect
      .poll(() => shown(page.locator('main [role="status"]')))
      .toMatch(/Du er logget ut på alle enheter/);
    expect(await page.locator('header .user-name').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
