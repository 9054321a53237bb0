/**
 * One SNILS is one person in a realm, in the database: a unique index on (realm, snils) where a
 * SNILS is given, in place of the plain index of 0001. Creating a profile (the desk, the CLI,
 * the admin API) and correcting one still check first, to name the field; the index is what
 * keeps two at the same moment from both passing that check.
 *
 * A database that already holds one SNILS twice in a realm is not changed: the migration
 * refuses, says how many numbers and people it found and how to list them, and leaves the
 * people to an operator (which of two profiles owns a SNILS is a question about people, not
 * something to decide by deleting or renaming one). Correct them and migrate again.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import { MigrationRefused } from '../migration-refused.js';

/** Lists the SNILS held by more than one person of a realm, and by whom. */
export const DUPLICATE_SNILS_SQL = `SELECT realm_id, snils, id, login, last_name, first_name
  FROM people
  WHERE snils IS NOT NULL AND (realm_id, snils) IN (
    SELECT realm_id, snils FROM people WHERE snils IS NOT NULL
    GROUP BY realm_id, snils HAVING COUNT(*) > 1)
  ORDER BY realm_id, snils, created_at, login;`;

async function duplicates(db: Kysely<unknown>): Promise<{ numbers: number; people: number }> {
  const { rows } = await sql<{ numbers: number | string; people: number | string | null }>`
    select count(*) as numbers, sum(n) as people from (
      select count(*) as n from people where snils is not null
      group by realm_id, snils having count(*) > 1) as d`.execute(db);
  const row = rows[0];
  return { numbers: Number(row?.numbers ?? 0), people: Number(row?.people ?? 0) };
}

export function uniqueSnils(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const found = await duplicates(db);
      if (found.numbers > 0) {
        throw new MigrationRefused(
          `0019_unique_snils: ${found.numbers} SNILS ${found.numbers === 1 ? 'is' : 'are each'} held by ` +
            `more than one person in a realm (${found.people} people). One SNILS must be one person ` +
            'before the database can keep it so; nothing was changed. List them with\n' +
            `  ${DUPLICATE_SNILS_SQL.replace(/\n/g, '\n  ')}\n` +
            'then correct the SNILS of each profile that does not hold it (the person’s card in the curator ' +
            'desk, «Исправить», or the admin API’s POST /people/{id}/correction, with a reason) and ' +
            'migrate again.',
        );
      }
      await db.schema.dropIndex('people_realm_snils').execute();
      await db.schema
        .createIndex('people_realm_snils')
        .on('people')
        .columns(['realm_id', 'snils'])
        .unique()
        .where(sql.ref('snils'), 'is not', null)
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('people_realm_snils').execute();
      await db.schema.createIndex('people_realm_snils').on('people').columns(['realm_id', 'snils']).execute();
    },
  };
}
