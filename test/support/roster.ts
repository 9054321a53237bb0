/**
 * Roster files for tests and the benchmark: valid SNILS numbers, a Windows-1251 encoder (Node
 * encodes only UTF-8), and a generated class list of any size.
 */

/** A valid SNILS from a nine-digit number above 001-001-998. */
export function snilsOf(n: number): string {
  const nine = String(1_002_000 + n).padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (9 - i);
  const control = sum < 100 ? sum : sum === 100 || sum === 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
  return `${nine}${String(control).padStart(2, '0')}`;
}

/** Text → Windows-1251 bytes (ASCII, Cyrillic, Ё/ё, №). */
export function cp1251(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    if (code < 0x80) out.push(code);
    else if (code >= 0x410 && code <= 0x44f) out.push(code - 0x410 + 0xc0);
    else if (code === 0x401) out.push(0xa8);
    else if (code === 0x451) out.push(0xb8);
    else if (code === 0x2116) out.push(0xb9);
    else out.push(0x3f);
  }
  return new Uint8Array(out);
}

const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
];
const FIRST = [
  'Александр',
  'Дмитрий',
  'Максим',
  'Сергей',
  'Андрей',
  'Алексей',
  'Артём',
  'Илья',
  'Кирилл',
  'Михаил',
];

/** `count` students with SNILS and birth dates, spread over classes 1А…11Д, `;`-separated. */
export function generatedRoster(count: number, offset = 0): string {
  const lines = ['Класс;Фамилия;Имя;Отчество;Дата рождения;СНИЛС;Роль'];
  for (let i = 0; i < count; i++) {
    const n = i + offset;
    const grade = 1 + (n % 11);
    const letter = 'АБВГД'[Math.floor(n / 11) % 5];
    const day = 1 + (n % 28);
    const month = 1 + (Math.floor(n / 28) % 12);
    const year = 2008 + (n % 11);
    const date = `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
    lines.push(
      `${grade}${letter};${LAST[n % 10]};${FIRST[Math.floor(n / 10) % 10]};Тестович;${date};${snilsOf(n)};ученик`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
