/**
 * oidc-provider's storage on our database: one table, `oidc_payloads`, keyed by realm, model and
 * id, with the payload as JSON and the lookups oidc-provider makes (by grant, by session uid, by
 * user code) as indexed columns. Every provider (one per realm) gets adapters bound to its realm,
 * so a token of one realm is not found by another.
 *
 * Rows also keep the person (`account_id`) and the application (`client_id`) they are of,
 * indexed: «Отозвать доступ» finds a person's grants for an application, removing an
 * application deletes everything it was issued.
 *
 * Two things go beyond a plain store:
 *
 * - **Single use is decided by the database.** oidc-provider reads a code (or a refresh token),
 *   checks it is not consumed, then marks it consumed: two requests racing with the same code
 *   could both pass the check. `consume` marks it only where it is still unconsumed; the loser of
 *   such a race is refused (`invalid_grant`) and everything the grant issued is revoked, as for
 *   any reused code.
 * - **Clients are not stored here.** The `Client` model reads the realm's registered applications
 *   (`oidc_clients`, written by the CLI); nothing registers clients over HTTP.
 *
 * Expiry follows the injected clock (tests move it instead of waiting); expired rows read as
 * absent and the janitor deletes them.
 */
import { type Kysely, sql } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../core/clock.js';
import { extended } from '../core/extended.js';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import type { ClientStore } from './client-store.js';
import { oidcLibrary } from './library.js';
import { userinfoColumns } from './userinfo-columns.js';

/** Models whose rows belong to a grant: revoking the grant deletes them. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

export type AdapterFactory = (model: string) => Adapter;

export function adapterFactory(
  db: Kysely<Database>,
  clock: Clock,
  realmId: string,
  clients: ClientStore,
): AdapterFactory {
  return (model) =>
    model === 'Client' ? clientAdapter(clients, realmId) : payloadAdapter(db, clock, realmId, model);
}

/** The adapter's statements, compiled once per database (every token and call uses them). */
function statementsFor(db: Kysely<Database>) {
  const key = { realm: '\u0000realm', model: '\u0000model', id: '\u0000id' };
  const where = <Q extends { where(...args: [string, '=', string]): Q }>(q: Q) =>
    q.where('realm_id', '=', key.realm).where('model', '=', key.model);
  const select = (column: 'id' | 'uid' | 'user_code') =>
    prepared(
      where(db.selectFrom('oidc_payloads').select(['payload', 'consumed_at', 'expires_at', 'grant_id']))
        .where(column, '=', key.id)
        .compile(),
      key,
    );
  const values = {
    payload: '\u0000payload',
    grant_id: '\u0000grant',
    uid: '\u0000uid',
    user_code: '\u0000user_code',
    account_id: '\u0000account',
    client_id: '\u0000client',
    expires_at: -1,
    userinfo_plain: -4,
    userinfo_scope: '\u0000userinfo_scope',
    userinfo_until: -5,
  };
  return {
    find: select('id'),
    findByUid: select('uid'),
    findByUserCode: select('user_code'),
    upsert: prepared(
      db
        .insertInto('oidc_payloads')
        .values({ realm_id: key.realm, model: key.model, id: key.id, consumed_at: -3, ...values })
        .onConflict((oc) => oc.columns(['realm_id', 'model', 'id']).doUpdateSet(values))
        .compile(),
      { ...key, ...values, consumed_at: -3 },
    ),
    consume: prepared(
      where(db.updateTable('oidc_payloads').set({ consumed_at: -2 }))
        .where('id', '=', key.id)
        .where('consumed_at', 'is', null)
        .compile(),
      { ...key, now: -2 },
    ),
    destroy: prepared(where(db.deleteFrom('oidc_payloads')).where('id', '=', key.id).compile(), key),
  };
}

type Statements = ReturnType<typeof statementsFor>;
const compiled = new WeakMap<Kysely<Database>, Statements>();

function statements(db: Kysely<Database>): Statements {
  let found = compiled.get(db);
  if (!found) {
    found = statementsFor(db);
    compiled.set(db, found);
  }
  return found;
}

interface Row {
  readonly payload: string;
  readonly consumed_at: number | null;
  readonly expires_at: number | null;
  readonly grant_id: string | null;
}

function payloadAdapter(db: Kysely<Database>, clock: Clock, realmId: string, model: string): Adapter {
  const q = statements(db);
  const one = async (statement: Statements['find'], id: string): Promise<Row | undefined> =>
    (await db.executeQuery(statement({ realm: realmId, model, id }))).rows[0] as Row | undefined;
  const live = (r: Row | undefined) => {
    if (!r || (r.expires_at !== null && r.expires_at <= clock.now())) return undefined;
    const payload = JSON.parse(r.payload) as AdapterPayload;
    return r.consumed_at === null
      ? payload
      : extended(payload, { consumed: Math.floor(r.consumed_at / 1000) });
  };
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

  return {
    async upsert(id, payload, expiresIn) {
      await db.executeQuery(
        q.upsert({
          realm: realmId,
          model,
          id,
          payload: JSON.stringify(payload),
          grant_id: GRANTABLE.has(model) ? text(payload.grantId) : null,
          uid: text(payload.uid),
          user_code: text(payload.userCode),
          account_id: text(payload.accountId),
          client_id: text(payload.clientId),
          expires_at: typeof expiresIn === 'number' ? clock.now() + expiresIn * 1000 : null,
          consumed_at: null,
          ...userinfoColumns(model, id, payload),
        }),
      );
    },

    async find(id) {
      return live(await one(q.find, id));
    },

    async findByUid(uid) {
      return live(await one(q.findByUid, uid));
    },

    async findByUserCode(userCode) {
      return live(await one(q.findByUserCode, userCode));
    },

    async consume(id) {
      const result = await db.executeQuery(q.consume({ realm: realmId, model, id, now: clock.now() }));
      if (Number(result.numAffectedRows ?? 0) === 1) return;
      // Another request consumed it between oidc-provider's check and this write: a reuse.
      const taken = await one(q.find, id);
      if (taken?.grant_id) await revokeGrant(db, realmId, taken.grant_id, true);
      const { errors } = await oidcLibrary();
      throw new errors.InvalidGrant(`${model} already consumed`);
    },

    async destroy(id) {
      await db.executeQuery(q.destroy({ realm: realmId, model, id }));
    },

    async revokeByGrantId(grantId) {
      await revokeGrant(db, realmId, grantId, false);
    },
  };
}

/** The ids of a person's grants for one application in a realm (the grant rows' own index). */
export async function grantsOf(
  db: Kysely<Database>,
  realmId: string,
  personId: string,
  clientId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('oidc_payloads')
    .select('id')
    .where('realm_id', '=', realmId)
    .where('account_id', '=', personId)
    .where('client_id', '=', clientId)
    .where('grant_id', 'is', null)
    .where('model', '=', sql.lit('Grant'))
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Deletes everything stored for an application (it was removed): what its grants issued (codes,
 * tokens), then its grants and whatever else names it without a grant (client-credentials
 * tokens). Each through its own partial index (migration 0020).
 */
export async function forgetClient(db: Kysely<Database>, realmId: string, clientId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const issued = await trx
      .deleteFrom('oidc_payloads')
      .where('realm_id', '=', realmId)
      .where(
        'grant_id',
        'in',
        trx
          .selectFrom('oidc_payloads')
          .select('id')
          .where('realm_id', '=', realmId)
          .where('client_id', '=', clientId)
          .where('model', '=', sql.lit('Grant')),
      )
      .executeTakeFirst();
    const own = await trx
      .deleteFrom('oidc_payloads')
      .where('realm_id', '=', realmId)
      .where('client_id', '=', clientId)
      .where('grant_id', 'is', null)
      .executeTakeFirst();
    return Number(issued.numDeletedRows) + Number(own.numDeletedRows);
  });
}

/**
 * Deletes what a grant issued (codes, tokens); with `withGrant`, the grant itself too, so that
 * a token saved a moment later by a racing request finds no grant and is refused when used.
 */
export async function revokeGrant(
  db: Kysely<Database>,
  realmId: string,
  grantId: string,
  withGrant: boolean,
): Promise<void> {
  await db
    .deleteFrom('oidc_payloads')
    .where('realm_id', '=', realmId)
    .where('grant_id', '=', grantId)
    .execute();
  if (withGrant) {
    await db
      .deleteFrom('oidc_payloads')
      .where('realm_id', '=', realmId)
      .where('model', '=', 'Grant')
      .where('id', '=', grantId)
      .execute();
  }
}

function clientAdapter(clients: ClientStore, realmId: string): Adapter {
  const refuse = async (): Promise<never> => {
    throw new Error('clients are registered with the CLI, not through the provider');
  };
  return {
    async find(id) {
      return (await clients.metadataFor(realmId, id)) ?? undefined;
    },
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    upsert: refuse,
    consume: refuse,
    destroy: refuse,
    revokeByGrantId: async () => undefined,
  };
}

/**
 * Deletes rows that expired before `before`, about `limit` at a time (rows sharing the last
 * expiry go together); returns how many (for the janitor).
 */
export async function deleteExpiredPayloads(
  db: Kysely<Database>,
  before: number,
  limit: number,
): Promise<number> {
  const edge = await db
    .selectFrom('oidc_payloads')
    .select('expires_at')
    .where('expires_at', '<', before)
    .orderBy('expires_at')
    .offset(Math.max(0, limit - 1))
    .limit(1)
    .executeTakeFirst();
  const upTo = edge?.expires_at != null ? Math.min(edge.expires_at + 1, before) : before;
  const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<', upTo).executeTakeFirst();
  return Number(result.numDeletedRows);
}
