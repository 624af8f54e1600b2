import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_IDS } from '../../src/server/modules/training/demo-plan.ts';
import { type BrowserWorld, consoleErrors, startBrowserWorld } from './helpers.ts';
import { checkPage, logIn, shown } from './steps.ts';

/**
 * A care team meeting from calling to task: the coordinator calls a meeting in Olas plan
 * inviting the owner and the physiotherapist; the owner answers "Ja" from the plan on his
 * front page; the coordinator writes the minutes and turns a follow-up into a task for the
 * physiotherapist, who finds it under "Mine oppgaver".
 */

const PLAN = DEMO_PLAN_IDS.plan;
const TITLE = 'Ansvarsgruppemøte november';
const FOLLOWUP = 'Sende nytt treningsprogram til Ola';

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

/** Now in Norway: the date and the minute ("2026-11-26", 21 * 60 + 10). */
function osloNow(): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('a meeting from calling to a task', () => {
  it('kari.koordinator calls it; ola.planeier answers yes on his front page; the minutes turn a follow-up into a task for per.fysio', async () => {
    // A meeting that has started (so minutes can be written) and not ended (so it is next).
    const now = osloNow();
    const start = clock(Math.max(0, now.minutes - 5));
    const end = clock(Math.min(23 * 60 + 59, now.minutes + 60));

    // ---- the coordinator calls the meeting
    const kari = await world.newPage(360);
    await logIn(world, kari, 'kari.koordinator');
    await kari.goto(`${world.baseUrl}/planer/${PLAN}/moter`);
    await expect.poll(() => shown(kari.locator('h1'))).toBe('Møter');
    await checkPage(kari);
    await kari.getByRole('button', { name: 'Kall inn til møte' }).click();
    const title = kari.getByRole('textbox', { name: 'Tittel (valgfritt)' });
    await expect.poll(() => title.isVisible()).toBe(true);
    await title.fill(TITLE);
    await kari.getByLabel('Dato', { exact: true }).fill(now.date);
    await kari.getByLabel('Starter kl.', { exact: true }).fill(start);
    await kari.getByLabel('Slutter kl.', { exact: true }).fill(end);
    await kari.getByRole('textbox', { name: 'Sted eller videolenke' }).fill('Rådhuset, møterom 2');
    await kari
      .getByRole('textbox', { name: 'Saksliste (valgfritt)' })
      .fill('1. Treningen\n2. Bolig');
    await kari.getByRole('checkbox', { name: /Ola Planeier/ }).check();
    await kari.getByRole('checkbox', { name: /Per Fysio/ }).check();
    await checkPage(kari);
    await kari.getByRole('button', { name: 'Send innkalling' }).click();
    await expect
      .poll(() => shown(kari.locator('[role="status"]').first()))
      .toMatch(/Innkallingen er sendt/);
    const link = kari.getByRole('link', { name: TITLE });
    await expect.poll(() => link.isVisible()).toBe(true);
    await checkPage(kari);

    // ---- the owner, in his own browser, answers "Ja" from the plan on his front page
    const second = await world.newBrowser();
    const ola = await second.newPage(360);
    await logIn(world, ola, 'ola.planeier');
    await ola.goto(world.baseUrl);
    const next = ola.locator('.overview-meeting');
    await expect.poll(() => shown(next)).toMatch(new RegExp(TITLE));
    expect(await shown(next)).toMatch(/Rådhuset, møterom 2/);
    await checkPage(ola);
    const yes = next.getByRole('button', { name: 'Ja', exact: true });
    await yes.click();
    await expect.poll(() => yes.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => shown(next)).toMatch(/Svaret ditt er registrert: Ja/);
    await checkPage(ola);

    // ---- the coordinator sees the answer, then writes the minutes
    await link.click();
    await expect.poll(() => shown(kari.locator('h1'))).toBe(TITLE);
    const invitees = kari.locator('.invitee-list');
    await expect.poll(() => shown(invitees)).toMatch(/Ola Planeier[\s\S]*Kommer/);
    expect(
      await kari.getByRole('link', { name: 'Legg til i kalender' }).getAttribute('href'),
    ).toMatch(/\/calendar\.ics$/);
    await checkPage(kari);
    await kari.getByRole('button', { name: 'Skriv referat' }).click();
    await kari
      .getByRole('textbox', { name: 'Referat', exact: true })
      .fill('Vi gikk gjennom treningen.');
    await kari
      .getByRole('textbox', { name: /^Vedtak/ })
      .fill('Treningen fortsetter to ganger i uka');
    await kari.getByRole('button', { name: 'Legg til oppfølgingspunkt' }).click();
    await kari.getByRole('textbox', { name: 'Hva skal gjøres' }).fill(FOLLOWUP);
    await kari.getByLabel('Hvem', { exact: true }).selectOption({ label: 'Per Fysio' });
    await checkPage(kari);
    await kari.getByRole('button', { name: 'Lagre referatet' }).click();
    await expect
      .poll(() => shown(kari.locator('.minutes [role="status"]')))
      .toMatch(/Referatet er lagret/);
    expect(await shown(kari.locator('.followup-list'))).toMatch(/Per Fysio/);
    await kari.getByRole('button', { name: `Lag oppgave av «${FOLLOWUP}»` }).click();
    await expect.poll(() => shown(kari.locator('.followup-list'))).toMatch(/Er gjort til oppgave/);
    await checkPage(kari);

    // ---- the physiotherapist finds it under "Mine oppgaver"
    const third = await world.newBrowser();
    const per = await third.newPage(360);
    await logIn(world, per, 'per.fysio');
    await per.goto(`${world.baseUrl}/oppgaver`);
    await expect.poll(() => shown(per.locator('h1'))).toBe('Mine oppgaver');
    await expect.poll(() => shown(per.locator('main'))).toMatch(new RegExp(FOLLOWUP));
    expect(await shown(per.locator('main'))).toMatch(/I Olas plan/);
    await checkPage(per);
    // And in the plan's tasks.
    await per.goto(`${world.baseUrl}/planer/${PLAN}/oppgaver`);
    await expect.poll(() => shown(per.locator('h1'))).toBe('Oppgaver');
    await expect.poll(() => shown(per.locator('main'))).toMatch(new RegExp(FOLLOWUP));
    await checkPage(per);

    expect(consoleErrors(kari)).toEqual([]);
    expect(consoleErrors(ola)).toEqual([]);
    expect(consoleErrors(per)).toEqual([]);
  }, 180_000);

  it('kari.koordinator adds a task with assignee and due date; ola.planeier marks it done from "Mine oppgaver"', async () => {
    const kari = await world.newPage(360);
    await logIn(world, kari, 'kari.koordinator');
    await kari.goto(`${world.baseUrl}/planer/${PLAN}/oppgaver`);
    await expect.poll(() => shown(kari.locator('h1'))).toBe('Oppgaver');
    await kari.getByRole('textbox', { name: 'Oppgave', exact: true }).fill('Bestille hjelpemidler');
    await kari
      .getByLabel('Hvem skal gjøre den (valgfritt)', { exact: true })
      .selectOption({ label: 'Ola Planeier' });
    await kari.getByLabel('Frist (valgfritt)', { exact: true }).fill('2099-01-31');
    await checkPage(kari);
    await kari.getByRole('button', { name: 'Legg til oppgaven' }).click();
    await expect
      .poll(() => shown(kari.locator('[role="status"]').first()))
      .toMatch(/Oppgaven er lagt til/);
    await expect
      .poll(() => shown(kari.locator('main')))
      .toMatch(/Til Ola Planeier · Frist 31\. januar 2099/);
    await checkPage(kari);
    // The tasks as a spreadsheet: the link downloads a CSV with the new task in it.
    const csvLink = kari.getByRole('link', { name: 'Last ned oppgavene som regneark (CSV)' });
    const href = await csvLink.getAttribute('href');
    expect(href).toBe(`/api/plans/${PLAN}/tasks.csv`);
    const csv = await kari.evaluate(async (path) => {
      const res = await fetch(path);
      return { type: res.headers.get('content-type'), text: await res.text() };
    }, href ?? '');
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.text).toMatch(/Bestille hjelpemidler;;Ola Planeier;2099-01-31;Åpen/);

    const second = await world.newBrowser();
    const ola = await second.newPage(360);
    await logIn(world, ola, 'ola.planeier');
    await ola.goto(world.baseUrl);
    await expect.poll(() => shown(ola.locator('.overview-tasks'))).toMatch(/Bestille hjelpemidler/);
    await ola.goto(`${world.baseUrl}/oppgaver`);
    await expect.poll(() => shown(ola.locator('h1'))).toBe('Mine oppgaver');
    await ola.getByRole('button', { name: 'Merk «Bestille hjelpemidler» som fullført' }).click();
    await expect
      .poll(() => shown(ola.locator('[role="status"]').first()))
      .toMatch(/Oppgaven er merket som fullført/);
    await expect.poll(() => shown(ola.locator('main'))).not.toMatch(/Bestille hjelpemidler/);
    await checkPage(ola);

    await kari.reload();
    await expect
      .poll(() => shown(kari.locator('section[aria-labelledby="tasks-done"]')))
      .toMatch(/Bestille hjelpemidler/);
    expect(consoleErrors(kari)).toEqual([]);
    expect(consoleErrors(ola)).toEqual([]);
  }, 120_000);
});
