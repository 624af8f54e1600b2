import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesAnyTemplate } from '../../src/server/modules/delivery/templates.ts';
import { sha256 } from '../../src/server/security/crypto.ts';
import { passes2032Checksum } from '../../src/shared/national-id.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  auditRows,
  buildWorld,
  call,
  canaryMobile,
  errorFields,
  leakedCanaries,
  nationalIdValidFrom2032,
  outboxOf,
  passesTodaysChecksum,
  syntheticNationalId,
  type World,
} from './people-factories.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
});
afterAll(() => t.close());

let emails = 0;
/** A valid registration form with fresh canary values. */
function form(extra: Record<string, unknown> = {}): Record<string, unknown> {
  emails += 1;
  const body = {
    name: 'Nora Nordmann',
    nationalId: syntheticNationalId(),
    mobile: canaryMobile(),
    email: `ny${emails}@example.test`,
    ...extra,
  };
  for (const key of ['nationalId', 'mobile', 'email'] as const) {
    // Short invalid values ('123') would match timings in the logs; they are no canaries.
    const value = body[key];
    if (typeof value === 'string' && value.length >= 8) w.canaries.push(value);
  }
  return body;
}

describe('POST /api/people', () => {
  it('registers a person: 201, username from the name, invitation link in the outbox', async () => {
    const body = form({ mobile: '915 00 900' });
    w.canaries.push('+4791500900');
    const res = await call(t, 'POST', '/api/people', w.coordA.cookie, body);
    expect(res.statusCode).toBe(201);
    const person = res.json();
    expect(person).toMatchObject({
      username: 'nora.nordmann',
      name: 'Nora Nordmann',
      status: 'invited',
      organizationId: w.orgA,
      nationalId: body.nationalId,
      mobile: '+4791500900',
      email: body.email,
      codeChannel: 'sms',
      notifyChannel: 'sms',
      language: 'nb',
      version: 1,
      invitationSent: true,
    });
    expect(Object.keys(person)).not.toContain('nationalIdEnc');

    const messages = await outboxOf(t, person.id);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message?.channel).toBe('sms');
    expect(message?.to_address).toBe('+4791500900');
    expect(matchesAnyTemplate(message?.text ?? '')).toBe(true);
    expect(message?.text).not.toContain('Nora');
    expect(message?.text).not.toContain(String(body.nationalId));
    const link = new RegExp(`${t.config.publicUrl}/invitasjon/([A-Za-z0-9_-]{43})`).exec(
      message?.text ?? '',
    );
    expect(link?.[1]).toBeDefined();
    const [invitation] = await t.db.query<{ expires: boolean }>(
      `select expires_at between now() + interval '13 days' and now() + interval '15 days' as expires
         from invitations where person_id = $1 and token_hash = $2`,
      [person.id, sha256(link?.[1] ?? '')],
    );
    expect(invitation?.expires).toBe(true);

    const [audit] = await auditRows(t, 'person.created', person.id);
    expect(audit?.actor_id).toBe(w.coordA.id);
    expect(leakedCanaries(JSON.stringify(audit), w.canaries)).toEqual([]);
  });

  it('adds 2, 3, … to a username that is taken, and folds æ, ø, å and accents', async () => {
    const second = await call(t, 'POST', '/api/people', w.coordA.cookie, form());
    expect(second.json().username).toBe('nora.nordmann2');
    const third = await call(t, 'POST', '/api/people', w.coordA.cookie, form());
    expect(third.json().username).toBe('nora.nordmann3');
    const folded = await call(
      t,
      'POST',
      '/api/people',
      w.coordA.cookie,
      form({ name: 'Åse Marie Bærø-Hélène' }),
    );
    expect(folded.statusCode).toBe(201);
    expect(folded.json().username).toBe('ase.baero-helene');
  });

  it('sends the invitation by e-mail when there is no mobile, in the chosen language', async () => {
    const res = await call(
      t,
      'POST',
      '/api/people',
      w.coordA.cookie,
      form({ mobile: undefined, language: 'en' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().codeChannel).toBe('email');
    const [message] = await outboxOf(t, res.json().id);
    expect(message?.channel).toBe('email');
    expect(message?.subject).toBe('Samvirke');
    expect(message?.text).toMatch(/^You have been given access to Samvirke/);
  });

  it('accepts a number valid only under the 2032 check-digit rule', async () => {
    const nationalId = nationalIdValidFrom2032();
    expect(passes2032Checksum(nationalId)).toBe(true);
    expect(passesTodaysChecksum(nationalId)).toBe(false);
    const res = await call(t, 'POST', '/api/people', w.coordA.cookie, form({ nationalId }));
    w.canaries.push(nationalId);
    expect(res.statusCode).toBe(201);
    expect(res.json().nationalId).toBe(nationalId);
  });

  it.each([
    ['an invalid national id', { nationalId: '12345678901' }, ['nationalId']],
    ['a national id of the wrong length', { nationalId: '123' }, ['nationalId']],
    ['a landline', { mobile: '22 12 34 56' }, ['mobile']],
    ['a garbage mobile', { mobile: 'ring meg' }, ['mobile']],
    ['a bad e-mail', { email: 'not-an-address' }, ['email']],
    ['an e-mail with CR/LF (I5)', { email: 'a@example.test\r\nBcc: x@example.test' }, ['email']],
    ['a name with a line break (I5)', { name: 'Nora\nBcc: x' }, ['name']],
    ['a name of invisible characters only (I9)', { name: '\u200b\u202e ' }, ['name']],
    ['a name over 200 characters', { name: 'N'.repeat(201) }, ['name']],
    ['neither mobile nor e-mail', { mobile: undefined, email: undefined }, ['mobile']],
    [
      'two bad fields at once',
      { nationalId: '12345678900', mobile: 'x' },
      ['nationalId', 'mobile'],
    ],
    ['an unknown field (Z7)', { ownerId: 'x' }, ['ownerId']],
    ['a protected field (Z7)', { role: 'coordinator' }, ['role']],
    ['a constructor key (Z8)', { constructor: 1 }, ['constructor']],
  ])('400 for %s, naming the field', async (_case, extra, fields) => {
    const res = await call(t, 'POST', '/api/people', w.coordA.cookie, form(extra));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(errorFields(res).sort()).toEqual([...fields].sort());
  });

  it('Z8: 400 for a __proto__ key', async () => {
    const body = JSON.stringify(form()).replace(/^\{/, '{"__proto__":{"admin":true},');
    const res = await call(t, 'POST', '/api/people', w.coordA.cookie, body);
    expect(res.statusCode).toBe(400);
  });

  it('I9: cleans right-to-left overrides and zero-width characters out of a name', async () => {
    const res = await call(
      t,
      'POST',
      '/api/people',
      w.coordA.cookie,
      form({ name: ' Li\u200bv   Berg\u202e ' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe('Liv Berg');
    expect(res.json().username).toBe('liv.berg');
  });

  it('409 when the national id already has an account (also typed with spaces)', async () => {
    const spaced = `${w.citizenA.nationalId.slice(0, 6)} ${w.citizenA.nationalId.slice(6)}`;
    const res = await call(t, 'POST', '/api/people', w.coordA.cookie, form({ nationalId: spaced }));
    expect(res.statusCode).toBe(409);
    expect(leakedCanaries(res.body, w.canaries)).toEqual([]);
    // Another municipality cannot register the same person a second time either.
    const other = await call(
      t,
      'POST',
      '/api/people',
      w.coordB.cookie,
      form({ nationalId: w.citizenA.nationalId }),
    );
    expect(other.statusCode).toBe(409);
  });

  it('concurrent registrations: one account per national id, distinct usernames', async () => {
    const same = form({ name: 'Samtidig Person' });
    const [a, b] = await Promise.all([
      call(t, 'POST', '/api/people', w.coordA.cookie, same),
      call(t, 'POST', '/api/people', w.adminA.cookie, same),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const names = await Promise.all(
      [1, 2, 3].map(() =>
        call(t, 'POST', '/api/people', w.coordA.cookie, form({ name: 'Tvilling Hansen' })),
      ),
    );
    expect(names.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(names.map((r) => r.json().username).sort()).toEqual([
      'tvilling.hansen',
      'tvilling.hansen2',
      'tvilling.hansen3',
    ]);
  });

  it('403 for a citizen without a staff role', async () => {
    const res = await call(t, 'POST', '/api/people', w.citizenA.cookie, form());
    expect(res.statusCode).toBe(403);
  });

  it('403 for an organisation the actor does not administer (Z5)', async () => {
    const res = await call(
      t,
      'POST',
      '/api/people',
      w.coordA.cookie,
      form({ organizationId: w.orgB }),
    );
    expect(res.statusCode).toBe(403);
    const header = await t.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: w.coordB.cookie, origin: t.config.publicUrl, 'x-organization-id': w.orgA },
      payload: form(),
    });
    expect(header.statusCode).toBe(201);
    expect(header.json().organizationId).toBe(w.orgB);
  });

  it('staff roles: only an org_admin of the organisation gives them', async () => {
    const byCoordinator = await call(
      t,
      'POST',
      '/api/people',
      w.coordA.cookie,
      form({ staffRole: 'coordinator' }),
    );
    expect(byCoordinator.statusCode).toBe(403);
    const byAdmin = await call(
      t,
      'POST',
      '/api/people',
      w.adminA.cookie,
      form({ staffRole: 'coordinator' }),
    );
    expect(byAdmin.statusCode).toBe(201);
    const roles = await t.db.query<{ role: string; organization_id: string }>(
      'select role, organization_id from staff_roles where person_id = $1',
      [byAdmin.json().id],
    );
    expect(roles).toEqual([{ role: 'coordinator', organization_id: w.orgA }]);
  });

  it('401 without a session, 403 without our Origin', async () => {
    const anonymous = await call(t, 'POST', '/api/people', undefined, form());
    expect(anonymous.statusCode).toBe(401);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: w.coordA.cookie, origin: 'https://evil.example' },
      payload: form(),
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('no log line holds a national id, phone number or e-mail', () => {
    expect(t.logs.length).toBeGreaterThan(0);
    expect(leakedCanaries(JSON.stringify(t.logs), w.canaries)).toEqual([]);
  });
});
