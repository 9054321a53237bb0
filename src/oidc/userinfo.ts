/**
 * UserInfo (`GET /r/<realm>/oidc/me`) answered without oidc-provider when it is the common case:
 * a bearer token in the `Authorization` header and nothing else asked. One prepared query reads
 * the access token, its grant and the person together; the claims come from `claims.ts`, masked
 * by the granted scopes exactly as oidc-provider masks them (`Claims#scope` then `#result`).
 *
 * This path only ever answers success. Whenever anything is not the plain case — no or another
 * kind of credential, a query string (`access_token` or `scope`), a DPoP proof, a browser's
 * `Origin` (CORS), a token that is unknown, expired, bound to a key or certificate, meant for
 * another audience or without `openid`; a grant that is gone, expired, for another application or
 * person, or with rejected claims; a `claims` request; an application that is gone, wants signed
 * or encrypted UserInfo or pairwise subjects; a person who is not active — the request goes to
 * oidc-provider, which decides it with its own checks and errors (RFC 6750). So this path can be
 * faster than the provider but never more permissive: it refuses nothing and accepts a strict
 * subset of what the provider accepts.
 */
import type { Kysely } from 'kysely';
import type { JsonObject } from 'oidc-provider';
import type { Clock } from '../core/clock.js';
import type { DirectReads } from '../db/direct-reads.js';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import { type ClaimsPerson, schoolClaims, standardClaims, stateIdentifierClaims } from './claims.js';
import type { ClientStore } from './client-store.js';
import { SCOPE_CLAIMS } from './scopes.js';

/** The claims each scope gives at UserInfo, as configured in `provider.ts`. */
const CLAIMS_OF: Readonly<Record<string, readonly string[]>> = {
  ...SCOPE_CLAIMS,
  openid: ['sub', 'acr', 'amr', 'auth_time'],
};

/** oidc-provider's opaque tokens: 256 bits of randomness, 43 base64url characters. */
const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

interface Row extends ClaimsPerson {
  readonly token: string;
  readonly token_expires: number | null;
  readonly grant: string | null;
  readonly grant_expires: number | null;
  readonly person_status: string | null;
}

function statementFor(db: Kysely<Database>) {
  const key = {
    realm: '\u0000realm',
    id: '\u0000id',
    tokenModel: '\u0000token',
    grantModel: '\u0000grant',
  };
  return prepared<Row, keyof typeof key>(
    db
      .selectFrom('oidc_payloads as t')
      .leftJoin('oidc_payloads as g', (join) =>
        join
          .onRef('g.realm_id', '=', 't.realm_id')
          .on('g.model', '=', key.grantModel)
          .onRef('g.id', '=', 't.grant_id'),
      )
      .leftJoin('people as p', (join) =>
        join.onRef('p.realm_id', '=', 't.realm_id').onRef('p.id', '=', 't.account_id'),
      )
      .select([
        't.payload as token',
        't.expires_at as token_expires',
        'g.payload as grant',
        'g.expires_at as grant_expires',
        'p.status as person_status',
        'p.id',
        'p.last_name',
        'p.first_name',
        'p.middle_name',
        'p.birth_date',
        'p.gender',
        'p.email',
        'p.email_verified_at',
        'p.phone',
        'p.phone_verified_at',
        'p.snils',
        'p.iin',
      ])
      .where('t.realm_id', '=', key.realm)
      .where('t.model', '=', key.tokenModel)
      .where('t.id', '=', key.id)
      .compile() as never,
    key,
  );
}

type Statement = ReturnType<typeof statementFor>;
const statements = new WeakMap<Kysely<Database>, Statement>();

interface TokenPayload {
  readonly kind?: unknown;
  readonly jti?: unknown;
  readonly exp?: unknown;
  readonly iat?: unknown;
  readonly nbf?: unknown;
  readonly aud?: unknown;
  readonly scope?: unknown;
  readonly claims?: unknown;
  readonly clientId?: unknown;
  readonly accountId?: unknown;
  readonly grantId?: unknown;
  readonly format?: unknown;
  readonly jkt?: unknown;
  readonly 'x5t#S256'?: unknown;
}

interface GrantPayload {
  readonly exp?: unknown;
  readonly clientId?: unknown;
  readonly accountId?: unknown;
  readonly openid?: { readonly scope?: unknown; readonly claims?: unknown };
  readonly rejected?: unknown;
}

export interface UserinfoRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface FastUserinfo {
  /** The claims to answer with, or null: let oidc-provider answer this request. */
  answer(realm: LoadedRealm, request: UserinfoRequest): Promise<JsonObject | null>;
}

const epochSeconds = (): number => Math.floor(Date.now() / 1000);

/** A numeric expiry still ahead of `now` (seconds since the epoch); anything else is not plain. */
function notExpired(exp: unknown, now: number): boolean {
  return typeof exp === 'number' && now < exp;
}

export function fastUserinfo(
  db: Kysely<Database>,
  clock: Clock,
  clients: ClientStore,
  direct?: DirectReads,
): FastUserinfo {
  let statement = statements.get(db);
  if (!statement) {
    statement = statementFor(db);
    statements.set(db, statement);
  }
  const find = statement;
  // On SQLite the read runs on the connection at once when it is free (db/direct-reads.ts).
  const findNow = direct?.(find({ realm: '', id: '', tokenModel: '', grantModel: '' })) ?? null;

  return {
    async answer(realm, request) {
      if (request.method !== 'GET' || request.url.includes('?')) return null;
      const { headers } = request;
      if (headers.dpop !== undefined || headers.origin !== undefined) return null;
      const authorization = headers.authorization;
      const value = typeof authorization === 'string' ? BEARER.exec(authorization)?.[1] : undefined;
      if (!value) return null;

      const query = find({ realm: realm.id, id: value, tokenModel: 'AccessToken', grantModel: 'Grant' });
      const rows = findNow?.(query.parameters) ?? (await db.executeQuery(query)).rows;
      const row = rows[0];
      if (!row || row.grant === null || row.person_status !== 'active') return null;
      const millis = clock.now();
      if (row.token_expires === null || row.token_expires <= millis) return null;
      if (row.grant_expires !== null && row.grant_expires <= millis) return null;

      const token = JSON.parse(row.token) as TokenPayload;
      const grant = JSON.parse(row.grant) as GrantPayload;
      const now = epochSeconds();
      const plainToken =
        token.kind === 'AccessToken' &&
        token.jti === value &&
        notExpired(token.exp, now) &&
        typeof token.iat === 'number' &&
        token.nbf === undefined &&
        token.aud === undefined &&
        token.claims === undefined &&
        token.jkt === undefined &&
        token['x5t#S256'] === undefined &&
        (token.format === undefined || token.format === 'opaque') &&
        typeof token.scope === 'string' &&
        typeof token.clientId === 'string' &&
        token.accountId === row.id;
      if (!plainToken) return null;
      const tokenScopes = new Set((token.scope as string).split(' '));
      if (!tokenScopes.has('openid')) return null;
      const grantScope = grant.openid?.scope;
      const plainGrant =
        (grant.exp === undefined || notExpired(grant.exp, now)) &&
        grant.clientId === token.clientId &&
        grant.accountId === token.accountId &&
        grant.rejected === undefined;
      if (!plainGrant || typeof grantScope !== 'string') return null;

      const client = await clients.metadataFor(realm.id, token.clientId as string);
      if (
        !client ||
        client.subject_type === 'pairwise' ||
        client.userinfo_signed_response_alg !== undefined ||
        client.userinfo_encrypted_response_alg !== undefined
      )
        return null;

      // The scopes both granted and in the token, in the grant's order (getOIDCScopeFiltered).
      const scopes = grantScope.split(' ').filter((s) => tokenScopes.has(s));
      const scope = scopes.join(' ');
      const available: JsonObject = {
        ...standardClaims(row, realm),
        ...(tokenScopes.has('school') && scopes.includes('school')
          ? await schoolClaims(db, row, async (id) => id)
          : {}),
        ...stateIdentifierClaims(row, 'userinfo', scope),
      };
      const wanted: string[] = [];
      for (const s of scopes)
        for (const claim of CLAIMS_OF[s] ?? []) if (!wanted.includes(claim)) wanted.push(claim);
      const answer: JsonObject = {};
      for (const claim of wanted)
        if (Object.hasOwn(available, claim)) answer[claim] = available[claim] ?? null;
      return answer;
    },
  };
}
