import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AddParticipantBody,
  Consent,
  ConsentList,
  ConsentParams,
  ConsentRequestList,
  CreatePlanBody,
  EmptyBody,
  OrganizationPlanList,
  PageQuery,
  Participant,
  ParticipantList,
  ParticipantParams,
  PlanDetail,
  PlanIdParams,
  PlanList,
  PlanListQuery,
  RecordConsentBody,
  UpdateParticipantBody,
  UpdatePlanBody,
} from '../../../shared/schemas/plans.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { auditContext } from '../audit/service.ts';
import { listConsentRequests } from './consent-requests.ts';
import { createConsentsService } from './consents.ts';
import { listPlans } from './list.ts';
import { createParticipantsService } from './participants.ts';
import { createPlansService } from './service.ts';

export type PlansDeps = { config: Config; db: Db };

const tags = ['plans'];

/**
 * /api/plans, participants and consents, and the drafts that wait for the caller's
 * consent. Every route needs a logged-in actor.
 */
export const plansRoutes: FastifyPluginAsyncZod<PlansDeps> = async (app, deps) => {
  const plans = createPlansService(deps);
  const participants = createParticipantsService(deps);
  const consents = createConsentsService(deps);

  app.get(
    '/api/plans',
    {
      schema: {
        tags,
        querystring: PlanListQuery,
        response: { 200: z.union([PlanList, OrganizationPlanList]) },
      },
    },
    async (request) => listPlans(deps.db, auditContext(request), actorOf(request), request.query),
  );

  app.post(
    '/api/plans',
    { schema: { tags, body: CreatePlanBody, response: { 201: PlanDetail } } },
    async (request, reply) => {
      const plan = await plans.create(auditContext(request), actorOf(request), request.body);
      return reply.code(201).send(plan);
    },
  );

  app.get(
    '/api/plans/:planId',
    { schema: { tags, params: PlanIdParams, response: { 200: PlanDetail } } },
    async (request) => plans.read(auditContext(request), actorOf(request), request.params.planId),
  );

  app.patch(
    '/api/plans/:planId',
    { schema: { tags, params: PlanIdParams, body: UpdatePlanBody, response: { 200: PlanDetail } } },
    async (request) =>
      plans.update(auditContext(request), actorOf(request), request.params.planId, request.body),
  );

  app.get(
    '/api/plans/:planId/participants',
    { schema: { tags, params: PlanIdParams, response: { 200: ParticipantList } } },
    async (request) =>
      participants.list(auditContext(request), actorOf(request), request.params.planId),
  );

  app.post(
    '/api/plans/:planId/participants',
    {
      schema: {
        tags,
        params: PlanIdParams,
        body: AddParticipantBody,
        response: { 201: Participant },
      },
    },
    async (request, reply) => {
      const { planId } = request.params;
      const added = await participants.add(
        auditContext(request),
        actorOf(request),
        planId,
        request.body,
      );
      return reply.code(201).send(added);
    },
  );

  app.patch(
    '/api/plans/:planId/participants/:participantId',
    {
      schema: {
        tags,
        params: ParticipantParams,
        body: UpdateParticipantBody,
        response: { 200: Participant },
      },
    },
    async (request) =>
      participants.update(auditContext(request), actorOf(request), request.params, request.body),
  );

  app.delete(
    '/api/plans/:planId/participants/:participantId',
    { schema: { tags, params: ParticipantParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await participants.remove(auditContext(request), actorOf(request), request.params);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/plans/:planId/consents',
    {
      schema: {
        tags,
        params: PlanIdParams,
        querystring: PageQuery,
        response: { 200: ConsentList },
      },
    },
    async (request) =>
      consents.list(auditContext(request), actorOf(request), request.params.planId, request.query),
  );

  app.post(
    '/api/plans/:planId/consents',
    { schema: { tags, params: PlanIdParams, body: RecordConsentBody, response: { 201: Consent } } },
    async (request, reply) => {
      const { planId } = request.params;
      const consent = await consents.record(
        auditContext(request),
        actorOf(request),
        planId,
        request.body,
      );
      return reply.code(201).send(consent);
    },
  );

  app.post(
    '/api/plans/:planId/consents/:consentId/withdraw',
    { schema: { tags, params: ConsentParams, body: EmptyBody, response: { 200: Consent } } },
    async (request) => consents.withdraw(auditContext(request), actorOf(request), request.params),
  );

  app.get(
    '/api/me/consent-requests',
    { schema: { tags, response: { 200: ConsentRequestList } } },
    async (request) => listConsentRequests(deps.db, auditContext(request), actorOf(request)),
  );
};
