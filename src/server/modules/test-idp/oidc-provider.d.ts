/**
 * oidc-provider 9 ships no types. These describe only the part the test ID-porten uses,
 * with `unknown` wherever the library hands us loosely shaped data.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** What the provider stores per model (session, interaction, code, grant, …). */
  export type AdapterPayload = {
    [key: string]: unknown;
    uid?: string;
    grantId?: string;
    userCode?: string;
    jti?: string;
    consumed?: number;
  };

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** The Koa context the provider hands to its rendering hooks. */
  export interface ProviderContext {
    type: string;
    status: number;
    body: unknown;
    readonly host: string;
    readonly oidc: { readonly client?: { readonly clientId: string } | undefined };
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  /** What an interaction policy check sees. */
  export interface PolicyContext {
    readonly oidc: {
      readonly params: Readonly<Record<string, unknown>>;
      readonly session: { readonly accountId?: string; readonly acr?: string };
      readonly result?: { readonly login?: unknown } | undefined;
    };
  }

  export class Check {
    constructor(
      reason: string,
      description: string,
      check: (ctx: PolicyContext) => boolean | Promise<boolean>,
    );
    static readonly REQUEST_PROMPT: true;
    static readonly NO_NEED_TO_PROMPT: false;
  }

  export interface Prompt {
    readonly name: string;
    readonly checks: Check[] & { add(check: Check, index?: number): void };
  }

  export type Policy = Prompt[] & { get(name: string): Prompt | undefined };

  export const interactionPolicy: { Check: typeof Check; base(): Policy };

  export type ClientMetadata = {
    [key: string]: unknown;
    client_id: string;
    redirect_uris: string[];
  };

  export type CookieOptions = {
    httpOnly?: boolean;
    sameSite?: 'lax' | 'strict' | 'none';
    path?: string;
    secure?: boolean;
  };

  export interface Configuration {
    adapter?: (model: string) => Adapter;
    clients?: ClientMetadata[];
    jwks?: { keys: Record<string, unknown>[] };
    cookies?: {
      names?: { session?: string; interaction?: string; resume?: string };
      long?: CookieOptions;
      short?: CookieOptions;
      keys?: string[];
    };
    claims?: Record<string, string[] | null>;
    acrValues?: string[];
    scopes?: string[];
    responseTypes?: string[];
    subjectTypes?: string[];
    clientAuthMethods?: string[];
    conformIdTokenClaims?: boolean;
    clientBasedCORS?: () => boolean;
    findAccount?: (ctx: ProviderContext, sub: string) => Promise<Account | undefined>;
    pairwiseIdentifier?: (
      ctx: ProviderContext,
      accountId: string,
      client: { readonly clientId: string; readonly sectorIdentifier?: string },
    ) => Promise<string>;
    features?: {
      devInteractions?: { enabled: boolean };
      resourceIndicators?: { enabled: boolean };
      pushedAuthorizationRequests?: { enabled: boolean };
      backchannelLogout?: { enabled: boolean };
      rpInitiatedLogout?: {
        enabled: boolean;
        logoutSource?: (ctx: ProviderContext, form: string) => Promise<void>;
        postLogoutSuccessSource?: (ctx: ProviderContext) => Promise<void>;
      };
    };
    interactions?: {
      policy?: Policy;
      url: (ctx: ProviderContext, interaction: { uid: string }) => Promise<string>;
    };
    pkce?: { required: () => boolean };
    ttl?: Record<string, number>;
    renderError?: (
      ctx: ProviderContext,
      out: Record<string, unknown>,
      error: unknown,
    ) => Promise<void>;
    fetch?: (url: string, options: RequestInit) => Promise<Response>;
  }

  export interface Interaction {
    readonly uid: string;
    readonly prompt: { readonly name: string; readonly reasons: readonly string[] };
    readonly params: Readonly<Record<string, unknown>>;
    readonly session?: { readonly accountId?: string } | undefined;
  }

  export type InteractionResults =
    | {
        login: { accountId: string; acr?: string; amr?: string[]; remember?: boolean };
        consent?: { grantId: string };
      }
    | { error: string; error_description?: string };

  export class Grant {
    constructor(properties: { accountId: string; clientId: string });
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    /** Trust X-Forwarded-Proto/-Host (Koa's `proxy`). */
    proxy: boolean;
    readonly issuer: string;
    readonly Grant: typeof Grant;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export default Provider;
}
