/**
 * The parts of oidc-provider 9 this project uses, typed from its source and documentation
 * (the package ships JavaScript only). Everything not listed here is not used.
 */
declare module 'oidc-provider' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type JsonObject = { [key: string]: unknown };

  export interface AdapterPayload extends JsonObject {
    readonly iat?: number;
    readonly exp?: number;
    readonly jti?: string;
    readonly kind?: string;
    readonly grantId?: string;
    readonly uid?: string;
    readonly userCode?: string;
    readonly consumed?: number;
    readonly accountId?: string;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface CookieOptions {
    readonly path?: string;
    readonly httpOnly?: boolean;
    readonly sameSite?: 'lax' | 'strict' | 'none';
    readonly secure?: boolean;
    readonly signed?: boolean;
    readonly overwrite?: boolean;
    readonly maxAge?: number;
  }

  export interface Cookies {
    get(name: string, options?: CookieOptions): string | undefined;
    set(name: string, value: string | null, options?: CookieOptions): void;
  }

  export interface Params {
    readonly [name: string]: unknown;
    readonly client_id?: string;
    readonly scope?: string;
    readonly redirect_uri?: string;
    readonly ui_locales?: string;
    readonly login_hint?: string;
    readonly acr_values?: string;
    readonly prompt?: string;
    readonly max_age?: number | string;
    readonly post_logout_redirect_uri?: string;
    toPlainObject?(): JsonObject;
  }

  export interface Account {
    readonly accountId: string;
    claims(
      use: 'id_token' | 'userinfo' | string,
      scope: string,
      claims: JsonObject,
      rejected: readonly string[],
    ): Promise<JsonObject> | JsonObject;
  }

  export interface ClientMetadata extends JsonObject {
    readonly client_id: string;
    readonly client_name?: string;
    readonly client_secret?: string;
    readonly redirect_uris?: readonly string[];
    readonly post_logout_redirect_uris?: readonly string[];
    readonly grant_types?: readonly string[];
    readonly response_types?: readonly string[];
    readonly token_endpoint_auth_method?: string;
    readonly backchannel_logout_uri?: string;
    readonly scope?: string;
    readonly subject_type?: string;
  }

  export interface Client {
    readonly clientId: string;
    readonly clientName?: string;
    readonly clientSecret?: string;
    readonly clientAuthMethod: string;
    readonly redirectUris: readonly string[];
    readonly postLogoutRedirectUris?: readonly string[];
    readonly backchannelLogoutUri?: string;
    readonly subjectType?: string;
    readonly sectorIdentifier?: string;
    readonly scope?: string;
    readonly [extra: string]: unknown;
    grantTypeAllowed(type: string): boolean;
    backchannelLogout(sub: string, sid: string): Promise<void>;
    compareClientSecret(actual: string): Promise<boolean> | boolean;
  }

  export interface ClientStatic {
    find(id: string): Promise<Client | undefined>;
    readonly prototype: Client;
  }

  export interface Grant {
    readonly jti: string;
    readonly accountId: string;
    readonly clientId: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: readonly string[]): void;
    getOIDCScope(): string;
    getOIDCScopeEncountered(): string;
    save(ttl?: number): Promise<string>;
    destroy(): Promise<void>;
  }

  export interface GrantStatic {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface Session {
    readonly uid: string;
    readonly jti: string;
    readonly accountId?: string;
    readonly loginTs?: number;
    readonly acr?: string;
    readonly amr?: readonly string[];
    readonly authorizations?: { readonly [clientId: string]: { sid?: string; grantId?: string } };
    readonly state?: { readonly secret?: string; readonly [key: string]: unknown };
    readonly destroyed?: boolean;
    sidFor(clientId: string): string | undefined;
    grantIdFor(clientId: string): string | undefined;
    destroy(): Promise<void>;
  }

  export interface SessionStatic {
    findByUid(uid: string): Promise<Session | undefined>;
    find(id: string): Promise<Session | undefined>;
  }

  export interface Prompt {
    readonly name: string;
    readonly reasons: readonly string[];
    readonly details: JsonObject;
  }

  export interface Interaction {
    readonly uid: string;
    readonly jti: string;
    readonly iat: number;
    readonly exp: number;
    readonly prompt: Prompt;
    readonly params: Params;
    readonly session?: { readonly accountId: string; readonly uid?: string; readonly cookie?: string };
    readonly grantId?: string;
    readonly returnTo: string;
    readonly lastSubmission?: JsonObject;
  }

  export interface InteractionResults {
    readonly login?: {
      readonly accountId: string;
      readonly acr?: string;
      readonly amr?: readonly string[];
      readonly remember?: boolean;
      readonly ts?: number;
    };
    readonly consent?: { readonly grantId?: string };
    readonly error?: string;
    readonly error_description?: string;
  }

  export interface OIDCContext {
    readonly route: string;
    readonly issuer: string;
    readonly provider: Provider;
    readonly params?: Params;
    readonly client?: Client;
    readonly session?: Session;
    readonly account?: Account;
    readonly result?: InteractionResults;
    readonly entities: {
      readonly [name: string]: unknown;
      readonly IdTokenHint?: { readonly payload: JsonObject };
    };
    readonly requestParamOIDCScopes: ReadonlySet<string>;
    readonly requestParamClaims: ReadonlySet<string>;
    readonly cookies: Cookies;
    urlFor(name: string, options?: JsonObject): string;
  }

  export interface KoaContextWithOIDC {
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    readonly oidc: OIDCContext;
    readonly path: string;
    readonly method: string;
    readonly host: string;
    readonly query: { readonly [name: string]: string | readonly string[] | undefined };
    readonly cookies: Cookies;
    status: number;
    body: unknown;
    type: string;
    set(field: string, value: string): void;
    get(field: string): string;
  }

  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export interface ErrorOut {
    readonly error: string;
    readonly error_description?: string;
    readonly state?: string;
    readonly [key: string]: unknown;
  }

  export type CheckResult = boolean;
  export type CheckFunction = (ctx: KoaContextWithOIDC) => CheckResult | Promise<CheckResult>;

  export interface Configuration {
    readonly [key: string]: unknown;
  }

  export class Provider extends EventEmitter {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly Client: ClientStatic;
    readonly Grant: GrantStatic;
    readonly Session: SessionStatic;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: Middleware): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResults): Promise<string>;
    cookieName(type: 'session' | 'interaction' | 'resume'): string;
  }
  export default Provider;

  export namespace errors {
    class OIDCProviderError extends Error {
      constructor(status: number, message: string);
      readonly error: string;
      readonly error_description?: string;
      status: number;
      statusCode: number;
      expose: boolean;
    }
    class InvalidGrant extends OIDCProviderError {
      constructor(detail?: string);
    }
    class InvalidScope extends OIDCProviderError {
      constructor(description: string, scope: string);
    }
    class InvalidRequest extends OIDCProviderError {
      constructor(description?: string);
    }
    class AccessDenied extends OIDCProviderError {
      constructor(description?: string);
    }
    class SessionNotFound extends OIDCProviderError {}
    class CustomOIDCProviderError extends OIDCProviderError {
      constructor(error: string, description?: string);
    }
  }

  export namespace interactionPolicy {
    class Check {
      static readonly REQUEST_PROMPT: true;
      static readonly NO_NEED_TO_PROMPT: false;
      constructor(reason: string, description: string, check: CheckFunction);
      constructor(reason: string, description: string, error: string, check: CheckFunction);
      readonly reason: string;
    }
    interface PromptChecks {
      add(check: Check, index?: number): void;
      get(reason: string): Check | undefined;
      remove(reason: string): void;
    }
    class Prompt {
      readonly name: string;
      readonly checks: PromptChecks;
    }
    interface DefaultPolicy extends Array<Prompt> {
      get(name: string): Prompt | undefined;
    }
    function base(): DefaultPolicy;
  }
}

/** The provider's request context (`provider.ctx`), one AsyncLocalStorage for the process. */
declare module 'oidc-provider/lib/helpers/als.js' {
  import type { AsyncLocalStorage } from 'node:async_hooks';

  const als: AsyncLocalStorage<unknown>;
  export default als;
}
