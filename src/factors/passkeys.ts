/**
 * A person's passkeys (WebAuthn credentials): what `@simplewebauthn/server` needs to check an
 * assertion — the credential id, the COSE public key, the signature counter — and the name the
 * person gave it in «Настройки». The counter only moves forward (a cloned authenticator that
 * reports an older counter is refused by the library; the update is conditional too).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database, Executor } from '../db/schema.js';

export interface Passkey {
  readonly id: string;
  readonly personId: string;
  readonly realmId: string;
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: string[];
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

export const MAX_PASSKEYS = 10;

export interface PasskeyStore {
  listOf(personId: string): Promise<Passkey[]>;
  find(realmId: string, id: string): Promise<Passkey | null>;
  add(
    executor: Executor,
    input: {
      id: string;
      realmId: string;
      personId: string;
      name: string;
      publicKey: Uint8Array;
      counter: number;
      transports: readonly string[];
    },
  ): Promise<boolean>;
  /** Records a use; false when the counter went backwards meanwhile. */
  used(id: string, counter: number): Promise<boolean>;
  remove(executor: Executor, personId: string, id: string): Promise<boolean>;
  count(personId: string): Promise<number>;
}

type Row = Database['passkeys'];

function toPasskey(row: Row): Passkey {
  return {
    id: row.id,
    personId: row.person_id,
    realmId: row.realm_id,
    name: row.name,
    publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
    counter: Number(row.counter),
    transports: row.transports ? row.transports.split(',') : [],
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}

export function passkeyStore(db: Kysely<Database>, clock: Clock): PasskeyStore {
  return {
    async listOf(personId) {
      const rows = await db
        .selectFrom('passkeys')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('created_at')
        .execute();
      return rows.map(toPasskey);
    },
    async find(realmId, id) {
      if (id.length === 0 || id.length > 400) return null;
      const row = await db
        .selectFrom('passkeys')
        .selectAll()
        .where('id', '=', id)
        .where('realm_id', '=', realmId)
        .executeTakeFirst();
      return row ? toPasskey(row) : null;
    },
    async add(executor, input) {
      const result = await executor
        .insertInto('passkeys')
        .values({
          id: input.id,
          realm_id: input.realmId,
          person_id: input.personId,
          name: input.name,
          public_key: Buffer.from(input.publicKey).toString('base64url'),
          counter: input.counter,
          transports: input.transports.join(','),
          created_at: clock.now(),
          last_used_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async used(id, counter) {
      const result = await db
        .updateTable('passkeys')
        .set({ counter, last_used_at: clock.now() })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('counter', '<', counter), eb('counter', '=', 0)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remove(executor, personId, id) {
      const result = await executor
        .deleteFrom('passkeys')
        .where('person_id', '=', personId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async count(personId) {
      const row = await db
        .selectFrom('passkeys')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
