import { setTimeout as sleep } from 'node:timers/promises';
import type { Queryable } from '../../db/index.ts';
import { isValidAddress } from './address.ts';
import { type Lang, renderTemplate, type TemplateId, type TemplateParams } from './templates.ts';
import { type Channel, DeliveryError, type Transports } from './transport.ts';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export type DeliveryRequest<I extends TemplateId = TemplateId> = {
  /** The person the message is for; null when there is none (yet). */
  personId: string | null;
  channel: Channel;
  /** E.164 phone number or e-mail address. Never stored in `deliveries`, never logged. */
  to: string;
  template: I;
  params: TemplateParams<I>;
  lang: Lang;
  /** A repeated key returns the first delivery and sends nothing. No personal data in it. */
  idempotencyKey?: string;
  /**
   * The caller retries with its own backoff (a job): make one attempt now, and when an
   * earlier delivery under the same key failed in a way that certainly sent nothing and
   * may succeed later (`retryable`), claim it and try again. A delivery whose outcome is
   * unknown — still `pending` after a crash, or failed after the message may have left —
   * is never tried again: at most one message per key.
   */
  callerRetries?: boolean;
};

export type DeliveryResult = {
  id: string;
  status: DeliveryStatus;
  /** Failed, certainly unsent, and another attempt may succeed (see `callerRetries`). */
  retryable: boolean;
  /** The generic reason of a failure ("gateway 503"), else null. */
  reason: string | null;
};

export type Delivery = {
  /**
   * Renders and sends one message, recording it in `deliveries` (template and channel,
   * never the text or the address). A transport failure does not throw: the result says
   * `failed`. It rejects only for a programming error (unknown template, invalid
   * parameter — a TemplateError, before anything is stored or sent) or when the
   * database does not answer.
   */
  send<I extends TemplateId>(request: DeliveryRequest<I>): Promise<DeliveryResult>;
};

/** The part of a pino logger this module uses (a FastifyBaseLogger fits). */
export type DeliveryLog = {
  warn(fields: Record<string, unknown>, message: string): void;
};

export type DeliveryOptions = {
  db: Queryable;
  transports: Transports;
  log: DeliveryLog;
  /** Pauses between attempts; its length is the number of retries after the first try. */
  retryDelaysMs?: readonly number[];
};

const INSERT = {
  name: 'delivery-insert',
  text: `insert into deliveries (person_id, channel, template, idempotency_key, status)
         values ($1, $2, $3, $4, 'pending')
         on conflict (idempotency_key) do nothing
         returning id`,
};
const BY_KEY = {
  name: 'delivery-by-key',
  text: `select id, status, retryable, last_error as reason
           from deliveries where idempotency_key = $1`,
};
/** Takes a failed, certainly unsent delivery back for one more attempt; one caller wins. */
const RECLAIM = {
  name: 'delivery-reclaim',
  text: `update deliveries
            set status = 'pending', channel = $2, retryable = false
          where idempotency_key = $1 and status = 'failed' and retryable
          returning id`,
};
const FINISH = {
  name: 'delivery-finish',
  text: `update deliveries
            set status = $2, attempts = attempts + $3, last_error = $4, retryable = $5,
                sent_at = case when $2 = 'sent' then now() end,
                failed_at = case when $2 = 'failed' then now() end
          where id = $1`,
};

const MAX_KEY_LENGTH = 200;

type Outcome = {
  status: 'sent' | 'failed';
  attempts: number;
  reason: string | null;
  /** Failed, nothing can have left, and another attempt may succeed. */
  retryable: boolean;
};

function failure(error: unknown, attempts: number): Outcome {
  const known = error instanceof DeliveryError;
  return {
    status: 'failed',
    attempts,
    reason: known ? error.reason : 'transport error',
    // Something unknown may have happened after the message left: never resend it.
    retryable: known && error.retryable && !error.maybeSent,
  };
}

export function createDelivery(options: DeliveryOptions): Delivery {
  const { db, transports, log } = options;
  const delays = options.retryDelaysMs ?? [200, 1000, 5000];

  async function attempt(
    request: DeliveryRequest,
    subject: string,
    text: string,
  ): Promise<Outcome> {
    const transport = transports[request.channel];
    const message = {
      channel: request.channel,
      to: request.to,
      ...(request.channel === 'email' ? { subject } : {}),
      text,
      personId: request.personId,
    };
    // A caller that retries by itself gets one attempt; others get the pauses in `delays`.
    const pauses = request.callerRetries ? [] : delays;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      try {
        await transport.send(message);
        return { status: 'sent', attempts, reason: null, retryable: false };
      } catch (error) {
        const known = error instanceof DeliveryError;
        const delay = pauses[attempts - 1];
        if ((known && !error.retryable) || delay === undefined) return failure(error, attempts);
        await sleep(delay);
      }
    }
  }

  /** The delivery under an idempotency key that is already taken: reclaimed, or as it is. */
  async function again(request: DeliveryRequest, key: string): Promise<DeliveryResult | string> {
    if (request.callerRetries) {
      const [reclaimed] = await db.query<{ id: string }>(RECLAIM, [key, request.channel]);
      if (reclaimed) return reclaimed.id;
    }
    const [existing] = await db.query<DeliveryResult>(BY_KEY, [key]);
    if (!existing) throw new Error('delivery idempotency conflict without a row');
    return {
      id: existing.id,
      status: existing.status,
      retryable: existing.retryable,
      reason: existing.reason,
    };
  }

  return {
    async send(request) {
      // A bad template or parameter is a bug in the caller: fail before storing anything.
      const { subject, text } = renderTemplate(request.template, request.lang, request.params);
      const key = request.idempotencyKey ?? null;
      if (key !== null && (key.length === 0 || key.length > MAX_KEY_LENGTH)) {
        throw new TypeError('idempotencyKey must be 1 to 200 characters');
      }
      const inserted = await db.query<{ id: string }>(INSERT, [
        request.personId,
        request.channel,
        request.template,
        key,
      ]);
      let id = inserted[0]?.id;
      if (id === undefined && key !== null) {
        const found = await again(request, key);
        if (typeof found !== 'string') return found;
        id = found;
      }
      if (id === undefined) throw new Error('delivery insert returned no row');

      const outcome: Outcome = isValidAddress(request.channel, request.to)
        ? await attempt(request, subject, text)
        : { status: 'failed', attempts: 0, reason: 'invalid address', retryable: false };
      await db.query(FINISH, [
        id,
        outcome.status,
        outcome.attempts,
        outcome.reason,
        outcome.retryable,
      ]);
      if (outcome.status === 'failed') {
        log.warn(
          { deliveryId: id, reason: outcome.reason, attempts: outcome.attempts },
          'delivery failed',
        );
      }
      return {
        id,
        status: outcome.status,
        retryable: outcome.retryable,
        reason: outcome.reason,
      };
    },
  };
}
