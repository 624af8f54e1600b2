import {
  DOCUMENT_KINDS,
  DOCUMENT_NAME_MAX,
  type DocumentKind,
} from '../../../shared/schemas/documents.ts';

/**
 * File names as people see them and as downloads carry them (I9, F4). A name is plain
 * text that can neither point anywhere (no path), nor hide what it is (no control,
 * direction or zero-width characters), nor claim another kind of file than its content.
 */

/** Characters that look like a slash or a backslash: they would fake a path. */
const SLASH_LOOKALIKES = /[\u2044\u2215\u29F8\uFF0F\u29F5\u2216\uFE68\uFF3C]/gu;
/**
 * Controls (C0, DEL, C1), format characters (direction overrides and isolates U+202A–202E
 * and U+2066–2069, marks U+200E/200F/061C, zero-width U+200B–200D, U+2060, U+FEFF, soft
 * hyphen …), line and paragraph separators, and lone surrogates.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/** Any run of white space (no-break and wide spaces included) becomes one space. */
const SPACES = /\s+/gu;

const FALLBACK_STEM = 'dokument';
/** Longest extension kept apart when a long name is shortened. */
const EXTENSION_MAX = 10;

function graphemes(text: string): string[] {
  const segmenter = new Intl.Segmenter('nb', { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** At most `max` characters (code points), never splitting a character in two. */
function cut(text: string, max: number): string {
  let out = '';
  let length = 0;
  for (const g of graphemes(text)) {
    const n = Array.from(g).length;
    if (length + n > max) break;
    out += g;
    length += n;
  }
  return out;
}

function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot + 1) };
}

/**
 * The name as given, cleaned: the last path segment only; NFC; no controls, direction
 * overrides or zero-width characters; white space collapsed; no leading dots; no trailing
 * dots or spaces (Windows drops them); at most DOCUMENT_NAME_MAX characters, keeping the
 * extension. Empty when nothing usable is left.
 */
export function cleanFileName(given: string | undefined | null): string {
  // Lone surrogates match \p{Cs} and go with the other invisible characters.
  let name = (given ?? '').replace(INVISIBLE, '').normalize('NFC');
  name = name.replace(INVISIBLE, '').replace(SLASH_LOOKALIKES, '_');
  const lastSeparator = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  name = name.slice(lastSeparator + 1);
  name = name.replace(SPACES, ' ').trim();
  name = name.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
  if (Array.from(name).length > DOCUMENT_NAME_MAX) {
    const { stem, extension } = splitExtension(name);
    const keep = extension.length > 0 && extension.length <= EXTENSION_MAX;
    name = keep
      ? `${cut(stem, DOCUMENT_NAME_MAX - extension.length - 1).trimEnd()}.${extension}`
      : cut(name, DOCUMENT_NAME_MAX).trimEnd();
  }
  return name;
}

/**
 * The name a document is stored under: the cleaned name, with an extension that matches
 * its content (a PDF called `faktura.exe` becomes `faktura.exe.pdf`, so that it opens as
 * what it is), or `dokument.<ext>` when the given name had nothing usable.
 */
export function storedFileName(given: string | undefined | null, kind: DocumentKind): string {
  const { extensions } = DOCUMENT_KINDS[kind];
  const cleaned = cleanFileName(given);
  const own = splitExtension(cleaned).extension.toLowerCase();
  if (cleaned.length > 0 && (extensions as readonly string[]).includes(own)) return cleaned;
  const extension = extensions[0];
  const stem = cleaned.length > 0 ? cleaned : FALLBACK_STEM;
  return `${cut(stem, DOCUMENT_NAME_MAX - extension.length - 1).trimEnd()}.${extension}`;
}

/** RFC 5987 attr-char: everything else is percent-encoded (UTF-8). */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `Content-Disposition: attachment` with an ASCII `filename` for old clients and the real
 * name in `filename*` (RFC 6266, RFC 8187) — F4. The stored name holds no control
 * characters; the ASCII form also drops quotes, backslashes, percent signs and the other
 * characters Windows refuses in file names.
 */
export function contentDisposition(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%<>:/|?*]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
