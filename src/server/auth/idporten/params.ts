/** A query or form value given exactly once (repeated parameters count as absent, Z14). */
export function singleValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export type LoginError = 'unknown-person' | 'login-failed';

/** The web login page, told what went wrong in a code it turns into the user's language. */
export function loginFailedUrl(error: LoginError): string {
  return `/logg-inn?error=${error}`;
}
