import { expect } from 'vitest';
import type { AccessMap, ParticipantRole } from '../../src/server/access/plans.ts';
import type { MeetingData } from '../../src/shared/schemas/meetings.ts';
import type { TaskData } from '../../src/shared/schemas/tasks.ts';
import type { TestApp } from '../helpers/app.ts';
import type { MadePlan, PlanWorld } from '../helpers/plans.ts';
import { addPerson, call, type WorldPerson } from './people-factories.ts';

/** Helpers for the meeting and task tests: times, calls through the API, extra team members. */

const HOUR = 3_600_000;

/** A meeting slot `days` from now (negative: in the past), an hour long. */
export function slot(days: number, hours = 1): { startsAt: string; endsAt: string } {
  const start = new Date(Date.now() + days * 24 * HOUR);
  return {
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + hours * HOUR).toISOString(),
  };
}

export const meetingsUrl = (planId: string, rest = '') => `/api/plans/${planId}/meetings${rest}`;
export const tasksUrl = (planId: string, rest = '') => `/api/plans/${planId}/tasks${rest}`;

/** Calls a meeting through the API (201 expected). */
export async function callMeeting(
  t: TestApp,
  by: WorldPerson,
  planId: string,
  body: Record<string, unknown> = {},
): Promise<MeetingData> {
  const res = await call(t, 'POST', meetingsUrl(planId), by.cookie, {
    ...slot(7),
    location: 'Rådhuset, møterom 2',
    agenda: 'Gjennomgang av planen',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as MeetingData;
}

export async function createTask(
  t: TestApp,
  by: WorldPerson,
  planId: string,
  body: Record<string, unknown>,
): Promise<TaskData> {
  const res = await call(t, 'POST', tasksUrl(planId), by.cookie, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TaskData;
}

/**
 * A new person taking part in a plan (with a sharing consent when not owner-side), made
 * with SQL; returns the person and their participant id.
 */
export async function joinPlan(
  t: TestApp,
  w: PlanWorld,
  plan: MadePlan,
  spec: { name: string; role?: ParticipantRole; access?: AccessMap; person?: WorldPerson },
): Promise<{ person: WorldPerson; participantId: string }> {
  const person = spec.person ?? (await addPerson(t, w, w.orgA, spec.name));
  const [row] = await t.db.query<{ id: string }>(
    `insert into participants (plan_id, person_id, role, access, created_by)
     values ($1, $2, $3, $4::jsonb, $5) returning id`,
    [
      plan.id,
      person.id,
      spec.role ?? 'professional',
      JSON.stringify(spec.access ?? {}),
      w.coord.id,
    ],
  );
  if (!row) throw new Error('no participant');
  await t.db.query(
    `insert into consents (plan_id, kind, participant_id, given_by, method, text_version, consent_text, recorded_by)
     values ($1, 'sharing', $2, $3, 'paper', 'test', 'Samtykke', $4)`,
    [plan.id, row.id, w.owner.id, w.coord.id],
  );
  plan.participants[person.id] = row.id;
  return { person, participantId: row.id };
}
