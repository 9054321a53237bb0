/**
 * The pages of signing in and getting access back with a digital signature (ЭЦП), in the three
 * catalogue languages; the Russian texts are article 004's. Keys start with `ecp.`.
 */

export const ru = {
  'ecp.title': 'Вход в систему',
  'ecp.since': 'С 1 июня 2020 года вход в систему осуществляется при помощи ЭЦП.',
  'ecp.need_ncalayer': 'Напоминаем, что для работы с ЭЦП вам понадобится NCALayer.',
  'ecp.submit': 'Войти в систему',
  'ecp.two_factor_note':
    'Ввиду добавления двухфакторной аутентификации просим ознакомиться с инструкцией по входу в систему',
  'ecp.two_factor_link': 'Двухфакторная аутентификация',
  'ecp.noscript':
    'Для входа с ЭЦП нужен JavaScript: страница передаёт данные на подпись в NCALayer на вашем компьютере. Включите JavaScript в настройках браузера и обновите страницу.',
  'ecp.no_ncalayer':
    'NCALayer не запущен. Для работы с ЭЦП установите NCALayer с сайта Национального удостоверяющего центра РК (https://ncl.pki.gov.kz/), запустите его и обновите эту страницу.',
  'ecp.connecting': 'Подключение к NCALayer… Выберите ключ и введите пароль в окне NCALayer.',
  'ecp.cancelled': 'Подписание отменено. Чтобы войти, нажмите «Войти в систему» ещё раз и выберите ключ.',
  'ecp.ncalayer_error': 'NCALayer не смог подписать данные: {details}',
  'ecp.challenge_missing': 'Запрос на подпись не найден. Нажмите «Войти в систему» ещё раз.',
  'ecp.challenge_reused': 'Эта подпись уже использована. Нажмите «Войти в систему» ещё раз.',
  'ecp.challenge_expired': 'Время на подписание истекло. Нажмите «Войти в систему» ещё раз.',
  'ecp.signature_missing': 'Подпись не получена. Для входа с ЭЦП нужен JavaScript и NCALayer.',
  'ecp.not_configured': 'Вход с ЭЦП в этой системе не настроен. Обратитесь к администратору.',
  'ecp.unknown_person': 'Пользователь с ИИН {iin} не зарегистрирован в системе.',
  'ecp.blocked': 'Учётная запись заблокирована. Обратитесь к администратору вашей организации.',
  'ecp.signed_as': 'ЭЦП: {name}, ИИН {iin}',
  'ecp.signed_as_org': 'ЭЦП: {name}, ИИН {iin}, {organisation} (БИН {bin})',
  'ecp.password_placeholder': 'Введите пароль от личного кабинета в системе',
  'ecp.password_label': 'Пароль',
  'ecp.show_password': 'Показать пароль',
  'ecp.forgot': 'Забыли пароль?',
  'ecp.password_submit': 'Войти',
  'ecp.password_required': 'Введите пароль.',
  'ecp.password_wrong': 'Неверный пароль. Осталось попыток: {remaining}.',
  'ecp.password_locked': 'Слишком много неверных паролей. Войдите с ЭЦП заново.',
  'ecp.busy': 'Сейчас входят очень многие. Попробуйте снова через {seconds} с — ваш пароль не проверялся.',
  'ecp.flow_gone': 'Вход прерван или устарел. Начните вход с ЭЦП заново.',
  'ecp.back': '← Назад',
  'ecp.signin_link': 'Войти с ЭЦП',
} as const;

type EcpKey = keyof typeof ru;

export const en = {
  'ecp.title': 'Sign in',
  'ecp.since': 'Since 1 June 2020 you sign in with a digital signature (EDS).',
  'ecp.need_ncalayer': 'Please remember that you need NCALayer to work with a digital signature.',
  'ecp.submit': 'Sign in',
  'ecp.two_factor_note': 'Two-factor authentication has been added: please read the sign-in instructions',
  'ecp.two_factor_link': 'Two-factor authentication',
  'ecp.noscript':
    'Signing in with a digital signature needs JavaScript: the page hands the data to NCALayer on your computer. Turn JavaScript on in your browser and reload the page.',
  'ecp.no_ncalayer':
    "NCALayer is not running. To use a digital signature, install NCALayer from the National Certification Authority's site (https://ncl.pki.gov.kz/), start it and reload this page.",
  'ecp.connecting': 'Connecting to NCALayer… Choose your key and type its password in the NCALayer window.',
  'ecp.cancelled': 'Signing was cancelled. To sign in, press «Sign in» again and choose your key.',
  'ecp.ncalayer_error': 'NCALayer could not sign the data: {details}',
  'ecp.challenge_missing': 'The signing request was not found. Press «Sign in» again.',
  'ecp.challenge_reused': 'This signature has already been used. Press «Sign in» again.',
  'ecp.challenge_expired': 'The time to sign has run out. Press «Sign in» again.',
  'ecp.signature_missing':
    'No signature arrived. Signing in with a digital signature needs JavaScript and NCALayer.',
  'ecp.not_configured': 'Signing in with a digital signature is not set up here. Contact the administrator.',
  'ecp.unknown_person': 'No user with the IIN {iin} is registered in the system.',
  'ecp.blocked': "The account is blocked. Contact your organisation's administrator.",
  'ecp.signed_as': 'Signature: {name}, IIN {iin}',
  'ecp.signed_as_org': 'Signature: {name}, IIN {iin}, {organisation} (BIN {bin})',
  'ecp.password_placeholder': 'Enter the password of your personal account',
  'ecp.password_label': 'Password',
  'ecp.show_password': 'Show password',
  'ecp.forgot': 'Forgot your password?',
  'ecp.password_submit': 'Sign in',
  'ecp.password_required': 'Enter your password.',
  'ecp.password_wrong': 'Wrong password. Attempts left: {remaining}.',
  'ecp.password_locked': 'Too many wrong passwords. Sign in with your signature again.',
  'ecp.busy':
    'Very many people are signing in now. Try again in {seconds} s — your password was not checked.',
  'ecp.flow_gone': 'The sign-in was interrupted or is out of date. Start again with your signature.',
  'ecp.back': '← Back',
  'ecp.signin_link': 'Sign in with a digital signature',
} as const satisfies Record<EcpKey, string>;

export const kk = {
  'ecp.title': 'Жүйеге кіру',
  'ecp.since': '2020 жылғы 1 маусымнан бастап жүйеге ЭЦҚ арқылы кіріледі.',
  'ecp.need_ncalayer': 'ЭЦҚ-мен жұмыс істеу үшін сізге NCALayer қажет екенін еске саламыз.',
  'ecp.submit': 'Жүйеге кіру',
  'ecp.two_factor_note':
    'Екі факторлы аутентификация қосылуына байланысты жүйеге кіру нұсқаулығымен танысуды сұраймыз',
  'ecp.two_factor_link': 'Екі факторлы аутентификация',
  'ecp.noscript':
    'ЭЦҚ-мен кіру үшін JavaScript қажет: бет деректерді компьютеріңіздегі NCALayer-ге қол қоюға береді. Браузерде JavaScript-ті қосып, бетті жаңартыңыз.',
  'ecp.no_ncalayer':
    'NCALayer іске қосылмаған. ЭЦҚ-мен жұмыс істеу үшін NCALayer-ді ҚР Ұлттық куәландырушы орталығының сайтынан (https://ncl.pki.gov.kz/) орнатып, іске қосыңыз да, осы бетті жаңартыңыз.',
  'ecp.connecting': 'NCALayer-ге қосылу… NCALayer терезесінде кілтті таңдап, құпиясөзін енгізіңіз.',
  'ecp.cancelled': 'Қол қою тоқтатылды. Кіру үшін «Жүйеге кіру» батырмасын қайта басып, кілтті таңдаңыз.',
  'ecp.ncalayer_error': 'NCALayer деректерге қол қоя алмады: {details}',
  'ecp.challenge_missing': 'Қол қою сұрауы табылмады. «Жүйеге кіру» батырмасын қайта басыңыз.',
  'ecp.challenge_reused': 'Бұл қолтаңба бұрын пайдаланылған. «Жүйеге кіру» батырмасын қайта басыңыз.',
  'ecp.challenge_expired': 'Қол қою уақыты өтті. «Жүйеге кіру» батырмасын қайта басыңыз.',
  'ecp.signature_missing': 'Қолтаңба келмеді. ЭЦҚ-мен кіру үшін JavaScript пен NCALayer қажет.',
  'ecp.not_configured': 'Бұл жүйеде ЭЦҚ-мен кіру бапталмаған. Әкімшіге хабарласыңыз.',
  'ecp.unknown_person': 'ЖСН {iin} бар пайдаланушы жүйеде тіркелмеген.',
  'ecp.blocked': 'Тіркелгі бұғатталған. Ұйымыңыздың әкімшісіне хабарласыңыз.',
  'ecp.signed_as': 'ЭЦҚ: {name}, ЖСН {iin}',
  'ecp.signed_as_org': 'ЭЦҚ: {name}, ЖСН {iin}, {organisation} (БСН {bin})',
  'ecp.password_placeholder': 'Жүйедегі жеке кабинеттің құпиясөзін енгізіңіз',
  'ecp.password_label': 'Құпиясөз',
  'ecp.show_password': 'Құпиясөзді көрсету',
  'ecp.forgot': 'Құпиясөзді ұмыттыңыз ба?',
  'ecp.password_submit': 'Кіру',
  'ecp.password_required': 'Құпиясөзді енгізіңіз.',
  'ecp.password_wrong': 'Құпиясөз қате. Қалған әрекеттер: {remaining}.',
  'ecp.password_locked': 'Қате құпиясөздер тым көп. ЭЦҚ-мен қайта кіріңіз.',
  'ecp.busy': 'Қазір өте көп адам кіріп жатыр. {seconds} с кейін қайталаңыз — құпиясөзіңіз тексерілген жоқ.',
  'ecp.flow_gone': 'Кіру үзілді немесе ескірді. ЭЦҚ-мен кіруді қайтадан бастаңыз.',
  'ecp.back': '← Артқа',
  'ecp.signin_link': 'ЭЦҚ-мен кіру',
} as const satisfies Record<EcpKey, string>;
