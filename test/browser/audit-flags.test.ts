import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewAudit } from '../../src/server/modules/audit-review/review.ts';
import { DEMO_IDS } from '../../src/server/modules/training/demo-data.ts';
import { type BrowserWorld, consoleErrors, startBrowserWorld } from './helpers.ts';
import { checkPage, logIn, shown } from './steps.ts';

/**
 * SECURITY.md L6 in the browser: the organisation administrator (siri.admin) opens
 * "Uvanlig lesing", sees the flag the review job wrote about Per Fysio (and not the one
 * about another municipality's coordinator), and marks it reviewed with a note.
 */

let world: BrowserWorld;

/** Yesterday at noon, Norwegian time, as SQL: a whole daytime hour long gone. */
const NOON_YESTERDAY = `((date_trunc('day', now() at time zone 'Europe/Oslo') - interval '1 day' + interval '12 hours') at time zone 'Europe/Oslo')`;

/** 25 plans read by the person in one hour, as the audit trail would hold them. */
async function seedBulkReading(personId: string, organizationId: string): Promise<void> {
  await world.db.query(
    `insert into audit_log (at, actor_id, actor_role, organization_id, action, plan_id, section,
       outcome, ip, request_id)
     select ${NOON_YESTERDAY} + make_interval(mins => i), $1, 'professional', $2, 'section.read',
       gen_random_uuid(), 'goals', 'ok', '10.0.0.9', 'seed-' || i
     from generate_series(1, 25) i`,
    [personId, organizationId],
  );
}

beforeAll(async () => {
  world = await startBrowserWorld();
  await world.db.query(
    `update audit_review_state set reviewed_until = date_trunc('hour', now(), 'UTC') - interval '3 days'`,
  );
  await seedBulkReading(DEMO_IDS.per, DEMO_IDS.demoKommune);
  await seedBulkReading(DEMO_IDS.tor, DEMO_IDS.annenKommune);
  await reviewAudit(world.db);
});
afterAll(() => world?.close());

describe('unusual reading (Uvanlig lesing)', () => {
  it('siri.admin finds the page from the front page, sees the flag of her own organisation and marks it reviewed', async () => {
    const page = await world.newPage(360);
    await logIn(world, page, 'siri.admin');
    await page.goto(world.baseUrl);
    const link = page.getByRole('link', { name: 'Uvanlig lesing' });
    await expect.poll(() => link.isVisible()).toBe(true);
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/uvanlig-lesing');
    await expect.poll(() => shown(page.locator('h1'))).toBe('Uvanlig lesing');
    await expect.poll(() => page.locator('.audit-flag-list > li').count()).toBe(1);
    await checkPage(page);

    const item = page.locator('.audit-flag-list > li').first();
    const text = await shown(item);
    expect(text).toMatch(/Per Fysio/);
    expect(text).toMatch(/Leste mange planer/);
    expect(text).toMatch(/Ulike planer lest\s*25/);
    expect(text).toMatch(/Fagperson/);
    expect(text).toMatch(/kl\. 12:00–13:00/);
    expect(await shown(page.locator('main'))).not.toMatch(/Tor Annenkommune/);

    await item.getByRole('button', { name: 'Merk som gjennomgått' }).click();
    const note = page.getByRole('textbox', { name: 'Notat (valgfritt)' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await note.fill('Ny i jobben, har gått gjennom planene med lederen.');
    await checkPage(page);
    await item.getByRole('button', { name: 'Merk som gjennomgått' }).click();

    await expect
      .poll(() => shown(page.getByRole('status').first()))
      .toMatch(/Varselet om Per Fysio er merket som gjennomgått/);
    await expect.poll(() => shown(page.locator('main'))).toMatch(/Ingen åpne varsler/);
    await expect.poll(() => page.locator('.audit-flag-list > li').count()).toBe(0);
    await checkPage(page);

    const [flag] = await world.db.query<{ reviewed_by: string; note: string }>(
      `select reviewed_by, note from audit_flags where person_id = $1`,
      [DEMO_IDS.per],
    );
    expect(flag).toEqual({
      reviewed_by: DEMO_IDS.siri,
      note: 'Ny i jobben, har gått gjennom planene med lederen.',
    });
    const [audit] = await world.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'auditFlag.reviewed' and actor_id = $1 and outcome = 'ok'`,
      [DEMO_IDS.siri],
    );
    expect(audit?.n).toBe(1);
    expect(consoleErrors(page)).toEqual([]);
  }, 120_000);

  it('a coordinator has no link and is told they have no access', async () => {
    const kari = await (await world.newBrowser()).newPage(360);
    await logIn(world, kari, 'kari.koordinator');
    await kari.goto(world.baseUrl);
    await expect.poll(() => kari.getByRole('link', { name: 'Finn person' }).isVisible()).toBe(true);
    expect(await kari.getByRole('link', { name: 'Uvanlig lesing' }).count()).toBe(0);
    await kari.goto(`${world.baseUrl}/uvanlig-lesing`);
    await expect.poll(() => shown(kari.locator('h1'))).toBe('Du har ikke tilgang');
    await checkPage(kari);
    expect(consoleErrors(kari)).toEqual([]);
  }, 60_000);
});
