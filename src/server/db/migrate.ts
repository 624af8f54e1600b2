import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installJobs } from '../jobs/index.ts';
import type { Db } from './types.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

export type Migration = { version: string; name: string; sql: string; checksum: string };

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The migrations on disk, in order. File names are `0001_name.sql`. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match?.[1] || !match[2]) throw new Error(`Migration file name not understood: ${file}`);
      const sql = readFileSync(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      return { version: match[1], name: match[2], sql, checksum };
    });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies every pending migration in one transaction, under an advisory lock so that
 * several instances starting at once apply each migration exactly once. A failure rolls
 * everything back and leaves the database as it was. Returns the versions applied.
 */
export async function migrate(
  db: Db,
  migrations: Migration[] = readMigrations(),
): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(748201)`);
    await tx.exec(`
      create table if not exists schema_migrations (
        version text primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    const applied = await tx.query<{ version: string; checksum: string }>(
      'select version, checksum from schema_migrations',
    );
    const known = new Map(applied.map((row) => [row.version, row.checksum]));
    for (const migration of migrations) {
      const checksum = known.get(migration.version);
      if (checksum !== undefined && checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.version}_${migration.name} was changed after it was applied; add a new migration instead`,
        );
      }
    }
    const done: string[] = [];
    for (const migration of migrations) {
      if (known.has(migration.version)) continue;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(
          `Migration ${migration.version}_${migration.name} failed: ${reason}`,
        );
      }
      await tx.query(
        'insert into schema_migrations (version, name, checksum) values ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
      done.push(migration.version);
    }
    await installJobs(tx);
    return done;
  });
}

/** true when every migration on disk is recorded as applied. */
export async function migrationsApplied(
  db: Db,
  migrations: Migration[] = readMigrations(),
): Promise<boolean> {
  const rows = await db.query<{ version: string }>(
    `select version from schema_migrations where version = any($1::text[])`,
    [migrations.map((m) => m.version)],
  );
  return rows.length === migrations.length;
}
