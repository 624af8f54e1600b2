import type { Config } from '../config.ts';
import type { Queryable } from '../db/index.ts';
import { sha256 } from '../security/crypto.ts';
import type { AuthMethod } from './sessions.ts';

export type StaffRole = 'coordinator' | 'org_admin' | 'trainer';
export type StaffMembership = { organizationId: string; role: StaffRole };

/** Who is calling: the person behind a live session, with their staff roles. */
export type Actor = {
  personId: string;
  name: string;
  /** The organisation that administers the person's own account. */
  homeOrganizationId: string;
  staff: StaffMembership[];
  authMethod: AuthMethod;
  sessionIdHash: string;
  sessionCreatedAt: Date;
  sessionExpiresAt: Date;
};

type ActorRow = {
  personId: string;
  name: string;
  homeOrganizationId: string;
  staff: StaffMembership[] | null;
  authMethod: AuthMethod;
  sessionIdHash: string;
  sessionCreatedAt: Date;
  sessionExpiresAt: Date;
};

/**
 * Resolves a session token to an actor in one statement: checks the session is live
 * (not ended, within idle and absolute limits, person not deactivated), moves the idle
 * clock (at most every 30 s), and reads the person's name and staff roles.
 */
export async function actorForToken(
  db: Queryable,
  config: Config,
  token: string,
): Promise<Actor | null> {
  const rows = await db.query<ActorRow>(
    {
      name: 'actor_for_token',
      // Read first; write only when the idle clock is 30 s old or more, so most requests
      // change no row, take no row lock and flush no WAL (the UPDATE in a CTE that
      // matches nothing writes nothing).
      text: `with s as (
        select s.id_hash, s.person_id, s.auth_method, s.created_at, s.expires_at, s.last_seen_at
        from sessions s join people p on p.id = s.person_id
        where s.id_hash = $1 and p.status <> 'deactivated'
          and s.ended_at is null and s.expires_at > now()
          and s.last_seen_at > now() - make_interval(mins => $2::int)
      ), touched as (
        update sessions t set last_seen_at = now()
        from s
        where t.id_hash = s.id_hash and s.last_seen_at < now() - interval '30 seconds'
        returning t.id_hash
      )
      select s.person_id as "personId", p.name, p.organization_id as "homeOrganizationId",
        s.auth_method as "authMethod", s.id_hash as "sessionIdHash",
        s.created_at as "sessionCreatedAt", s.expires_at as "sessionExpiresAt",
        (select json_agg(json_build_object('organizationId', r.organization_id, 'role', r.role))
           from staff_roles r where r.person_id = s.person_id) as staff
      from s join people p on p.id = s.person_id`,
    },
    [sha256(token), config.sessionIdleMinutes],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...row, staff: row.staff ?? [] };
}

/** The role names shown in /api/me: staff roles, plus `citizen` for everybody else. */
export function roleNames(actor: Actor): string[] {
  const names = [...new Set(actor.staff.map((s) => s.role))];
  return names.length > 0 ? names : ['citizen'];
}
