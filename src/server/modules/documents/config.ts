/** The documents settings, as read from the environment by the central config. */

export const DOCUMENT_SCANNERS = ['none', 'marker'] as const;
export type DocumentScannerName = (typeof DOCUMENT_SCANNERS)[number];

export type S3Settings = {
  /** S3_ENDPOINT: an S3-compatible service (MinIO, Ceph …); unset: AWS's own endpoint. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together; unset: the SDK's own chain. */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** S3_FORCE_PATH_STYLE: `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO). */
  forcePathStyle: boolean;
};

export type DocumentSettings = {
  /** DOCUMENTS_MAX_MB in bytes: a larger upload is refused (413) while it streams. */
  maxBytes: number;
  /** DOCUMENTS_PLAN_QUOTA_MB in bytes: what one plan's documents may hold together (F7). */
  planQuotaBytes: number;
  /** DOCUMENTS_SCANNER: `none`, or `marker` (refuses the EICAR test string; F8). */
  scanner: DocumentScannerName;
  /** Set when S3_BUCKET is: new documents go to object storage instead of PostgreSQL. */
  s3: S3Settings | undefined;
};

export const MIB = 1024 * 1024;
