import { planDocument } from './document.ts';
import type { PlanExport } from './gather.ts';
import { type Rendered, renderDocument } from './pdf.ts';

export type { Rendered };

/** The PDF of what was read for one caller, made in this thread. */
export function renderPlan(data: PlanExport): Promise<Rendered> {
  return renderDocument(planDocument(data));
}

export type Render = (data: PlanExport) => Promise<Rendered>;
