import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../../src/server/db/index.ts';
import { openPglite } from '../../src/server/db/pglite.ts';
import { openPostgres } from '../../src/server/db/postgres.ts';
import { matchesAnyTemplate } from '../../src/server/modules/delivery/templates.ts';
import { withDatabase } from '../global-setup.ts';

export type TestDb = { db: Db; databaseUrl: string | undefined; drop(): Promise<void> };

/**
 * The notification allowlist (SECURITY.md, structural test 4), checked for every test
 * database before it is dropped: every SMS and e-mail the suite made the system send must
 * be one of the listed templates, exactly.
 */
async function assertOutboxMatchesTemplates(db: Db): Promise<void> {
  const rows = await db.query<{ text: string; subject: string | null }>(
    'select text, subject from dev_outbox',
  );
  const strays = rows.filter(
    (row) => !matchesAnyTemplate(row.text) || (row.subject !== null && row.subject !== 'Samvirke'),
  );
  if (strays.length > 0) {
    throw new Error(
      `${strays.length} outbox message(s) match no template: ${JSON.stringify(strays.slice(0, 3))}`,
    );
  }
}

/** A fresh migrated database for one test file: a copy of the run's template. */
export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `samvirke_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `create database ${name} template ${inject('pgTemplate')}`);
    const databaseUrl = withDatabase(url, name);
    const db = openPostgres(databaseUrl, 5);
    return {
      db,
      databaseUrl,
      async drop() {
        await assertOutboxMatchesTemplates(db);
        await db.close();
        await adminQuery(url, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const dump = readFileSync(inject('pgliteDump'));
  const db = await openPglite({ load: new Blob([dump]) });
  return {
    db,
    databaseUrl: undefined,
    async drop() {
      await assertOutboxMatchesTemplates(db);
      await db.close();
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
