import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords.ts';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). `Algorithm` is a
// const enum in the package's types, which type stripping cannot inline: 2 is Argon2id.
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password. With no stored hash (unknown user, no password yet) it verifies
 * against a dummy hash, so the answer takes the same time either way (A9).
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('samvirke-dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export type PasswordProblem = 'too-short' | 'too-long' | 'too-common' | 'contains-name';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The strength rule: at least 10 characters (long passphrases welcome, up to 128), not
 * one of the commonest passwords, not built on the person's own username or name.
 */
export function passwordProblem(
  password: string,
  person: { username: string; name: string },
): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (length > PASSWORD_MAX_LENGTH) return 'too-long';
  const lower = password.toLowerCase().normalize('NFC');
  const core = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core) || new Set(lower).size <= 2)
    return 'too-common';
  if (/^(\d)\1*$|^(?:0123456789|1234567890|9876543210)/.test(lower)) return 'too-common';
  const parts = [
    person.username,
    ...person.username.split(/[._-]/),
    ...person.name.toLowerCase().split(/\s+/),
  ]
    .map((part) => part.toLowerCase())
    .filter((part) => part.length >= 3);
  if (
    parts.some((part) => core === part || (core.length - part.length < 4 && core.includes(part)))
  ) {
    return 'contains-name';
  }
  return null;
}
