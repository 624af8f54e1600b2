import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import type { Db } from '../../src/server/db/index.ts';
import {
  createPostgresStorage,
  createS3Storage,
  type DocumentStorage,
} from '../../src/server/modules/documents/storage.ts';
import type { DocumentData } from '../../src/shared/schemas/documents.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';
import { minimalPdf, uploaded } from './documents-fixtures.ts';

/**
 * The storage interface (put → size and SHA-256, get, delete), as one contract run on
 * both implementations: PostgreSQL (the test database, PGlite or a server) and S3 —
 * against a small in-test fake of the S3 HTTP API, which the real AWS SDK talks to. Then
 * the app configured with S3 end to end.
 */

type FakeS3 = {
  url: string;
  objects: Map<string, Buffer>;
  puts: IncomingHttpHeaders[];
  close(): Promise<void>;
};

/** Path-style S3: PUT, GET, HEAD, DELETE /bucket/key; a missing key is 404 NoSuchKey. */
async function fakeS3(): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const puts: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    const key = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const found = objects.get(key);
      if (req.method === 'PUT') {
        objects.set(key, Buffer.concat(chunks));
        puts.push(req.headers);
        res.writeHead(200, { etag: '"x"' }).end();
      } else if ((req.method === 'GET' || req.method === 'HEAD') && found) {
        res.writeHead(200, {
          'content-length': String(found.length),
          'content-type': 'application/octet-stream',
        });
        res.end(req.method === 'GET' ? found : undefined);
      } else if (req.method === 'DELETE') {
        objects.delete(key);
        res.writeHead(204).end();
      } else {
        res
          .writeHead(404, { 'content-type': 'application/xml' })
          .end(
            '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
          );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    puts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const S3_ENV = (url: string) => ({
  S3_ENDPOINT: url,
  S3_BUCKET: 'samvirke-test',
  S3_REGION: 'eu-north-1',
  S3_ACCESS_KEY_ID: 'test-access-key',
  S3_SECRET_ACCESS_KEY: 'test-secret-key-for-the-fake-only',
  S3_FORCE_PATH_STYLE: 'true',
});

let s3: FakeS3;
let testDb: TestDb;
beforeAll(async () => {
  s3 = await fakeS3();
  testDb = await createTestDb();
});
afterAll(async () => {
  await s3.close();
  await testDb.drop();
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function contract(name: string, make: () => DocumentStorage, db: () => Db) {
  describe(`the storage contract: ${name}`, () => {
    it('put returns size and SHA-256; get returns the same bytes; delete removes them', async () => {
      const storage = make();
      const bytes = Buffer.from(minimalPdf());
      const key = crypto.randomUUID();
      expect(await storage.put(key, bytes)).toEqual({ size: bytes.length, sha256: sha(bytes) });
      const back = await storage.get(key);
      expect(back?.equals(bytes)).toBe(true);
      await storage.delete(key);
      expect(await storage.get(key)).toBeNull();
    });

    it('put takes a stream as well as a buffer; binary bytes survive (all 256 values)', async () => {
      const storage = make();
      const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
      const key = crypto.randomUUID();
      const stream = Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]);
      expect(await storage.put(key, stream)).toEqual({ size: bytes.length, sha256: sha(bytes) });
      expect((await storage.get(key))?.equals(bytes)).toBe(true);
    });

    it('get of an unknown key is null', async () => {
      expect(await make().get(crypto.randomUUID())).toBeNull();
    });

    it('a transactional storage writes nothing when the transaction rolls back', async () => {
      const storage = make();
      if (!storage.transactional) return;
      const key = crypto.randomUUID();
      await expect(
        db().transaction(async (tx) => {
          await storage.put(key, Buffer.from('x'), tx);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await storage.get(key)).toBeNull();
    });
  });
}

contract(
  'PostgreSQL',
  () => createPostgresStorage(testDb.db),
  () => testDb.db,
);
contract(
  'S3 (an in-test fake of its HTTP API)',
  () =>
    createS3Storage({
      endpoint: s3.url,
      bucket: 'samvirke-test',
      region: 'eu-north-1',
      accessKeyId: 'test-access-key',
      secretAccessKey: 'test-secret-key',
      forcePathStyle: true,
    }),
  () => testDb.db,
);

describe('the app with S3 configured', () => {
  let t: TestApp;
  let w: PlanWorld;
  beforeAll(async () => {
    t = await createTestApp(S3_ENV(s3.url));
    w = await buildPlanWorld(t);
  });
  afterAll(() => t.close());

  it('stores new documents in the bucket, bytes only; downloads them byte-identical; delete removes them', async () => {
    const pdf = minimalPdf('I bøtta');
    s3.puts.length = 0;
    const doc: DocumentData = await uploaded(t, w.plan.id, w.coord.cookie, 'Bøtte.pdf', pdf);
    const [row] = await t.db.query<{ storage: string; storage_key: string; contents: number }>(
      `select storage, storage_key,
         (select count(*)::int from document_contents c where c.storage_key = d.storage_key) as contents
       from documents d where id = $1`,
      [doc.id],
    );
    expect(row).toMatchObject({ storage: 's3', contents: 0 });
    expect(s3.objects.get(`/samvirke-test/${row?.storage_key}`)?.equals(pdf)).toBe(true);
    // No name, plan or type in the object's metadata.
    const headers = JSON.stringify(s3.puts);
    expect(headers).not.toContain('x-amz-meta');
    expect(headers).not.toContain('B%C3%B8tte');
    expect(headers).not.toContain(w.plan.id);

    const res = await t.app.inject({
      method: 'GET',
      url: `/api/plans/${w.plan.id}/documents/${doc.id}/content`,
      headers: { cookie: w.owner.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf)).toBe(true);

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/plans/${w.plan.id}/documents/${doc.id}`,
      headers: { cookie: w.coord.cookie, origin: t.config.publicUrl },
    });
    expect(del.statusCode).toBe(204);
    expect(s3.objects.has(`/samvirke-test/${row?.storage_key}`)).toBe(false);
  });

  it('bytes changed in the bucket are not served (500); missing ones neither', async () => {
    const doc = await uploaded(t, w.plan.id, w.coord.cookie, 'Endres.pdf', minimalPdf());
    const [row] = await t.db.query<{ key: string }>(
      'select storage_key as key from documents where id = $1',
      [doc.id],
    );
    const path = `/samvirke-test/${row?.key}`;
    s3.objects.set(path, minimalPdf('Forfalsket'));
    const url = `/api/plans/${w.plan.id}/documents/${doc.id}/content`;
    const changed = await t.app.inject({ method: 'GET', url, headers: { cookie: w.coord.cookie } });
    expect(changed.statusCode).toBe(500);
    s3.objects.delete(path);
    const missing = await t.app.inject({ method: 'GET', url, headers: { cookie: w.coord.cookie } });
    expect(missing.statusCode).toBe(500);
  });
});

describe('the settings', () => {
  const load = (env: Record<string, string>) => loadConfig({ APP_MODE: 'test', ...env });

  it('default: PostgreSQL, 25 MB per file, 500 MB per plan, no scanner', () => {
    expect(load({}).documents).toEqual({
      maxBytes: 25 * 1024 * 1024,
      planQuotaBytes: 500 * 1024 * 1024,
      scanner: 'none',
      s3: undefined,
    });
  });

  it('S3 when S3_BUCKET is set; keys both or neither; an endpoint needs a bucket', () => {
    expect(load(S3_ENV('https://minio.example.no')).documents.s3).toEqual({
      endpoint: 'https://minio.example.no',
      bucket: 'samvirke-test',
      region: 'eu-north-1',
      accessKeyId: 'test-access-key',
      secretAccessKey: 'test-secret-key-for-the-fake-only',
      forcePathStyle: true,
    });
    expect(() => load({ S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'k' })).toThrow(ConfigError);
    expect(() => load({ S3_ENDPOINT: 'https://minio.example.no' })).toThrow(/S3_BUCKET/);
    expect(() => load({ DOCUMENTS_MAX_MB: '0' })).toThrow(/DOCUMENTS_MAX_MB/);
    expect(() => load({ DOCUMENTS_SCANNER: 'clamav' })).toThrow(/DOCUMENTS_SCANNER/);
    // A secret in a bad value is never echoed.
    try {
      load({ S3_BUCKET: 'b-1', S3_SECRET_ACCESS_KEY: 'very-secret-value' });
    } catch (error) {
      expect(String(error)).not.toContain('very-secret-value');
    }
  });
});
