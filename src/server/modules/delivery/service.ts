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
};

export type DeliveryResult = { id: string; status: DeliveryStatus };

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
  text: 'select id, status from deliveries where idempotency_key = $1',
};
const FINISH = {
  name: 'delivery-finish',
  text: `update deliveries
            set status = $2, attempts = $3, last_error = $4,
                sent_at = case when $2 = 'sent' then now() end
          where id = $1`,
};

const MAX_KEY_LENGTH = 200;

type Outcome = { status: 'sent' | 'failed'; attempts: number; reason: string | null };

export function createDelivery(options: DeliveryOptions): Delivery {
  const { db, transports, log } = options;
  const delays = options.retryDelaysMs ?? [200, 1000, 5000];

  async function attempt(request: DeliveryRequest, subject: string, text: string) {
    const transport = transports[request.channel];
    const message = {
      channel: request.channel,
      to: request.to,
      ...(request.channel === 'email' ? { subject } : {}),
      text,
      personId: request.personId,
    };
    let attempts = 0;
    for (;;) {
      attempts += 1;
      try {
        await transport.send(message);
        return { status: 'sent', attempts, reason: null } satisfies Outcome;
      } catch (error) {
        const known = error instanceof DeliveryError;
        const reason = known ? error.reason : 'transport error';
        const delay = delays[attempts - 1];
        if ((known && !error.retryable) || delay === undefined) {
          return { status: 'failed', attempts, reason } satisfies Outcome;
        }
        await sleep(delay);
      }
    }
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
      const id = inserted[0]?.id;
      if (id === undefined) {
        const [existing] = await db.query<DeliveryResult>(BY_KEY, [key]);
        if (!existing) throw new Error('delivery idempotency conflict without a row');
        return { id: existing.id, status: existing.status };
      }

      const outcome: Outcome = isValidAddress(request.channel, request.to)
        ? await attempt(request, subject, text)
        : { status: 'failed', attempts: 0, reason: 'invalid address' };
      await db.query(FINISH, [id, outcome.status, outcome.attempts, outcome.reason]);
      if (outcome.status === 'failed') {
        log.warn(
          { deliveryId: id, reason: outcome.reason, attempts: outcome.attempts },
          'delivery failed',
        );
      }
      return { id, status: outcome.status };
    },
  };
}
