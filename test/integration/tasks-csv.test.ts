import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/server/http/csv.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld, pid, planAudit, recorder } from '../helpers/plans.ts';
import { createTask } from './meetings-factories.ts';

/**
 * A plan's tasks as a spreadsheet (GET /api/plans/:planId/tasks.csv): what people typed
 * cannot run as a formula when the file is opened (I6), the file is UTF-8 with æøå intact,
 * each download is audited, and the `tasks` section's rules decide who gets it (the route
 * matrix checks every person; here the named cases).
 */

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  r = recorder(t);
});
afterAll(async () => {
  try {
    r.expectNoLeaks(w.canaries);
  } finally {
    await t.close();
  }
});

const url = (planId: string) => `/api/plans/${planId}/tasks.csv`;

/** The file's lines, without the byte-order mark; cells split on `;` outside quotes. */
function parse(body: string): string[][] {
  expect(body.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = body.slice(1);
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  return rows;
}

describe('I6: cells that would start a formula', () => {
  it.each([
    ['=HYPERLINK("http://x","klikk")', `"'=HYPERLINK(""http://x"",""klikk"")"`],
    ['+47 22 33 44 55', `"'+47 22 33 44 55"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['Vanlig tekst', 'Vanlig tekst'],
    ['a;b', '"a;b"'],
    ['to\nlinjer', '"to\nlinjer"'],
    ['"sitat"', '"""sitat"""'],
    ['Æ ø å', 'Æ ø å'],
  ])('%j is written as %s', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });
});

describe('GET /api/plans/:planId/tasks.csv', () => {
  it('I6: a title typed as a formula comes out as text; æøå, quotes and line breaks survive', async () => {
    const formula = '=HYPERLINK("http://evil.example","Klikk her")';
    await createTask(t, w.coord, w.plan.id, {
      title: formula,
      description: 'Første linje; med «sitat» og "anførsel"\nAndre linje',
      assigneeId: pid(w.plan, w.proRead),
      dueDate: '2026-12-24',
    });
    await createTask(t, w.coord, w.plan.id, { title: '@Ring Ærlige Øyvind på Åsen' });

    const res = await r.call('GET', url(w.plan.id), w.coord.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="oppgaver.csv"; filename*=UTF-8''oppgaver.csv`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');

    const [header, ...rows] = parse(res.body);
    expect(header).toEqual([
      'Oppgave',
      'Beskrivelse',
      'Ansvarlig',
      'Frist',
      'Status',
      'Laget av',
      'Laget',
      'Fullført',
    ]);
    const byTitle = new Map(rows.map((row) => [row[0], row]));
    const first = byTitle.get(`'${formula}`);
    expect(first).toBeDefined();
    expect(first?.[1]).toBe('Første linje; med «sitat» og "anførsel"\nAndre linje');
    expect(first?.[2]).toBe(w.proRead.name);
    expect(first?.[3]).toBe('2026-12-24');
    expect(first?.[4]).toBe('Åpen');
    expect(first?.[5]).toBe(w.coord.name);
    expect(first?.[6]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(byTitle.has(`'@Ring Ærlige Øyvind på Åsen`)).toBe(true);
    // No cell anywhere starts a formula.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('each download leaves one audit row, with no content', async () => {
    const before = (await planAudit(t, w.plan.id, 'task.exported')).length;
    const res = await r.call('GET', url(w.plan.id), w.proRead.cookie);
    expect(res.statusCode).toBe(200);
    const rows = await planAudit(t, w.plan.id, 'task.exported');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ outcome: 'ok', actor_id: w.proRead.id, section: 'tasks' });
    expect(JSON.stringify(rows.at(-1)?.details ?? null)).not.toMatch(/HYPERLINK|Øyvind/);
  });

  it('in the reader’s language', async () => {
    await t.db.query(`update people set language = 'en' where id = $1`, [w.proRead.id]);
    try {
      const res = await r.call('GET', url(w.plan.id), w.proRead.cookie);
      expect(parse(res.body)[0]?.[0]).toBe('Task');
    } finally {
      await t.db.query(`update people set language = 'nb' where id = $1`, [w.proRead.id]);
    }
  });

  it('Z1: 404 for a stranger, an expired participant and another municipality; 403 without tasks', async () => {
    for (const person of [w.stranger, w.expired, w.coordB]) {
      const res = await r.call('GET', url(w.plan.id), person.cookie);
      expect(res.statusCode, person.name).toBe(404);
      expect(res.body).not.toMatch(/HYPERLINK/);
    }
    const none = await r.call('GET', url(w.plan.id), w.proNone.cookie);
    expect(none.statusCode).toBe(403);
    expect(none.body).not.toMatch(/HYPERLINK/);
    // No HEAD: it would make (and audit) the file only to throw it away.
    const head = await t.app.inject({
      method: 'HEAD',
      url: url(w.plan.id),
      headers: { cookie: w.coord.cookie },
    });
    expect(head.statusCode).toBe(404);
  });
});
