import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';
import { problemOf, sendProblem } from './problem.ts';

/**
 * `Idempotency-Key` on POST, PUT and PATCH (SECURITY.md M4). The first request with a key
 * runs and its answer is kept for a day; a repeat with the same key and the same request
 * gets that answer again (`Idempotent-Replayed: true`) without running; the same key
 * with another request is 422; a repeat while the first still runs is 409. Keys belong
 * to the logged-in person, so nobody can read another's answers. Server errors (5xx) are
 * not kept: the client may try again.
 */

const HEADER = 'idempotency-key';
const KEY = /^[A-Za-z0-9._:-]{1,200}$/;
const METHODS = new Set(['POST', 'PUT', 'PATCH']);
const KEEP = '1 day';
/** Longer than any request may run (REQUEST_TIMEOUT). */
const ABANDONED = '5 minutes';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request holds an idempotency key it must settle. */
    idempotency: { personId: string; key: string } | null;
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url ?? ''} ${request.url}\n`)
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
}

const CLAIM = {
  name: 'idempotency-claim',
  text: `with old as (
           delete from idempotency_keys
            where person_id = $1
              and (created_at < now() - interval '${KEEP}'
                -- A first request that never finished (the process died): let it be retried.
                or (status is null and created_at < now() - interval '${ABANDONED}'))
         )
         insert into idempotency_keys (person_id, key, request_hash)
         values ($1, $2, $3)
         on conflict (person_id, key) do nothing
         returning key`,
};
const FIND = {
  name: 'idempotency-find',
  text: `select request_hash as "requestHash", status, response
           from idempotency_keys
          where person_id = $1 and key = $2 and created_at >= now() - interval '${KEEP}'`,
};

export function registerIdempotency(app: FastifyInstance, db: Db): void {
  app.decorateRequest('idempotency', null);

  // After validation and authentication: the body is parsed and the actor is known.
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const given = request.headers[HEADER];
    if (given === undefined || !METHODS.has(request.method) || !request.actor) return;
    if (typeof given !== 'string' || !KEY.test(given)) {
      return sendProblem(
        reply,
        problemOf(400, {
          detail: 'Idempotency-Key must be 1 to 200 letters, digits or ._:-',
          errors: [{ field: 'Idempotency-Key', message: 'is not a valid key' }],
        }),
      );
    }
    const personId = request.actor.personId;
    const hash = requestHash(request);
    const claimed = await db.query(CLAIM, [personId, given, hash]);
    if (claimed.length > 0) {
      request.idempotency = { personId, key: given };
      return;
    }
    const [first] = await db.query<{
      requestHash: string;
      status: number | null;
      response: string | null;
    }>(FIND, [personId, given]);
    if (!first) {
      // Expired between the two statements: a rare race; ask for a retry.
      reply.header('retry-after', '1');
      return sendProblem(reply, problemOf(409, { detail: 'Try again' }));
    }
    if (first.requestHash !== hash) {
      return sendProblem(
        reply,
        problemOf(422, { detail: 'This Idempotency-Key was used for another request' }),
      );
    }
    if (first.status === null) {
      reply.header('retry-after', '1');
      return sendProblem(
        reply,
        problemOf(409, { detail: 'The first request with this Idempotency-Key is still running' }),
      );
    }
    reply.header('idempotent-replayed', 'true');
    if (first.response !== null) reply.type('application/json');
    return reply.code(first.status).send(first.response ?? undefined);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = null;
    if (reply.statusCode >= 500) {
      await db.query('delete from idempotency_keys where person_id = $1 and key = $2', [
        held.personId,
        held.key,
      ]);
    } else {
      const text = typeof payload === 'string' ? payload : payload == null ? null : undefined;
      await db.query(
        'update idempotency_keys set status = $3, response = $4 where person_id = $1 and key = $2',
        [held.personId, held.key, reply.statusCode, text ?? null],
      );
    }
    return payload;
  });
}
