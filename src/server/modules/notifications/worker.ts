import type { Job, JobResult } from 'pg-boss';
import { z } from 'zod';
import { mayReadMessages } from '../../access/messages.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import type { Jobs } from '../../jobs/index.ts';
import type { Delivery, DeliveryLog } from '../delivery/service.ts';
import { planWorkNotice } from '../meetings/notify.ts';
import { loadPlanFacts } from '../plans/facts.ts';
import { addressOf, plansWithUnreadSince, reachablePerson } from './queries.ts';

/**
 * The notification worker. A job names a person and the event that queued it — ids only,
 * never content. When it runs it reads everything fresh and sends only what is still true
 * (STYLE: job payloads carry ids; the handler skips what is stale):
 *
 * - the person is still active and still has a channel with an address;
 * - for a message: something is still unread and not withdrawn for them, in a plan where
 *   they may still read messages (an expired or removed participant gets nothing, N4).
 *
 * The text is the `new-message` template in the person's language, with the app's address
 * as its only link (N1–N3). The delivery's idempotency key is the job's id, the same on
 * every run of the job, so a job run again after a crash never sends twice (M2); a failure
 * that certainly sent nothing is retried by pg-boss with backoff, and the last failure
 * stays visible in `deliveries` with its reason.
 */

export const NotifyJobData = z.strictObject({
  personId: z.uuid(),
  kind: z.enum(['message', 'meeting', 'task']),
  planId: z.uuid(),
  subjectId: z.uuid(),
});
export type NotifyJob = z.output<typeof NotifyJobData>;

/** Templates a notification can use: the status view looks at these deliveries only. */
export const NOTIFICATION_TEMPLATES = [
  'new-message',
  'new-meeting',
  'meeting-changed',
  'meeting-uninvited',
  'task-reminder',
] as const;
type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

type WorkerLog = DeliveryLog & { info(fields: Record<string, unknown>, message: string): void };

export type WorkerDeps = {
  config: Config;
  db: Db;
  jobs: Jobs;
  delivery: Delivery;
  log: WorkerLog;
};

/** Thrown to let pg-boss try the job again later (with backoff). Its text is generic. */
class RetryLater extends Error {
  override name = 'RetryLater';
}

export type NotifyOutcome =
  | 'sent'
  | 'failed'
  | 'unknown outcome'
  | 'malformed job'
  | 'not reachable'
  | 'not supported yet'
  | 'no longer due'
  | 'nothing unread';

async function stillUnreadForThem(db: Db, job: NotifyJob): Promise<boolean> {
  const plans = await plansWithUnreadSince(db, job.personId, job.subjectId);
  for (const planId of plans) {
    const facts = await loadPlanFacts(db, planId, job.personId);
    if (facts && mayReadMessages(facts)) return true;
  }
  return false;
}

/** One run of one job; throws RetryLater (or a database error) to be retried. */
export async function runNotifyJob(
  deps: WorkerDeps,
  job: Pick<Job<unknown>, 'id' | 'data'>,
): Promise<NotifyOutcome> {
  const parsed = NotifyJobData.safeParse(job.data);
  if (!parsed.success) return 'malformed job';
  const data = parsed.data;
  const person = await reachablePerson(deps.db, data.personId);
  const address = person ? addressOf(person) : null;
  if (!person || !address) return 'not reachable';
  let template: NotificationTemplate = 'new-message';
  if (data.kind === 'message') {
    if (!(await stillUnreadForThem(deps.db, data))) return 'nothing unread';
  } else {
    // A meeting or task: its own checks and template (meetings/notify.ts).
    const notice = await planWorkNotice(deps.db, { ...data, kind: data.kind });
    if (notice === null) return 'no longer due';
    template = notice;
  }

  const result = await deps.delivery.send({
    personId: person.id,
    channel: address.channel,
    to: address.to,
    template,
    params: { url: deps.config.publicUrl },
    lang: person.language,
    idempotencyKey: `notify:${job.id}`,
    callerRetries: true,
  });
  if (result.status === 'sent') return 'sent';
  // Claimed by another run whose outcome is not known: never send it again.
  if (result.status === 'pending') return 'unknown outcome';
  if (result.retryable) throw new RetryLater(`delivery failed: ${result.reason ?? 'unknown'}`);
  return 'failed';
}

/** Jobs fetched at once; each is settled on its own (one failing does not fail the rest). */
const BATCH_SIZE = 10;

export async function startNotifyWorker(deps: WorkerDeps): Promise<void> {
  await deps.jobs.boss.work<unknown>(
    'notify',
    // A full batch fetches the next one at once; otherwise the queue is polled every second.
    {
      batchSize: BATCH_SIZE,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 1,
      perJobResults: true,
    },
    async (batch) =>
      Promise.all(
        batch.map(async (job): Promise<JobResult> => {
          try {
            const outcome = await runNotifyJob(deps, job);
            if (outcome !== 'sent') {
              deps.log.info({ jobId: job.id, outcome }, 'notification not sent');
            }
            return { id: job.id, status: 'completed' };
          } catch (error) {
            // pg-boss tries again with backoff until the queue's retryLimit. The reason is
            // generic (a RetryLater text, else just "error"): never personal data.
            const reason = error instanceof RetryLater ? error.message : 'error';
            deps.log.warn({ jobId: job.id, reason }, 'notification attempt failed');
            return { id: job.id, status: 'failed', output: { reason } };
          }
        }),
      ),
  );
}
