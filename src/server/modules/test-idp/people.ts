import type { Config } from '../../config.ts';
import type { Queryable } from '../../db/index.ts';
import { decryptField } from '../../security/crypto.ts';
import type { TestPerson } from './pages.ts';

/**
 * The registered people, with their national ids in clear, for the test login page.
 * Only the test ID-porten calls this, and it exists only outside production, where every
 * person is synthetic.
 */
export async function listTestPeople(db: Queryable, config: Config): Promise<TestPerson[]> {
  const rows = await db.query<{ name: string; nationalIdEnc: string; status: string }>(
    `select name, national_id_enc as "nationalIdEnc", status from people
     order by lower(name), id limit 200`,
  );
  return rows.flatMap((row) => {
    try {
      const pid = decryptField(config.secrets.dataEncryptionKey, row.nationalIdEnc);
      return [{ name: row.name, pid, status: row.status }];
    } catch {
      return [];
    }
  });
}
