import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Document,
  DocumentList,
  DocumentListQuery,
  DocumentParams,
} from '../../../shared/schemas/documents.ts';
import { PlanParams } from '../../../shared/schemas/sections.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { auditContext } from '../audit/service.ts';
import { contentDisposition } from './names.ts';
import { scannerFor } from './scanner.ts';
import { createDocumentsService } from './service.ts';
import { storagesFrom } from './storage.ts';
import { readUpload, refuseDeclaredSize } from './upload.ts';

export type DocumentsDeps = { config: Config; db: Db };

const tags = ['documents'];

/**
 * Headers of every download (F3, F4): always an attachment under its cleaned name, never
 * sniffed, and sandboxed should a browser render it anyway.
 */
function downloadHeaders(name: string, contentType: string, size: number) {
  return {
    'content-type': contentType === 'text/plain' ? 'text/plain; charset=utf-8' : contentType,
    'content-disposition': contentDisposition(name),
    'content-length': String(size),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cross-origin-resource-policy': 'same-origin',
  };
}

/**
 * Documents in a plan: list, upload (multipart, field `file`), metadata, download and
 * delete. Multipart is accepted by these routes only; the rest of the API stays JSON.
 */
export const documentsRoutes: FastifyPluginAsyncZod<DocumentsDeps> = async (app, deps) => {
  const settings = deps.config.documents;
  const storages = storagesFrom(settings, deps.db);
  app.addHook('onClose', async () => storages.close());
  await app.register(multipart, {
    limits: { fileSize: settings.maxBytes, files: 1, fields: 0, parts: 1 },
  });
  const documents = createDocumentsService({
    db: deps.db,
    log: app.log,
    settings,
    storages,
    scanner: scannerFor(settings.scanner),
  });
  // @fastify/multipart logs the request's headers (the session cookie among them) at
  // trace level: the upload route never logs below info (L4).
  const uploadLogLevel = ['trace', 'debug'].includes(deps.config.logLevel)
    ? 'info'
    : deps.config.logLevel;
  const caller = (request: FastifyRequest) => ({
    context: auditContext(request),
    actor: actorOf(request),
  });

  app.get(
    '/api/plans/:planId/documents',
    {
      schema: {
        tags,
        params: PlanParams,
        querystring: DocumentListQuery,
        response: { 200: DocumentList },
      },
    },
    async (request) => documents.list(caller(request), request.params.planId, request.query),
  );

  app.post(
    '/api/plans/:planId/documents',
    {
      schema: {
        tags,
        params: PlanParams,
        consumes: ['multipart/form-data'],
        response: { 201: Document },
      },
      logLevel: uploadLogLevel,
    },
    async (request, reply) => {
      refuseDeclaredSize(request, settings.maxBytes);
      const document = await documents.upload(caller(request), request.params.planId, () =>
        readUpload(request, settings.maxBytes),
      );
      return reply.code(201).send(document);
    },
  );

  app.get(
    '/api/plans/:planId/documents/:documentId',
    { schema: { tags, params: DocumentParams, response: { 200: Document } } },
    async (request) =>
      documents.read(caller(request), request.params.planId, request.params.documentId),
  );

  app.get(
    '/api/plans/:planId/documents/:documentId/content',
    { schema: { tags, params: DocumentParams } },
    async (request, reply) => {
      const file = await documents.download(
        caller(request),
        request.params.planId,
        request.params.documentId,
      );
      return reply
        .headers(downloadHeaders(file.name, file.contentType, file.bytes.length))
        .send(file.bytes);
    },
  );

  app.delete(
    '/api/plans/:planId/documents/:documentId',
    { schema: { tags, params: DocumentParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await documents.remove(caller(request), request.params.planId, request.params.documentId);
      return reply.code(204).send(null);
    },
  );
};
