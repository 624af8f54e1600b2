/** The two ways Samvirke reaches a person. */
export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** One rendered message on its way out. */
export type OutgoingMessage = {
  channel: Channel;
  /** An E.164 phone number (sms) or a plain e-mail address (email). */
  to: string;
  /** E-mail only; generic ("Samvirke"), never names or content. */
  subject?: string;
  text: string;
  /** Whom the message is for; only the development outbox records it. */
  personId?: string | null;
};

/** Sends one message or throws (a DeliveryError when the cause is known). */
export type Transport = {
  send(message: OutgoingMessage): Promise<void>;
};

export type Transports = { sms: Transport; email: Transport };

const REASON = /^[a-z0-9 ]{1,40}$/;

/** System error codes of a connection that never opened: such a request sent nothing. */
export const NOT_CONNECTED_CODES: readonly string[] = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
];

/**
 * A failure a transport understood. `reason` is short and generic ("smtp 550",
 * "gateway 503", "timeout") and goes to the database and the log: it never holds an
 * address or message text. `retryable` says whether another attempt may succeed;
 * `maybeSent` that the message may have gone out all the same (a timeout after the
 * request left, a connection cut mid-way), so that repeating it could send it twice.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly reason: string;
  readonly retryable: boolean;
  readonly maybeSent: boolean;
  constructor(reason: string, retryable: boolean, options: { maybeSent?: boolean } = {}) {
    const safe = REASON.test(reason) ? reason : 'transport error';
    super(safe);
    this.reason = safe;
    this.retryable = retryable;
    this.maybeSent = options.maybeSent ?? false;
  }
}
