import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserWorld,
  consoleErrors,
  expectNoAxeViolations,
  hasHorizontalScroll,
  startBrowserWorld,
} from './helpers.ts';

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

describe('login through the test ID-porten', () => {
  it('the demo owner logs in and reaches the front page logged in', async () => {
    const page = await world.newPage();
    await page.goto(`${world.baseUrl}/logg-inn`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Logg inn med ID-porten' }).click();
    // The built-in provider's page lists the synthetic people.
    await page.waitForURL(/\/test-idp\//);
    await expect
      .poll(() => page.getByRole('button', { name: /Ola Planeier/ }).isVisible())
      .toBe(true);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: /Ola Planeier/ }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => page.getByText('Ola Planeier').first().isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me).toMatchObject({ name: 'Ola Planeier', authMethod: 'idporten' });
    expect(consoleErrors(page)).toEqual([]);
    await page.close();
  });

  it('an unregistered person is refused kindly, told to ask the coordinator, and gets no session', async () => {
    // A new visitor: no session here and none at the provider from the test above.
    await world.context.clearCookies();
    const page = await world.newPage();
    await page.goto(`${world.baseUrl}/logg-inn`);
    await page.getByRole('link', { name: 'Logg inn med ID-porten' }).click();
    await page.waitForURL(/\/test-idp\//);
    // A valid synthetic number that no one registered.
    await page.getByLabel(/Fødselsnummer, 11 siffer/).fill('04837743376');
    await page
      .getByRole('button', { name: /^Logg inn/ })
      .last()
      .click();
    await page.waitForURL(
      (url) => url.pathname === '/logg-inn' && url.searchParams.get('error') === 'unknown-person',
    );
    await expect
      .poll(() =>
        page
          .getByText(/koordinator/i)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await expectNoAxeViolations(page);
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
    const people = await world.db.query(`select 1 from people where name = 'Ukjent'`);
    expect(people).toEqual([]);
    await page.close();
  });
});
