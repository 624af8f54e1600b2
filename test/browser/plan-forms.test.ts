import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, startBrowserWorld } from './helpers.ts';
import { apiFrom, checkPage, logIn, logOut, shown } from './steps.ts';

/** Synthetic (Tenor, month + 80): no real person has it. */
const PERSON_ID = '14898510248';

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

type Item = { id: string; version: number; title?: string };

/** As kari: a person, an active plan for them with one goal. Returns the plan's path. */
async function setUpPlan(page: Page): Promise<{ planPath: string; planId: string; goal: Item }> {
  const person = await apiFrom<{ id: string }>(page, 'POST', '/api/people', {
    name: 'Siv Skjema',
    nationalId: PERSON_ID,
    mobile: '+4741234888',
  });
  expect(person.status).toBe(201);
  const plan = await apiFrom<{ id: string }>(page, 'POST', '/api/plans', {
    type: 'ip',
    ownerId: person.body.id,
    title: 'Sivs plan',
  });
  expect(plan.status).toBe(201);
  const goal = await apiFrom<Item>(page, 'POST', `/api/plans/${plan.body.id}/goals`, {
    title: 'Sove bedre',
  });
  expect(goal.status).toBe(201);
  return { planPath: `/planer/${plan.body.id}`, planId: plan.body.id, goal: goal.body };
}

const draftKeys = (page: Page) =>
  page.evaluate(() =>
    Object.keys(sessionStorage).filter((key) => key.startsWith('samvirke.draft.')),
  );

describe('plan forms never lose what was typed', () => {
  it('a 409 shows both versions; a failed save and an expired session keep a draft; keyboard only; an end date for access; logout clears drafts', async () => {
    const page = await world.newPage(360);
    await logIn(world, page, 'kari.koordinator');
    const { planPath, planId, goal } = await setUpPlan(page);

    // ---- two people edit the same goal: the second save gets 409, nothing is lost
    await page.goto(`${world.baseUrl}${planPath}/mal`);
    await page.getByRole('button', { name: 'Endre: Sove bedre' }).click();
    const title = page.getByRole('textbox', { name: 'Målet', exact: true });
    await title.fill('Sove hele natten');
    const other = await apiFrom<Item>(page, 'PATCH', `/api/plans/${planId}/goals/${goal.id}`, {
      version: goal.version,
      title: 'Sove åtte timer',
    });
    expect(other.status).toBe(200);
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    const conflict = page.locator('.focus-alert', {
      hasText: 'Noen andre har endret dette samtidig',
    });
    await expect.poll(() => conflict.isVisible()).toBe(true);
    const both = await shown(conflict);
    expect(both).toMatch(/Din versjon[\s\S]*Sove hele natten/);
    expect(both).toMatch(/Versjonen som er lagret nå, av Kari Koordinator[\s\S]*Sove åtte timer/);
    expect(await title.inputValue()).toBe('Sove hele natten');
    await checkPage(page);
    await page.getByRole('button', { name: 'Lagre min versjon' }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Målet er lagret/);
    expect(await shown(page.locator('.section-items'))).toMatch(/Sove hele natten/);
    expect(await draftKeys(page)).toEqual([]);

    // ---- a save that cannot reach the server keeps the text, here and after a reload
    await page.goto(`${world.baseUrl}${planPath}/logg`);
    await page.getByRole('button', { name: 'Nytt notat' }).click();
    const note = page.getByRole('textbox', { name: 'Notat', exact: true });
    const text = 'Siv sov dårlig i natt.\nVi prøver å legge oss tidligere.';
    await note.fill(text);
    await page.route('**/api/plans/*/log', (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect
      .poll(() => shown(page.locator('main .focus-alert')))
      .toMatch(/Vi fikk ikke kontakt med Samvirke.*Det du har skrevet, er tatt vare på/);
    expect(await note.inputValue()).toBe(text);
    await checkPage(page);
    await page.reload();
    const pending = page.locator('.ds-alert', { hasText: 'Du har tekst som ikke er lagret' });
    await expect.poll(() => pending.isVisible()).toBe(true);
    await checkPage(page);
    await page.getByRole('button', { name: 'Fortsett å skrive' }).click();
    await expect.poll(() => note.inputValue()).toBe(text);
    expect(await shown(page.locator('main'))).toMatch(/Vi har hentet fram tekst du skrev/);
    await page.unroute('**/api/plans/*/log');
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Notatet er lagret/);
    expect(await shown(page.locator('.section-items .plain-text').first())).toBe(text);
    expect(await draftKeys(page)).toEqual([]);

    // ---- the session ends while writing: after logging in again, the text is offered back
    await page.goto(`${world.baseUrl}${planPath}/om-meg`);
    await page.getByRole('button', { name: 'Skriv om meg' }).click();
    const matters = page.getByRole('textbox', { name: 'Dette er viktig (valgfritt)' });
    await matters.fill('Å få sove, og å ha det rolig om kvelden.');
    await world.context.clearCookies();
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/logg-inn');
    expect(await draftKeys(page)).toHaveLength(1);
    await logIn(world, page, 'kari.koordinator');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`${planPath}/om-meg`);
    await page.getByRole('button', { name: 'Fortsett å skrive' }).click();
    await expect.poll(() => matters.inputValue()).toBe('Å få sove, og å ha det rolig om kvelden.');
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Det du skrev, er lagret/);
    expect(await shown(page.locator('main'))).toMatch(/Å få sove, og å ha det rolig om kvelden\./);
    expect(await draftKeys(page)).toEqual([]);

    // ---- keyboard only: a new goal from the button to the saved item
    await page.goto(`${world.baseUrl}${planPath}/mal`);
    await expect.poll(() => page.getByRole('button', { name: 'Nytt mål' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Nytt mål' }).focus();
    await page.keyboard.press('Enter');
    const goalTitle = page.getByRole('textbox', { name: 'Målet', exact: true });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe(await goalTitle.getAttribute('id'));
    await page.keyboard.type('Være med på fotballtrening');
    // Tab through the form to "Lagre" and press it.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (label === 'Lagre') break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lagre');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Målet er lagret/);
    // Focus lands on the saved goal.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toMatch(/^Være med på fotballtrening/);

    // ---- a participant's access gets an end date; the table says until when
    const per = await apiFrom<{ items: { id: string }[] }>(
      page,
      'GET',
      '/api/people?query=Per%20Fysio',
    );
    const added = await apiFrom(page, 'POST', `/api/plans/${planId}/participants`, {
      personId: per.body.items[0]?.id,
      role: 'professional',
      functionTitle: 'Fysioterapeut',
    });
    expect(added.status).toBe(201);
    await page.goto(`${world.baseUrl}${planPath}/team`);
    await page.getByRole('link', { name: 'Endre: Per Fysio' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Endre deltaker: Per Fysio');
    await checkPage(page);
    const nextYear = new Date().getFullYear() + 1;
    await page
      .getByRole('textbox', { name: 'Tilgangen varer til og med (valgfritt)' })
      .fill(`${nextYear}-01-31`);
    await page.getByRole('combobox', { name: 'Logg' }).selectOption('none');
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Endringene for Per Fysio er lagret/);
    const row = await page
      .locator('.access-table tbody tr', { hasText: 'Per Fysio' })
      .locator('th, td')
      .allInnerTexts();
    expect(row.at(-1)).toBe(`31. januar ${nextYear}`);
    expect(row).toContain('Ser ikke');

    // ---- logging out takes unsaved drafts with it
    await page.goto(`${world.baseUrl}${planPath}/logg`);
    await page.getByRole('button', { name: 'Nytt notat' }).click();
    await note.fill('Et utkast som ikke skal bli liggende.');
    expect(await draftKeys(page)).toHaveLength(1);
    await logOut(page);
    expect(await draftKeys(page)).toEqual([]);
    await page.close();
  });
});

describe('the idle timeout', () => {
  it('logs out after the idle time, yet the text being written is offered again after the next login', async () => {
    const page = await world.newPage(360);
    await page.clock.install();
    await logIn(world, page, 'ola.planeier');
    const plans = await apiFrom<{ items: { id: string; title: string }[] }>(
      page,
      'GET',
      '/api/plans',
    );
    const plan = plans.body.items.find((p) => p.title === 'Olas plan');
    expect(plan).toBeDefined();
    await page.goto(`${world.baseUrl}/planer/${plan?.id}/logg`);
    await page.getByRole('button', { name: 'Nytt notat' }).click();
    const note = page.getByRole('textbox', { name: 'Notat', exact: true });
    await note.fill('Halvferdig tanke om uka som gikk');
    await page.clock.runFor(1000);
    // Away from the keyboard for the whole idle time (demo: 30 minutes).
    await page.clock.fastForward('31:00');
    await page.clock.runFor(2000);
    await expect.poll(() => new URL(page.url()).search).toBe('?error=timeout');
    await logIn(world, page, 'ola.planeier');
    await page.goto(`${world.baseUrl}/planer/${plan?.id}/logg`);
    await page.getByRole('button', { name: 'Fortsett å skrive' }).click();
    await expect.poll(() => note.inputValue()).toBe('Halvferdig tanke om uka som gikk');
    await checkPage(page);
    await logOut(page);
    await page.close();
  });
});
