import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserWorld,
  expectNoAxeViolations,
  hasHorizontalScroll,
  startBrowserWorld,
} from './helpers.ts';
import { logIn, logOut, shown } from './steps.ts';

/** Synthetic (Tenor, month + 80): no real person has it. */
const GOOD_ID = '04837743376';
const BAD_ID = '04837743377';

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

async function outboxCount(username: string): Promise<{ count: number; text: string }> {
  const res = await fetch(`${world.baseUrl}/api/dev/outbox?to=${encodeURIComponent(username)}`);
  const items = ((await res.json()) as { items: { text: string }[] }).items;
  return { count: items.length, text: items[0]?.text ?? '' };
}

/** The text an input's aria-describedby points at (its description and its error). */
function description(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

async function settle(page: Page, dialog: Locator): Promise<void> {
  // An interrupted animation's `finished` may never settle: wait at most two seconds.
  await dialog.evaluate((el) =>
    Promise.race([
      Promise.all(
        el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined)),
      ),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]),
  );
  await page.waitForTimeout(50);
}

describe('registering a person', () => {
  it('kari.koordinator registers a person: inline errors first, then a confirmation', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/personer/ny`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/logg-inn');
    await logIn(world, page, 'kari.koordinator');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/personer/ny');
    await expect.poll(() => shown(page.locator('h1'))).toBe('Registrer person');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    // An empty submit lists what is missing and takes focus there.
    await page.getByRole('button', { name: 'Registrer og send invitasjon' }).click();
    const summary = page.locator('.ds-error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await shown(summary)).toMatch(/Skriv navnet til personen/);
    expect(await shown(summary)).toMatch(/Fyll inn mobilnummer eller e-post/);
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.classList.contains('ds-error-summary')),
      )
      .toBe(true);
    await expectNoAxeViolations(page);

    const name = page.getByRole('textbox', { name: 'Fullt navn' });
    const nationalId = page.getByRole('textbox', { name: 'Fødselsnummer eller d-nummer' });
    const mobile = page.getByRole('textbox', { name: 'Mobilnummer' });
    await name.fill('Test Testesen');

    // A bad check digit: said inline as soon as the field is left.
    await nationalId.fill(BAD_ID);
    await nationalId.blur();
    await expect.poll(() => nationalId.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => description(nationalId)).toMatch(/Fødselsnummeret er ikke gyldig/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    // Corrected: the error goes away while typing.
    await nationalId.fill(GOOD_ID);
    await expect.poll(() => nationalId.getAttribute('aria-invalid')).toBe(null);
    await mobile.fill('412 34 567');
    await mobile.blur();
    await expect.poll(() => mobile.getAttribute('aria-invalid')).toBe(null);
    expect(await page.getByRole('radio', { name: 'SMS' }).isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Registrer og send invitasjon' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Personen er registrert');
    const text = await shown(page.locator('main'));
    expect(text).toMatch(/Brukernavn\s+test\.testesen/);
    expect(text).toMatch(/Vi har sendt en invitasjon på SMS til 412 34 567\./);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    // The invitation went to the new person's mobile.
    const { text: invitation } = await outboxCount('test.testesen');
    expect(invitation).toMatch(/\/invitasjon\//);
    await page.close();
  });

  it('says so when the national id already has an account, keeping the form', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/personer/ny`);
    await page.getByRole('textbox', { name: 'Fullt navn' }).fill('Test Igjen');
    await page.getByRole('textbox', { name: 'Fødselsnummer eller d-nummer' }).fill(GOOD_ID);
    await page.getByRole('textbox', { name: 'E-post' }).fill('test.igjen@example.com');
    // Only an e-mail address: codes go by e-mail without asking.
    expect(await page.getByRole('radio', { name: 'E-post' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Registrer og send invitasjon' }).click();
    const alert = page.locator('.ds-alert', { hasText: 'Denne personen har allerede en konto.' });
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Fullt navn' }).inputValue()).toBe('Test Igjen');
    await expectNoAxeViolations(page);
    await alert.getByRole('link', { name: 'Søk etter personen' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/personer');
    // The number is carried over in memory (never in the address) and searched.
    expect(page.url()).not.toContain(GOOD_ID);
    await expect
      .poll(() => page.getByRole('link', { name: 'Test Testesen' }).isVisible())
      .toBe(true);
    await page.close();
  });

  it('finds the person, resends the invitation and deactivates the account after confirming', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/personer`);
    await page.getByRole('searchbox', { name: 'Navn eller fødselsnummer' }).fill('Testesen');
    await page.getByRole('button', { name: 'Søk', exact: true }).click();
    const hit = page.getByRole('link', { name: 'Test Testesen' });
    await expect.poll(() => hit.isVisible()).toBe(true);
    expect(await shown(page.locator('.person-list'))).toMatch(/test\.testesen[\s\S]*Invitert/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    await hit.click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Test Testesen');
    expect(await shown(page.locator('main'))).toContain('412 34 567');
    expect(await shown(page.locator('main'))).not.toContain(GOOD_ID);
    await expectNoAxeViolations(page);

    const before = (await outboxCount('test.testesen')).count;
    await page.getByRole('button', { name: 'Send invitasjon på nytt' }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]')))
      .toBe('Vi har sendt en ny invitasjon.');
    await expect.poll(async () => (await outboxCount('test.testesen')).count).toBe(before + 1);

    await page.getByRole('button', { name: 'Deaktiver konto' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await settle(page, dialog);
    await expectNoAxeViolations(page);
    // Cancel leaves everything as it was.
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Deaktiver konto' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Ja, deaktiver kontoen' }).click();
    await expect.poll(() => shown(page.locator('[role="status"]'))).toBe('Kontoen er deaktivert.');
    expect(await shown(page.locator('dl.facts'))).toMatch(/Deaktivert/);
    expect(await page.getByRole('button', { name: 'Deaktiver konto' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await logOut(page);
    await page.close();
  });

  it('ola.planeier, who is not staff, gets a friendly "no access" page', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/logg-inn?returnTo=%2Fpersoner%2Fny`);
    await logIn(world, page, 'ola.planeier');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/personer/ny');
    await expect.poll(() => shown(page.locator('h1'))).toBe('Du har ikke tilgang');
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Gå til forsiden' }).isVisible()).toBe(true);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);
    await page.goto(`${world.baseUrl}/personer`);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Du har ikke tilgang');
    await logOut(page);
    await page.close();
  });
});
