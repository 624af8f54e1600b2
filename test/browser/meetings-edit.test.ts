import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_IDS } from '../../src/server/modules/training/demo-plan.ts';
import { type BrowserWorld, consoleErrors, startBrowserWorld } from './helpers.ts';
import { apiFrom, checkPage, logIn, shown } from './steps.ts';

/**
 * Changing and cancelling a meeting, and the calendar feed on "Min profil": the coordinator
 * moves one meeting (after a save that failed kept what she typed) and cancels another
 * after confirming in a dialog, and invites one more person to a third; a person turns
 * their calendar feed on, copies the address, makes a new one (the old stops working) and
 * turns it off.
 */

const PLAN = DEMO_PLAN_IDS.plan;
const MOVED = 'Oppfølgingsmøte om bolig';
const CANCELLED = 'Møte med skolen';
const MORE_INVITED = 'Møte om hjelpemidler';

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

/**
 * A meeting called by whoever is logged in on the page: with everyone who may read
 * meetings, or those named (and the caller).
 */
async function callMeeting(
  page: Page,
  title: string,
  startsAt: string,
  endsAt: string,
  inviteeIds?: string[],
) {
  const made = await apiFrom<{ id: string }>(page, 'POST', `/api/plans/${PLAN}/meetings`, {
    title,
    startsAt,
    endsAt,
    location: 'Rådhuset, møterom 3',
    ...(inviteeIds ? { inviteeIds } : {}),
  });
  expect(made.status).toBe(201);
  return made.body.id;
}

/** The text of the focused element. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
}

/** A console line Chromium writes for a request the test itself made fail. */
const aborted = (line: string) => /net::ERR_FAILED/.test(line);

describe('changing and cancelling a meeting', () => {
  it('kari.koordinator moves a meeting (a failed save keeps what she typed) and cancels another', async () => {
    const kari = await world.newPage(360);
    await logIn(world, kari, 'kari.koordinator');
    const movedId = await callMeeting(
      kari,
      MOVED,
      '2099-03-10T10:00:00+01:00',
      '2099-03-10T11:00:00+01:00',
    );
    const cancelledId = await callMeeting(
      kari,
      CANCELLED,
      '2099-03-17T09:00:00+01:00',
      '2099-03-17T10:00:00+01:00',
    );

    // ---- move: the form opens filled in with the meeting
    await kari.goto(`${world.baseUrl}/planer/${PLAN}/moter/${movedId}`);
    await expect.poll(() => shown(kari.locator('h1'))).toBe(MOVED);
    const when = kari.locator('dl.facts dd').first();
    expect(await shown(when)).toMatch(/10\. mars 2099 kl\. 10:00–11:00/);
    await checkPage(kari);
    await kari.getByRole('button', { name: 'Endre møtet' }).click();
    const title = kari.getByRole('textbox', { name: 'Tittel', exact: true });
    await expect.poll(() => title.inputValue()).toBe(MOVED);
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true);
    const date = kari.getByLabel('Dato', { exact: true });
    expect(await date.inputValue()).toBe('2099-03-10');
    expect(await kari.getByLabel('Starter kl.', { exact: true }).inputValue()).toBe('10:00');
    expect(await kari.getByRole('textbox', { name: 'Sted eller videolenke' }).inputValue()).toBe(
      'Rådhuset, møterom 3',
    );
    await date.fill('2099-03-12');
    await kari.getByLabel('Starter kl.', { exact: true }).fill('13:30');
    await kari.getByLabel('Slutter kl.', { exact: true }).fill('14:30');
    await checkPage(kari);

    // The connection fails: the form says so and keeps what was typed.
    await kari.route(`**/api/plans/${PLAN}/meetings/${movedId}`, (route) =>
      route.request().method() === 'PATCH' ? route.abort() : route.fallback(),
    );
    await kari.getByRole('button', { name: 'Lagre endringene' }).click();
    await expect
      .poll(() => shown(kari.locator('.meeting-form .focus-alert')))
      .toMatch(/Vi fikk ikke kontakt med Samvirke/);
    expect(await date.inputValue()).toBe('2099-03-12');
    await kari.unroute(`**/api/plans/${PLAN}/meetings/${movedId}`);

    // Even after a reload the change is still there, offered again.
    await kari.reload();
    await expect
      .poll(() => shown(kari.locator('.meeting-form')))
      .toMatch(/Vi tok vare på endringene du skrev/);
    expect(await kari.getByLabel('Starter kl.', { exact: true }).inputValue()).toBe('13:30');
    await checkPage(kari);
    await kari.getByRole('button', { name: 'Lagre endringene' }).click();
    await expect
      .poll(() => shown(kari.locator('[role="status"]').first()))
      .toMatch(/Endringene er lagret/);
    await expect.poll(() => shown(when)).toMatch(/12\. mars 2099 kl\. 13:30–14:30/);
    await expect.poll(() => focused(kari)).toBe('Endre møtet');
    await checkPage(kari);

    // ---- cancel: a dialog asks first; Escape keeps the meeting
    await kari.goto(`${world.baseUrl}/planer/${PLAN}/moter/${cancelledId}`);
    await expect.poll(() => shown(kari.locator('h1'))).toBe(CANCELLED);
    const cancel = kari.getByRole('button', { name: 'Avlys møtet' });
    await cancel.click();
    const dialog = kari.getByRole('dialog', { name: `Vil du avlyse «${CANCELLED}»?` });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => focused(kari)).toBe('Nei, behold møtet');
    await checkPage(kari);
    await kari.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => focused(kari)).toBe('Avlys møtet');
    expect(await shown(kari.locator('main'))).not.toMatch(/Møtet er avlyst/);

    await cancel.click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Ja, avlys' }).click();
    const notice = kari.locator('.meeting-cancelled-notice');
    await expect.poll(() => shown(notice)).toMatch(/Møtet er avlyst\s+Møtet ble avlyst/);
    await expect.poll(() => notice.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await kari.getByRole('button', { name: 'Endre møtet' }).count()).toBe(0);
    expect(await kari.getByRole('button', { name: 'Avlys møtet' }).count()).toBe(0);
    expect(await kari.getByRole('link', { name: 'Legg til i kalender' }).count()).toBe(0);
    await checkPage(kari);

    // ---- the list: the moved meeting at its new time, the other marked cancelled
    await kari.goto(`${world.baseUrl}/planer/${PLAN}/moter`);
    const upcoming = kari.locator('section[aria-labelledby="meetings-upcoming"]');
    const movedItem = upcoming.locator('li', { hasText: MOVED });
    const cancelledItem = upcoming.locator('li', { hasText: CANCELLED });
    await expect.poll(() => shown(movedItem)).toMatch(/12\. mars 2099 kl\. 13:30–14:30/);
    expect(await shown(cancelledItem)).toMatch(/Avlyst/);
    expect(await shown(movedItem)).not.toMatch(/Avlyst/);
    await checkPage(kari);

    // The invitees see it too.
    const second = await world.newBrowser();
    const ola = await second.newPage(360);
    await logIn(world, ola, 'ola.planeier');
    await ola.goto(`${world.baseUrl}/planer/${PLAN}/moter/${cancelledId}`);
    await expect.poll(() => shown(ola.locator('.meeting-cancelled-notice'))).toMatch(/avlyst/);
    expect(await ola.getByRole('button', { name: 'Endre møtet' }).count()).toBe(0);
    await checkPage(ola);

    expect(consoleErrors(kari).filter((line) => !aborted(line))).toEqual([]);
    expect(consoleErrors(ola)).toEqual([]);
  }, 180_000);

  it('kari.koordinator invites one more person in the edit form; the invitees list shows them', async () => {
    const kari = await world.newPage(360);
    await logIn(world, kari, 'kari.koordinator');
    const id = await callMeeting(
      kari,
      MORE_INVITED,
      '2099-03-24T09:00:00+01:00',
      '2099-03-24T10:00:00+01:00',
      [DEMO_PLAN_IDS.participants.ola],
    );
    await kari.goto(`${world.baseUrl}/planer/${PLAN}/moter/${id}`);
    await expect.poll(() => shown(kari.locator('h1'))).toBe(MORE_INVITED);
    const invitees = kari.locator('section[aria-labelledby="meeting-invitees"]');
    await expect.poll(() => shown(invitees)).toMatch(/Ola Planeier/);
    expect(await shown(invitees)).not.toMatch(/Per Fysio/);

    // ---- the form shows who is invited now, with the same checkboxes as a call-in
    await kari.getByRole('button', { name: 'Endre møtet' }).click();
    const form = kari.locator('.meeting-form');
    const per = form.getByRole('checkbox', { name: 'Per Fysio' });
    await expect.poll(() => per.isVisible()).toBe(true);
    expect(await per.isChecked()).toBe(false);
    expect(await form.getByRole('checkbox', { name: 'Ola Planeier' }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: 'Kari Koordinator' }).isChecked()).toBe(true);
    // Someone whose access has ended cannot be invited.
    expect(await form.getByRole('checkbox', { name: 'Lise Lærer' }).count()).toBe(0);
    expect(await shown(form)).toMatch(/De du legger til, får en innkalling/);
    expect(await shown(form)).not.toMatch(/kan ikke endres/);
    await per.check();
    await checkPage(kari);
    await form.getByRole('button', { name: 'Lagre endringene' }).click();
    await expect
      .poll(() => shown(kari.locator('[role="status"]').first()))
      .toMatch(/Endringene er lagret/);

    // ---- the list of invitees shows them, not yet answered
    const perItem = invitees.locator('li', { hasText: 'Per Fysio' });
    await expect.poll(() => shown(perItem)).toMatch(/Har ikke svart/);
    expect(await shown(invitees)).toMatch(/Ola Planeier/);
    await expect.poll(() => focused(kari)).toBe('Endre møtet');
    await checkPage(kari);

    expect(consoleErrors(kari)).toEqual([]);
  }, 120_000);
});

describe('the calendar feed on "Min profil"', () => {
  it('per.fysio turns it on, copies the address, makes a new one and turns it off', async () => {
    const second = await world.newBrowser();
    await second.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: world.baseUrl,
    });
    const per = await second.newPage(360);
    await logIn(world, per, 'per.fysio');
    await per.goto(`${world.baseUrl}/min-profil`);
    const section = per.locator('section', {
      has: per.getByRole('heading', { name: 'Møtene i kalenderen din' }),
    });
    await expect.poll(() => shown(section)).toMatch(/Du har ingen kalenderlenke/);
    expect(await shown(section)).toMatch(/bare møtene du er invitert til, med tittel, tid og sted/);
    await checkPage(per);

    // ---- on: the address shows, with the focus on it
    await section.getByRole('button', { name: 'Lag kalenderlenke' }).click();
    const address = section.getByRole('textbox', { name: 'Kalenderlenken din' });
    await expect.poll(() => address.isVisible()).toBe(true);
    const first = await address.inputValue();
    expect(first).toMatch(/^http:\/\/localhost:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await expect.poll(() => address.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect
      .poll(() => shown(section.locator('[role="status"]')))
      .toMatch(/Kalenderlenken er laget/);
    expect(await shown(section)).toMatch(/Kalenderlenken er på/);
    const feed = await fetch(first);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR/);
    await checkPage(per);

    await section.getByRole('button', { name: 'Kopier lenken' }).click();
    await expect.poll(() => shown(section.locator('[role="status"]'))).toMatch(/Lenken er kopiert/);
    expect(await per.evaluate(() => navigator.clipboard.readText())).toBe(first);

    // ---- a new address: the old one stops working
    const rotate = section.getByRole('button', { name: 'Lag ny lenke' });
    expect(await rotate.getAttribute('aria-describedby')).toBeTruthy();
    await rotate.click();
    await expect.poll(() => address.inputValue()).not.toBe(first);
    const next = await address.inputValue();
    expect(next).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await expect
      .poll(() => shown(section.locator('[role="status"]')))
      .toMatch(/Den gamle virker ikke lenger/);
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(next)).status).toBe(200);
    await checkPage(per);

    // ---- later: on, but the address is not shown again
    await per.reload();
    await expect.poll(() => shown(section)).toMatch(/Kalenderlenken er på/);
    expect(await shown(section)).toMatch(/viser vi lenken bare når den lages/);
    expect(await address.count()).toBe(0);
    await checkPage(per);

    // ---- off
    await section.getByRole('button', { name: 'Slå av kalenderlenken' }).click();
    await expect.poll(() => shown(section)).toMatch(/Du har ingen kalenderlenke/);
    await expect
      .poll(() => shown(section.locator('[role="status"]')))
      .toMatch(/Kalenderlenken er slått av/);
    await expect.poll(() => focused(per)).toBe('Lag kalenderlenke');
    expect((await fetch(next)).status).toBe(404);
    await checkPage(per);

    expect(consoleErrors(per)).toEqual([]);
  }, 120_000);
});
