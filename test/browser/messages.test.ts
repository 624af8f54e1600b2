import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_IDS } from '../../src/server/modules/training/demo-plan.ts';
import { type BrowserWorld, consoleErrors, startBrowserWorld } from './helpers.ts';
import { checkPage, logIn, shown } from './steps.ts';

/**
 * Messages between two people, each in their own browser: the physiotherapist writes to
 * the team, the owner sees it arrive and the unread count change without reloading, and
 * exactly one SMS — saying only that something is waiting — reaches the owner.
 */

const PLAN = DEMO_PLAN_IDS.plan;
const planMessages = `/planer/${PLAN}/meldinger`;

let world: BrowserWorld;
beforeAll(async () => {
  // Each notification on its own (no gathering window), so the SMS is there at once.
  world = await startBrowserWorld({ NOTIFY_BATCH_SECONDS: '0' });
});
afterAll(() => world?.close());

type OutboxItem = { channel: string; to: string; subject?: string; text: string; sentAt: string };

async function outbox(username: string): Promise<OutboxItem[]> {
  const res = await fetch(`${world.baseUrl}/api/dev/outbox?to=${encodeURIComponent(username)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: OutboxItem[] }).items;
}

const smsTo = async (username: string) =>
  (await outbox(username)).filter((item) => item.channel === 'sms');

/** The unread count the header's "Meldinger" link says (0 when it says none). */
async function unreadInHeader(page: Page): Promise<number> {
  const text = await page.locator('header a.messages-nav-link').textContent({ timeout: 1000 });
  const match = /(\d+)\s+ulest/.exec(text ?? '');
  return match?.[1] ? Number(match[1]) : 0;
}

const liveRegion = (page: Page): Locator => page.locator('main [aria-live="polite"]');

describe('messages between the owner and the physiotherapist', () => {
  it('per.fysio writes; ola.planeier sees it arrive and the count change without reloading; one SMS, naming nothing', async () => {
    // ---- the owner, in the first browser: the inbox, then the plan's conversations
    const owner = await world.newPage(360);
    await logIn(world, owner, 'ola.planeier');
    await expect.poll(() => unreadInHeader(owner)).toBe(2);
    await owner.locator('header a.messages-nav-link').click();
    await expect.poll(() => shown(owner.locator('h1'))).toBe('Meldinger');
    await expect
      .poll(() => shown(owner.locator('main')))
      .toMatch(/Ansvarsgruppemøte i neste måned/);
    const inboxText = await shown(owner.locator('main'));
    expect(inboxText).toMatch(/Matlagingskurset/);
    expect(inboxText).toMatch(/Olas plan: 2 uleste/);
    await checkPage(owner);

    await owner.goto(`${world.baseUrl}${planMessages}`);
    await expect.poll(() => shown(owner.locator('h1'))).toBe('Meldinger');
    await expect.poll(() => owner.locator('.thread').count()).toBe(2);
    const before = await unreadInHeader(owner);
    expect(before).toBe(2);
    // Marks this page view: a reload would lose it.
    await owner.evaluate(() => {
      (window as Window & { stillHere?: boolean }).stillHere = true;
    });
    const smsBefore = (await smsTo('ola.planeier')).length;

    // ---- the physiotherapist, in a browser of his own, writes to the whole team
    const second = await world.newBrowser();
    const per = await second.newPage(360);
    await logIn(world, per, 'per.fysio');
    await per.goto(`${world.baseUrl}${planMessages}`);
    await expect.poll(() => shown(per.locator('h1'))).toBe('Meldinger');
    await per.getByRole('button', { name: 'Ny melding' }).click();
    const subject = per.getByRole('textbox', { name: 'Emne (valgfritt)' });
    await expect.poll(() => subject.isVisible()).toBe(true);
    await checkPage(per);
    await subject.fill('Treningen neste uke');
    await per
      .getByRole('textbox', { name: 'Melding', exact: true })
      .fill(
        'Hei!\nTreningen på torsdag flyttes til fredag kl. 10.\nTimeplanen: https://www.example.no/timeplan',
      );
    expect(await per.getByRole('radio', { name: 'Hele teamet' }).isChecked()).toBe(true);
    await per.getByRole('button', { name: 'Send', exact: true }).click();
    await expect
      .poll(() => shown(per.locator('[role="status"]').first()))
      .toMatch(/Meldingen er sendt/);
    await expect.poll(() => shown(per.locator('.thread-list'))).toMatch(/Treningen neste uke/);

    // ---- the owner sees it arrive, and the count go up, in the same page view
    const thread = owner.getByRole('link', { name: 'Treningen neste uke' });
    await expect.poll(() => thread.isVisible()).toBe(true);
    await expect.poll(() => unreadInHeader(owner)).toBe(before + 1);
    await expect.poll(() => shown(liveRegion(owner))).toBe('Ny melding fra Per Fysio');
    expect(await owner.evaluate(() => (window as Window & { stillHere?: boolean }).stillHere)).toBe(
      true,
    );
    expect(await shown(owner.locator('.thread-unread').first())).toMatch(/1 ny/);

    // ---- while it is unread, exactly one SMS reaches the owner (a message read before
    // the worker runs is not worth an SMS: the worker skips what is no longer unread)
    await expect
      .poll(async () => (await smsTo('ola.planeier')).length, { timeout: 15_000 })
      .toBe(smsBefore + 1);

    // ---- opening the conversation: plain text with its lines, a safe link, the recipients
    await thread.click();
    await expect.poll(() => shown(owner.locator('h1'))).toBe('Treningen neste uke');
    const message = owner.locator('article.message').first();
    await expect.poll(() => shown(message)).toMatch(/Per Fysio/);
    const text = await shown(message.locator('.message-text'));
    expect(text).toBe(
      'Hei!\nTreningen på torsdag flyttes til fredag kl. 10.\nTimeplanen: https://www.example.no/timeplan',
    );
    const link = message.locator('.message-text a');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('https://www.example.no/timeplan');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const to = await shown(message.locator('.message-to'));
    expect(to).toMatch(/Til: /);
    expect(to).toMatch(/Ola Planeier/);
    expect(to).toMatch(/Kari Koordinator/);
    expect(to).toMatch(/Anne Mor/);
    expect(to).not.toMatch(/Lise/);
    expect(await shown(message)).toMatch(/Lest av \d av 3/);
    // Shown, so read: the count goes back down.
    await expect.poll(() => unreadInHeader(owner)).toBe(before);
    await checkPage(owner);

    // ---- the sender sees who has read it, and when
    await per.getByRole('link', { name: 'Treningen neste uke' }).click();
    await expect.poll(() => shown(per.locator('h1'))).toBe('Treningen neste uke');
    const mine = per.locator('article.message').first();
    await expect.poll(() => shown(mine)).toMatch(/Lest av 1 av 3/);
    await mine.locator('.read-details summary').click();
    const readers = await shown(mine.locator('.read-list'));
    expect(readers).toMatch(/Ola Planeier\s+lest \d/);
    expect(readers).toMatch(/Kari Koordinator\s+ikke lest ennå/);
    // Read by someone: no longer editable, but it can still be withdrawn.
    expect(await mine.getByRole('button', { name: /^Endre/ }).count()).toBe(0);
    expect(await mine.getByRole('button', { name: /^Trekk tilbake/ }).count()).toBe(1);
    await checkPage(per);

    // ---- still exactly one SMS for the owner, and it names nobody and nothing
    // Nothing more comes after a while (never twice).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const sms = await smsTo('ola.planeier');
    expect(sms.length).toBe(smsBefore + 1);
    const [notice] = sms; // newest first
    expect(notice?.text).toMatch(/ny melding/i);
    expect(notice?.text).not.toMatch(/Per|Fysio|Trening|torsdag|fredag|Olas plan|example\.no/i);

    expect(consoleErrors(owner)).toEqual([]);
    expect(consoleErrors(per)).toEqual([]);
    await owner.close();
    await per.close();
  }, 150_000);

  it('the composer keeps a draft through a failed send; a message to one person is edited, then withdrawn after confirming', async () => {
    const second = await world.newBrowser();
    const per = await second.newPage(360);
    await logIn(world, per, 'per.fysio');
    const smsBefore = (await smsTo('ola.planeier')).length;
    await per.goto(`${world.baseUrl}${planMessages}`);
    await per.getByRole('button', { name: 'Ny melding' }).click();
    await per.getByRole('textbox', { name: 'Emne (valgfritt)' }).fill('Bare til Kari');
    const body = per.getByRole('textbox', { name: 'Melding', exact: true });
    await body.fill('Kan vi snakke sammen\nfør møtet?');
    await per.getByRole('radio', { name: 'Velg hvem' }).click();
    await per.getByRole('checkbox', { name: /Kari Koordinator/ }).check();
    await checkPage(per);

    // ---- the send cannot reach the server: a clear error, the text kept
    await per.route('**/api/plans/*/messages', (route) =>
      route.request().method() === 'POST' ? route.abort() : route.continue(),
    );
    await per.getByRole('button', { name: 'Send', exact: true }).click();
    await expect
      .poll(() => shown(per.locator('.focus-alert')))
      .toMatch(/Vi fikk ikke kontakt med Samvirke/);
    expect(await body.inputValue()).toBe('Kan vi snakke sammen\nfør møtet?');

    // ---- leaving the page and coming back: the draft is offered back, as it was
    await per.unroute('**/api/plans/*/messages');
    await per.goto(`${world.baseUrl}/planer/${PLAN}`);
    await per.goto(`${world.baseUrl}${planMessages}`);
    await expect
      .poll(() => shown(per.locator('main')))
      .toMatch(/Du skrev en melding som ikke ble sendt/);
    expect(await per.getByRole('textbox', { name: 'Emne (valgfritt)' }).inputValue()).toBe(
      'Bare til Kari',
    );
    expect(await body.inputValue()).toBe('Kan vi snakke sammen\nfør møtet?');
    expect(await per.getByRole('checkbox', { name: /Kari Koordinator/ }).isChecked()).toBe(true);
    await per.getByRole('button', { name: 'Send', exact: true }).click();
    await expect
      .poll(() => shown(per.locator('[role="status"]').first()))
      .toMatch(/Meldingen er sendt/);
    const drafts = await per.evaluate(() =>
      Object.keys(sessionStorage).filter((key) => key.startsWith('samvirke.draft.')),
    );
    expect(drafts).toEqual([]);

    // ---- nobody has read it yet: it can be edited
    await per.getByRole('link', { name: 'Bare til Kari' }).click();
    await expect.poll(() => shown(per.locator('h1'))).toBe('Bare til Kari');
    const message = per.locator('article.message').first();
    expect(await shown(message.locator('.message-to'))).toBe('Til: Kari Koordinator');
    await message.getByRole('button', { name: /^Endre/ }).click();
    const edit = message.getByRole('textbox', { name: 'Melding', exact: true });
    await edit.fill('Kan vi snakke sammen før møtet på tirsdag?');
    await message.getByRole('button', { name: 'Lagre endringen' }).click();
    await expect
      .poll(() => shown(message.locator('.message-text')))
      .toBe('Kan vi snakke sammen før møtet på tirsdag?');
    expect(await shown(message)).toMatch(/Endret /);

    // ---- withdrawn after confirming in a dialog: a visible "trukket tilbake" mark
    await message.getByRole('button', { name: /^Trekk tilbake/ }).click();
    const dialog = per.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await settle(per, dialog);
    await checkPage(per);
    await dialog.getByRole('button', { name: 'Ja, trekk tilbake' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => shown(message)).toMatch(/Trukket tilbake/);
    expect(await shown(message)).toMatch(/Meldingen ble trukket tilbake/);
    expect(await shown(message)).not.toMatch(/snakke sammen/);
    await checkPage(per);

    // ---- the same in nynorsk and English (the messages texts come with the page)
    await per.getByRole('button', { name: 'Nynorsk' }).click();
    await expect.poll(() => shown(message)).toMatch(/Trekt tilbake/);
    expect(await shown(message.locator('.message-to'))).toBe('Til: Kari Koordinator');
    expect(await shown(per.locator('header a.messages-nav-link'))).toMatch(/^Meldingar/);
    await checkPage(per);
    await per.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => shown(message)).toMatch(/Withdrawn/);
    expect(await shown(message)).toMatch(/The message was withdrawn/);
    expect(await shown(message.locator('.message-to'))).toBe('To: Kari Koordinator');
    await per.goto(`${world.baseUrl}/meldinger`);
    await expect.poll(() => shown(per.locator('h1'))).toBe('Messages');
    await expect.poll(() => shown(per.locator('main'))).toMatch(/Conversations/);
    await checkPage(per);
    await per.getByRole('button', { name: 'Bokmål' }).click();

    // Kari's message never reached the owner.
    expect((await smsTo('ola.planeier')).length).toBe(smsBefore);
    // The aborted send is the only error the browser logged.
    expect(consoleErrors(per).filter((e) => !/net::ERR_FAILED/.test(e))).toEqual([]);
    await per.close();
  }, 120_000);
});

async function settle(page: Page, dialog: Locator): Promise<void> {
  // An interrupted animation's `finished` may never settle: wait at most two seconds.
  await dialog.evaluate((el) =>
    Promise.race([
      Promise.all(
        el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined)),
      ),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]),
  );
  await page.waitForTimeout(50);
}
