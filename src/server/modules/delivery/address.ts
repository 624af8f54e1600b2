import { type Channel, DeliveryError } from './transport.ts';

/** The same shape the people table accepts for a mobile number. */
const PHONE = /^\+[1-9][0-9]{6,14}$/;
/**
 * One plain address: no display name, no list, no comment, no whitespace (so no CR/LF
 * header injection), no control or invisible formatting characters.
 */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/u;
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

export function isValidAddress(channel: Channel, to: string): boolean {
  if (channel === 'sms') return PHONE.test(to);
  return to.length <= 254 && !INVISIBLE.test(to) && EMAIL.test(to);
}

/** Throws a non-retryable DeliveryError("invalid address") for anything but one plain address. */
export function checkAddress(channel: Channel, to: string): void {
  if (!isValidAddress(channel, to)) throw new DeliveryError('invalid address', false);
}
