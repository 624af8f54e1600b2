import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForToken } from '../../src/server/auth/actor.ts';
import type { Db } from '../../src/server/db/index.ts';
import { attachment } from '../../src/server/http/attachment.ts';
import type { PlanExport } from '../../src/server/modules/export/gather.ts';
import { renderPlan } from '../../src/server/modules/export/render.ts';
import { createExportService } from '../../src/server/modules/export/service.ts';
import { DEMO_IDS, loadDemoData } from '../../src/server/modules/training/demo-data.ts';
import { DEMO_PLAN_IDS } from '../../src/server/modules/training/demo-plan.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld, pid } from '../helpers/plans.ts';
import { call, leakedCanaries, sessionCookie, type WorldPerson } from './people-factories.ts';

/**
 * The printed plan (issue 6, item 4): GET /api/plans/:planId/export.pdf. The text of each
 * PDF is extracted with a PDF library (unpdf, pdf.js) and searched: the caller's sections
 * are there, the others are not; Norwegian letters and script-like titles come out as
 * typed (I4); every export is audited (L1); access revoked while the PDF is being made
 * stops it (Z13).
 */

let t: TestApp;
let w: PlanWorld;

const url = (planId: string) => `/api/plans/${planId}/export.pdf`;

const T = {
  goal: 'Bo i egen leilighet på Grünerløkka',
  subGoal: 'Lære å lage middag – æøå ÆØÅ',
  scriptGoal: '<script>alert(1)</script>',
  measure: 'Fysioterapi for styrke og balanse',
  evaluation: 'Balansen er blitt mye bedre siden høsten.',
  log: 'Loggnotat: Ola var sliten etter treningen.',
  contribution: 'Mamma kjører til treningen på tirsdager.',
  cooperation: 'Samarbeid med habiliteringstjenesten om hjelpemidler.',
  aboutMe: 'Å klare meg selv, og å ha tid til venner og musikk.',
  responsibility: 'Treningsopplegg to ganger i uka.',
};

async function insertItem(
  planId: string,
  section: string,
  data: Record<string, unknown>,
  by: string,
  parentId: string | null = null,
): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(
    `insert into plan_items (plan_id, section, parent_id, data, created_by, updated_by)
     values ($1, $2, $3, $4::jsonb, $5, $5) returning id`,
    [planId, section, parentId, JSON.stringify(data), by],
  );
  if (!row) throw new Error('no item');
  return row.id;
}

async function pdfText(bytes: Buffer | Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

type StructNode = { role: string; parent: string | null };
type PdfStructTree = { role?: string; type?: string; id?: string; children?: PdfStructTree[] };

/** The structure tree of every page, flattened in reading order (pdf.js). */
async function structure(bytes: Buffer | Uint8Array): Promise<StructNode[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const nodes: StructNode[] = [];
  const walk = (node: PdfStructTree, parent: string | null) => {
    if (node.role && node.role !== 'Root') nodes.push({ role: node.role, parent });
    for (const child of node.children ?? [])
      walk(child, node.role && node.role !== 'Root' ? node.role : parent);
  };
  for (let n = 1; n <= pdf.numPages; n += 1) {
    walk((await (await pdf.getPage(n)).getStructTree()) as PdfStructTree, null);
  }
  return nodes;
}

/** pdf.js gives a marked-content item's tag, though its types leave it out. */
const markTag = (item: object): string =>
  'tag' in item && typeof item.tag === 'string' ? item.tag : '';

/** The marked-content ids a page's structure tree refers to. */
function contentIds(tree: unknown): string[] {
  const node = tree as PdfStructTree;
  return [
    ...(node.type === 'content' && node.id ? [node.id] : []),
    ...(node.children ?? []).flatMap(contentIds),
  ];
}

/** The coordinator's export, made once and read by several tests. */
let coordinators: ReturnType<typeof exportAs> | undefined;
const coordinatorExport = () => {
  coordinators ??= exportAs(w.coord);
  return coordinators;
};

async function exportAs(person: WorldPerson, planId = w.plan.id) {
  const res = await call(t, 'GET', url(planId), person.cookie);
  return { res, text: res.statusCode === 200 ? await pdfText(res.rawPayload) : '' };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  const plan = w.plan.id;
  const by = w.coord.id;
  await t.db.query(
    `update plans set period_start = '2026-01-01', period_end = '2026-12-31',
       next_revision = '2026-06-01' where id = $1`,
    [plan],
  );
  await t.db.query(
    `update participants set function_title = 'Fysioterapeut', organization_name = 'Demo kommune',
       responsibility = $2 where id = $1`,
    [pid(w.plan, w.proRead), T.responsibility],
  );
  const goal = await insertItem(plan, 'goals', { title: T.goal, status: 'active' }, by);
  await insertItem(plan, 'goals', { title: T.subGoal, status: 'proposed' }, by, goal);
  // Through the API, as a person would type it.
  const created = await call(t, 'POST', `/api/plans/${plan}/goals`, w.coord.cookie, {
    title: T.scriptGoal,
  });
  expect(created.statusCode).toBe(201);
  const measure = await insertItem(
    plan,
    'measures',
    {
      title: T.measure,
      status: 'ongoing',
      goalIds: [goal],
      responsibleParticipantId: pid(w.plan, w.proRead),
      startDate: '2026-02-01',
    },
    by,
  );
  await insertItem(
    plan,
    'evaluations',
    { goalId: goal, text: T.evaluation, assessment: 'good', date: '2026-03-01' },
    by,
  );
  await insertItem(plan, 'log', { text: T.log, measureId: measure }, by);
  await insertItem(plan, 'contributions', { text: T.contribution }, by);
  await insertItem(plan, 'cooperation', { text: T.cooperation, service: 'Habilitering' }, by);
  await t.db.query('insert into about_me (plan_id, data, updated_by) values ($1, $2::jsonb, $3)', [
    plan,
    JSON.stringify({ whatMattersToMe: T.aboutMe }),
    w.owner.id,
  ]);
});
afterAll(() => t.close());

describe('GET /api/plans/:planId/export.pdf', () => {
  it('the coordinator gets the whole plan as a PDF: cover, team, goals with measures and the latest evaluation, page numbers', async () => {
    const { res, text } = await coordinatorExport();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="plan.pdf"; filename*=UTF-8''plan.pdf`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe('sandbox');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    for (const expected of [
      'Olas plan',
      'Individuell plan',
      'Ola Planeier',
      'Kari Koordinator',
      '1. januar 2026 – 31. desember 2026',
      '1. juni 2026',
      'Skrevet ut fra Samvirke',
      'av Kari Koordinator',
      'Per Fysio',
      'Fysioterapeut, Demo kommune',
      T.responsibility,
      T.goal,
      T.measure,
      'Siste evaluering',
      T.evaluation,
      'Det går bra',
      T.log,
      T.contribution,
      T.cooperation,
      T.aboutMe,
      'Samtykke til planen',
      'Side 1 av',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Those whose access has ended or who were removed are not in the team.
    expect(text).not.toContain('Lise Lærer');
    expect(text).not.toContain('Rune Tidligere');
  });

  it('I4: Norwegian letters survive and a script-like title is printed literally', async () => {
    const { text } = await coordinatorExport();
    expect(text).toContain(T.subGoal);
    expect(text).toContain('æøå ÆØÅ');
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('Grünerløkka');
  });

  it('Z11: names and roles only — no national id, phone or e-mail of anybody', async () => {
    const { text } = await coordinatorExport();
    expect(text.length).toBeGreaterThan(500);
    expect(leakedCanaries(text, w.canaries)).toEqual([]);
  });

  it('has the document language and title set, and is marked as tagged', async () => {
    const { res } = await coordinatorExport();
    const raw = res.rawPayload.toString('latin1');
    expect(raw).toContain('/Lang (nb)');
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toContain('/StructTreeRoot');
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    expect(await pdf.getMarkInfo()).toMatchObject({ Marked: true });
    const meta = await getMeta(new Uint8Array(res.rawPayload));
    expect(meta.info.Title).toBe('Olas plan');
    expect(meta.info.Language).toBe('nb');
  });

  it('is tagged: headings, sections, lists and tables in the structure tree, in reading order', async () => {
    const { res } = await coordinatorExport();
    const tree = await structure(res.rawPayload);
    const roles = tree.map((n) => n.role);
    expect(roles[0]).toBe('Document');
    // The cover, then a section per part of the plan, each opened by its heading.
    expect(roles.filter((r) => r === 'H1')).toHaveLength(1);
    expect(roles).toEqual(
      expect.arrayContaining(['Sect', 'H2', 'H3', 'P', 'L', 'LI', 'Lbl', 'LBody']),
    );
    expect(roles).toEqual(expect.arrayContaining(['Table', 'TR', 'TH', 'TD']));
    // Headings come in the order of the document, and each H2 opens a Sect.
    const h2 = tree.filter((n) => n.role === 'H2');
    expect(h2.length).toBeGreaterThanOrEqual(5);
    for (const heading of h2) expect(heading.parent).toBe('Sect');
  });

  it('is tagged: every piece of text is in a structure element, except the page footers', async () => {
    const { res } = await coordinatorExport();
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    let tagged = 0;
    let artifacts = 0;
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const page = await pdf.getPage(n);
      const ids = new Set(contentIds(await page.getStructTree()));
      const content = await page.getTextContent({ includeMarkedContent: true });
      const open: { tag: string; id: string | null }[] = [];
      for (const item of content.items) {
        if ('type' in item && item.type === 'beginMarkedContentProps') {
          open.push({ tag: markTag(item), id: item.id ?? null });
        } else if ('type' in item && item.type === 'beginMarkedContent') {
          open.push({ tag: markTag(item), id: null });
        } else if ('type' in item && item.type === 'endMarkedContent') {
          open.pop();
        } else if ('str' in item && item.str.trim().length > 0) {
          const inner = open.at(-1);
          expect(inner, `untagged text on page ${n}: ${item.str}`).toBeDefined();
          if (inner?.tag === 'Artifact') artifacts += 1;
          else {
            expect(
              ids.has(inner?.id ?? ''),
              `text outside the tree on page ${n}: ${item.str}`,
            ).toBe(true);
            tagged += 1;
          }
        }
      }
    }
    expect(tagged).toBeGreaterThan(20);
    expect(artifacts).toBeGreaterThanOrEqual(pdf.numPages);
  });

  it('a relative without the log (nor consents, nor cooperation) gets a PDF without them', async () => {
    const { res, text } = await exportAs(w.relative);
    expect(res.statusCode).toBe(200);
    expect(text).toContain(T.goal);
    expect(text).toContain(T.measure);
    expect(text).toContain(T.aboutMe);
    expect(text).not.toContain(T.log);
    expect(text).not.toContain('Logg');
    expect(text).not.toContain(T.cooperation);
    expect(text).not.toContain('Samtykke til planen');
  });

  it('a professional with no content sections gets the cover and the team, and no goal', async () => {
    for (const person of [w.proNone, w.relativeNoConsent]) {
      const { res, text } = await exportAs(person);
      expect(res.statusCode, person.name).toBe(200);
      expect(text).toContain('Olas plan');
      expect(text).toContain('Kari Koordinator');
      expect(text).toContain('Per Fysio');
      expect(text).toContain('Side 1 av 1');
      for (const secret of [T.goal, T.measure, T.evaluation, T.log, T.aboutMe, T.contribution]) {
        expect(text, `${person.name}: ${secret}`).not.toContain(secret);
      }
    }
  });

  it('the owner sees the consents: kind, given by, how and when', async () => {
    const { text } = await exportAs(w.owner);
    expect(text).toContain('Samtykker');
    expect(text).toContain('Samtykke til planen');
    expect(text).toContain('Deling med Rolf Onkel');
    expect(text).toContain('På papir');
    expect(text).toContain('Gjelder');
    expect(text).toContain(T.log);
  });

  it('Z1: 404 for a stranger, an expired or removed participant, another municipality and a missing plan', async () => {
    for (const person of [w.stranger, w.expired, w.removed, w.coordB, w.admin]) {
      const res = await call(t, 'GET', url(w.plan.id), person.cookie);
      expect(res.statusCode, person.name).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const other = await call(t, 'GET', url(w.otherPlan.id), w.relative.cookie);
    expect(other.statusCode).toBe(404);
    const missing = await call(
      t,
      'GET',
      url('00000000-0000-4000-8000-000000000000'),
      w.coord.cookie,
    );
    expect(missing.statusCode).toBe(404);
    const malformed = await call(t, 'GET', url('not-a-plan'), w.coord.cookie);
    expect(malformed.statusCode).toBe(404);
    expect((await call(t, 'GET', url(w.plan.id))).statusCode).toBe(401);
  });

  it('prints in the reader’s language (nynorsk, English)', async () => {
    await t.db.query(`update people set language = 'nn' where id = $1`, [w.guardian.id]);
    await t.db.query(`update people set language = 'en' where id = $1`, [w.proRead.id]);
    const nn = await exportAs(w.guardian);
    expect(nn.text).toContain('Kven er med i planen');
    expect(nn.text).toContain('Planeigar');
    expect(nn.text).toContain('Side 1 av');
    const en = await exportAs(w.proRead);
    expect(en.text).toContain('Who takes part in the plan');
    expect(en.text).toContain('Page 1 of');
    expect(en.text).toContain(T.goal);
    const raw = en.res.rawPayload.toString('latin1');
    expect(raw).toContain('/Lang (en)');
  });

  it('L1: each export leaves one audit row naming the sections printed, and no content', async () => {
    const res = await call(t, 'GET', url(w.plan.id), w.relative.cookie);
    expect(res.statusCode).toBe(200);
    const requestId = res.headers['x-request-id'];
    const rows = await t.db.query<{
      action: string;
      outcome: string;
      actor_id: string;
      actor_role: string;
      plan_id: string;
      details: Record<string, unknown>;
    }>('select * from audit_log where request_id = $1', [requestId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'plan.exported',
      outcome: 'ok',
      actor_id: w.relative.id,
      actor_role: 'relative',
      plan_id: w.plan.id,
    });
    expect(rows[0]?.details).toMatchObject({
      sections: 'aboutMe,goals,measures,evaluations,contributions',
      language: 'nb',
      pages: expect.any(Number),
    });
    expect(JSON.stringify(rows[0]?.details)).not.toContain('Bo i egen');
    // A refusal on a plan that exists is recorded as denied (L2).
    const refused = await call(t, 'GET', url(w.plan.id), w.expired.cookie);
    const denied = await t.db.query<{ outcome: string }>(
      'select outcome from audit_log where request_id = $1',
      [refused.headers['x-request-id']],
    );
    expect(denied).toEqual([{ outcome: 'denied' }]);
  });

  it('the filename* is RFC 6266 / 8187 encoded for any name', () => {
    expect(attachment('Olas plan æ.pdf')).toBe(
      `attachment; filename="Olas plan _.pdf"; filename*=UTF-8''Olas%20plan%20%C3%A6.pdf`,
    );
    expect(attachment('a"b\\c%.pdf')).toBe(
      `attachment; filename="a_b_c_.pdf"; filename*=UTF-8''a%22b%5Cc%25.pdf`,
    );
  });
});

describe('Z13: access revoked while the PDF is being made', () => {
  async function actorOf(person: WorldPerson) {
    const token = person.cookie.split('=')[1] ?? '';
    const actor = await actorForToken(t.db, t.config, token);
    if (!actor) throw new Error('no actor');
    return actor;
  }
  const context = (requestId: string, actor: Awaited<ReturnType<typeof actorOf>>) => ({
    ip: '127.0.0.1',
    requestId,
    actor,
  });
  const auditOf = (db: Db, requestId: string) =>
    db.query<{ action: string; outcome: string; details: Record<string, unknown> | null }>(
      'select action, outcome, details from audit_log where request_id = $1 order by id',
      [requestId],
    );

  // proNone prints no section, so only the final plan.view check can stop their export.
  for (const who of ['proRead', 'proNone'] as const) {
    it(`a participant (${who}) removed between reading and sending gets 404, and no bytes`, async () => {
      const person = w[who];
      const participantId = pid(w.plan, person);
      const actor = await actorOf(person);
      let renders = 0;
      const service = createExportService({
        db: t.db,
        render: async (data: PlanExport) => {
          renders += 1;
          const pdf = await renderPlan(data);
          // The coordinator removes them while the PDF is being made.
          await t.db.query(
            'update participants set removed_at = now(), removed_by = $2 where id = $1',
            [participantId, w.coord.id],
          );
          return pdf;
        },
      });
      try {
        const requestId = `z13-removed-${who}`;
        await expect(
          service.plan(context(requestId, actor), actor, w.plan.id),
        ).rejects.toMatchObject({ status: 404 });
        expect(renders).toBe(1);
        expect(await auditOf(t.db, requestId)).toEqual([
          { action: 'plan.exported', outcome: 'denied', details: null },
        ]);
      } finally {
        await t.db.query(
          'update participants set removed_at = null, removed_by = null where id = $1',
          [participantId],
        );
      }
    });
  }

  it('a sharing consent withdrawn meanwhile: the export starts over with what they may read now', async () => {
    const actor = await actorOf(w.proRead);
    const consentId = w.plan.consents[pid(w.plan, w.proRead)];
    const printed: string[] = [];
    const service = createExportService({
      db: t.db,
      render: async (data: PlanExport) => {
        const pdf = await renderPlan(data);
        printed.push(await pdfText(pdf.bytes));
        if (printed.length === 1) {
          await t.db.query('update consents set withdrawn_at = now() where id = $1', [consentId]);
        }
        return pdf;
      },
    });
    try {
      const requestId = 'z13-consent-0001';
      const result = await service.plan(context(requestId, actor), actor, w.plan.id);
      expect(printed).toHaveLength(2);
      expect(printed[0]).toContain(T.goal);
      expect(printed[1]).not.toContain(T.goal);
      expect(result.sections).toEqual([]);
      expect(await pdfText(result.bytes)).not.toContain(T.goal);
      expect(await auditOf(t.db, requestId)).toEqual([
        {
          action: 'plan.exported',
          outcome: 'ok',
          details: expect.objectContaining({ sections: '' }),
        },
      ]);
    } finally {
      await t.db.query('update consents set withdrawn_at = null where id = $1', [consentId]);
    }
  });
});

describe('the demo plan', () => {
  let demo: TestApp;
  beforeAll(async () => {
    demo = await createTestApp();
    await loadDemoData(demo.db, demo.config);
  });
  afterAll(() => demo.close());

  it('renders for Kari, and Per (no log access) gets no log', async () => {
    const kari = await sessionCookie(demo, DEMO_IDS.kari);
    const res = await demo.app.inject({
      method: 'GET',
      url: url(DEMO_PLAN_IDS.plan),
      headers: { cookie: kari },
    });
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Olas plan');
    expect(text).toContain('Bo i egen leilighet');
    expect(text).toContain('Side 1 av');

    const per = await sessionCookie(demo, DEMO_IDS.per);
    const perRes = await demo.app.inject({
      method: 'GET',
      url: url(DEMO_PLAN_IDS.plan),
      headers: { cookie: per },
    });
    const perText = await pdfText(perRes.rawPayload);
    expect(perText).toContain('Bo i egen leilighet');
    expect(perText).not.toContain('Samtykke til planen');
  });
});
