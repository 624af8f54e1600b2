/**
 * Where to send the browser after login (A14): only a same-origin path. Everything that
 * a browser could read as another origin — `//host`, `/\host`, `https:host`,
 * `javascript:`, encoded slashes or backslashes, control characters — falls back to `/`.
 */
export function safeReturnTo(input: unknown): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > 1000) return '/';
  if (!isPlainPath(input)) return '/';
  // Encoded forms must be just as harmless once a browser or a proxy decodes them.
  let decoded = input;
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return '/';
    }
    if (next === decoded) break;
    if (!isPlainPath(next)) return '/';
    decoded = next;
  }
  const base = 'https://samvirke.invalid';
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into a protocol-relative path (`/.//host` → `//host`).
  if (!isPlainPath(path) || path.startsWith('/auth/')) return '/';
  return path;
}

/** One leading slash, then no slash or backslash; no backslash, whitespace or control character anywhere. */
function isPlainPath(value: string): boolean {
  if (!value.startsWith('/')) return false;
  if (value.startsWith('//') || value.startsWith('/\\')) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  return !/[\\\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value);
}
