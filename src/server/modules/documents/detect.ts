import { fileTypeFromBuffer } from 'file-type';
import type { DocumentKind } from '../../../shared/schemas/documents.ts';
import { ImageFormatError, MAX_PIXELS, stripHeic, stripJpeg, stripPng } from './images.ts';
import { isZip, officeKind } from './zip.ts';

/**
 * What a file is, from its bytes alone (F2): the declared type and the name play no part.
 * PDF, PNG, JPEG, HEIC by their signatures (file-type), DOCX, XLSX and ODT from their
 * archive (zip.ts), plain text as UTF-8 without NUL that does not start like markup.
 * Everything else — executables, archives, HTML, SVG (F3), XML — is refused.
 * Photos come back without their location metadata (F10) and pixel floods are refused (F6).
 */

export type Accepted = { ok: true; kind: DocumentKind; contentType: string; bytes: Buffer };
export type Refused = { ok: false; reason: 'type' | 'image' | 'empty' };

const refusedType: Refused = { ok: false, reason: 'type' };

/** What file-type reports, for the kinds that it decides. */
const BY_SIGNATURE: Record<string, { kind: DocumentKind; contentType: string }> = {
  'application/pdf': { kind: 'pdf', contentType: 'application/pdf' },
  'image/png': { kind: 'png', contentType: 'image/png' },
  'image/jpeg': { kind: 'jpeg', contentType: 'image/jpeg' },
  'image/heic': { kind: 'heic', contentType: 'image/heic' },
  'image/heif': { kind: 'heic', contentType: 'image/heif' },
};

const OFFICE_TYPES: Record<'docx' | 'xlsx' | 'odt', string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
};

/**
 * Text that a browser would take for HTML, SVG or XML if it ever guessed: its first
 * non-blank characters open a tag, a comment, a doctype or an XML declaration (after the
 * WHATWG sniffing rules, which look at the start of the text).
 */
const MARKUP_START = /^\uFEFF?[\t\n\f\r ]*<(?:[!?/]|[a-z][a-z0-9-]*(?:[\s>/:]|$))/i;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function plainText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return false;
  }
  return !MARKUP_START.test(text.slice(0, 1024));
}

const STRIP = { jpeg: stripJpeg, png: stripPng, heic: stripHeic };

function photo(
  kind: 'jpeg' | 'png' | 'heic',
  contentType: string,
  bytes: Buffer,
): Accepted | Refused {
  try {
    const image = STRIP[kind](bytes);
    if (image.width * image.height > MAX_PIXELS) return { ok: false, reason: 'image' };
    return { ok: true, kind, contentType, bytes: image.bytes };
  } catch (error) {
    // A structure that cannot be followed (or reads past its end) is not stored as it is.
    if (error instanceof ImageFormatError || error instanceof RangeError) {
      return { ok: false, reason: 'image' };
    }
    throw error;
  }
}

/** The kind of an uploaded file, with the bytes to store; or why it is refused. */
export async function inspect(bytes: Buffer): Promise<Accepted | Refused> {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (isZip(bytes)) {
    const kind = officeKind(bytes);
    return kind ? { ok: true, kind, contentType: OFFICE_TYPES[kind], bytes } : refusedType;
  }
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    const known = BY_SIGNATURE[detected.mime];
    if (!known) return refusedType;
    if (known.kind === 'jpeg' || known.kind === 'png' || known.kind === 'heic') {
      return photo(known.kind, known.contentType, bytes);
    }
    return { ok: true, kind: known.kind, contentType: known.contentType, bytes };
  }
  return plainText(bytes)
    ? { ok: true, kind: 'text', contentType: 'text/plain', bytes }
    : refusedType;
}
