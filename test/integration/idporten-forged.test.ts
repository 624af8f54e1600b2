import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { LightMyRequestResponse } from 'fastify';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForToken } from '../../src/server/auth/actor.ts';
import { sessionCookieName } from '../../src/server/auth/sessions.ts';
import { encryptField, lookupHash, sha256 } from '../../src/server/security/crypto.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/**
 * The relying party against a fake OpenID provider of our own (node:http on 127.0.0.1)
 * whose ID tokens and logout tokens we forge with jose: every check the callback and the
 * back-channel endpoint make must refuse the bad ones (A11–A13, A15, S8).
 */

const CLIENT_ID = 'samvirke-forged';
const CLIENT_SECRET = 'forged-op-client-secret-0123456789';
const PID = '12858510048';
const PID_UNKNOWN = '15871217588';
const HIGH = 'idporten-loa-high';
const SUBSTANTIAL = 'idporten-loa-substantial';
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
type Pending = { nonce: string; challenge: string; sid: string };
/** How the fake provider answers one code: the ID token it issues, given the login's nonce. */
type Forge = (base: JWTPayload) => Promise<string>;

let server: Server;
let issuer: string;
let opKey: KeyPair;
let foreignKey: KeyPair;
const codes = new Map<string, Pending & { forge: Forge }>();
/** How many discovery requests the fake provider answers with 503 before it works. */
let discoveryFailures = 0;

let t: TestApp;
let personId: string;
let otherEmailPersonId: string;

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sign(payload: JWTPayload, key: KeyPair = opKey, kid = 'op-key', typ?: string) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid, ...(typ ? { typ } : {}) })
    .sign(key.privateKey);
}

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The fake provider: discovery, JWKS and a token endpoint that checks client auth and PKCE. */
async function startFakeProvider(): Promise<void> {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      if (discoveryFailures > 0) {
        discoveryFailures--;
        return json(503, { error: 'temporarily_unavailable' });
      }
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        // Like ID-porten: login and logout pages on another origin than the issuer.
        end_session_endpoint: 'https://login.op.example/logout',
        response_types_supported: ['code'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
      });
    }
    if (url.pathname === '/jwks') {
      return json(200, {
        keys: [{ ...(await exportJWK(opKey.publicKey)), kid: 'op-key', alg: 'RS256', use: 'sig' }],
      });
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = await body(req);
      if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
        return json(401, { error: 'invalid_client' });
      }
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code);
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!pending || challenge !== pending.challenge) return json(400, { error: 'invalid_grant' });
      const now = Math.floor(Date.now() / 1000);
      const idToken = await pending.forge({
        iss: issuer,
        aud: CLIENT_ID,
        sub: `pairwise-${randomBytes(8).toString('hex')}`,
        pid: PID,
        acr: HIGH,
        amr: ['TestID'],
        sid: pending.sid,
        nonce: pending.nonce,
        iat: now,
        exp: now + 120,
        auth_time: now,
      });
      return json(200, {
        access_token: 'at',
        token_type: 'Bearer',
        expires_in: 120,
        id_token: idToken,
      });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  issuer = `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  opKey = await generateKeyPair('RS256');
  foreignKey = await generateKeyPair('RS256');
  await startFakeProvider();
  t = await createTestApp({
    IDPORTEN_ISSUER: issuer,
    IDPORTEN_CLIENT_ID: CLIENT_ID,
    IDPORTEN_CLIENT_SECRET: CLIENT_SECRET,
  });
  const orgs = await t.db.query<{ id: string }>(
    `insert into organizations (name, kind) values ('Testkommune', 'municipality') returning id`,
  );
  const insert = async (pid: string, name: string, email: string) => {
    const rows = await t.db.query<{ id: string }>(
      `insert into people (organization_id, name, username, national_id_enc, national_id_hash, email, status)
       values ($1, $2, $3, $4, $5, $6, 'active') returning id`,
      [
        orgs[0]?.id,
        name,
        `u${pid}`,
        encryptField(t.config.secrets.dataEncryptionKey, pid),
        lookupHash(t.config.secrets.lookupHashKey, pid),
        email,
      ],
    );
    return rows[0]?.id ?? '';
  };
  personId = await insert(PID, 'Kari Nordmann', 'kari@example.no');
  otherEmailPersonId = await insert('03889013752', 'Ola Nordmann', 'ola@example.no');
});

afterAll(async () => {
  await t.close();
  await new Promise((resolve) => server.close(resolve));
});

/** Starts a login (the fake provider has no PAR: the browser carries the parameters). */
async function startLogin(query = '') {
  const res = await t.app.inject(`/auth/idporten/login${query}`);
  expect(res.statusCode).toBe(302);
  const authorize = new URL(String(res.headers.location));
  const binding = res.cookies.find((c) => c.name === 'samvirke_login');
  return { authorize, cookie: `samvirke_login=${binding?.value ?? ''}` };
}

/** A whole login where the provider answers the code with the ID token `forge` makes. */
async function loginWith(forge: Forge, sid = `sid-${randomBytes(6).toString('hex')}`) {
  const { authorize, cookie } = await startLogin();
  const state = authorize.searchParams.get('state') ?? '';
  const code = randomBytes(16).toString('base64url');
  codes.set(code, {
    nonce: authorize.searchParams.get('nonce') ?? '',
    challenge: authorize.searchParams.get('code_challenge') ?? '',
    sid,
    forge,
  });
  const res = await t.app.inject({
    url: `/auth/idporten/callback?code=${code}&state=${state}`,
    headers: { cookie },
  });
  return { res, sid };
}

function sessionToken(res: LightMyRequestResponse): string | undefined {
  return res.cookies.find((c) => c.name === sessionCookieName(t.config) && c.value !== '')?.value;
}

function expectRefused(res: LightMyRequestResponse, error = 'login-failed') {
  expect(res.statusCode).toBe(302);
  expect(res.headers.location).toBe(`/logg-inn?error=${error}`);
  expect(sessionToken(res)).toBeUndefined();
}

async function lastFailure(): Promise<string> {
  const rows = await t.db.query<{ details: { reason: string } }>(
    `select details from audit_log where action = 'auth.login' and outcome = 'failed'
     order by at desc, id desc limit 1`,
  );
  return rows[0]?.details.reason ?? '';
}

async function liveSessions(id: string): Promise<number> {
  const rows = await t.db.query<{ n: number }>(
    'select count(*)::int as n from sessions where person_id = $1 and ended_at is null',
    [id],
  );
  return rows[0]?.n ?? 0;
}

describe('discovery', () => {
  it('an unreachable provider fails the login politely; the next login discovers again', async () => {
    discoveryFailures = 2;
    const down = await t.app.inject('/auth/idporten/login');
    expect(down.statusCode).toBe(302);
    expect(down.headers.location).toBe('/logg-inn?error=login-failed');
    expect(discoveryFailures).toBe(0);
    // One more hiccup is retried within the same login.
    discoveryFailures = 1;
    const up = await t.app.inject('/auth/idporten/login');
    expect(String(up.headers.location).startsWith(`${issuer}/authorize?`)).toBe(true);
    expect(discoveryFailures).toBe(0);
  });
});

describe('the authorization request', () => {
  it('asks for code, openid, the configured acr, PKCE S256, state and nonce at the registered redirect URI', async () => {
    const { authorize } = await startLogin();
    const params = Object.fromEntries(authorize.searchParams);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer}/authorize`);
    expect(params).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      scope: 'openid',
      acr_values: HIGH,
      code_challenge_method: 'S256',
      redirect_uri: t.config.idporten.redirectUri,
      ui_locales: 'nb',
    });
    expect(params.state?.length).toBeGreaterThanOrEqual(43);
    expect(params.nonce?.length).toBeGreaterThanOrEqual(43);
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('passes the user’s language to ID-porten', async () => {
    const res = await t.app.inject({
      url: '/auth/idporten/login',
      headers: { 'accept-language': 'nn-NO,nn;q=0.9,en;q=0.5' },
    });
    expect(new URL(String(res.headers.location)).searchParams.get('ui_locales')).toBe('nn');
  });
});

describe('a valid login from this provider', () => {
  it('starts a session for the person with that pid', async () => {
    const { res, sid } = await loginWith((base) => sign(base));
    expect(res.headers.location).toBe('/');
    const actor = await actorForToken(t.db, t.config, sessionToken(res) ?? '');
    expect(actor?.personId).toBe(personId);
    const rows = await t.db.query<{ sid: string }>(
      'select idporten_sid as sid from sessions where id_hash = $1',
      [sha256(sessionToken(res) ?? '')],
    );
    expect(rows[0]?.sid).toBe(sid);
  });
});

describe('A12 ID token checks', () => {
  const cases: [string, Forge][] = [
    ['A12 wrong iss', (base) => sign({ ...base, iss: 'https://evil.example' })],
    ['A12 wrong aud', (base) => sign({ ...base, aud: 'someone-else' })],
    [
      'A12 aud with us and another client but no azp',
      (base) => sign({ ...base, aud: [CLIENT_ID, 'other'] }),
    ],
    ['A12 alg none', async (base) => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(base)}.`],
    [
      'A12 HS256 with the client secret (algorithm confusion)',
      (base) =>
        new SignJWT(base)
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(CLIENT_SECRET)),
    ],
    [
      'A12 expired token',
      (base) => {
        const now = Math.floor(Date.now() / 1000);
        return sign({ ...base, iat: now - 3600, exp: now - 1800 });
      },
    ],
    ['A12 signed by a foreign key (unknown kid)', (base) => sign(base, foreignKey, 'foreign-key')],
    [
      'A12 signed by a foreign key (the provider’s kid)',
      (base) => sign(base, foreignKey, 'op-key'),
    ],
    [
      'A12 signature of another token',
      async (base) => {
        const real = (await sign({ ...base, pid: '03889013752' })).split('.');
        const forged = (await sign(base)).split('.');
        return `${forged[0]}.${forged[1]}.${real[2]}`;
      },
    ],
    ['A11 wrong nonce', (base) => sign({ ...base, nonce: 'not-the-nonce' })],
    ['A11 missing nonce', (base) => sign({ ...base, nonce: undefined })],
    ['A13 too-low acr', (base) => sign({ ...base, acr: SUBSTANTIAL })],
    ['A13 missing acr', (base) => sign({ ...base, acr: undefined })],
    ['A13 unknown acr', (base) => sign({ ...base, acr: 'Level4' })],
    ['missing pid', (base) => sign({ ...base, pid: undefined })],
  ];
  for (const [name, forge] of cases) {
    it(`${name}: refused, no session`, async () => {
      const before = await liveSessions(personId);
      const { res } = await loginWith(forge);
      expectRefused(res);
      expect(await liveSessions(personId)).toBe(before);
      // Refused while checking the ID token, not by the provider or the person look-up.
      const expected = name.startsWith('A13')
        ? 'acr-too-low'
        : name === 'missing pid'
          ? 'pid-missing'
          : /^oidc:/;
      expect(await lastFailure()).toMatch(expected);
    });
  }

  it('A13 a code exchanged without the right PKCE verifier is refused by the provider, and by us', async () => {
    const { authorize, cookie } = await startLogin();
    const code = randomBytes(16).toString('base64url');
    codes.set(code, {
      nonce: authorize.searchParams.get('nonce') ?? '',
      challenge: 'not-the-challenge-of-our-verifier',
      sid: 'sid-pkce',
      forge: (base) => sign(base),
    });
    const res = await t.app.inject({
      url: `/auth/idporten/callback?code=${code}&state=${authorize.searchParams.get('state')}`,
      headers: { cookie },
    });
    expectRefused(res);
    expect(await lastFailure()).toBe('provider:invalid_grant');
  });
});

describe('A15 identity is (issuer, pid)', () => {
  it('A15 a pid we do not know is unknown even when the e-mail claim matches a registered person', async () => {
    const before = await liveSessions(otherEmailPersonId);
    const { res } = await loginWith((base) =>
      sign({ ...base, pid: PID_UNKNOWN, email: 'ola@example.no', email_verified: true }),
    );
    expectRefused(res, 'unknown-person');
    expect(await liveSessions(otherEmailPersonId)).toBe(before);
    expect(await lastFailure()).toBe('unknown-person');
  });

  it('A15 the pid decides, not sub or e-mail: a different sub and another’s e-mail still reach the pid’s person', async () => {
    const { res } = await loginWith((base) =>
      sign({ ...base, sub: 'another-pairwise-sub', email: 'ola@example.no' }),
    );
    const actor = await actorForToken(t.db, t.config, sessionToken(res) ?? '');
    expect(actor?.personId).toBe(personId);
  });
});

describe('front-channel logout', () => {
  it('ends the sessions of that sid; the page may be framed by the issuer and its logout page only', async () => {
    const { res, sid } = await loginWith((base) => sign(base));
    const token = sessionToken(res) ?? '';
    const out = await t.app.inject(
      `/auth/idporten/frontchannel-logout?iss=${encodeURIComponent(issuer)}&sid=${encodeURIComponent(sid)}`,
    );
    expect(out.statusCode).toBe(200);
    expect(out.headers['content-security-policy']).toBe(
      `default-src 'none'; frame-ancestors ${issuer} https://login.op.example`,
    );
    expect(out.headers['x-frame-options']).toBeUndefined();
    expect(await actorForToken(t.db, t.config, token)).toBeNull();
  });
});

describe('S8 back-channel logout', () => {
  async function postLogoutToken(token: string) {
    return t.app.inject({
      method: 'POST',
      url: '/auth/idporten/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ logout_token: token }).toString(),
    });
  }

  function logoutClaims(sid: string): JWTPayload {
    return {
      iss: issuer,
      aud: CLIENT_ID,
      iat: Math.floor(Date.now() / 1000),
      jti: randomBytes(8).toString('hex'),
      sid,
      events: { [LOGOUT_EVENT]: {} },
    };
  }

  async function loggedIn() {
    const { res, sid } = await loginWith((base) => sign(base));
    const token = sessionToken(res) ?? '';
    expect(await actorForToken(t.db, t.config, token)).not.toBeNull();
    return { token, sid };
  }

  const refused: [string, (sid: string) => Promise<string>][] = [
    [
      'S8 forged (foreign key)',
      (sid) => sign(logoutClaims(sid), foreignKey, 'op-key', 'logout+jwt'),
    ],
    ['S8 wrong aud', (sid) => sign({ ...logoutClaims(sid), aud: 'someone-else' })],
    ['S8 wrong iss', (sid) => sign({ ...logoutClaims(sid), iss: 'https://evil.example' })],
    ['S8 alg none', async (sid) => `${b64url({ alg: 'none' })}.${b64url(logoutClaims(sid))}.`],
    ['S8 no logout event', (sid) => sign({ ...logoutClaims(sid), events: undefined })],
    ['S8 with a nonce (an ID token)', (sid) => sign({ ...logoutClaims(sid), nonce: 'n' })],
    ['S8 no sid', (sid) => sign({ ...logoutClaims(sid), sid: undefined, sub: 'x' })],
    [
      'S8 issued long ago',
      (sid) => sign({ ...logoutClaims(sid), iat: Math.floor(Date.now() / 1000) - 3600 }),
    ],
  ];
  for (const [name, make] of refused) {
    it(`${name}: 400 and nothing ended`, async () => {
      const { token, sid } = await loggedIn();
      const res = await postLogoutToken(await make(sid));
      expect(res.statusCode).toBe(400);
      expect(await actorForToken(t.db, t.config, token)).not.toBeNull();
    });
  }

  it('S8 no logout_token at all: 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/auth/idporten/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'something=else',
    });
    expect(res.statusCode).toBe(400);
  });

  it('S8 a valid logout token ends the sessions of that ID-porten session only', async () => {
    const one = await loggedIn();
    const other = await loggedIn();
    const res = await postLogoutToken(
      await sign(logoutClaims(one.sid), opKey, 'op-key', 'logout+jwt'),
    );
    expect(res.statusCode).toBe(200);
    expect(await actorForToken(t.db, t.config, one.token)).toBeNull();
    expect(await actorForToken(t.db, t.config, other.token)).not.toBeNull();
    const audit = await t.db.query<{ details: Record<string, unknown> }>(
      `select details from audit_log where action = 'auth.logout' and actor_id = $1`,
      [personId],
    );
    expect(audit.at(-1)?.details).toEqual({ method: 'idporten', channel: 'backchannel' });
  });
});
