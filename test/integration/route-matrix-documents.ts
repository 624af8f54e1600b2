import { createHash } from 'node:crypto';
import type { Entry, PlanCtx, PlanEntry, Req } from './route-matrix-entries.ts';

/**
 * The route matrix's entries for documents (see route-matrix-entries.ts). Each request
 * that needs a document gets a fresh one made with SQL, its bytes in PostgreSQL storage.
 *
 * The upload: the matrix sends JSON, and the route checks access before it reads a byte
 * of the body, so every caller the rules refuse gets the oracle's 403 or 404 from the real
 * route; a caller the rules allow gets as far as the body, which is not multipart: 415
 * (said in `refine`). The multipart success for each role is checked in
 * documents-access.test.ts, which uploads as every person of the same care team.
 */

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error('no row');
  return row;
}

const read = () => ({ action: 'section.read' as const, section: 'documents' as const });
const write = () => ({ action: 'section.write' as const, section: 'documents' as const });

const plan = (
  success: number,
  ask: PlanEntry['ask'],
  prepare?: PlanEntry['prepare'],
): PlanEntry => ({
  scope: 'plan',
  success,
  ask,
  ...(prepare ? { prepare } : {}),
});

const BYTES = Buffer.from('Et dokument i matrisen\n');
const SHA256 = createHash('sha256').update(BYTES).digest('hex');

/** A text document uploaded by the plan's coordinator, its bytes in document_contents. */
async function freshDocument(ctx: PlanCtx): Promise<Req> {
  const uploader = ctx.plan.participants[ctx.plan.coordinator.id];
  if (!uploader) throw new Error('freshDocument: the coordinator must be in the plan');
  const row = await one(
    ctx.t.db.query<{ id: string }>(
      `with d as (
         insert into documents (plan_id, name, content_type, size_bytes, sha256, storage,
           storage_key, uploaded_by, uploaded_by_participant_id)
         values ($1, $2, 'text/plain', $3, $4, 'postgres', gen_random_uuid()::text, $5, $6)
         returning id, storage_key
       ), c as (
         insert into document_contents (storage_key, content) select storage_key, $7::bytea from d
       )
       select id from d`,
      [
        ctx.plan.id,
        `matrise-${ctx.n}.txt`,
        BYTES.length,
        SHA256,
        ctx.plan.coordinator.id,
        uploader,
        BYTES,
      ],
    ),
  );
  return { params: { documentId: row.id } };
}

export const DOCUMENT_MATRIX: Record<string, Entry[]> = {
  'GET /api/plans/:planId/documents': [plan(200, read)],
  'POST /api/plans/:planId/documents': [
    {
      ...plan(201, write, async () => ({ body: { file: 'not multipart' } })),
      // Allowed callers reach the body, which is JSON here: 415 (see the comment above).
      refine: (_ctx, expected) => (expected === 201 ? 415 : expected),
    },
  ],
  'GET /api/plans/:planId/documents/:documentId': [plan(200, read, freshDocument)],
  'GET /api/plans/:planId/documents/:documentId/content': [plan(200, read, freshDocument)],
  'DELETE /api/plans/:planId/documents/:documentId': [plan(204, write, freshDocument)],
};
