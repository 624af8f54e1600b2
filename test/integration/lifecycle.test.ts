import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppState, buildApp } from '../../src/server/app.ts';
import { gracefulStop } from '../../src/server/main.ts';
import { logCollector, testConfig } from '../helpers/app.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

const NODE = process.execPath;
const MAIN = path.resolve('src/server/main.ts');

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(() => testDb.drop().catch(() => {}));

describe('readiness', () => {
  it('answers 503 until migrations are applied, and other routes 503 with Retry-After', async () => {
    const state: AppState = { migrated: false };
    const app = await buildApp({
      config: testConfig(),
      db: testDb.db,
      state,
      logStream: logCollector([]),
    });
    try {
      const notReady = await app.inject('/api/health/ready');
      expect(notReady.statusCode).toBe(503);
      expect(notReady.headers['content-type']).toMatch(/problem\+json/);
      expect((await app.inject('/api/health/live')).statusCode).toBe(200);
      const other = await app.inject('/api/openapi.json');
      expect(other.statusCode).toBe(503);
      expect(other.headers['retry-after']).toBeDefined();
      state.migrated = true;
      expect((await app.inject('/api/health/ready')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then closes the database', async () => {
    const own = await createTestDb();
    const state: AppState = { migrated: true };
    const app = await buildApp({
      config: testConfig(),
      db: own.db,
      state,
      logStream: logCollector([]),
    });
    app.get('/api/test/slow', { config: { public: true } }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [row] = await own.db.query<{ ok: number }>('select 1 as ok');
      return { finished: row?.ok === 1 };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/api/test/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stop = gracefulStop(app, own.db);
    const stopped = stop();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    await stopped;
    expect(await own.db.ping().catch(() => false)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/api/health/live`)).rejects.toThrow();
    await own.drop().catch(() => {});
  });
});

function run(
  env: Record<string, string>,
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void,
) {
  const child = spawn(NODE, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout, child);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the process', () => {
  it('stops at once with a one-line reason on PORT=abc', async () => {
    const result = await run({ APP_MODE: 'training', PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Samvirke cannot start. Invalid setting PORT: must be a whole number between 1 and 65535 (got "abc")',
    ]);
  });

  it('stops at once with a one-line reason on APP_MODE=prod', async () => {
    const result = await run({ APP_MODE: 'prod' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Samvirke cannot start\. Invalid setting APP_MODE: must be one of/);
  });

  it('refuses production without secrets, naming the missing one', async () => {
    const result = await run({ APP_MODE: 'production' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Samvirke cannot start. Missing setting SESSION_SECRET: required in production',
    );
  });

  it('starts, prints its URL, and exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'samvirke-proc-'));
    try {
      const env: Record<string, string> = {
        APP_MODE: 'test',
        PORT: '0',
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
      };
      if (testDb.databaseUrl) env.DATABASE_URL = testDb.databaseUrl;
      const result = await run(env, (stdout, child) => {
        if (stdout.includes('Samvirke is running') && child.signalCode === null && !child.killed) {
          child.kill('SIGTERM');
        }
      });
      // On failure, show what the process said: exit codes alone explain little.
      expect(
        result.code,
        `${result.stderr.slice(-1500)} STDOUT ${result.stdout.slice(-1500)}`,
      ).toBe(0);
      expect(result.stdout).toMatch(/Samvirke is running \(test mode\): http:\/\/localhost:\d+/);
      expect(result.code).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
