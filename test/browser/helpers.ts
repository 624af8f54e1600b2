import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type AppState, buildApp } from '../../src/server/app.ts';
import type { Db } from '../../src/server/db/index.ts';
import { WEB_DIST } from '../../src/server/http/web.ts';
import { loadDemoData } from '../../src/server/modules/training/demo-data.ts';
import { logCollector, testConfig } from '../helpers/app.ts';
import { createTestDb } from '../helpers/db.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type BrowserWorld = {
  baseUrl: string;
  db: Db;
  context: BrowserContext;
  logs: Record<string, unknown>[];
  /** A fresh page at the given width (default: a 360 px phone). */
  newPage(width?: number): Promise<Page>;
  /**
   * A second, independent browser (its own profile: cookies, storage), for a second person
   * logged in at the same time. Closed with the world.
   */
  newBrowser(): Promise<{ context: BrowserContext; newPage(width?: number): Promise<Page> }>;
  close(): Promise<void>;
};

/**
 * A real server on a free port (own migrated database, demo data, the built web app)
 * and a headless Chromium with an empty profile.
 */
export async function startBrowserWorld(env: Record<string, string> = {}): Promise<BrowserWorld> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(
      'dist/web is missing: run `npm test` (it builds the web app) or `npm run build` first',
    );
  }
  const testDb = await createTestDb();
  const logs: Record<string, unknown>[] = [];
  const state: AppState = { migrated: true };
  const port = await freePort();
  const config = testConfig({
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    ...env,
  });
  await loadDemoData(testDb.db, config);
  const app = await buildApp({ config, db: testDb.db, state, logStream: logCollector(logs) });
  await app.listen({ port, host: '127.0.0.1' });
  await app.background.start();
  const profile = mkdtempSync(path.join(tmpdir(), 'samvirke-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 360, height: 740 },
    locale: 'nb-NO',
  });
  // A stuck action fails with the locator it waited for, well inside the test's timeout.
  context.setDefaultTimeout(15_000);
  const extra: { context: BrowserContext; dir: string }[] = [];
  return {
    baseUrl: `http://localhost:${port}`,
    db: testDb.db,
    context,
    logs,
    async newPage(width = 360) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
      failOnConsoleErrors(page);
      return page;
    },
    async newBrowser() {
      const dir = mkdtempSync(path.join(tmpdir(), 'samvirke-chromium-'));
      const other = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 360, height: 740 },
        locale: 'nb-NO',
      });
      other.setDefaultTimeout(15_000);
      extra.push({ context: other, dir });
      return {
        context: other,
        async newPage(width = 360) {
          const page = await other.newPage();
          await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
          failOnConsoleErrors(page);
          return page;
        },
      };
    },
    async close() {
      for (const browser of extra) {
        await browser.context.close().catch(() => {});
        rmSync(browser.dir, { recursive: true, force: true });
      }
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
      await app.close();
      await testDb.drop();
    },
  };
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** CSP violations and script errors show up in the console: a page with any fails the test. */
function failOnConsoleErrors(page: Page): void {
  const errors: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    // "Not logged in" is an expected 401 from /api/me; Chromium logs every 4xx fetch.
    const expected401 = /Failed to load resource: the server responded with a status of 401/.test(
      text,
    );
    if (message.type() === 'error' && !expected401) errors.push(text);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { consoleErrors?: string[] }).consoleErrors = errors;
}

export function consoleErrors(page: Page): string[] {
  return (page as Page & { consoleErrors?: string[] }).consoleErrors ?? [];
}

/**
 * Runs axe with the WCAG 2.1 A and AA rules and fails on any violation, naming each.
 * Finite animations and transitions (a dialog fading in) are let finish first: axe reads
 * the colours as they are at that moment, and half-faded text fails contrast.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** true when the page is wider than the viewport (sideways scrolling on a phone). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}
