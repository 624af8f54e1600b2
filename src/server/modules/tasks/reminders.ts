import { mayReadTasks } from '../../access/meetings.ts';
import type { Db, Queryable } from '../../db/index.ts';
import type { Jobs } from '../../jobs/index.ts';
import type { Notifications } from '../notifications/types.ts';
import { loadPlanFacts } from '../plans/facts.ts';
import { todayInNorway } from '../plans/present.ts';
import { claimDueReminders, reminderState } from './queries.ts';

/**
 * The day-before reminder of a task's due date. A scheduled job (pg-boss keeps one per
 * tick across instances) finds the open tasks due tomorrow — by the Norwegian calendar —
 * and queues a `task` notification for each assignee; the notifications module holds it
 * past quiet hours and sends it on the person's own channel, and its worker checks again
 * at sending time that the task is still open and still theirs to see.
 *
 * Each task is marked with the due date it was reminded for, in the same transaction as
 * its notification job, so a job run twice (or on two instances) reminds once; a due date
 * moved later gets a new reminder.
 */

export const TASK_REMINDERS_QUEUE = 'task-reminders';
/** Every day at noon in Norway: well outside any usual quiet hours. */
export const TASK_REMINDERS_CRON = '0 12 * * *';
/** Nobody: a reminder is nobody's doing, so no one is left out as its actor. */
const NO_ACTOR = '00000000-0000-0000-0000-000000000000';

export type RemindersLog = { info(fields: Record<string, unknown>, message: string): void };

/** The day after `now`, as a Norwegian calendar date (YYYY-MM-DD). */
export function tomorrowInNorway(now: Date): string {
  const today = todayInNorway(now);
  const next = new Date(`${today}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Queues reminders for the open tasks due on the day after `now`; returns how many. */
export async function queueTaskReminders(
  db: Db,
  notifications: Notifications,
  now: Date = new Date(),
): Promise<number> {
  const day = tomorrowInNorway(now);
  return db.transaction(async (tx) => {
    const due = await claimDueReminders(tx, day);
    for (const task of due) {
      await notifications.queue(tx, {
        kind: 'task',
        planId: task.planId,
        subjectId: task.taskId,
        personIds: [task.personId],
        actorId: NO_ACTOR,
      });
    }
    return due.length;
  });
}

export async function startTaskReminders(deps: {
  jobs: Jobs;
  db: Db;
  notifications: Notifications;
  log: RemindersLog;
}): Promise<void> {
  const { boss } = deps.jobs;
  await boss.schedule(TASK_REMINDERS_QUEUE, TASK_REMINDERS_CRON, null, { tz: 'Europe/Oslo' });
  await boss.work(TASK_REMINDERS_QUEUE, async () => {
    const queued = await queueTaskReminders(deps.db, deps.notifications);
    if (queued > 0) deps.log.info({ queued }, 'task reminders queued');
  });
}

/**
 * For the notification worker, when a reminder job runs: is the task still open, still
 * assigned to the person, not yet past due, in a plan where they may still read tasks?
 */
export async function taskReminderDue(
  db: Queryable,
  job: { personId: string; planId: string; subjectId: string },
): Promise<boolean> {
  const task = await reminderState(db, job.subjectId);
  if (
    !task ||
    task.planId !== job.planId ||
    task.status !== 'open' ||
    task.assigneePersonId !== job.personId ||
    task.dueDate === null ||
    task.dueDate < task.today
  ) {
    return false;
  }
  const facts = await loadPlanFacts(db, task.planId, job.personId);
  return facts !== null && mayReadTasks(facts);
}
