import type { Plan } from '../../api/plans.ts';

/** /planer/:planId/moter — the plan's meetings. */
export const meetingsPath = (plan: Pick<Plan, 'id'>) =>
  `/planer/${encodeURIComponent(plan.id)}/moter`;

/** /planer/:planId/moter/:meetingId — one meeting. */
export const meetingPath = (plan: Pick<Plan, 'id'>, meetingId: string) =>
  `${meetingsPath(plan)}/${encodeURIComponent(meetingId)}`;
