/** Regions, organisations and classes of a realm. */
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/crypto/secrets.js';
import type { Database, Organisation } from '../db/schema.js';

export interface NewOrganisationInput {
  readonly realmId: string;
  readonly regionId?: string | null;
  readonly kind: 'school' | 'company' | 'department';
  readonly name: string;
  readonly number?: string | null;
  readonly slug: string;
  readonly bin?: string | null;
  readonly contactOffice?: string | null;
  readonly contactEmail?: string | null;
  readonly contactPhone?: string | null;
}

export interface OrganisationStore {
  createRegion(realmId: string, code: string, name: string): Promise<string>;
  create(input: NewOrganisationInput): Promise<Organisation>;
  createClass(organisationId: string, name: string): Promise<string>;
  findOrCreateClass(organisationId: string, name: string): Promise<string>;
  findBySlug(realmId: string, slug: string): Promise<Organisation | null>;
  listByRealm(realmId: string): Promise<Organisation[]>;
}

export function organisationStore(db: Kysely<Database>, clock: Clock): OrganisationStore {
  return {
    async createRegion(realmId, code, name) {
      const id = newId();
      await db.insertInto('regions').values({ id, realm_id: realmId, code, name }).execute();
      return id;
    },
    async create(input) {
      const row: Organisation = {
        id: newId(),
        realm_id: input.realmId,
        region_id: input.regionId ?? null,
        kind: input.kind,
        name: input.name,
        number: input.number ?? null,
        slug: input.slug,
        bin: input.bin ?? null,
        contact_office: input.contactOffice ?? null,
        contact_email: input.contactEmail ?? null,
        contact_phone: input.contactPhone ?? null,
        created_at: clock.now(),
      };
      await db.insertInto('organisations').values(row).execute();
      return row;
    },
    async createClass(organisationId, name) {
      const id = newId();
      await db
        .insertInto('classes')
        .values({ id, organisation_id: organisationId, name, created_at: clock.now() })
        .execute();
      return id;
    },
    async findOrCreateClass(organisationId, name) {
      const existing = await db
        .selectFrom('classes')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('name', '=', name)
        .executeTakeFirst();
      return existing?.id ?? this.createClass(organisationId, name);
    },
    async findBySlug(realmId, slug) {
      return (
        (await db
          .selectFrom('organisations')
          .selectAll()
          .where('realm_id', '=', realmId)
          .where('slug', '=', slug)
          .executeTakeFirst()) ?? null
      );
    },
    listByRealm(realmId) {
      return db
        .selectFrom('organisations')
        .selectAll()
        .where('realm_id', '=', realmId)
        .orderBy('name')
        .execute();
    },
  };
}
