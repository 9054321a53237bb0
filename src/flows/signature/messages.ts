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
  'ecp.forgot_text':
    'Если вы забыли пароль, введите e-mail, указанный при регистрации. На него будет отправлено письмо со ссылкой для восстановления доступа.',
  'ecp.your_email': 'Ваш email: {email}',
  'ecp.email_label': 'Email',
  'ecp.send_link': 'Отправить ссылку на email',
  'ecp.link_sent':
    'Письмо со ссылкой для восстановления доступа отправлено на {email}. Ссылка действует {hours} ч.',
  'ecp.email_mismatch':
    'Это не тот адрес, который указан в системе. Если доступа к той почте нет, нажмите «Сбросить данные через ЭЦП».',
  'ecp.no_mail': 'К учётной записи не привязана подтверждённая почта. Нажмите «Сбросить данные через ЭЦП».',
  'ecp.sign_first': 'Сначала войдите с ЭЦП: тогда письмо можно отправить на указанную почту.',
  'ecp.reset_via_ecp': 'Сбросить данные через ЭЦП',
  'ecp.reset_title': 'Сброс доступа через ЭЦП',
  'ecp.reset_statement':
    'Настоящим сообщаем, что при регистрации в автоматизированной информационной системе {product} указана электронная почта, к которой в настоящее время отсутствует доступ. В связи с вышеуказанным прошу осуществить сброс (удаление) ранее указанного электронного адреса, с целью предоставления возможности повторной регистрации в системе с актуальным адресом электронной почты.',
  'ecp.reset_after':
    'После подтверждения через ЭЦП ваши учетные данные будут обновлены, и вы будете перенаправлены на страницу смены пароля',
  'ecp.reset_submit': 'Подписать и сбросить',
  'ecp.rules_length': 'Пароль должен быть минимум 8 символов.',
  'ecp.rules_classes':
    'Обязательный верхний и нижний регистр, цифра, и специальные символы (! " # $ % & \\ \' () * + , - . / : ; < = > ? @ [\\] ^ _ ` { | } ~).',
  'ecp.rules_ecp':
    'Не рекомендуется использовать пароль, совпадающий с паролем от электронной цифровой подписи (ЭЦП)',
  'ecp.new_password': 'Пароль',
  'ecp.new_password2': 'Подтвердить пароль',
  'ecp.next': 'Далее →',
  'ecp.code_sent_title': 'Письмо с подтверждением успешно отправлено!',
  'ecp.code_sent_text':
    'Пожалуйста, проверьте входящие сообщения. Если письмо не поступило в течение нескольких минут, проверьте папку «Спам» или ограничения, установленные политикой конфиденциальности вашей организации.',
  'ecp.code_label': 'Введите код подтверждения',
  'ecp.code_hint': 'Необходимо ввести код подтверждения, направленный на указанный адрес электронной почты',
  'ecp.code_required': 'Введите код из письма.',
  'ecp.code_wrong': 'Неверный код подтверждения. Осталось попыток: {remaining}.',
  'ecp.code_expired': 'Срок действия кода истёк. Начните сброс через ЭЦП заново.',
  'ecp.code_locked': 'Слишком много неверных кодов. Начните сброс через ЭЦП заново.',
  'ecp.reset_done_title': 'Доступ восстановлен',
  'ecp.reset_done_text': 'Пароль изменён, адрес {email} подтверждён. Все сеансы завершены — войдите заново.',
  'ecp.to_signin': 'Перейти ко входу',
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
  'ecp.forgot_text':
    'If you forgot your password, enter the email you registered with. A letter with a link to get access back will be sent to it.',
  'ecp.your_email': 'Your email: {email}',
  'ecp.email_label': 'Email',
  'ecp.send_link': 'Send a link by email',
  'ecp.link_sent':
    'A letter with a link to get your access back was sent to {email}. The link works for {hours} h.',
  'ecp.email_mismatch':
    'This is not the address the system has. If you cannot reach that mailbox, press «Reset with a digital signature».',
  'ecp.no_mail': 'No confirmed email is linked to the account. Press «Reset with the digital signature».',
  'ecp.sign_first':
    'Sign in with your digital signature first: then the letter can go to the address on file.',
  'ecp.reset_via_ecp': 'Reset with a digital signature',
  'ecp.reset_title': 'Resetting access with a digital signature',
  'ecp.reset_statement':
    'I hereby report that the email address given at registration in the information system {product} is one I no longer have access to. I therefore ask for that address to be reset (removed), so that I can register in the system again with a current email address.',
  'ecp.reset_after':
    'After you confirm with your digital signature your account details will be updated and you will be taken to the page to change your password',
  'ecp.reset_submit': 'Sign and reset',
  'ecp.rules_length': 'The password must be at least 8 characters long.',
  'ecp.rules_classes':
    'Upper and lower case, a digit and special characters are required (! " # $ % & \\ \' () * + , - . / : ; < = > ? @ [\\] ^ _ ` { | } ~).',
  'ecp.rules_ecp': 'Do not use the same password as the one of your digital signature (EDS)',
  'ecp.new_password': 'Password',
  'ecp.new_password2': 'Confirm password',
  'ecp.next': 'Next →',
  'ecp.code_sent_title': 'The confirmation letter has been sent!',
  'ecp.code_sent_text':
    "Please check your inbox. If the letter does not arrive within a few minutes, check the Spam folder or your organisation's privacy restrictions.",
  'ecp.code_label': 'Enter the confirmation code',
  'ecp.code_hint': 'Enter the confirmation code sent to the email address you gave',
  'ecp.code_required': 'Enter the code from the letter.',
  'ecp.code_wrong': 'Wrong confirmation code. Attempts left: {remaining}.',
  'ecp.code_expired': 'The code has expired. Start the reset with your signature again.',
  'ecp.code_locked': 'Too many wrong codes. Start the reset with your signature again.',
  'ecp.reset_done_title': 'Access restored',
  'ecp.reset_done_text':
    'The password is changed and {email} is confirmed. Every session has ended — please sign in again.',
  'ecp.to_signin': 'Go to sign-in',
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
  'ecp.forgot_text':
    'Құпиясөзді ұмытсаңыз, тіркелу кезінде көрсетілген e-mail енгізіңіз. Оған қолжетімділікті қалпына келтіру сілтемесі бар хат жіберіледі.',
  'ecp.your_email': 'Сіздің email: {email}',
  'ecp.email_label': 'Email',
  'ecp.send_link': 'Сілтемені email-ге жіберу',
  'ecp.link_sent':
    'Қолжетімділікті қалпына келтіру сілтемесі бар хат {email} адресіне жіберілді. Сілтеме {hours} сағ жарамды.',
  'ecp.email_mismatch':
    'Бұл жүйедегі адрес емес. Ол поштаға қолжетімділік болмаса, «Деректерді ЭЦҚ арқылы қалпына келтіру» түймесін басыңыз.',
  'ecp.no_mail':
    'Есептік жазбаға расталған пошта байланыстырылмаған. «Деректерді ЭЦҚ арқылы қалпына келтіру» түймесін басыңыз.',
  'ecp.sign_first': 'Алдымен ЭЦҚ-мен кіріңіз: сонда хат көрсетілген поштаға жіберіледі.',
  'ecp.reset_via_ecp': 'Деректерді ЭЦҚ арқылы қалпына келтіру',
  'ecp.reset_title': 'ЭЦҚ арқылы қолжетімділікті қалпына келтіру',
  'ecp.reset_statement':
    '{product} автоматтандырылған ақпараттық жүйесінде тіркелу кезінде қазіргі уақытта қолжетімділігім жоқ электрондық пошта көрсетілгенін хабарлаймын. Осыған байланысты жүйеде өзекті электрондық пошта мекенжайымен қайта тіркелу мүмкіндігін беру мақсатында бұрын көрсетілген электрондық мекенжайды қалпына келтіруді (жоюды) сұраймын.',
  'ecp.reset_after':
    'ЭЦҚ арқылы растағаннан кейін тіркелгі деректеріңіз жаңартылады және сіз құпиясөзді ауыстыру бетіне бағытталасыз',
  'ecp.reset_submit': 'Қол қою және қалпына келтіру',
  'ecp.rules_length': 'Құпиясөз кемінде 8 таңбадан тұруы керек.',
  'ecp.rules_classes':
    'Бас және кіші әріптер, сан және арнайы таңбалар міндетті (! " # $ % & \\ \' () * + , - . / : ; < = > ? @ [\\] ^ _ ` { | } ~).',
  'ecp.rules_ecp':
    'Электрондық цифрлық қолтаңбаның (ЭЦҚ) құпиясөзімен бірдей құпиясөзді пайдалану ұсынылмайды',
  'ecp.new_password': 'Құпиясөз',
  'ecp.new_password2': 'Құпиясөзді растау',
  'ecp.next': 'Әрі қарай →',
  'ecp.code_sent_title': 'Растау хаты сәтті жіберілді!',
  'ecp.code_sent_text':
    'Кіріс хаттарды тексеріңіз. Хат бірнеше минут ішінде келмесе, «Спам» қалтасын немесе ұйымыңыздың құпиялылық саясатының шектеулерін тексеріңіз.',
  'ecp.code_label': 'Растау кодын енгізіңіз',
  'ecp.code_hint': 'Көрсетілген электрондық пошта мекенжайына жіберілген растау кодын енгізу қажет',
  'ecp.code_required': 'Хаттағы кодты енгізіңіз.',
  'ecp.code_wrong': 'Растау коды қате. Қалған әрекеттер: {remaining}.',
  'ecp.code_expired': 'Кодтың мерзімі өтті. ЭЦҚ арқылы қалпына келтіруді қайта бастаңыз.',
  'ecp.code_locked': 'Қате кодтар тым көп. ЭЦҚ арқылы қалпына келтіруді қайта бастаңыз.',
  'ecp.reset_done_title': 'Қолжетімділік қалпына келтірілді',
  'ecp.reset_done_text': 'Құпиясөз өзгертілді, {email} расталды. Барлық сеанстар аяқталды — қайта кіріңіз.',
  'ecp.to_signin': 'Кіруге өту',
} as const satisfies Record<EcpKey, string>;
