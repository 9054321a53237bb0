/**
 * The registration wizard through Gosuslugi, in the article's words (article 002, its three
 * tabs and the last page). Keys start with `esia_wizard.`.
 */
export const ru = {
  'esia_wizard.tab.personal': 'Личные данные',
  'esia_wizard.tab.security': 'Параметры безопасности',
  'esia_wizard.tab.password': 'Новый пароль',
  'esia_wizard.welcome': 'Добро пожаловать',
  'esia_wizard.check':
    'Проверьте свои данные, при необходимости - дополните. Если вы нашли ошибку в личных данных, обратитесь в вашу образовательную организацию.',
  'esia_wizard.attention':
    'Внимание! Если у вас уже создан профиль в {product}, то используйте его для входа в Систему. Для привязки новой организации к вашему существующему профилю обратитесь к сотруднику образовательной организации, который выдал вам новые логин и пароль.',
  'esia_wizard.gender': 'Пол',
  'esia_wizard.gender.male': 'Мужской',
  'esia_wizard.gender.female': 'Женский',
  'esia_wizard.birth_date': 'Дата рождения',
  'esia_wizard.birth_date_invalid': 'Укажите дату рождения',
  'esia_wizard.next': 'Далее',
  'esia_wizard.back': 'Назад',
  'esia_wizard.security_lead':
    'Укажите ваши email и номер мобильного телефона. Эти данные нужны для восстановления доступа в систему.',
  'esia_wizard.email': 'Эл. почта',
  'esia_wizard.news':
    'Я соглашусь получать информацию об обновлениях продукта, предложениях и рекламных акциях',
  'esia_wizard.phone': 'Мобильный телефон',
  'esia_wizard.country': 'Код страны',
  'esia_wizard.your_login': 'Ваш логин для входа:',
  'esia_wizard.temporary':
    'Внимание! В целях безопасности необходимо изменить временный пароль на постоянный.',
  'esia_wizard.new_password': 'Ваш новый пароль',
  'esia_wizard.repeat_password': 'Повторите пароль',
  'esia_wizard.strength': 'Надёжность пароля',
  'esia_wizard.accept': 'Я принимаю условия Пользовательского соглашения.',
  'esia_wizard.accept_required': 'Примите условия Пользовательского соглашения',
  'esia_wizard.done': 'Готово!',
  'esia_wizard.great': 'Отлично! Теперь Вы можете входить в {product} через портал госуслуг.',
  'esia_wizard.go': 'Перейти в {product}',
  'esia_wizard.confirm_contacts':
    'Эл. почта и телефон используются для восстановления доступа только после подтверждения.',
  'esia_wizard.letter_sent':
    'Мы отправили письмо на {email}. Перейдите по ссылке в письме, чтобы подтвердить адрес.',
  'esia_wizard.code_sent': 'На номер {phone} отправлено СМС с кодом подтверждения.',
  'esia_wizard.enter_code': 'Ввести код из СМС',
  'esia_wizard.code_later':
    'Номер {phone} сохранён, но СМС с кодом сейчас отправить нельзя. Подтвердите его позже в настройках.',
  'esia_wizard.to_settings': 'Подтвердить телефон',
  'esia_wizard.step_skipped': 'Этот шаг регистрации ещё не открыт: сначала заполните предыдущий.',
  'esia_wizard.to_step': 'Вернуться к регистрации',
  'esia_wizard.gone': 'Регистрация через госуслуги не найдена или устарела. Войдите через госуслуги заново.',
  'esia_wizard.taken': 'Этот профиль уже зарегистрирован. Войдите через госуслуги или по логину и паролю.',
} as const;

type Catalogue = Record<keyof typeof ru, string>;

export const en = {
  'esia_wizard.tab.personal': 'Personal details',
  'esia_wizard.tab.security': 'Security settings',
  'esia_wizard.tab.password': 'New password',
  'esia_wizard.welcome': 'Welcome',
  'esia_wizard.check':
    'Check your details and add what is missing. If you find a mistake in your personal details, ask your educational organisation.',
  'esia_wizard.attention':
    'Attention! If you already have a {product} profile, use it to sign in. To attach a new organisation to your existing profile, ask the staff member of the organisation who gave you the new login and password.',
  'esia_wizard.gender': 'Gender',
  'esia_wizard.gender.male': 'Male',
  'esia_wizard.gender.female': 'Female',
  'esia_wizard.birth_date': 'Date of birth',
  'esia_wizard.birth_date_invalid': 'Give your date of birth',
  'esia_wizard.next': 'Next',
  'esia_wizard.back': 'Back',
  'esia_wizard.security_lead':
    'Give your email and mobile number. They are needed to recover access to the system.',
  'esia_wizard.email': 'Email',
  'esia_wizard.news': 'I agree to receive news about product updates, offers and promotions',
  'esia_wizard.phone': 'Mobile phone',
  'esia_wizard.country': 'Country code',
  'esia_wizard.your_login': 'Your login:',
  'esia_wizard.temporary': 'Attention! For security, replace the temporary password with a permanent one.',
  'esia_wizard.new_password': 'Your new password',
  'esia_wizard.repeat_password': 'Repeat the password',
  'esia_wizard.strength': 'Password strength',
  'esia_wizard.accept': 'I accept the terms of the User Agreement.',
  'esia_wizard.accept_required': 'Accept the terms of the User Agreement',
  'esia_wizard.done': 'Done!',
  'esia_wizard.great': 'Great! You can now sign in to {product} with the Gosuslugi portal.',
  'esia_wizard.go': 'Go to {product}',
  'esia_wizard.confirm_contacts': 'Your email and phone are used to recover access only once confirmed.',
  'esia_wizard.letter_sent': 'We have sent a letter to {email}. Open the link in it to confirm the address.',
  'esia_wizard.code_sent': 'An SMS with a confirmation code has been sent to {phone}.',
  'esia_wizard.enter_code': 'Enter the code from the SMS',
  'esia_wizard.code_later':
    'The number {phone} is saved, but no SMS code can be sent now. Confirm it later in the settings.',
  'esia_wizard.to_settings': 'Confirm the phone',
  'esia_wizard.step_skipped': 'This registration step is not open yet: fill in the one before it first.',
  'esia_wizard.to_step': 'Back to registration',
  'esia_wizard.gone':
    'This registration with Gosuslugi was not found or is out of date. Sign in with Gosuslugi again.',
  'esia_wizard.taken':
    'This profile is already registered. Sign in with Gosuslugi or with your login and password.',
} satisfies Catalogue;

export const kk = {
  'esia_wizard.tab.personal': 'Жеке деректер',
  'esia_wizard.tab.security': 'Қауіпсіздік параметрлері',
  'esia_wizard.tab.password': 'Жаңа құпиясөз',
  'esia_wizard.welcome': 'Қош келдіңіз',
  'esia_wizard.check':
    'Деректеріңізді тексеріп, қажет болса толықтырыңыз. Жеке деректерде қате тапсаңыз, білім беру ұйымыңызға хабарласыңыз.',
  'esia_wizard.attention':
    'Назар аударыңыз! Егер {product} жүйесінде профиліңіз бұрыннан бар болса, жүйеге кіру үшін соны пайдаланыңыз. Жаңа ұйымды бар профиліңізге бекіту үшін сізге жаңа логин мен құпиясөз берген ұйым қызметкеріне хабарласыңыз.',
  'esia_wizard.gender': 'Жынысы',
  'esia_wizard.gender.male': 'Ер',
  'esia_wizard.gender.female': 'Әйел',
  'esia_wizard.birth_date': 'Туған күні',
  'esia_wizard.birth_date_invalid': 'Туған күніңізді көрсетіңіз',
  'esia_wizard.next': 'Әрі қарай',
  'esia_wizard.back': 'Артқа',
  'esia_wizard.security_lead':
    'Email мен ұялы телефон нөміріңізді көрсетіңіз. Бұл деректер жүйеге қолжетімділікті қалпына келтіру үшін қажет.',
  'esia_wizard.email': 'Эл. пошта',
  'esia_wizard.news': 'Өнім жаңартулары, ұсыныстар мен жарнамалық акциялар туралы ақпарат алуға келісемін',
  'esia_wizard.phone': 'Ұялы телефон',
  'esia_wizard.country': 'Ел коды',
  'esia_wizard.your_login': 'Кіру үшін логиніңіз:',
  'esia_wizard.temporary': 'Назар аударыңыз! Қауіпсіздік үшін уақытша құпиясөзді тұрақтысына ауыстыру қажет.',
  'esia_wizard.new_password': 'Жаңа құпиясөзіңіз',
  'esia_wizard.repeat_password': 'Құпиясөзді қайталаңыз',
  'esia_wizard.strength': 'Құпиясөздің сенімділігі',
  'esia_wizard.accept': 'Пайдаланушы келісімінің шарттарын қабылдаймын.',
  'esia_wizard.accept_required': 'Пайдаланушы келісімінің шарттарын қабылдаңыз',
  'esia_wizard.done': 'Дайын!',
  'esia_wizard.great': 'Тамаша! Енді {product} жүйесіне госуслуги порталы арқылы кіре аласыз.',
  'esia_wizard.go': '{product} жүйесіне өту',
  'esia_wizard.confirm_contacts':
    'Эл. пошта мен телефон расталғаннан кейін ғана қолжетімділікті қалпына келтіруге пайдаланылады.',
  'esia_wizard.letter_sent':
    '{email} мекенжайына хат жібердік. Мекенжайды растау үшін хаттағы сілтемеге өтіңіз.',
  'esia_wizard.code_sent': '{phone} нөміріне растау коды бар SMS жіберілді.',
  'esia_wizard.enter_code': 'SMS кодын енгізу',
  'esia_wizard.code_later':
    '{phone} нөмірі сақталды, бірақ қазір SMS кодын жіберу мүмкін емес. Оны кейінірек баптауларда растаңыз.',
  'esia_wizard.to_settings': 'Телефонды растау',
  'esia_wizard.step_skipped': 'Тіркеудің бұл қадамы әлі ашылмаған: алдымен алдыңғысын толтырыңыз.',
  'esia_wizard.to_step': 'Тіркеуге оралу',
  'esia_wizard.gone': 'Госуслуги арқылы тіркеу табылмады немесе ескірді. Госуслуги арқылы қайта кіріңіз.',
  'esia_wizard.taken':
    'Бұл профиль бұрын тіркелген. Госуслуги арқылы немесе логин мен құпиясөз арқылы кіріңіз.',
} satisfies Catalogue;
