import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserWorld,
  consoleErrors,
  expectNoAxeViolations,
  hasHorizontalScroll,
  startBrowserWorld,
} from './helpers.ts';
import { logIn, shown } from './steps.ts';

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

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
    await logIn(world, page, 'ola.planeier');
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
