/** Russian: the reference catalogue. Its keys are the `MessageKey` type. */
import * as identifiers from '../identifiers/messages.js';
import * as passwords from '../password-policy/messages.js';

export const ru = {
  ...identifiers.ru,
  ...passwords.ru,
  'app.name': 'Пропуск',
  'app.footer': 'Пропуск — вход в информационные системы образования',
  'layout.language': 'Язык',
  'layout.demo_banner': 'Демонстрационный режим: данные вымышленные, письма и SMS никуда не отправляются.',

  'error.title': 'Что-то пошло не так',
  'error.home': 'На главную',
  'error.bad_request': 'Запрос не удалось обработать. Проверьте введённые данные и попробуйте ещё раз.',
  'error.invalid_form': 'Форма заполнена с ошибками.',
  'error.csrf':
    'Страница устарела или открыта в другой вкладке. Обновите страницу и отправьте форму ещё раз.',
  'error.forbidden': 'Недостаточно прав для этого действия.',
  'error.not_found': 'Страница не найдена.',
  'error.realm_not_found': 'Такой системы здесь нет. Проверьте адрес.',
  'error.method_not_allowed': 'Этот адрес не принимает такой запрос.',
  'error.payload_too_large': 'Отправлено слишком много данных.',
  'error.unsupported_media_type': 'Форма отправлена в неподдерживаемом формате.',
  'error.too_many_requests': 'Слишком много запросов. Подождите немного и попробуйте снова.',
  'error.internal': 'Произошла внутренняя ошибка. Мы уже знаем о ней. Попробуйте ещё раз позже.',
  'error.unavailable': 'Сервис временно недоступен. Попробуйте позже.',

  'landing.title': 'Пропуск',
  'landing.lead': 'Выберите систему, в которую хотите войти.',
  'landing.demo_people': 'Демонстрационные пользователи',
  'landing.realm': 'Система',
  'landing.name': 'Имя',
  'landing.roles': 'Роли',

  'signin.title_dnevnik': 'Войти в {product}',
  'signin.title_eljur': 'Вход в журнал',
  'signin.title_recycle': 'Вход в систему',
  'signin.recycle_lead': 'Для входа в систему требуется подтверждение двух пунктов согласия.',
  'signin.login': 'Логин',
  'signin.password': 'Пароль',
  'signin.password_placeholder_recycle': 'Введите пароль от личного кабинета в системе',
  'signin.submit': 'Войти',
  'signin.submit_recycle': 'Войти в систему',
  'signin.forgot_dnevnik': 'Забыли логин или пароль?',
  'signin.recover_link': 'Восстановите доступ.',
  'signin.forgot_password': 'Забыли пароль?',
  'signin.consents_legend': 'Согласия',
  'signin.consent_personal_data':
    'Настоящим Вы даете согласие на сбор, обработку, передачу и хранение персональных данных согласно Закону Республики Казахстан "О персональных данных и их защите"',
  'signin.consent_signature_liability':
    'Ознакомлен(а) с ответственностью за использование ЭЦП согласно Закону Республики Казахстан «Об электронном документе и электронной цифровой подписи»',
  'signin.consents_hint': 'Внимание! Для входа требуется подтверждение обоих пунктов согласия.',
  'signin.consents_required': 'Для входа требуется подтверждение обоих пунктов согласия.',
  'signin.login_required': 'Введите логин',
  'signin.password_required': 'Введите пароль',
  'signin.password_too_long': 'Пароль слишком длинный',
  'signin.password_invalid_chars': 'Пароль содержит недопустимые символы',
  'signin.wrong_credentials': 'Неверное имя пользователя или пароль. Пожалуйста, попробуйте еще раз!',
  'signin.throttled': 'Слишком много неудачных попыток входа. Попробуйте снова через {minutes} мин.',
  'signin.blocked':
    'Ваша учётная запись заблокирована. Обратитесь к администратору вашей образовательной организации.',
  'signin.signed_out': 'Вы вышли из системы.',

  'password_change.title': 'Новый пароль',
  'password_change.your_login': 'Ваш логин для входа:',
  'password_change.temporary_warning':
    'Внимание! В целях безопасности необходимо изменить временный пароль на постоянный.',
  'password_change.new': 'Ваш новый пароль',
  'password_change.repeat': 'Повторите пароль',
  'password_change.rules': 'Требования к паролю',
  'password_change.submit': 'Готово!',
  'password_change.repeat_required': 'Повторите пароль',
  'password_change.mismatch': 'Пароли не совпадают',
  'password_change.same_as_temporary': 'Новый пароль должен отличаться от временного',

  'profile.title': 'Мой профиль',
  'profile.name': 'ФИО',
  'profile.login': 'Логин',
  'profile.birth_date': 'Дата рождения',
  'profile.organisations': 'Организации и роли',
  'profile.no_organisations': 'Вы не привязаны ни к одной организации.',
  'profile.children': 'Дети',
  'profile.contacts': 'Контакты',
  'profile.email': 'Эл. почта',
  'profile.phone': 'Мобильный телефон',
  'profile.confirmed': 'подтверждён',
  'profile.not_confirmed': 'не подтверждён',
  'profile.not_given': 'не указан',
  'profile.confirm_contacts_banner':
    'Подтвердите адрес эл. почты или номер телефона: без подтверждения вам не будет доступна возможность самостоятельного восстановления доступа в случае утери логина и пароля.',
  'profile.password_changed': 'Пароль изменён.',
  'profile.logout': 'Выйти',

  'role.student': 'обучающийся',
  'role.parent': 'законный представитель',
  'role.teacher': 'учитель',
  'role.staff': 'сотрудник',
  'role.admin': 'администратор',
  'role.curator': 'куратор',
  'role.support': 'служба поддержки',

  'account.login_taken': 'Этот логин уже занят',
  'account.name_invalid': 'Укажите имя буквами (можно дефис, апостроф и пробел)',
  'account.birth_date_invalid': 'Такой даты не существует',
  'account.organisation_unknown': 'Организация не найдена',

  'recovery.title': 'Восстановление доступа',
  'recovery.ask_admin':
    'Для восстановления доступа вы можете обратиться к администратору вашей образовательной организации или к сотруднику, выдавшему вам логин и пароль.',
  'recovery.coming': 'Самостоятельное восстановление доступа скоро появится здесь.',
  'recovery.back': '← Вход',
} as const;

export type MessageKey = keyof typeof ru;
