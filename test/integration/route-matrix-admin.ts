import type { WorldPerson } from './people-factories.ts';
import type { Ctx, Entry } from './route-matrix-entries.ts';

/**
 * The route matrix's entries for the organisation administrator's review of unusual
 * reading (SECURITY.md L6; see route-matrix-entries.ts). A flag is about a person (the
 * reader), so the review is a people route: an administrator of the reader's organisation
 * may mark it reviewed, unless it is about themself (403); another organisation's flag is
 * 404; anyone who administers no organisation is refused (403) before it is looked up.
 * What a flag holds, and that the job writes the right ones, is audit-review.test.ts.
 */

/** A fresh open flag about `reader`, made with SQL (one hour of its own, so none collide). */
async function freshFlag(ctx: Ctx, reader: WorldPerson): Promise<string> {
  const [row] = await ctx.t.db.query<{ id: string }>(
    `insert into audit_flags (organization_id, person_id, reader_role, kind, period_start,
       period_end, plan_count, read_count, denied_count)
     select $1, $2, 'professional', 'bulk', h, h + interval '1 hour', 25, 80, 0
     from (select date_trunc('hour', now(), 'UTC') - make_interval(hours => $3::int) as h) t
     returning id`,
    [reader.organizationId, reader.id, ctx.n],
  );
  if (!row) throw new Error('no flag');
  return row.id;
}

export const ADMIN_MATRIX: Record<string, Entry[]> = {
  'GET /api/admin/audit-flags': [{ scope: 'self', success: 200, action: 'audit.flags' }],
  'POST /api/admin/audit-flags/:flagId/review': [
    {
      scope: 'person',
      success: 200,
      action: 'auditFlag.review',
      targets: ['self', 'personA', 'personB'],
      hides: true,
      before: 'audit.flags',
      prepare: async (ctx, target) => ({
        params: { flagId: await freshFlag(ctx, target) },
        body: { note: 'Sjekket med lederen' },
      }),
    },
  ],
};
