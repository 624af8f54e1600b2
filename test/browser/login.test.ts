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

type OutboxItem = { channel: string; to: string; text: string; sentAt: string };

async function outbox(username: string): Promise<OutboxItem[]> {
  const res = await fetch(`${world.baseUrl}/api/dev/outbox?to=${encodeURIComponent(username)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: OutboxItem[] }).items;
}

/** The newest one-time code sent to a username after `seen` messages. */
async function codeFor(username: string, seen: number): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const items = await outbox(username);
    const match = items.length > seen ? /\b(\d{6})\b/.exec(items[0]?.text ?? '') : null;
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no code reached the outbox for ${username}`);
}

/** Fills the password step and waits for the code step; returns the outbox count before. */
async function passwordStep(page: Page, username: string): Promise<number> {
  const seen = (await outbox(username)).length;
  await page.getByLabel('Brukernavn', { exact: true }).fill(username);
  await page.getByLabel('Passord', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
  await expect.poll(() => page.getByLabel('Engangskode', { exact: true }).isVisible()).toBe(true);
  return seen;
}

/** The accessible description of the focused element or a given one (via aria-describedby). */
function describedBy(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => {
    const element = document.querySelector(sel);
    const ids = element?.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  }, selector);
}

async function headerName(page: Page): Promise<string | null> {
  const name = page.locator('header .user-name');
  return (await name.count()) > 0 ? shown(name) : null;
}

describe('login with username, password and a one-time code', () => {
  it('logs ola.planeier in through two steps, shows the name, and logs out again', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/logg-inn`);
    // ID-porten first, then the username form with its links.
    const idporten = page.getByRole('link', { name: 'Logg inn med ID-porten' });
    await expect.poll(() => idporten.isVisible()).toBe(true);
    const order = await page.evaluate(() => {
      const links = [...document.querySelectorAll('main a, main input')];
      return links.map((el) => el.textContent || el.getAttribute('autocomplete'));
    });
    expect(order[0]).toBe('Logg inn med ID-porten');
    expect(order).toContain('Glemt passord?');
    expect(order).toContain('Ny bruker? Aktiver kontoen din');
    expect(await page.getByLabel('Brukernavn', { exact: true }).getAttribute('autocomplete')).toBe(
      'username',
    );
    expect(await page.getByLabel('Passord', { exact: true }).getAttribute('autocomplete')).toBe(
      'current-password',
    );
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    const seen = await passwordStep(page, 'ola.planeier');
    const codeField = page.getByLabel('Engangskode', { exact: true });
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await codeField.getAttribute('inputmode')).toBe('numeric');
    await expect
      .poll(() => shown(page.locator('main')))
      .toMatch(/Vi har sendt en kode på SMS til •+02/);
    // Focus moved to the code field; the challenge is in no URL and no storage.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete')))
      .toBe('one-time-code');
    expect(page.url()).toBe(`${world.baseUrl}/logg-inn`);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toMatch(
      /challenge|[0-9a-f]{8}-[0-9a-f]{4}/i,
    );
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    await codeField.fill(await codeFor('ola.planeier', seen));
    await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => headerName(page)).toMatch(/Ola Planeier/);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Hei, Ola Planeier');
    expect(await page.getByRole('link', { name: 'Min profil' }).first().isVisible()).toBe(true);
    // A person without a staff role is not offered staff work.
    expect(await page.getByRole('link', { name: 'Registrer person' }).count()).toBe(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    // Logout loads the front page anew: wait for that load, not the old page's state.
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await reloaded;
    await expect.poll(() => headerName(page)).toBe(null);
    await expect
      .poll(() => page.getByRole('link', { name: 'Logg inn' }).first().isVisible())
      .toBe(true);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await shown(page.locator('h1'))).toBe('Velkommen til Samvirke');
    // The session is gone on the server too.
    const me = await page.evaluate(() => fetch('/api/me').then((r) => r.status));
    expect(me).toBe(401);
    await expectNoAxeViolations(page);
    expect(consoleErrors(page)).toEqual([]);
    await page.close();
  });

  it('a wrong code says so at the field, keeps what was typed, and the right code then works', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/logg-inn?returnTo=%2Fmin-profil`);
    const seen = await passwordStep(page, 'anne.mor');
    const code = await codeFor('anne.mor', seen);
    const wrong = code === '000000' ? '111111' : '000000';
    const codeField = page.getByLabel('Engangskode', { exact: true });
    await codeField.fill(wrong);
    await page.getByRole('button', { name: 'Logg inn', exact: true }).click();

    const summary = page.locator('ds-error-summary, .ds-error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await shown(summary)).toMatch(/Koden stemmer ikke/);
    // The summary takes focus; the field is marked invalid and described by its error.
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.classList.contains('ds-error-summary')),
      )
      .toBe(true);
    await expect.poll(() => codeField.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => describedBy(page, 'input[autocomplete="one-time-code"]'))
      .toMatch(/Koden stemmer ikke/);
    expect(await codeField.inputValue()).toBe(wrong);
    // No made-up number of tries left.
    expect(await shown(page.locator('main'))).not.toMatch(/\d+ (forsøk|ganger) igjen/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    // The summary's link takes the keyboard to the field.
    await summary.getByRole('link').click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete')))
      .toBe('one-time-code');

    await codeField.fill(code);
    await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
    // returnTo is honoured.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/min-profil');
    await expect.poll(() => headerName(page)).toMatch(/Anne Mor/);
    // Logout loads the front page anew: wait for that load, not the old page's state.
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await reloaded;
    await expect.poll(() => headerName(page)).toBe(null);
    await page.close();
  });

  it('empty fields are named in an error summary that takes focus', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/logg-inn`);
    await page.getByLabel('Brukernavn', { exact: true }).fill('lise.laerer');
    await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
    const summary = page.locator('.ds-error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await shown(summary)).toMatch(/Skriv passordet ditt/);
    expect(await shown(summary)).not.toMatch(/brukernavnet/);
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.classList.contains('ds-error-summary')),
      )
      .toBe(true);
    // What was typed is still there.
    expect(await page.getByLabel('Brukernavn', { exact: true }).inputValue()).toBe('lise.laerer');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('explains ?error=unknown-person kindly, in bokmål and in English', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/logg-inn?error=unknown-person`);
    const alert = page.locator('main .ds-alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await shown(alert)).toMatch(
      /Vi fant ingen konto i Samvirke for deg\. Koordinatoren din må registrere deg/,
    );
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect
      .poll(() => shown(alert))
      .toMatch(/We found no Samvirke account for you\. Your coordinator has to register you/);
    expect(await shown(page.locator('h1'))).toBe('Log in');
    await expectNoAxeViolations(page);

    await page.goto(`${world.baseUrl}/logg-inn?error=login-failed`);
    await expect.poll(() => shown(alert)).toMatch(/The login with ID-porten was not completed/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Bokmål' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('nb');
    await expect.poll(() => shown(alert)).toMatch(/Innloggingen med ID-porten ble ikke/);
    expect(consoleErrors(page)).toEqual([]);
    await page.close();
  });

  it('ignores a returnTo that leaves the site', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/logg-inn?returnTo=${encodeURIComponent('//evil.example')}`);
    const href = await page
      .getByRole('link', { name: 'Logg inn med ID-porten' })
      .getAttribute('href');
    expect(href).toBe('/auth/idporten/login');
    await page.goto(`${world.baseUrl}/logg-inn?returnTo=${encodeURIComponent('/min-profil')}`);
    expect(
      await page.getByRole('link', { name: 'Logg inn med ID-porten' }).getAttribute('href'),
    ).toBe('/auth/idporten/login?returnTo=%2Fmin-profil');
    await page.close();
  });
});

describe('forgotten password', () => {
  it('username → code → new password (refused, then accepted with the same code) → log in', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/logg-inn`);
    await page.getByRole('link', { name: 'Glemt passord?' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Glemt passord');
    await expectNoAxeViolations(page);

    const seen = (await outbox('lise.laerer')).length;
    await page.getByLabel('Brukernavn', { exact: true }).fill('lise.laerer');
    await page.getByRole('button', { name: 'Send kode' }).click();
    const codeField = page.getByLabel('Engangskode', { exact: true });
    await expect.poll(() => codeField.isVisible()).toBe(true);
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    await expectNoAxeViolations(page);
    await codeField.fill(await codeFor('lise.laerer', seen));
    await page.getByRole('button', { name: 'Neste' }).click();

    const password = page.getByLabel('Nytt passord', { exact: true });
    await expect.poll(() => password.isVisible()).toBe(true);
    expect(await password.getAttribute('autocomplete')).toBe('new-password');
    // The rule is shown next to the field.
    await expect
      .poll(() => describedBy(page, 'input[autocomplete="new-password"]'))
      .toMatch(/Minst 10 tegn/);
    // Too short: said on the spot, before anything is sent.
    await password.fill('kort');
    await password.blur();
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => describedBy(page, 'input[autocomplete="new-password"]'))
      .toMatch(/minst 10 tegn/);
    // Built on the name: the server refuses it, and the same code still works afterwards.
    await password.fill('lise.laerer-2024');
    await page.getByRole('button', { name: 'Lagre passordet' }).click();
    await expect
      .poll(() => describedBy(page, 'input[autocomplete="new-password"]'))
      .toMatch(/kan ikke bygge på navnet/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Vis passordet').check();
    expect(await password.getAttribute('type')).toBe('text');
    await password.fill('blå sykkel i regnet på tur');
    await page.getByRole('button', { name: 'Lagre passordet' }).click();
    await expect.poll(() => shown(page.locator('h2'))).toBe('Passordet er lagret');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Gå til innlogging' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/logg-inn');
    const again = (await outbox('lise.laerer')).length;
    await page.getByLabel('Brukernavn', { exact: true }).fill('lise.laerer');
    await page.getByLabel('Passord', { exact: true }).fill('blå sykkel i regnet på tur');
    await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
    await expect.poll(() => codeField.isVisible()).toBe(true);
    await codeField.fill(await codeFor('lise.laerer', again));
    await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
    await expect.poll(() => headerName(page)).toMatch(/Lise Lærer/);
    // Logout loads the front page anew: wait for that load, not the old page's state.
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await reloaded;
    await expect.poll(() => headerName(page)).toBe(null);
    await page.close();
  });

  it('/invitasjon/:token welcomes, offers ID-porten with the invitation, or a password', async () => {
    const page = await world.newPage(360);
    await page.goto(`${world.baseUrl}/invitasjon/abc-123_XYZ`);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Velkommen til Samvirke');
    const idporten = page.getByRole('link', { name: 'Logg inn med ID-porten' });
    expect(await idporten.getAttribute('href')).toBe('/auth/idporten/login?invitation=abc-123_XYZ');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Jeg har ikke BankID / MinID – lag passord' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/aktiver');
    await expect.poll(() => shown(page.locator('h1'))).toBe('Aktiver kontoen din');
    await expectNoAxeViolations(page);
    await page.close();
  });
});

describe('idle timeout', () => {
  it('warns two minutes ahead in an alert dialog; "Fortsett" keeps the session; then it ends', async () => {
    const page = await world.newPage(360);
    await page.clock.install();
    await page.goto(`${world.baseUrl}/logg-inn`);
    const seen = await passwordStep(page, 'per.fysio');
    await page.getByLabel('Engangskode', { exact: true }).fill(await codeFor('per.fysio', seen));
    await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
    await expect.poll(() => headerName(page)).toMatch(/Per Fysio/);
    // Let the front page settle first: a page that mounts later may ask /api/me again,
    // which is activity and would move the idle clock.
    await expect.poll(() => shown(page.locator('h1'))).toBe('Hei, Per Fysio');
    await page.clock.runFor(1000);

    // Demo session: 30 idle minutes. Nothing shows at 25 minutes …
    await page.clock.fastForward('25:00');
    await page.clock.runFor(2000);
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.count()).toBe(0);

    // … and the warning is up two minutes (and a little) before the end.
    await page.clock.fastForward('03:00');
    await page.clock.runFor(2000);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await shown(dialog.getByRole('heading'))).toBe('Du blir snart logget ut');
    await expect
      .poll(() => page.evaluate(() => !!document.activeElement?.closest('[role="alertdialog"]')))
      .toBe(true);
    // axe measures contrast: wait until the dialog has faded in.
    await dialog.evaluate((el) =>
      Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)),
    );
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);

    await dialog.getByRole('button', { name: 'Fortsett å være logget inn' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await headerName(page)).toMatch(/Per Fysio/);
    expect(new URL(page.url()).pathname).toBe('/');
    const status = await page.evaluate(() => fetch('/api/me').then((r) => r.status));
    expect(status).toBe(200);

    // Away from the keyboard for the whole idle time: logged out, with a polite word.
    await page.clock.fastForward('31:00');
    await page.clock.runFor(2000);
    await expect.poll(() => new URL(page.url()).search).toBe('?error=timeout');
    await expect
      .poll(() => shown(page.locator('main [role="status"]')))
      .toMatch(/Du ble logget ut fordi du ikke hadde gjort noe på en stund/);
    expect(await headerName(page)).toBe(null);
    const after = await page.evaluate(() => fetch('/api/me').then((r) => r.status));
    expect(after).toBe(401);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
