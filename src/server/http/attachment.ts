/**
 * `Content-Disposition: attachment` with an ASCII `filename` and its RFC 6266 / 8187
 * `filename*`. Callers give neutral names on purpose: a plan's title would end up in
 * download folders and browser histories on shared computers.
 */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
