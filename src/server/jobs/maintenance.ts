import type { Db } from '../db/index.ts';
import { sealAudit } from '../modules/audit/seal.ts';
import { reviewAudit } from '../modules/audit-review/review.ts';
import type { Jobs } from './index.ts';

/**
 * Housekeeping on a schedule, run by whichever instance picks the job up (pg-boss keeps
 * one job per tick across instances): the audit trail's hash chain is extended every five
 * minutes (SECURITY.md L3), its last hours are reviewed for unusual reading every hour
 * (L6), and rows that only served for a while are removed at night.
 */

/** How long plan events are kept: far longer than a browser's catch-up window (1 h). */
const EVENTS_KEPT = '7 days';
/** Idempotency keys keep their first answer for a day (src/server/http/idempotency.ts). */
const IDEMPOTENCY_KEPT = '1 day';

export type MaintenanceLog = { info(fields: Record<string, unknown>, message: string): void };

export async function startMaintenance(jobs: Jobs, db: Db, log: MaintenanceLog): Promise<void> {
  const { boss } = jobs;
  await boss.schedule('audit-seal', '*/5 * * * *');
  // A few minutes past the hour: the review waits for the hour just ended to settle.
  await boss.schedule('audit-review', '7 * * * *');
  await boss.schedule('prune', '17 3 * * *', null, { tz: 'Europe/Oslo' });
  await boss.work('audit-seal', async () => {
    let seals = 0;
    // A busy trail may need several batches to catch up; each is its own transaction.
    while ((await sealAudit(db)) !== null) seals += 1;
    if (seals > 0) log.info({ seals }, 'audit trail sealed');
  });
  await boss.work('audit-review', async () => {
    // Every hour not reviewed yet, also after downtime: a day per transaction.
    const batches = await reviewAudit(db);
    const flags = batches.reduce((sum, batch) => sum + batch.flags, 0);
    if (batches.length > 0) log.info({ hours: hoursIn(batches), flags }, 'audit trail reviewed');
  });
  await boss.work('prune', async () => {
    await db.query(`delete from plan_events where created_at < now() - interval '${EVENTS_KEPT}'`);
    await db.query(
      `delete from idempotency_keys where created_at < now() - interval '${IDEMPOTENCY_KEPT}'`,
    );
  });
}

function hoursIn(batches: { from: Date; to: Date }[]): number {
  return batches.reduce((sum, b) => sum + (b.to.getTime() - b.from.getTime()) / 3_600_000, 0);
}
