// Rebuilds data/common-passwords.txt. Not run by the build: the list is checked in so that the
// service needs no network at start. To regenerate:
//
//   mkdir -p /tmp/pw && cd /tmp/pw && npm pack @zxcvbn-ts/language-common@4.1.3 && tar xzf *.tgz
//   node data/build-common-passwords.mjs /tmp/pw/package/src/passwords.json > data/common-passwords.txt
//
// The zxcvbn list is ranked by frequency in the Xato 10M corpus and is ASCII-only, so it knows
// nothing of Russian users: the additions below cover Cyrillic passwords, the ЙЦУКЕН keyboard
// walks, and Russian words typed with the wrong layout switched on (пароль → gfhjkm), which is
// how many people in Russia and Kazakhstan make a "Latin" password.
import { readFileSync } from 'node:fs';

// How many entries to take from the ranked zxcvbn list; the Russian additions come on top.
const TAKE_RANKED = 10_000;

// Russian ЙЦУКЕН key → the Latin QWERTY key in the same place.
const RU_TO_LATIN = {
  й: 'q', ц: 'w', у: 'e', к: 'r', е: 't', н: 'y', г: 'u', ш: 'i', щ: 'o', з: 'p', х: '[', ъ: ']',
  ф: 'a', ы: 's', в: 'd', а: 'f', п: 'g', р: 'h', о: 'j', л: 'k', д: 'l', ж: ';', э: "'",
  я: 'z', ч: 'x', с: 'c', м: 'v', и: 'b', т: 'n', ь: 'm', б: ',', ю: '.', ё: '`',
};
const LATIN_TO_RU = Object.fromEntries(Object.entries(RU_TO_LATIN).map(([ru, la]) => [la, ru]));

const mapChars = (word, table) => [...word].map((ch) => table[ch] ?? ch).join('');

// Words Russian and Kazakh users build passwords from: names, pet names, places, clubs, school.
const RU_WORDS = [
  'пароль', 'привет', 'любовь', 'люблю', 'солнышко', 'солнце', 'котенок', 'котик', 'зайка', 'зайчик',
  'масик', 'кошка', 'собака', 'ангел', 'ангелочек', 'принцесса', 'малыш', 'мама', 'папа', 'семья',
  'москва', 'россия', 'родина', 'питер', 'казань', 'казахстан', 'қазақстан', 'алматы', 'астана',
  'спартак', 'зенит', 'цска', 'динамо', 'локомотив', 'хоккей', 'футбол', 'компьютер', 'интернет',
  'школа', 'дневник', 'ученик', 'учитель', 'класс', 'учеба', 'игра', 'игрушка', 'сергей', 'андрей',
  'дмитрий', 'алексей', 'александр', 'александра', 'максим', 'никита', 'артем', 'иван', 'денис',
  'владимир', 'игорь', 'олег', 'роман', 'павел', 'михаил', 'кирилл', 'даниил', 'егор', 'илья',
  'анастасия', 'екатерина', 'мария', 'анна', 'ирина', 'елена', 'ольга', 'татьяна', 'светлана',
  'юлия', 'марина', 'кристина', 'алина', 'наталья', 'наташа', 'маша', 'катя', 'даша', 'саша',
  'лена', 'оля', 'таня', 'настя', 'дима', 'сережа', 'вова', 'женя', 'медведь', 'ромашка',
  'сәлем', 'айгерим', 'нурсултан', 'ерлан', 'данияр', 'асель', 'айдана',
];

// Keyboard walks and habits common on Russian-speaking sites, in their Latin form; each also
// gets its Russian-layout twin (qwerty → йцукен) below.
const LATIN_PATTERNS = [
  'qwerty', 'qwerty1', 'qwerty12', 'qwerty123', 'qwerty1234', 'qwerty12345', 'qwerty123456',
  'qwertyuiop', 'qwertyu', 'qwertyui', 'qwert', 'qwert123', 'qwert12345', '12345qwert', 'qwer1234',
  '1234qwer', 'qwe123', '123qwe', 'qwe123qwe', '123qweasd', '123qweasdzxc', 'qweasd', 'qweasd123',
  'qweasdzxc', 'qweasdzxc123', 'qweqwe', 'qweqweqwe', 'asdasd', 'asdasdasd', 'asd123', 'zxc123',
  'zxczxc', 'asdfgh', 'asdfghjkl', 'asdfghjk', 'zxcvbn', 'zxcvbnm', 'zxcvbnm123', '1q2w3e', '1q2w3e4r',
  '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4', 'q1w2e3r4t5', 'q1w2e3', '1qaz2wsx', '1qaz2wsx3edc',
  '1qazxsw2', 'zaq12wsx', 'zaq1zaq1', 'zaq1xsw2', 'xsw2zaq1', 'zaq1xsw2cde3', 'qazwsx', 'qazwsxedc',
  'qazwsx123', 'qazxsw', '12qwaszx', 'qwaszx', '1234qwerasdf', 'a1b2c3d4', 'a1s2d3f4', 'z1x2c3v4',
  '123456q', '1234567q', '12345678q', '123456789q', 'q123456', 'q1234567', 'q12345678', '123456a',
  '1234567a', '12345678a', '123456789a', 'a123456', 'a1234567', 'a12345678', 'password1',
  'password12', 'password123', 'passw0rd', 'p@ssw0rd', 'admin123', 'iloveyou', 'privet', 'privet123',
  'parol', 'parol123', 'parol1234', 'dnevnik', 'dnevnik123', 'dnevnik.ru', 'dnevnikru', 'eljur',
  'eljur123', 'elzhur', 'shkola', 'shkola123', 'uchenik', 'uchitel', 'gosuslugi', 'moskva',
  'kazakhstan', 'qazaqstan', 'almaty', 'astana', 'russia', 'rossiya', 'spartak', 'zenit',
];

// Russian-layout strings people type as-is (no layout switch involved).
const RU_PATTERNS = [
  'йцукен', 'йцукенг', 'йцукенгш', 'йцукенгшщз', 'йцукенгшщзхъ', 'фыва', 'фывапр', 'фывапролд',
  'фывапролджэ', 'ячсмит', 'ячсмить', 'йфяцычувс', '1й2ц3у4к', '1й2ц3у4к5е', 'ёйцукен', 'йцукен123',
  'йцукен1', 'пароль1', 'пароль12', 'пароль123', 'пароль1234', 'пароль12345', 'привет123',
  'школа123', 'мама123', 'москва123', 'люблю123', 'солнышко123',
];

const SUFFIXES = ['', '1', '12', '123', '1234', '12345', '123456'];

function additions() {
  const out = [];
  for (const word of RU_WORDS) {
    for (const suffix of SUFFIXES) {
      out.push(word + suffix, mapChars(word, RU_TO_LATIN) + suffix);
    }
  }
  for (const pattern of RU_PATTERNS) out.push(pattern, mapChars(pattern, RU_TO_LATIN));
  for (const pattern of LATIN_PATTERNS) out.push(pattern, mapChars(pattern, LATIN_TO_RU));
  // A Cyrillic line with ASCII letters or punctuation in it is a half-mapped string (Kazakh
  // letters such as қ and ә sit elsewhere on the Kazakh layout, and Shift+2 is not @ on ЙЦУКЕН):
  // noise, so leave it out. Digits are the same on both layouts.
  const halfMapped = (p) => /\p{Script=Cyrillic}/u.test(p) && /[\x21-\x2f\x3a-\x7e]/.test(p);
  return out.filter((p) => p.length > 0 && !/[\s\p{Cc}]/u.test(p) && !halfMapped(p));
}

const source = process.argv[2];
if (!source) {
  process.stderr.write('usage: node data/build-common-passwords.mjs path/to/passwords.json\n');
  process.exit(2);
}
const ranked = JSON.parse(readFileSync(source, 'utf8'));
const result = new Set();
// Most frequent first, so the cut drops only the rarest tail.
for (const pw of ranked) {
  if (result.size >= TAKE_RANKED) break;
  result.add(String(pw).toLowerCase());
}
for (const pw of additions()) result.add(pw.toLowerCase());
process.stdout.write(`${[...result].join('\n')}\n`);
