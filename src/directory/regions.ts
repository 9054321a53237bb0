/**
 * Regional administrators: people who read the audit of every organisation of a region (they
 * run no school themselves). Assigned by the operator (`propusk audit region-admin …`) or the
 * demo seed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface AdministeredRegion {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

export async function regionsAdministeredBy(
  db: Kysely<Database>,
  realmId: string,
  personId: string,
): Promise<AdministeredRegion[]> {
  return db
    .selectFrom('region_administrators as ra')
    .innerJoin('regions as r', 'r.id', 'ra.region_id')
    .select(['r.id', 'r.code', 'r.name'])
    .where('ra.person_id', '=', personId)
    .where('r.realm_id', '=', realmId)
    .orderBy('r.code')
    .execute();
}

export async function addRegionAdministrator(
  db: Kysely<Database>,
  regionId: string,
  personId: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('region_administrators')
    .values({ region_id: regionId, person_id: personId, created_at: now })
    .onConflict((oc) => oc.columns(['region_id', 'person_id']).doNothing())
    .execute();
}

export async function findRegionByCode(
  db: Kysely<Database>,
  realmId: string,
  code: string,
): Promise<AdministeredRegion | null> {
  return (
    (await db
      .selectFrom('regions')
      .select(['id', 'code', 'name'])
      .where('realm_id', '=', realmId)
      .where('code', '=', code)
      .executeTakeFirst()) ?? null
  );
}
