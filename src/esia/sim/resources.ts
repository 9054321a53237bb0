/** The simulator's `/rs/prns/{oid}` answers: the person, contacts and documents embedded, and kids. */
import { SIM_PEOPLE, type SimPerson } from './people.js';

export function personResource(p: SimPerson): Record<string, unknown> {
  const contacts: Record<string, unknown>[] = [];
  if (p.email)
    contacts.push({
      type: 'EML',
      value: p.email.value,
      vrfStu: p.email.verified ? 'VERIFIED' : 'NOT_VERIFIED',
    });
  if (p.mobile)
    contacts.push({
      type: 'MBT',
      value: p.mobile.value,
      vrfStu: p.mobile.verified ? 'VERIFIED' : 'NOT_VERIFIED',
    });
  const documents =
    p.level === 'standard' || p.level === 'confirmed'
      ? [{ type: 'RF_PASSPORT', vrfStu: 'VERIFIED', series: '4500', number: '000000' }]
      : [];
  return {
    stateFacts: ['EntityRoot'],
    firstName: p.firstName,
    lastName: p.lastName,
    ...(p.middleName ? { middleName: p.middleName } : {}),
    birthDate: p.birthDate,
    gender: p.gender,
    ...(p.snils ? { snils: p.snils } : {}),
    trusted: p.level === 'confirmed',
    citizenship: 'RUS',
    status: 'REGISTERED',
    verifying: false,
    contacts: { stateFacts: ['hasSize'], size: contacts.length, elements: contacts },
    documents: { stateFacts: ['hasSize'], size: documents.length, elements: documents },
  };
}

export function kidsResource(p: SimPerson): Record<string, unknown> {
  const kids = (p.kids ?? []).flatMap((login) => SIM_PEOPLE.filter((k) => k.login === login));
  return {
    stateFacts: ['hasSize'],
    size: kids.length,
    elements: kids.map((k) => ({
      firstName: k.firstName,
      lastName: k.lastName,
      ...(k.middleName ? { middleName: k.middleName } : {}),
      birthDate: k.birthDate,
      ...(k.snils ? { snils: k.snils } : {}),
    })),
  };
}
