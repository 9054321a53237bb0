/**
 * Issuing, finding and using invitation codes.
 *
 * Rules: the code itself is shown once, at issue; only its keyed hash is stored. Issuing a code
 * for a profile voids the earlier active code of the same kind (a re-printed invitation replaces
 * the old one). A code is found only within its realm and is used exactly once (the status moves
 * from `active` to `used` in one guarded update).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { DAY } from '../core/clock.js';
import type { KeyedHasher } from '../core/crypto/secrets.js';
import { newId } from '../core/crypto/secrets.js';
import type { Database, Executor, Invitation } from '../db/schema.js';
import { type CodePrefix, generateCode } from './codes.js';

export const DEFAULT_CODE_DAYS = 90;

export type CodeLookup =
  | { readonly status: 'active'; readonly invitation: Invitation }
  | { readonly status: 'used' | 'void' | 'expired'; readonly invitation: Invitation }
  | { readonly status: 'unknown' };

export interface InvitationStore {
  issue(
    executor: Executor,
    input: {
      realmId: string;
      organisationId: string;
      personId: string;
      prefix: CodePrefix;
      issuedBy: string | null;
      days?: number;
    },
  ): Promise<{ code: string; invitation: Invitation; voided: number }>;
  lookup(realmId: string, code: string): Promise<CodeLookup>;
  /** An invitation by its id within a realm, whatever its status. */
  findById(realmId: string, id: string): Promise<Invitation | null>;
  /** Marks a code used by `usedBy`; false when it was no longer active (a second use). */
  consume(executor: Executor, invitationId: string, usedBy: string): Promise<boolean>;
  voidActive(executor: Executor, personId: string, prefix?: CodePrefix): Promise<number>;
  listForPerson(personId: string): Promise<Invitation[]>;
}

export function invitationStore(db: Kysely<Database>, keyed: KeyedHasher, clock: Clock): InvitationStore {
  const voidActive = async (executor: Executor, personId: string, prefix?: CodePrefix): Promise<number> => {
    let query = executor
      .updateTable('invitations')
      .set({ status: 'void' })
      .where('person_id', '=', personId)
      .where('status', '=', 'active');
    if (prefix) query = query.where('prefix', '=', prefix);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  };
  return {
    async issue(executor, input) {
      const voided = await voidActive(executor, input.personId, input.prefix);
      const code = generateCode(input.prefix);
      const now = clock.now();
      const invitation: Invitation = {
        id: newId(),
        realm_id: input.realmId,
        organisation_id: input.organisationId,
        person_id: input.personId,
        prefix: input.prefix,
        code_hash: keyed.hash('invitation', code),
        status: 'active',
        expires_at: now + (input.days ?? DEFAULT_CODE_DAYS) * DAY,
        issued_by: input.issuedBy,
        issued_at: now,
        used_at: null,
        used_by: null,
      };
      await executor.insertInto('invitations').values(invitation).execute();
      return { code, invitation, voided };
    },
    async lookup(realmId, code) {
      const invitation = await db
        .selectFrom('invitations')
        .selectAll()
        .where('code_hash', '=', keyed.hash('invitation', code))
        .where('realm_id', '=', realmId)
        .executeTakeFirst();
      if (!invitation) return { status: 'unknown' };
      if (invitation.status !== 'active') return { status: invitation.status, invitation };
      if (clock.now() >= invitation.expires_at) return { status: 'expired', invitation };
      return { status: 'active', invitation };
    },
    async findById(realmId, id) {
      return (
        (await db
          .selectFrom('invitations')
          .selectAll()
          .where('id', '=', id)
          .where('realm_id', '=', realmId)
          .executeTakeFirst()) ?? null
      );
    },
    async consume(executor, invitationId, usedBy) {
      const result = await executor
        .updateTable('invitations')
        .set({ status: 'used', used_at: clock.now(), used_by: usedBy })
        .where('id', '=', invitationId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    voidActive,
    listForPerson(personId) {
      return db
        .selectFrom('invitations')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('issued_at', 'desc')
        .execute();
    },
  };
}
