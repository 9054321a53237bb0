/**
 * UserInfo (`GET /r/<realm>/oidc/me`) answered without oidc-provider when it is the common case:
 * a bearer token in the `Authorization` header and nothing else asked. One prepared query reads
 * the access token, its grant and the person together — of the token and the grant, the columns
 * the adapter wrote with their payloads (userinfo-columns.ts), not the payloads themselves. The
 * claims come from `claims.ts`, masked by the granted scopes exactly as oidc-provider masks them
 * (`Claims#scope` then `#result`).
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
import { kept } from '../core/kept.js';
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

/** The token's and its grant's columns (userinfo-columns.ts), and the person's. */
interface Row extends ClaimsPerson {
  readonly token_plain: number | null;
  readonly token_scope: string | null;
  readonly token_until: number | null;
  readonly token_expires: number | null;
  readonly token_client: string | null;
  readonly token_account: string | null;
  readonly grant_plain: number | null;
  readonly grant_scope: string | null;
  readonly grant_until: number | null;
  readonly grant_expires: number | null;
  readonly grant_client: string | null;
  readonly grant_account: string | null;
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
        't.userinfo_plain as token_plain',
        't.userinfo_scope as token_scope',
        't.userinfo_until as token_until',
        't.expires_at as token_expires',
        't.client_id as token_client',
        't.account_id as token_account',
        'g.userinfo_plain as grant_plain',
        'g.userinfo_scope as grant_scope',
        'g.userinfo_until as grant_until',
        'g.expires_at as grant_expires',
        'g.client_id as grant_client',
        'g.account_id as grant_account',
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

/** What a grant's and a token's scopes give: decided once per pair of scope strings. */
interface Plan {
  /** The scopes both granted and in the token, in the grant's order (getOIDCScopeFiltered). */
  readonly scope: string;
  /** The claims those scopes give, in the order oidc-provider lists them. */
  readonly claims: readonly string[];
  /** Whether the school claims are among them (they cost two queries). */
  readonly school: boolean;
  /** The answer: each of `claims` the person has, in that order (`pickerOf`). */
  readonly pick: (available: JsonObject) => JsonObject;
}

/**
 * A function that copies `claims` out of the available ones, written out claim by claim: with a
 * loop, every store and load went by a name known only at run time, and V8 looked each one up
 * in its megamorphic cache. The names are our own scope table's, quoted as JSON.
 */
function pickerOf(claims: readonly string[]): (available: JsonObject) => JsonObject {
  const lines = claims.map((claim) => {
    const name = JSON.stringify(claim);
    return `if (Object.hasOwn(a, ${name})) o[${name}] = a[${name}] ?? null;`;
  });
  return new Function('a', `const o = {};\n${lines.join('\n')}\nreturn o;`) as (a: JsonObject) => JsonObject;
}

/** Pairs of scope strings planned; applications ask for a few sets of scopes, so few pairs occur. */
const PLANS_KEPT = 256;
const plans = kept<string, Plan | null>(PLANS_KEPT);

/** The plan for a grant's and a token's scopes; null when the token has no `openid`. */
export function planFor(grantScope: string, tokenScope: string): Plan | null {
  const key = `${grantScope}\u0000${tokenScope}`;
  const known = plans.get(key);
  if (known !== undefined) return known;
  const tokenScopes = new Set(tokenScope.split(' '));
  let plan: Plan | null = null;
  if (tokenScopes.has('openid')) {
    const scopes = grantScope.split(' ').filter((s) => tokenScopes.has(s));
    const claims: string[] = [];
    for (const s of scopes)
      for (const claim of CLAIMS_OF[s] ?? []) if (!claims.includes(claim)) claims.push(claim);
    plan = Object.freeze({
      scope: scopes.join(' '),
      claims: Object.freeze(claims),
      school: scopes.includes('school'),
      pick: pickerOf(claims),
    });
  }
  plans.keep(key, plan);
  return plan;
}

type Statement = ReturnType<typeof statementFor>;
const statements = new WeakMap<Kysely<Database>, Statement>();

export interface UserinfoRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface FastUserinfo {
  /** The claims to answer with, or null: let oidc-provider answer this request. */
  answer(realm: LoadedRealm, request: UserinfoRequest): Promise<JsonObject | null>;
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
      if (!row) return null;
      // Both plain (userinfo-columns.ts); a grant that is gone reads as null columns.
      if (row.token_plain !== 1 || row.grant_plain !== 1 || row.person_status !== 'active') return null;
      const millis = clock.now();
      if (row.token_expires === null || row.token_expires <= millis) return null;
      if (row.grant_expires !== null && row.grant_expires <= millis) return null;
      // The payloads' own `exp`, against real time as oidc-provider checks it.
      const now = Date.now();
      if (row.token_until === null || row.token_until <= now) return null;
      if (row.grant_until !== null && row.grant_until <= now) return null;
      const clientId = row.token_client;
      const plain =
        clientId !== null &&
        row.token_account === row.id &&
        row.grant_client === clientId &&
        row.grant_account === row.token_account &&
        row.token_scope !== null &&
        row.grant_scope !== null;
      if (!plain) return null;
      const plan = planFor(row.grant_scope, row.token_scope);
      if (!plan) return null;

      const client =
        clients.keptMetadataFor(realm.id, clientId) ?? (await clients.metadataFor(realm.id, clientId));
      if (
        !client ||
        client.subject_type === 'pairwise' ||
        client.userinfo_signed_response_alg !== undefined ||
        client.userinfo_encrypted_response_alg !== undefined
      )
        return null;

      const available = standardClaims(row, realm);
      if (plan.school) Object.assign(available, await schoolClaims(db, row, async (id) => id));
      Object.assign(available, stateIdentifierClaims(row, 'userinfo', plan.scope));
      return plan.pick(available);
    },
  };
}
