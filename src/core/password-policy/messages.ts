/**
 * Messages of the password policy in the three catalogue languages: violations (shown after a
 * submit, next to the field) and rule hints (shown under the field before typing). Russian
 * follows the wording of the help articles. Placeholders: `{min}`, `{max}`, `{chars}`; the
 * `{chars}` value holds < > & " and must be escaped by the renderer like any other text.
 */

export type PasswordViolationKey =
  | 'password.empty'
  | 'password.too_short'
  | 'password.too_long'
  | 'password.control_chars'
  | 'password.missing_upper'
  | 'password.missing_lower'
  | 'password.missing_letter'
  | 'password.missing_digit'
  | 'password.missing_special'
  | 'password.special_forbidden'
  | 'password.contains_login'
  | 'password.contains_birth_date'
  | 'password.contains_name'
  | 'password.common';

export type PasswordHintKey =
  | 'password.rule.min_length'
  | 'password.rule.max_length'
  | 'password.rule.require_upper'
  | 'password.rule.require_lower'
  | 'password.rule.require_letter'
  | 'password.rule.require_digit'
  | 'password.rule.require_special'
  | 'password.rule.no_special'
  | 'password.rule.no_personal_data'
  | 'password.rule.not_common';

export type PasswordMessageKey = PasswordViolationKey | PasswordHintKey;

export const ru = {
  'password.empty': 'Введите пароль',
  'password.too_short': 'Пароль должен содержать не менее {min} символов',
  'password.too_long': 'Пароль должен содержать не более {max} символов',
  'password.control_chars': 'Пароль содержит недопустимые невидимые символы',
  'password.missing_upper': 'Пароль должен содержать хотя бы одну заглавную букву',
  'password.missing_lower': 'Пароль должен содержать хотя бы одну строчную букву',
  'password.missing_letter': 'Пароль должен содержать хотя бы одну букву',
  'password.missing_digit': 'Пароль должен содержать хотя бы одну цифру',
  'password.missing_special': 'Пароль должен содержать хотя бы один специальный символ ({chars})',
  'password.special_forbidden': 'Пароль не должен содержать специальных знаков (точек, кавычек и проч.)',
  'password.contains_login': 'Пароль не должен совпадать с логином или содержать его',
  'password.contains_birth_date': 'Пароль не должен содержать дату вашего рождения',
  'password.contains_name': 'Пароль не должен содержать ваши фамилию, имя или отчество',
  'password.common': 'Этот пароль слишком распространён, его легко подобрать. Придумайте другой',
  'password.rule.min_length': 'Не менее {min} символов',
  'password.rule.max_length': 'Не более {max} символов',
  'password.rule.require_upper': 'Хотя бы одна заглавная буква',
  'password.rule.require_lower': 'Хотя бы одна строчная буква',
  'password.rule.require_letter': 'Хотя бы одна буква',
  'password.rule.require_digit': 'Хотя бы одна цифра',
  'password.rule.require_special': 'Хотя бы один специальный символ ({chars})',
  'password.rule.no_special': 'Без специальных знаков (точек, кавычек и проч.)',
  'password.rule.no_personal_data': 'Не совпадает с логином, датой рождения и ФИО',
  'password.rule.not_common': 'Не из числа распространённых паролей',
} as const satisfies Record<PasswordMessageKey, string>;

export const en = {
  'password.empty': 'Enter a password',
  'password.too_short': 'The password must be at least {min} characters long',
  'password.too_long': 'The password must be at most {max} characters long',
  'password.control_chars': 'The password contains invisible characters that are not allowed',
  'password.missing_upper': 'The password must contain at least one capital letter',
  'password.missing_lower': 'The password must contain at least one lower-case letter',
  'password.missing_letter': 'The password must contain at least one letter',
  'password.missing_digit': 'The password must contain at least one digit',
  'password.missing_special': 'The password must contain at least one special character ({chars})',
  'password.special_forbidden': 'The password must not contain special characters (dots, quotes and so on)',
  'password.contains_login': 'The password must not be or contain your login',
  'password.contains_birth_date': 'The password must not contain your date of birth',
  'password.contains_name': 'The password must not contain your surname, first name or patronymic',
  'password.common': 'This password is too common and easy to guess. Please choose another one',
  'password.rule.min_length': 'At least {min} characters',
  'password.rule.max_length': 'At most {max} characters',
  'password.rule.require_upper': 'At least one capital letter',
  'password.rule.require_lower': 'At least one lower-case letter',
  'password.rule.require_letter': 'At least one letter',
  'password.rule.require_digit': 'At least one digit',
  'password.rule.require_special': 'At least one special character ({chars})',
  'password.rule.no_special': 'No special characters (dots, quotes and so on)',
  'password.rule.no_personal_data': 'Not your login, date of birth or name',
  'password.rule.not_common': 'Not a commonly used password',
} as const satisfies Record<PasswordMessageKey, string>;

export const kk = {
  'password.empty': 'Құпиясөзді енгізіңіз',
  'password.too_short': 'Құпиясөз кемінде {min} таңбадан тұруы керек',
  'password.too_long': 'Құпиясөз {max} таңбадан аспауы керек',
  'password.control_chars': 'Құпиясөзде рұқсат етілмеген көрінбейтін таңбалар бар',
  'password.missing_upper': 'Құпиясөзде кемінде бір бас әріп болуы керек',
  'password.missing_lower': 'Құпиясөзде кемінде бір кіші әріп болуы керек',
  'password.missing_letter': 'Құпиясөзде кемінде бір әріп болуы керек',
  'password.missing_digit': 'Құпиясөзде кемінде бір цифр болуы керек',
  'password.missing_special': 'Құпиясөзде кемінде бір арнайы таңба болуы керек ({chars})',
  'password.special_forbidden': 'Құпиясөзде арнайы таңбалар (нүкте, тырнақша және т.б.) болмауы керек',
  'password.contains_login': 'Құпиясөз логинмен бірдей болмауы және оны қамтымауы керек',
  'password.contains_birth_date': 'Құпиясөзде туған күніңіз болмауы керек',
  'password.contains_name': 'Құпиясөзде тегіңіз, атыңыз немесе әкеңіздің аты болмауы керек',
  'password.common': 'Бұл құпиясөз тым кең таралған, оны табу оңай. Басқасын ойлап табыңыз',
  'password.rule.min_length': 'Кемінде {min} таңба',
  'password.rule.max_length': 'Ең көбі {max} таңба',
  'password.rule.require_upper': 'Кемінде бір бас әріп',
  'password.rule.require_lower': 'Кемінде бір кіші әріп',
  'password.rule.require_letter': 'Кемінде бір әріп',
  'password.rule.require_digit': 'Кемінде бір цифр',
  'password.rule.require_special': 'Кемінде бір арнайы таңба ({chars})',
  'password.rule.no_special': 'Арнайы таңбаларсыз (нүкте, тырнақша және т.б.)',
  'password.rule.no_personal_data': 'Логинмен, туған күнмен және аты-жөніңізбен сәйкес келмейді',
  'password.rule.not_common': 'Кең таралған құпиясөздердің бірі емес',
} as const satisfies Record<PasswordMessageKey, string>;
