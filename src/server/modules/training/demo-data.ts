import { hashPassword } from '../../auth/password.ts';
import type { Config } from '../../config.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { encryptField, lookupHash } from '../../security/crypto.ts';
import { storagesFrom } from '../documents/storage.ts';
import { loadDemoDocuments } from './demo-documents.ts';
import { DEMO_IDS } from './demo-ids.ts';
import { loadDemoMeetings } from './demo-meetings.ts';
import { loadDemoMessages } from './demo-messages.ts';
import { loadDemoPlan } from './demo-plan.ts';

/** The demo password of API.md: published, so refused in production. */
export const DEMO_PASSWORD = 'Demo-passord-1';

export { DEMO_IDS } from './demo-ids.ts';

type DemoPerson = {
  id: string;
  username: string;
  name: string;
  /** Synthetic (Tenor, month + 80): no real person has these numbers. */
  nationalId: string;
  mobile: string;
  email: string;
  organizationId: string;
  staffRole?: 'coordinator' | 'org_admin' | 'trainer';
};

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    id: DEMO_IDS.kari,
    username: 'kari.koordinator',
    name: 'Kari Koordinator',
    nationalId: '12858510048',
    mobile: '+4741000101',
    email: 'kari.koordinator@demo-kommune.example',
    organizationId: DEMO_IDS.demoKommune,
    staffRole: 'coordinator',
  },
  {
    id: DEMO_IDS.ola,
    username: 'ola.planeier',
    name: 'Ola Planeier',
    nationalId: '03889013752',
    mobile: '+4741000102',
    email: 'ola.planeier@example.com',
    organizationId: DEMO_IDS.demoKommune,
  },
  {
    id: DEMO_IDS.anne,
    username: 'anne.mor',
    name: 'Anne Mor',
    nationalId: '15871217588',
    mobile: '+4741000103',
    email: 'anne.mor@example.com',
    organizationId: DEMO_IDS.demoKommune,
  },
  {
    id: DEMO_IDS.per,
    username: 'per.fysio',
    name: 'Per Fysio',
    nationalId: '22847521280',
    mobile: '+4741000104',
    email: 'per.fysio@demo-kommune.example',
    organizationId: DEMO_IDS.demoKommune,
  },
  {
    id: DEMO_IDS.lise,
    username: 'lise.laerer',
    name: 'Lise Lærer',
    nationalId: '09899324819',
    mobile: '+4741000105',
    email: 'lise.laerer@demo-kommune.example',
    organizationId: DEMO_IDS.demoKommune,
  },
  {
    id: DEMO_IDS.siri,
    username: 'siri.admin',
    name: 'Siri Admin',
    nationalId: '01818028594',
    mobile: '+4741000106',
    email: 'siri.admin@demo-kommune.example',
    organizationId: DEMO_IDS.demoKommune,
    staffRole: 'org_admin',
  },
  {
    id: DEMO_IDS.tor,
    username: 'tor.annenkommune',
    name: 'Tor Annenkommune',
    nationalId: '30856632284',
    mobile: '+4741000107',
    email: 'tor@annen-kommune.example',
    organizationId: DEMO_IDS.annenKommune,
    staffRole: 'coordinator',
  },
  {
    id: DEMO_IDS.trude,
    username: 'trude.kurs',
    name: 'Trude Kursansvarlig',
    nationalId: '17860135965',
    mobile: '+4741000108',
    email: 'trude.kurs@demo-kommune.example',
    organizationId: DEMO_IDS.demoKommune,
    staffRole: 'trainer',
  },
];

/**
 * Loads the demo data of API.md into an empty database. Runs only outside production,
 * and does nothing when the data is already there. The demo document's bytes go where new
 * documents go (PostgreSQL, or S3 when configured); bytes put in S3 by a load that then
 * fails are removed again.
 */
export async function loadDemoData(db: Db, config: Config): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const storages = storagesFrom(config.documents, db);
  const storage = storages.current;
  const stored: string[] = [];
  try {
    return await db.transaction(async (tx) => {
      const existing = await tx.query('select 1 from organizations where id = $1', [
        DEMO_IDS.demoKommune,
      ]);
      if (existing.length > 0) return false;
      await tx.query(
        `insert into organizations (id, name, kind) values ($1, 'Demo kommune', 'municipality'), ($2, 'Annen kommune', 'municipality')`,
        [DEMO_IDS.demoKommune, DEMO_IDS.annenKommune],
      );
      for (const person of DEMO_PEOPLE) await insertPerson(tx, config, person, passwordHash);
      await loadDemoPlan(tx, config);
      await loadDemoMessages(tx);
      await loadDemoMeetings(tx);
      await loadDemoDocuments(tx, storage, stored);
      return true;
    });
  } catch (error) {
    if (!storage.transactional) {
      for (const key of stored) await storage.delete(key).catch(() => undefined);
    }
    throw error;
  } finally {
    storages.close();
  }
}

async function insertPerson(
  tx: Queryable,
  config: Config,
  person: DemoPerson,
  passwordHash: string,
) {
  await tx.query(
    `insert into people (id, organization_id, name, username, national_id_enc, national_id_hash, mobile, email,
       status, password_hash, activated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, now())`,
    [
      person.id,
      person.organizationId,
      person.name,
      person.username,
      encryptField(config.secrets.dataEncryptionKey, person.nationalId),
      lookupHash(config.secrets.lookupHashKey, person.nationalId),
      person.mobile,
      person.email,
      passwordHash,
    ],
  );
  if (person.staffRole) {
    await tx.query(
      'insert into staff_roles (person_id, organization_id, role) values ($1, $2, $3)',
      [person.id, person.organizationId, person.staffRole],
    );
  }
}
