import { type AppMode, ConfigError } from '../../config.ts';
import type { Queryable } from '../../db/index.ts';
import { isValidAddress } from './address.ts';
import { createSmtpTransport } from './email-smtp.ts';
import { createOutboxTransport } from './outbox.ts';
import { createSmsHttpTransport } from './sms-http.ts';
import type { Transports } from './transport.ts';

/** The delivery settings, as read from the environment by the central config. */
export type DeliverySettings = {
  mode: AppMode;
  /** SMTP_HOST: unset outside production means "keep e-mail in the outbox". */
  smtpHost?: string | undefined;
  /** SMTP_PORT, default 587. */
  smtpPort: number;
  /** SMTP_SECURE, default false: TLS from the first byte (port 465) when true. */
  smtpSecure: boolean;
  smtpUser?: string | undefined;
  smtpPass?: string | undefined;
  /** SMTP_FROM: the sender address; required in production. */
  smtpFrom?: string | undefined;
  /** SMS_GATEWAY_URL: unset outside production means "keep SMS in the outbox". */
  smsGatewayUrl?: string | undefined;
  /** SMS_GATEWAY_TOKEN: "user:password" (Basic) or a bearer token. */
  smsGatewayToken?: string | undefined;
  /** SMS_SENDER, default "Samvirke". */
  smsSender: string;
};

/** The sender address outside production when SMTP_HOST is set but SMTP_FROM is not. */
export const DEV_SMTP_FROM = 'ikke-svar@samvirke.localhost';

const SMS_SENDER = /^(?:[A-Za-z0-9]{1,11}|\+[1-9][0-9]{6,14})$/;

function missing(name: string): ConfigError {
  return new ConfigError(`Missing setting ${name}: required in production`);
}

function invalid(name: string, why: string): ConfigError {
  return new ConfigError(`Invalid setting ${name}: ${why}`);
}

/**
 * Picks the SMS and e-mail transports. Outside production each channel goes to the
 * development outbox unless its real service is configured; production needs both real
 * services and never uses the outbox. Throws a ConfigError naming the setting.
 */
export function deliveryTransportsFrom(settings: DeliverySettings, db: Queryable): Transports {
  const production = settings.mode === 'production';
  if (production) {
    if (!settings.smtpHost) throw missing('SMTP_HOST');
    if (!settings.smtpFrom) throw missing('SMTP_FROM');
    if (!settings.smsGatewayUrl) throw missing('SMS_GATEWAY_URL');
  }
  if (!Number.isInteger(settings.smtpPort) || settings.smtpPort < 1 || settings.smtpPort > 65535) {
    throw invalid('SMTP_PORT', 'must be a whole number between 1 and 65535');
  }
  if (settings.smtpFrom !== undefined && !isValidAddress('email', settings.smtpFrom)) {
    throw invalid('SMTP_FROM', 'must be one plain e-mail address, such as ikke-svar@kommune.no');
  }
  if (settings.smtpUser && !settings.smtpPass) {
    throw invalid('SMTP_PASS', 'required when SMTP_USER is set');
  }
  if (!SMS_SENDER.test(settings.smsSender)) {
    throw invalid('SMS_SENDER', 'must be 1 to 11 letters and digits, or a phone number');
  }
  if (settings.smsGatewayUrl !== undefined) {
    const url = URL.canParse(settings.smsGatewayUrl) ? new URL(settings.smsGatewayUrl) : null;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw invalid('SMS_GATEWAY_URL', 'must be an absolute http(s) URL');
    }
    if (url.username || url.password) {
      throw invalid('SMS_GATEWAY_URL', 'put credentials in SMS_GATEWAY_TOKEN, not in the URL');
    }
    if (production && url.protocol !== 'https:') {
      throw invalid('SMS_GATEWAY_URL', 'must use https in production');
    }
  }

  const outbox = production ? undefined : createOutboxTransport(db);
  const email = settings.smtpHost
    ? createSmtpTransport({
        host: settings.smtpHost,
        port: settings.smtpPort,
        secure: settings.smtpSecure,
        // In production mail never travels unencrypted: STARTTLS is required.
        requireTls: production && !settings.smtpSecure,
        user: settings.smtpUser,
        pass: settings.smtpPass,
        from: settings.smtpFrom ?? DEV_SMTP_FROM,
      })
    : outbox;
  const sms = settings.smsGatewayUrl
    ? createSmsHttpTransport({
        url: settings.smsGatewayUrl,
        token: settings.smsGatewayToken,
        sender: settings.smsSender,
      })
    : outbox;
  // Unreachable: production has returned an error above when either is missing.
  if (!email || !sms) throw new ConfigError('Delivery transports are not configured');
  return { sms, email };
}
