import type { Queryable } from '../db/index.ts';

/**
 * Counters of attempts per key (an address, a username, a pair), shared by every app
 * instance through the database. When a key reaches its limit within its window it is
 * blocked for a while; the block grows with further attempts up to a ceiling.
 */
export type ThrottlePolicy = {
  limit: number;
  windowSeconds: number;
  /** Seconds blocked once the count is `limit + n` (n ≥ 0). */
  blockSeconds(overBy: number): number;
};

const exponential =
  (base: number, ceiling: number) =>
  (overBy: number): number =>
    Math.min(base * 2 ** Math.min(overBy, 20), ceiling);

export const POLICIES = {
  /** Wrong passwords for one username from one address: 30 s, doubling, at most 15 min. */
  loginPair: { limit: 5, windowSeconds: 900, blockSeconds: exponential(30, 900) },
  /** Wrong passwords for one username from anywhere: a short block, so an attacker cannot lock a real user out for long. */
  loginUser: { limit: 30, windowSeconds: 900, blockSeconds: exponential(60, 300) },
  /** Wrong passwords from one address across usernames (password spraying). */
  loginAddress: { limit: 30, windowSeconds: 900, blockSeconds: exponential(300, 900) },
  /** One-time codes sent per username, whatever the flow: at most 5 an hour (A2). */
  codesUser: { limit: 5, windowSeconds: 3600, blockSeconds: () => 3600 },
  /** One-time codes sent per address (SMS pumping, A6). */
  codesAddress: { limit: 20, windowSeconds: 3600, blockSeconds: () => 3600 },
  /** ID-porten logins started per address (each writes a row until it ends or expires). */
  oidcStartAddress: { limit: 60, windowSeconds: 900, blockSeconds: exponential(60, 900) },
  /** Wrong codes per address across challenges. */
  verifyAddress: { limit: 30, windowSeconds: 900, blockSeconds: exponential(300, 900) },
} as const satisfies Record<string, ThrottlePolicy>;

/** Seconds until every given key is free again; 0 when none is blocked. */
export async function blockedFor(db: Queryable, keys: string[]): Promise<number> {
  const rows = await db.query<{ seconds: number | null }>(
    {
      name: 'throttle_blocked',
      text: `select ceil(extract(epoch from max(blocked_until) - now()))::int as seconds
             from throttles where key = any($1::text[]) and blocked_until > now()`,
    },
    [keys],
  );
  return Math.max(0, rows[0]?.seconds ?? 0);
}

/** Counts one attempt; returns the seconds the key is now blocked for (0 if not). */
export async function hit(db: Queryable, key: string, policy: ThrottlePolicy): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    {
      name: 'throttle_hit',
      text: `insert into throttles as t (key, failures, window_started_at) values ($1, 1, now())
        on conflict (key) do update set
          failures = case when t.window_started_at < now() - make_interval(secs => $2::int) then 1 else t.failures + 1 end,
          window_started_at = case when t.window_started_at < now() - make_interval(secs => $2::int) then now() else t.window_started_at end,
          blocked_until = case when t.window_started_at < now() - make_interval(secs => $2::int) then null else t.blocked_until end
        returning failures as count`,
    },
    [key, policy.windowSeconds],
  );
  const count = row?.count ?? 0;
  if (count < policy.limit) return 0;
  const seconds = policy.blockSeconds(count - policy.limit);
  await db.query(
    {
      name: 'throttle_block',
      text: `update throttles set blocked_until = greatest(coalesce(blocked_until, now()), now() + make_interval(secs => $2::int)) where key = $1`,
    },
    [key, seconds],
  );
  return seconds;
}

export async function clear(db: Queryable, keys: string[]): Promise<void> {
  await db.query('delete from throttles where key = any($1::text[])', [keys]);
}
