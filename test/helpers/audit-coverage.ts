import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/server/db/index.ts';
import type { LeakSniffer } from './leak-sniffer.ts';

/**
 * Audit coverage (SECURITY.md, structural test 3; catalogue L1): every successful read of
 * plan content in the suite has exactly one audit record. Every test app records each
 * 2xx GET on a plan-content route with its request id; before the file's database is
 * dropped, the audit_log must hold exactly one row with that request id (recordAudit
 * stores `request.id` in `audit_log.request_id`).
 *
 * What counts as plan content:
 * - every GET under `/api/plans/:planId` — the plan itself (title, owner, period, access),
 *   its participants, consents, each section's list, items and versions, about-me and its
 *   versions, the access log, and whatever plan route is added later (messages, meetings,
 *   documents, the export): a new route is covered the day it is added;
 * - `GET /api/plans` (the caller's plans with titles, or an administrator's summary);
 * - `GET /api/me/consent-requests` (titles of drafts waiting for the caller's consent).
 * Not counted: people and accounts (audited by their own rules; reading one's own account
 * is not recorded), the session, settings, health and the event stream (L1's snapshot is
 * the events module's own test).
 */
export function isPlanContentRoute(route: string): boolean {
  return (
    route === '/api/plans' ||
    route === '/api/plans/:planId' ||
    route.startsWith('/api/plans/:planId/') ||
    route === '/api/me/consent-requests'
  );
}

type Read = { requestId: string; route: string };

export type AuditCoverage = {
  instrument(app: FastifyInstance): void;
  /** Throws naming each counted read without exactly one audit row. */
  check(db: Db): Promise<void>;
  /** The reads recorded so far (for the test of this check itself). */
  reads: Read[];
};

export function createAuditCoverage(): AuditCoverage {
  const reads: Read[] = [];
  return {
    reads,
    instrument(app) {
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url;
        if (
          request.method === 'GET' &&
          reply.statusCode >= 200 &&
          reply.statusCode < 300 &&
          route !== undefined &&
          isPlanContentRoute(route)
        ) {
          reads.push({ requestId: request.id, route: `GET ${route}` });
        }
      });
    },
    async check(db) {
      if (reads.length === 0) return;
      const ids = [...new Set(reads.map((read) => read.requestId))];
      const rows = await db.query<{ requestId: string; n: number }>(
        `select request_id as "requestId", count(*)::int as n from audit_log
         where request_id = any($1::text[]) group by request_id`,
        [ids],
      );
      const found = new Map(rows.map((row) => [row.requestId, row.n]));
      // A client may send its own x-request-id; reads that share one share its rows.
      const wanted = new Map<string, number>();
      for (const read of reads) wanted.set(read.requestId, (wanted.get(read.requestId) ?? 0) + 1);
      const problems = reads
        .filter((read) => (found.get(read.requestId) ?? 0) !== wanted.get(read.requestId))
        .map((read) => `${read.route} has ${found.get(read.requestId) ?? 0} audit rows`);
      if (problems.length > 0) {
        throw new Error(
          `Audit coverage (L1): a read of plan content needs exactly one audit record: ${[
            ...new Set(problems),
          ]
            .slice(0, 5)
            .join('; ')}`,
        );
      }
    },
  };
}

/**
 * Adds the audit coverage check to the leak sniffer, so that a test app wires both with
 * one line: both instrument the app; both are checked at close, and both report before
 * either failure is thrown.
 */
export function withAuditCoverage(sniffer: LeakSniffer): LeakSniffer {
  const coverage = createAuditCoverage();
  return {
    instrument(app) {
      sniffer.instrument(app);
      coverage.instrument(app);
    },
    async check(db, config, logs) {
      const results = await Promise.allSettled([
        coverage.check(db),
        sniffer.check(db, config, logs),
      ]);
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      if (failed.length === 1) throw failed[0];
      if (failed.length > 1) {
        throw new Error(failed.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
      }
    },
  };
}
