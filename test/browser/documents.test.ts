import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_IDS } from '../../src/server/modules/training/demo-plan.ts';
import { type BrowserWorld, consoleErrors, startBrowserWorld } from './helpers.ts';
import { checkPage, logIn, shown } from './steps.ts';

/** Documents in Olas plan: an upload, a refused kind of file, a download link, a delete. */

const PLAN = DEMO_PLAN_IDS.plan;

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

describe('documents in a plan', () => {
  it('kari.koordinator uploads a text file, is told plainly that an executable is refused, and deletes the file', async () => {
    const page = await world.newPage(360);
    await logIn(world, page, 'kari.koordinator');
    await page.goto(`${world.baseUrl}/planer/${PLAN}/dokumenter`);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Dokumenter');
    await checkPage(page);

    const file = page.getByLabel('Velg fil', { exact: true });
    await file.setInputFiles({
      name: 'referat-notater.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Notater fra møtet.\nNeste møte i januar.\n'),
    });
    await page.getByRole('button', { name: 'Last opp', exact: true }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/«referat-notater\.txt» er lastet opp/);
    const download = page.getByRole('link', { name: 'Last ned referat-notater.txt' });
    await expect.poll(() => download.isVisible()).toBe(true);
    expect(await download.getAttribute('href')).toMatch(/\/documents\/[^/]+\/content$/);
    await checkPage(page);

    // An executable under a PDF's name: refused by its content, said in plain words.
    await file.setInputFiles({
      name: 'faktura.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]),
    });
    await page.getByRole('button', { name: 'Last opp', exact: true }).click();
    await expect
      .poll(() => shown(page.locator('.focus-alert')))
      .toMatch(/Denne filtypen kan ikke lastes opp/);
    await checkPage(page);

    await page.getByRole('button', { name: 'Slett referat-notater.txt' }).click();
    await page.getByRole('button', { name: 'Ja, slett' }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/«referat-notater\.txt» er slettet/);
    await expect.poll(() => download.count()).toBe(0);

    // The refused upload logs a 415 in the console; nothing else may.
    expect(consoleErrors(page).filter((e) => !/status of 415/.test(e))).toEqual([]);
  }, 120_000);
});
