/**
 * Demo data: the three realms with their organisations and about ten people each over all
 * roles — a parent with two children in one school, a teacher who is also a parent, a person
 * with a temporary password and a blocked one. Seeding is idempotent: a realm that exists is
 * left alone. The passwords are listed on the landing page in demo mode only.
 */
import type { Role } from '../db/schema.js';
import type { PresetName } from '../realms/presets.js';
import type { Services } from '../services.js';
import type { DemoDirectory, DemoPersonCard } from '../web/demo-directory.js';

interface DemoPerson {
  readonly key: string;
  /** A profile the school entered without a login: the person registers with an invitation code. */
  readonly pending?: boolean;
  readonly login: string;
  readonly password: string;
  readonly temporary?: boolean;
  readonly blocked?: boolean;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName?: string;
  readonly birthDate?: string;
  readonly gender: 'male' | 'female';
  readonly snils?: string;
  readonly iin?: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly phone?: string;
  readonly phoneVerified?: boolean;
  readonly memberships: readonly { readonly org: string; readonly role: Role; readonly className?: string }[];
  readonly children?: readonly string[];
  readonly note?: string;
}

interface DemoOrganisation {
  readonly key: string;
  readonly region?: string;
  readonly kind: 'school' | 'company';
  readonly name: string;
  readonly number?: string;
  readonly slug: string;
  readonly bin?: string;
  readonly office?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly classes?: readonly string[];
}

interface DemoRealm {
  readonly id: string;
  readonly name: string;
  readonly preset: PresetName;
  readonly regions: readonly { readonly key: string; readonly code: string; readonly name: string }[];
  readonly organisations: readonly DemoOrganisation[];
  readonly people: readonly DemoPerson[];
}

const ROLE_NAMES: Record<Role, string> = {
  student: 'ученик',
  parent: 'родитель',
  teacher: 'учитель',
  staff: 'сотрудник',
  admin: 'администратор',
  curator: 'куратор',
  support: 'поддержка',
};

export const DEMO_REALMS: readonly DemoRealm[] = [
  {
    id: 'dnevnik',
    name: 'Дневник (демо)',
    preset: 'dnevnik',
    regions: [
      { key: 'msk', code: '77', name: 'Москва' },
      { key: 'perm', code: '59', name: 'Пермский край' },
    ],
    organisations: [
      {
        key: 'school1535',
        region: 'msk',
        kind: 'school',
        name: 'ГБОУ Школа № 1535',
        number: '1535',
        slug: '1535',
        office: 'Учебная часть, кабинет № 104а',
        email: 'kantselyaria@school1535.example',
        phone: '+74950000000',
        classes: ['6А', '9Б'],
      },
      {
        key: 'perm12',
        region: 'perm',
        kind: 'school',
        name: 'МАОУ СОШ № 12 г. Перми',
        number: '12',
        slug: 'perm-12',
        office: 'Информационно-методический центр, кабинет № 110',
        email: 'imc@perm12.example',
        classes: ['1А', '11А'],
      },
    ],
    people: [
      {
        key: 'volkova',
        login: 'ekaterinavolkov',
        password: 'Zvezda-4815',
        lastName: 'Волкова',
        firstName: 'Екатерина',
        middleName: 'Александровна',
        birthDate: '2009-05-14',
        gender: 'female',
        snils: '11223344595',
        email: 'volkova@demo.example',
        emailVerified: true,
        phone: '+79533541234',
        phoneVerified: true,
        memberships: [{ org: 'school1535', role: 'student', className: '9Б' }],
      },
      {
        key: 'petrov-son',
        login: 'petrov.misha',
        password: 'Raketa-7731',
        lastName: 'Петров',
        firstName: 'Михаил',
        middleName: 'Сергеевич',
        birthDate: '2013-02-03',
        gender: 'male',
        memberships: [{ org: 'school1535', role: 'student', className: '6А' }],
      },
      {
        key: 'petrova-daughter',
        login: 'petrova.anya',
        password: 'Oblako-2290',
        lastName: 'Петрова',
        firstName: 'Анна',
        middleName: 'Сергеевна',
        birthDate: '2010-09-21',
        gender: 'female',
        memberships: [{ org: 'school1535', role: 'student', className: '9Б' }],
      },
      {
        key: 'petrov-father',
        login: 'petrov.sergey',
        password: 'Magistral-38',
        lastName: 'Петров',
        firstName: 'Сергей',
        middleName: 'Викторович',
        birthDate: '1982-11-30',
        gender: 'male',
        snils: '11223344494',
        email: 'petrov@demo.example',
        emailVerified: true,
        phone: '+79161234567',
        memberships: [{ org: 'school1535', role: 'parent' }],
        children: ['petrov-son', 'petrova-daughter'],
        note: 'двое детей в одной школе',
      },
      {
        key: 'smirnova',
        login: 'smirnova.ov',
        password: 'Geografia-91',
        lastName: 'Смирнова',
        firstName: 'Ольга',
        middleName: 'Викторовна',
        birthDate: '1979-04-08',
        gender: 'female',
        email: 'smirnova@demo.example',
        emailVerified: true,
        memberships: [
          { org: 'school1535', role: 'teacher' },
          { org: 'school1535', role: 'parent' },
        ],
        children: ['smirnov-son'],
        note: 'учитель и родитель',
      },
      {
        key: 'smirnov-son',
        login: 'smirnov.ivan',
        password: 'Kosmos-5512',
        lastName: 'Смирнов',
        firstName: 'Иван',
        birthDate: '2013-07-17',
        gender: 'male',
        memberships: [{ org: 'school1535', role: 'student', className: '6А' }],
      },
      {
        key: 'admin1535',
        login: 'admin1535',
        password: 'Direktor-2026',
        lastName: 'Кузнецова',
        firstName: 'Марина',
        middleName: 'Павловна',
        gender: 'female',
        email: 'admin@school1535.example',
        emailVerified: true,
        memberships: [{ org: 'school1535', role: 'admin' }],
      },
      {
        key: 'curator-perm',
        login: 'curator.perm12',
        password: 'Kurator-Perm-12',
        lastName: 'Соколов',
        firstName: 'Дмитрий',
        gender: 'male',
        memberships: [{ org: 'perm12', role: 'curator' }],
      },
      {
        key: 'new-student',
        login: 'novikov.artem',
        password: 'vremya-7K3p',
        temporary: true,
        lastName: 'Новиков',
        firstName: 'Артём',
        birthDate: '2018-01-25',
        gender: 'male',
        memberships: [{ org: 'perm12', role: 'student', className: '1А' }],
        note: 'временный пароль',
      },
      {
        key: 'blocked',
        login: 'blocked.user',
        password: 'Zablokirovan-1',
        blocked: true,
        lastName: 'Морозов',
        firstName: 'Павел',
        gender: 'male',
        memberships: [{ org: 'perm12', role: 'staff' }],
        note: 'заблокирован',
      },
      {
        key: 'support',
        login: 'support.desk',
        password: 'Podderzhka-77',
        lastName: 'Лебедева',
        firstName: 'Ирина',
        gender: 'female',
        memberships: [{ org: 'perm12', role: 'support' }],
      },
    ],
  },
  {
    id: 'eljur',
    name: 'ЭлЖур (демо)',
    preset: 'eljur',
    regions: [{ key: 'spb', code: '78', name: 'Санкт-Петербург' }],
    organisations: [
      {
        key: 's1399',
        region: 'spb',
        kind: 'school',
        name: 'ГБОУ СОШ № 1399',
        number: '1399',
        slug: '1399',
        office: 'Кабинет информатики, № 21',
        email: 'curator@1399.example',
        classes: ['6А', '8В'],
      },
    ],
    people: [
      {
        key: 'nikolaeva-child',
        login: 'nikolaeva.v',
        password: 'Vesna2026shkola',
        lastName: 'Николаева',
        firstName: 'Вера',
        birthDate: '2013-03-12',
        gender: 'female',
        memberships: [{ org: 's1399', role: 'student', className: '6А' }],
      },
      {
        key: 'nikolaev-child2',
        login: 'nikolaev.k',
        password: 'Leto2026shkola',
        lastName: 'Николаев',
        firstName: 'Кирилл',
        birthDate: '2011-06-01',
        gender: 'male',
        memberships: [{ org: 's1399', role: 'student', className: '8В' }],
      },
      {
        key: 'nikolaeva-mother',
        login: 'nikolaeva.mama',
        password: 'Roditel2026dom',
        lastName: 'Николаева',
        firstName: 'Светлана',
        middleName: 'Игоревна',
        gender: 'female',
        email: '14a139@mail.example',
        emailVerified: true,
        memberships: [{ org: 's1399', role: 'parent' }],
        children: ['nikolaeva-child', 'nikolaev-child2'],
        note: 'двое детей в одной школе',
      },
      {
        key: 'teacher-parent',
        login: 'orlova.math',
        password: 'Algebra2026urok',
        lastName: 'Орлова',
        firstName: 'Наталья',
        middleName: 'Петровна',
        gender: 'female',
        email: 'orlova@1399.example',
        emailVerified: true,
        memberships: [
          { org: 's1399', role: 'teacher', className: '6А' },
          { org: 's1399', role: 'parent' },
        ],
        children: ['orlov-son'],
        note: 'учитель и родитель',
      },
      {
        key: 'orlov-son',
        login: 'orlov.gleb',
        password: 'Futbol2026myach',
        lastName: 'Орлов',
        firstName: 'Глеб',
        birthDate: '2013-10-10',
        gender: 'male',
        memberships: [{ org: 's1399', role: 'student', className: '6А' }],
      },
      {
        key: 'curator1399',
        login: 'curator1399',
        password: 'Kurator2026zhurnal',
        lastName: 'Белов',
        firstName: 'Андрей',
        gender: 'male',
        email: 'curator@1399.example',
        emailVerified: true,
        memberships: [{ org: 's1399', role: 'curator' }],
      },
      {
        key: 'admin1399',
        login: 'admin1399',
        password: 'Direktor2026shkola',
        lastName: 'Зайцева',
        firstName: 'Людмила',
        gender: 'female',
        memberships: [{ org: 's1399', role: 'admin' }],
      },
      {
        key: 'staff1399',
        login: 'ivanova.lib',
        password: 'Biblioteka2026kniga',
        lastName: 'Иванова',
        firstName: 'Галина',
        gender: 'female',
        memberships: [{ org: 's1399', role: 'staff' }],
      },
      {
        key: 'eljur-temp',
        login: 'fedorov.new',
        password: 'vremennyi7K3p',
        temporary: true,
        lastName: 'Фёдоров',
        firstName: 'Олег',
        gender: 'male',
        memberships: [{ org: 's1399', role: 'teacher' }],
        note: 'временный пароль',
      },
      {
        key: 'smirnova-dasha',
        pending: true,
        login: '',
        password: '',
        lastName: 'Смирнова',
        firstName: 'Дарья',
        birthDate: '2013-11-02',
        gender: 'female',
        memberships: [{ org: 's1399', role: 'student', className: '6А' }],
      },
      {
        key: 'smirnov-pasha',
        pending: true,
        login: '',
        password: '',
        lastName: 'Смирнов',
        firstName: 'Павел',
        birthDate: '2011-04-19',
        gender: 'male',
        memberships: [{ org: 's1399', role: 'student', className: '8В' }],
      },
      {
        key: 'smirnova-mother',
        pending: true,
        login: '',
        password: '',
        lastName: 'Смирнова',
        firstName: 'Елена',
        middleName: 'Андреевна',
        gender: 'female',
        memberships: [{ org: 's1399', role: 'parent' }],
        children: ['smirnova-dasha', 'smirnov-pasha'],
      },
      {
        key: 'lebedev-timur',
        pending: true,
        login: '',
        password: '',
        lastName: 'Лебедев',
        firstName: 'Тимур',
        birthDate: '2013-08-30',
        gender: 'male',
        memberships: [{ org: 's1399', role: 'student', className: '6А' }],
      },
      {
        key: 'kuzmina-teacher',
        pending: true,
        login: '',
        password: '',
        lastName: 'Кузьмина',
        firstName: 'Анна',
        middleName: 'Сергеевна',
        gender: 'female',
        memberships: [{ org: 's1399', role: 'teacher', className: '8В' }],
      },
      {
        key: 'eljur-support',
        login: 'support1399',
        password: 'Pomosch2026sluzhba',
        lastName: 'Громова',
        firstName: 'Алла',
        gender: 'female',
        memberships: [{ org: 's1399', role: 'support' }],
      },
    ],
  },
  {
    id: 'recycle',
    name: 'app.recycle.kz (демо)',
    preset: 'recycle',
    regions: [{ key: 'ala', code: '75', name: 'Алматы' }],
    organisations: [
      {
        key: 'ecotrans',
        region: 'ala',
        kind: 'company',
        name: 'ТОО «ЭкоТранс Алматы»',
        slug: 'ecotrans',
        bin: '061211600012',
        email: 'office@ecotrans.example',
      },
      {
        key: 'vtorresurs',
        region: 'ala',
        kind: 'company',
        name: 'АО «Вторресурс-KZ»',
        slug: 'vtorresurs',
        email: 'info@vtorresurs.example',
      },
    ],
    people: [
      {
        key: 'akhmetov',
        login: 'akhmetov',
        password: 'Kz!Eco#2026',
        lastName: 'Ахметов',
        firstName: 'Нурлан',
        middleName: 'Серикович',
        gender: 'male',
        iin: '061211600012',
        email: 'tteniscent@demo.example',
        emailVerified: true,
        memberships: [{ org: 'ecotrans', role: 'admin' }],
      },
      {
        key: 'seitova',
        login: 'seitova',
        password: 'Almaty&Green7',
        lastName: 'Сеитова',
        firstName: 'Айгерим',
        gender: 'female',
        email: 'seitova@demo.example',
        emailVerified: true,
        memberships: [{ org: 'ecotrans', role: 'staff' }],
      },
      {
        key: 'omarov',
        login: 'omarov',
        password: 'Steppe*Wind42',
        lastName: 'Омаров',
        firstName: 'Ержан',
        gender: 'male',
        memberships: [{ org: 'ecotrans', role: 'staff' }],
      },
      {
        key: 'kim',
        login: 'kim.v',
        password: 'Recycle@Plan9',
        lastName: 'Ким',
        firstName: 'Виктория',
        gender: 'female',
        email: 'kim@demo.example',
        memberships: [{ org: 'vtorresurs', role: 'admin' }],
      },
      {
        key: 'zhumabaev',
        login: 'zhumabaev',
        password: 'Tengri$Sky88',
        lastName: 'Жумабаев',
        firstName: 'Асхат',
        gender: 'male',
        memberships: [{ org: 'vtorresurs', role: 'staff' }],
      },
      {
        key: 'bekova',
        login: 'bekova',
        password: 'Kapchagai!77',
        lastName: 'Бекова',
        firstName: 'Динара',
        gender: 'female',
        memberships: [{ org: 'vtorresurs', role: 'curator' }],
      },
      {
        key: 'recycle-temp',
        login: 'novaya.sotr',
        password: 'Vremya#7K3p',
        temporary: true,
        lastName: 'Ли',
        firstName: 'Алина',
        gender: 'female',
        memberships: [{ org: 'vtorresurs', role: 'staff' }],
        note: 'временный пароль',
      },
      {
        key: 'recycle-blocked',
        login: 'uvolen',
        password: 'Uvolen!2025x',
        blocked: true,
        lastName: 'Тулеев',
        firstName: 'Марат',
        gender: 'male',
        memberships: [{ org: 'ecotrans', role: 'staff' }],
        note: 'заблокирован',
      },
      {
        key: 'recycle-support',
        login: 'helpdesk',
        password: 'Help!Desk2026',
        lastName: 'Абенова',
        firstName: 'Сауле',
        gender: 'female',
        memberships: [{ org: 'ecotrans', role: 'support' }],
      },
    ],
  },
];

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
