import type { Queryable } from '../../db/index.ts';
import { checkAddress } from './address.ts';
import { DeliveryError, type Transport } from './transport.ts';

const INSERT = {
  name: 'delivery-outbox-insert',
  text: `insert into dev_outbox (person_id, channel, to_address, subject, text, sent_at)
         values ($1, $2, $3, $4, $5, clock_timestamp())`,
};

/**
 * Outside production: keeps every message in `dev_outbox` (read at /api/dev/outbox)
 * instead of sending it. It refuses the same addresses the real transports refuse.
 */
export function createOutboxTransport(db: Queryable): Transport {
  return {
    async send(message) {
      checkAddress(message.channel, message.to);
      const subject = message.channel === 'email' ? (message.subject ?? null) : null;
      try {
        await db.query(INSERT, [
          message.personId ?? null,
          message.channel,
          message.to,
          subject,
          message.text,
        ]);
      } catch {
        throw new DeliveryError('outbox unavailable', true);
      }
    },
  };
}
