/**
 * Signed statements kept as evidence: the reset of access through ЭЦП (article 004) keeps the
 * statement a person signed, the CMS exactly as it arrived, and who signed it by the
 * certificate. Kept like the audit log (no expiry): it is what an operator shows when a person
 * asks who changed their email.
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function signatureEvidence(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('signature_evidence')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('person_id', 'varchar(40)', (c) => c.references('people.id').onDelete('set null'))
        /** What the signature was for: `reset` (the statement of article 004). */
        .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
        .addColumn('statement', 'text', (c) => c.notNull())
        /** The CMS (base64 DER), as NCALayer returned it. */
        .addColumn('cms', 'text', (c) => c.notNull())
        .addColumn('iin', 'varchar(12)', (c) => c.notNull())
        .addColumn('bin', 'varchar(12)')
        .addColumn('certificate_serial', 'varchar(80)', (c) => c.notNull())
        .addColumn('issuer', 'varchar(255)', (c) => c.notNull())
        .addColumn('ip', 'varchar(64)')
        .addColumn('created_at', epoch, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('signature_evidence_person')
        .on('signature_evidence')
        .columns(['person_id', 'created_at'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('signature_evidence').execute();
    },
  };
}
