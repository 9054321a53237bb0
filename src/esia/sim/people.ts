/**
 * The simulator's people: one for every case of article 002 and of article 003's Gosuslugi
 * part, and a few whose answers go wrong on purpose (a slow or failing person resource, a
 * SNILS with a wrong check digit, tokens that are tampered, for another client, expired or
 * signed by a key nobody configured). Each signs in on the simulator's page with its login
 * and the one demo password; the demo seed has the Propusk profiles they meet.
 */
export const SIM_PASSWORD = 'Gosuslugi-2026';

export type SimLevel = 'simplified' | 'standard' | 'confirmed' | 'child';

/** How the simulator misbehaves for this person (tests of every refusal). */
export type SimBehaviour =
  | 'normal'
  | 'person-timeout'
  | 'person-500'
  | 'tampered-token'
  | 'wrong-aud'
  | 'expired-token'
  | 'other-key'
  | 'rsa';

export interface SimPerson {
  readonly login: string;
  readonly oid: string;
  readonly case: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName?: string;
  /** DD.MM.YYYY, as ESIA writes it. */
  readonly birthDate: string;
  readonly gender: 'M' | 'F';
  /** As ESIA writes it: `XXX-XXX-XXX YY` (not always a valid one: see `bad-snils`). */
  readonly snils?: string;
  readonly level: SimLevel;
  readonly email?: { readonly value: string; readonly verified: boolean };
  readonly mobile?: { readonly value: string; readonly verified: boolean };
  readonly phoneForSms: string;
  readonly behaviour: SimBehaviour;
  readonly kids?: readonly string[];
}

const adult = (
  p: Omit<SimPerson, 'behaviour' | 'phoneForSms'> & Partial<Pick<SimPerson, 'behaviour' | 'phoneForSms'>>,
): SimPerson => ({
  behaviour: 'normal',
  phoneForSms: '+7(916)0000000',
  ...p,
});

export const SIM_PEOPLE: readonly SimPerson[] = [
  adult({
    login: 'standard',
    oid: '1000000001',
    case: 'Дневник: взрослый, стандартная учётная запись — вход',
    lastName: 'Иванов',
    firstName: 'Алексей',
    middleName: 'Петрович',
    birthDate: '10.03.1985',
    gender: 'M',
    snils: '200-300-400 48',
    level: 'standard',
    email: { value: 'ivanov@esia.example', verified: true },
  }),
  adult({
    login: 'confirmed',
    oid: '1000000002',
    case: 'Дневник: взрослый, подтверждённая учётная запись (имя с «ё») — вход',
    lastName: 'КУЗЬМИНА',
    firstName: 'Алёна',
    middleName: 'Сергеевна',
    birthDate: '22.07.1980',
    gender: 'F',
    snils: '200-300-401 49',
    level: 'confirmed',
  }),
  adult({
    login: 'simplified',
    oid: '1000000003',
    case: 'Дневник: упрощённая учётная запись — ниже требуемого уровня',
    lastName: 'Фёдоров',
    firstName: 'Игорь',
    middleName: 'Николаевич',
    birthDate: '05.01.1979',
    gender: 'M',
    snils: '200-300-402 50',
    level: 'simplified',
  }),
  adult({
    login: 'snils-differs',
    oid: '1000000004',
    case: 'Дневник: СНИЛС не совпадает',
    lastName: 'Соколова',
    firstName: 'Марина',
    middleName: 'Андреевна',
    birthDate: '14.02.1984',
    gender: 'F',
    snils: '200-300-403 51',
    level: 'standard',
  }),
  adult({
    login: 'name-differs',
    oid: '1000000005',
    case: 'Дневник: ФИО не совпадает',
    lastName: 'Белов',
    firstName: 'Андрей',
    middleName: 'Георгиевич',
    birthDate: '30.09.1977',
    gender: 'M',
    snils: '200-300-405 53',
    level: 'standard',
  }),
  adult({
    login: 'no-snils',
    oid: '1000000006',
    case: 'Дневник: в профиле Дневника нет СНИЛС — связать вручную',
    lastName: 'Комарова',
    firstName: 'Ольга',
    middleName: 'Ивановна',
    birthDate: '11.11.1983',
    gender: 'F',
    snils: '200-300-406 54',
    level: 'standard',
  }),
  adult({
    login: 'minor',
    oid: '1000000007',
    case: 'Дневник: ученица до 18 лет, связана вручную — вход',
    lastName: 'Волкова',
    firstName: 'Екатерина',
    middleName: 'Александровна',
    birthDate: '14.05.2009',
    gender: 'F',
    level: 'child',
  }),
  adult({
    login: 'minor-birth-differs',
    oid: '1000000008',
    case: 'Дневник: до 18 лет, дата рождения в Дневнике другая',
    lastName: 'Петрова',
    firstName: 'Анна',
    middleName: 'Сергеевна',
    birthDate: '12.09.2010',
    gender: 'F',
    level: 'child',
  }),
  adult({
    login: 'minor-name-differs',
    oid: '1000000009',
    case: 'Дневник: до 18 лет, ФИО не совпадает',
    lastName: 'Смирнов',
    firstName: 'Иван',
    middleName: 'Олегович',
    birthDate: '17.07.2013',
    gender: 'M',
    level: 'child',
  }),
  adult({
    login: 'minor-unlinked',
    oid: '1000000010',
    case: 'Дневник: до 18 лет, не связан — связать вручную',
    lastName: 'Петров',
    firstName: 'Михаил',
    middleName: 'Сергеевич',
    birthDate: '03.02.2013',
    gender: 'M',
    level: 'child',
  }),
  adult({
    login: 'nobody',
    oid: '1000000011',
    case: 'Дневник: профиля в Дневнике нет',
    lastName: 'Никитин',
    firstName: 'Павел',
    middleName: 'Сергеевич',
    birthDate: '08.08.1990',
    gender: 'M',
    snils: '200-300-407 55',
    level: 'standard',
  }),
  adult({
    login: 'no-organisation',
    oid: '1000000012',
    case: 'Дневник: профиль не привязан ни к одной организации',
    lastName: 'Егорова',
    firstName: 'Татьяна',
    middleName: 'Викторовна',
    birthDate: '19.04.1986',
    gender: 'F',
    snils: '200-300-408 56',
    level: 'standard',
  }),
  adult({
    login: 'wizard',
    oid: '1000000013',
    case: 'Дневник: профиль создан школой без логина — регистрация через госуслуги',
    lastName: 'Зайцева',
    firstName: 'Анна',
    middleName: 'Дмитриевна',
    birthDate: '02.12.1987',
    gender: 'F',
    snils: '200-300-409 57',
    level: 'confirmed',
    email: { value: 'zaytseva@esia.example', verified: true },
    mobile: { value: '+7(926)0000013', verified: true },
  }),
  adult({
    login: 'eljur-snils',
    oid: '1000000021',
    case: 'ЭлЖур: найден по СНИЛС',
    lastName: 'Тихонов',
    firstName: 'Роман',
    middleName: 'Евгеньевич',
    birthDate: '21.06.1981',
    gender: 'M',
    snils: '200-300-410 50',
    level: 'standard',
  }),
  adult({
    login: 'eljur-email',
    oid: '1000000022',
    case: 'ЭлЖур: найдена по подтверждённой эл. почте',
    lastName: 'Николаева',
    firstName: 'Светлана',
    middleName: 'Игоревна',
    birthDate: '03.03.1985',
    gender: 'F',
    snils: '200-300-411 51',
    level: 'standard',
    email: { value: '14a139@mail.example', verified: true },
  }),
  adult({
    login: 'eljur-phone',
    oid: '1000000023',
    case: 'ЭлЖур: найдена по подтверждённому мобильному',
    lastName: 'Павлова',
    firstName: 'Ирина',
    middleName: 'Олеговна',
    birthDate: '12.10.1988',
    gender: 'F',
    snils: '200-300-413 53',
    level: 'standard',
    mobile: { value: '+7(911)0000001', verified: true },
    email: { value: 'orlova@1399.example', verified: false },
  }),
  adult({
    login: 'eljur-none',
    oid: '1000000024',
    case: 'ЭлЖур: никто не найден',
    lastName: 'Карпов',
    firstName: 'Олег',
    birthDate: '01.01.1975',
    gender: 'M',
    snils: '200-300-414 54',
    level: 'standard',
    email: { value: 'karpov@esia.example', verified: true },
  }),
  adult({
    login: 'eljur-several',
    oid: '1000000025',
    case: 'ЭлЖур: найдено несколько пользователей',
    lastName: 'Сидоров',
    firstName: 'Глеб',
    birthDate: '15.05.1979',
    gender: 'M',
    snils: '200-300-415 55',
    level: 'standard',
    mobile: { value: '+7(911)0000002', verified: true },
  }),
  adult({
    login: 'rsa',
    oid: '1000000001',
    case: 'Техника: токены RS256 (старый ключ ЕСИА) — как «standard»',
    lastName: 'Иванов',
    firstName: 'Алексей',
    middleName: 'Петрович',
    birthDate: '10.03.1985',
    gender: 'M',
    snils: '200-300-400 48',
    level: 'standard',
    behaviour: 'rsa',
  }),
  adult({
    login: 'person-timeout',
    oid: '1000000031',
    case: 'Техника: сведения о человеке не приходят вовремя',
    lastName: 'Медленный',
    firstName: 'Тест',
    birthDate: '01.01.1980',
    gender: 'M',
    level: 'standard',
    behaviour: 'person-timeout',
  }),
  adult({
    login: 'person-500',
    oid: '1000000032',
    case: 'Техника: сведения о человеке — ошибка 500',
    lastName: 'Сбойный',
    firstName: 'Тест',
    birthDate: '01.01.1980',
    gender: 'M',
    level: 'standard',
    behaviour: 'person-500',
  }),
  adult({
    login: 'bad-snils',
    oid: '1000000033',
    case: 'Техника: СНИЛС с неверной контрольной суммой',
    lastName: 'Ошибкин',
    firstName: 'Тест',
    birthDate: '01.01.1980',
    gender: 'M',
    snils: '200-300-412 99',
    level: 'standard',
  }),
  adult({
    login: 'tampered-token',
    oid: '1000000034',
    case: 'Техника: подпись токена испорчена',
    lastName: 'Подделкин',
    firstName: 'Тест',
    birthDate: '01.01.1980',
    gender: 'M',
    level: 'standard',
    behaviour: 'tampered-token',
  }),
  adult({
    login: 'wrong-aud',
    oid: '1000000035',
    case: 'Техника: токен выдан другой системе',
    lastName: 'Чужой',
    firstName: 'Тест',
    birthDate: '01.01.1980',
    gender: 'M',
    level: 'standard',
    behaviour: 'wrong-aud',
  }),
  adult({
    login: 'expired-token',
    oid: '1000000036',
    case: 'Техника: токен просрочен',
    lastName: 'Просроченный',
    firstName: 'Тест',
    birthDate: '01.01.1980',
    gender: 'M',
    level: 'standard',
    behaviour: 'expired-token',
  }),
  adult({
    login: 'other-key',
    oid: '1000000037',
    case: 'Техника: токен подписан чужим ключом',
    lastName: 'Посторонний',
    firstName: 'Тест',
    birthDate: '01.01.1980',
    gender: 'M',
    level: 'standard',
    behaviour: 'other-key',
  }),
];

export function simPersonByLogin(login: string): SimPerson | undefined {
  const wanted = login.trim().toLowerCase();
  return SIM_PEOPLE.find((p) => p.login === wanted);
}

export function simPersonByOid(oid: string, behaviour?: SimBehaviour): SimPerson | undefined {
  return SIM_PEOPLE.find((p) => p.oid === oid && (behaviour === undefined || p.behaviour === behaviour));
}
