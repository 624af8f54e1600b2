import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/server/modules/documents/detect.ts';
import {
  exifOrientation,
  MAX_PIXELS,
  orientationSegment,
  stripHeic,
  stripJpeg,
  stripPng,
} from '../../src/server/modules/documents/images.ts';
import {
  cleanFileName,
  contentDisposition,
  storedFileName,
} from '../../src/server/modules/documents/names.ts';
import { officeKind } from '../../src/server/modules/documents/zip.ts';
import {
  BARE_SVG,
  ELF,
  exifWithGps,
  HTML,
  heicPhoto,
  minimalDocx,
  minimalOdt,
  minimalPdf,
  minimalXlsx,
  photoJpeg,
  photoPng,
  SCAN_DATA,
  SVG,
  WINDOWS_EXE,
  zip,
} from './documents-fixtures.ts';

/**
 * The file rules without the HTTP around them: names (I9, F4), kinds from content (F2,
 * F3, F5), photos without location (F10) and pixel floods (F6). documents.test.ts checks
 * the same rules through the API.
 */

describe('I9: file names are cleaned', () => {
  it('no path: the last segment only, whichever slash (I7)', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('..\\..\\windows\\system.ini')).toBe('system.ini');
    expect(cleanFileName('/var/lib/x.pdf')).toBe('x.pdf');
    expect(cleanFileName('..')).toBe('');
    expect(cleanFileName('a／b∕c.pdf')).toBe('a_b_c.pdf');
  });

  it('no right-to-left overrides, isolates, marks or zero-width characters', () => {
    expect(cleanFileName('faktura\u202Efdp.exe')).toBe('fakturafdp.exe');
    expect(cleanFileName('a\u202A\u202B\u202C\u202D\u202Eb')).toBe('ab');
    expect(cleanFileName('a\u2066\u2067\u2068\u2069b\u200E\u200F\u061C.txt')).toBe('ab.txt');
    expect(cleanFileName('zero\u200B\u200C\u200D\u2060\uFEFFwidth.txt')).toBe('zerowidth.txt');
  });

  it('no control characters, line breaks or lone surrogates; white space collapsed', () => {
    expect(cleanFileName('a\u0000b\u0007c\u001b[31md\u007f\u0085e.txt')).toBe('abc[31mde.txt');
    expect(cleanFileName('rapport\r\nSet-Cookie: x.pdf')).toBe('rapportSet-Cookie: x.pdf');
    expect(cleanFileName('a\u2028b\u2029c\uD800.txt')).toBe('abc.txt');
    expect(cleanFileName('  mange   \t mellomrom\u00A0 .pdf ')).toBe('mange mellomrom .pdf');
  });

  it('NFC: a decomposed å is stored composed', () => {
    expect(cleanFileName('Pa\u030Arørende.txt')).toBe('På\u0072ørende.txt'.normalize('NFC'));
    expect(cleanFileName('Pa\u030Arørende.txt')).toHaveLength('Pårørende.txt'.length);
  });

  it('no leading dots (hidden files) or trailing dots and spaces', () => {
    expect(cleanFileName('.htaccess')).toBe('htaccess');
    expect(cleanFileName('notat.txt. . ')).toBe('notat.txt');
  });

  it('long names are cut at 200 characters, keeping the extension and whole characters', () => {
    const name = cleanFileName(`${'æ'.repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('æ.pdf')).toBe(true);
    const emoji = cleanFileName(`${'👍🏽'.repeat(150)}.pdf`);
    expect(Array.from(emoji).length).toBeLessThanOrEqual(200);
    expect(emoji.endsWith('👍🏽.pdf')).toBe(true);
  });

  it('the stored name carries the extension of its content; nothing usable gives a fallback', () => {
    expect(storedFileName('faktura\u202Efdp.exe', 'pdf')).toBe('fakturafdp.exe.pdf');
    expect(storedFileName('rapport.PDF', 'pdf')).toBe('rapport.PDF');
    expect(storedFileName('side.html', 'text')).toBe('side.html.txt');
    expect(storedFileName('bilde.jpeg', 'jpeg')).toBe('bilde.jpeg');
    expect(storedFileName('../../etc/passwd', 'text')).toBe('passwd.txt');
    expect(storedFileName('', 'pdf')).toBe('dokument.pdf');
    expect(storedFileName('\u202E\u200B', 'docx')).toBe('dokument.docx');
    expect(storedFileName(undefined, 'odt')).toBe('dokument.odt');
    expect(Array.from(storedFileName('x'.repeat(400), 'xlsx'))).toHaveLength(200);
  });
});

describe('F4: Content-Disposition (RFC 6266)', () => {
  it('attachment, an ASCII fallback and the real name in filename*', () => {
    expect(contentDisposition('Møtereferat 5. mai.pdf')).toBe(
      `attachment; filename="M_tereferat 5. mai.pdf"; filename*=UTF-8''M%C3%B8tereferat%205.%20mai.pdf`,
    );
    expect(contentDisposition('Pårørende.txt')).toContain('filename="Par_rende.txt"');
  });

  it('quotes, backslashes, percent signs and RFC 5987 specials cannot break out', () => {
    const header = contentDisposition(`a"b\\c%d'e(f)*.txt`);
    expect(header).toBe(
      `attachment; filename="a_b_c_d'e(f)_.txt"; filename*=UTF-8''a%22b%5Cc%25d%27e%28f%29%2A.txt`,
    );
  });
});

describe('F2, F3, F5: the kind comes from the content', () => {
  const kindOf = async (bytes: Buffer) => {
    const result = await inspect(bytes);
    return result.ok ? result.contentType : `refused: ${result.reason}`;
  };

  it('accepts PDF, PNG, JPEG, HEIC, text, DOCX, XLSX and ODT', async () => {
    expect(await kindOf(minimalPdf())).toBe('application/pdf');
    expect(await kindOf(photoPng())).toBe('image/png');
    expect(await kindOf(photoJpeg().bytes)).toBe('image/jpeg');
    expect(await kindOf(heicPhoto().bytes)).toBe('image/heic');
    expect(await kindOf(Buffer.from('Hei på deg\nlinje 2\t<3\n'))).toBe('text/plain');
    expect(await kindOf(minimalDocx())).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(await kindOf(minimalXlsx())).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(await kindOf(minimalOdt())).toBe('application/vnd.oasis.opendocument.text');
  });

  it('refuses executables, markup (HTML, SVG, XML), and text that is not UTF-8 or holds NUL', async () => {
    for (const bytes of [ELF, WINDOWS_EXE, HTML, SVG, BARE_SVG]) {
      expect(await kindOf(bytes)).toBe('refused: type');
    }
    expect(await kindOf(Buffer.from('<p>hei</p>'))).toBe('refused: type');
    expect(await kindOf(Buffer.from('\uFEFF  <!-- x -->'))).toBe('refused: type');
    expect(await kindOf(Buffer.from([0x68, 0x65, 0xe6, 0x0a]))).toBe('refused: type'); // latin-1 æ
    expect(await kindOf(Buffer.from('a\u0000b'))).toBe('refused: type');
    expect(await kindOf(Buffer.alloc(0))).toBe('refused: empty');
  });

  it('F5: any other archive is refused, and nothing but the descriptor is unpacked', async () => {
    expect(await kindOf(zip([{ name: 'a.txt', data: 'hei' }]))).toBe('refused: type');
    // A macro-enabled document (docm) in docx clothing, and a vbaProject.bin inside.
    expect(
      await kindOf(minimalDocx('application/vnd.ms-word.document.macroEnabled.main+xml')),
    ).toBe('refused: type');
    const withMacros = zip([
      {
        name: '[Content_Types].xml',
        data: '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      },
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'word/vbaProject.bin', data: 'macro' },
    ]);
    expect(officeKind(withMacros)).toBeNull();
    // An encrypted entry; an ODT whose mimetype says presentation.
    const encrypted = zip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
      { name: 'content.xml', data: 'x', flags: 1 },
    ]);
    expect(officeKind(encrypted)).toBeNull();
    expect(officeKind(minimalOdt('application/vnd.oasis.opendocument.presentation'))).toBeNull();
    // A descriptor that inflates past its cap (a small bomb) is not followed.
    const bomb = zip([
      {
        name: '[Content_Types].xml',
        data: `<Types>${' '.repeat(2 * 1024 * 1024)}application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml</Types>`,
        deflate: true,
      },
      { name: 'word/document.xml', data: '<w:document/>' },
    ]);
    expect(officeKind(bomb)).toBeNull();
    // A directory that does not add up.
    const broken = Buffer.from(minimalDocx());
    broken.writeUInt32LE(0xdeadbeef, broken.length - 6);
    expect(officeKind(broken)).toBeNull();
  });
});

describe('F10: photos lose their location, F6: pixel floods are refused', () => {
  it('a JPEG keeps its picture and orientation but loses Exif/GPS, XMP, IPTC and appended pictures', () => {
    const { bytes, parts } = photoJpeg();
    expect(bytes.includes(Buffer.from('Exif'))).toBe(true);
    const out = stripJpeg(bytes);
    expect(out).toMatchObject({ width: 4, height: 3 });
    const expected = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      parts.jfif,
      orientationSegment(6),
      parts.icc,
      parts.quant,
      parts.frame,
      parts.huffman,
      parts.scan,
      SCAN_DATA,
      Buffer.from([0xff, 0xd9]),
    ]);
    expect(out.bytes.equals(expected)).toBe(true);
    for (const gone of ['GPS', 'xap/1.0', 'Photoshop', 'Oslo']) {
      expect(out.bytes.includes(Buffer.from(gone, 'latin1')), gone).toBe(false);
    }
    // The 3 GPS rationals (59/1 54/1 49/1) are gone with their IFD.
    expect(out.bytes.includes(Buffer.from([0, 0, 0, 59, 0, 0, 0, 1]))).toBe(false);
    // The orientation survives, as the only Exif entry.
    const app1 = out.bytes.indexOf(Buffer.from('Exif\0\0', 'latin1'));
    expect(exifOrientation(out.bytes.subarray(app1))).toBe(6);
    // Stripping again changes nothing.
    expect(stripJpeg(out.bytes).bytes.equals(out.bytes)).toBe(true);
  });

  it('a JPEG with orientation 1 keeps no Exif at all', () => {
    const out = stripJpeg(photoJpeg({ orientation: 1 }).bytes);
    expect(out.bytes.includes(Buffer.from('Exif', 'latin1'))).toBe(false);
  });

  it('reads orientation from little-endian Exif too, and refuses broken JPEG structure', async () => {
    const big = exifWithGps(8);
    const little = Buffer.from(big);
    // Flip the TIFF header and the orientation entry to little-endian by hand.
    little.write('II', 6, 'latin1');
    little.writeUInt16LE(42, 8);
    little.writeUInt32LE(8, 10);
    little.writeUInt16LE(2, 14);
    little.writeUInt16LE(0x0112, 16);
    little.writeUInt16LE(3, 18);
    little.writeUInt32LE(1, 20);
    little.writeUInt16LE(8, 24);
    expect(exifOrientation(big)).toBe(8);
    expect(exifOrientation(little)).toBe(8);
    const broken = Buffer.concat([photoJpeg().bytes.subarray(0, 22), Buffer.from([0x00, 0x01])]);
    expect(() => stripJpeg(Buffer.concat([broken, Buffer.alloc(10)]))).toThrow();
    expect((await inspect(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff]))).ok).toBe(false);
  });

  it('a PNG loses eXIf and XMP; its other chunks stay byte for byte', () => {
    const png = photoPng();
    const out = stripPng(png);
    expect(out.bytes.includes(Buffer.from('eXIf'))).toBe(false);
    expect(out.bytes.includes(Buffer.from('xmpmeta'))).toBe(false);
    expect(out.bytes.includes(Buffer.from('IDAT'))).toBe(true);
    expect(png.length - out.bytes.length).toBeGreaterThan(80);
  });

  it('a HEIC keeps its picture and every offset; its Exif item is blanked in place', () => {
    const heic = heicPhoto();
    const out = stripHeic(heic.bytes);
    expect(out).toMatchObject({ width: 4032, height: 3024 });
    expect(out.bytes.length).toBe(heic.bytes.length);
    const { at, length } = heic.exif;
    expect(out.bytes.subarray(at, at + length).equals(Buffer.alloc(length))).toBe(true);
    // Everything else is byte for byte the same, the coded picture included.
    expect(out.bytes.subarray(0, at).equals(heic.bytes.subarray(0, at))).toBe(true);
    expect(out.bytes.subarray(at + length).equals(heic.bytes.subarray(at + length))).toBe(true);
    expect(out.bytes.includes(Buffer.from([0, 0, 0, 59, 0, 0, 0, 1]))).toBe(false);
    expect(heic.bytes.includes(Buffer.from([0, 0, 0, 59, 0, 0, 0, 1]))).toBe(true);
  });

  it('a HEIC whose structure cannot be followed is refused, not stored with its Exif', async () => {
    const heic = heicPhoto().bytes;
    const cut = heic.subarray(0, heic.length - 20);
    expect((await inspect(cut)).ok).toBe(false);
    const lying = Buffer.from(heic);
    lying.writeUInt32BE(0x7fffffff, 24); // the meta box claims more than the file holds
    expect((await inspect(lying)).ok).toBe(false);
  });

  it('F6: a picture claiming more pixels than any camera makes is refused', async () => {
    expect(MAX_PIXELS).toBeLessThan(65_535 * 65_535);
    expect((await inspect(photoPng({ width: 100_000, height: 100_000 }))).ok).toBe(false);
    expect((await inspect(photoJpeg({ width: 65_000, height: 65_000 }).bytes)).ok).toBe(false);
    expect((await inspect(photoJpeg({ width: 4000, height: 3000 }).bytes)).ok).toBe(true);
    expect((await inspect(heicPhoto({ width: 100_000, height: 100_000 }).bytes)).ok).toBe(false);
  });
});
