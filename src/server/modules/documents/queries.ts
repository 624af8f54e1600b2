import type { Queryable } from '../../db/index.ts';
import { type Cursor, cursorColumn } from '../plans/present.ts';
import type { StorageKind } from './storage.ts';

/** The SQL of the documents module: the documents' records (their bytes live in storage.ts). */

export type DocumentRow = {
  id: string;
  planId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  storage: StorageKind;
  storageKey: string;
  uploadedBy: string;
  createdAt: Date;
  deletedAt: Date | null;
  cursorAt: string;
  uploaderParticipantId: string;
  uploaderName: string;
  uploaderRole: string;
  uploaderRemoved: boolean;
};

const COLUMNS = `d.id, d.plan_id as "planId", d.name, d.content_type as "contentType",
  d.size_bytes as size, d.sha256, d.storage, d.storage_key as "storageKey",
  d.uploaded_by as "uploadedBy", d.created_at as "createdAt", d.deleted_at as "deletedAt",
  ${cursorColumn('d.created_at')} as "cursorAt",
  d.uploaded_by_participant_id as "uploaderParticipantId", u.name as "uploaderName",
  up.role as "uploaderRole", up.removed_at is not null as "uploaderRemoved"`;

const FROM = `from documents d
  join participants up on up.id = d.uploaded_by_participant_id
  join people u on u.id = d.uploaded_by`;

/** The plan's documents (not deleted), newest first (limit + 1 rows). */
export function listDocuments(
  db: Queryable,
  args: { planId: string; limit: number; before: Cursor | null },
): Promise<DocumentRow[]> {
  return db.query<DocumentRow>(
    {
      name: 'documents-list',
      text: `select ${COLUMNS} ${FROM}
        where d.plan_id = $1 and d.deleted_at is null
          and ($3::text is null
            or (${cursorColumn('d.created_at')}, d.id) < ($3::text, $4::uuid))
        order by d.created_at desc, d.id desc
        limit $2`,
    },
    [args.planId, args.limit + 1, args.before?.at ?? null, args.before?.id ?? null],
  );
}

/** One document of this plan (Z12: another plan's id finds nothing), deleted ones included. */
export async function documentById(
  db: Queryable,
  planId: string,
  documentId: string,
  lock = false,
): Promise<DocumentRow | null> {
  const rows = await db.query<DocumentRow>(
    `select ${COLUMNS} ${FROM} where d.plan_id = $1 and d.id = $2 ${lock ? 'for update of d' : ''}`,
    [planId, documentId],
  );
  return rows[0] ?? null;
}

/**
 * Serialises uploads to one plan for the rest of the transaction, so two at once cannot
 * both fit under the quota. Other work on the plan is not held up.
 */
export async function lockPlanDocuments(db: Queryable, planId: string): Promise<void> {
  await db.query(
    { name: 'documents-lock', text: `select pg_advisory_xact_lock(hashtextextended($1, 8008))` },
    [`documents:${planId}`],
  );
}

/** Bytes held by the plan's documents (deleted ones hold none: their bytes are gone). */
export async function planUsage(db: Queryable, planId: string): Promise<number> {
  const [row] = await db.query<{ used: number }>(
    {
      name: 'documents-usage',
      text: `select coalesce(sum(size_bytes), 0)::bigint as used
        from documents where plan_id = $1 and deleted_at is null`,
    },
    [planId],
  );
  return row?.used ?? 0;
}

export async function insertDocument(
  db: Queryable,
  doc: {
    id: string;
    planId: string;
    name: string;
    contentType: string;
    size: number;
    sha256: string;
    storage: StorageKind;
    storageKey: string;
    uploadedBy: string;
    uploadedByParticipantId: string;
  },
): Promise<void> {
  await db.query(
    {
      name: 'documents-insert',
      text: `insert into documents (id, plan_id, name, content_type, size_bytes, sha256, storage,
          storage_key, uploaded_by, uploaded_by_participant_id)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    },
    [
      doc.id,
      doc.planId,
      doc.name,
      doc.contentType,
      doc.size,
      doc.sha256,
      doc.storage,
      doc.storageKey,
      doc.uploadedBy,
      doc.uploadedByParticipantId,
    ],
  );
}

export async function markDeleted(db: Queryable, documentId: string, personId: string) {
  await db.query(
    {
      name: 'documents-delete',
      text: `update documents set deleted_at = now(), deleted_by = $2
        where id = $1 and deleted_at is null`,
    },
    [documentId, personId],
  );
}
