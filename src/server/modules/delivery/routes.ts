import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import { CHANNELS, type Channel } from './transport.ts';

const Query = z.strictObject({
  to: z.string().min(1).max(64),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const OutboxItem = z.object({
  channel: z.enum(CHANNELS),
  to: z.string(),
  subject: z.string().optional(),
  text: z.string(),
  sentAt: z.string(),
});

const OutboxList = z.object({ items: z.array(OutboxItem) });

type OutboxRow = {
  channel: Channel;
  to_address: string;
  subject: string | null;
  text: string;
  sent_at: Date | string;
};

const LIST = {
  name: 'dev-outbox-list',
  text: `select o.channel, o.to_address, o.subject, o.text, o.sent_at
           from dev_outbox o
           join people p on p.id = o.person_id
          where p.username = $1
          order by o.sent_at desc, o.id desc
          limit $2`,
};

/**
 * GET /api/dev/outbox?to=<username>: what the system "sent" to that person, newest first.
 * Outside production only — the caller registers this plugin only then.
 */
export const devOutboxRoutes: FastifyPluginAsyncZod<{ db: Queryable }> = async (app, { db }) => {
  app.get(
    '/api/dev/outbox',
    {
      config: { public: true },
      schema: { tags: ['dev'], querystring: Query, response: { 200: OutboxList } },
    },
    async (request) => {
      const rows = await db.query<OutboxRow>(LIST, [request.query.to, request.query.limit]);
      return {
        items: rows.map((row) => ({
          channel: row.channel,
          to: row.to_address,
          ...(row.subject === null ? {} : { subject: row.subject }),
          text: row.text,
          sentAt: new Date(row.sent_at).toISOString(),
        })),
      };
    },
  );
};
