import { api } from './client.ts';

/** A one-time code was (or, for a wrong password, seemingly was) sent. */
export type Challenge = {
  challengeId: string;
  channel: 'sms' | 'email';
  /** Masked, e.g. "••••••02". */
  destination: string;
};

export const startLogin = (username: string, password: string) =>
  api.post<Challenge>('/api/auth/login', { username, password });

export const verifyCode = (challengeId: string, code: string) =>
  api.post<{ user: { id: string; name: string } }>('/api/auth/verify', { challengeId, code });

/** For activating an invited account and for "glemt passord". */
export const requestPasswordCode = (username: string) =>
  api.post<Challenge>('/api/auth/password/code', { username });

export const setPassword = (challengeId: string, code: string, password: string) =>
  api.post<void>('/api/auth/password', { challengeId, code, password });

export const logout = () => api.post<{ endSessionUrl?: string } | undefined>('/api/auth/logout');

export const logoutEverywhere = () => api.post<void>('/api/auth/logout-everywhere');

/** Why the server refused a password (its reason code), as our own text key. */
export type PasswordProblem = 'tooShort' | 'tooLong' | 'tooCommon' | 'hasName' | 'weak';

const PASSWORD_CODES: Record<string, PasswordProblem> = {
  'too-short': 'tooShort',
  'too-long': 'tooLong',
  'too-common': 'tooCommon',
  'contains-name': 'hasName',
};

export function passwordProblemOf(code: string | undefined): PasswordProblem {
  return (code && PASSWORD_CODES[code]) || 'weak';
}

/** Only a path on this site may be a place to come back to (A14). */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  // Encoded slashes or backslashes right after the first one could turn into "//host".
  if (/^\/(%2f|%5c)/i.test(value)) return null;
  if ([...value].some((char) => char.charCodeAt(0) < 0x20)) return null;
  return value;
}
