import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Mobile numbers, Norwegian or international, normalised to E.164. Numbers written
 * without a country code are read as Norwegian. Landlines are refused: codes go by SMS.
 */
export function normaliseMobile(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'NO');
  if (!parsed?.isValid()) return null;
  const type = parsed.getType();
  if (type !== undefined && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return null;
  return parsed.number;
}

/** Shows only the last two digits of a phone number, or the first letter and domain of an e-mail. */
export function maskDestination(channel: 'sms' | 'email', value: string): string {
  if (channel === 'sms') return `${'•'.repeat(Math.max(value.length - 4, 4))}${value.slice(-2)}`;
  const [local = '', domain = ''] = value.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

/**
 * Names as shown to others: Unicode-normalised, with bidirectional overrides, zero-width
 * and control characters removed (they are used to disguise text), spaces collapsed.
 */
export function cleanName(input: string): string {
  return (
    input
      .normalize('NFC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
