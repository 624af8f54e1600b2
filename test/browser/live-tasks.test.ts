import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_IDS } from '../../src/server/modules/training/demo-plan.ts';
import { type BrowserWorld, consoleErrors, startBrowserWorld } from './helpers.ts';
import { apiFrom, logIn, shown } from './steps.ts';

const PLAN = DEMO_PLAN_IDS.plan;
let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

describe('live tasks', () => {
  it('a new task shows on "Mine oppgaver" and the front page without a reload', async () => {
    const ola = await world.newPage(360);
    await logIn(world, ola, 'ola.planeier');
    await ola.goto(`${world.baseUrl}/oppgaver`);
    await expect.poll(() => shown(ola.locator('h1'))).toBe('Mine oppgaver');
    const second = await world.newBrowser();
    const front = await second.newPage(360);
    await logIn(world, front, 'ola.planeier');
    await front.goto(world.baseUrl);
    await expect.poll(() => front.locator('.overview-tasks').count()).toBe(1);

    const kari = await (await world.newBrowser()).newPage(360);
    await logIn(world, kari, 'kari.koordinator');
    const parts = await apiFrom<{ items: { id: string; name: string }[] }>(
      kari,
      'GET',
      `/api/plans/${PLAN}/participants`,
    );
    const olaP = parts.body.items.find((p) => p.name === 'Ola Planeier');
    const made = await apiFrom(kari, 'POST', `/api/plans/${PLAN}/tasks`, {
      title: 'Ringe banken',
      assigneeId: olaP?.id,
    });
    expect(made.status).toBe(201);
    await expect.poll(() => shown(ola.locator('main'))).toMatch(/Ringe banken/);
    await expect.poll(() => shown(front.locator('.overview-tasks'))).toMatch(/Ringe banken/);
    expect(consoleErrors(ola)).toEqual([]);
  }, 120_000);
});
