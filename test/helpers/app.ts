import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type AppState, buildApp } from '../../src/server/app.ts';
import { type Config, loadConfig } from '../../src/server/config.ts';
import type { Db } from '../../src/server/db/index.ts';
import { withAuditCoverage } from './audit-coverage.ts';
import { createTestDb } from './db.ts';
import { createLeakSniffer } from './leak-sniffer.ts';

export type TestApp = {
  app: FastifyInstance;
  db: Db;
  config: Config;
  /** Every log line the app wrote, parsed; scan them for personal data. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
};

/** Collects pino's JSON lines instead of printing them. */
export function logCollector(lines: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
}

/** Settings with which production mode starts (no demo values), for production-mode tests. */
export function productionEnv(): Record<string, string> {
  return {
    APP_MODE: 'production',
    SESSION_SECRET: 's'.repeat(40),
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    LOOKUP_HASH_KEY: 'k'.repeat(40),
    PUBLIC_URL: 'https://samvirke.example.no',
    IDPORTEN_ISSUER: 'https://idporten.example.no',
    IDPORTEN_CLIENT_ID: 'samvirke',
    IDPORTEN_CLIENT_SECRET: 'c'.repeat(32),
    SMTP_HOST: '127.0.0.1',
    SMTP_FROM: 'ikke-svar@samvirke.example.no',
    SMS_GATEWAY_URL: 'https://127.0.0.1:9/sms',
  };
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ APP_MODE: 'test', PORT: '0', LOG_LEVEL: 'info', QUIET_HOURS: '', ...env });
}

/** An app on its own migrated database, used through `app.inject()`. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { background?: boolean } = {},
): Promise<TestApp> {
  const testDb = await createTestDb();
  const config = testConfig(env);
  const logs: Record<string, unknown>[] = [];
  const state: AppState = { migrated: true };
  const sniffer = withAuditCoverage(createLeakSniffer());
  const app = await buildApp({
    config,
    db: testDb.db,
    state,
    logStream: logCollector(logs),
    instrument: sniffer.instrument,
  });
  await app.ready();
  // The job queue always (sending a job needs it started: on PGlite an unstarted pg-boss
  // would wait on the connection the caller's transaction holds); the notification
  // worker and event listener only for tests that need them.
  if (options.background) await app.background.start();
  else await app.background.jobs.start();
  return {
    app,
    db: testDb.db,
    config,
    logs,
    async close() {
      await app.close();
      try {
        await sniffer.check(testDb.db, config, logs);
      } finally {
        await testDb.drop();
      }
    },
  };
}
