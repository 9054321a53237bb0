/**
 * The second factor's words, in the three catalogue languages: the sign-in's code page, the
 * enrolment (at sign-in and in «Настройки»), recovery codes, passkeys and the consent page.
 * Keys start with `mfa.`; Russian is the reference.
 */

export const ru = {
  'mfa.title': 'Двухфакторная аутентификация',
  'mfa.code_lead': 'Введите шестизначный код из приложения-аутентификатора.',
  'mfa.code': 'Код из приложения',
  'mfa.submit': 'Подтвердить',
  'mfa.use_recovery': 'Использовать код восстановления',
  'mfa.use_app': 'Ввести код из приложения',
  'mfa.recovery_lead':
    'Введите один из кодов восстановления, которые вы сохранили. Каждый код действует один раз.',
  'mfa.recovery_code': 'Код восстановления',
  'mfa.use_passkey': 'Войти с ключом доступа',
  'mfa.passkey_lead': 'Или подтвердите вход ключом доступа (отпечаток пальца, лицо, PIN-код устройства).',
  'mfa.code_required': 'Введите код.',
  'mfa.code_malformed': 'Код из приложения — шесть цифр.',
  'mfa.recovery_malformed': 'Код восстановления — десять букв и цифр, например abcde-23456.',
  'mfa.code_wrong':
    'Неверный код. Проверьте время на телефоне и введите код, который показывает приложение сейчас.',
  'mfa.recovery_wrong': 'Этот код восстановления неверен или уже использован.',
  'mfa.attempts_left': 'Осталось попыток: {count}.',
  'mfa.throttled': 'Слишком много неверных кодов. Попробуйте снова через {seconds} с.',
  'mfa.locked': 'Слишком много неверных кодов. Войдите снова: введите логин и пароль.',
  'mfa.expired': 'Время на вход истекло. Войдите снова.',
  'mfa.to_signin': 'Ко входу',
  'mfa.recovery_used':
    'Вы вошли с кодом восстановления. Осталось кодов: {count}. Новые коды можно получить в «Настройках».',

  'mfa.enrol_title': 'Подключите двухфакторную аутентификацию',
  'mfa.enrol_required':
    'Ввиду добавления двухфакторной аутентификации для входа в {product} нужен второй фактор: код из приложения на телефоне.',
  'mfa.enrol_step_app':
    'Установите приложение-аутентификатор (Google Authenticator, Яндекс Ключ, Microsoft Authenticator или другое).',
  'mfa.enrol_step_scan': 'Отсканируйте QR-код приложением.',
  'mfa.enrol_qr_alt': 'QR-код для приложения-аутентификатора',
  'mfa.enrol_manual': 'Не получается отсканировать? Введите ключ вручную:',
  'mfa.enrol_step_code': 'Введите код, который покажет приложение.',

  'mfa.codes_title': 'Коды восстановления',
  'mfa.codes_lead':
    'Сохраните эти коды в надёжном месте: распечатайте или запишите. Если телефон потеряется, войти можно будет одним из них. Каждый код действует один раз. Коды показаны только сейчас.',
  'mfa.codes_continue': 'Я сохранил(а) коды, продолжить',

  'mfa.consents_title': 'Подтвердите согласие',
  'mfa.consents_lead':
    'Текст согласия изменился или вы ещё не подтверждали его. Для входа требуется подтверждение обоих пунктов согласия.',
  'mfa.consents_continue': 'Продолжить',

  'mfa.settings_title': 'Двухфакторная аутентификация',
  'mfa.settings_off': 'Приложение-аутентификатор не подключено.',
  'mfa.settings_on': 'Приложение-аутентификатор подключено {date}.',
  'mfa.settings_required': 'В {product} второй фактор обязателен.',
  'mfa.settings_enable': 'Подключить приложение',
  'mfa.settings_codes_left': 'Осталось кодов восстановления: {count}.',
  'mfa.settings_new_codes': 'Получить новые коды восстановления',
  'mfa.settings_disable': 'Отключить приложение',
  'mfa.settings_disable_lead': 'Чтобы отключить приложение, введите текущий пароль и код из приложения.',
  'mfa.settings_enabled': 'Приложение-аутентификатор подключено.',
  'mfa.settings_disabled': 'Приложение-аутентификатор отключено, коды восстановления удалены.',
  'mfa.settings_already': 'Приложение-аутентификатор уже подключено.',
  'mfa.settings_not_on': 'Приложение-аутентификатор не подключено.',
  'mfa.settings_enrol_expired': 'Подключение устарело. Начните заново.',
  'mfa.settings_cancel': 'Отмена',

  'mfa.passkeys_title': 'Ключи доступа',
  'mfa.passkeys_lead':
    'Ключ доступа — отпечаток пальца, лицо или PIN-код вашего устройства вместо кода из приложения.',
  'mfa.passkeys_none': 'Ключей доступа нет.',
  'mfa.passkey_name': 'Название ключа',
  'mfa.passkey_name_hint': 'Например, «Ноутбук» или «Телефон».',
  'mfa.passkey_add': 'Добавить ключ доступа',
  'mfa.passkey_remove': 'Удалить',
  'mfa.passkey_remove_lead': 'Чтобы удалить ключ доступа, введите текущий пароль.',
  'mfa.passkey_added': 'Ключ доступа добавлен.',
  'mfa.passkey_removed': 'Ключ доступа удалён.',
  'mfa.passkey_created': 'Добавлен {date}',
  'mfa.passkey_last_used': 'последнее использование {date}',
  'mfa.passkey_needs_script': 'Для ключей доступа нужен JavaScript и браузер, который их поддерживает.',
  'mfa.passkey_failed': 'Ключ доступа не подошёл. Попробуйте ещё раз или войдите другим способом.',
  'mfa.passkey_name_required': 'Введите название ключа.',
  'mfa.passkey_too_many': 'Можно добавить не больше {count} ключей доступа.',
  'mfa.passkey_not_found': 'Такого ключа доступа нет.',
  'mfa.passkey_signin': 'Войти с ключом доступа',
} as const;

type Catalogue = Record<keyof typeof ru, string>;

export const en = {
  'mfa.title': 'Two-factor authentication',
  'mfa.code_lead': 'Enter the six-digit code from your authenticator app.',
  'mfa.code': 'Code from the app',
  'mfa.submit': 'Confirm',
  'mfa.use_recovery': 'Use a recovery code',
  'mfa.use_app': 'Enter a code from the app',
  'mfa.recovery_lead': 'Enter one of the recovery codes you saved. Each code works once.',
  'mfa.recovery_code': 'Recovery code',
  'mfa.use_passkey': 'Sign in with a passkey',
  'mfa.passkey_lead': 'Or confirm with a passkey (fingerprint, face or device PIN).',
  'mfa.code_required': 'Enter the code.',
  'mfa.code_malformed': 'The code from the app is six digits.',
  'mfa.recovery_malformed': 'A recovery code is ten letters and digits, for example abcde-23456.',
  'mfa.code_wrong': 'Wrong code. Check the time on your phone and enter the code the app shows now.',
  'mfa.recovery_wrong': 'This recovery code is wrong or has already been used.',
  'mfa.attempts_left': 'Attempts left: {count}.',
  'mfa.throttled': 'Too many wrong codes. Try again in {seconds} s.',
  'mfa.locked': 'Too many wrong codes. Sign in again with your login and password.',
  'mfa.expired': 'The sign-in timed out. Please sign in again.',
  'mfa.to_signin': 'Go to sign-in',
  'mfa.recovery_used':
    'You signed in with a recovery code. Codes left: {count}. You can get new codes in Settings.',

  'mfa.enrol_title': 'Turn on two-factor authentication',
  'mfa.enrol_required':
    'Two-factor authentication has been added: signing in to {product} needs a second factor, a code from an app on your phone.',
  'mfa.enrol_step_app':
    'Install an authenticator app (Google Authenticator, Yandex Key, Microsoft Authenticator or another).',
  'mfa.enrol_step_scan': 'Scan the QR code with the app.',
  'mfa.enrol_qr_alt': 'QR code for the authenticator app',
  'mfa.enrol_manual': 'Cannot scan it? Enter the key by hand:',
  'mfa.enrol_step_code': 'Enter the code the app shows.',

  'mfa.codes_title': 'Recovery codes',
  'mfa.codes_lead':
    'Keep these codes somewhere safe: print or write them down. If you lose your phone, you can sign in with one of them. Each code works once. They are shown only now.',
  'mfa.codes_continue': 'I have saved the codes, continue',

  'mfa.consents_title': 'Confirm your consent',
  'mfa.consents_lead':
    'The consent text has changed or you have not confirmed it yet. Both consents must be confirmed to sign in.',
  'mfa.consents_continue': 'Continue',

  'mfa.settings_title': 'Two-factor authentication',
  'mfa.settings_off': 'No authenticator app is set up.',
  'mfa.settings_on': 'Authenticator app set up on {date}.',
  'mfa.settings_required': 'A second factor is required in {product}.',
  'mfa.settings_enable': 'Set up an app',
  'mfa.settings_codes_left': 'Recovery codes left: {count}.',
  'mfa.settings_new_codes': 'Get new recovery codes',
  'mfa.settings_disable': 'Turn off the app',
  'mfa.settings_disable_lead': 'To turn off the app, enter your current password and a code from the app.',
  'mfa.settings_enabled': 'The authenticator app is set up.',
  'mfa.settings_disabled': 'The authenticator app is turned off and the recovery codes deleted.',
  'mfa.settings_already': 'An authenticator app is already set up.',
  'mfa.settings_not_on': 'No authenticator app is set up.',
  'mfa.settings_enrol_expired': 'The setup has expired. Please start again.',
  'mfa.settings_cancel': 'Cancel',

  'mfa.passkeys_title': 'Passkeys',
  'mfa.passkeys_lead': 'A passkey is your device’s fingerprint, face or PIN instead of a code from the app.',
  'mfa.passkeys_none': 'No passkeys.',
  'mfa.passkey_name': 'Passkey name',
  'mfa.passkey_name_hint': 'For example, “Laptop” or “Phone”.',
  'mfa.passkey_add': 'Add a passkey',
  'mfa.passkey_remove': 'Remove',
  'mfa.passkey_remove_lead': 'To remove a passkey, enter your current password.',
  'mfa.passkey_added': 'Passkey added.',
  'mfa.passkey_removed': 'Passkey removed.',
  'mfa.passkey_created': 'Added {date}',
  'mfa.passkey_last_used': 'last used {date}',
  'mfa.passkey_needs_script': 'Passkeys need JavaScript and a browser that supports them.',
  'mfa.passkey_failed': 'The passkey did not work. Try again or sign in another way.',
  'mfa.passkey_name_required': 'Enter a name for the passkey.',
  'mfa.passkey_too_many': 'You can add at most {count} passkeys.',
  'mfa.passkey_not_found': 'There is no such passkey.',
  'mfa.passkey_signin': 'Sign in with a passkey',
} satisfies Catalogue;

export const kk = {
  'mfa.title': 'Екі факторлы аутентификация',
  'mfa.code_lead': 'Аутентификатор қосымшасындағы алты таңбалы кодты енгізіңіз.',
  'mfa.code': 'Қосымшадағы код',
  'mfa.submit': 'Растау',
  'mfa.use_recovery': 'Қалпына келтіру кодын пайдалану',
  'mfa.use_app': 'Қосымшадағы кодты енгізу',
  'mfa.recovery_lead': 'Сақтап қойған қалпына келтіру кодтарының бірін енгізіңіз. Әр код бір рет жарамды.',
  'mfa.recovery_code': 'Қалпына келтіру коды',
  'mfa.use_passkey': 'Кіру кілтімен кіру',
  'mfa.passkey_lead': 'Немесе кіру кілтімен растаңыз (саусақ ізі, бет немесе құрылғының PIN-коды).',
  'mfa.code_required': 'Кодты енгізіңіз.',
  'mfa.code_malformed': 'Қосымшадағы код — алты цифр.',
  'mfa.recovery_malformed': 'Қалпына келтіру коды — он әріп пен цифр, мысалы abcde-23456.',
  'mfa.code_wrong': 'Код қате. Телефондағы уақытты тексеріп, қосымша қазір көрсетіп тұрған кодты енгізіңіз.',
  'mfa.recovery_wrong': 'Бұл қалпына келтіру коды қате немесе бұрын пайдаланылған.',
  'mfa.attempts_left': 'Қалған әрекет саны: {count}.',
  'mfa.throttled': 'Қате кодтар тым көп. {seconds} с кейін қайталап көріңіз.',
  'mfa.locked': 'Қате кодтар тым көп. Логин мен құпиясөзді енгізіп, қайта кіріңіз.',
  'mfa.expired': 'Кіру уақыты өтіп кетті. Қайта кіріңіз.',
  'mfa.to_signin': 'Кіруге',
  'mfa.recovery_used':
    'Сіз қалпына келтіру кодымен кірдіңіз. Қалған кодтар: {count}. Жаңа кодтарды «Баптаулардан» алуға болады.',

  'mfa.enrol_title': 'Екі факторлы аутентификацияны қосыңыз',
  'mfa.enrol_required':
    'Екі факторлы аутентификация қосылды: {product} жүйесіне кіру үшін екінші фактор — телефондағы қосымшаның коды қажет.',
  'mfa.enrol_step_app':
    'Аутентификатор қосымшасын орнатыңыз (Google Authenticator, Яндекс Ключ, Microsoft Authenticator немесе басқа).',
  'mfa.enrol_step_scan': 'QR-кодты қосымшамен сканерлеңіз.',
  'mfa.enrol_qr_alt': 'Аутентификатор қосымшасына арналған QR-код',
  'mfa.enrol_manual': 'Сканерлеу мүмкін емес пе? Кілтті қолмен енгізіңіз:',
  'mfa.enrol_step_code': 'Қосымша көрсеткен кодты енгізіңіз.',

  'mfa.codes_title': 'Қалпына келтіру кодтары',
  'mfa.codes_lead':
    'Бұл кодтарды сенімді жерде сақтаңыз: басып шығарыңыз немесе жазып алыңыз. Телефон жоғалса, солардың бірімен кіруге болады. Әр код бір рет жарамды. Кодтар тек қазір көрсетіледі.',
  'mfa.codes_continue': 'Кодтарды сақтадым, жалғастыру',

  'mfa.consents_title': 'Келісімді растаңыз',
  'mfa.consents_lead':
    'Келісім мәтіні өзгерді немесе сіз оны әлі растамағансыз. Кіру үшін келісімнің екі тармағын да растау қажет.',
  'mfa.consents_continue': 'Жалғастыру',

  'mfa.settings_title': 'Екі факторлы аутентификация',
  'mfa.settings_off': 'Аутентификатор қосымшасы қосылмаған.',
  'mfa.settings_on': 'Аутентификатор қосымшасы {date} қосылған.',
  'mfa.settings_required': '{product} жүйесінде екінші фактор міндетті.',
  'mfa.settings_enable': 'Қосымшаны қосу',
  'mfa.settings_codes_left': 'Қалған қалпына келтіру кодтары: {count}.',
  'mfa.settings_new_codes': 'Жаңа қалпына келтіру кодтарын алу',
  'mfa.settings_disable': 'Қосымшаны өшіру',
  'mfa.settings_disable_lead': 'Қосымшаны өшіру үшін ағымдағы құпиясөзді және қосымшадағы кодты енгізіңіз.',
  'mfa.settings_enabled': 'Аутентификатор қосымшасы қосылды.',
  'mfa.settings_disabled': 'Аутентификатор қосымшасы өшірілді, қалпына келтіру кодтары жойылды.',
  'mfa.settings_already': 'Аутентификатор қосымшасы бұрыннан қосулы.',
  'mfa.settings_not_on': 'Аутентификатор қосымшасы қосылмаған.',
  'mfa.settings_enrol_expired': 'Қосу мерзімі өтіп кетті. Қайта бастаңыз.',
  'mfa.settings_cancel': 'Болдырмау',

  'mfa.passkeys_title': 'Кіру кілттері',
  'mfa.passkeys_lead':
    'Кіру кілті — қосымшадағы кодтың орнына құрылғыңыздың саусақ ізі, беті немесе PIN-коды.',
  'mfa.passkeys_none': 'Кіру кілттері жоқ.',
  'mfa.passkey_name': 'Кілттің атауы',
  'mfa.passkey_name_hint': 'Мысалы, «Ноутбук» немесе «Телефон».',
  'mfa.passkey_add': 'Кіру кілтін қосу',
  'mfa.passkey_remove': 'Жою',
  'mfa.passkey_remove_lead': 'Кіру кілтін жою үшін ағымдағы құпиясөзді енгізіңіз.',
  'mfa.passkey_added': 'Кіру кілті қосылды.',
  'mfa.passkey_removed': 'Кіру кілті жойылды.',
  'mfa.passkey_created': '{date} қосылған',
  'mfa.passkey_last_used': 'соңғы рет {date} пайдаланылған',
  'mfa.passkey_needs_script': 'Кіру кілттері үшін JavaScript және оларды қолдайтын браузер қажет.',
  'mfa.passkey_failed': 'Кіру кілті сәйкес келмеді. Қайталап көріңіз немесе басқа тәсілмен кіріңіз.',
  'mfa.passkey_name_required': 'Кілттің атауын енгізіңіз.',
  'mfa.passkey_too_many': '{count} кіру кілтінен артық қосуға болмайды.',
  'mfa.passkey_not_found': 'Мұндай кіру кілті жоқ.',
  'mfa.passkey_signin': 'Кіру кілтімен кіру',
} satisfies Catalogue;
