/**
 * The words of «Двухфакторная аутентификация», the instructions page (guide.ts) that the ЭЦП
 * sign-in screen of article 004 links to. Keys start with `mfa.guide.`; Russian is the reference.
 */
export const ru = {
  'mfa.guide.lead':
    'Для входа в {product} нужны два подтверждения: {first} — и код из приложения-аутентификатора на вашем телефоне. Даже тот, кто узнал пароль или получил доступ к ключу ЭЦП, без вашего телефона не войдёт.',
  'mfa.guide.first_signature': 'ЭЦП',
  'mfa.guide.first_password': 'пароль',
  'mfa.guide.first_either': 'ЭЦП или пароль',
  'mfa.guide.optional':
    'В {product} второй фактор не обязателен, но его можно подключить в «Настройках»: так ваш профиль защищён надёжнее.',
  'mfa.guide.first_title': 'Первый вход',
  'mfa.guide.first_app':
    'Установите на телефон приложение-аутентификатор: Google Authenticator, Яндекс Ключ, Microsoft Authenticator или любое другое с одноразовыми кодами (TOTP).',
  'mfa.guide.first_signin_signature':
    'Войдите в систему как обычно: отметьте оба пункта согласия и подпишите вход ЭЦП в NCALayer.',
  'mfa.guide.first_signin_password': 'Войдите в систему как обычно: введите логин и пароль.',
  'mfa.guide.first_scan':
    'Система покажет QR-код. Отсканируйте его приложением; если не получается, введите вручную ключ, показанный под QR-кодом.',
  'mfa.guide.first_code': 'Введите шестизначный код, который покажет приложение, и нажмите «Подтвердить».',
  'mfa.guide.first_codes':
    'Сохраните коды восстановления: распечатайте или запишите их и храните отдельно от телефона. Каждый код действует один раз; коды показываются только один раз.',
  'mfa.guide.next_title': 'Следующие входы',
  'mfa.guide.next_text':
    'После {first} откройте приложение и введите код, который оно показывает сейчас. Код меняется каждые 30 секунд. Если код не подходит, проверьте, что время на телефоне устанавливается автоматически, и введите следующий код.',
  'mfa.guide.passkey':
    'Вместо кода можно подтверждать вход ключом доступа: отпечатком пальца, лицом или PIN-кодом устройства. Ключ доступа подключается в «Настройках».',
  'mfa.guide.lost_title': 'Если телефона нет под рукой',
  'mfa.guide.lost_text':
    'На странице ввода кода нажмите «Использовать код восстановления» и введите один из сохранённых кодов. После входа подключите приложение заново и получите новые коды в «Настройках».',
  'mfa.guide.none_title': 'Если нет ни телефона, ни кодов восстановления',
  'mfa.guide.none_text':
    'Обратитесь к ответственному за систему в вашей организации: проверив вашу личность, он сбросит второй фактор, и при следующем входе вы подключите приложение заново. Служба технической поддержки этого сделать не может: ей ваши данные не доступны.',
  'mfa.guide.none_link': 'Оставить заявку «Не получается войти»',
  'mfa.guide.back': 'Ко входу',
} as const;

type Catalogue = Record<keyof typeof ru, string>;

export const en = {
  'mfa.guide.lead':
    'Signing in to {product} takes two confirmations: {first}, and a code from an authenticator app on your phone. Someone who has learnt your password or got hold of your signature key still cannot sign in without your phone.',
  'mfa.guide.first_signature': 'your digital signature',
  'mfa.guide.first_password': 'your password',
  'mfa.guide.first_either': 'your digital signature or password',
  'mfa.guide.optional':
    'In {product} a second factor is not required, but you can turn it on in Settings: your account is then better protected.',
  'mfa.guide.first_title': 'The first sign-in',
  'mfa.guide.first_app':
    'Install an authenticator app on your phone: Google Authenticator, Yandex Key, Microsoft Authenticator or any other with one-time codes (TOTP).',
  'mfa.guide.first_signin_signature':
    'Sign in as usual: tick both consents and sign the sign-in with your digital signature in NCALayer.',
  'mfa.guide.first_signin_password': 'Sign in as usual: enter your login and password.',
  'mfa.guide.first_scan':
    'A QR code is shown. Scan it with the app; if that does not work, type in the key shown under the QR code.',
  'mfa.guide.first_code': 'Enter the six-digit code the app shows and press Confirm.',
  'mfa.guide.first_codes':
    'Save the recovery codes: print or write them down and keep them apart from your phone. Each code works once; they are shown only once.',
  'mfa.guide.next_title': 'Signing in after that',
  'mfa.guide.next_text':
    'After {first}, open the app and enter the code it shows now. The code changes every 30 seconds. If it is refused, check that your phone sets its time automatically and enter the next code.',
  'mfa.guide.passkey':
    'Instead of a code you can confirm with a passkey: your fingerprint, face or the device PIN. Passkeys are added in Settings.',
  'mfa.guide.lost_title': 'If your phone is not at hand',
  'mfa.guide.lost_text':
    'On the code page press "Use a recovery code" and enter one of the codes you saved. Once in, set up the app again and get new codes in Settings.',
  'mfa.guide.none_title': 'If you have neither the phone nor the recovery codes',
  'mfa.guide.none_text':
    'Ask the person responsible for the system in your organisation: once they have checked who you are, they reset your second factor and you set up the app again at your next sign-in. Technical support cannot do this: it has no access to your data.',
  'mfa.guide.none_link': 'Ask for help: "I cannot sign in"',
  'mfa.guide.back': 'Back to sign-in',
} satisfies Catalogue;

export const kk = {
  'mfa.guide.lead':
    '{product} жүйесіне кіру үшін екі растау қажет: {first} және телефоныңыздағы аутентификатор қосымшасының коды. Құпиясөзіңізді білген немесе ЭЦҚ кілтіңізге қол жеткізген адам да сіздің телефоныңызсыз кіре алмайды.',
  'mfa.guide.first_signature': 'ЭЦҚ',
  'mfa.guide.first_password': 'құпиясөз',
  'mfa.guide.first_either': 'ЭЦҚ немесе құпиясөз',
  'mfa.guide.optional':
    '{product} жүйесінде екінші фактор міндетті емес, бірақ оны «Баптаулар» бөлімінде қосуға болады: профиліңіз сенімдірек қорғалады.',
  'mfa.guide.first_title': 'Алғашқы кіру',
  'mfa.guide.first_app':
    'Телефонға аутентификатор қосымшасын орнатыңыз: Google Authenticator, Яндекс Ключ, Microsoft Authenticator немесе бір реттік кодтары (TOTP) бар кез келген басқа қосымша.',
  'mfa.guide.first_signin_signature':
    'Жүйеге әдеттегідей кіріңіз: келісімнің екі тармағын белгілеп, NCALayer арқылы кіруге ЭЦҚ-мен қол қойыңыз.',
  'mfa.guide.first_signin_password': 'Жүйеге әдеттегідей кіріңіз: логин мен құпиясөзді енгізіңіз.',
  'mfa.guide.first_scan':
    'Жүйе QR-кодты көрсетеді. Оны қосымшамен сканерлеңіз; болмаса, QR-кодтың астындағы кілтті қолмен енгізіңіз.',
  'mfa.guide.first_code': 'Қосымша көрсеткен алты таңбалы кодты енгізіп, «Растау» түймесін басыңыз.',
  'mfa.guide.first_codes':
    'Қалпына келтіру кодтарын сақтаңыз: басып шығарыңыз немесе жазып алып, телефоннан бөлек сақтаңыз. Әр код бір рет жарамды; кодтар тек бір рет көрсетіледі.',
  'mfa.guide.next_title': 'Келесі кірулер',
  'mfa.guide.next_text':
    '{first} кейін қосымшаны ашып, ол қазір көрсетіп тұрған кодты енгізіңіз. Код әр 30 секунд сайын ауысады. Код жарамаса, телефондағы уақыт автоматты түрде орнатылатынын тексеріп, келесі кодты енгізіңіз.',
  'mfa.guide.passkey':
    'Код орнына кіруді кіру кілтімен растауға болады: саусақ ізімен, бетпен немесе құрылғының PIN-кодымен. Кіру кілті «Баптаулар» бөлімінде қосылады.',
  'mfa.guide.lost_title': 'Телефон қолыңызда болмаса',
  'mfa.guide.lost_text':
    'Код енгізу бетінде «Қалпына келтіру кодын пайдалану» түймесін басып, сақталған кодтардың бірін енгізіңіз. Кіргеннен кейін «Баптаулар» бөлімінде қосымшаны қайта қосып, жаңа кодтар алыңыз.',
  'mfa.guide.none_title': 'Телефон да, қалпына келтіру кодтары да болмаса',
  'mfa.guide.none_text':
    'Ұйымыңыздағы жүйеге жауапты адамға хабарласыңыз: ол жеке басыңызды тексеріп, екінші факторды қалпына келтіреді, ал келесі кіруде қосымшаны қайта қосасыз. Техникалық қолдау қызметі мұны істей алмайды: оған сіздің деректеріңіз қолжетімсіз.',
  'mfa.guide.none_link': '«Кіре алмаймын» өтінімін қалдыру',
  'mfa.guide.back': 'Кіруге',
} satisfies Catalogue;
