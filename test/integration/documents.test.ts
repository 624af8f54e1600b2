import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentData } from '../../src/shared/schemas/documents.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld, planAudit, recorder } from '../helpers/plans.ts';
import {
  BARE_SVG,
  ELF,
  HTML,
  heicPhoto,
  minimalDocx,
  minimalOdt,
  minimalPdf,
  minimalXlsx,
  multipart,
  photoJpeg,
  photoPng,
  SVG,
  streamingMultipart,
  upload,
  uploaded,
  WINDOWS_EXE,
  zip,
} from './documents-fixtures.ts';
import { errorFields } from './people-factories.ts';

/**
 * Documents through the API: the file cases of SECURITY.md (F1–F6, F10, I4, I9) and the
 * issue's acceptance lines — a real PDF accepted and downloaded byte-identical, a 30 MB
 * upload 413 with nothing left behind, an executable renamed .pdf 415, `../../etc/passwd`
 * and a right-to-left override stored under clean names. Who may do what is in
 * documents-access.test.ts; quota and scanner in documents-limits.test.ts; storage in
 * documents-storage.test.ts.
 */

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  r = recorder(t);
});
afterAll(async () => {
  try {
    r.expectNoLeaks(w.canaries);
  } finally {
    await t.close();
  }
});

const base = (planId = w.plan.id) => `/api/plans/${planId}/documents`;

async function download(doc: DocumentData, cookie = w.coord.cookie) {
  return r.call('GET', `${base(doc.planId)}/${doc.id}/content`, cookie);
}

async function counts() {
  const [row] = await t.db.query<{ documents: number; contents: number }>(
    `select (select count(*)::int from documents) as documents,
            (select count(*)::int from document_contents) as contents`,
  );
  return row;
}

describe('uploading and downloading', () => {
  it('F2: a real PDF is accepted and downloads byte-identical', async () => {
    const pdf = minimalPdf('Referat fra ansvarsgruppen');
    // It is a real PDF: a PDF library reads its text.
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    expect(text).toContain('Referat fra ansvarsgruppen');

    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'Referat.pdf', pdf);
    expect(doc).toMatchObject({
      planId: w.plan.id,
      name: 'Referat.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
      mine: true,
      uploadedBy: { name: w.coord.name, role: 'coordinator', removed: false },
    });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    const res = await download(doc, w.owner.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(pdf.length));
  });

  it('F3, F4: downloads are attachments, never sniffed, sandboxed, with filename*', async () => {
    const doc = await uploaded(
      t,
      w.plan.id,
      w.owner.cookie,
      'Møtenotat «mai».txt',
      Buffer.from('Hei\n'),
    );
    expect(doc.name).toBe('Møtenotat «mai».txt');
    const res = await download(doc);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="M_tenotat _mai_.txt"; filename*=UTF-8''M%C3%B8tenotat%20%C2%ABmai%C2%BB.txt`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(
      String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim()),
    ).toContain('sandbox');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toBe('Hei\n');
  });

  it('F5: DOCX, XLSX and ODT are recognised from their archives; HEIC and PNG from their signatures', async () => {
    const cases: [string, Buffer, string][] = [
      [
        'Vedtak.docx',
        minimalDocx(),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      [
        'Timeliste.xlsx',
        minimalXlsx(),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
      ['Plan.odt', minimalOdt(), 'application/vnd.oasis.opendocument.text'],
      ['IMG_0001.HEIC', heicPhoto().bytes, 'image/heic'],
      ['skjerm.png', photoPng(), 'image/png'],
    ];
    for (const [name, bytes, type] of cases) {
      const doc = await uploaded(t, w.plan.id, w.coord.cookie, name, bytes);
      expect(doc, name).toMatchObject({ name, contentType: type });
    }
    // The declared type and the name play no part: a DOCX sent as text/plain named .bin.
    const res = await upload(
      t,
      w.plan.id,
      w.coord.cookie,
      multipart('vedtak.bin', minimalDocx(), { declaredType: 'text/plain' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'vedtak.bin.docx' });
  });

  it('F5: other archives, macro documents and encrypted ones are refused (415)', async () => {
    const archives = [
      zip([{ name: 'notat.txt', data: 'hei' }]),
      minimalDocx('application/vnd.ms-word.document.macroEnabled.main+xml'),
      zip([
        { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
        { name: 'content.xml', data: 'x', flags: 1 },
      ]),
    ];
    for (const bytes of archives) {
      const res = await upload(t, w.plan.id, w.coord.cookie, multipart('arkiv.docx', bytes));
      expect(res.statusCode).toBe(415);
    }
  });

  it('D2: lists newest first, paged with a cursor; limit=1e9 is 400', async () => {
    for (let i = 0; i < 3; i += 1) {
      await uploaded(t, w.plan.id, w.coord.cookie, `side-${i}.txt`, Buffer.from(`side ${i}`));
    }
    const first = await r.call('GET', `${base()}?limit=2`, w.coord.cookie);
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as { items: DocumentData[]; next: string | null };
    expect(page1.items.map((d) => d.name)).toEqual(['side-2.txt', 'side-1.txt']);
    expect(page1.next).not.toBeNull();
    const second = await r.call('GET', `${base()}?limit=2&before=${page1.next}`, w.coord.cookie);
    const page2 = second.json() as { items: DocumentData[] };
    expect(page2.items[0]?.name).toBe('side-0.txt');
    const bad = await r.call('GET', `${base()}?before=nonsense`, w.coord.cookie);
    expect(bad.statusCode).toBe(400);
    const huge = await r.call('GET', `${base()}?limit=1000000000`, w.coord.cookie);
    expect(huge.statusCode).toBe(400);
  });

  it('I1: metadata of one document; unknown fields of the list query are 400', async () => {
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'a.txt', Buffer.from('a'));
    const res = await r.call('GET', `${base()}/${doc.id}`, w.guardian.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: doc.id, name: 'a.txt', mine: false });
    const extra = await r.call('GET', `${base()}?planId=${w.otherPlan.id}`, w.coord.cookie);
    expect(extra.statusCode).toBe(400);
  });
});

describe('F1, D1: the size limit while streaming', () => {
  it('a 30 MB upload is refused (413) while it streams; no temporary file, no row, no bytes', async () => {
    const before = await counts();
    const tmp = mkdtempSync(path.join(tmpdir(), 'samvirke-upload-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      expect(tmpdir()).toBe(tmp);
      const body = streamingMultipart(30 * 1024 * 1024);
      const res = await t.app.inject({
        method: 'POST',
        url: base(),
        headers: {
          cookie: w.coord.cookie,
          origin: t.config.publicUrl,
          'content-type': body.contentType,
        },
        payload: body.stream,
      });
      expect(res.statusCode).toBe(413);
      expect(res.headers.connection).toBe('close');
      expect(errorFields(res)).toEqual(['file']);
      // Refused at the limit: the last 5 MB were never asked for.
      expect(body.pulled()).toBeLessThan(26 * 1024 * 1024);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(tmp, { recursive: true, force: true });
    }
    expect(await counts()).toEqual(before);
    const refused = await planAudit(t, w.plan.id, 'document.refused');
    expect(refused.at(-1)).toMatchObject({
      actor_id: w.coord.id,
      outcome: 'failed',
      details: { reason: 'size' },
    });
  });

  it('D1: over a real connection the 413 arrives while the client still sends; the rest is never read', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const boundary = 'samvirkeBoundary';
    const total = 60 * 1024 * 1024;
    let sent = 0;
    let answered = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: base(),
          headers: {
            cookie: w.coord.cookie,
            origin: t.config.publicUrl,
            'content-type': `multipart/form-data; boundary=${boundary}`,
          },
        },
        (res) => {
          answered = res.statusCode ?? 0;
          res.resume();
          res.on('end', () => resolve(answered));
        },
      );
      // Writing on after the server closed may fail; the answer is what counts.
      req.on('error', (error) => (answered ? resolve(answered) : reject(error)));
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stor.txt"\r\n\r\n`,
      );
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(total);
  });

  it('a declared Content-Length over the limit is refused before a byte is read', async () => {
    const body = streamingMultipart(30 * 1024 * 1024);
    const res = await t.app.inject({
      method: 'POST',
      url: base(),
      headers: {
        cookie: w.coord.cookie,
        origin: t.config.publicUrl,
        'content-type': body.contentType,
        'content-length': String(30 * 1024 * 1024 + 300),
      },
      payload: body.stream,
    });
    expect(res.statusCode).toBe(413);
    expect(body.pulled()).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('F2, F3: the kind comes from the content, never the name or declared type', () => {
  it('an executable (ELF or MZ) renamed .pdf and declared application/pdf is 415', async () => {
    const before = await counts();
    for (const bytes of [ELF, WINDOWS_EXE]) {
      const res = await upload(
        t,
        w.plan.id,
        w.coord.cookie,
        multipart('faktura.pdf', bytes, { declaredType: 'application/pdf' }),
      );
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(errorFields(res)).toEqual(['file']);
    }
    expect(await counts()).toEqual(before);
  });

  it('HTML and SVG are refused (415), whatever they are called', async () => {
    for (const [name, bytes] of [
      ['side.html', HTML],
      ['bilde.svg', SVG],
      ['bilde.png', BARE_SVG],
      ['notat.txt', HTML],
    ] as const) {
      const res = await upload(t, w.plan.id, w.coord.cookie, multipart(name, bytes));
      expect(res.statusCode, name).toBe(415);
    }
  });

  it('F2: an empty file is 400; a request without the file field, or with more parts, is 400', async () => {
    const empty = await upload(t, w.plan.id, w.coord.cookie, multipart('tom.txt', Buffer.alloc(0)));
    expect(empty.statusCode).toBe(400);
    const wrongField = await upload(
      t,
      w.plan.id,
      w.coord.cookie,
      multipart('a.txt', Buffer.from('a'), { field: 'upload' }),
    );
    expect(wrongField.statusCode).toBe(400);
    const extra = await upload(
      t,
      w.plan.id,
      w.coord.cookie,
      multipart('a.txt', Buffer.from('a'), { extraField: true }),
    );
    expect(extra.statusCode).toBe(400);
  });

  it('F2: a JSON body is 415: the route takes multipart only, and the rest of the API JSON only', async () => {
    const json = await r.call('POST', base(), w.coord.cookie, { file: 'x' });
    expect(json.statusCode).toBe(415);
    const messages = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/messages`,
      headers: {
        cookie: w.coord.cookie,
        origin: t.config.publicUrl,
        ...{ 'content-type': multipart('a.txt', Buffer.from('a')).contentType },
      },
      payload: multipart('a.txt', Buffer.from('a')).payload,
    });
    expect(messages.statusCode).toBe(415);
  });
});

describe('I9, I4: names are cleaned and stay plain text', () => {
  it('`../../etc/passwd` is stored as passwd.txt, and its download carries that name', async () => {
    const doc = await uploaded(
      t,
      w.plan.id,
      w.coord.cookie,
      '../../etc/passwd',
      Buffer.from('root:x:0:0\n'),
    );
    expect(doc.name).toBe('passwd.txt');
    const res = await download(doc);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''passwd.txt`);
  });

  it('a right-to-left override cannot disguise an executable name', async () => {
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'faktura\u202Efdp.exe', minimalPdf());
    expect(doc.name).toBe('fakturafdp.exe.pdf');
    for (const c of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2069',
      '\u200B',
    ]) {
      const named = await uploaded(t, w.plan.id, w.coord.cookie, `a${c}b.txt`, Buffer.from('x'));
      expect(named.name).toBe('ab.txt');
    }
  });

  it('I4: a name with markup comes back as plain JSON text, and downloads as an attachment', async () => {
    const name = '<img src=x onerror=alert(1)><script>alert(1)<\\script>.txt';
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, name, Buffer.from('x'));
    // The backslash is a path separator: what follows it is the name.
    expect(doc.name).toBe('script>.txt');
    const markup = '<img src=x onerror=alert(1)> & <svg onload=alert(1)>.pdf';
    const withMarkup = await uploaded(t, w.plan.id, w.coord.cookie, markup, minimalPdf());
    expect(withMarkup.name).toBe(markup);
    const res = await r.call('GET', `${base()}/${withMarkup.id}`, w.owner.cookie);
    expect(res.headers['content-type']).toContain('application/json');
    expect((res.json() as DocumentData).name).toBe(markup);
    const content = await download(withMarkup);
    expect(content.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*";/);
    expect(content.headers['content-disposition']).not.toContain('<');
  });

  it('L4, I8: no file name, national id or content reaches the logs', async () => {
    const secret = 'Diagnose-og-fnr-12345678901.txt';
    await uploaded(t, w.plan.id, w.coord.cookie, secret, Buffer.from('hemmelig innhold'));
    const logs = JSON.stringify(t.logs);
    expect(logs).not.toContain('Diagnose-og-fnr');
    expect(logs).not.toContain('hemmelig innhold');
    expect(logs).not.toContain('passwd');
  });
});

describe('F10: photos lose their location', () => {
  it('F10: a JPEG is stored without Exif GPS, XMP or IPTC; the picture and orientation stay', async () => {
    const { bytes } = photoJpeg();
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'IMG_2041.jpg', bytes);
    expect(doc.contentType).toBe('image/jpeg');
    const res = await download(doc);
    expect(res.statusCode).toBe(200);
    const stored = res.rawPayload;
    expect(stored.length).toBe(doc.size);
    expect(stored.length).toBeLessThan(bytes.length);
    for (const gone of ['GPS', 'xap/1.0', 'Photoshop', 'Oslo']) {
      expect(stored.includes(Buffer.from(gone, 'latin1')), gone).toBe(false);
    }
    expect(stored.includes(Buffer.from([0, 0, 0, 59, 0, 0, 0, 1]))).toBe(false);
    expect(stored.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true); // orientation only
  });

  it('F10: a PNG is stored without its eXIf chunk', async () => {
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'kart.png', photoPng());
    const res = await download(doc);
    expect(res.rawPayload.includes(Buffer.from('eXIf'))).toBe(false);
  });

  it('F10: a HEIC is stored with its Exif item blanked, its picture untouched', async () => {
    const heic = heicPhoto();
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'IMG_4711.HEIC', heic.bytes);
    const res = await download(doc);
    expect(res.rawPayload.length).toBe(heic.bytes.length);
    const { at, length } = heic.exif;
    expect(res.rawPayload.subarray(at, at + length).equals(Buffer.alloc(length))).toBe(true);
    const picture = heic.picture;
    expect(
      res.rawPayload
        .subarray(picture.at, picture.at + picture.length)
        .equals(heic.bytes.subarray(picture.at, picture.at + picture.length)),
    ).toBe(true);
  });

  it('F6: a pixel flood is refused (415)', async () => {
    const res = await upload(
      t,
      w.plan.id,
      w.coord.cookie,
      multipart('flom.png', photoPng({ width: 100_000, height: 100_000 })),
    );
    expect(res.statusCode).toBe(415);
  });
});

describe('deleting, events and the integrity check', () => {
  it('F9: a delete keeps the record for the audit trail, removes the bytes, and the document is gone (404)', async () => {
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'slett.txt', Buffer.from('slett meg'));
    const res = await r.call('DELETE', `${base()}/${doc.id}`, w.owner.cookie);
    expect(res.statusCode).toBe(204);
    const [row] = await t.db.query<{ deleted_by: string; name: string; contents: number }>(
      `select d.deleted_by, d.name,
         (select count(*)::int from document_contents c where c.storage_key = d.storage_key) as contents
       from documents d where d.id = $1`,
      [doc.id],
    );
    expect(row).toEqual({ deleted_by: w.owner.id, name: 'slett.txt', contents: 0 });
    for (const url of [`${base()}/${doc.id}`, `${base()}/${doc.id}/content`]) {
      expect((await r.call('GET', url, w.coord.cookie)).statusCode).toBe(404);
    }
    expect((await r.call('DELETE', `${base()}/${doc.id}`, w.coord.cookie)).statusCode).toBe(404);
    const list = (await r.call('GET', `${base()}?limit=200`, w.coord.cookie)).json() as {
      items: DocumentData[];
    };
    expect(list.items.map((d) => d.id)).not.toContain(doc.id);
    const audit = await planAudit(t, w.plan.id, 'document.deleted');
    expect(audit.filter((a) => a.object_id === doc.id)).toHaveLength(1);
  });

  it('Z4: records document.created and document.deleted plan events for the documents section (re-checked per reader)', async () => {
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'hendelse.txt', Buffer.from('x'));
    await r.call('DELETE', `${base()}/${doc.id}`, w.coord.cookie);
    const events = await t.db.query<{ type: string; section: string; audience: string[] | null }>(
      'select type, section, audience from plan_events where subject_id = $1 order by id',
      [doc.id],
    );
    expect(events).toEqual([
      { type: 'document.created', section: 'documents', audience: null },
      { type: 'document.deleted', section: 'documents', audience: null },
    ]);
  });

  it('SHA-256: bytes that no longer match are never served: 500, logged by id only', async () => {
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'Epikrise Ola.pdf', minimalPdf());
    await t.db.query(
      `update document_contents set content = $2
       where storage_key = (select storage_key from documents where id = $1)`,
      [doc.id, Buffer.from(minimalPdf('Endret i smug'))],
    );
    const res = await download(doc);
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).not.toContain('Endret');
    const line = t.logs.find((l) => l.msg === 'document failed its integrity check; not served');
    expect(line).toMatchObject({ documentId: doc.id, storage: 'postgres' });
    expect(JSON.stringify(t.logs)).not.toContain('Epikrise');
    const audit = await planAudit(t, w.plan.id, 'document.integrityFailed');
    expect(audit.at(-1)).toMatchObject({ object_id: doc.id, outcome: 'failed' });
  });

  it('L1: each list, metadata read and download leaves one audit row; uploads and deletes too', async () => {
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'revisjon.txt', Buffer.from('x'));
    expect(
      (await planAudit(t, w.plan.id, 'document.uploaded')).filter((a) => a.object_id === doc.id),
    ).toHaveLength(1);
    for (const [url, action] of [
      [base(), 'document.list'],
      [`${base()}/${doc.id}`, 'document.read'],
      [`${base()}/${doc.id}/content`, 'document.downloaded'],
    ] as const) {
      const before = (await planAudit(t, w.plan.id, action)).length;
      expect((await r.call('GET', url, w.relative.cookie)).statusCode).toBe(200);
      const after = await planAudit(t, w.plan.id, action);
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)).toMatchObject({
        actor_id: w.relative.id,
        actor_role: 'relative',
        section: 'documents',
        outcome: 'ok',
      });
    }
  });
});
