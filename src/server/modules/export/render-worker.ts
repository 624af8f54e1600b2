import type { PlanExport } from './gather.ts';
import { renderPlan } from './render.ts';

/**
 * The render worker's task (see render-pool.ts): the PDF of what was read for one caller.
 * It gets plain data and gives back bytes; it reads nothing and writes nothing else.
 */
export default async function render(
  data: PlanExport,
): Promise<{ bytes: Uint8Array; pages: number }> {
  const { bytes, pages } = await renderPlan(data);
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), pages };
}
