import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import type { DocumentData } from '../../src/shared/schemas/documents.ts';
import type { TestApp } from '../helpers/app.ts';

/**
 * Files for the documents tests, built byte by byte so that each test shows exactly what
 * it sends: a real (minimal) PDF, ZIP-based office files, JPEG and PNG photos with
 * location metadata, executables, markup; and multipart bodies as a browser sends them.
 */

// ---------------------------------------------------------------- PDF

/** A minimal, valid one-page PDF with a correct cross-reference table. */
export function minimalPdf(text = 'Hei fra Samvirke'): Buffer {
  const content = `BT /F1 18 Tf 20 100 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// ---------------------------------------------------------------- ZIP

export type ZipEntry = { name: string; data: Buffer | string; deflate?: boolean; flags?: number };

/** A ZIP archive, entries in order; `deflate` compresses an entry, `flags` sets its flag bits. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const stored = entry.deflate ? deflateRawSync(data) : data;
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(data);
    const method = entry.deflate ? 8 : 0;
    const flags = entry.flags ?? 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, stored);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = (main: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
${main}${extra}
</Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>`;

/** A minimal DOCX: content types, relationships, the main document part. */
export function minimalDocx(
  main = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
): Buffer {
  return zip([
    {
      name: '[Content_Types].xml',
      data: contentTypes(`<Override PartName="/word/document.xml" ContentType="${main}"/>`),
      deflate: true,
    },
    { name: '_rels/.rels', data: RELS, deflate: true },
    {
      name: 'word/document.xml',
      data: '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hei</w:t></w:r></w:p></w:body></w:document>',
      deflate: true,
    },
  ]);
}

export function minimalXlsx(): Buffer {
  return zip([
    {
      name: '[Content_Types].xml',
      data: contentTypes(
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
      ),
      deflate: true,
    },
    { name: '_rels/.rels', data: RELS },
    { name: 'xl/workbook.xml', data: '<workbook/>', deflate: true },
  ]);
}

export function minimalOdt(mimetype = 'application/vnd.oasis.opendocument.text'): Buffer {
  return zip([
    { name: 'mimetype', data: mimetype },
    { name: 'content.xml', data: '<office:document-content/>', deflate: true },
    { name: 'META-INF/manifest.xml', data: '<manifest:manifest/>', deflate: true },
  ]);
}

// ---------------------------------------------------------------- images

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Exif (big-endian TIFF) with the orientation and a GPS IFD holding a latitude. */
export function exifWithGps(orientation = 6): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 12 + 4 + 24);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  // IFD0: orientation, and the pointer to the GPS IFD.
  tiff.writeUInt16BE(2, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt16BE(0x8825, 22);
  tiff.writeUInt16BE(4, 24);
  tiff.writeUInt32BE(1, 26);
  const gpsIfd = 8 + 2 + 24 + 4;
  tiff.writeUInt32BE(gpsIfd, 30);
  tiff.writeUInt32BE(0, 34);
  // GPS IFD: GPSLatitude, three RATIONALs (59° 54' 49") after the IFD.
  const rationals = gpsIfd + 2 + 12 + 4;
  tiff.writeUInt16BE(1, gpsIfd);
  tiff.writeUInt16BE(0x0002, gpsIfd + 2);
  tiff.writeUInt16BE(5, gpsIfd + 4);
  tiff.writeUInt32BE(3, gpsIfd + 6);
  tiff.writeUInt32BE(rationals, gpsIfd + 10);
  tiff.writeUInt32BE(0, gpsIfd + 14);
  [59, 1, 54, 1, 49, 1].forEach((v, i) => {
    tiff.writeUInt32BE(v, rationals + i * 4);
  });
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

/** The scan data of the photos below: no 0xFF except escaped (FF00) and a restart marker. */
export const SCAN_DATA = Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a]);

/**
 * A JPEG photo as a phone writes it: JFIF, Exif with GPS, XMP, Photoshop/IPTC, tables, a
 * frame header (width × height), one scan, the end marker, and an appended second picture
 * with Exif of its own.
 */
export function photoJpeg(options: { width?: number; height?: number; orientation?: number } = {}) {
  const width = options.width ?? 4;
  const height = options.height ?? 3;
  const frame = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  frame.writeUInt16BE(height, 1);
  frame.writeUInt16BE(width, 3);
  const parts = {
    jfif: segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    exif: segment(0xe1, exifWithGps(options.orientation ?? 6)),
    xmp: segment(
      0xe1,
      Buffer.from(
        'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>59,54.8N</exif:GPSLatitude></x:xmpmeta>',
        'latin1',
      ),
    ),
    iptc: segment(0xed, Buffer.from('Photoshop 3.0\x008BIM\x04\x04Oslo', 'latin1')),
    icc: segment(0xe2, Buffer.from('ICC_PROFILE\0\x01\x01profile', 'latin1')),
    quant: segment(0xdb, Buffer.alloc(65, 1)),
    frame: segment(0xc0, frame),
    huffman: segment(0xc4, Buffer.alloc(20, 2)),
    scan: segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
  };
  const appended = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe1, exifWithGps(1)),
    Buffer.from([0xff, 0xd9]),
  ]);
  const bytes = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    parts.jfif,
    parts.exif,
    parts.xmp,
    parts.iptc,
    parts.icc,
    parts.quant,
    parts.frame,
    parts.huffman,
    parts.scan,
    SCAN_DATA,
    Buffer.from([0xff, 0xd9]),
    appended,
  ]);
  return { bytes, parts };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG with an eXIf chunk (GPS) and XMP text, of the given size (in its header). */
export function photoPng(options: { width?: number; height?: number } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(options.width ?? 1, 0);
  header.writeUInt32BE(options.height ?? 1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('eXIf', exifWithGps().subarray(6)),
    pngChunk(
      'iTXt',
      Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>GPS</x:xmpmeta>', 'latin1'),
    ),
    pngChunk('IDAT', deflateRawSync(Buffer.from([0, 255, 0, 0]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}
const fullBox = (type: string, version: number, ...parts: Buffer[]) =>
  box(type, Buffer.from([version, 0, 0, 0]), ...parts);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
};

/**
 * A HEIC photo as a phone writes it: ftyp, meta (handler, primary item, item infos for
 * the picture and its Exif, image size, item locations) and mdat holding the coded
 * picture and the Exif (with GPS) it points at.
 */
export function heicPhoto(options: { width?: number; height?: number } = {}) {
  const picture = Buffer.alloc(48, 0xab);
  const exif = Buffer.concat([u32(6), exifWithGps()]);
  const ftyp = box(
    'ftyp',
    Buffer.from('heic', 'latin1'),
    u32(0),
    Buffer.from('mif1heic', 'latin1'),
  );
  const meta = (pictureAt: number, exifAt: number) =>
    fullBox(
      'meta',
      0,
      fullBox('hdlr', 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), Buffer.from([0])),
      fullBox('pitm', 0, u16(1)),
      fullBox(
        'iinf',
        0,
        u16(2),
        fullBox('infe', 2, u16(1), u16(0), Buffer.from('hvc1\0', 'latin1')),
        fullBox('infe', 2, u16(2), u16(0), Buffer.from('Exif\0', 'latin1')),
      ),
      box(
        'iprp',
        box('ipco', fullBox('ispe', 0, u32(options.width ?? 4032), u32(options.height ?? 3024))),
      ),
      fullBox(
        'iloc',
        1,
        Buffer.from([0x44, 0x00]),
        u16(2),
        Buffer.concat([u16(1), u16(0), u16(0), u16(1), u32(pictureAt), u32(picture.length)]),
        Buffer.concat([u16(2), u16(0), u16(0), u16(1), u32(exifAt), u32(exif.length)]),
      ),
    );
  const metaLength = meta(0, 0).length;
  const pictureAt = ftyp.length + metaLength + 8;
  const exifAt = pictureAt + picture.length;
  const bytes = Buffer.concat([ftyp, meta(pictureAt, exifAt), box('mdat', picture, exif)]);
  return {
    bytes,
    picture: { at: pictureAt, length: picture.length },
    exif: { at: exifAt, length: exif.length },
  };
}

// ---------------------------------------------------------------- not accepted

export const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
  Buffer.alloc(8),
  Buffer.from([2, 0, 0x3e, 0, 1, 0, 0, 0]),
  randomBytes(200),
]);
export const WINDOWS_EXE = Buffer.concat([
  Buffer.from('MZ', 'latin1'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0', 'latin1'),
  randomBytes(100),
]);
export const HTML = Buffer.from(
  '<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n',
);
export const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n',
);
export const BARE_SVG = Buffer.from(
  '  <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
);

// ---------------------------------------------------------------- multipart

/** The file name as a browser puts it in a multipart header: quotes and line breaks escaped. */
function headerName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export type Multipart = { payload: Buffer; contentType: string };

export function multipart(
  filename: string,
  content: Buffer,
  options: { field?: string; declaredType?: string; extraField?: boolean } = {},
): Multipart {
  const boundary = `----samvirke${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${headerName(filename)}"\r\nContent-Type: ${options.declaredType ?? 'application/octet-stream'}\r\n\r\n`,
    'utf8',
  );
  const extra = options.extraField
    ? Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhei`)
    : Buffer.alloc(0);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, extra, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/**
 * A multipart body of `size` bytes of file content, produced as it is read: nothing of
 * it exists in memory at once. `pulled()` says how many content bytes were asked for.
 */
export function streamingMultipart(size: number): {
  stream: Readable;
  contentType: string;
  pulled: () => number;
} {
  const boundary = `----samvirke${randomBytes(8).toString('hex')}`;
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  let produced = 0;
  async function* body() {
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stor.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    );
    while (produced < size) {
      const n = Math.min(chunk.length, size - produced);
      produced += n;
      yield n === chunk.length ? chunk : chunk.subarray(0, n);
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    stream: Readable.from(body(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    pulled: () => produced,
  };
}

/** Uploads as the browser does: the session cookie, our Origin, a multipart body. */
export function upload(
  t: TestApp,
  planId: string,
  cookie: string,
  body: Multipart,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `/api/plans/${planId}/documents`,
    headers: {
      cookie,
      origin: t.config.publicUrl,
      'content-type': body.contentType,
      ...headers,
    },
    payload: body.payload,
  });
}

/** Uploads a file and expects it stored (201); returns the document. */
export async function uploaded(
  t: TestApp,
  planId: string,
  cookie: string,
  filename: string,
  content: Buffer,
): Promise<DocumentData> {
  const res = await upload(t, planId, cookie, multipart(filename, content));
  if (res.statusCode !== 201) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json() as DocumentData;
}
