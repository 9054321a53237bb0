/**
 * Demo data: the three realms with their organisations and about ten people each over all
 * roles — a parent with two children in one school, a teacher who is also a parent, a person
 * with a temporary password and a blocked one. Seeding is idempotent: a realm that exists is
 * left alone. The passwords are listed on the landing page in demo mode only.
 */
import type { Role } from '../db/schema.js';
import { addRegionAdministrator } from '../directory/regions.js';
import type { Services } from '../services.js';
import type { DemoDirectory, DemoPersonCard } from '../web/demo-directory.js';
import type { DemoRealm } from './demo-types.js';
import { dnevnik } from './realm-dnevnik.js';
import { eljur } from './realm-eljur.js';
import { recycle } from './realm-recycle.js';

const ROLE_NAMES: Record<Role, string> = {
  student: 'ученик',
  parent: 'родитель',
  teacher: 'учитель',
  staff: 'сотрудник',
  admin: 'администратор',
  curator: 'куратор',
  support: 'поддержка',
};

export const DEMO_REALMS: readonly DemoRealm[] = [dnevnik, eljur, recycle];

export function demoDirectory(): DemoDirectory {
  const people: DemoPersonCard[] = [];
  for (const realm of DEMO_REALMS) {
    for (const p of realm.people) {
      if (p.pending) continue;
      people.push({
        realmId: realm.id,
        login: p.login,
        password: p.password,
        name: `${p.lastName} ${p.firstName}`,
        roles: [...new Set(p.memberships.map((m) => ROLE_NAMES[m.role]))].join(', '),
        ...(p.note ? { note: p.note } : {}),
      });
    }
  }
  return { people };
}

/** Creates the demo realms that do not exist yet. Returns the ids of those it created. */
export async function seedDemo(services: Services): Promise<string[]> {
  const created: string[] = [];
  for (const realm of DEMO_REALMS) {
    if (await services.realms.find(realm.id)) continue;
    await services.realms.create({ id: realm.id, name: realm.name, preset: realm.preset });
    const regionIds = new Map<string, string>();
    for (const region of realm.regions) {
      regionIds.set(
        region.key,
        await services.organisations.createRegion(realm.id, region.code, region.name),
      );
    }
    const orgIds = new Map<string, string>();
    const classIds = new Map<string, string>();
    for (const o of realm.organisations) {
      const org = await services.organisations.create({
        realmId: realm.id,
        regionId: o.region ? (regionIds.get(o.region) ?? null) : null,
        kind: o.kind,
        name: o.name,
        number: o.number ?? null,
        slug: o.slug,
        bin: o.bin ?? null,
        contactOffice: o.office ?? null,
        contactEmail: o.email ?? null,
        contactPhone: o.phone ?? null,
      });
      orgIds.set(o.key, org.id);
      for (const c of o.classes ?? [])
        classIds.set(`${o.key}/${c}`, await services.organisations.createClass(org.id, c));
    }
    const personIds = new Map<string, string>();
    const now = services.clock.now();
    for (const p of realm.people) {
      const profile = {
        realmId: realm.id,
        lastName: p.lastName,
        firstName: p.firstName,
        middleName: p.middleName ?? null,
        birthDate: p.birthDate ?? null,
        gender: p.gender,
        snils: p.snils ?? null,
        iin: p.iin ?? null,
        email: p.email ?? null,
        emailNormalized: p.email?.toLowerCase() ?? null,
        emailVerifiedAt: p.email && p.emailVerified ? now : null,
        phone: p.phone ?? null,
        phoneVerifiedAt: p.phone && p.phoneVerified ? now : null,
      };
      const person = p.pending
        ? await services.people.createPending(profile)
        : await services.people.create({
            ...profile,
            login: p.login,
            loginNormalized: p.login.normalize('NFKC').toLowerCase(),
            passwordHash: await services.passwords.hash(p.password),
            passwordMustChange: p.temporary === true,
          });
      personIds.set(p.key, person.id);
      if (p.blocked) await services.people.setStatus(person.id, 'blocked');
      for (const region of p.regionAdmin ?? [])
        await addRegionAdministrator(services.db, regionIds.get(region) as string, person.id, now);
      if (p.esiaOid) {
        await services.people.markActivated(person.id);
        await services.db
          .insertInto('external_identities')
          .values({
            id: `esia-${p.esiaOid}`,
            realm_id: realm.id,
            person_id: person.id,
            provider: 'esia',
            subject: p.esiaOid,
            linked_at: now,
            last_used_at: null,
          })
          .execute();
      }
      for (const m of p.memberships) {
        await services.people.addMembership({
          personId: person.id,
          organisationId: orgIds.get(m.org) as string,
          classId: m.className ? (classIds.get(`${m.org}/${m.className}`) ?? null) : null,
          role: m.role,
        });
      }
    }
    for (const p of realm.people) {
      for (const child of p.children ?? []) {
        await services.people.linkGuardian(personIds.get(p.key) as string, personIds.get(child) as string);
      }
    }
    created.push(realm.id);
  }
  return created;
}
