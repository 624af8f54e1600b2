import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppState, buildApp } from '../../src/server/app.ts';
import { logCollector, testConfig } from '../helpers/app.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let testDb: TestDb;
let root: string;
beforeAll(async () => {
  testDb = await createTestDb();
  root = mkdtempSync(path.join(tmpdir(), 'samvirke-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Samvirke</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.info(1)');
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await testDb.drop();
});

describe('serving the web app', () => {
  it('serves pages and assets without a session, and falls back to index.html for app routes', async () => {
    const state: AppState = { migrated: true };
    const app = await buildApp({
      config: testConfig(),
      db: testDb.db,
      state,
      logStream: logCollector([]),
      webRoot: root,
    });
    try {
      const asset = await app.inject('/assets/index-abc123.js');
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
      const page = await app.inject({ url: '/min-profil', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      // API paths never fall back to the page.
      const api = await app.inject({ url: '/api/nope', headers: { accept: 'text/html' } });
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toMatch(/problem\+json/);
      // Private API routes stay private.
      expect((await app.inject('/api/me')).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
