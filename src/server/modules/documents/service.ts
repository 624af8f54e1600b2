import { randomUUID } from 'node:crypto';
import type { DocumentData } from '../../../shared/schemas/documents.ts';
import type { PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Queryable } from '../../db/index.ts';
import { badRequest, HttpProblem, notFound } from '../../http/problem.ts';
import type { AuditContext } from '../audit/service.ts';
import { recordEvent } from '../events/record.ts';
import { decodeCursor, iso, isUuid, page } from '../plans/present.ts';
import { auditOrFail, type GuardDeps, inPlan } from '../sections/guard.ts';
import type { DocumentSettings } from './config.ts';
import { inspect } from './detect.ts';
import { storedFileName } from './names.ts';
import {
  type DocumentRow,
  documentById,
  insertDocument,
  listDocuments,
  lockPlanDocuments,
  markDeleted,
  planUsage,
} from './queries.ts';
import type { DocumentScanner } from './scanner.ts';
import { type DocumentStorage, type Storages, sha256Hex } from './storage.ts';
import type { RawUpload } from './upload.ts';

/**
 * Documents in a plan. Every use case runs through the access module (`section.read` /
 * `section.write` on `documents`) in one transaction with its audit row; an upload is
 * checked before a byte of it is read, again when it is stored, and refused — with an
 * audit row saying why — when its size, kind, scan or the plan's quota says no.
 */

export type DocumentsServiceDeps = GuardDeps & {
  settings: DocumentSettings;
  storages: Storages;
  scanner: DocumentScanner;
};

export type Caller = { context: AuditContext; actor: Actor };

export const SECTION = 'documents' as const;

type RefusalReason = 'size' | 'type' | 'image' | 'empty' | 'scan' | 'quota';

const ACCEPTED = 'PDF, PNG, JPEG, HEIC, plain text, DOCX, XLSX and ODT';

function refusal(reason: Exclude<RefusalReason, 'size'>, settings: DocumentSettings): HttpProblem {
  const field = (message: string, code: string) => [{ field: 'file', message, code }];
  switch (reason) {
    case 'empty':
      return badRequest([{ field: 'file', message: 'is empty' }]);
    case 'type':
      return new HttpProblem(415, {
        detail: `This kind of file is not accepted; ${ACCEPTED} are`,
        errors: field('is not an accepted kind of file', 'documents.type'),
      });
    case 'image':
      return new HttpProblem(415, {
        detail: 'The picture cannot be read, or has more pixels than a camera makes',
        errors: field('is not a picture that can be shown', 'documents.image'),
      });
    case 'scan':
      return new HttpProblem(422, {
        detail: 'The file was refused by the virus check',
        errors: field('was refused by the virus check', 'documents.scan'),
      });
    case 'quota':
      return new HttpProblem(413, {
        detail: `The plan's documents have used their ${Math.round(settings.planQuotaBytes / (1024 * 1024))} MB`,
        errors: field('does not fit in the plan’s space', 'documents.quota'),
      });
  }
}

const integrityFailure = () =>
  new HttpProblem(500, {
    detail: 'The file did not pass its integrity check and was not served',
  });

const storageMissing = () =>
  new HttpProblem(503, {
    detail: 'The storage that holds this file is not available',
    headers: { 'retry-after': '60' },
  });

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown; name?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

export function present(row: DocumentRow, viewerId: string): DocumentData {
  return {
    id: row.id,
    planId: row.planId,
    name: row.name,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: {
      participantId: row.uploaderParticipantId,
      name: row.uploaderName,
      role: row.uploaderRole,
      removed: row.uploaderRemoved,
    },
    mine: row.uploadedBy === viewerId,
    createdAt: iso(row.createdAt),
  };
}

/** The document, if it is in this plan and not deleted; 404 otherwise, as a missing one (Z12, F9, I7). */
async function visibleDocument(
  tx: Queryable,
  planId: string,
  documentId: string,
  lock = false,
): Promise<DocumentRow> {
  const row = isUuid(documentId) ? await documentById(tx, planId, documentId, lock) : null;
  if (!row || row.deletedAt !== null) throw notFound();
  return row;
}

export type Download = { name: string; contentType: string; bytes: Buffer };

export function createDocumentsService(deps: DocumentsServiceDeps) {
  const attempt = (
    planId: string,
    action: 'section.read' | 'section.write',
    audit: string,
    objectId?: string,
  ) => ({
    planId,
    action,
    section: SECTION,
    audit,
    ...(objectId && isUuid(objectId) ? { objectId } : {}),
  });

  /** An audit row for an upload refused for what it is (L2), not for who sent it. */
  function refusedRow(
    tx: Queryable,
    caller: Caller,
    facts: PlanFacts,
    reason: RefusalReason,
  ): Promise<void> {
    return auditOrFail(deps, tx, caller.context, {
      action: 'document.refused',
      outcome: 'failed',
      planId: facts.plan.id,
      section: SECTION,
      actorRole: facts.participant?.role ?? caller.actor.staff[0]?.role ?? 'citizen',
      details: { reason },
    });
  }

  async function refuse(
    caller: Caller,
    planId: string,
    reason: RefusalReason,
    problem: HttpProblem,
  ): Promise<never> {
    await inPlan(
      deps,
      caller.context,
      caller.actor,
      attempt(planId, 'section.write', 'document.refused'),
      ({ tx, facts }) => refusedRow(tx, caller, facts, reason),
    );
    throw problem;
  }

  /** Removes bytes put outside a transaction that then failed; a failure is logged, not thrown. */
  async function forget(storage: DocumentStorage, key: string, documentId: string) {
    try {
      await storage.delete(key);
    } catch (error) {
      deps.log.error(
        { documentId, storage: storage.kind, code: errorCode(error) },
        'document bytes could not be removed',
      );
    }
  }

  return {
    list(caller: Caller, planId: string, query: { limit: number; before?: string | undefined }) {
      const before = decodeCursor(query.before);
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        attempt(planId, 'section.read', 'document.list'),
        async ({ tx, audit }) => {
          const rows = await listDocuments(tx, { planId, limit: query.limit, before });
          await audit();
          const paged = page(rows, query.limit);
          return {
            items: paged.rows.map((row) => present(row, caller.actor.personId)),
            next: paged.next,
          };
        },
      );
    },

    read(caller: Caller, planId: string, documentId: string) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        attempt(planId, 'section.read', 'document.read', documentId),
        async ({ tx, audit }) => {
          const row = await visibleDocument(tx, planId, documentId);
          await audit({ objectId: row.id });
          return present(row, caller.actor.personId);
        },
      );
    },

    /**
     * The file's bytes, checked against the SHA-256 recorded at upload. A mismatch (or
     * missing bytes) is never served: it is logged by document id only, audited as failed,
     * and answered 500.
     */
    async download(caller: Caller, planId: string, documentId: string): Promise<Download> {
      const outcome = await inPlan(
        deps,
        caller.context,
        caller.actor,
        attempt(planId, 'section.read', 'document.downloaded', documentId),
        async ({ tx, facts, audit }) => {
          const row = await visibleDocument(tx, planId, documentId);
          const storage = deps.storages.of(row.storage);
          if (!storage) throw storageMissing();
          const bytes = await storage.get(row.storageKey, tx);
          if (!bytes || bytes.length !== row.size || sha256Hex(bytes) !== row.sha256) {
            deps.log.error(
              { documentId: row.id, storage: row.storage, missing: bytes === null },
              'document failed its integrity check; not served',
            );
            await auditOrFail(deps, tx, caller.context, {
              action: 'document.integrityFailed',
              outcome: 'failed',
              planId,
              section: SECTION,
              objectId: row.id,
              actorRole: facts.participant?.role ?? null,
            });
            return null;
          }
          await audit({ objectId: row.id });
          return { name: row.name, contentType: row.contentType, bytes };
        },
      );
      if (!outcome) throw integrityFailure();
      return outcome;
    },

    /**
     * An upload: the access check comes before the body is read, so nobody makes the
     * server read what they could not store; then the content decides the kind (F2, F3,
     * F5), photos lose their location (F10), the scanner has its say (F8), and the file
     * is stored with its record, event and audit row — under the plan's quota (F7).
     */
    async upload(
      caller: Caller,
      planId: string,
      read: () => Promise<RawUpload>,
    ): Promise<DocumentData> {
      await inPlan(
        deps,
        caller.context,
        caller.actor,
        attempt(planId, 'section.write', 'document.uploaded'),
        async () => undefined,
      );
      let raw: RawUpload;
      try {
        raw = await read();
      } catch (error) {
        if (error instanceof HttpProblem && error.status === 413) {
          await refuse(caller, planId, 'size', error);
        }
        throw error;
      }
      const inspected = await inspect(raw.bytes);
      if (!inspected.ok) {
        return refuse(caller, planId, inspected.reason, refusal(inspected.reason, deps.settings));
      }
      let verdict: Awaited<ReturnType<DocumentScanner['scan']>>;
      try {
        verdict = await deps.scanner.scan({
          bytes: inspected.bytes,
          contentType: inspected.contentType,
        });
      } catch (error) {
        deps.log.error(
          { scanner: deps.scanner.name, code: errorCode(error) },
          'document scan failed; upload refused',
        );
        throw new HttpProblem(503, {
          detail: 'The file could not be checked for viruses; try again shortly',
          headers: { 'retry-after': '30' },
        });
      }
      if (!verdict.clean) return refuse(caller, planId, 'scan', refusal('scan', deps.settings));

      const id = randomUUID();
      const storage = deps.storages.current;
      const name = storedFileName(raw.filename, inspected.kind);
      let put = false;
      try {
        const stored = await inPlan(
          deps,
          caller.context,
          caller.actor,
          attempt(planId, 'section.write', 'document.uploaded'),
          async ({ tx, facts, audit }) => {
            const me = facts.participant;
            if (!me) throw notFound();
            await lockPlanDocuments(tx, planId);
            const used = await planUsage(tx, planId);
            if (used + inspected.bytes.length > deps.settings.planQuotaBytes) {
              await refusedRow(tx, caller, facts, 'quota');
              return null;
            }
            const { size, sha256 } = await storage.put(id, inspected.bytes, tx);
            put = true;
            await insertDocument(tx, {
              id,
              planId,
              name,
              contentType: inspected.contentType,
              size,
              sha256,
              storage: storage.kind,
              storageKey: id,
              uploadedBy: caller.actor.personId,
              uploadedByParticipantId: me.id,
            });
            await recordEvent(tx, {
              type: 'document.created',
              planId,
              section: SECTION,
              subjectId: id,
              actorId: caller.actor.personId,
            });
            await audit({ objectId: id });
            const row = await documentById(tx, planId, id);
            if (!row) throw new Error('a document stored in this transaction is missing');
            return row;
          },
        );
        if (!stored) throw refusal('quota', deps.settings);
        return present(stored, caller.actor.personId);
      } catch (error) {
        if (put && !storage.transactional) await forget(storage, id, id);
        throw error;
      }
    },

    /** Marks the document deleted (its record stays for the audit trail) and removes its bytes. */
    async remove(caller: Caller, planId: string, documentId: string): Promise<void> {
      const later = await inPlan(
        deps,
        caller.context,
        caller.actor,
        attempt(planId, 'section.write', 'document.deleted', documentId),
        async ({ tx, audit }) => {
          const row = await visibleDocument(tx, planId, documentId, true);
          await markDeleted(tx, row.id, caller.actor.personId);
          const storage = deps.storages.of(row.storage);
          if (storage?.transactional) await storage.delete(row.storageKey, tx);
          await recordEvent(tx, {
            type: 'document.deleted',
            planId,
            section: SECTION,
            subjectId: row.id,
            actorId: caller.actor.personId,
          });
          await audit({ objectId: row.id });
          return { row, storage };
        },
      );
      const { row, storage } = later;
      if (!storage) {
        deps.log.error(
          { documentId: row.id, storage: row.storage },
          'document storage not configured; its bytes were not removed',
        );
      } else if (!storage.transactional) {
        await forget(storage, row.storageKey, row.id);
      }
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
