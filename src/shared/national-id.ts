import { getType, idnr } from '@navikt/fnrvalidator';

/**
 * Norwegian national ids: fødselsnummer, d-nummer, and the synthetic test numbers
 * (Skatteetaten/Tenor month+80, NAV/Dolly month+40). Stored and compared as strings;
 * sex and age are never derived from them.
 */
export type NationalIdKind = 'fnr' | 'dnr' | 'synthetic';
export type NationalIdCheck =
  | { valid: true; kind: NationalIdKind }
  | { valid: false; reason: 'format' | 'date' | 'checksum' };

const WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1];
const WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

function weightedSum(digits: number[], weights: number[]): number {
  return weights.reduce((sum, weight, i) => sum + weight * (digits[i] ?? 0), 0);
}

/**
 * The check-digit rule for numbers issued from 2032: the first control digit may leave a
 * remainder of 0, 1, 2 or 3 (so more numbers per day fit); the second is unchanged.
 * Every number valid under today's rule is valid under this one.
 */
export function passes2032Checksum(value: string): boolean {
  const digits = [...value].map(Number);
  return (
    [0, 1, 2, 3].includes(weightedSum(digits, WEIGHTS_1) % 11) &&
    weightedSum(digits, WEIGHTS_2) % 11 === 0
  );
}

function kindOf(value: string): NationalIdKind {
  const type = getType(value);
  if (type === 'fnr') return 'fnr';
  if (type === 'dnr') return 'dnr';
  return 'synthetic';
}

export function checkNationalId(input: string): NationalIdCheck {
  const value = input.replace(/\s/g, '');
  if (!/^\d{11}$/.test(value)) return { valid: false, reason: 'format' };
  const result = idnr(value);
  if (result.status === 'valid') return { valid: true, kind: kindOf(value) };
  if (result.reasons.some((reason) => reason === 'invalid date'))
    return { valid: false, reason: 'date' };
  if (passes2032Checksum(value)) return { valid: true, kind: kindOf(value) };
  return { valid: false, reason: 'checksum' };
}

/** Normalises input as typed (spaces allowed) to the stored 11 digits. */
export function normaliseNationalId(input: string): string {
  return input.replace(/\s/g, '');
}
