import type { Db } from '../../db/index.ts';

/** Fixed ids so that demo links, tests and documentation can name them. */
export const DEMO_IDS = {
  demoKommune: '00000000-0000-4000-8000-000000000001',
  annenKommune: '00000000-0000-4000-8000-000000000002',
} as const;

/**
 * Loads the demo data of API.md into an empty database. Runs only outside production,
 * and does nothing when the data is already there.
 */
export async function loadDemoData(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    const existing = await tx.query('select 1 from organizations where id = $1', [
      DEMO_IDS.demoKommune,
    ]);
    if (existing.length > 0) return false;
    await tx.query(
      `insert into organizations (id, name, kind) values ($1, 'Demo kommune', 'municipality'), ($2, 'Annen kommune', 'municipality')`,
      [DEMO_IDS.demoKommune, DEMO_IDS.annenKommune],
    );
    return true;
  });
}
