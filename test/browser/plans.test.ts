import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, consoleErrors, startBrowserWorld } from './helpers.ts';
import { apiFrom, checkPage, logIn, logOut, shown } from './steps.ts';

/** Synthetic (Tenor, month + 80): no real person has it. */
const NEW_PERSON_ID = '14898510167';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

describe('a plan from start to the access log', () => {
  it('the coordinator sets up a plan for a new person; the professional sees goals but not the log; the access log shows it', async () => {
    const page = await world.newPage(360);

    // ---- kari.koordinator registers the person and makes the plan
    await page.goto(`${world.baseUrl}/planer/ny`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/logg-inn');
    await logIn(world, page, 'kari.koordinator');
    await expect.poll(() => shown(page.locator('h1'))).toBe('Lag en ny plan');
    await checkPage(page);
    // A person not yet registered: the form links to registering first.
    await page.getByRole('link', { name: 'Registrer en ny person først' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Registrer person');
    await page.getByRole('textbox', { name: 'Fullt navn' }).fill('Nora Nyplan');
    await page.getByRole('textbox', { name: 'Fødselsnummer eller d-nummer' }).fill(NEW_PERSON_ID);
    await page.getByRole('textbox', { name: 'Mobilnummer' }).fill('412 34 999');
    await page.getByRole('button', { name: 'Registrer og send invitasjon' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Personen er registrert');
    await page.getByRole('link', { name: 'Lag plan for Nora Nyplan' }).click();

    // Back on /planer/ny with the person chosen and a title suggested.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/planer/ny');
    await expect.poll(() => shown(page.locator('.picked'))).toMatch(/Nora Nyplan/);
    const title = page.getByRole('textbox', { name: 'Navn på planen' });
    await expect.poll(() => title.inputValue()).toBe('Plan for Nora Nyplan');
    await title.fill('Noras plan');
    expect(await page.getByRole('radio', { name: 'Individuell plan' }).isChecked()).toBe(true);
    await checkPage(page);
    await page.getByRole('button', { name: 'Lag planen' }).click();

    await expect.poll(() => shown(page.locator('h1'))).toBe('Noras plan');
    const planPath = new URL(page.url()).pathname;
    expect(planPath).toMatch(/^\/planer\/[0-9a-f-]{36}$/);
    const planId = planPath.split('/').pop() ?? '';
    expect(await shown(page.locator('main'))).toMatch(/Planen er et utkast/);
    await checkPage(page);

    // ---- a goal, so there is something to see
    await page.goto(`${world.baseUrl}${planPath}/mal`);
    await page.getByRole('button', { name: 'Nytt mål' }).click();
    const goalTitle = page.getByRole('textbox', { name: 'Målet', exact: true });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('id')))
      .toBe(await goalTitle.getAttribute('id'));
    await checkPage(page);
    await goalTitle.fill('Gå til skolen på egen hånd');
    await page
      .getByRole('textbox', { name: 'Mer om målet (valgfritt)' })
      .fill('Først med følge.\nSå alene.');
    await page.getByRole('button', { name: 'Lagre' }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Målet er lagret/);
    const goal = page.locator('.section-items .item').first();
    expect(await shown(goal)).toMatch(/Gå til skolen på egen hånd/);
    // Plain text with its line breaks kept.
    expect(
      await goal.locator('.plain-text').evaluate((el) => getComputedStyle(el).whiteSpace),
    ).toBe('pre-wrap');
    expect(await shown(goal.locator('.plain-text'))).toBe('Først med følge.\nSå alene.');
    await checkPage(page);

    // ---- the team: per.fysio as a professional who sees goals only
    await page.goto(`${world.baseUrl}${planPath}/team`);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Teamet');
    await page.getByRole('link', { name: 'Legg til deltaker' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Legg til deltaker');
    await checkPage(page);
    await page
      .getByRole('searchbox', { name: 'Søk på navn eller fødselsnummer' })
      .fill('Per Fysio');
    await page.getByRole('button', { name: 'Søk', exact: true }).click();
    await page.getByRole('button', { name: 'Velg Per Fysio' }).click();
    await expect.poll(() => shown(page.locator('.picked'))).toMatch(/Per Fysio/);
    expect(await page.getByRole('radio', { name: 'Fagperson' }).isChecked()).toBe(true);
    // The preset for a professional is shown, then changed to goals only.
    expect(await page.getByRole('combobox', { name: 'Logg' }).inputValue()).toBe('write');
    await page
      .getByRole('textbox', { name: 'Stilling eller funksjon (valgfritt)' })
      .fill('Fysioterapeut');
    await page.getByRole('textbox', { name: 'Arbeidssted (valgfritt)' }).fill('Demo kommune');
    await page
      .getByRole('textbox', { name: 'Ansvar i planen (valgfritt)' })
      .fill('Trening for bedre balanse, to ganger i uka.');
    await page.getByRole('button', { name: 'Fjern all tilgang' }).click();
    await page.getByRole('combobox', { name: 'Mål' }).selectOption('read');
    expect(await page.getByRole('combobox', { name: 'Logg' }).inputValue()).toBe('none');
    await checkPage(page);
    await page.getByRole('button', { name: 'Legg til', exact: true }).click();

    await expect.poll(() => new URL(page.url()).pathname).toBe(`${planPath}/team`);
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Per Fysio er lagt til i planen\. Personen ser ingenting før samtykke/);
    // The table of who sees what: Per's row says goals, and nothing of the log.
    const perRow = page.locator('.access-table tbody tr', { hasText: 'Per Fysio' });
    const headers = await page.locator('.access-table thead th').allInnerTexts();
    const cells = await perRow.locator('th, td').allInnerTexts();
    const cell = (column: string) => cells[headers.indexOf(column)];
    expect(cell('Mål')).toBe('Kan se');
    expect(cell('Logg')).toBe('Ser ikke');
    expect(cell('Tiltak')).toBe('Ser ikke');
    expect(cell('Tilgang til og med')).toBe('Ingen sluttdato');
    expect(await shown(page.locator('main'))).toMatch(/Fagperson · Fysioterapeut, Demo kommune/);
    await checkPage(page);

    // ---- consent on paper: to the plan, and to sharing with Per; then activate
    await page.getByRole('link', { name: 'Gå til samtykker' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Samtykker');
    await checkPage(page);
    expect(await page.getByRole('radio', { name: 'Samtykke til planen' }).isChecked()).toBe(true);
    expect(
      await page.getByRole('combobox', { name: 'Hvem har skrevet under?' }).inputValue(),
    ).not.toBe('');
    await page.getByRole('button', { name: 'Registrer samtykket' }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Samtykke til planen er registrert/);
    expect(
      await page.getByRole('radio', { name: 'Samtykke til å dele med en deltaker' }).isChecked(),
    ).toBe(true);
    await page
      .getByRole('combobox', { name: 'Hvem skal opplysningene deles med?' })
      .selectOption({ label: 'Per Fysio (Fysioterapeut, Demo kommune)' });
    await page.getByRole('button', { name: 'Registrer samtykket' }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Samtykke til deling med Per Fysio er registrert/);
    await checkPage(page);
    await page.getByRole('button', { name: 'Aktiver planen' }).click();
    await expect
      .poll(() => shown(page.locator('[role="status"]').first()))
      .toMatch(/Planen er aktiv/);
    const history = await shown(page.locator('main'));
    expect(history).toMatch(/Samtykke til planen\s+Gjelder\s+Gitt av Nora Nyplan .*, på papir\./);
    expect(history).toMatch(/Deling med Per Fysio/);
    await checkPage(page);
    await logOut(page);

    // ---- per.fysio: the goals yes, the log no
    await logIn(world, page, 'per.fysio');
    // Per is in two plans (Olas and Noras): the front page lists them.
    await expect.poll(() => shown(page.locator('h1'))).toBe('Hei, Per Fysio');
    await expect.poll(() => shown(page.locator('main'))).toMatch(/Planene dine/);
    await checkPage(page);
    await page.getByRole('link', { name: 'Noras plan' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Noras plan');
    expect(new URL(page.url()).pathname).toBe(planPath);
    // The goals panel loads after the plan's head: wait for it before reading the page.
    await expect.poll(() => shown(page.locator('main'))).toMatch(/Gå til skolen på egen hånd/);
    const overview = await shown(page.locator('main'));
    // Parts Per may not see are left out, not shown as broken.
    expect(overview).not.toMatch(/Hva skjer nå/);
    expect(await page.getByRole('link', { name: 'Logg', exact: true }).count()).toBe(0);
    expect(overview).not.toMatch(/Noe gikk galt|Vi kunne ikke/);
    await checkPage(page);

    await page.goto(`${world.baseUrl}${planPath}/mal`);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Mål');
    await expect.poll(() => shown(page.locator('main'))).toMatch(/Gå til skolen på egen hånd/);
    expect(await shown(page.locator('main'))).toMatch(
      /Du kan lese denne delen, men ikke endre den/,
    );
    expect(await page.getByRole('button', { name: 'Nytt mål' }).count()).toBe(0);
    await checkPage(page);

    await page.goto(`${world.baseUrl}${planPath}/logg`);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Logg');
    await expect
      .poll(() => shown(page.locator('main')))
      .toMatch(/Du har ikke tilgang til denne delen/);
    expect(await shown(page.locator('main'))).toMatch(/spørre koordinatoren \(Kari Koordinator\)/);
    expect(await shown(page.locator('main'))).not.toMatch(/Noe gikk galt/);
    await checkPage(page);
    // The server agrees: the log is 403 for Per.
    expect((await apiFrom(page, 'GET', `/api/plans/${planId}/log`)).status).toBe(403);
    await logOut(page);

    // ---- kari reads the access log: Per read the goals
    await logIn(world, page, 'kari.koordinator');
    await page.goto(`${world.baseUrl}${planPath}/innsyn`);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Hvem har sett planen');
    await expect
      .poll(() => shown(page.locator('.access-log')))
      .toMatch(/Per Fysio, fysioterapeut, leste Mål, \d+\. \p{L}+ (kl\. )?\d\d[:.]\d\d/u);
    await checkPage(page);
    await logOut(page);
    expect(consoleErrors(page).filter((e) => !/status of 40[34]/.test(e))).toEqual([]);
    await page.close();
  });
});

describe('the owner on a phone', () => {
  it('ola.planeier opens Olas plan on the front page: goals, what happens next, the team; it prints cleanly', async () => {
    const page = await world.newPage(360);
    const scripts = new Map<string, number>();
    page.on('response', async (response) => {
      const url = response.url();
      if (!url.endsWith('.js') || !url.startsWith(world.baseUrl)) return;
      const body = await response.body().catch(() => null);
      if (body) scripts.set(url, gzipSync(body, { level: 9 }).length);
    });
    await logIn(world, page, 'ola.planeier');

    // A fresh load of the front page: what it costs in JavaScript is counted from here.
    scripts.clear();
    await page.goto(world.baseUrl);
    await expect.poll(() => shown(page.locator('h1'))).toBe('Hei, Ola Planeier');
    const main = page.locator('main');
    await expect.poll(() => shown(main)).toMatch(/Olas plan/);
    await expect.poll(() => page.locator('main .ds-spinner').count()).toBe(0);
    const text = await shown(main);
    expect(text).toMatch(/Målene/);
    expect(text).toMatch(/Hva skjer nå, og hvem gjør det/);
    expect(text).toMatch(/Hvem hjelper med hva/);
    expect(text).toMatch(/Neste gjennomgang/);
    expect(text).toMatch(/Per Fysio/);
    expect(text).toMatch(/Fysioterapeut/);
    // Lise's access has ended: she is not in the team the owner is shown.
    expect(await shown(page.locator('.overview-team'))).not.toMatch(/Lise Lærer/);
    // Never contact details.
    expect(text).not.toMatch(/@|\+47|\b\d{3} \d{2} \d{3}\b/);
    await checkPage(page);

    // The owner's front page stays within the JavaScript budget (≤ 150 KB gzipped).
    const total = [...scripts.values()].reduce((sum, size) => sum + size, 0);
    console.info(
      `owner's front page: ${scripts.size} JS files, ${(total / 1024).toFixed(1)} KB gzipped`,
    );
    expect(total, `front page JS: ${[...scripts.keys()].join(', ')}`).toBeLessThanOrEqual(
      150 * 1024,
    );

    // The plan page itself, and its parts.
    await page.getByRole('link', { name: 'Olas plan' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Olas plan');
    await checkPage(page);
    await page.getByRole('link', { name: 'Se hele teamet og hvem som ser hva' }).click();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Teamet');
    await checkPage(page);
    await page.goto(
      `${world.baseUrl}${new URL(page.url()).pathname.replace(/\/team$/, '/innsyn')}`,
    );
    await expect.poll(() => shown(page.locator('h1'))).toBe('Hvem har sett planen');
    await checkPage(page);
    await page.goBack();
    await page.goBack();
    await expect.poll(() => shown(page.locator('h1'))).toBe('Olas plan');

    // Nynorsk and English read as well, with nothing left in bokmål.
    await page.getByRole('button', { name: 'Nynorsk' }).click();
    await expect.poll(() => shown(page.locator('main'))).toMatch(/Kva skjer no, og kven gjer det/);
    expect(await shown(page.locator('main'))).toMatch(/Kven hjelper med kva/);
    await checkPage(page);
    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => shown(page.locator('main')))
      .toMatch(/What happens now, and who does it/);
    expect(await shown(page.locator('main'))).toMatch(/Who helps with what/);
    await checkPage(page);
    await page.getByRole('button', { name: 'Bokmål' }).click();
    await expect.poll(() => shown(page.locator('main'))).toMatch(/Hvem hjelper med hva/);

    // On paper: no header, footer, navigation or buttons; the plan's text is there.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site-header').isVisible()).toBe(false);
    expect(await page.locator('footer').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Skriv ut planen' }).isVisible()).toBe(false);
    expect(await page.locator('.print-only').isVisible()).toBe(true);
    expect(await shown(page.locator('main'))).toMatch(/Hvem hjelper med hva/);
    await page.emulateMedia({ media: 'screen' });
    await logOut(page);
    await page.close();
  });
});
