import {
  ACCESS_LOG_ROLES,
  type AccessLogEntryView,
  type AccessLogView,
  type PageInput,
} from '../../../shared/schemas/sections.ts';
import type { Actor } from '../../auth/actor.ts';
import type { AuditContext } from '../audit/service.ts';
import { type GuardDeps, inPlan } from './guard.ts';
import { decodeTimeCursor, encodeTimeCursor, iso, pageOf } from './paging.ts';

/**
 * "Who read my plan" (Normen; SECURITY.md L5): the plan's audit rows that succeeded,
 * newest first, with the actor's name, their role in this plan (or `staff`), function and
 * organisation as shown to the team — never an address, a request id or a national id.
 * Reading it is audited too.
 */

type LogRow = {
  id: string;
  at: Date;
  cursorAt: string;
  action: string;
  section: string | null;
  objectId: string | null;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  functionTitle: string | null;
  organizationName: string | null;
};

type Role = AccessLogEntryView['actor']['role'];
const isRole = (value: string | null): value is Role =>
  value !== null && (ACCESS_LOG_ROLES as readonly string[]).includes(value);

/** `section.read` → read, `accessLog.read` → read on accessLog, `plan.created` → created on plan. */
function present(row: LogRow): AccessLogEntryView {
  const dot = row.action.lastIndexOf('.');
  const subject = dot > 0 ? row.action.slice(0, dot) : null;
  const action = dot > 0 ? row.action.slice(dot + 1) : row.action;
  return {
    at: iso(row.at),
    actor:
      row.actorId === null
        ? { name: 'Samvirke', role: 'system', functionTitle: null, organizationName: null }
        : {
            name: row.actorName ?? '',
            role: isRole(row.role) ? row.role : 'staff',
            functionTitle: row.functionTitle,
            organizationName: row.organizationName,
          },
    action,
    section: row.section ?? (subject === 'section' ? null : subject),
    objectId: row.objectId,
  };
}

export function createAccessLogService(deps: GuardDeps) {
  return {
    read(
      context: AuditContext,
      actor: Actor,
      planId: string,
      query: PageInput,
    ): Promise<AccessLogView> {
      const before = decodeTimeCursor(query.before);
      const attempt = { planId, action: 'accessLog.read', audit: 'accessLog.read' } as const;
      return inPlan(deps, context, actor, attempt, async ({ tx, audit }) => {
        // The actor's participation in this plan (the present one, else the latest), so a
        // participant removed since still shows with the role they had.
        const rows = await tx.query<LogRow>(
          {
            name: 'access-log-page',
            text: `select a.id, a.at, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt",
                a.action, a.section, a.object_id as "objectId", a.actor_id as "actorId",
                pe.name as "actorName", pa.role, pa.function_title as "functionTitle",
                case when pa.role in ('owner', 'guardian', 'relative') then pa.organization_name
                  else coalesce(pa.organization_name, o.name) end as "organizationName"
              from audit_log a
              left join people pe on pe.id = a.actor_id
              left join organizations o on o.id = a.organization_id
              left join lateral (
                select x.role, x.function_title, x.organization_name from participants x
                where x.plan_id = a.plan_id and x.person_id = a.actor_id
                order by x.removed_at is null desc, x.created_at desc limit 1
              ) pa on true
              where a.plan_id = $1 and a.outcome = 'ok'
                and ($2::timestamptz is null or (a.at, a.id) < ($2::timestamptz, $3::uuid))
              order by a.at desc, a.id desc
              limit $4`,
          },
          [planId, before?.at ?? null, before?.id ?? null, query.limit + 1],
        );
        await audit();
        return pageOf(rows, query.limit, present, encodeTimeCursor);
      });
    },
  };
}
