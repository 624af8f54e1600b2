import { z } from 'zod';
import { LIST_LIMIT_MAX } from './sections.ts';

/** Tasks in a plan: who does what by when. Text is plain text, never HTML. */

export const TASK_TITLE_MAX = 200;
export const TASK_DESCRIPTION_MAX = 10_000;
export const TASK_STATUSES = ['open', 'done'] as const;
export const TASK_FILTERS = ['open', 'done', 'all'] as const;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const plain = (max: number) =>
  z
    .string({ error: 'must be text' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !CONTROL.test(value), { error: 'must not hold control characters' });
const Title = plain(TASK_TITLE_MAX).refine((value) => value.trim().length > 0, {
  error: 'must not be empty',
});
const Description = plain(TASK_DESCRIPTION_MAX);
const Id = z.guid({ error: 'must be an id' });
const Day = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });

export const CreateTaskBody = z.strictObject({
  title: Title,
  description: Description.optional(),
  /** The participant who is to do it (someone in the team who may read tasks). */
  assigneeId: Id.optional(),
  dueDate: Day.optional(),
});
export type CreateTaskInput = z.output<typeof CreateTaskBody>;

/** The changed fields and the version read; `null` clears an optional field. */
export const PatchTaskBody = z.strictObject({
  version: z.int({ error: 'must be the version you read' }).min(1),
  title: Title.optional(),
  description: Description.nullable().optional(),
  assigneeId: Id.nullable().optional(),
  dueDate: Day.nullable().optional(),
  status: z.enum(TASK_STATUSES, { error: `must be one of ${TASK_STATUSES.join(', ')}` }).optional(),
});
export type PatchTaskInput = z.output<typeof PatchTaskBody>;

const limit = z.coerce
  .number({ error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .int({ error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .min(1, { error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .max(LIST_LIMIT_MAX, { error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .default(50);

export const TaskListQuery = z.strictObject({
  limit,
  before: z.string({ error: 'must be given once' }).max(200).optional(),
  status: z
    .enum(TASK_FILTERS, { error: `must be one of ${TASK_FILTERS.join(', ')}` })
    .default('all'),
});
export type TaskListInput = z.output<typeof TaskListQuery>;

/** "Mine" across plans: open ones by default. */
export const MyTasksQuery = TaskListQuery.extend({
  status: z
    .enum(TASK_FILTERS, { error: `must be one of ${TASK_FILTERS.join(', ')}` })
    .default('open'),
});
export type MyTasksInput = z.output<typeof MyTasksQuery>;

export const TaskParams = z.strictObject({ planId: z.string(), taskId: z.string() });

const Ref = z.object({ id: z.string(), name: z.string() });

export const Task = z.object({
  id: z.string(),
  planId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  assignee: z
    .object({
      participantId: z.string(),
      name: z.string(),
      role: z.string(),
      removed: z.boolean(),
    })
    .nullable(),
  /** Assigned to the caller. */
  mine: z.boolean(),
  dueDate: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  doneAt: z.string().nullable(),
  /** The meeting whose follow-up it came from. */
  meetingId: z.string().nullable(),
  createdBy: Ref,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});
export type TaskData = z.infer<typeof Task>;

export const TaskList = z.object({ items: z.array(Task), next: z.string().nullable() });

export const MyTask = Task.extend({ plan: z.object({ id: z.string(), title: z.string() }) });
export const MyTasks = z.object({ items: z.array(MyTask), next: z.string().nullable() });
