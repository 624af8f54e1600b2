import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { longPlan } from '../../../../test/helpers/long-plan.ts';
import { renderPlan } from './render.ts';
import { createRenderPool } from './render-pool.ts';

/**
 * The layout of the printed plan (pdf.ts) on a long plan, read back with pdf.js: no page
 * ends with a heading, and rows of a table are never split. The render pool (a worker
 * thread) gives the same bytes as rendering in this thread, and says 503 when full.
 */

type Tree = { role?: string; type?: string; id?: string; children?: Tree[] };

/** The structure role of each piece of tagged content on a page, in reading order. */
function contentRoles(node: Tree, role = ''): string[] {
  if (node.type === 'content') return [role];
  return (node.children ?? []).flatMap((c) => contentRoles(c, node.role ?? role));
}

describe('the printed plan’s layout', () => {
  it('never ends a page with a heading, and keeps the team table’s rows whole', async () => {
    const { bytes, pages } = await renderPlan(longPlan(120));
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    expect(pdf.numPages).toBe(pages);
    expect(pages).toBeGreaterThan(10);
    const lastRoles: string[] = [];
    const cellsPerPage: number[] = [];
    for (let n = 1; n <= pages; n += 1) {
      const roles = contentRoles((await (await pdf.getPage(n)).getStructTree()) as Tree);
      lastRoles.push(roles.at(-1) ?? '');
      cellsPerPage.push(roles.filter((r) => r === 'TD' || r === 'TH').length);
    }
    for (const [page, role] of lastRoles.entries()) {
      expect(['H1', 'H2', 'H3', 'H4'], `page ${page + 1} ends with ${role}`).not.toContain(role);
    }
    // The cover’s facts (owner, coordinator, period, next revision: two cells each) on page 1, then the team: 30 rows of
    // three cells and the header row. A split row would leave a page with a number of
    // team cells that is not a multiple of three.
    const FACTS = 4 * 2;
    const team = cellsPerPage.map((c, page) => (page === 0 ? c - FACTS : c)).filter((c) => c > 0);
    expect(team.length).toBeGreaterThan(1);
    for (const count of team) expect(count % 3).toBe(0);
    expect(team.reduce((a, b) => a + b, 0)).toBe(31 * 3);
  });

  it('repeats the team table’s column headers on its next page, as an artifact', async () => {
    const { bytes } = await renderPlan(longPlan(1));
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const texts: string[][] = [];
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const content = await (await pdf.getPage(n)).getTextContent();
      texts.push(content.items.flatMap((i) => ('str' in i ? [i.str] : [])));
    }
    const withHeader = texts.filter((t) => t.includes('Rolle og arbeidssted'));
    expect(withHeader.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the render pool', () => {
  it('makes the PDF in a worker thread: the same text as in this thread', async () => {
    const pool = createRenderPool();
    try {
      const data = longPlan(3);
      const [here, there] = await Promise.all([renderPlan(data), pool.render(data)]);
      expect(there.pages).toBe(here.pages);
      expect(there.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(there.bytes.length).toBe(here.bytes.length);
    } finally {
      await pool.close();
    }
  });

  it('answers 503 with Retry-After when too many are waiting, and still makes the others', async () => {
    const pool = createRenderPool();
    try {
      const data = longPlan(2);
      const runs = Array.from({ length: 20 }, () => pool.render(data));
      const results = await Promise.allSettled(runs);
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) {
        expect(r.reason).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
      }
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(16);
    } finally {
      await pool.close();
    }
  });
});
