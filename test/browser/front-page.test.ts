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

const LANGUAGES = [
  { code: 'nn', name: 'Nynorsk', login: 'Logg inn' },
  { code: 'en', name: 'English', login: 'Log in' },
  { code: 'nb', name: 'Bokmål', login: 'Logg inn' },
] as const;

describe('front page', () => {
  for (const width of [360, 1280]) {
    it(`says what Samvirke is and offers "Logg inn" at ${width} px, with no axe violations`, async () => {
      const page = await world.newPage(width);
      await page.goto(world.baseUrl);
      await expect.poll(() => page.locator('h1').count()).toBe(1);
      expect(await page.locator('html').getAttribute('lang')).toBe('nb');
      await expect
        .poll(() => page.getByRole('link', { name: 'Logg inn' }).first().isVisible())
        .toBe(true);
      expect(await page.locator('main').count()).toBe(1);
      expect(await page.locator('header').count()).toBeGreaterThan(0);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await expectNoAxeViolations(page);
      expect(consoleErrors(page)).toEqual([]);
      await page.close();
    });
  }

  it('reads in all three languages and remembers the choice after a reload', async () => {
    const page = await world.newPage();
    await page.goto(world.baseUrl);
    const titles = new Set<string>();
    for (const language of LANGUAGES) {
      await page.getByRole('button', { name: language.name }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language.code);
      await expect
        .poll(() => page.getByRole('button', { name: language.name }).getAttribute('aria-pressed'))
        .toBe('true');
      await expect
        .poll(() => page.getByRole('link', { name: language.login }).first().isVisible())
        .toBe(true);
      titles.add((await page.locator('h1').textContent()) ?? '');
      await expectNoAxeViolations(page);
    }
    // Three languages, three different headings: nothing is left untranslated on the page.
    expect(titles.size).toBe(3);
    await page.getByRole('button', { name: 'English' }).click();
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Bokmål' }).click();
    expect(consoleErrors(page)).toEqual([]);
    await page.close();
  });

  it('works with the keyboard alone: the skip link comes first and moves focus to main', async () => {
    const page = await world.newPage();
    await page.goto(world.baseUrl);
    // Wait for the app to render before using the keyboard.
    await expect.poll(() => page.locator('h1').count()).toBe(1);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(first).toMatch(/Hopp til hovedinnhold/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Reach "Logg inn" by Tab and follow it with Enter.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (text.trim() === 'Logg inn') break;
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/logg-inn');
    await expect
      .poll(() => page.getByRole('link', { name: 'Logg inn med ID-porten' }).isVisible())
      .toBe(true);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('an unknown address shows a friendly page, not an error', async () => {
    const page = await world.newPage();
    const response = await page.goto(`${world.baseUrl}/finnes-ikke`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
