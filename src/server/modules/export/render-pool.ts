import { Piscina } from 'piscina';
import { HttpProblem } from '../../http/problem.ts';
import type { PlanExport } from './gather.ts';
import type { Render, Rendered } from './render.ts';

/**
 * PDFs are laid out in a worker thread, so that a long plan (about a second for 75 pages)
 * never holds the requests of everybody else on the instance. One thread: exports are
 * rare, and the machine has two cores. It starts with the first export and stops after a
 * minute without one. A few exports wait their turn; beyond that the answer is 503 with
 * Retry-After, rather than a queue that grows while people wait.
 */

const IDLE_MS = 60_000;
const QUEUED = 16;

export type RenderPool = { render: Render; close: () => Promise<void> };

export function createRenderPool(): RenderPool {
  const pool = new Piscina<PlanExport, { bytes: Uint8Array; pages: number }>({
    filename: new URL('./render-worker.ts', import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: IDLE_MS,
    maxQueue: QUEUED,
  });
  return {
    async render(data: PlanExport): Promise<Rendered> {
      if (pool.queueSize >= QUEUED) {
        throw new HttpProblem(503, {
          detail: 'Many PDFs are being made right now; try again in a moment',
          headers: { 'retry-after': '5' },
        });
      }
      const { bytes, pages } = await pool.run(data);
      return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), pages };
    },
    close: () => pool.destroy(),
  };
}
