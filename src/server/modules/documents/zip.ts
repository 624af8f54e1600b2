import { inflateRawSync } from 'node:zlib';

/**
 * Office documents are ZIP archives. They are recognised from the archive's directory and
 * one small descriptor — ODT's stored `mimetype` entry, or OOXML's `[Content_Types].xml`
 * inflated with a hard output cap — and nothing else is unpacked (F5). Any other archive,
 * an encrypted one, one with macros, or one whose directory does not add up is refused.
 */

export type OfficeKind = 'docx' | 'xlsx' | 'odt';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const MAX_ENTRIES = 10_000;
/** What the entries may claim to unpack to together (a zip bomb claims far more). */
const MAX_UNPACKED = 1024 * 1024 * 1024;
/** `[Content_Types].xml` is a few kilobytes; more is not an office document. */
const MAX_DESCRIPTOR = 256 * 1024;

const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';
const DOCX_MAIN =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const XLSX_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';

type Entry = {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
};

export function isZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.readUInt32LE(0) === LOCAL_HEADER;
}

function endOfDirectory(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - (22 + 0xffff));
  for (let i = bytes.length - 22; i >= lowest; i -= 1) {
    if (bytes.readUInt32LE(i) === END_OF_DIRECTORY) return i;
  }
  return -1;
}

/** The central directory, or null when it is missing, inconsistent, zip64 or too large. */
function directory(bytes: Buffer): Entry[] | null {
  if (bytes.length < 22) return null;
  const eocd = endOfDirectory(bytes);
  if (eocd < 0) return null;
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null; // zip64
  if (count === 0 || count > MAX_ENTRIES || offset + size !== eocd) return null;
  const entries: Entry[] = [];
  let at = offset;
  let unpacked = 0;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > eocd || bytes.readUInt32LE(at) !== CENTRAL_HEADER) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > eocd) return null;
    const entry: Entry = {
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.localOffset + 30 > offset) return null;
    unpacked += entry.size;
    if (unpacked > MAX_UNPACKED) return null;
    entries.push(entry);
    at = end;
  }
  return at === eocd ? entries : null;
}

/** The stored bytes of an entry, read through its local header. */
function entryData(bytes: Buffer, entry: Entry): Buffer | null {
  const at = entry.localOffset;
  if (bytes.readUInt32LE(at) !== LOCAL_HEADER) return null;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  return end <= bytes.length ? bytes.subarray(start, end) : null;
}

function descriptorText(bytes: Buffer, entry: Entry): string | null {
  if (entry.size > MAX_DESCRIPTOR) return null;
  const data = entryData(bytes, entry);
  if (!data) return null;
  try {
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method === 8) {
      return inflateRawSync(data, { maxOutputLength: MAX_DESCRIPTOR }).toString('utf8');
    }
  } catch {
    return null;
  }
  return null;
}

/** docx, xlsx or odt when the archive is one of them (and nothing more); otherwise null. */
export function officeKind(bytes: Buffer): OfficeKind | null {
  if (!isZip(bytes)) return null;
  const entries = directory(bytes);
  if (!entries) return null;
  // Bit 0: encrypted. An encrypted entry cannot be checked by anybody, scanners included.
  if (entries.some((e) => (e.flags & 0x1) !== 0)) return null;
  const names = entries.map((e) => e.name.toLowerCase());
  // Macros travel in vbaProject.bin (OOXML) or Basic/ and Scripts/ (ODF).
  if (names.some((n) => n.endsWith('vbaproject.bin') || /^(basic|scripts)\//.test(n))) return null;

  const first = entries[0];
  if (first?.name === 'mimetype' && first.localOffset === 0) {
    if (first.method !== 0 || first.size !== first.compressedSize || first.size > 100) return null;
    const data = entryData(bytes, first);
    return data?.toString('latin1') === ODT_MIMETYPE ? 'odt' : null;
  }

  const types = entries.find((e) => e.name === '[Content_Types].xml');
  if (!types) return null;
  const xml = descriptorText(bytes, types);
  if (!xml) return null;
  if (/macroEnabled/i.test(xml)) return null;
  const docx = xml.includes(DOCX_MAIN) && names.includes('word/document.xml');
  const xlsx = xml.includes(XLSX_MAIN) && names.includes('xl/workbook.xml');
  if (docx === xlsx) return null;
  return docx ? 'docx' : 'xlsx';
}
