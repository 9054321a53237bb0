/**
 * The stores of second factors and consent records, built once (services.ts) over the database.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import { type Sealer, sealer } from '../core/crypto/sealed.js';
import type { KeyedHasher } from '../core/crypto/secrets.js';
import type { Database } from '../db/schema.js';
import { type ConsentStore, consentStore } from './consents.js';
import { type PasskeyStore, passkeyStore } from './passkeys.js';
import { type RecoveryCodeStore, recoveryCodeStore } from './recovery-codes.js';
import { type TotpStore, totpStore } from './totp.js';

export interface FactorStores {
  readonly totp: TotpStore;
  readonly recoveryCodes: RecoveryCodeStore;
  readonly passkeys: PasskeyStore;
  readonly consents: ConsentStore;
  /** Seals a TOTP secret while it is being enrolled (kept in the enrolment's flow). */
  readonly enrolment: Sealer;
}

export function factorStores(
  db: Kysely<Database>,
  secret: string,
  keyed: KeyedHasher,
  audit: AuditLog,
  clock: Clock,
): FactorStores {
  return {
    totp: totpStore(db, sealer(secret, 'totp'), clock),
    recoveryCodes: recoveryCodeStore(db, keyed, clock),
    passkeys: passkeyStore(db, clock),
    consents: consentStore(db, audit, clock),
    enrolment: sealer(secret, 'totp-enrolment'),
  };
}
