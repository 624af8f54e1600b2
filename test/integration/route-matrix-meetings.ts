import type { OracleSection } from '../helpers/oracle.ts';
import type { Entry, PlanCtx, PlanEntry, Req, SelfEntry } from './route-matrix-entries.ts';

/**
 * The route matrix's entries for meetings, tasks and the calendar feed (see
 * route-matrix-entries.ts). Fresh meetings and tasks are made with SQL before each request
 * that needs one. The rules of invitees (only they answer and add agenda points) and of
 * time (agenda points before the start, minutes after it) are named tests in
 * meetings.test.ts; here each request is made in the way those rules allow, so what
 * remains to check is the section rule for every person.
 */

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error('no row');
  return row;
}

const read = (section: OracleSection) => () => ({ action: 'section.read' as const, section });
const write = (section: OracleSection) => () => ({ action: 'section.write' as const, section });

const plan = (
  success: number,
  ask: PlanEntry['ask'],
  prepare?: PlanEntry['prepare'],
): PlanEntry => ({
  scope: 'plan',
  success,
  ask,
  ...(prepare ? { prepare } : {}),
});

/** The caller when they take part in the plan (removed included), else the owner. */
function callerOrOwner(ctx: PlanCtx): string {
  const me = ctx.caller.person.id;
  return ctx.plan.participants[me] ? me : ctx.plan.owner.id;
}

function coordinatorOf(ctx: PlanCtx): string {
  const participant = ctx.plan.participants[ctx.plan.coordinator.id];
  if (!participant) throw new Error('the plan has no coordinator participant');
  return participant;
}

/**
 * A meeting of the plan called by its coordinator, with one invitee (the caller when in
 * the plan, else the owner); `past`: it started two hours ago.
 */
async function freshMeeting(ctx: PlanCtx, when: 'future' | 'past' = 'future'): Promise<string> {
  const invitee = callerOrOwner(ctx);
  const participant = ctx.plan.participants[invitee];
  if (!participant) throw new Error('freshMeeting: the invitee must be in the plan');
  const offset = when === 'future' ? '1 day' : '-2 hours';
  const row = await one(
    ctx.t.db.query<{ id: string }>(
      `with m as (
         insert into meetings (plan_id, title, starts_at, ends_at, location, created_by, updated_by)
         values ($1, 'Ansvarsgruppemøte', now() + $4::interval, now() + $4::interval + interval '1 hour',
           'Rådhuset', $2, $2)
         returning id
       ), i as (
         insert into meeting_invitees (meeting_id, participant_id, person_id)
         select id, $3, $5 from m
       )
       select id from m`,
      [ctx.plan.id, ctx.plan.coordinator.id, participant, offset, invitee],
    ),
  );
  return row.id;
}

/** A past meeting whose minutes hold one follow-up (index 0). */
async function meetingWithFollowup(ctx: PlanCtx): Promise<string> {
  const id = await freshMeeting(ctx, 'past');
  const data = {
    text: 'Referat',
    decisions: [],
    followups: [
      { id: crypto.randomUUID(), text: 'Søke om hjelpemidler', assigneeId: null, dueDate: null },
    ],
  };
  await ctx.t.db.query(
    `insert into meeting_minutes (meeting_id, data, updated_by) values ($1, $2::jsonb, $3)`,
    [id, JSON.stringify(data), ctx.plan.coordinator.id],
  );
  return id;
}

async function freshTask(ctx: PlanCtx): Promise<string> {
  const row = await one(
    ctx.t.db.query<{ id: string }>(
      `insert into tasks (plan_id, title, created_by, updated_by) values ($1, 'Oppgave', $2, $2)
       returning id`,
      [ctx.plan.id, ctx.plan.coordinator.id],
    ),
  );
  return row.id;
}

const meeting =
  (when: 'future' | 'past' = 'future') =>
  async (ctx: PlanCtx): Promise<Req> => ({ params: { meetingId: await freshMeeting(ctx, when) } });

const inAWeek = () => {
  const start = new Date(Date.now() + 7 * 86_400_000);
  return {
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
  };
};

const base = '/api/plans/:planId/meetings';

export const MEETING_TASK_ROUTES: Record<string, PlanEntry[]> = {
  [`GET ${base}`]: [plan(200, read('meetings'))],
  [`POST ${base}`]: [
    plan(201, write('meetings'), async () => ({ body: { ...inAWeek(), location: 'Rådhuset' } })),
  ],
  [`GET ${base}/:meetingId`]: [plan(200, read('meetings'), meeting())],
  [`PATCH ${base}/:meetingId`]: [
    plan(200, write('meetings'), async (ctx) => ({
      ...(await meeting()(ctx)),
      body: { version: 1, location: 'Teams' },
    })),
    // Who is invited: the invitee (see freshMeeting) is swapped for the plan's coordinator,
    // who may read meetings wherever anyone may change them.
    {
      ...plan(200, write('meetings'), async (ctx) => ({
        ...(await meeting()(ctx)),
        body: { version: 1, inviteeIds: [coordinatorOf(ctx)] },
      })),
      variant: 'invitees',
    },
  ],
  // The caller is invited (see freshMeeting): the invitee rule holds.
  [`PUT ${base}/:meetingId/reply`]: [
    plan(200, read('meetings'), async (ctx) => ({
      ...(await meeting()(ctx)),
      body: { answer: 'yes' },
    })),
  ],
  [`POST ${base}/:meetingId/agenda`]: [
    {
      ...plan(201, read('meetings'), async (ctx) => ({
        ...(await meeting()(ctx)),
        body: { text: 'Skolestart' },
      })),
      // An invitee who may read meetings adds points — but nothing is added to a closed plan.
      refine: (ctx, expected) =>
        ctx.plan.status === 'closed' && expected === 201 ? 403 : expected,
    },
  ],
  [`PUT ${base}/:meetingId/minutes`]: [
    plan(200, write('meetings'), async (ctx) => ({
      ...(await meeting('past')(ctx)),
      body: { version: 0, text: 'Referat' },
    })),
  ],
  [`GET ${base}/:meetingId/minutes/versions`]: [plan(200, read('meetings'), meeting('past'))],
  // A task is made: write access to tasks (read access to meetings too, which everyone
  // granted tasks write in this world has; the rule is a named test in meetings.test.ts).
  [`POST ${base}/:meetingId/followups/:index/task`]: [
    plan(201, write('tasks'), async (ctx) => ({
      params: { meetingId: await meetingWithFollowup(ctx), index: '0' },
    })),
  ],
  [`GET ${base}/:meetingId/calendar.ics`]: [plan(200, read('meetings'), meeting())],
  'GET /api/plans/:planId/tasks': [plan(200, read('tasks'))],
  'GET /api/plans/:planId/tasks.csv': [plan(200, read('tasks'))],
  'POST /api/plans/:planId/tasks': [
    plan(201, write('tasks'), async (ctx) => ({ body: { title: `Oppgave ${ctx.n}` } })),
  ],
  'GET /api/plans/:planId/tasks/:taskId': [
    plan(200, read('tasks'), async (ctx) => ({ params: { taskId: await freshTask(ctx) } })),
  ],
  // Unassigned, so the assignee's own status change (a named test) does not apply.
  'PATCH /api/plans/:planId/tasks/:taskId': [
    plan(200, write('tasks'), async (ctx) => ({
      params: { taskId: await freshTask(ctx) },
      body: { version: 1, title: 'Endret' },
    })),
  ],
};

export const MEETING_TASK_SELF_ROUTES: Record<string, SelfEntry[]> = {
  'GET /api/me/tasks': [{ scope: 'self', success: 200, action: 'me.tasks' }],
  'GET /api/me/calendar': [{ scope: 'self', success: 200, action: 'me.calendar' }],
  'POST /api/me/calendar/secret': [{ scope: 'self', success: 201, action: 'me.calendar' }],
  'DELETE /api/me/calendar/secret': [{ scope: 'self', success: 204, action: 'me.calendar' }],
};

export const MEETING_TASK_MATRIX: Record<string, Entry[]> = {
  ...MEETING_TASK_ROUTES,
  ...MEETING_TASK_SELF_ROUTES,
};
