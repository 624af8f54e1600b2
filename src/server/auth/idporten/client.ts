import type { FastifyInstance } from 'fastify';
import {
  createRemoteJWKSet,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
  customFetch as joseCustomFetch,
} from 'jose';
import * as oidc from 'openid-client';
import type { Config, IdportenSettings } from '../../config.ts';
import { injectFetch } from './inject-fetch.ts';

/** The path of the built-in test ID-porten (src/server/modules/test-idp). */
const TEST_IDP_PATH = '/test-idp';
const REFRESH_AFTER_MS = 24 * 3600 * 1000;

export type IdportenClient = {
  /** The issuer we trust: ID-porten, or the built-in test provider outside production. */
  readonly issuer: string;
  /** The discovered configuration: looked up on first use, cached for a day, retried after a failure. */
  configuration(): Promise<oidc.Configuration>;
  /** The issuer's signing keys (for logout tokens). */
  keys(): Promise<JWTVerifyGetKey>;
};

/**
 * The relying party's view of ID-porten. The built-in test provider is reached through
 * `app.inject` (no socket needed) and over http; apart from that the code path is the one
 * used against the real ID-porten.
 */
export function createIdportenClient(app: FastifyInstance, config: Config): IdportenClient {
  const settings = config.idporten;
  const builtIn = settings.issuer === undefined;
  const issuer = settings.issuer ?? `${config.publicUrl}${TEST_IDP_PATH}`;
  const fetchImpl = builtIn ? injectFetch(app, new URL(config.publicUrl).origin) : undefined;
  // Plain http only for a local issuer outside production; production insists on https.
  const insecure = new URL(issuer).protocol === 'http:' && config.mode !== 'production';

  let current: { configuration: oidc.Configuration; at: number } | undefined;
  let pending: Promise<oidc.Configuration> | undefined;
  let keySet: { uri: string; keys: JWTVerifyGetKey } | undefined;

  async function discover(): Promise<oidc.Configuration> {
    const auth = await clientAuthOf(settings);
    const options: oidc.DiscoveryRequestOptions = {
      execute: [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])],
      timeout: 10,
      ...(fetchImpl ? { [oidc.customFetch]: fetchImpl } : {}),
    };
    const metadata = { id_token_signed_response_alg: 'RS256' };
    try {
      return await oidc.discovery(new URL(issuer), settings.clientId, metadata, auth, options);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return oidc.discovery(new URL(issuer), settings.clientId, metadata, auth, options);
    }
  }

  async function configuration(): Promise<oidc.Configuration> {
    if (current && Date.now() - current.at < REFRESH_AFTER_MS) return current.configuration;
    pending ??= discover()
      .then((found) => {
        current = { configuration: found, at: Date.now() };
        return found;
      })
      .finally(() => {
        pending = undefined;
      });
    try {
      return await pending;
    } catch (error) {
      // A failed refresh keeps yesterday's metadata; a failed first discovery is retried next time.
      if (current) return current.configuration;
      throw error;
    }
  }

  return {
    issuer,
    configuration,
    async keys() {
      const uri = (await configuration()).serverMetadata().jwks_uri;
      if (!uri) throw new Error('ID-porten metadata has no jwks_uri');
      if (keySet?.uri !== uri) {
        const keys = createRemoteJWKSet(new URL(uri), {
          timeoutDuration: 5000,
          ...(fetchImpl ? { [joseCustomFetch]: fetchImpl } : {}),
        });
        keySet = { uri, keys };
      }
      return keySet.keys;
    },
  };
}

/** private_key_jwt when a client key is configured (ID-porten's recommendation), else the client secret. */
async function clientAuthOf(settings: IdportenSettings): Promise<oidc.ClientAuth> {
  if (settings.clientJwk) {
    const jwk = JSON.parse(settings.clientJwk) as JWK;
    const key = await importJWK(jwk, typeof jwk.alg === 'string' ? jwk.alg : 'RS256');
    if (!(key instanceof CryptoKey) || key.type !== 'private') {
      throw new Error('IDPORTEN_CLIENT_JWK must be a private asymmetric key');
    }
    return oidc.PrivateKeyJwt(jwk.kid ? { key, kid: jwk.kid } : key);
  }
  // client_secret_post: client_secret_basic's strict form-encoding of the credentials
  // (RFC 6749 appendix B) is decoded inconsistently by servers.
  if (settings.clientSecret) return oidc.ClientSecretPost(settings.clientSecret);
  throw new Error('ID-porten client authentication is not configured');
}
