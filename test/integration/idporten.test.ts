import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForToken } from '../../src/server/auth/actor.ts';
import { registerIdporten } from '../../src/server/auth/idporten/index.ts';
import { registerAuth } from '../../src/server/auth/plugin.ts';
import { sessionCookieName } from '../../src/server/auth/sessions.ts';
import { registerTestIdp } from '../../src/server/modules/test-idp/index.ts';
import { encryptField, lookupHash, randomToken, sha256 } from '../../src/server/security/crypto.ts';
import { createTestApp, productionEnv, type TestApp } from '../helpers/app.ts';

/**
 * ID-porten login against the built-in test ID-porten, driven through app.inject like a
 * browser: redirects followed by hand, cookies carried, the login form posted.
 */

const PID_A = '12858510048';
const PID_B = '03889013752';
const PID_UNKNOWN = '15871217588';
const HIGH = 'idporten-loa-high';
const SUBSTANTIAL = 'idporten-loa-substantial';

/** A browser for app.inject: a cookie jar (by name; one origin) and redirects by hand. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly app: FastifyInstance;
  readonly origin: string;
  constructor(app: FastifyInstance, origin: string) {
    this.app = app;
    this.origin = origin;
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    const target = new URL(url, this.origin);
    const res = await this.app.inject({
      method,
      url: `${target.pathname}${target.search}`,
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form
          ? { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin }
          : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    for (const cookie of res.cookies) {
      const expired =
        cookie.value === '' ||
        cookie.maxAge === 0 ||
        (cookie.expires !== undefined && cookie.expires.getTime() < Date.now());
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return res;
  }

  get(url: string) {
    return this.request('GET', url);
  }

  post(url: string, form: Record<string, string>) {
    return this.request('POST', url, form);
  }

  /** Follows redirects until a response that is not one, or one that leaves the app. */
  async follow(
    res: LightMyRequestResponse,
    from: string,
  ): Promise<{ res: LightMyRequestResponse; url: string }> {
    let current = res;
    let url = from;
    for (let hops = 0; hops < 10 && current.statusCode >= 300 && current.statusCode < 400; hops++) {
      url = new URL(String(current.headers.location), new URL(url, this.origin)).href;
      if (new URL(url).origin !== this.origin) break;
      current = await this.get(url);
    }
    return { res: current, url };
  }
}

/** Login until the test ID-porten's page is shown; returns its interaction URL. */
async function openLoginPage(browser: Browser, query = '') {
  const start = await browser.get(`/auth/idporten/login${query}`);
  expect(start.statusCode).toBe(302);
  const authorize = new URL(String(start.headers.location));
  const { res, url } = await browser.follow(start, '/auth/idporten/login');
  expect(res.statusCode).toBe(200);
  expect(url).toMatch(/\/test-idp\/interaction\/[^/]+$/);
  return { authorize, interaction: url, page: res.body };
}

/**
 * Starts a login and goes through the test ID-porten (picking the person on its page, or
 * straight through when its single sign-on session already knows the browser); returns
 * the callback URL it redirects to.
 */
async function authenticate(browser: Browser, pid: string, acr = HIGH, query = '') {
  let url = new URL(`/auth/idporten/login${query}`, browser.origin);
  let res = await browser.get(url.href);
  for (let hops = 0; hops < 15; hops++) {
    if (res.statusCode >= 300 && res.statusCode < 400) {
      url = new URL(String(res.headers.location), url);
      if (url.pathname === '/auth/idporten/callback') return url;
      res = await browser.get(url.href);
    } else if (res.statusCode === 200 && /\/test-idp\/interaction\/[^/]+$/.test(url.pathname)) {
      res = await browser.post(`${url.href}/login`, { pid, acr });
    } else {
      throw new Error(`unexpected ${res.statusCode} at ${url.pathname}`);
    }
  }
  throw new Error('too many redirects');
}

/** The whole login: returns the callback's answer. */
async function login(browser: Browser, pid: string, acr = HIGH, query = '') {
  const callback = await authenticate(browser, pid, acr, query);
  return browser.get(`${callback.pathname}${callback.search}`);
}

let t: TestApp;
let orgId: string;
let browserOrigin: string;

async function insertPerson(pid: string, name: string, status = 'active'): Promise<string> {
  const rows = await t.db.query<{ id: string }>(
    `insert into people (organization_id, name, username, national_id_enc, national_id_hash, mobile, status)
     values ($1, $2, $3, $4, $5, '+4791234567', $6) returning id`,
    [
      orgId,
      name,
      `u${pid}`,
      encryptField(t.config.secrets.dataEncryptionKey, pid),
      lookupHash(t.config.secrets.lookupHashKey, pid),
      status,
    ],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('no person');
  return id;
}

async function sessionsOf(personId: string) {
  return t.db.query<{
    idHash: string;
    acr: string;
    idportenSid: string | null;
    endedAt: Date | null;
  }>(
    `select id_hash as "idHash", acr, idporten_sid as "idportenSid", ended_at as "endedAt"
     from sessions where person_id = $1 order by created_at`,
    [personId],
  );
}

let personA: string;
let personB: string;

beforeAll(async () => {
  t = await createTestApp();
  browserOrigin = new URL(t.config.publicUrl).origin;
  const orgs = await t.db.query<{ id: string }>(
    `insert into organizations (name, kind) values ('Testkommune', 'municipality') returning id`,
  );
  orgId = orgs[0]?.id ?? '';
  personA = await insertPerson(PID_A, 'Kari Nordmann', 'invited');
  personB = await insertPerson(PID_B, 'Ola Nordmann');
});
afterAll(() => t.close());

/** The state of the browser's newest login in progress (from its binding cookie). */
function pendingState(browser: Browser): string {
  const states = (browser.cookies.get('samvirke_login') ?? '').split('.');
  const state = states[states.length - 1];
  if (!state) throw new Error('no login in progress');
  return state;
}

async function countRows(sql: string, params: unknown[] = []): Promise<number> {
  const rows = await t.db.query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params);
  return rows[0]?.n ?? 0;
}

async function liveSessions(personId: string): Promise<number> {
  return countRows('select 1 from sessions where person_id = $1 and ended_at is null', [personId]);
}

function sessionTokenIn(res: LightMyRequestResponse): string | undefined {
  return res.cookies.find((c) => c.name === sessionCookieName(t.config) && c.value !== '')?.value;
}

async function lastLoginFailure(): Promise<string | undefined> {
  const rows = await t.db.query<{ details: { reason?: string } }>(
    `select details from audit_log where action = 'auth.login' and outcome = 'failed' order by at desc, id desc limit 1`,
  );
  return rows[0]?.details.reason;
}

function expectRefused(res: LightMyRequestResponse, error = 'login-failed') {
  expect(res.statusCode).toBe(302);
  expect(res.headers.location).toBe(`/logg-inn?error=${error}`);
  expect(sessionTokenIn(res)).toBeUndefined();
}

async function insertInvitation(personId: string, validFor = "interval '7 days'") {
  const token = randomToken(32);
  const rows = await t.db.query<{ id: string }>(
    `insert into invitations (person_id, token_hash, expires_at) values ($1, $2, now() + ${validFor}) returning id`,
    [personId, sha256(token)],
  );
  return { token, id: rows[0]?.id ?? '' };
}

async function invitationUsedAt(id: string): Promise<Date | null> {
  const rows = await t.db.query<{ usedAt: Date | null }>(
    'select used_at as "usedAt" from invitations where id = $1',
    [id],
  );
  return rows[0]?.usedAt ?? null;
}

describe('ID-porten login through the test ID-porten', () => {
  it('logs an invited person in, activates the account, and the session resolves to an actor', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const { authorize } = await openLoginPage(browser, '?returnTo=/plans/x');
    // PAR: the browser carries only client_id and request_uri.
    expect([...authorize.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);

    const res = await login(
      new Browser(t.app, browserOrigin),
      PID_A,
      HIGH,
      '?returnTo=%2Fplaner%3Fa%3D1',
    );
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/planer?a=1');
    const cookie = res.cookies.find((c) => c.name === sessionCookieName(t.config));
    expect(cookie?.httpOnly).toBe(true);
    const token = cookie?.value ?? '';
    const actor = await actorForToken(t.db, t.config, token);
    expect(actor?.personId).toBe(personA);
    expect(actor?.authMethod).toBe('idporten');

    const people = await t.db.query<{ status: string; activatedAt: Date | null }>(
      'select status, activated_at as "activatedAt" from people where id = $1',
      [personA],
    );
    expect(people[0]?.status).toBe('active');
    expect(people[0]?.activatedAt).toBeInstanceOf(Date);

    const sessions = await sessionsOf(personA);
    const session = sessions.find((s) => s.idHash === sha256(token));
    expect(session?.acr).toBe(HIGH);
    expect(session?.idportenSid).toBeTruthy();

    const audit = await t.db.query<{ outcome: string; details: Record<string, unknown> }>(
      `select outcome, details from audit_log where action = 'auth.login' and actor_id = $1`,
      [personA],
    );
    expect(audit).toEqual([
      { outcome: 'ok', details: expect.objectContaining({ method: 'idporten', acr: HIGH }) },
    ]);
  });

  it('gets an ID token like ID-porten issues: pid, acr, amr TestID, sid, and a pairwise sub', async () => {
    const res = await login(new Browser(t.app, browserOrigin), PID_B);
    const token = sessionTokenIn(res) ?? '';
    const rows = await t.db.query<{ idToken: string; sid: string }>(
      'select id_token as "idToken", idporten_sid as sid from sessions where id_hash = $1',
      [sha256(token)],
    );
    const claims = decodeJwt(rows[0]?.idToken ?? '');
    expect(claims).toMatchObject({
      iss: `${t.config.publicUrl}/test-idp`,
      aud: t.config.idporten.clientId,
      pid: PID_B,
      acr: HIGH,
      amr: ['TestID'],
      sid: rows[0]?.sid,
    });
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(claims.sub).not.toBe(PID_B);
  });

  it('an unknown pid gets /logg-inn?error=unknown-person: no session, no account created', async () => {
    const people = await countRows('select 1 from people');
    const sessions = await countRows('select 1 from sessions');
    const res = await login(new Browser(t.app, browserOrigin), PID_UNKNOWN);
    expectRefused(res, 'unknown-person');
    expect(await countRows('select 1 from people')).toBe(people);
    expect(await countRows('select 1 from sessions')).toBe(sessions);
    expect(await lastLoginFailure()).toBe('unknown-person');
    const hash = lookupHash(t.config.secrets.lookupHashKey, PID_UNKNOWN);
    expect(await countRows('select 1 from people where national_id_hash = $1', [hash])).toBe(0);
  });

  it('a deactivated account gets no session (and the same answer as an unknown person)', async () => {
    const pid = '29848899960';
    const id = await insertPerson(pid, 'Deaktivert Person', 'deactivated');
    const res = await login(new Browser(t.app, browserOrigin), pid);
    expectRefused(res, 'unknown-person');
    expect(await countRows('select 1 from sessions where person_id = $1', [id])).toBe(0);
    expect(await lastLoginFailure()).toBe('deactivated');
  });

  it('S1: a new login ends the session the browser already had', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const first = sessionTokenIn(await login(browser, PID_B)) ?? '';
    expect(browser.cookies.get(sessionCookieName(t.config))).toBe(first);
    const second = sessionTokenIn(await login(browser, PID_B)) ?? '';
    expect(second).not.toBe(first);
    expect(await actorForToken(t.db, t.config, first)).toBeNull();
    expect((await actorForToken(t.db, t.config, second))?.personId).toBe(personB);
  });

  it('keeps no national id in logs or the audit trail (L4)', () => {
    const logs = JSON.stringify(t.logs);
    for (const pid of [PID_A, PID_B, PID_UNKNOWN]) expect(logs).not.toContain(pid);
  });
});

describe('A10 state', () => {
  it('A10 missing state: refused, no session', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_B);
    callback.searchParams.delete('state');
    const sessions = await countRows('select 1 from sessions');
    expectRefused(await browser.get(`${callback.pathname}${callback.search}`));
    expect(await countRows('select 1 from sessions')).toBe(sessions);
    expect(await lastLoginFailure()).toBe('state-missing');
  });

  it('A10 wrong state: refused, no session', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_B);
    callback.searchParams.set('state', randomToken(32));
    expectRefused(await browser.get(`${callback.pathname}${callback.search}`));
    expect(await lastLoginFailure()).toBe('state-unknown');
  });

  it('A10 repeated state parameter: refused', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_B);
    callback.searchParams.append('state', String(callback.searchParams.get('state')));
    expectRefused(await browser.get(`${callback.pathname}${callback.search}`));
  });

  it('A10 replayed state: the callback works once', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_B);
    const url = `${callback.pathname}${callback.search}`;
    const first = await browser.get(url);
    expect(sessionTokenIn(first)).toBeDefined();
    const before = await liveSessions(personB);
    expectRefused(await browser.get(url));
    expect(await liveSessions(personB)).toBe(before);
    expect(await lastLoginFailure()).toBe('state-unknown');
  });

  it('A10 expired state: refused', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_B);
    await t.db.query(
      `update oidc_logins set expires_at = now() - interval '1 second' where state = $1`,
      [callback.searchParams.get('state')],
    );
    expectRefused(await browser.get(`${callback.pathname}${callback.search}`));
    expect(await lastLoginFailure()).toBe('state-expired');
  });

  it('A10 state from another browser (login CSRF): refused, and the state is spent', async () => {
    const attacker = new Browser(t.app, browserOrigin);
    const callback = await authenticate(attacker, PID_B);
    const url = `${callback.pathname}${callback.search}`;
    const victim = new Browser(t.app, browserOrigin);
    expectRefused(await victim.get(url));
    expect(await lastLoginFailure()).toBe('state-not-bound');
    expectRefused(await attacker.get(url));
  });

  it('stores state, nonce, PKCE verifier and returnTo for ten minutes', async () => {
    const browser = new Browser(t.app, browserOrigin);
    await browser.get('/auth/idporten/login?returnTo=/a/b');
    const rows = await t.db.query<{
      nonce: string;
      verifier: string;
      returnTo: string;
      minutes: number;
    }>(
      `select nonce, code_verifier as verifier, return_to as "returnTo",
         round(extract(epoch from expires_at - created_at) / 60)::int as minutes
       from oidc_logins where state = $1`,
      [pendingState(browser)],
    );
    expect(rows[0]).toMatchObject({ returnTo: '/a/b', minutes: 10 });
    expect(rows[0]?.nonce.length).toBeGreaterThanOrEqual(43);
    expect(rows[0]?.verifier.length).toBeGreaterThanOrEqual(43);
  });
});

describe('A11 nonce', () => {
  it('A11 wrong nonce: refused, no session', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_B);
    await t.db.query('update oidc_logins set nonce = $2 where state = $1', [
      callback.searchParams.get('state'),
      randomToken(32),
    ]);
    const before = await liveSessions(personB);
    expectRefused(await browser.get(`${callback.pathname}${callback.search}`));
    expect(await liveSessions(personB)).toBe(before);
  });
});

describe('A13 acr, code and PKCE', () => {
  it('A13 too-low acr: substantial when high is required is refused', async () => {
    const before = await liveSessions(personB);
    const res = await login(new Browser(t.app, browserOrigin), PID_B, SUBSTANTIAL);
    expectRefused(res);
    expect(await liveSessions(personB)).toBe(before);
    expect(await lastLoginFailure()).toBe('acr-too-low');
  });

  it('after a refused substantial login, the test ID-porten asks again (step-up) and high succeeds', async () => {
    const browser = new Browser(t.app, browserOrigin);
    expectRefused(await login(browser, PID_B, SUBSTANTIAL));
    // The provider's single sign-on session is at substantial: it must show its page again.
    await openLoginPage(browser);
    const res = await login(browser, PID_B, HIGH);
    expect(sessionTokenIn(res)).toBeDefined();
  });

  it('A13 replayed code: refused by the provider, no second session', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_B);
    const state = callback.searchParams.get('state') ?? '';
    const [pending] = await t.db.query<Record<string, unknown>>(
      'select * from oidc_logins where state = $1',
      [state],
    );
    expect(
      sessionTokenIn(await browser.get(`${callback.pathname}${callback.search}`)),
    ).toBeDefined();
    const before = await liveSessions(personB);
    // The attacker even has the state row back: the code itself is spent.
    await t.db.query(
      `insert into oidc_logins (state, nonce, code_verifier, return_to, expires_at)
       values ($1, $2, $3, '/', now() + interval '5 minutes')`,
      [state, pending?.nonce, pending?.code_verifier],
    );
    browser.cookies.set('samvirke_login', state);
    expectRefused(await browser.get(`${callback.pathname}${callback.search}`));
    expect(await liveSessions(personB)).toBe(before);
    expect(await lastLoginFailure()).toBe('provider:invalid_grant');
  });

  it('A13 missing PKCE verifier: the provider refuses the code, no session', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_B);
    await t.db.query(`update oidc_logins set code_verifier = '' where state = $1`, [
      callback.searchParams.get('state'),
    ]);
    const before = await liveSessions(personB);
    expectRefused(await browser.get(`${callback.pathname}${callback.search}`));
    expect(await liveSessions(personB)).toBe(before);
    expect(await lastLoginFailure()).toBe('provider:invalid_grant');
  });

  it('A13 the test ID-porten refuses a token request without code_verifier', async () => {
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_B);
    const res = await t.app.inject({
      method: 'POST',
      url: '/test-idp/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        client_id: t.config.idporten.clientId,
        client_secret: t.config.idporten.clientSecret ?? '',
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: t.config.idporten.redirectUri,
      }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('accepts high when substantial is required (high > substantial)', async () => {
    const lenient = await createTestApp({ IDPORTEN_ACR_VALUES: SUBSTANTIAL });
    try {
      const orgs = await lenient.db.query<{ id: string }>(
        `insert into organizations (name, kind) values ('K', 'municipality') returning id`,
      );
      await lenient.db.query(
        `insert into people (organization_id, name, username, national_id_enc, national_id_hash, mobile, status)
         values ($1, 'Ola', 'ola', $2, $3, '+4791234567', 'active')`,
        [
          orgs[0]?.id,
          encryptField(lenient.config.secrets.dataEncryptionKey, PID_B),
          lookupHash(lenient.config.secrets.lookupHashKey, PID_B),
        ],
      );
      const origin = new URL(lenient.config.publicUrl).origin;
      const high = await login(new Browser(lenient.app, origin), PID_B, HIGH);
      expect(high.headers.location).toBe('/');
      expect(sessionTokenIn(high)).toBeDefined();
      const substantial = await login(new Browser(lenient.app, origin), PID_B, SUBSTANTIAL);
      expect(sessionTokenIn(substantial)).toBeDefined();
    } finally {
      await lenient.close();
    }
  });
});

describe('A14 returnTo', () => {
  const refused = [
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https:evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '%2F%2Fevil.example',
    '/%2F%2Fevil.example',
    '/%5Cevil.example',
    '/.//evil.example',
    'plans',
    '/x\r\nset-cookie: a=b',
  ];
  for (const returnTo of refused) {
    it(`A14 ${JSON.stringify(returnTo)} becomes /`, async () => {
      const browser = new Browser(t.app, browserOrigin);
      await browser.get(`/auth/idporten/login?returnTo=${encodeURIComponent(returnTo)}`);
      const rows = await t.db.query<{ returnTo: string }>(
        'select return_to as "returnTo" from oidc_logins where state = $1',
        [pendingState(browser)],
      );
      expect(rows[0]?.returnTo).toBe('/');
    });
  }

  it('A14 a same-origin path survives the whole login', async () => {
    const res = await login(
      new Browser(t.app, browserOrigin),
      PID_B,
      HIGH,
      '?returnTo=%2Fplaner%2F1%23maal',
    );
    expect(res.headers.location).toBe('/planer/1#maal');
  });

  it('A14 an off-site returnTo ends the whole login at /', async () => {
    const res = await login(
      new Browser(t.app, browserOrigin),
      PID_B,
      HIGH,
      '?returnTo=%2F%2Fevil.example',
    );
    expect(res.headers.location).toBe('/');
  });
});

describe('Z15 invitations', () => {
  it('Z15 an invitation is bound to the verified identity: A’s link used by B is refused', async () => {
    const invitation = await insertInvitation(personA);
    const before = await liveSessions(personB);
    const res = await login(
      new Browser(t.app, browserOrigin),
      PID_B,
      HIGH,
      `?invitation=${invitation.token}`,
    );
    expectRefused(res);
    expect(await liveSessions(personB)).toBe(before);
    expect(await invitationUsedAt(invitation.id)).toBeNull();
    expect(await lastLoginFailure()).toBe('invitation-other-person');
  });

  it('Z15 the invited person’s own login uses the invitation once', async () => {
    const invitation = await insertInvitation(personA);
    const res = await login(
      new Browser(t.app, browserOrigin),
      PID_A,
      HIGH,
      `?invitation=${invitation.token}`,
    );
    expect(sessionTokenIn(res)).toBeDefined();
    const usedAt = await invitationUsedAt(invitation.id);
    expect(usedAt).toBeInstanceOf(Date);

    // Single use: the link is not carried again, and stays used at the first time.
    const browser = new Browser(t.app, browserOrigin);
    await browser.get(`/auth/idporten/login?invitation=${invitation.token}`);
    const rows = await t.db.query<{ invitationId: string | null }>(
      'select invitation_id as "invitationId" from oidc_logins where state = $1',
      [pendingState(browser)],
    );
    expect(rows[0]?.invitationId).toBeNull();
    expect(await invitationUsedAt(invitation.id)).toEqual(usedAt);
  });

  it('Z15 an invitation used by another login while this one was at ID-porten is refused', async () => {
    const invitation = await insertInvitation(personA);
    const browser = new Browser(t.app, browserOrigin);
    const callback = await authenticate(browser, PID_A, HIGH, `?invitation=${invitation.token}`);
    await t.db.query('update invitations set used_at = now() where id = $1', [invitation.id]);
    expectRefused(await browser.get(`${callback.pathname}${callback.search}`));
    expect(await lastLoginFailure()).toBe('invitation-used-or-expired');
  });

  it('Z15 an expired invitation is not carried, and one expiring during the login is refused', async () => {
    const expired = await insertInvitation(personA, "interval '-1 minute'");
    const browser = new Browser(t.app, browserOrigin);
    await browser.get(`/auth/idporten/login?invitation=${expired.token}`);
    const rows = await t.db.query<{ invitationId: string | null }>(
      'select invitation_id as "invitationId" from oidc_logins where state = $1',
      [pendingState(browser)],
    );
    expect(rows[0]?.invitationId).toBeNull();

    const expiring = await insertInvitation(personA);
    const second = new Browser(t.app, browserOrigin);
    const callback = await authenticate(second, PID_A, HIGH, `?invitation=${expiring.token}`);
    await t.db.query(
      `update invitations set expires_at = now() - interval '1 second' where id = $1`,
      [expiring.id],
    );
    expectRefused(await second.get(`${callback.pathname}${callback.search}`));
    expect(await invitationUsedAt(expiring.id)).toBeNull();
  });
});

describe('single logout', () => {
  async function loggedIn() {
    const res = await login(new Browser(t.app, browserOrigin), PID_B);
    const token = sessionTokenIn(res) ?? '';
    const rows = await t.db.query<{ sid: string }>(
      'select idporten_sid as sid from sessions where id_hash = $1',
      [sha256(token)],
    );
    return { token, sid: rows[0]?.sid ?? '' };
  }

  it('front-channel logout with iss and sid ends the session; the page is framable by the issuer only', async () => {
    const { token, sid } = await loggedIn();
    const issuer = `${t.config.publicUrl}/test-idp`;
    const res = await t.app.inject(
      `/auth/idporten/frontchannel-logout?iss=${encodeURIComponent(issuer)}&sid=${encodeURIComponent(sid)}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toBe(
      `default-src 'none'; frame-ancestors ${new URL(issuer).origin}`,
    );
    expect(await actorForToken(t.db, t.config, token)).toBeNull();
    const rows = await t.db.query<{ reason: string }>(
      'select end_reason as reason from sessions where id_hash = $1',
      [sha256(token)],
    );
    expect(rows[0]?.reason).toBe('frontchannel');
  });

  it('front-channel logout naming another issuer ends nothing', async () => {
    const { token, sid } = await loggedIn();
    const res = await t.app.inject(
      `/auth/idporten/frontchannel-logout?iss=${encodeURIComponent('https://evil.example')}&sid=${encodeURIComponent(sid)}`,
    );
    expect(res.statusCode).toBe(200);
    expect(await actorForToken(t.db, t.config, token)).not.toBeNull();
  });

  it('S8 a forged back-channel logout token (right kid, foreign key) is refused, nothing ended', async () => {
    const { token, sid } = await loggedIn();
    const jwks = await t.app.inject('/test-idp/jwks');
    const kid = (jwks.json() as { keys: { kid: string }[] }).keys[0]?.kid ?? '';
    const foreign = await generateKeyPair('RS256');
    const forged = await new SignJWT({
      sid,
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'logout+jwt' })
      .setIssuer(`${t.config.publicUrl}/test-idp`)
      .setAudience(t.config.idporten.clientId)
      .setIssuedAt()
      .setJti(randomToken(16))
      .sign(foreign.privateKey);
    const res = await t.app.inject({
      method: 'POST',
      url: '/auth/idporten/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ logout_token: forged }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(await actorForToken(t.db, t.config, token)).not.toBeNull();
  });

  it('S8 RP-initiated logout: endSessionUrl, the provider logs out and its back-channel call ends the session', async () => {
    // The same parts app.ts composes, to reach the Idporten object it returns.
    const app = Fastify();
    const deps = { config: t.config, db: t.db };
    await registerAuth(app, deps);
    const idporten = await registerIdporten(app, deps);
    await registerTestIdp(app, deps);
    await app.ready();
    try {
      const browser = new Browser(app, browserOrigin);
      const res = await login(browser, PID_B);
      const token = sessionTokenIn(res) ?? '';
      const rows = await t.db.query<{ idToken: string }>(
        'select id_token as "idToken" from sessions where id_hash = $1',
        [sha256(token)],
      );
      expect(await idporten.endSessionUrl(null)).toBeNull();
      const endSessionUrl = new URL((await idporten.endSessionUrl(rows[0]?.idToken ?? null)) ?? '');
      expect(endSessionUrl.pathname).toBe('/test-idp/session/end');
      expect(endSessionUrl.searchParams.get('post_logout_redirect_uri')).toBe(
        `${t.config.publicUrl}/`,
      );
      expect(endSessionUrl.searchParams.get('id_token_hint')).toBe(rows[0]?.idToken);

      const page = await browser.get(endSessionUrl.href);
      expect(page.statusCode).toBe(200);
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const action =
        /id="op\.logoutForm" method="post" action="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const confirmed = await browser.post(action, { xsrf, logout: 'yes' });
      expect(confirmed.statusCode).toBe(303);
      expect(confirmed.headers.location).toBe(`${t.config.publicUrl}/`);
      expect(await actorForToken(t.db, t.config, token)).toBeNull();
      const ended = await t.db.query<{ reason: string }>(
        'select end_reason as reason from sessions where id_hash = $1',
        [sha256(token)],
      );
      expect(ended[0]?.reason).toBe('backchannel');
    } finally {
      await app.close();
    }
  });
});

describe('production', () => {
  it('has no test ID-porten: /test-idp/.well-known/openid-configuration is 404', async () => {
    const production = await createTestApp(productionEnv());
    try {
      const res = await production.app.inject('/test-idp/.well-known/openid-configuration');
      expect(res.statusCode).toBe(404);
      const interaction = await production.app.inject('/test-idp/interaction/x');
      expect(interaction.statusCode).toBe(404);
    } finally {
      await production.close();
    }
  });
});
