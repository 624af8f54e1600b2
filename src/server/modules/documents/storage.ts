import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { Db, Queryable } from '../../db/index.ts';
import type { DocumentSettings, S3Settings } from './config.ts';

/**
 * Where a document's bytes live, behind one small interface: PostgreSQL (the default;
 * `document_contents`, written in the transaction that records the document) or an
 * S3-compatible bucket when S3_BUCKET is set. Keys are opaque ids chosen by the server,
 * never a name or anything a client sent. Files are at most DOCUMENTS_MAX_MB, so bodies
 * are handled whole in memory (no temporary files, F1).
 */

export type StorageKind = 'postgres' | 's3';
export type Stored = { size: number; sha256: string };

export interface DocumentStorage {
  readonly kind: StorageKind;
  /**
   * true: put and delete take part in the caller's transaction (`tx`), so the bytes exist
   * exactly when the row does. false: they happen at once, outside any transaction, and a
   * caller whose transaction fails deletes what it put.
   */
  readonly transactional: boolean;
  put(key: string, body: Buffer | Readable, tx?: Queryable): Promise<Stored>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string, tx?: Queryable): Promise<Buffer | null>;
  delete(key: string, tx?: Queryable): Promise<void>;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function bytesOf(body: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

const asBuffer = (value: Uint8Array): Buffer =>
  Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/**
 * PGlite moves a bytea parameter or column through JavaScript slowly (about 7 s for
 * 25 MB); as base64 text, which the database decodes itself, it takes a quarter of that.
 * node-postgres sends a Buffer as binary and reads bytea fast, so it keeps bytea.
 */
const STATEMENTS = {
  pglite: {
    put: {
      name: 'document-content-put-b64',
      text: `insert into document_contents (storage_key, content) values ($1, decode($2, 'base64'))`,
    },
    get: {
      name: 'document-content-get-b64',
      text: `select encode(content, 'base64') as content from document_contents where storage_key = $1`,
    },
  },
  postgres: {
    put: {
      name: 'document-content-put',
      text: 'insert into document_contents (storage_key, content) values ($1, $2)',
    },
    get: {
      name: 'document-content-get',
      text: 'select content from document_contents where storage_key = $1',
    },
  },
} as const;

export function createPostgresStorage(db: Db): DocumentStorage {
  const pglite = db.kind === 'pglite';
  const sql = STATEMENTS[db.kind];
  return {
    kind: 'postgres',
    transactional: true,
    async put(key, body, tx = db) {
      const bytes = await bytesOf(body);
      await tx.query(sql.put, [key, pglite ? bytes.toString('base64') : bytes]);
      return { size: bytes.length, sha256: sha256Hex(bytes) };
    },
    async get(key, tx = db) {
      const [row] = await tx.query<{ content: Uint8Array | string }>(sql.get, [key]);
      if (!row) return null;
      return typeof row.content === 'string'
        ? Buffer.from(row.content, 'base64')
        : asBuffer(row.content);
    },
    async delete(key, tx = db) {
      await tx.query(
        {
          name: 'document-content-delete',
          text: 'delete from document_contents where storage_key = $1',
        },
        [key],
      );
    },
  };
}

export function createS3Storage(settings: S3Settings): DocumentStorage & { client: S3Client } {
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.accessKeyId && settings.secretAccessKey
      ? {
          credentials: {
            accessKeyId: settings.accessKeyId,
            secretAccessKey: settings.secretAccessKey,
          },
        }
      : {}),
    // Many S3-compatible stores do not know the SDK's newer default checksums; the
    // SHA-256 kept per document is checked on every download instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;
  return {
    kind: 's3',
    transactional: false,
    client,
    async put(key, body) {
      const bytes = await bytesOf(body);
      // No name, type or plan in the object's metadata: the bucket holds bytes only.
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: 'application/octet-stream',
        }),
      );
      return { size: bytes.length, sha256: sha256Hex(bytes) };
    },
    async get(key) {
      try {
        const result = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!result.Body) return null;
        return asBuffer(await result.Body.transformToByteArray());
      } catch (error) {
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) {
          return null;
        }
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

/** The storage new documents go to, and the storage that holds a stored document's bytes. */
export type Storages = {
  current: DocumentStorage;
  /** null when the document's storage is not configured any more (S3 settings removed). */
  of(kind: StorageKind): DocumentStorage | null;
  close(): void;
};

export function storagesFrom(settings: DocumentSettings, db: Db): Storages {
  const postgres = createPostgresStorage(db);
  const s3 = settings.s3 ? createS3Storage(settings.s3) : null;
  return {
    current: s3 ?? postgres,
    of: (kind) => (kind === 'postgres' ? postgres : s3),
    close: () => s3?.client.destroy(),
  };
}
