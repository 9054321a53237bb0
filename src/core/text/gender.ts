/**
 * Grammatical gender for generated phrases («Смирнова Дарья — не зарегистрирована»): from the
 * person's gender field when it is known, else from the patronymic (-вна/-чна/-кызы, -вич/-ич/
 * -улы/-оглы), else from a Russian surname's ending (-ова/-ева/-ина/-ая, -ов/-ев/-ин/-ий/-ой).
 * Null when nothing tells: the caller then uses the masculine form that Russian takes as neutral.
 */
export type GrammaticalGender = 'male' | 'female';

export function genderOf(person: {
  readonly gender?: GrammaticalGender | null;
  readonly middleName?: string | null;
  readonly lastName?: string | null;
}): GrammaticalGender | null {
  if (person.gender) return person.gender;
  const middle = (person.middleName ?? '').trim().toLowerCase();
  if (/(вна|чна|кызы|қызы)$/.test(middle)) return 'female';
  if (/(вич|ич|улы|ұлы|оглы)$/.test(middle)) return 'male';
  const last = (person.lastName ?? '').trim().toLowerCase();
  if (/(ова|ева|ёва|ина|ына|ая)$/.test(last)) return 'female';
  if (/(ов|ев|ёв|ин|ын|ий|ый|ой)$/.test(last)) return 'male';
  return null;
}
