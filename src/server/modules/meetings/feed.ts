import { mayReadMeetings } from '../../access/meetings.ts';
import type { PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Config } from '../../config.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { randomToken, sha256 } from '../../security/crypto.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import { loadPlanFacts } from '../plans/facts.ts';
import { iso } from '../plans/present.ts';
import { auditOrFail, type GuardDeps } from '../sections/guard.ts';
import { renderCalendar } from './calendar.ts';
import {
  feedMeetings,
  feedOwner,
  feedPlanIds,
  insertFeed,
  liveFeedOf,
  revokeFeed,
  touchFeed,
} from './feed-queries.ts';

/**
 * Each person's private calendar feed: `/calendar/<secret>.ics`, a URL a calendar app
 * subscribes to without logging in. Only the SHA-256 of the secret (256 random bits) is
 * stored; the URL is shown once, when made; a new one revokes the old; revoking ends it.
 *
 * The feed lists the person's own meetings (those they are invited to; an invitation taken
 * back drops the meeting, see invitees.ts) in plans where they may still read meetings — asked of the access module at every fetch, so access that has
 * ended or a removal takes effect at once — with the title as the coordinator chose it, the
 * time and the place only. Every fetch is a read of plan content by that person: one audit
 * row per plan shown. The secret is never logged (the request line names the route only).
 */

export type FeedDeps = GuardDeps & { config: Config };
export type Caller = { context: AuditContext; actor: Actor };

/** A secret as randomToken() makes it: 32 bytes in base64url. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Fetches allowed per feed in a window (per instance): calendar apps poll every few minutes at most. */
const FETCHES_PER_WINDOW = 30;
const WINDOW_MS = 10 * 60_000;
/** Feeds tracked at once (per instance); beyond it the oldest windows are forgotten. */
const TRACKED_MAX = 10_000;
/** Asked of calendar apps in the feed (REFRESH-INTERVAL / X-PUBLISHED-TTL). */
const REFRESH_HOURS = 1;

export type FeedResult = { body: string; etag: string };

export function createCalendarFeeds(deps: FeedDeps) {
  const fetches = new Map<string, { count: number; since: number }>();

  /**
   * A small fixed-window limit per live feed (unknown secrets are 404 before it, so guesses
   * add nothing here); refuses with 429 and Retry-After.
   */
  function throttle(feedId: string, now: number): void {
    if (fetches.size >= TRACKED_MAX) {
      for (const [key, entry] of fetches) if (now - entry.since > WINDOW_MS) fetches.delete(key);
      if (fetches.size >= TRACKED_MAX) fetches.clear();
    }
    const entry = fetches.get(feedId);
    if (!entry || now - entry.since > WINDOW_MS) {
      fetches.set(feedId, { count: 1, since: now });
      return;
    }
    entry.count += 1;
    if (entry.count > FETCHES_PER_WINDOW) {
      const seconds = Math.max(1, Math.ceil((entry.since + WINDOW_MS - now) / 1000));
      throw new HttpProblem(429, {
        detail: 'This calendar is fetched too often; try again later',
        headers: { 'retry-after': String(seconds) },
      });
    }
  }

  const urlOf = (secret: string) =>
    new URL(`/calendar/${secret}.ics`, deps.config.publicUrl).toString();

  return {
    async info(caller: Caller) {
      const feed = await liveFeedOf(deps.db, caller.actor.personId);
      return {
        active: feed !== null,
        createdAt: feed ? iso(feed.createdAt) : null,
        lastUsedAt: feed?.lastUsedAt ? iso(feed.lastUsedAt) : null,
      };
    },

    /** Makes a new secret (revoking any earlier one); its URL is returned this once. */
    async create(caller: Caller) {
      const secret = randomToken(32);
      return deps.db.transaction(async (tx) => {
        const replaced = await revokeFeed(tx, caller.actor.personId);
        const feed = await insertFeed(tx, caller.actor.personId, sha256(secret));
        await recordAudit(tx, caller.context, {
          action: 'calendar.feedCreated',
          objectId: feed.id,
          details: { replaced },
        });
        return { url: urlOf(secret), createdAt: iso(feed.createdAt) };
      });
    },

    async revoke(caller: Caller): Promise<void> {
      await deps.db.transaction(async (tx) => {
        if (await revokeFeed(tx, caller.actor.personId)) {
          await recordAudit(tx, caller.context, { action: 'calendar.feedRevoked' });
        }
      });
    },

    /** The feed for a secret; 404 for an unknown or revoked one, as for nothing at all. */
    async fetch(secret: string, context: Omit<AuditContext, 'actor'>): Promise<FeedResult> {
      if (!SECRET.test(secret)) throw notFound();
      const body = await deps.db.transaction(async (tx) => {
        const owner = await feedOwner(tx, sha256(secret));
        if (!owner) return null;
        throttle(owner.feedId, Date.now());
        const readable: PlanFacts[] = [];
        for (const planId of await feedPlanIds(tx, owner.personId)) {
          const facts = await loadPlanFacts(tx, planId, owner.personId);
          if (facts && mayReadMeetings(facts)) readable.push(facts);
        }
        const meetings = await feedMeetings(
          tx,
          owner.personId,
          readable.map((f) => f.plan.id),
        );
        const shownPlans = new Set(meetings.map((m) => m.planId));
        for (const facts of readable) {
          if (!shownPlans.has(facts.plan.id)) continue;
          await auditOrFail(
            deps,
            tx,
            { ...context, actor: null },
            {
              action: 'meeting.feed',
              actorId: owner.personId,
              actorRole: facts.participant?.role ?? 'citizen',
              organizationId: facts.plan.organizationId,
              planId: facts.plan.id,
              section: 'meetings',
              details: {
                view: 'calendar feed',
                meetings: meetings.filter((m) => m.planId === facts.plan.id).length,
              },
            },
          );
        }
        await touchFeed(tx, owner.feedId);
        return renderCalendar(meetings, { name: 'Samvirke', refreshHours: REFRESH_HOURS });
      });
      if (body === null) throw notFound();
      // The stamp of each event changes only with the meeting: equal feeds are equal text.
      return { body, etag: `"${sha256(body).slice(0, 32)}"` };
    },
  };
}

export type CalendarFeeds = ReturnType<typeof createCalendarFeeds>;
