import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForToken } from '../../src/server/auth/actor.ts';
import { sessionCookieName } from '../../src/server/auth/sessions.ts';
import { encryptField, lookupHash } from '../../src/server/security/crypto.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

/** The built-in test ID-porten: its metadata, its login page and how it behaves. */

const PID = '12858510048';
const OTHER_PID = '03889013752';

let t: TestApp;

/** Cookies by name, and requests through app.inject from the app's own origin. */
function jar(app: FastifyInstance, origin: string) {
  const cookies = new Map<string, string>();
  const send = async (method: 'GET' | 'POST', url: string, form?: Record<string, string>) => {
    const target = new URL(url, origin);
    const res = await app.inject({
      method,
      url: `${target.pathname}${target.search}`,
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    for (const cookie of res.cookies) {
      if (cookie.value === '' || cookie.maxAge === 0) cookies.delete(cookie.name);
      else cookies.set(cookie.name, cookie.value);
    }
    return res;
  };
  return {
    cookies,
    get: (url: string) => send('GET', url),
    post: (url: string, form: Record<string, string>) => send('POST', url, form),
  };
}
type Jar = ReturnType<typeof jar>;

/** Follows redirects from a login start to the test ID-porten's page. */
async function toLoginPage(browser: Jar): Promise<{ url: URL; res: LightMyRequestResponse }> {
  let url = new URL('/auth/idporten/login', 'http://localhost');
  let res = await browser.get(url.pathname);
  while (res.statusCode >= 300 && res.statusCode < 400) {
    url = new URL(String(res.headers.location), url);
    res = await browser.get(url.href);
  }
  expect(url.pathname).toMatch(/^\/test-idp\/interaction\/[^/]+$/);
  return { url, res };
}

/** From a redirect, on through the provider until it sends the browser to our callback. */
async function toCallback(browser: Jar, first: LightMyRequestResponse, from: URL): Promise<URL> {
  let res = first;
  let url = from;
  while (res.statusCode >= 300 && res.statusCode < 400) {
    url = new URL(String(res.headers.location), url);
    if (url.pathname === '/auth/idporten/callback') return url;
    res = await browser.get(url.href);
  }
  throw new Error(`no callback: ${res.statusCode} at ${url.pathname}`);
}

async function seed(app: TestApp) {
  const orgs = await app.db.query<{ id: string }>(
    `insert into organizations (name, kind) values ('Testkommune', 'municipality') returning id`,
  );
  for (const [pid, name, status] of [
    [PID, 'Kari <Nordmann>', 'active'],
    [OTHER_PID, 'Ola Nordmann', 'invited'],
  ] as const) {
    await app.db.query(
      `insert into people (organization_id, name, username, national_id_enc, national_id_hash, mobile, status)
       values ($1, $2, $3, $4, $5, '+4791234567', $6)`,
      [
        orgs[0]?.id,
        name,
        `u${pid}`,
        encryptField(app.config.secrets.dataEncryptionKey, pid),
        lookupHash(app.config.secrets.lookupHashKey, pid),
        status,
      ],
    );
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await seed(t);
});
afterAll(() => t.close());

describe('test ID-porten metadata', () => {
  it('describes an ID-porten-like provider at PUBLIC_URL/test-idp', async () => {
    const res = await t.app.inject('/test-idp/.well-known/openid-configuration');
    expect(res.statusCode).toBe(200);
    const issuer = `${t.config.publicUrl}/test-idp`;
    const metadata = res.json() as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      end_session_endpoint: `${issuer}/session/end`,
      pushed_authorization_request_endpoint: `${issuer}/request`,
      acr_values_supported: ['idporten-loa-substantial', 'idporten-loa-high'],
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['pid', 'acr', 'amr', 'sid']));
    expect(metadata.token_endpoint_auth_methods_supported).not.toContain('none');
  });

  it('requires PKCE: an authorization request without a code challenge is sent back with an error', async () => {
    const query = new URLSearchParams({
      client_id: t.config.idporten.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: t.config.idporten.redirectUri,
      state: 'abc',
      nonce: 'def',
    });
    const res = await t.app.inject(`/test-idp/auth?${query}`);
    expect(res.statusCode).toBe(303);
    const location = new URL(String(res.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(t.config.idporten.redirectUri);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('shows its own error page (no inline style or script) for an unknown client', async () => {
    const res = await t.app.inject(
      '/test-idp/auth?client_id=nobody&response_type=code&scope=openid',
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Noe gikk galt');
    expect(res.body).toContain('invalid_client');
    expect(res.body).not.toMatch(/<script|<style|\sstyle=/i);
  });
});

describe('test ID-porten login page', () => {
  it('is Norwegian with English subtitles, lists the registered people, and needs no inline script or style', async () => {
    const browser = jar(t.app, new URL(t.config.publicUrl).origin);
    const { res } = await toLoginPage(browser);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Test-ID-porten – bare for opplæring og test');
    expect(html).toContain('lang="en"');
    expect(html).toMatch(/<h1>Logg inn/);
    // Registered people: name (escaped) and their synthetic national id, as buttons.
    expect(html).toContain(`name="pid" value="${PID}"`);
    expect(html).toContain('Kari &lt;Nordmann&gt;');
    expect(html).toContain(`name="pid" value="${OTHER_PID}"`);
    expect(html).toContain('(invitert)');
    // A free text field with a label, and the security level (high by default).
    expect(html).toMatch(/<label for="other-pid">/);
    expect(html).toMatch(/<input id="other-pid" name="pid"/);
    expect(html).toMatch(/id="acr-list-high" name="acr" value="idporten-loa-high" checked/);
    expect(html).toMatch(/<legend>Sikkerhetsnivå/);
    for (const id of html.matchAll(/<input [^>]*id="([^"]+)"/g)) {
      expect(html).toContain(`<label for="${id[1]}">`);
    }
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');

    const css = await t.app.inject('/test-idp/style.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('asks again with a message when the typed number is not 11 digits', async () => {
    const browser = jar(t.app, new URL(t.config.publicUrl).origin);
    const { url } = await toLoginPage(browser);
    const res = await browser.post(`${url.pathname}/login`, {
      pid: '1234',
      acr: 'idporten-loa-high',
    });
    // 200, like any form shown again with a message (a 4xx is a console error in browsers).
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toMatch(/aria-invalid="true" aria-describedby="other-pid-error"/);
  });

  it('lets its own forms through the Origin check: Referrer-Policy same-origin, not no-referrer', async () => {
    const browser = jar(t.app, new URL(t.config.publicUrl).origin);
    const { res } = await toLoginPage(browser);
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('refuses a form posted from another origin (S6)', async () => {
    const browser = jar(t.app, new URL(t.config.publicUrl).origin);
    const { url } = await toLoginPage(browser);
    const res = await t.app.inject({
      method: 'POST',
      url: `${url.pathname}/login`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      payload: `pid=${PID}&acr=idporten-loa-high`,
    });
    expect(res.statusCode).toBe(403);
  });

  it('shows an error page, not a login, when the interaction cookie is missing', async () => {
    const browser = jar(t.app, new URL(t.config.publicUrl).origin);
    const { url } = await toLoginPage(browser);
    const res = await t.app.inject(url.pathname);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Noe gikk galt');
  });

  it('logs in any 11-digit number typed in (an unregistered person gets unknown-person from us)', async () => {
    const browser = jar(t.app, new URL(t.config.publicUrl).origin);
    const { url } = await toLoginPage(browser);
    const submitted = await browser.post(`${url.pathname}/login`, {
      pid: '158712 17588',
      acr: 'idporten-loa-high',
    });
    const callback = await toCallback(browser, submitted, url);
    const res = await browser.get(`${callback.pathname}${callback.search}`);
    expect(res.headers.location).toBe('/logg-inn?error=unknown-person');
  });

  it('cancelling sends the browser back with access_denied, and we refuse the login', async () => {
    const browser = jar(t.app, new URL(t.config.publicUrl).origin);
    const { url } = await toLoginPage(browser);
    const aborted = await browser.post(`${url.pathname}/abort`, {});
    const callback = await toCallback(browser, aborted, url);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await browser.get(`${callback.pathname}${callback.search}`);
    expect(res.headers.location).toBe('/logg-inn?error=login-failed');
  });

  it('its auto-submitting logout form (no provider session) is allowed by a CSP hash, not unsafe-inline', async () => {
    const res = await t.app.inject('/test-idp/session/end');
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(res.body).toContain('<script>');
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
  });
});

describe('private_key_jwt', () => {
  it('logs in with client authentication by a private key (ID-porten’s recommendation)', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'samvirke-test-key', alg: 'RS256' };
    const withKey = await createTestApp({ IDPORTEN_CLIENT_JWK: JSON.stringify(jwk) });
    try {
      await seed(withKey);
      const metadata = await withKey.app.inject('/test-idp/.well-known/openid-configuration');
      expect(metadata.statusCode).toBe(200);
      const browser = jar(withKey.app, new URL(withKey.config.publicUrl).origin);
      const { url } = await toLoginPage(browser);
      const submitted = await browser.post(`${url.pathname}/login`, {
        pid: PID,
        acr: 'idporten-loa-high',
      });
      const callback = await toCallback(browser, submitted, url);
      const res = await browser.get(`${callback.pathname}${callback.search}`);
      expect(res.headers.location).toBe('/');
      const token =
        res.cookies.find((c) => c.name === sessionCookieName(withKey.config))?.value ?? '';
      expect(await actorForToken(withKey.db, withKey.config, token)).not.toBeNull();
    } finally {
      await withKey.close();
    }
  });
});
