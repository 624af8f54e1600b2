import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/server/auth/password.ts';
import {
  DEMO_IDS,
  DEMO_PASSWORD,
  loadDemoData,
} from '../../src/server/modules/training/demo-data.ts';
import { encryptField, lookupHash } from '../../src/server/security/crypto.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, login, outboxFor, post, waitForCode } from '../helpers/auth.ts';

let t: TestApp;
let ip = 30;
const freshIp = () => `10.0.2.${ip++}`;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.db, t.config);
});
afterAll(() => t.close());

async function invitedPerson(username: string, nationalId: string): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(
    `insert into people (organization_id, name, username, national_id_enc, national_id_hash, mobile, status)
     values ($1, 'Nina Ny', $2, $3, $4, '+4741000199', 'invited') returning id`,
    [
      DEMO_IDS.demoKommune,
      username,
      encryptField(t.config.secrets.dataEncryptionKey, nationalId),
      lookupHash(t.config.secrets.lookupHashKey, nationalId),
    ],
  );
  if (!row) throw new Error('no person');
  return row.id;
}

describe('password strength', () => {
  const person = { username: 'nina.ny', name: 'Nina Ny' };
  it('refuses short, common and name-based passwords, and accepts a passphrase', () => {
    expect(passwordProblem('kort1!', person)).toBe('too-short');
    expect(passwordProblem('Passord123!', person)).toBe('too-common');
    expect(passwordProblem('sommer2026', person)).toBe('too-common');
    expect(passwordProblem('1234567890', person)).toBe('too-common');
    expect(passwordProblem('aaaaaaaaaaaa', person)).toBe('too-common');
    expect(passwordProblem('Nina.ny2026!', person)).toBe('contains-name');
    expect(passwordProblem(DEMO_PASSWORD, person)).toBe('too-common');
    expect(passwordProblem('blå hest spiser havregryn', person)).toBeNull();
  });
});

describe('activation of a new account', () => {
  it('sends an activation code, refuses a weak password without using the code, then activates', async () => {
    const id = await invitedPerson('nina.ny', '25928839667');
    const address = freshIp();
    // An invited account cannot log in with a password yet.
    const login0 = await post(
      t,
      '/api/auth/login',
      { username: 'nina.ny', password: 'anything-12345' },
      { ip: address },
    );
    expect(login0.statusCode).toBe(200);
    const start = await post(
      t,
      '/api/auth/password/code',
      { username: 'nina.ny' },
      { ip: address },
    );
    expect(start.statusCode).toBe(200);
    const code = await waitForCode(t, 'nina.ny', 0);
    const [message] = await outboxFor(t, 'nina.ny');
    expect(message?.text).toMatch(/aktiv/i);
    const { challengeId } = start.json() as { challengeId: string };
    const weak = await post(
      t,
      '/api/auth/password',
      { challengeId, code, password: 'passord123' },
      { ip: address },
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([
      expect.objectContaining({ field: 'password', code: 'too-common' }),
    ]);
    const ok = await post(
      t,
      '/api/auth/password',
      { challengeId, code, password: 'blå hest spiser havregryn' },
      { ip: address },
    );
    expect(ok.statusCode).toBe(204);
    const [row] = await t.db.query<{ status: string }>('select status from people where id = $1', [
      id,
    ]);
    expect(row?.status).toBe('active');
    const { cookie } = await login(t, 'nina.ny', {
      password: 'blå hest spiser havregryn',
      ip: freshIp(),
    });
    expect((await get(t, '/api/me', cookie)).statusCode).toBe(200);
    const audit = await t.db.query(
      `select 1 from audit_log where action = 'account.activated' and actor_id = $1`,
      [id],
    );
    expect(audit).toHaveLength(1);
  });
});

describe('forgotten password', () => {
  it('A8: the same reply for an unknown username and a real one', async () => {
    const address = freshIp();
    const unknown = await post(
      t,
      '/api/auth/password/code',
      { username: 'finnes.ikke' },
      { ip: address },
    );
    const known = await post(
      t,
      '/api/auth/password/code',
      { username: 'anne.mor' },
      { ip: address },
    );
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(Object.keys(unknown.json()).sort()).toEqual(Object.keys(known.json()).sort());
    await waitForCode(t, 'anne.mor', 0);
  });

  it('A16: a reset needs the code and ends every session', async () => {
    const first = await login(t, 'lise.laerer', { ip: freshIp() });
    const address = freshIp();
    const before = (await outboxFor(t, 'lise.laerer')).length;
    const start = await post(
      t,
      '/api/auth/password/code',
      { username: 'lise.laerer' },
      { ip: address },
    );
    const code = await waitForCode(t, 'lise.laerer', before);
    const { challengeId } = start.json() as { challengeId: string };
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await post(
      t,
      '/api/auth/password',
      { challengeId, code: wrongCode, password: 'ny fin passordfrase 7' },
      { ip: address },
    );
    expect(wrong.statusCode).toBe(401);
    expect((await get(t, '/api/me', first.cookie)).statusCode).toBe(200);
    const ok = await post(
      t,
      '/api/auth/password',
      { challengeId, code, password: 'ny fin passordfrase 7' },
      { ip: address },
    );
    expect(ok.statusCode).toBe(204);
    expect((await get(t, '/api/me', first.cookie)).statusCode).toBe(401);
    const old = await post(
      t,
      '/api/auth/login',
      { username: 'lise.laerer', password: DEMO_PASSWORD },
      { ip: freshIp() },
    );
    const [row] = await t.db.query<{ code: string | null }>(
      'select code_hash as code from login_challenges where id = $1',
      [old.json().challengeId],
    );
    expect(row?.code).toBeNull();
    const fresh = await login(t, 'lise.laerer', {
      password: 'ny fin passordfrase 7',
      ip: freshIp(),
    });
    expect((await get(t, '/api/me', fresh.cookie)).statusCode).toBe(200);
  });

  it('a login code cannot set a password, and a reset code cannot log in', async () => {
    const address = freshIp();
    const loginStart = await post(
      t,
      '/api/auth/login',
      { username: 'per.fysio', password: DEMO_PASSWORD },
      { ip: address },
    );
    const loginCode = await waitForCode(t, 'per.fysio', 0);
    const misuse = await post(
      t,
      '/api/auth/password',
      {
        challengeId: loginStart.json().challengeId,
        code: loginCode,
        password: 'en helt annen frase 9',
      },
      { ip: address },
    );
    expect(misuse.statusCode).toBe(401);
    const before = (await outboxFor(t, 'per.fysio')).length;
    const resetStart = await post(
      t,
      '/api/auth/password/code',
      { username: 'per.fysio' },
      { ip: address },
    );
    const resetCode = await waitForCode(t, 'per.fysio', before);
    const asLogin = await post(
      t,
      '/api/auth/verify',
      { challengeId: resetStart.json().challengeId, code: resetCode },
      { ip: address },
    );
    expect(asLogin.statusCode).toBe(401);
  });
});

describe('the audit trail', () => {
  it('L3: the application cannot update or delete audit rows', async () => {
    const [row] = await t.db.query<{ id: string }>('select id from audit_log limit 1');
    expect(row).toBeDefined();
    await expect(
      t.db.query(`update audit_log set action = 'x' where id = $1`, [row?.id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query('delete from audit_log where id = $1', [row?.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query('truncate audit_log')).rejects.toThrow(/append-only/);
  });
});
