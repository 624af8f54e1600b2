import path from 'node:path';
import { z } from 'zod';
import type { DeliverySettings } from './modules/delivery/config.ts';
import { DOCUMENT_SCANNERS, type DocumentSettings, MIB } from './modules/documents/config.ts';

/**
 * All configuration, read from the environment once at start-up and validated.
 * Nothing else in the server reads process.env; it receives a Config.
 */

export const APP_MODES = ['development', 'training', 'test', 'production'] as const;
export type AppMode = (typeof APP_MODES)[number];

/** Values that are published in the README and must never be used in production. */
export const DEMO_SECRET_PREFIX = 'demo-only-';

const port = z.coerce
  .number({ error: 'must be a whole number between 1 and 65535' })
  .int({ error: 'must be a whole number between 1 and 65535' })
  .min(0, { error: 'must be a whole number between 0 and 65535' })
  .max(65535, { error: 'must be a whole number between 0 and 65535' });

const positiveInt = z.coerce
  .number({ error: 'must be a whole number' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be zero or more' });

const quietHours = z.string().regex(/^$|^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/, {
  error: 'must look like 22-07 (hours, Norwegian time), or be empty',
});

const secret = z.string().min(32, { error: 'must be at least 32 characters' });

const schema = z.object({
  APP_MODE: z.enum(APP_MODES, { error: `must be one of ${APP_MODES.join(', ')}` }),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must start with postgres:// or postgresql://' })
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z
    .url({ error: 'must be an absolute URL such as https://samvirke.example.no' })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  DB_POOL_SIZE: positiveInt.default(10),
  SESSION_SECRET: secret.optional(),
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, { error: 'must be 32 bytes in base64 (44 characters)' })
    .optional(),
  LOOKUP_HASH_KEY: secret.optional(),
  SESSION_IDLE_MINUTES: positiveInt.default(30),
  SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
  QUIET_HOURS: quietHours.default('22-07'),
  NOTIFY_BATCH_SECONDS: positiveInt.default(300),
  EVENTS_HEARTBEAT_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0.05, { error: 'must be at least 0.05 seconds' })
    .max(3600, { error: 'must be at most 3600 seconds' })
    .default(20),
  METRICS_PORT: port.optional(),
  IDPORTEN_ISSUER: z
    .url({ error: 'must be the issuer URL, e.g. https://test.idporten.no' })
    .optional(),
  IDPORTEN_CLIENT_ID: z.string().min(1).optional(),
  IDPORTEN_CLIENT_SECRET: z
    .string()
    .min(16, { error: 'must be at least 16 characters' })
    .optional(),
  IDPORTEN_CLIENT_JWK: z
    .string()
    .refine((value) => isJsonObject(value), { error: 'must be a private JWK as JSON' })
    .optional(),
  IDPORTEN_ACR_VALUES: z
    .enum(['idporten-loa-substantial', 'idporten-loa-high'])
    .default('idporten-loa-high'),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: port.default(587),
  SMTP_SECURE: z.enum(['true', 'false']).default('false'),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASS: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).optional(),
  SMS_GATEWAY_URL: z.url({ error: 'must be the gateway URL' }).optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  SMS_SENDER: z.string().min(1).max(11).default('Samvirke'),
  DOCUMENTS_MAX_MB: positiveInt.min(1, { error: 'must be at least 1' }).default(25),
  DOCUMENTS_PLAN_QUOTA_MB: positiveInt.min(1, { error: 'must be at least 1' }).default(500),
  DOCUMENTS_SCANNER: z
    .enum(DOCUMENT_SCANNERS, { error: `must be one of ${DOCUMENT_SCANNERS.join(', ')}` })
    .default('none'),
  S3_ENDPOINT: z.url({ error: 'must be the object storage URL' }).optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
});

function isJsonObject(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

type Env = z.infer<typeof schema>;

export type Secrets = {
  sessionSecret: string;
  dataEncryptionKey: string;
  lookupHashKey: string;
};

export type Config = {
  mode: AppMode;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  logLevel: Env['LOG_LEVEL'];
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  dbPoolSize: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  quietHours: string;
  notifyBatchSeconds: number;
  /** How often open event streams get a heartbeat (and their session is checked again). */
  eventsHeartbeatSeconds: number;
  metricsPort: number | undefined;
  secrets: Secrets;
  idporten: IdportenSettings;
  delivery: DeliverySettings;
  documents: DocumentSettings;
  /** true outside production: test ID-porten, outbox, demo data and demo passwords exist. */
  devToolsEnabled: boolean;
};

export type IdportenSettings = {
  /** undefined outside production: the built-in test ID-porten at PUBLIC_URL/test-idp. */
  issuer: string | undefined;
  clientId: string;
  clientSecret: string | undefined;
  /** Private JWK (JSON) for private_key_jwt client authentication, ID-porten's recommendation. */
  clientJwk: string | undefined;
  acrValues: 'idporten-loa-substantial' | 'idporten-loa-high';
  redirectUri: string;
};

/** Secrets for non-production modes so that `npm start` works with no setup. Refused in production. */
const DEMO_SECRETS: Secrets = {
  sessionSecret: `${DEMO_SECRET_PREFIX}session-secret-0000000000000000`,
  dataEncryptionKey: 'ZGVtby1vbmx5LWRhdGEta2V5LW5vdC1mb3ItcHJvZCE=',
  lookupHashKey: `${DEMO_SECRET_PREFIX}lookup-hash-key-000000000000000`,
};

const SECRET_VARS = {
  sessionSecret: 'SESSION_SECRET',
  dataEncryptionKey: 'DATA_ENCRYPTION_KEY',
  lookupHashKey: 'LOOKUP_HASH_KEY',
} as const satisfies Record<keyof Secrets, keyof Env>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates configuration. Throws a ConfigError whose message is one line
 * naming the setting and what is wrong with it.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  // QUIET_HOURS may be deliberately empty (no quiet hours).
  if (env.QUIET_HOURS === '') cleaned.QUIET_HOURS = '';
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'configuration';
    const given = typeof issue?.path[0] === 'string' ? cleaned[issue.path[0]] : undefined;
    const shown =
      given === undefined || /SECRET|KEY|URL|PASS|TOKEN/.test(name) ? '' : ` (got "${given}")`;
    throw new ConfigError(`Invalid setting ${name}: ${issue?.message ?? 'invalid'}${shown}`);
  }
  const e = parsed.data;
  const production = e.APP_MODE === 'production';

  const secrets = {} as Secrets;
  for (const [key, variable] of Object.entries(SECRET_VARS) as [keyof Secrets, keyof Env][]) {
    const value = e[variable];
    if (production) {
      if (typeof value !== 'string') {
        throw new ConfigError(`Missing setting ${variable}: required in production`);
      }
      if (value === DEMO_SECRETS[key] || value.startsWith(DEMO_SECRET_PREFIX)) {
        throw new ConfigError(
          `Refused setting ${variable}: a demo value cannot be used in production`,
        );
      }
    }
    secrets[key] = typeof value === 'string' ? value : DEMO_SECRETS[key];
  }
  if (production && !e.PUBLIC_URL) {
    throw new ConfigError('Missing setting PUBLIC_URL: required in production');
  }
  if (production && e.PUBLIC_URL && !e.PUBLIC_URL.startsWith('https://')) {
    throw new ConfigError('Invalid setting PUBLIC_URL: must use https in production');
  }

  if (production) {
    for (const name of [
      'IDPORTEN_ISSUER',
      'IDPORTEN_CLIENT_ID',
      'SMTP_HOST',
      'SMTP_FROM',
      'SMS_GATEWAY_URL',
    ] as const) {
      if (!e[name]) throw new ConfigError(`Missing setting ${name}: required in production`);
    }
    if (!e.IDPORTEN_CLIENT_JWK && !e.IDPORTEN_CLIENT_SECRET) {
      throw new ConfigError(
        'Missing setting IDPORTEN_CLIENT_JWK (or IDPORTEN_CLIENT_SECRET): required in production',
      );
    }
  }

  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      'Invalid setting S3_ACCESS_KEY_ID: give it together with S3_SECRET_ACCESS_KEY, or neither',
    );
  }
  if (e.S3_ENDPOINT && !e.S3_BUCKET) {
    throw new ConfigError('Missing setting S3_BUCKET: required when S3_ENDPOINT is set');
  }

  const shownHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const publicUrl = (e.PUBLIC_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/$/, '');
  return {
    mode: e.APP_MODE,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    dbPoolSize: e.DB_POOL_SIZE,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    quietHours: e.QUIET_HOURS,
    notifyBatchSeconds: e.NOTIFY_BATCH_SECONDS,
    eventsHeartbeatSeconds: e.EVENTS_HEARTBEAT_SECONDS,
    metricsPort: e.METRICS_PORT,
    secrets,
    idporten: {
      issuer: e.IDPORTEN_ISSUER,
      clientId: e.IDPORTEN_CLIENT_ID ?? 'samvirke-local',
      clientSecret:
        e.IDPORTEN_CLIENT_SECRET ??
        (e.IDPORTEN_ISSUER ? undefined : `${DEMO_SECRET_PREFIX}test-idp-client`),
      clientJwk: e.IDPORTEN_CLIENT_JWK,
      acrValues: e.IDPORTEN_ACR_VALUES,
      redirectUri: `${publicUrl}/auth/idporten/callback`,
    },
    delivery: {
      mode: e.APP_MODE,
      smtpHost: e.SMTP_HOST,
      smtpPort: e.SMTP_PORT,
      smtpSecure: e.SMTP_SECURE === 'true',
      smtpUser: e.SMTP_USER,
      smtpPass: e.SMTP_PASS,
      smtpFrom: e.SMTP_FROM,
      smsGatewayUrl: e.SMS_GATEWAY_URL,
      smsGatewayToken: e.SMS_GATEWAY_TOKEN,
      smsSender: e.SMS_SENDER,
    },
    documents: {
      maxBytes: e.DOCUMENTS_MAX_MB * MIB,
      planQuotaBytes: e.DOCUMENTS_PLAN_QUOTA_MB * MIB,
      scanner: e.DOCUMENTS_SCANNER,
      s3: e.S3_BUCKET
        ? {
            endpoint: e.S3_ENDPOINT,
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
          }
        : undefined,
    },
    devToolsEnabled: !production,
  };
}

/** The settings table for the README and `--help`; kept beside the schema so they agree. */
export const SETTINGS_DOC: ReadonlyArray<[name: string, fallback: string, meaning: string]> = [
  ['APP_MODE', 'training (npm start)', 'development, training, test or production'],
  ['PORT', '3000', 'HTTP port'],
  ['HOST', '0.0.0.0', 'address to listen on'],
  ['DATABASE_URL', '(embedded PGlite)', 'PostgreSQL connection string'],
  ['DATA_DIR', './data', 'where PGlite and other local files live'],
  ['PUBLIC_URL', 'http://localhost:PORT', 'the address users reach; required in production'],
  ['LOG_LEVEL', 'info', 'pino log level'],
  ['BODY_LIMIT_BYTES', '1048576', 'largest JSON body accepted (413 above)'],
  ['REQUEST_TIMEOUT_MS', '30000', 'a request that takes longer is cut'],
  ['DB_POOL_SIZE', '10', 'PostgreSQL connections per app instance'],
  ['SESSION_SECRET', '(demo value)', 'signs cookies; required in production'],
  ['DATA_ENCRYPTION_KEY', '(demo value)', '32 bytes base64; encrypts national ids'],
  ['LOOKUP_HASH_KEY', '(demo value)', 'keys the look-up hash of national ids'],
  ['SESSION_IDLE_MINUTES', '30', 'idle session timeout'],
  ['SESSION_ABSOLUTE_HOURS', '12', 'absolute session limit'],
  ['QUIET_HOURS', '22-07', 'no notifications in these hours (Norwegian time); empty: none'],
  ['NOTIFY_BATCH_SECONDS', '300', 'gather notifications for one person; 0: none'],
  ['EVENTS_HEARTBEAT_SECONDS', '20', 'heartbeat (and session re-check) of open event streams'],
  ['METRICS_PORT', '(same port)', 'serve /metrics on a separate port instead'],
  ['IDPORTEN_ISSUER', '(built-in test ID-porten)', 'ID-porten issuer; required in production'],
  ['IDPORTEN_CLIENT_ID', 'samvirke-local', 'client id registered with ID-porten'],
  ['IDPORTEN_CLIENT_JWK', '(none)', 'private JWK for private_key_jwt (recommended)'],
  ['IDPORTEN_CLIENT_SECRET', '(test value)', 'client secret, if not private_key_jwt'],
  ['IDPORTEN_ACR_VALUES', 'idporten-loa-high', 'security level asked for and required'],
  ['SMTP_HOST', '(outbox)', 'SMTP server; outside production, absent means the outbox'],
  ['SMTP_PORT', '587', 'SMTP port'],
  ['SMTP_SECURE', 'false', 'true for implicit TLS (port 465)'],
  ['SMTP_USER / SMTP_PASS', '(none)', 'SMTP credentials'],
  [
    'SMTP_FROM',
    'ikke-svar@samvirke.localhost',
    'sender address of e-mail (shown as "Samvirke"); required in production',
  ],
  ['SMS_GATEWAY_URL', '(outbox)', 'HTTP SMS gateway; outside production, absent means the outbox'],
  ['SMS_GATEWAY_TOKEN', '(none)', 'gateway credentials: user:password (Basic) or a bearer token'],
  ['SMS_SENDER', 'Samvirke', 'SMS sender name (max 11 characters)'],
  ['DOCUMENTS_MAX_MB', '25', 'largest document upload (413 above, refused while it streams)'],
  ['DOCUMENTS_PLAN_QUOTA_MB', '500', 'what the documents of one plan may hold together'],
  ['DOCUMENTS_SCANNER', 'none', 'none, or marker (refuses the EICAR test file; tests the hook)'],
  ['S3_BUCKET', '(PostgreSQL)', 'store new documents in this S3-compatible bucket instead'],
  ['S3_ENDPOINT', '(AWS)', 'S3-compatible endpoint, e.g. https://minio.example.no'],
  ['S3_REGION', 'us-east-1', 'region of the bucket'],
  ['S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY', '(SDK chain)', 'object storage credentials'],
  ['S3_FORCE_PATH_STYLE', 'false', 'true for path-style URLs (MinIO and most others)'],
];
