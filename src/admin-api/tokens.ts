/**
 * API tokens of the admin API.
 *
 * Rules:
 * - A token belongs to one realm and, when it names one, to one organisation of it: everything it
 *   reaches is inside that scope (`scope.ts`). It has a name (who holds it, what for) and an
 *   expiry of at most a year; there is no token that never expires.
 * - The token is `propusk_<id>.<secret>`: the id is public (lists, the audit), the secret exists
 *   only in the answer of `create` — printed once — and is stored as HMAC(PROPUSK_SECRET,
 *   id ‖ secret). A leaked table gives nothing that authenticates.
 * - Revoking is immediate and kept: a revoked token's later use is refused and audited as such
 *   until the janitor deletes the row, 30 days after it expired or was revoked.
 * - Creating and revoking are audited (`api.token_created`, `api.token_revoked`), and so is
 *   every use that fails (`api.token_rejected`, with the reason); the presented value is never.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import { type Clock, DAY, MINUTE } from '../core/clock.js';
import { type KeyedHasher, newId, newToken } from '../core/crypto/secrets.js';
import type { CleanupTask } from '../core/janitor/janitor.js';
import type { Database } from '../db/schema.js';

export const TOKEN_PREFIX = 'propusk_';
export const TOKEN_DAYS_MAX = 365;
export const TOKEN_NAME_MAX = 100;
/** How long an expired or revoked token is kept (its use is still told apart from an unknown one). */
export const TOKEN_KEEP_DAYS = 30;

/** A stored hash's shape (HMAC-SHA-256, hex) that no secret has: what an unknown id is compared with. */
const NO_TOKEN_HASH = '0'.repeat(64);
const TOKEN_SHAPE = /^propusk_([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface ApiToken {
  readonly id: string;
  readonly realmId: string;
  /** Null: the whole realm. */
  readonly organisationId: string | null;
  readonly name: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
}

export type TokenRejection = 'malformed' | 'unknown' | 'wrong_secret' | 'revoked' | 'expired';

export type Authentication =
  | { readonly ok: true; readonly token: ApiToken }
  | { readonly ok: false; readonly reason: TokenRejection; readonly token: ApiToken | null };

export interface TokenActor {
  readonly via: 'cli' | 'api';
  readonly ip?: string | null;
}

export interface TokenService {
  create(
    input: { realmId: string; organisationId: string | null; name: string; days: number },
    actor: TokenActor,
  ): Promise<{ readonly token: string; readonly record: ApiToken }>;
  list(realmId: string): Promise<ApiToken[]>;
  find(realmId: string, id: string): Promise<ApiToken | null>;
  /** False when there is no such token in the realm or it was already revoked. */
  revoke(realmId: string, id: string, actor: TokenActor): Promise<boolean>;
  /** The token an `Authorization: Bearer …` value names, if it is usable. */
  authenticate(presented: string): Promise<Authentication>;
  /** The janitor's task: tokens expired or revoked more than TOKEN_KEEP_DAYS ago. */
  cleanup: CleanupTask;
}

export interface TokenDeps {
  readonly db: Kysely<Database>;
  readonly keyed: KeyedHasher;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

type Row = Database['api_tokens'];

const toToken = (row: Row): ApiToken => ({
  id: row.id,
  realmId: row.realm_id,
  organisationId: row.organisation_id,
  name: row.name,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
});

/** A token's name: printable text of 1–100 characters. */
export function tokenNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'the name is empty';
  if ([...trimmed].length > TOKEN_NAME_MAX) return `the name is longer than ${TOKEN_NAME_MAX} characters`;
  if (/\p{Cc}/u.test(trimmed)) return 'the name contains control characters';
  return null;
}

export function tokenService({ db, keyed, clock, audit }: TokenDeps): TokenService {
  const hashOf = (id: string, secret: string): string => keyed.hash('api-token', `${id}.${secret}`);
  return {
    async create(input, actor) {
      const problem = tokenNameProblem(input.name);
      if (problem) throw new Error(problem);
      if (!Number.isInteger(input.days) || input.days < 1 || input.days > TOKEN_DAYS_MAX)
        throw new Error(`the expiry must be 1 to ${TOKEN_DAYS_MAX} days`);
      const id = newId();
      const secret = newToken();
      const now = clock.now();
      const row: Row = {
        id,
        realm_id: input.realmId,
        organisation_id: input.organisationId,
        name: input.name.trim(),
        secret_hash: hashOf(id, secret),
        created_at: now,
        expires_at: now + input.days * DAY,
        revoked_at: null,
        last_used_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('api_tokens').values(row).execute();
        await audit.append(
          {
            realmId: input.realmId,
            action: 'api.token_created',
            organisationId: input.organisationId,
            ip: actor.ip ?? null,
            detail: { token_id: id, name: row.name, expires_at: row.expires_at, via: actor.via },
          },
          trx,
        );
      });
      return { token: `${TOKEN_PREFIX}${id}.${secret}`, record: toToken(row) };
    },

    async list(realmId) {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('realm_id', '=', realmId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toToken);
    },

    async find(realmId, id) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('realm_id', '=', realmId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toToken(row) : null;
    },

    async revoke(realmId, id, actor) {
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const result = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: now })
          .where('realm_id', '=', realmId)
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await audit.append(
          {
            realmId,
            action: 'api.token_revoked',
            ip: actor.ip ?? null,
            detail: { token_id: id, via: actor.via },
          },
          trx,
        );
        return true;
      });
    },

    async authenticate(presented) {
      const match = TOKEN_SHAPE.exec(presented);
      if (!match) return { ok: false, reason: 'malformed', token: null };
      const [, id = '', secret = ''] = match;
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      // An unknown id is compared with a hash that matches nothing, so it costs what a known id does.
      const matches = keyed.matches('api-token', `${id}.${secret}`, row?.secret_hash ?? NO_TOKEN_HASH);
      if (!row) return { ok: false, reason: 'unknown', token: null };
      const token = toToken(row);
      if (!matches) return { ok: false, reason: 'wrong_secret', token };
      if (row.revoked_at !== null) return { ok: false, reason: 'revoked', token };
      const now = clock.now();
      if (now >= row.expires_at) return { ok: false, reason: 'expired', token };
      if (row.last_used_at === null || now - row.last_used_at >= MINUTE) {
        await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
      }
      return { ok: true, token };
    },

    async cleanup({ now, limit }) {
      const before = now - TOKEN_KEEP_DAYS * DAY;
      const due = db
        .selectFrom('api_tokens')
        .select('id')
        .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
        .limit(limit);
      const result = await db.deleteFrom('api_tokens').where('id', 'in', due).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
