import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PlanParams } from '../../../shared/schemas/sections.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { attachment } from '../../http/attachment.ts';
import { auditContext } from '../audit/service.ts';
import { createRenderPool } from './render-pool.ts';
import { createExportService } from './service.ts';

export type ExportRoutesDeps = { config: Config; db: Db };

/** GET /api/plans/:planId/export.pdf — the plan as the caller may see it, on paper. */
export const exportRoutes: FastifyPluginAsyncZod<ExportRoutesDeps> = async (app, { db }) => {
  const pool = createRenderPool();
  app.addHook('onClose', () => pool.close());
  const service = createExportService({ db, render: pool.render });

  app.get(
    '/api/plans/:planId/export.pdf',
    {
      // A HEAD would make (and audit) the PDF only to throw it away.
      exposeHeadRoute: false,
      schema: {
        tags: ['plans'],
        summary: 'The plan as a PDF, with the sections the caller may read',
        params: PlanParams,
      },
    },
    async (request, reply) => {
      const pdf = await service.plan(
        auditContext(request),
        actorOf(request),
        request.params.planId,
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachment('plan.pdf'))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', 'sandbox')
        .send(pdf.bytes);
    },
  );
};
