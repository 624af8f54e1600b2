/**
 * Photos: the metadata that can say where a picture was taken is removed before it is
 * stored (F10), and the pixel count is read from the header so that a picture made to
 * blow up whoever opens it is refused (F6). Nothing is decoded: segments and chunks are
 * copied or dropped whole, so the picture itself stays byte for byte.
 */

/** More pixels than any camera makes (a 200-megapixel phone is just inside). */
export const MAX_PIXELS = 200_000_000;

export class ImageFormatError extends Error {
  override name = 'ImageFormatError';
}

export type ImageResult = { bytes: Buffer; width: number; height: number };

// ------------------------------------------------------------------ JPEG

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP1 = 0xe1;
const APP13 = 0xed;
/** Start-of-frame markers (C0–CF except DHT C4, JPG C8 and DAC CC) carry the size. */
const isStartOfFrame = (m: number) =>
  m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Markers that stand alone, without a length: TEM and the restart markers. */
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7);

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
const ORIENTATION_TAG = 0x0112;

/**
 * The orientation (1–8) in an Exif APP1 payload, when it has a valid one. The photo keeps
 * its way up; everything else in Exif (GPS, camera serial numbers, times) goes.
 */
export function exifOrientation(payload: Buffer): number | null {
  if (payload.length < EXIF_HEADER.length + 8) return null;
  if (!payload.subarray(0, EXIF_HEADER.length).equals(EXIF_HEADER)) return null;
  const tiff = payload.subarray(EXIF_HEADER.length);
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return null;
    // SHORT (type 3), one value, stored in the first two bytes of the value field.
    if (u16(entry) === ORIENTATION_TAG && u16(entry + 2) === 3 && u32(entry + 4) === 1) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

/** An APP1 segment holding Exif with the orientation alone. */
export function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(ORIENTATION_TAG, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22);
  const payload = Buffer.concat([EXIF_HEADER, tiff]);
  const head = Buffer.from([0xff, APP1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Where the entropy-coded data after a start-of-scan ends: at the next real marker. */
function endOfScan(bytes: Buffer, from: number): number {
  let i = from;
  while (i + 1 < bytes.length) {
    if (bytes[i] === 0xff) {
      const next = bytes[i + 1] ?? 0;
      // FF00 is an escaped FF byte, FFD0–FFD7 restart markers, FFFF fill: all inside the scan.
      if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return i;
    }
    i += 1;
  }
  return bytes.length;
}

/**
 * A JPEG without its APP1 segments (Exif, with GPS; XMP) and APP13 (Photoshop/IPTC, which
 * holds place names), with a minimal Exif for the orientation when the photo had one, and
 * without anything after the end-of-image marker (where phones append more pictures with
 * Exif of their own). Everything else — JFIF, ICC profile, tables, scans — is copied as it
 * is. A structure it cannot follow is refused (ImageFormatError) rather than stored with
 * its metadata.
 */
export function stripJpeg(input: Buffer): ImageResult {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== SOI) {
    throw new ImageFormatError('not a JPEG');
  }
  const out: Buffer[] = [input.subarray(0, 2)];
  let orientation: number | null = null;
  let orientationAt = -1;
  let width = 0;
  let height = 0;
  let i = 2;
  for (;;) {
    if (i >= input.length) break; // a truncated file: keep what there is
    if (input[i] !== 0xff) throw new ImageFormatError('expected a marker');
    while (input[i] === 0xff) i += 1; // fill bytes
    if (i >= input.length) break;
    const marker = input[i] as number;
    i += 1;
    if (marker === EOI) {
      out.push(Buffer.from([0xff, EOI]));
      break;
    }
    if (isStandalone(marker)) {
      out.push(Buffer.from([0xff, marker]));
      continue;
    }
    if (i + 2 > input.length) throw new ImageFormatError('segment length missing');
    const length = input.readUInt16BE(i);
    if (length < 2 || i + length > input.length) throw new ImageFormatError('bad segment length');
    const payload = input.subarray(i + 2, i + length);
    const segmentEnd = i + length;
    if (marker === APP1) {
      orientation ??= exifOrientation(payload);
      if (orientationAt < 0) orientationAt = out.length;
    } else if (marker === APP13) {
      // dropped
    } else {
      if (isStartOfFrame(marker)) {
        if (payload.length < 5) throw new ImageFormatError('short frame header');
        height = payload.readUInt16BE(1);
        width = payload.readUInt16BE(3);
      }
      out.push(Buffer.from([0xff, marker]), input.subarray(i, segmentEnd));
    }
    i = segmentEnd;
    if (marker === SOS) {
      const end = endOfScan(input, i);
      out.push(input.subarray(i, end));
      i = end;
    }
  }
  if (width === 0 || height === 0) throw new ImageFormatError('no frame header');
  if (orientation !== null && orientation !== 1 && orientationAt >= 0) {
    out.splice(orientationAt, 0, orientationSegment(orientation));
  }
  return { bytes: Buffer.concat(out), width, height };
}

// ------------------------------------------------------------------ PNG

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Text chunks that hold XMP (which may carry GPS) are dropped with eXIf. */
function isLocationChunk(type: string, data: Buffer): boolean {
  if (type === 'eXIf') return true;
  if (type === 'iTXt' || type === 'tEXt' || type === 'zTXt') {
    const keyword = data.toString('latin1', 0, Math.min(data.length, 80)).split('\0')[0];
    return keyword === 'XML:com.adobe.xmp' || keyword === 'Raw profile type exif';
  }
  return false;
}

/**
 * A PNG without its eXIf chunk and XMP text (F10): chunks are copied or dropped whole (each
 * carries its own CRC, so nothing else changes). The size is read from IHDR (F6).
 */
export function stripPng(input: Buffer): ImageResult {
  if (input.length < 33 || !input.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new ImageFormatError('not a PNG');
  }
  const out: Buffer[] = [input.subarray(0, 8)];
  let width = 0;
  let height = 0;
  let i = 8;
  while (i < input.length) {
    if (i + 12 > input.length) throw new ImageFormatError('truncated chunk');
    const length = input.readUInt32BE(i);
    const type = input.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (length > input.length || end > input.length) throw new ImageFormatError('bad chunk length');
    const data = input.subarray(i + 8, i + 8 + length);
    if (i === 8) {
      if (type !== 'IHDR' || length < 8) throw new ImageFormatError('IHDR must come first');
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (!isLocationChunk(type, data)) out.push(input.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  if (width === 0 || height === 0) throw new ImageFormatError('no size');
  return { bytes: Buffer.concat(out), width, height };
}

// ------------------------------------------------------------------ HEIC / HEIF

type Box = { type: string; start: number; body: number; end: number };

/** The boxes in [from, to) of an ISO-BMFF file; a box that does not fit is an error. */
function boxes(bytes: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at < to) {
    if (at + 8 > to) throw new ImageFormatError('truncated box');
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    let body = at + 8;
    if (size === 1) {
      if (at + 16 > to) throw new ImageFormatError('truncated box');
      size = Number(bytes.readBigUInt64BE(at + 8));
      body = at + 16;
    } else if (size === 0) {
      size = to - at;
    }
    const end = at + size;
    if (size < body - at || end > to) throw new ImageFormatError('bad box size');
    out.push({ type, start: at, body, end });
    at = end;
  }
  return out;
}

function uintOf(bytes: Buffer, at: number, size: number): number {
  if (size === 0) return 0;
  if (size === 2) return bytes.readUInt16BE(at);
  if (size === 4) return bytes.readUInt32BE(at);
  if (size === 8) {
    const value = bytes.readBigUInt64BE(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ImageFormatError('offset too large');
    return Number(value);
  }
  throw new ImageFormatError('bad field size');
}

/** A C string starting at `at` (not past `end`), and where it ends. */
function cString(bytes: Buffer, at: number, end: number): { value: string; next: number } {
  const nul = bytes.indexOf(0, at);
  if (nul < 0 || nul >= end) return { value: bytes.toString('utf8', at, end), next: end };
  return { value: bytes.toString('utf8', at, nul), next: nul + 1 };
}

/** Item ids whose data is metadata: Exif, and XMP (a `mime` item of RDF). */
function metadataItems(bytes: Buffer, iinf: Box): Set<number> {
  const version = bytes.readUInt8(iinf.body);
  const first = iinf.body + 4 + (version === 0 ? 2 : 4);
  const found = new Set<number>();
  for (const infe of boxes(bytes, first, iinf.end)) {
    if (infe.type !== 'infe') continue;
    const v = bytes.readUInt8(infe.body);
    if (v < 2) continue; // no item type before version 2
    let at = infe.body + 4;
    const id = v === 2 ? bytes.readUInt16BE(at) : bytes.readUInt32BE(at);
    at += (v === 2 ? 2 : 4) + 2;
    const type = bytes.toString('latin1', at, at + 4);
    at += 4;
    if (type === 'Exif') found.add(id);
    if (type === 'mime') {
      const name = cString(bytes, at, infe.end);
      const contentType = cString(bytes, name.next, infe.end).value;
      if (contentType.startsWith('application/rdf+xml')) found.add(id);
    }
  }
  return found;
}

type Extent = { method: number; offset: number; length: number };

/** Where each listed item's data lies (iloc versions 0, 1 and 2). */
function itemExtents(bytes: Buffer, iloc: Box, wanted: Set<number>): Extent[] {
  const version = bytes.readUInt8(iloc.body);
  let at = iloc.body + 4;
  const sizes = bytes.readUInt8(at);
  const more = bytes.readUInt8(at + 1);
  at += 2;
  const offsetSize = sizes >> 4;
  const lengthSize = sizes & 0xf;
  const baseSize = more >> 4;
  const indexSize = version === 1 || version === 2 ? more & 0xf : 0;
  const count = version < 2 ? bytes.readUInt16BE(at) : bytes.readUInt32BE(at);
  at += version < 2 ? 2 : 4;
  const out: Extent[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = version < 2 ? bytes.readUInt16BE(at) : bytes.readUInt32BE(at);
    at += version < 2 ? 2 : 4;
    let method = 0;
    if (version === 1 || version === 2) {
      method = bytes.readUInt16BE(at) & 0xf;
      at += 2;
    }
    at += 2; // data_reference_index
    const base = uintOf(bytes, at, baseSize);
    at += baseSize;
    const extents = bytes.readUInt16BE(at);
    at += 2;
    for (let e = 0; e < extents; e += 1) {
      at += indexSize;
      const offset = uintOf(bytes, at, offsetSize);
      at += offsetSize;
      const length = uintOf(bytes, at, lengthSize);
      at += lengthSize;
      if (at > iloc.end) throw new ImageFormatError('truncated iloc');
      if (wanted.has(id)) out.push({ method, offset: base + offset, length });
    }
  }
  return out;
}

/** The largest image size (ispe) the file declares: pixel floods are refused (F6). */
function largestImage(bytes: Buffer, meta: Box[]): { width: number; height: number } {
  let largest = { width: 0, height: 0 };
  for (const iprp of meta.filter((b) => b.type === 'iprp')) {
    for (const ipco of boxes(bytes, iprp.body, iprp.end).filter((b) => b.type === 'ipco')) {
      for (const ispe of boxes(bytes, ipco.body, ipco.end).filter((b) => b.type === 'ispe')) {
        if (ispe.body + 12 > ispe.end) throw new ImageFormatError('short ispe');
        const width = bytes.readUInt32BE(ispe.body + 4);
        const height = bytes.readUInt32BE(ispe.body + 8);
        if (width * height > largest.width * largest.height) largest = { width, height };
      }
    }
  }
  return largest;
}

/**
 * A HEIC/HEIF photo with its Exif and XMP items blanked in place (F10): their bytes are
 * overwritten with zeros, so every offset in the file stays right and nothing else
 * changes; the way up is kept by the image's own rotation property (`irot`), not Exif.
 * A structure it cannot follow is refused (ImageFormatError).
 */
export function stripHeic(input: Buffer): ImageResult {
  const top = boxes(input, 0, input.length);
  const meta = top.find((b) => b.type === 'meta');
  if (top[0]?.type !== 'ftyp' || !meta) throw new ImageFormatError('no meta box');
  const children = boxes(input, meta.body + 4, meta.end);
  const { width, height } = largestImage(input, children);
  const iinf = children.find((b) => b.type === 'iinf');
  const iloc = children.find((b) => b.type === 'iloc');
  const wanted = iinf ? metadataItems(input, iinf) : new Set<number>();
  if (wanted.size === 0) return { bytes: input, width, height };
  if (!iloc) throw new ImageFormatError('metadata without locations');
  const idat = children.find((b) => b.type === 'idat');
  const out = Buffer.from(input);
  for (const extent of itemExtents(input, iloc, wanted)) {
    if (extent.length === 0) throw new ImageFormatError('open-ended metadata item');
    let start: number;
    if (extent.method === 0) start = extent.offset;
    else if (extent.method === 1 && idat) start = idat.body + extent.offset;
    else throw new ImageFormatError('metadata item stored in a way not followed');
    const end = start + extent.length;
    const limit = extent.method === 1 && idat ? idat.end : out.length;
    if (end > limit) throw new ImageFormatError('metadata item outside the file');
    out.fill(0, start, end);
  }
  return { bytes: out, width, height };
}
