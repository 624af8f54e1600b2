/**
 * Plain text split into text and web links, so a message can show its links as links
 * without ever being read as HTML. Only http and https addresses become links; anything
 * else (javascript:, data:, mailto:, www. without a scheme) stays text.
 */

export type TextPart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string };

const CANDIDATE = /\bhttps?:\/\/[^\s<>"]+/gi;
/** Punctuation that ends a sentence rather than the address. */
const TRAILING = /[.,;:!?'»”’*_]+$/;

/** The address without what a sentence put after it: "(se https://x.no/a)." → "https://x.no/a". */
function trimEnd(candidate: string): string {
  let text = candidate;
  for (;;) {
    const before = text;
    text = text.replace(TRAILING, '');
    // A closing bracket belongs to the address only when it opened one itself.
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
    ] as const) {
      if (text.endsWith(close) && count(text, open) < count(text, close)) {
        text = text.slice(0, -1);
      }
    }
    if (text === before) return text;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** The address as a safe link target, or null when it is not a usable http(s) URL. */
export function safeHref(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname || url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  const push = (part: TextPart) => {
    const last = parts[parts.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') last.text += part.text;
    else if (part.text) parts.push(part);
  };
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const address = trimEnd(match[0]);
    const href = safeHref(address);
    if (!href || address.length <= 'https://'.length) continue;
    push({ kind: 'text', text: text.slice(at, start) });
    push({ kind: 'link', text: address, href });
    at = start + address.length;
  }
  push({ kind: 'text', text: text.slice(at) });
  return parts;
}
