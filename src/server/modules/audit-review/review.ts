import type { Db, Queryable } from '../../db/index.ts';

/**
 * The audit review (SECURITY.md L6; docs/decisions/0011-audit-review.md): a scheduled job
 * reads the audit trail of the hours not reviewed yet and flags unusual reading, per
 * person and clock hour (UTC hours, which are Norwegian hours too: Oslo is a whole number
 * of hours from UTC). An organisation's administrator reviews the flags of its people.
 *
 * What is counted, from `audit_log` rows with a person behind them (`actor_id`):
 * - a plan-content read: a row with a plan (`plan_id`) and outcome `ok`, except the owner
 *   in their own plan. Every audited request in a plan shows its caller some of the plan
 *   (a change answers with what was changed), so no list of "read actions" is kept that a
 *   new route could be missing from;
 * - a refused attempt: a row with outcome `denied` (L2: a plan, section or person the
 *   person may not see or change).
 *
 * The rules. The numbers are chosen to be well above what a coordinator's busiest day
 * gives (a coordinator follows some 10–20 plans; opening one plan writes 3–8 audit rows),
 * so that a flag is worth an administrator's minute:
 */
export const REVIEW_RULES = {
  /**
   * bulk: more than this many distinct plans read in one hour — reading through plans
   * one has access to but no work in (curiosity, a looked-up neighbour, a copied list).
   */
  bulkPlansPerHour: 20,
  /** bulk too: more than this many plan-content reads in one hour (harvesting a plan). */
  bulkReadsPerHour: 300,
  /**
   * denied: this many refused attempts or more in one hour — probing plans or people
   * outside one's grants (ids tried by hand or by script). A person whose access just
   * ended gets a few refusals from one page; ten is a pattern.
   */
  deniedPerHour: 10,
  /** night: more than this many plan-content reads in one hour of the night … */
  nightReadsPerHour: 30,
  /** … that is, an hour starting before this hour, Norwegian time (00:00–06:00). */
  nightEndsAtHour: 6,
} as const;

export type ReviewRules = { [K in keyof typeof REVIEW_RULES]: number };

/**
 * An hour is reviewed once it ended this long ago, so that rows of requests still running
 * at the turn of the hour (their `at` is the transaction's start) are in when it is read.
 */
const SETTLE_MINUTES = 5;
/** At most this many hours per transaction; a backlog (after downtime) takes several. */
const HOURS_PER_BATCH = 24;

export type ReviewBatch = { from: Date; to: Date; flags: number };

/**
 * Reviews the next hours not reviewed yet, at most a day of them, in one transaction:
 * flags written and the watermark moved together. null when there is nothing to review.
 * Two runs at once are one after the other (the watermark row is locked), and a period
 * reviewed twice adds no flag (one per reader, rule and hour), so it is safe to repeat.
 */
export async function reviewAuditBatch(
  db: Db,
  rules: ReviewRules = REVIEW_RULES,
): Promise<ReviewBatch | null> {
  return db.transaction(async (tx) => {
    const [window] = await tx.query<{ from: Date; to: Date }>(
      {
        name: 'audit-review-window',
        text: `select reviewed_until as "from",
            least(reviewed_until + make_interval(hours => $1::int),
                  date_trunc('hour', now() - make_interval(mins => $2::int), 'UTC')) as "to"
          from audit_review_state where id for update`,
      },
      [HOURS_PER_BATCH, SETTLE_MINUTES],
    );
    if (!window || window.to.getTime() <= window.from.getTime()) return null;
    const flags = await flagPeriod(tx, window.from, window.to, rules);
    await tx.query(
      {
        name: 'audit-review-advance',
        text: 'update audit_review_state set reviewed_until = $1 where id',
      },
      [window.to],
    );
    return { from: window.from, to: window.to, flags };
  });
}

/** Reviews everything not reviewed yet, batch by batch; the batches done. */
export async function reviewAudit(
  db: Db,
  rules: ReviewRules = REVIEW_RULES,
): Promise<ReviewBatch[]> {
  const done: ReviewBatch[] = [];
  for (;;) {
    const batch = await reviewAuditBatch(db, rules);
    if (batch === null) return done;
    done.push(batch);
  }
}

/**
 * One set-based statement over the period's rows: counts per person and hour, one flag
 * per rule crossed, each with the reader's own organisation (looked up for the few flagged
 * people only: `crossed` is materialised before the join). Returns the flags written.
 *
 * The `at` range is found through the BRIN index of migration 0002 (rows are appended in
 * time order). Measured on PostgreSQL 15 with 20 million audit rows over a year and
 * 400,000 people: one hour reads 128 heap blocks in about 17 ms, a day (one batch) 1,280
 * blocks in about 0.3 s; no other index is needed.
 */
async function flagPeriod(tx: Queryable, from: Date, to: Date, rules: ReviewRules) {
  const rows = await tx.query<{ id: string }>(
    {
      name: 'audit-review-flag',
      text: `with hours as (
          select a.actor_id as person_id,
            date_trunc('hour', a.at, 'UTC') as period_start,
            count(distinct a.plan_id) filter (where a.outcome = 'ok')::int as plan_count,
            count(*) filter (where a.outcome = 'ok')::int as read_count,
            count(*) filter (where a.outcome = 'denied')::int as denied_count,
            mode() within group (order by a.actor_role) as reader_role
          from audit_log a
          where a.at >= $1 and a.at < $2 and a.actor_id is not null
            and (a.outcome = 'denied'
              or (a.outcome = 'ok' and a.plan_id is not null
                  and a.actor_role is distinct from 'owner'))
          group by a.actor_id, date_trunc('hour', a.at, 'UTC')
        ), crossed as materialized (
          select h.*, k.kind
          from hours h
          cross join lateral (values
            ('bulk', h.plan_count > $3 or h.read_count > $4),
            ('denied', h.denied_count >= $5),
            ('night', h.read_count > $6
              and extract(hour from h.period_start at time zone 'Europe/Oslo')::int < $7)
          ) as k (kind, hit)
          where k.hit
        )
        insert into audit_flags (organization_id, person_id, reader_role, kind, period_start,
          period_end, plan_count, read_count, denied_count)
        select p.organization_id, c.person_id, c.reader_role, c.kind, c.period_start,
          c.period_start + interval '1 hour', c.plan_count, c.read_count, c.denied_count
        from crossed c join people p on p.id = c.person_id
        on conflict (person_id, kind, period_start) do nothing
        returning id`,
    },
    [
      from,
      to,
      rules.bulkPlansPerHour,
      rules.bulkReadsPerHour,
      rules.deniedPerHour,
      rules.nightReadsPerHour,
      rules.nightEndsAtHour,
    ],
  );
  return rows.length;
}
