/**
 * The relying applications of each realm (the e-journals), registered by an operator with
 * `propusk client …`:
 *
 * - redirect URIs are matched exactly (no patterns); `http` only for loopback addresses;
 * - a client secret is 256 random bits, shown once and stored as a keyed hash: the provider
 *   compares a presented secret with that hash (`matchesSecret`), never with a stored secret;
 * - the first-party flag (the realm's own application skips the consent page), the scopes the
 *   application may ask for (SNILS and IIN only when listed), the back-channel logout URI and
 *   pairwise subjects are per client.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ClientMetadata, JsonObject } from 'oidc-provider';
import type { Clock } from '../core/clock.js';
import { type KeyedHasher, newToken } from '../core/crypto/secrets.js';
import { prepared } from '../db/prepared.js';
import type { Database, OidcClientTable } from '../db/schema.js';
import { isScope, SCOPES, type Scope } from './scopes.js';

export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export const DEFAULT_SCOPES: readonly Scope[] = [
  'openid',
  'profile',
  'email',
  'phone',
  'school',
  'offline_access',
];

export interface NewClient {
  readonly realmId: string;
  readonly name: string;
  readonly clientId?: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
  readonly firstParty?: boolean;
  readonly scopes?: readonly string[];
  readonly authMethod?: string;
  readonly jwks?: unknown;
  readonly backchannelLogoutUri?: string;
  readonly pairwise?: boolean;
}

export interface ClientSummary {
  readonly realmId: string;
  readonly clientId: string;
  readonly name: string;
  readonly firstParty: boolean;
  readonly authMethod: AuthMethod;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly scopes: readonly Scope[];
  readonly backchannelLogoutUri: string | null;
  readonly pairwise: boolean;
  readonly createdAt: number;
}

export type AddOutcome =
  | { readonly kind: 'added'; readonly client: ClientSummary; readonly secret: string | null }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] };

export interface ClientStore {
  add(input: NewClient): Promise<AddOutcome>;
  list(realmId: string): Promise<ClientSummary[]>;
  find(realmId: string, clientId: string): Promise<ClientSummary | null>;
  /** A new secret (shown once); the old one stops working at once. Null: no such client or no secret. */
  rotateSecret(realmId: string, clientId: string): Promise<string | null>;
  remove(realmId: string, clientId: string): Promise<boolean>;
  /** The metadata oidc-provider validates and loads, the secret as its keyed hash. */
  metadataFor(realmId: string, clientId: string): Promise<ClientMetadata | null>;
  /** The metadata `metadataFor` keeps, while it is fresh; undefined when it must be read. */
  keptMetadataFor(realmId: string, clientId: string): ClientMetadata | undefined;
  /** Constant-time comparison of a presented secret with the stored hash. */
  matchesSecret(presented: string, storedHash: string): boolean;
}

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;
const MAX_URIS = 10;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An absolute URI that can be matched exactly: https, or http on a loopback address. */
export function uriProblem(label: string, value: string): string | null {
  if (value.length > 2000) return `${label}: longer than 2000 characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${label}: not an absolute URL: ${value}`;
  }
  if (url.hash || value.includes('#')) return `${label}: must not have a fragment: ${value}`;
  if (url.username || url.password) return `${label}: must not carry credentials: ${value}`;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return `${label}: must be https (http only on 127.0.0.1 or localhost): ${value}`;
}

function checkInput(input: NewClient): { problems: string[]; method: AuthMethod; scopes: Scope[] } {
  const problems: string[] = [];
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) problems.push('--name: 1 to 200 characters');
  if (/\p{Cc}/u.test(name)) problems.push('--name: no control characters');
  if (input.clientId !== undefined && !CLIENT_ID.test(input.clientId)) {
    problems.push('--client-id: 3 to 64 Latin letters, digits, dots, dashes or underscores');
  }
  const redirects = input.redirectUris;
  if (redirects.length === 0) problems.push('--redirect-uri: at least one is required');
  const postLogout = input.postLogoutRedirectUris ?? [];
  if (redirects.length > MAX_URIS || postLogout.length > MAX_URIS)
    problems.push(`at most ${MAX_URIS} URIs of each kind`);
  for (const uri of redirects) {
    const problem = uriProblem('--redirect-uri', uri);
    if (problem) problems.push(problem);
  }
  for (const uri of postLogout) {
    const problem = uriProblem('--post-logout-redirect-uri', uri);
    if (problem) problems.push(problem);
  }
  if (input.backchannelLogoutUri !== undefined) {
    const problem = uriProblem('--backchannel-logout-uri', input.backchannelLogoutUri);
    if (problem) problems.push(problem);
  }
  const method = (input.authMethod ?? 'client_secret_basic') as AuthMethod;
  if (!AUTH_METHODS.includes(method)) problems.push(`--auth-method: one of ${AUTH_METHODS.join(', ')}`);
  if (method === 'private_key_jwt' && !isJwks(input.jwks)) {
    problems.push('--jwks-file: private_key_jwt needs the public keys as a JSON Web Key Set');
  }
  if (method !== 'private_key_jwt' && input.jwks !== undefined)
    problems.push('--jwks-file: only for private_key_jwt');
  const scopes = [...new Set(input.scopes ?? DEFAULT_SCOPES)];
  for (const scope of scopes)
    if (!isScope(scope)) problems.push(`--scopes: unknown scope ${scope} (known: ${SCOPES.join(' ')})`);
  if (!scopes.includes('openid')) problems.push('--scopes: must include openid');
  return { problems, method, scopes: scopes.filter(isScope) };
}

function isJwks(value: unknown): value is { keys: JsonObject[] } {
  if (typeof value !== 'object' || value === null) return false;
  const keys = (value as { keys?: unknown }).keys;
  return (
    Array.isArray(keys) &&
    keys.length > 0 &&
    keys.every(
      (k) => typeof k === 'object' && k !== null && !('d' in k) && typeof (k as JsonObject).kty === 'string',
    )
  );
}

interface StoredMetadata extends JsonObject {
  readonly redirect_uris: string[];
  readonly post_logout_redirect_uris: string[];
  readonly token_endpoint_auth_method: AuthMethod;
  readonly scope: string;
  readonly subject_type: 'public' | 'pairwise';
  readonly backchannel_logout_uri?: string;
}

function summary(row: Selectable<OidcClientTable>): ClientSummary {
  const m = JSON.parse(row.metadata) as StoredMetadata;
  return {
    realmId: row.realm_id,
    clientId: row.client_id,
    name: row.name,
    firstParty: row.first_party === 1,
    authMethod: m.token_endpoint_auth_method,
    redirectUris: m.redirect_uris,
    postLogoutRedirectUris: m.post_logout_redirect_uris,
    scopes: m.scope.split(' ').filter(isScope),
    backchannelLogoutUri: m.backchannel_logout_uri ?? null,
    pairwise: m.subject_type === 'pairwise',
    createdAt: row.created_at,
  };
}

/**
 * Every token request and userinfo call loads its client: registrations are kept in memory for
 * `CACHE_MS` (at most `CACHE_MAX` of them). A change made in this process is seen at once; one
 * made by another (the CLI) within `CACHE_MS`.
 */
const CACHE_MS = 5_000;
const CACHE_MAX = 1_000;

export function clientStore(db: Kysely<Database>, keyed: KeyedHasher, clock: Clock): ClientStore {
  const lookup = prepared(
    db
      .selectFrom('oidc_clients')
      .selectAll()
      .where('realm_id', '=', '\u0000realm')
      .where('client_id', '=', '\u0000client')
      .compile(),
    { realm: '\u0000realm', client: '\u0000client' },
  );
  const byId = async (realmId: string, clientId: string) =>
    (await db.executeQuery(lookup({ realm: realmId, client: clientId }))).rows[0];
  const cache = new Map<string, { readonly metadata: ClientMetadata; readonly at: number }>();
  const forget = (realmId: string, clientId: string): void => {
    cache.delete(`${realmId}\u0000${clientId}`);
  };
  const hashOf = (secret: string): string => keyed.hash('oidc-client-secret', secret);

  return {
    async add(input) {
      const { problems, method, scopes } = checkInput(input);
      if (problems.length > 0) return { kind: 'invalid', problems };
      const clientId = input.clientId ?? randomBytes(12).toString('hex');
      if (await byId(input.realmId, clientId))
        return { kind: 'invalid', problems: [`client ${clientId} exists`] };
      const secret = method === 'client_secret_basic' || method === 'client_secret_post' ? newToken() : null;
      const metadata: StoredMetadata = {
        redirect_uris: [...input.redirectUris],
        post_logout_redirect_uris: [...(input.postLogoutRedirectUris ?? [])],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: method,
        scope: scopes.join(' '),
        subject_type: input.pairwise ? 'pairwise' : 'public',
        ...(input.backchannelLogoutUri
          ? { backchannel_logout_uri: input.backchannelLogoutUri, backchannel_logout_session_required: true }
          : {}),
        ...(method === 'private_key_jwt' ? { jwks: input.jwks } : {}),
      };
      const now = clock.now();
      const row = {
        realm_id: input.realmId,
        client_id: clientId,
        name: input.name.trim(),
        metadata: JSON.stringify(metadata),
        secret_hash: secret ? hashOf(secret) : null,
        first_party: input.firstParty ? 1 : 0,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('oidc_clients').values(row).execute();
      forget(input.realmId, clientId);
      return { kind: 'added', client: summary(row), secret };
    },

    async list(realmId) {
      const rows = await db
        .selectFrom('oidc_clients')
        .selectAll()
        .where('realm_id', '=', realmId)
        .orderBy('created_at')
        .execute();
      return rows.map(summary);
    },

    async find(realmId, clientId) {
      const row = await byId(realmId, clientId);
      return row ? summary(row) : null;
    },

    async rotateSecret(realmId, clientId) {
      const row = await byId(realmId, clientId);
      if (!row || row.secret_hash === null) return null;
      const secret = newToken();
      await db
        .updateTable('oidc_clients')
        .set({ secret_hash: hashOf(secret), updated_at: clock.now() })
        .where('realm_id', '=', realmId)
        .where('client_id', '=', clientId)
        .execute();
      forget(realmId, clientId);
      return secret;
    },

    async remove(realmId, clientId) {
      forget(realmId, clientId);
      const result = await db
        .deleteFrom('oidc_clients')
        .where('realm_id', '=', realmId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    keptMetadataFor(realmId, clientId) {
      const cached = cache.get(`${realmId}\u0000${clientId}`);
      return cached && clock.now() - cached.at < CACHE_MS ? cached.metadata : undefined;
    },

    async metadataFor(realmId, clientId) {
      if (!CLIENT_ID.test(clientId)) return null;
      const key = `${realmId}\u0000${clientId}`;
      const cached = cache.get(key);
      if (cached && clock.now() - cached.at < CACHE_MS) return cached.metadata;
      const row = await byId(realmId, clientId);
      if (!row) {
        cache.delete(key);
        return null;
      }
      const stored = JSON.parse(row.metadata) as StoredMetadata;
      const metadata: ClientMetadata = {
        ...stored,
        client_id: row.client_id,
        client_name: row.name,
        first_party: row.first_party === 1,
        ...(row.secret_hash ? { client_secret: row.secret_hash } : {}),
      };
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(key, { metadata, at: clock.now() });
      return metadata;
    },

    matchesSecret(presented, storedHash) {
      return (
        presented.length > 0 &&
        presented.length <= 512 &&
        keyed.matches('oidc-client-secret', presented, storedHash)
      );
    },
  };
}
