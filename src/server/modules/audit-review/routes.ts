import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AuditFlag,
  AuditFlagList,
  AuditFlagListQuery,
  AuditFlagParams,
  ReviewAuditFlagBody,
} from '../../../shared/schemas/audit-flags.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Db } from '../../db/index.ts';
import { auditContext } from '../audit/service.ts';
import { createAuditReviewService } from './service.ts';

export type AuditReviewRouteDeps = { db: Db };

const tags = ['admin'];

/**
 * /api/admin/audit-flags: the flags of unusual reading the review job wrote (SECURITY.md
 * L6), for the organisation's administrators. Every route needs a logged-in actor; the
 * access module decides the rest (403 for anyone who administers no organisation, 404 for
 * another organisation's flag).
 */
export const auditReviewRoutes: FastifyPluginAsyncZod<AuditReviewRouteDeps> = async (app, deps) => {
  const flags = createAuditReviewService(deps);

  app.get(
    '/api/admin/audit-flags',
    { schema: { tags, querystring: AuditFlagListQuery, response: { 200: AuditFlagList } } },
    async (request) => flags.list(auditContext(request), actorOf(request), request.query),
  );

  app.post(
    '/api/admin/audit-flags/:flagId/review',
    {
      schema: {
        tags,
        params: AuditFlagParams,
        body: ReviewAuditFlagBody,
        response: { 200: AuditFlag },
      },
    },
    async (request) =>
      flags.review(auditContext(request), actorOf(request), request.params.flagId, request.body),
  );
};
