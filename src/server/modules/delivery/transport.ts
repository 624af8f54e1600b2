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

/**
 * A failure a transport understood. `reason` is short and generic ("smtp 550",
 * "gateway 503", "timeout") and goes to the database and the log: it never holds an
 * address or message text. `retryable` says whether another attempt may succeed.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly reason: string;
  readonly retryable: boolean;
  constructor(reason: string, retryable: boolean) {
    const safe = REASON.test(reason) ? reason : 'transport error';
    super(safe);
    this.reason = safe;
    this.retryable = retryable;
  }
}
