import { mayOnPlan, type PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import { loadPlanFacts } from '../plans/facts.ts';
import { planAudit } from '../plans/guard.ts';
import { gatherPlan, type PlanExport, type PrintedSection, readableSections } from './gather.ts';
import { type Render, type Rendered, renderPlan } from './render.ts';

/**
 * The printed plan (GET /api/plans/:planId/export.pdf): what the caller may read, as a
 * PDF. Three steps, so that no transaction is held open while the PDF is laid out:
 *
 * 1. one read-only transaction, one snapshot: the caller's access facts, then the plan
 *    and the sections those facts let them read (nothing else is read);
 * 2. the PDF is made, outside any transaction;
 * 3. the facts are loaded again, right before the bytes go out (Z13): if the caller no
 *    longer sees the plan, the answer is 404 and nothing is sent; if a printed section
 *    has been taken from them meanwhile, the export starts over with what they may read
 *    now. Only then is the one audit row written (`plan.exported`, with the sections
 *    printed, never content), in the transaction that made the final check (L1, L7).
 */

export type ExportDeps = {
  db: Db;
  /** How the PDF is made; tests pass a slow one to revoke access meanwhile. */
  render?: Render;
};

export type ExportedPlan = Rendered & { sections: PrintedSection[] };

/** Rounds before giving up when the caller's grants keep changing during the export. */
const ATTEMPTS = 3;

const changedMeanwhile = () =>
  new HttpProblem(409, {
    detail: 'Your access to the plan changed while the PDF was being made; try again',
  });

type Check = 'ok' | 'hidden' | 'narrowed';

export function createExportService(deps: ExportDeps) {
  const { db } = deps;
  const render = deps.render ?? renderPlan;

  /** Refused on a plan that exists: recorded as denied (L2), answered 404 (Z1). */
  async function hidden(context: AuditContext, actor: Actor, facts: PlanFacts | null) {
    if (facts) {
      await recordAudit(db, context, {
        ...planAudit(actor, facts),
        action: 'plan.exported',
        outcome: 'denied',
      });
    }
    return notFound();
  }

  async function gather(
    actor: Actor,
    planId: string,
  ): Promise<PlanExport | { refused: PlanFacts | null }> {
    return db.transaction(async (tx) => {
      await tx.query('set transaction isolation level repeatable read, read only');
      const facts = await loadPlanFacts(tx, planId, actor.personId);
      if (!facts || !mayOnPlan(actor, facts, 'plan.view')) return { refused: facts };
      return (await gatherPlan(tx, actor, facts)) ?? { refused: null };
    });
  }

  /** Step 3: the facts again; when they still cover what was printed, the audit row. */
  function finish(
    context: AuditContext,
    actor: Actor,
    planId: string,
    data: PlanExport,
    pdf: Rendered,
  ): Promise<{ check: Check; facts: PlanFacts | null }> {
    return db.transaction(async (tx) => {
      const facts = await loadPlanFacts(tx, planId, actor.personId);
      if (!facts || !mayOnPlan(actor, facts, 'plan.view')) return { check: 'hidden', facts };
      const now = readableSections(facts);
      if (data.sections.some((section) => !now.includes(section))) {
        return { check: 'narrowed', facts };
      }
      await recordAudit(tx, context, {
        ...planAudit(actor, facts),
        action: 'plan.exported',
        objectId: facts.plan.id,
        details: {
          sections: data.sections.join(','),
          language: data.language,
          pages: pdf.pages,
          bytes: pdf.bytes.length,
        },
      });
      return { check: 'ok', facts };
    });
  }

  return {
    async plan(context: AuditContext, actor: Actor, planId: string): Promise<ExportedPlan> {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        const data = await gather(actor, planId);
        if ('refused' in data) throw await hidden(context, actor, data.refused);
        const pdf = await render(data);
        const { check, facts } = await finish(context, actor, planId, data, pdf);
        if (check === 'hidden') throw await hidden(context, actor, facts);
        if (check === 'ok') return { ...pdf, sections: data.sections };
      }
      throw changedMeanwhile();
    },
  };
}
