import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/modules/training/demo-ids.ts';
import { type BrowserWorld, consoleErrors, startBrowserWorld } from './helpers.ts';
import { apiFrom, checkPage, logIn, logOut, shown } from './steps.ts';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

describe('the owner consents to a new plan from the front page', () => {
  it('kari makes a draft for anne.mor; Anne reads the consent text and says yes on her phone; kari activates; Anne finds the plan', async () => {
    const page = await world.newPage(360);

    // ---- kari.koordinator makes a plan for Anne: a draft only kari sees
    await logIn(world, page, 'kari.koordinator');
    const created = await apiFrom<{ id: string; status: string }>(page, 'POST', '/api/plans', {
      type: 'ip',
      ownerId: DEMO_IDS.anne,
      title: 'Annes plan',
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    const planId = created.body.id;
    await logOut(page);

    // ---- anne.mor: the front page asks for her consent, with the words she agrees to
    await logIn(world, page, 'anne.mor');
    await expect.poll(() => shown(page.locator('h1'))).toBe('Hei, Anne Mor');
    const card = page.locator('section.consent-box');
    await expect
      .poll(() => shown(card.locator('h2')))
      .toBe('Kari Koordinator har laget en plan for deg — les og gi samtykke');
    const text = await shown(card);
    expect(text).toMatch(
      /Planen heter «Annes plan»\. Det er en individuell plan fra Demo kommune\./,
    );
    expect(text).toMatch(/Jeg samtykker til at det lages en plan for meg i Samvirke/);
    await checkPage(page);
    // The draft itself stays hidden until it is active.
    expect((await apiFrom(page, 'GET', `/api/plans/${planId}`)).status).toBe(404);

    // Nynorsk and English ask the same; the stored text stays as it is (bokmål).
    await page.getByRole('button', { name: 'Nynorsk' }).click();
    await expect
      .poll(() => shown(card.locator('h2')))
      .toBe('Kari Koordinator har laga ein plan for deg — les og gi samtykke');
    expect(await page.getByRole('button', { name: 'Eg samtykkjer' }).isVisible()).toBe(true);
    await checkPage(page);
    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => shown(card.locator('h2')))
      .toBe('Kari Koordinator has made a plan for you — read it and give your consent');
    await checkPage(page);
    await page.getByRole('button', { name: 'Bokmål' }).click();

    await page.getByRole('button', { name: 'Jeg samtykker' }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(
        /Takk\. Samtykket ditt til «Annes plan» er registrert\. Kari Koordinator gjør planen klar/,
      );
    await expect.poll(() => card.count()).toBe(0);
    await checkPage(page);
    // Recorded as given in the system by Anne herself; the plan is still a draft.
    const [consent] = await world.db.query<{
      method: string;
      given_by: string;
      recorded_by: string;
    }>(`select method, given_by, recorded_by from consents where plan_id = $1 and kind = 'plan'`, [
      planId,
    ]);
    expect(consent).toEqual({
      method: 'digital',
      given_by: DEMO_IDS.anne,
      recorded_by: DEMO_IDS.anne,
    });
    expect((await apiFrom(page, 'GET', `/api/plans/${planId}`)).status).toBe(404);
    await logOut(page);

    // ---- kari sees the consent and activates the plan
    await logIn(world, page, 'kari.koordinator');
    await page.goto(`${world.baseUrl}/planer/${planId}/samtykker`);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Samtykker');
    await expect
      .poll(() => shown(page.locator('main')))
      .toMatch(/Gitt av Anne Mor .*, i Samvirke\./);
    await page.getByRole('button', { name: 'Aktiver planen' }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Planen er aktiv/);
    await logOut(page);

    // ---- Anne finds her plan on the front page, and is asked for nothing more
    await logIn(world, page, 'anne.mor');
    await expect.poll(() => shown(page.locator('main'))).toMatch(/Annes plan/);
    expect(await page.locator('section.consent-box').count()).toBe(0);
    await checkPage(page);
    await logOut(page);
    expect(consoleErrors(page).filter((e) => !/status of 40[34]/.test(e))).toEqual([]);
    await page.close();
  });
});
