import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/server/config.ts';
import type { Db } from '../../src/server/db/index.ts';
import {
  EVENT_FRAME_CHANNEL,
  type EventFrameMessage,
} from '../../src/server/modules/events/routes.ts';
import { decryptField } from '../../src/server/security/crypto.ts';

/**
 * The leak sniffer (SECURITY.md, structural test 2). Every reply the app sends in a test
 * file is kept; before the file's database is dropped, each is scanned for the national
 * ids, phone numbers and e-mail addresses of everybody in that database. A reply may hold
 * a person's identifiers only when it went to that person or to staff who administer the
 * person's account; log lines may hold none at all.
 */
type Seen = { actorId: string | null; adminOf: string[]; route: string; body: string };

export type LeakSniffer = {
  instrument(app: FastifyInstance): void;
  check(db: Db, config: Config, logs: Record<string, unknown>[]): Promise<void>;
};

export function createLeakSniffer(): LeakSniffer {
  const seen: Seen[] = [];
  // Event-stream frames are written to an open response, past the reply hooks: the
  // events route publishes each one on a diagnostics channel.
  let frames: ((message: unknown) => void) | undefined;
  return {
    instrument(app) {
      frames = (message) => {
        const { server, actor, frame } = message as EventFrameMessage;
        if (server !== app.server) return;
        seen.push({
          actorId: actor.personId,
          adminOf: actor.staff
            .filter((s) => s.role === 'coordinator' || s.role === 'org_admin')
            .map((s) => s.organizationId),
          route: 'GET /api/events (event stream)',
          body: frame,
        });
      };
      diagnostics.subscribe(EVENT_FRAME_CHANNEL, frames);
      app.addHook('onSend', async (request, _reply, payload) => {
        // The development tools show synthetic people's numbers and addresses by design;
        // they do not exist in production.
        const devTool = request.url.startsWith('/api/dev/') || request.url.startsWith('/test-idp/');
        if (!devTool && typeof payload === 'string' && payload.length > 0) {
          const actor = request.actor;
          seen.push({
            actorId: actor?.personId ?? null,
            adminOf: (actor?.staff ?? [])
              .filter((s) => s.role === 'coordinator' || s.role === 'org_admin')
              .map((s) => s.organizationId),
            route: `${request.method} ${request.routeOptions.url ?? request.url}`,
            body: payload,
          });
        }
        return payload;
      });
    },
    async check(db, config, logs) {
      if (frames) diagnostics.unsubscribe(EVENT_FRAME_CHANNEL, frames);
      const people = await db.query<{
        id: string;
        organizationId: string;
        enc: string;
        mobile: string | null;
        email: string | null;
      }>(
        'select id, organization_id as "organizationId", national_id_enc as enc, mobile, email from people',
      );
      const logText = JSON.stringify(logs);
      const problems: string[] = [];
      for (const person of people) {
        const canaries = [
          decryptField(config.secrets.dataEncryptionKey, person.enc),
          person.mobile,
          person.email,
        ].filter((value): value is string => typeof value === 'string' && value.length > 0);
        for (const canary of canaries) {
          if (logText.includes(canary))
            problems.push(`a log line holds an identifier of person ${person.id}`);
          for (const reply of seen) {
            if (!reply.body.includes(canary)) continue;
            const allowed =
              reply.actorId === person.id || reply.adminOf.includes(person.organizationId);
            if (!allowed)
              problems.push(
                `${reply.route} showed an identifier of person ${person.id} to ${reply.actorId ?? 'nobody logged in'}`,
              );
          }
        }
      }
      if (problems.length > 0)
        throw new Error(`Leak sniffer: ${[...new Set(problems)].slice(0, 5).join('; ')}`);
    },
  };
}
