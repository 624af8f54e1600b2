import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import {
  type ClientMetadata,
  interactionPolicy,
  type Policy,
  Provider,
  type ProviderContext,
} from 'oidc-provider';
import { injectFetch } from '../../auth/idporten/inject-fetch.ts';
import type { Config } from '../../config.ts';
import { memoryAdapterFactory } from './memory-adapter.ts';
import { ACR_HIGH, ACR_SUBSTANTIAL, errorPage, loggedOutPage, logoutPage } from './pages.ts';

export const TEST_IDP_PATH = '/test-idp';

/** The issuer of the built-in test ID-porten. */
export function testIdpIssuer(config: Pick<Config, 'publicUrl'>): string {
  return `${config.publicUrl}${TEST_IDP_PATH}`;
}

const PID = /^\d{11}$/;

function derivedKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`test-idp:${purpose}`).digest('base64url');
}

/**
 * An oidc-provider that behaves like ID-porten for one client (ours): code flow with PKCE
 * S256 required, PAR, `acr` at substantial or high, `pid`, `amr: ['TestID']` and `sid` in
 * the ID token, pairwise `sub`, RP-initiated and back-channel logout.
 */
export async function createTestProvider(app: FastifyInstance, config: Config): Promise<Provider> {
  const issuer = testIdpIssuer(config);
  const signingKey = await generateKeyPair('RS256', { extractable: true });
  const signingJwk: JWK = {
    ...(await exportJWK(signingKey.privateKey)),
    kid: randomUUID(),
    alg: 'RS256',
    use: 'sig',
  };
  const pairwiseKey = derivedKey(config.secrets.sessionSecret, 'pairwise');
  const cookiePath = new URL(issuer).pathname;

  const provider = new Provider(issuer, {
    adapter: memoryAdapterFactory(),
    clients: [clientOf(config)],
    jwks: { keys: [signingJwk] },
    cookies: {
      names: {
        session: 'testidp_session',
        interaction: 'testidp_interaction',
        resume: 'testidp_resume',
      },
      long: { httpOnly: true, sameSite: 'lax', path: cookiePath },
      short: { httpOnly: true, sameSite: 'lax', path: cookiePath },
      keys: [derivedKey(config.secrets.sessionSecret, 'cookies')],
    },
    acrValues: [ACR_SUBSTANTIAL, ACR_HIGH],
    scopes: ['openid'],
    responseTypes: ['code'],
    subjectTypes: ['public', 'pairwise'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    claims: { openid: ['sub', 'pid', 'amr'], acr: null, sid: null, auth_time: null, iss: null },
    // ID-porten puts pid in the ID token; oidc-provider otherwise keeps it for userinfo.
    conformIdTokenClaims: false,
    clientBasedCORS: () => false,
    async findAccount(_ctx, sub) {
      if (!PID.test(sub)) return undefined;
      return { accountId: sub, claims: () => ({ sub, pid: sub }) };
    },
    async pairwiseIdentifier(_ctx, accountId, client) {
      const sector = client.sectorIdentifier ?? client.clientId;
      return createHmac('sha256', pairwiseKey).update(`${sector}|${accountId}`).digest('base64url');
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: { enabled: false },
      pushedAuthorizationRequests: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = logoutPage(TEST_IDP_PATH, form);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = loggedOutPage(TEST_IDP_PATH);
        },
      },
    },
    interactions: {
      policy: stepUpPolicy(),
      url: async (_ctx, interaction) => `${cookiePath}/interaction/${interaction.uid}`,
    },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 12 * 3600,
      Grant: 12 * 3600,
    },
    async renderError(ctx: ProviderContext, out: Record<string, unknown>) {
      ctx.type = 'html';
      const description = out.error_description;
      ctx.body = errorPage(
        TEST_IDP_PATH,
        String(out.error ?? 'server_error'),
        typeof description === 'string' ? description : undefined,
      );
    },
    // Back-channel logout calls go to our own app, in process.
    fetch: injectFetch(app, new URL(config.publicUrl).origin),
  });
  // Our own route sets X-Forwarded-Proto/-Host from PUBLIC_URL, so URLs match the issuer.
  provider.proxy = true;
  return provider;
}

/**
 * Like ID-porten, a single sign-on session at a lower level than the client asks for is not
 * enough: the person logs in again (step-up) instead of being let through at the old level.
 */
function stepUpPolicy(): Policy {
  const policy = interactionPolicy.base();
  const check = new interactionPolicy.Check(
    'acr_step_up',
    'a higher security level is required',
    (ctx) => {
      const { params, session, result } = ctx.oidc;
      if (!session.accountId || result?.login) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const asked = typeof params.acr_values === 'string' ? params.acr_values.split(' ') : [];
      const wantsHigh = asked.includes(ACR_HIGH) && !asked.includes(ACR_SUBSTANTIAL);
      return wantsHigh && session.acr !== ACR_HIGH
        ? interactionPolicy.Check.REQUEST_PROMPT
        : interactionPolicy.Check.NO_NEED_TO_PROMPT;
    },
  );
  policy.get('login')?.checks.add(check);
  return policy;
}

/** Our one client, registered like Samvirke is registered with ID-porten. */
function clientOf(config: Config): ClientMetadata {
  const { idporten, publicUrl } = config;
  const common: ClientMetadata = {
    client_id: idporten.clientId,
    client_name: 'Samvirke',
    redirect_uris: [idporten.redirectUri],
    post_logout_redirect_uris: [`${publicUrl}/`],
    backchannel_logout_uri: `${publicUrl}/auth/idporten/backchannel-logout`,
    backchannel_logout_session_required: true,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    subject_type: 'pairwise',
    id_token_signed_response_alg: 'RS256',
  };
  if (idporten.clientJwk) {
    const publicJwk = publicJwkOf(idporten.clientJwk);
    return {
      ...common,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [publicJwk] },
    };
  }
  return {
    ...common,
    client_secret: idporten.clientSecret,
    token_endpoint_auth_method: 'client_secret_post',
  };
}

/** The public half of the client's private JWK: only the public members, by key type. */
function publicJwkOf(privateJwkJson: string): JWK {
  const jwk = JSON.parse(privateJwkJson) as JWK;
  const meta = {
    ...(jwk.kid ? { kid: jwk.kid } : {}),
    ...(jwk.alg ? { alg: jwk.alg } : {}),
    use: 'sig',
  };
  switch (jwk.kty) {
    case 'RSA':
      return { kty: 'RSA', n: jwk.n, e: jwk.e, ...meta };
    case 'EC':
      return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y, ...meta };
    case 'OKP':
      return { kty: 'OKP', crv: jwk.crv, x: jwk.x, ...meta };
    default:
      throw new Error('IDPORTEN_CLIENT_JWK must be an RSA, EC or OKP private key');
  }
}
