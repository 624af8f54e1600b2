/**
 * Light checks and formatting for pages that must stay small: libphonenumber is loaded
 * only by the register page; elsewhere the server has the last word (400 per field).
 */

/** "+4741234567" → "412 34 567"; other numbers as stored. */
export function formatPhone(value: string | null): string {
  if (!value) return '';
  const norwegian = /^\+47(\d{8})$/.exec(value);
  if (norwegian?.[1]) {
    const d = norwegian[1];
    return `${d.slice(0, 3)} ${d.slice(3, 5)} ${d.slice(5)}`;
  }
  return value;
}

/** A phone number as typed, in E.164 if it plausibly is one (Norwegian without a prefix), else null. */
export function roughE164(input: string): string | null {
  const compact = input.replace(/[\s().-]/g, '');
  if (/^\d{8}$/.test(compact)) return `+47${compact}`;
  if (/^00\d{8,15}$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^\+\d{8,15}$/.test(compact)) return compact;
  return null;
}

/** One address with something on each side of a single @ and a dot in the domain. */
export function looksLikeEmail(input: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.trim()) && input.trim().length <= 254;
}

/** "03889013752" → "038890•••••": the birth date part only. */
export function maskNationalId(value: string): string {
  return `${value.slice(0, 6)}${'•'.repeat(Math.max(0, value.length - 6))}`;
}
