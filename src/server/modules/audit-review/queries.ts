import type { AuditFlagKind } from '../../../shared/schemas/audit-flags.ts';
import type { Queryable } from '../../db/index.ts';

/** SQL of the audit review's flags: plain parameterised statements, the same on both databases. */

export type AuditFlagRow = {
  id: string;
  organizationId: string;
  personId: string;
  personName: string;
  readerRole: string | null;
  kind: AuditFlagKind;
  periodStart: Date;
  periodEnd: Date;
  planCount: number;
  readCount: number;
  deniedCount: number;
  createdAt: Date;
  reviewedAt: Date | null;
  reviewedById: string | null;
  reviewedByName: string | null;
  note: string | null;
  /** The period's start as text with microseconds (UTC), for the list's cursor. */
  cursorAt: string;
};

export type Cursor = { at: string; id: string };

const COLUMNS = `f.id, f.organization_id as "organizationId", f.person_id as "personId",
  p.name as "personName", f.reader_role as "readerRole", f.kind,
  f.period_start as "periodStart", f.period_end as "periodEnd", f.plan_count as "planCount",
  f.read_count as "readCount", f.denied_count as "deniedCount", f.created_at as "createdAt",
  f.reviewed_at as "reviewedAt", f.reviewed_by as "reviewedById", r.name as "reviewedByName",
  f.note,
  to_char(f.period_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"`;

const FROM = `audit_flags f join people p on p.id = f.person_id
  left join people r on r.id = f.reviewed_by`;

/**
 * The open flags of these organisations, newest period first, from `before` on (the
 * partial index audit_flags_open_idx).
 */
export function openFlags(
  db: Queryable,
  organizationIds: string[],
  before: Cursor | null,
  limit: number,
): Promise<AuditFlagRow[]> {
  return db.query<AuditFlagRow>(
    {
      name: 'audit-flags-open',
      text: `select ${COLUMNS} from ${FROM}
        where f.organization_id = any($1::uuid[]) and f.reviewed_at is null
          and ($2::timestamptz is null or (f.period_start, f.id) < ($2::timestamptz, $3::uuid))
        order by f.period_start desc, f.id desc
        limit $4`,
    },
    [organizationIds, before?.at ?? null, before?.id ?? null, limit],
  );
}

/** One flag, locked for a change when `lock`. */
export async function flagById(
  db: Queryable,
  id: string,
  lock = false,
): Promise<AuditFlagRow | null> {
  const rows = await db.query<AuditFlagRow>(
    lock
      ? {
          name: 'audit-flag-by-id-lock',
          text: `select ${COLUMNS} from ${FROM} where f.id = $1 for update of f`,
        }
      : { name: 'audit-flag-by-id', text: `select ${COLUMNS} from ${FROM} where f.id = $1` },
    [id],
  );
  return rows[0] ?? null;
}

/** Marks a flag reviewed by this person, now, with an optional note. */
export async function markReviewed(
  db: Queryable,
  id: string,
  reviewerId: string,
  note: string | null,
): Promise<void> {
  await db.query(
    {
      name: 'audit-flag-review',
      text: `update audit_flags set reviewed_at = now(), reviewed_by = $2, note = $3
        where id = $1 and reviewed_at is null`,
    },
    [id, reviewerId, note],
  );
}
