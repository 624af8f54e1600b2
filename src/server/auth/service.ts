import type { Me } from '../../shared/schemas/auth.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { badRequest, HttpProblem } from '../http/problem.ts';
import { type AuditContext, recordAudit } from '../modules/audit/service.ts';
import { type Actor, roleNames } from './actor.ts';
import { checkCode } from './challenges.ts';
import { tooManyRequests } from './login.ts';
import { hashPassword, type PasswordProblem, passwordProblem } from './password.ts';
import { createSession, endAllSessions } from './sessions.ts';
import { blockedFor, clear, hit, POLICIES } from './throttle.ts';

type Deps = { config: Config; db: Db };

const wrongCode = () => new HttpProblem(401, { detail: 'The code is wrong or no longer valid' });

/**
 * Step two: the one-time code. A right code starts a session with a new id (S1); a wrong
 * one is 401; after five misses the attempt is dead and every further try is 429, even
 * with the right code (A1).
 */
export async function finishLogin(
  deps: Deps,
  context: AuditContext,
  input: { challengeId: string; code: string },
): Promise<{ token: string; user: { id: string; name: string } }> {
  const { config, db } = deps;
  const blocked = await blockedFor(db, [`verify:ip:${context.ip}`]);
  if (blocked > 0) throw tooManyRequests(blocked);
  const result = await db.transaction(async (tx) => {
    const check = await checkCode(tx, config.secrets.sessionSecret, {
      ...input,
      purposes: ['login'],
    });
    if (check.outcome !== 'ok') {
      await recordAudit(tx, context, {
        action: 'auth.login',
        outcome: 'failed',
        actorId: null,
        actorRole: null,
        organizationId: null,
        details: { method: 'password', step: 'code', reason: check.outcome },
      });
      return check;
    }
    const [person] = await tx.query<{ id: string; name: string; username: string }>(
      `select id, name, username from people where id = $1 and status = 'active'`,
      [check.personId],
    );
    if (!person) return { outcome: 'wrong' as const };
    const session = await createSession(tx, config, {
      personId: person.id,
      authMethod: 'password',
    });
    await clear(tx, [`login:pair:${person.username}|${context.ip}`]);
    await recordAudit(tx, context, {
      action: 'auth.login',
      actorId: person.id,
      actorRole: null,
      organizationId: null,
      details: { method: 'password' },
    });
    return {
      outcome: 'ok' as const,
      token: session.token,
      user: { id: person.id, name: person.name },
    };
  });
  if (result.outcome === 'dead') throw tooManyRequests(15 * 60);
  if (result.outcome !== 'ok') {
    await hit(db, `verify:ip:${context.ip}`, POLICIES.verifyAddress);
    throw wrongCode();
  }
  return { token: result.token, user: result.user };
}

const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  'too-short': 'must be at least 10 characters',
  'too-long': 'must be at most 128 characters',
  'too-common': 'is too common; choose another',
  'contains-name': 'must not be built on your name or username',
};

/**
 * Activation (invited account) or reset (active account): the code from the SMS or
 * e-mail plus a new password. A weak password is refused before the code is used, so the
 * person can try again with the same code. A reset ends every session (A16).
 */
export async function setPasswordWithCode(
  deps: Deps,
  context: AuditContext,
  input: { challengeId: string; code: string; password: string },
): Promise<void> {
  const { config, db } = deps;
  const blocked = await blockedFor(db, [`verify:ip:${context.ip}`]);
  if (blocked > 0) throw tooManyRequests(blocked);
  const [person] = await db.query<{ username: string; name: string }>(
    `select p.username, p.name from login_challenges c join people p on p.id = c.person_id
     where c.id = $1 and c.purpose in ('activation', 'reset') and c.used_at is null and c.expires_at > now()`,
    [input.challengeId],
  );
  if (person) {
    const problem = passwordProblem(input.password, person);
    if (problem) {
      throw badRequest([{ field: 'password', message: PASSWORD_MESSAGES[problem], code: problem }]);
    }
  }
  const passwordHash = await hashPassword(input.password);
  const outcome = await db.transaction(async (tx) => {
    const check = await checkCode(tx, config.secrets.sessionSecret, {
      challengeId: input.challengeId,
      code: input.code,
      purposes: ['activation', 'reset'],
    });
    if (check.outcome !== 'ok') return check.outcome;
    await tx.query(
      `update people set password_hash = $2, updated_at = now(), version = version + 1,
         status = case when status = 'invited' then 'active' else status end,
         activated_at = case when status = 'invited' then now() else activated_at end
       where id = $1 and status <> 'deactivated'`,
      [check.personId, passwordHash],
    );
    const ended = await endAllSessions(tx, check.personId, 'password-reset');
    await recordAudit(tx, context, {
      action: check.purpose === 'activation' ? 'account.activated' : 'auth.password_reset',
      actorId: check.personId,
      actorRole: null,
      organizationId: null,
      details: { sessionsEnded: ended },
    });
    return 'ok' as const;
  });
  if (outcome === 'dead') throw tooManyRequests(15 * 60);
  if (outcome !== 'ok') {
    await hit(db, `verify:ip:${context.ip}`, POLICIES.verifyAddress);
    throw wrongCode();
  }
}

export async function aboutMe(db: Db, config: Config, actor: Actor): Promise<Me> {
  const rows = await db.query<{ id: string; name: string; username: string }>(
    {
      name: 'me_orgs',
      text: `select o.id, o.name, p.username from people p
        join organizations o on o.id = p.organization_id or o.id in (select organization_id from staff_roles where person_id = p.id)
        where p.id = $1 order by o.name`,
    },
    [actor.personId],
  );
  return {
    id: actor.personId,
    name: actor.name,
    username: rows[0]?.username ?? '',
    roles: roleNames(actor),
    organizations: rows.map((row) => ({ id: row.id, name: row.name })),
    authMethod: actor.authMethod,
    session: {
      idleMinutes: config.sessionIdleMinutes,
      expiresAt: actor.sessionExpiresAt.toISOString(),
    },
  };
}
