import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/index.ts';
import {
  MigrationError,
  migrate,
  migrationsApplied,
  readMigrations,
} from '../../src/server/db/migrate.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let testDb: TestDb;
let db: Db;
let dir: string;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
  dir = mkdtempSync(path.join(tmpdir(), 'samvirke-migrations-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await testDb.drop();
});

describe('migrations', () => {
  it(`runs on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'} with every migration recorded`, async () => {
    expect(await migrationsApplied(db)).toBe(true);
    const rows = await db.query<{ version: string }>(
      'select version from schema_migrations order by version',
    );
    expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
  });

  it('applies nothing the second time', async () => {
    expect(await migrate(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
  });

  it('leaves the database as it was when a migration fails', async () => {
    writeFileSync(path.join(dir, '9001_good.sql'), 'create table t_good (id int);');
    writeFileSync(
      path.join(dir, '9002_bad.sql'),
      'create table t_bad (id int); select * from no_such_table;',
    );
    const migrations = [...readMigrations(), ...readMigrations(dir)];
    await expect(migrate(db, migrations)).rejects.toThrow(MigrationError);
    await expect(migrate(db, migrations)).rejects.toThrow(/9002_bad failed/);
    const tables = await db.query(
      `select table_name from information_schema.tables where table_name in ('t_good', 't_bad')`,
    );
    expect(tables).toEqual([]);
    const recorded = await db.query(
      `select version from schema_migrations where version like '9%'`,
    );
    expect(recorded).toEqual([]);
  });

  it('refuses to start when an applied migration was edited afterwards', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
    await expect(migrate(db, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('gives the same row shapes on both databases', async () => {
    const [row] = await db.query<{ n: number; d: string; t: Date }>(
      `select 5::int8 as n, '2027-01-31'::date as d, '2026-03-03T14:02:00Z'::timestamptz as t`,
    );
    expect(row?.n).toBe(5);
    expect(row?.d).toBe('2027-01-31');
    expect(row?.t).toBeInstanceOf(Date);
    expect(row?.t.toISOString()).toBe('2026-03-03T14:02:00.000Z');
  });

  it('rolls a failed transaction back completely', async () => {
    await db.exec('create table t_tx (id int primary key)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t_tx values (1)');
        await tx.query('insert into t_tx values (1)');
      }),
    ).rejects.toThrow();
    expect(await db.query('select * from t_tx')).toEqual([]);
  });
});
