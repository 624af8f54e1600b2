import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import { codeHash, sixDigitCode } from '../security/crypto.ts';

export type ChallengePurpose = 'login' | 'activation' | 'reset';
export type CodeChannel = 'sms' | 'email';

export const CODE_TTL_MINUTES = 5;
export const MAX_CODE_MISSES = 5;

/** Creates a challenge with a fresh six-digit code; returns its id and the code to send. */
export async function issueCode(
  db: Queryable,
  key: string,
  input: { personId: string; purpose: ChallengePurpose; channel: CodeChannel; ip: string },
): Promise<{ challengeId: string; code: string }> {
  const challengeId = randomUUID();
  const code = sixDigitCode();
  await db.query(
    `insert into login_challenges (id, person_id, purpose, channel, ip, code_hash, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7::int))`,
    [
      challengeId,
      input.personId,
      input.purpose,
      input.channel,
      input.ip,
      codeHash(key, challengeId, code),
      CODE_TTL_MINUTES,
    ],
  );
  return { challengeId, code };
}

/**
 * A challenge with no code and no person: what an unknown user or a wrong password gets,
 * so the reply has the same shape. Every code entered against it is wrong.
 */
export async function issueDecoy(
  db: Queryable,
  input: { purpose: ChallengePurpose; channel: CodeChannel; ip: string },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `insert into login_challenges (person_id, purpose, channel, ip, expires_at)
     values (null, $1, $2, $3, now() + make_interval(mins => $4::int)) returning id`,
    [input.purpose, input.channel, input.ip, CODE_TTL_MINUTES],
  );
  if (!row) throw new Error('challenge not created');
  return row.id;
}

export type CodeCheck =
  | { outcome: 'ok'; personId: string; purpose: ChallengePurpose }
  | { outcome: 'wrong' }
  | { outcome: 'dead' };

type ChallengeRow = {
  personId: string | null;
  purpose: ChallengePurpose;
  codeHash: string | null;
  attempts: number;
  expired: boolean;
  used: boolean;
  misses: number;
};

/**
 * Checks a code against its challenge, inside the caller's transaction (the row is
 * locked, so two instances cannot both accept one code). A challenge dies after five
 * misses, counted over every challenge of the same person within the hour, so asking for
 * a new code does not reset the count (A1, A2). A used (A3) or expired (A4) challenge,
 * or one issued for another purpose or attempt (A5), never accepts.
 */
export async function checkCode(
  tx: Queryable,
  key: string,
  input: { challengeId: string; code: string; purposes: readonly ChallengePurpose[] },
): Promise<CodeCheck> {
  const [row] = await tx.query<ChallengeRow>(
    `select c.person_id as "personId", c.purpose, c.code_hash as "codeHash", c.attempts,
        c.expires_at <= now() as expired, c.used_at is not null as used,
        case when c.person_id is null then c.attempts else (
          select coalesce(sum(o.attempts), 0)::int from login_challenges o
          where o.person_id = c.person_id and o.purpose = c.purpose and o.created_at > now() - interval '1 hour'
        ) end as misses
     from login_challenges c where c.id = $1 for update`,
    [input.challengeId],
  );
  if (!row || !input.purposes.includes(row.purpose)) return { outcome: 'wrong' };
  if (row.misses >= MAX_CODE_MISSES || row.attempts >= MAX_CODE_MISSES) return { outcome: 'dead' };
  const right =
    row.codeHash !== null &&
    !row.used &&
    !row.expired &&
    /^\d{6}$/.test(input.code) &&
    safeEqual(row.codeHash, codeHash(key, input.challengeId, input.code));
  if (!right || !row.personId) {
    await tx.query('update login_challenges set attempts = attempts + 1 where id = $1', [
      input.challengeId,
    ]);
    return { outcome: 'wrong' };
  }
  await tx.query('update login_challenges set used_at = now() where id = $1', [input.challengeId]);
  return { outcome: 'ok', personId: row.personId, purpose: row.purpose };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
