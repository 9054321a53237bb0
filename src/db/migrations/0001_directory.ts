/**
 * The directory: realms, regions, organisations, classes, people, their memberships,
 * guardianships and external identities (Gosuslugi, digital signature).
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function directory(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('realms')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('preset', 'varchar(40)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', epoch, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('regions')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('code', 'varchar(20)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addUniqueConstraint('regions_realm_code', ['realm_id', 'code'])
        .execute();

      await db.schema
        .createTable('organisations')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('region_id', 'varchar(40)', (c) => c.references('regions.id').onDelete('set null'))
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('name', 'varchar(300)', (c) => c.notNull())
        .addColumn('number', 'varchar(20)')
        .addColumn('slug', 'varchar(60)', (c) => c.notNull())
        .addColumn('bin', 'varchar(12)')
        .addColumn('contact_office', 'varchar(200)')
        .addColumn('contact_email', 'varchar(254)')
        .addColumn('contact_phone', 'varchar(20)')
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addUniqueConstraint('organisations_realm_slug', ['realm_id', 'slug'])
        .execute();
      await db.schema.createIndex('organisations_region').on('organisations').column('region_id').execute();

      await db.schema
        .createTable('classes')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('organisation_id', 'varchar(40)', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('name', 'varchar(40)', (c) => c.notNull())
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addUniqueConstraint('classes_org_name', ['organisation_id', 'name'])
        .execute();

      await db.schema
        .createTable('people')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('login', 'varchar(64)', (c) => c.notNull())
        .addColumn('login_normalized', 'varchar(64)', (c) => c.notNull())
        .addColumn('last_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('first_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('middle_name', 'varchar(100)')
        .addColumn('birth_date', 'varchar(10)')
        .addColumn('gender', 'varchar(6)')
        .addColumn('snils', 'varchar(11)')
        .addColumn('iin', 'varchar(12)')
        .addColumn('email', 'varchar(254)')
        .addColumn('email_normalized', 'varchar(254)')
        .addColumn('email_verified_at', epoch)
        .addColumn('phone', 'varchar(16)')
        .addColumn('phone_verified_at', epoch)
        .addColumn('password_hash', 'varchar(200)')
        .addColumn('password_must_change', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('password_changed_at', epoch)
        .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('active'))
        .addColumn('activated_at', epoch)
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('updated_at', epoch, (c) => c.notNull())
        .addUniqueConstraint('people_realm_login', ['realm_id', 'login_normalized'])
        .execute();
      // The lookups recovery, Gosuslugi matching and the curator desk make; each stays indexed.
      for (const column of ['email_normalized', 'phone', 'snils', 'iin'] as const) {
        await db.schema
          .createIndex(`people_realm_${column}`)
          .on('people')
          .columns(['realm_id', column])
          .execute();
      }
      await db.schema
        .createIndex('people_realm_name')
        .on('people')
        .columns(['realm_id', 'last_name', 'first_name'])
        .execute();

      await db.schema
        .createTable('memberships')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('organisation_id', 'varchar(40)', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('class_id', 'varchar(40)', (c) => c.references('classes.id').onDelete('set null'))
        .addColumn('role', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', epoch, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('memberships_person').on('memberships').column('person_id').execute();
      await db.schema
        .createIndex('memberships_org_role')
        .on('memberships')
        .columns(['organisation_id', 'role'])
        .execute();
      await db.schema.createIndex('memberships_class').on('memberships').column('class_id').execute();

      await db.schema
        .createTable('guardianships')
        .addColumn('parent_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('child_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addPrimaryKeyConstraint('guardianships_pk', ['parent_id', 'child_id'])
        .execute();
      await db.schema.createIndex('guardianships_child').on('guardianships').column('child_id').execute();

      await db.schema
        .createTable('external_identities')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('provider', 'varchar(20)', (c) => c.notNull())
        .addColumn('subject', 'varchar(200)', (c) => c.notNull())
        .addColumn('linked_at', epoch, (c) => c.notNull())
        .addColumn('last_used_at', epoch)
        .addUniqueConstraint('external_identities_subject', ['realm_id', 'provider', 'subject'])
        .execute();
      await db.schema
        .createIndex('external_identities_person')
        .on('external_identities')
        .column('person_id')
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'external_identities',
        'guardianships',
        'memberships',
        'people',
        'classes',
        'organisations',
        'regions',
        'realms',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
