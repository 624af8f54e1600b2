import type { Queryable } from '../../db/index.ts';

/**
 * The audit trail's hash chain (SECURITY.md L3; docs/decisions/0007): rows are sealed in
 * batches after they are written, so writing an audit row never waits for a seal. Run
 * `sealAudit` on a schedule (a job), and `verifyAudit` when reviewing the logs; both are
 * SQL functions of migration 0005.
 */

export type AuditSealProblem = { sealId: string | null; problem: string };

/** Seals up to `maxRows` rows not sealed yet; the new seal's id, or null when none. */
export async function sealAudit(db: Queryable, maxRows = 10_000): Promise<string | null> {
  const [row] = await db.query<{ id: string | null }>(
    { name: 'audit-seal', text: 'select audit_seal($1)::text as id' },
    [maxRows],
  );
  return row?.id ?? null;
}

/** Every seal recomputed; an empty list when nothing sealed has been changed or removed. */
export async function verifyAudit(db: Queryable): Promise<AuditSealProblem[]> {
  return db.query<AuditSealProblem>({
    name: 'audit-verify',
    text: 'select seal_id::text as "sealId", problem from audit_verify()',
  });
}
