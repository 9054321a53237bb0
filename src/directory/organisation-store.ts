/**
 * Regions, organisations and classes of a realm.
 *
 * The public school search (school-search/) follows every write to `organisations` by itself:
 * triggers give the realm a new organisation version in the same transaction.
 */
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
  /** Many organisations at once (imports, seeds), in batched inserts. */
  createMany(inputs: readonly NewOrganisationInput[]): Promise<number>;
  rename(organisationId: string, name: string): Promise<void>;
  createClass(organisationId: string, name: string): Promise<string>;
  findOrCreateClass(organisationId: string, name: string): Promise<string>;
  findBySlug(realmId: string, slug: string): Promise<Organisation | null>;
  listByRealm(realmId: string): Promise<Organisation[]>;
}

/** Every column of `Organisation`. */
const COLUMNS = [
  'id',
  'realm_id',
  'region_id',
  'kind',
  'name',
  'number',
  'slug',
  'bin',
  'contact_office',
  'contact_email',
  'contact_phone',
  'created_at',
] as const;

/** Rows per INSERT: 13 columns each stays far below both dialects' parameter limits. */
const INSERT_BATCH = 500;

function organisationRow(input: NewOrganisationInput, now: number): Organisation {
  return {
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
    created_at: now,
  };
}

export function organisationStore(db: Kysely<Database>, clock: Clock): OrganisationStore {
  return {
    async createRegion(realmId, code, name) {
      const id = newId();
      await db.insertInto('regions').values({ id, realm_id: realmId, code, name }).execute();
      return id;
    },
    async create(input) {
      const row = organisationRow(input, clock.now());
      await db.insertInto('organisations').values(row).execute();
      return row;
    },
    async createMany(inputs) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < inputs.length; i += INSERT_BATCH) {
          const rows = inputs.slice(i, i + INSERT_BATCH).map((input) => organisationRow(input, now));
          await trx.insertInto('organisations').values(rows).execute();
        }
      });
      return inputs.length;
    },
    async rename(organisationId, name) {
      await db.updateTable('organisations').set({ name }).where('id', '=', organisationId).execute();
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
          .select(COLUMNS)
          .where('realm_id', '=', realmId)
          .where('slug', '=', slug)
          .executeTakeFirst()) ?? null
      );
    },
    listByRealm(realmId) {
      return db
        .selectFrom('organisations')
        .select(COLUMNS)
        .where('realm_id', '=', realmId)
        .orderBy('name')
        .execute();
    },
  };
}
