import { checkAddress } from './address.ts';
import { DeliveryError, NOT_CONNECTED_CODES, type Transport } from './transport.ts';

export type SmsHttpOptions = {
  /** The gateway endpoint that takes POST { to, text, sender } as JSON. */
  url: string;
  /** "user:password" is sent as Basic, anything else as a Bearer token. */
  token?: string | undefined;
  /** The sender shown on the phone (up to 11 letters and digits, or a number). */
  sender: string;
  timeoutMs?: number;
};

/** Status codes where another attempt may succeed. */
function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export function authorizationOf(token: string | undefined): string | undefined {
  if (!token) return undefined;
  if (token.includes(':')) return `Basic ${Buffer.from(token, 'utf8').toString('base64')}`;
  return `Bearer ${token}`;
}

/** Sends SMS through an HTTP gateway with the global fetch. */
export function createSmsHttpTransport(options: SmsHttpOptions): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const authorization = authorizationOf(options.token);
  if (authorization) headers.authorization = authorization;

  return {
    async send(message) {
      if (message.channel !== 'sms') throw new DeliveryError('wrong channel', false);
      checkAddress('sms', message.to);
      const body = JSON.stringify({ to: message.to, text: message.text, sender: options.sender });
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers,
          body,
          // A redirect is an error: credentials are never replayed to another address.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if ((error as { name?: unknown }).name === 'TimeoutError') {
          // The gateway may have taken the message before the answer was late.
          throw new DeliveryError('timeout', true, { maybeSent: true });
        }
        // No connection at all sends nothing; a connection cut mid-way may have.
        const code = (error as { cause?: { code?: unknown } }).cause?.code;
        const maybeSent = typeof code !== 'string' || !NOT_CONNECTED_CODES.includes(code);
        throw new DeliveryError('gateway unreachable', true, { maybeSent });
      }
      // The body is never read into an error: it may echo the number or the text.
      await response.body?.cancel().catch(() => {});
      if (!response.ok) {
        throw new DeliveryError(`gateway ${response.status}`, retryableStatus(response.status));
      }
    },
  };
}
