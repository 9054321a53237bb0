/**
 * Messages for the identifier checks, one per problem code, in the three catalogue languages.
 * The keys come from the modules that return them, so a new code without a message here, or a
 * message for a code nobody returns, fails the type check. Russian follows the wording of the
 * help articles users already know.
 */
import type { EmailProblem } from './email.js';
import type { IinProblem } from './iin.js';
import type { LoginProblem } from './login.js';
import type { PhoneProblem } from './phone.js';
import type { SnilsProblem } from './snils.js';

export type IdentifierMessageKey = SnilsProblem | IinProblem | PhoneProblem | EmailProblem | LoginProblem;

// The login length limit is written out rather than passed as `{max}`: `checkLogin` returns a
// bare code, and a placeholder left unfilled would show as `{max}` on the page. The test ties
// the number to LOGIN_MAX_LENGTH.
export const ru = {
  'snils.empty': 'Укажите СНИЛС',
  'snils.invalid_format': 'Неверный формат СНИЛС. Введите 11 цифр, например 112-233-445 95',
  'snils.invalid_checksum': 'Неверный СНИЛС: не сходится контрольное число. Проверьте цифры',
  'iin.empty': 'Укажите ИИН',
  'iin.invalid_format': 'ИИН должен состоять из 12 цифр',
  'iin.invalid_checksum': 'Неверный ИИН: не сходится контрольный разряд. Проверьте цифры',
  'phone.empty': 'Укажите номер мобильного телефона',
  'phone.invalid': 'Неверный номер мобильного телефона. Введите номер в формате +7 (XXX) XXX-XX-XX',
  'email.empty': 'Укажите адрес электронной почты',
  'email.too_long': 'Слишком длинный адрес электронной почты',
  'email.invalid': 'Неверный формат адреса электронной почты',
  'email.non_ascii':
    'Адрес электронной почты должен состоять из латинских букв. Проверьте раскладку клавиатуры',
  'login.empty': 'Введите логин',
  'login.too_long': 'Логин не должен быть длиннее 64 символов',
  'login.control_chars': 'Логин содержит недопустимые невидимые символы',
  'login.mixed_scripts': 'Логин содержит и латинские, и русские буквы. Проверьте раскладку клавиатуры',
  'login.invalid_chars': 'Логин может содержать только буквы, цифры и знаки . _ - @',
} as const satisfies Record<IdentifierMessageKey, string>;

export const en = {
  'snils.empty': 'Enter your SNILS',
  'snils.invalid_format': 'Invalid SNILS format. Enter 11 digits, for example 112-233-445 95',
  'snils.invalid_checksum': 'Invalid SNILS: the check digits do not match. Please check the number',
  'iin.empty': 'Enter your IIN',
  'iin.invalid_format': 'An IIN consists of 12 digits',
  'iin.invalid_checksum': 'Invalid IIN: the check digit does not match. Please check the number',
  'phone.empty': 'Enter your mobile phone number',
  'phone.invalid': 'Invalid mobile phone number. Enter it as +7 (XXX) XXX-XX-XX',
  'email.empty': 'Enter your email address',
  'email.too_long': 'The email address is too long',
  'email.invalid': 'Invalid email address format',
  'email.non_ascii': 'An email address must be written in Latin letters. Check your keyboard layout',
  'login.empty': 'Enter your login',
  'login.too_long': 'A login cannot be longer than 64 characters',
  'login.control_chars': 'The login contains invisible characters that are not allowed',
  'login.mixed_scripts': 'The login mixes Latin and Cyrillic letters. Check your keyboard layout',
  'login.invalid_chars': 'A login may contain only letters, digits and the characters . _ - @',
} as const satisfies Record<IdentifierMessageKey, string>;

export const kk = {
  'snils.empty': 'СНИЛС нөмірін енгізіңіз',
  'snils.invalid_format': 'СНИЛС форматы қате. 11 цифр енгізіңіз, мысалы 112-233-445 95',
  'snils.invalid_checksum': 'СНИЛС қате: бақылау саны сәйкес келмейді. Цифрларды тексеріңіз',
  'iin.empty': 'ЖСН енгізіңіз',
  'iin.invalid_format': 'ЖСН 12 цифрдан тұруы керек',
  'iin.invalid_checksum': 'ЖСН қате: бақылау разряды сәйкес келмейді. Цифрларды тексеріңіз',
  'phone.empty': 'Ұялы телефон нөмірін енгізіңіз',
  'phone.invalid': 'Ұялы телефон нөмірі қате. Нөмірді +7 (XXX) XXX-XX-XX форматында енгізіңіз',
  'email.empty': 'Электрондық пошта мекенжайын енгізіңіз',
  'email.too_long': 'Электрондық пошта мекенжайы тым ұзын',
  'email.invalid': 'Электрондық пошта мекенжайының форматы қате',
  'email.non_ascii':
    'Электрондық пошта мекенжайы латын әріптерімен жазылуы керек. Пернетақта тілін тексеріңіз',
  'login.empty': 'Логинді енгізіңіз',
  'login.too_long': 'Логин 64 таңбадан ұзын болмауы керек',
  'login.control_chars': 'Логинде рұқсат етілмеген көрінбейтін таңбалар бар',
  'login.mixed_scripts': 'Логинде латын және кирилл әріптері аралас жазылған. Пернетақта тілін тексеріңіз',
  'login.invalid_chars': 'Логинде тек әріптер, цифрлар және . _ - @ таңбалары болуы мүмкін',
} as const satisfies Record<IdentifierMessageKey, string>;
