import { createTransport } from 'nodemailer';
import { checkAddress } from './address.ts';
import { DeliveryError, NOT_CONNECTED_CODES, type Transport } from './transport.ts';

export type SmtpOptions = {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: plain, upgraded by STARTTLS if offered. */
  secure: boolean;
  /** Refuse to send unless the connection is encrypted (STARTTLS required when not secure). */
  requireTls?: boolean;
  user?: string | undefined;
  pass?: string | undefined;
  /** The sender address; the display name is always "Samvirke". */
  from: string;
  timeoutMs?: number;
};

/** The display name on every e-mail: generic, never a person or an organisation. */
export const SENDER_NAME = 'Samvirke';

const LINE_BREAK = /[\r\n]/;

/** Sends e-mail through an SMTP server with nodemailer. */
export function createSmtpTransport(options: SmtpOptions): Transport {
  checkAddress('email', options.from);
  const timeout = options.timeoutMs ?? 10_000;
  const transporter = createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: options.requireTls ?? false,
    ...(options.user ? { auth: { user: options.user, pass: options.pass ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
    // Messages are plain text: nothing may read files or fetch URLs while composing.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    async send(message) {
      if (message.channel !== 'email') throw new DeliveryError('wrong channel', false);
      // One plain address only: CR/LF (header injection), lists and display names refused.
      checkAddress('email', message.to);
      const subject = message.subject ?? SENDER_NAME;
      if (LINE_BREAK.test(subject)) throw new DeliveryError('invalid subject', false);
      let info: { rejected: unknown[] };
      try {
        info = await transporter.sendMail({
          from: { name: SENDER_NAME, address: options.from },
          to: message.to,
          envelope: { from: options.from, to: [message.to] },
          subject,
          text: message.text,
          // RFC 3834: an automatic message; out-of-office replies should not answer it.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        throw smtpError(error);
      }
      if (info.rejected.length > 0) throw new DeliveryError('smtp rejected', false);
    },
  };
}

/** Maps a nodemailer error to a generic reason; its message may name the address. */
function smtpError(error: unknown): DeliveryError {
  const { code, responseCode, originalCode } = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    originalCode?: unknown;
  };
  const notConnected =
    typeof originalCode === 'string' && NOT_CONNECTED_CODES.includes(originalCode);
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 600) {
    // 4xx is temporary (greylisting, busy); 5xx is permanent and will not change on retry.
    return new DeliveryError(`smtp ${responseCode}`, responseCode < 500);
  }
  // A server that answered with a code did not take the message; a connection that
  // timed out or broke may have delivered it before it went quiet.
  switch (code) {
    case 'ETIMEDOUT':
      return new DeliveryError('timeout', true, { maybeSent: true });
    case 'EAUTH':
    case 'ENOAUTH':
      return new DeliveryError('smtp auth', false);
    case 'ETLS':
      return new DeliveryError('smtp tls', true);
    case 'EDNS':
      return new DeliveryError('smtp unreachable', true);
    case 'ECONNECTION':
    case 'ESOCKET':
      // Refused before a connection existed: nothing left. Closed later: maybe it did.
      return new DeliveryError('smtp unreachable', true, { maybeSent: !notConnected });
    default:
      return new DeliveryError('smtp error', true, { maybeSent: true });
  }
}
