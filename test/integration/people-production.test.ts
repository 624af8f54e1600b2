import { describe, expect, it } from 'vitest';
import { createTestApp, productionEnv } from '../helpers/app.ts';
import { addPerson, call, errorFields, syntheticNationalId } from './people-factories.ts';

describe('POST /api/people in production', () => {
  it('refuses synthetic test numbers (400 nationalId)', async () => {
    const p = await createTestApp(productionEnv());
    try {
      const [org] = await p.db.query<{ id: string }>(
        `insert into organizations (name, kind) values ('Prod kommune', 'municipality') returning id`,
      );
      const staff = await addPerson(p, { canaries: [] }, org?.id ?? '', 'Prod Staff', [
        'coordinator',
      ]);
      expect(staff.cookie).toMatch(/^__Host-samvirke=/);
      const res = await call(p, 'POST', '/api/people', staff.cookie, {
        name: 'Test Testesen',
        nationalId: syntheticNationalId(),
        mobile: '+4791599999',
      });
      expect(res.statusCode).toBe(400);
      expect(errorFields(res)).toEqual(['nationalId']);
      const logs = JSON.stringify(p.logs);
      expect(logs).not.toContain('91599999');
    } finally {
      await p.close();
    }
  });
});
