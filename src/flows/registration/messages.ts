/**
 * Messages of registration by invitation code (article 003) in the three catalogue languages,
 * and a translator for the registration pages.
 *
 * Rules: every key starts with `registration.`; Russian is the reference and follows the
 * article's wording («Введите приглашительный код», «Неверный код приглашения», «Коды не
 * содержат большие (прописные) буквы», «У меня есть еще один пригласительный код», «регистрация
 * в системе успешно завершена»); English and Kazakh have the same keys (the compiler checks) and
 * the same `{placeholders}` (the test checks).
 *
 * Until these objects are spread into `core/i18n/catalogue.*.ts`, `registrationTranslator`
 * looks `registration.*` keys up here and hands every other key to the request's translator.
 * Once they are merged it keeps working unchanged.
 */
import type { FastifyRequest } from 'fastify';
import type { Locale, MessageKey, MessageParams } from '../../core/i18n/i18n.js';

export const ru = {
  'registration.title': 'Регистрация',
  'registration.enter_code': 'Введите приглашительный код',
  'registration.submit': 'ЗАРЕГИСТРИРОВАТЬСЯ',
  'registration.code_hint': 'Вы можете получить приглашительный код в школе.',
  'registration.have_account': '← Уже есть аккаунт',
  'registration.forgot_password': 'Забыли пароль?',
  'registration.school_page': 'Страница школы',

  'registration.code.empty': 'Введите приглашительный код из приглашения.',
  'registration.code.capitals':
    'Коды не содержат большие (прописные) буквы. Проверьте, корректно ли введен выданный код.',
  'registration.code.invalid_chars':
    'Код состоит только из строчных латинских букв и цифр. Проверьте раскладку клавиатуры и корректно ли введен выданный код.',
  'registration.code.wrong_length':
    'Приглашительный код состоит из 9 символов, например pt1o095tc. Проверьте, корректно ли введен выданный код.',
  'registration.code.foreign_prefix':
    'Этот код предназначен для другой системы. Уточните в школе, где нужно регистрироваться. Наши коды начинаются с st (ученик), pt (родитель), tr или ar (сотрудник школы).',
  'registration.code.unknown': 'Неверный код приглашения. Проверьте, корректно ли введен выданный код.',
  'registration.code.used':
    'Этот код уже использован. Если вы уже зарегистрировались, войдите по своему логину и паролю; если нет — обратитесь к куратору электронного журнала в школе.',
  'registration.code.expired':
    'Срок действия этого кода истёк. Получите новый приглашительный код у куратора электронного журнала в школе.',
  'registration.code.void':
    'Этот код заменён новым: школа выдала вам другое приглашение. Введите код из нового приглашения.',
  'registration.code.other_school':
    'Этот код выдан в другой школе. Откройте адрес для регистрации, указанный в вашем приглашении.',
  'registration.code.throttled':
    'Слишком много неверных кодов. Повторите попытку через {minutes} мин. или обратитесь в школу.',

  'registration.invitation_for': 'Приглашение',
  'registration.for.student': 'Ученику',
  'registration.for.parent': 'Родителям',
  'registration.for.staff': 'Сотруднику школы',
  'registration.account_lead': 'Придумайте логин и пароль и укажите свою контактную информацию.',
  'registration.section.credentials': 'Логин и пароль',
  'registration.login': 'Логин',
  'registration.login_hint':
    'Буквы (только латинские или только русские), цифры и знаки . _ - @, не длиннее 64 символов.',
  'registration.password': 'Пароль',
  'registration.password2': 'Повторите пароль',
  'registration.password_rules': 'Требования к паролю',
  'registration.password_advice':
    'Придумайте сложный пароль, несовпадающий с логином, датой вашего рождения, вашими ФИО. Подобные пароли являются самым слабым местом системы с точки зрения безопасности.',
  'registration.section.contacts': 'Контактная информация',
  'registration.email': 'Эл. почта',
  'registration.email_parent_hint':
    'Для родителей поле с адресом эл. почты является обязательным. Эта информация не будет доступна другим пользователям.',
  'registration.email_staff_hint':
    'Обязательное поле. Эта информация не будет доступна другим пользователям.',
  'registration.email_student_hint':
    'Ученики могут оставить поле пустым, но без подтверждённой почты самостоятельное восстановление доступа недоступно.',
  'registration.phone': 'Мобильный телефон (необязательно)',
  'registration.section.you': 'Ваши данные',
  'registration.who_are_you': 'Кто вы?',
  'registration.guardian_other': 'Другой родитель (законный представитель) — укажите ФИО ниже',
  'registration.names_lead': 'Укажите свои фамилию, имя и отчество.',
  'registration.last_name': 'Фамилия',
  'registration.first_name': 'Имя',
  'registration.middle_name': 'Отчество (если есть)',
  'registration.children': 'Дети',
  'registration.children_hint_parent':
    'Если в школе учатся и другие ваши дети, введите их пригласительные коды для родителей.',
  'registration.children_hint_staff':
    'Если ваш ребёнок учится в этой школе, введите его пригласительный код для родителей — и сразу получите доступ к его дневнику.',
  'registration.child_code': 'Пригласительный код ребёнка',
  'registration.more_codes': 'У меня есть еще один пригласительный код',
  'registration.start_again': 'Ввести код заново',

  'registration.error.form': 'Проверьте поля, отмеченные ниже.',
  'registration.error.login_required': 'Придумайте логин',
  'registration.error.login_taken': 'Этот логин уже занят. Придумайте другой.',
  'registration.error.email_required_parent': 'Для родителей адрес эл. почты обязателен',
  'registration.error.email_required': 'Укажите адрес эл. почты',
  'registration.error.last_name_required': 'Укажите фамилию',
  'registration.error.first_name_required': 'Укажите имя',
  'registration.error.name_invalid':
    'Допустимы только буквы, пробел, дефис и апостроф, не более 100 символов',
  'registration.error.guardian_invalid': 'Выберите один из вариантов',
  'registration.error.child_code_prefix': 'В поле «Дети» вводятся коды для родителей — они начинаются с pt.',
  'registration.error.child_code_duplicate': 'Этот код уже введён.',
  'registration.error.child_duplicate': 'Код для этого ребёнка уже введён.',
  'registration.error.too_many_codes': 'Не более {max} кодов за одну регистрацию.',
  'registration.error.code_taken_meanwhile':
    'Пока вы заполняли форму, один из кодов был использован. Проверьте коды или обратитесь к куратору электронного журнала в школе.',

  'registration.flow_gone':
    'Регистрация не найдена: возможно, она начата в другом браузере или уже завершена. Введите приглашительный код ещё раз.',
  'registration.flow_expired': 'Время на регистрацию истекло. Введите приглашительный код ещё раз.',
  'registration.code_no_longer_valid':
    'Приглашительный код больше не действует: он использован, заменён новым или истёк. Обратитесь к куратору электронного журнала в школе.',

  'registration.done': 'Регистрация в системе успешно завершена.',
  'registration.your_login': 'Ваш логин:',
  'registration.sign_in_lead': 'Войдите в журнал по логину и паролю.',
  'registration.sign_in': 'Войти в журнал',
  'registration.confirm_email_note':
    'Войдя в систему, подтвердите свою эл. почту: на неё будет отправлено письмо для подтверждения. Без подтверждения почты вам не будет доступна возможность самостоятельного восстановления доступа в случае утери логина и пароля.',
  'registration.no_email_note':
    'Вы не указали эл. почту. Укажите и подтвердите её после входа: без подтверждённой почты самостоятельное восстановление доступа недоступно, помочь сможет только куратор журнала в школе.',
  'registration.children_linked': 'Доступ к дневникам детей: {names}.',
  'registration.login_available': 'Логин свободен',
  'registration.login_checks.throttled':
    'Слишком много проверок логина. Повторите попытку через {minutes} мин.',
  'registration.login_checks.flow_spent':
    'Слишком много проверок логина в этой регистрации. Введите приглашительный код ещё раз.',
} as const;

export type RegistrationKey = keyof typeof ru;

export const en = {
  'registration.title': 'Registration',
  'registration.enter_code': 'Enter your invitation code',
  'registration.submit': 'REGISTER',
  'registration.code_hint': 'You can get an invitation code at your school.',
  'registration.have_account': '← I already have an account',
  'registration.forgot_password': 'Forgot your password?',
  'registration.school_page': 'School page',

  'registration.code.empty': 'Enter the invitation code from your invitation.',
  'registration.code.capitals':
    'Codes contain no capital (upper-case) letters. Check that you typed the code exactly as issued.',
  'registration.code.invalid_chars':
    'A code consists of lower-case Latin letters and digits only. Check your keyboard layout and that you typed the code exactly as issued.',
  'registration.code.wrong_length':
    'An invitation code has 9 characters, for example pt1o095tc. Check that you typed the code exactly as issued.',
  'registration.code.foreign_prefix':
    'This code is meant for another system. Ask your school where you should register. Our codes start with st (student), pt (parent), tr or ar (school staff).',
  'registration.code.unknown': 'Invalid invitation code. Check that you typed the code exactly as issued.',
  'registration.code.used':
    'This code has already been used. If you have already registered, sign in with your login and password; if not, contact the e-journal curator at your school.',
  'registration.code.expired':
    'This code has expired. Get a new invitation code from the e-journal curator at your school.',
  'registration.code.void':
    'This code has been replaced: the school gave you a new invitation. Enter the code from the new invitation.',
  'registration.code.other_school':
    'This code was issued by another school. Open the registration address printed on your invitation.',
  'registration.code.throttled': 'Too many invalid codes. Try again in {minutes} min or contact your school.',

  'registration.invitation_for': 'Invitation',
  'registration.for.student': 'For the student',
  'registration.for.parent': 'For the parents',
  'registration.for.staff': 'For school staff',
  'registration.account_lead': 'Choose a login and a password and give your contact details.',
  'registration.section.credentials': 'Login and password',
  'registration.login': 'Login',
  'registration.login_hint':
    'Letters (Latin only or Cyrillic only), digits and the characters . _ - @, at most 64 characters.',
  'registration.password': 'Password',
  'registration.password2': 'Repeat the password',
  'registration.password_rules': 'Password requirements',
  'registration.password_advice':
    'Choose a strong password that differs from your login, your date of birth and your name. Such passwords are the weakest point of any system.',
  'registration.section.contacts': 'Contact details',
  'registration.email': 'Email',
  'registration.email_parent_hint':
    'Parents must give an email address. It will not be visible to other users.',
  'registration.email_staff_hint': 'Required. It will not be visible to other users.',
  'registration.email_student_hint':
    'Students may leave this empty, but without a confirmed email you cannot recover access on your own.',
  'registration.phone': 'Mobile phone (optional)',
  'registration.section.you': 'About you',
  'registration.who_are_you': 'Who are you?',
  'registration.guardian_other': 'Another parent (legal representative) — enter your name below',
  'registration.names_lead': 'Enter your surname, first name and patronymic.',
  'registration.last_name': 'Surname',
  'registration.first_name': 'First name',
  'registration.middle_name': 'Patronymic (if any)',
  'registration.children': 'Children',
  'registration.children_hint_parent':
    'If your other children study at this school too, enter their invitation codes for parents.',
  'registration.children_hint_staff':
    'If your child studies at this school, enter their invitation code for parents to get access to their diary right away.',
  'registration.child_code': "Child's invitation code",
  'registration.more_codes': 'I have one more invitation code',
  'registration.start_again': 'Enter the code again',

  'registration.error.form': 'Check the fields marked below.',
  'registration.error.login_required': 'Choose a login',
  'registration.error.login_taken': 'This login is already taken. Choose another one.',
  'registration.error.email_required_parent': 'Parents must give an email address',
  'registration.error.email_required': 'Enter your email address',
  'registration.error.last_name_required': 'Enter your surname',
  'registration.error.first_name_required': 'Enter your first name',
  'registration.error.name_invalid':
    'Only letters, spaces, hyphens and apostrophes are allowed, at most 100 characters',
  'registration.error.guardian_invalid': 'Choose one of the options',
  'registration.error.child_code_prefix':
    'The «Children» field takes codes for parents — they start with pt.',
  'registration.error.child_code_duplicate': 'This code has already been entered.',
  'registration.error.child_duplicate': "This child's code has already been entered.",
  'registration.error.too_many_codes': 'At most {max} codes in one registration.',
  'registration.error.code_taken_meanwhile':
    'One of the codes was used while you were filling in the form. Check the codes or contact the e-journal curator at your school.',

  'registration.flow_gone':
    'Registration not found: it may have been started in another browser or already completed. Enter your invitation code again.',
  'registration.flow_expired': 'The time for registration has run out. Enter your invitation code again.',
  'registration.code_no_longer_valid':
    'The invitation code is no longer valid: it has been used, replaced or has expired. Contact the e-journal curator at your school.',

  'registration.done': 'Registration has been completed successfully.',
  'registration.your_login': 'Your login:',
  'registration.sign_in_lead': 'Sign in to the journal with your login and password.',
  'registration.sign_in': 'Sign in to the journal',
  'registration.confirm_email_note':
    'After signing in, confirm your email: a confirmation letter will be sent to it. Without a confirmed email you will not be able to recover access on your own if you lose your login or password.',
  'registration.no_email_note':
    'You did not give an email address. Add and confirm it after signing in: without a confirmed email you cannot recover access on your own, only the journal curator at your school can help.',
  'registration.children_linked': "Access to the children's diaries: {names}.",
  'registration.login_available': 'The login is available',
  'registration.login_checks.throttled': 'Too many login checks. Try again in {minutes} min.',
  'registration.login_checks.flow_spent':
    'Too many login checks in this registration. Enter your invitation code again.',
} as const satisfies Record<RegistrationKey, string>;

export const kk = {
  'registration.title': 'Тіркелу',
  'registration.enter_code': 'Шақыру кодын енгізіңіз',
  'registration.submit': 'ТІРКЕЛУ',
  'registration.code_hint': 'Шақыру кодын мектептен алуға болады.',
  'registration.have_account': '← Менде аккаунт бар',
  'registration.forgot_password': 'Құпиясөзді ұмыттыңыз ба?',
  'registration.school_page': 'Мектеп беті',

  'registration.code.empty': 'Шақырудағы кодты енгізіңіз.',
  'registration.code.capitals':
    'Кодтарда бас (үлкен) әріптер болмайды. Берілген кодтың дұрыс енгізілгенін тексеріңіз.',
  'registration.code.invalid_chars':
    'Код тек кіші латын әріптері мен цифрлардан тұрады. Пернетақта тілін және кодтың дұрыс енгізілгенін тексеріңіз.',
  'registration.code.wrong_length':
    'Шақыру коды 9 таңбадан тұрады, мысалы pt1o095tc. Берілген кодтың дұрыс енгізілгенін тексеріңіз.',
  'registration.code.foreign_prefix':
    'Бұл код басқа жүйеге арналған. Қай жүйеде тіркелу керектігін мектептен нақтылаңыз. Біздің кодтар st (оқушы), pt (ата-ана), tr немесе ar (мектеп қызметкері) әріптерінен басталады.',
  'registration.code.unknown': 'Шақыру коды қате. Берілген кодтың дұрыс енгізілгенін тексеріңіз.',
  'registration.code.used':
    'Бұл код пайдаланылып қойған. Егер тіркеліп қойған болсаңыз, логиніңіз бен құпиясөзіңізбен кіріңіз; әйтпесе мектептегі электрондық журнал кураторына хабарласыңыз.',
  'registration.code.expired':
    'Бұл кодтың мерзімі өтіп кеткен. Жаңа шақыру кодын мектептегі электрондық журнал кураторынан алыңыз.',
  'registration.code.void':
    'Бұл код жаңасымен ауыстырылған: мектеп сізге басқа шақыру берген. Жаңа шақырудағы кодты енгізіңіз.',
  'registration.code.other_school':
    'Бұл код басқа мектепте берілген. Шақыруда көрсетілген тіркелу мекенжайын ашыңыз.',
  'registration.code.throttled':
    'Қате кодтар тым көп енгізілді. {minutes} минуттан кейін қайталаңыз немесе мектепке хабарласыңыз.',

  'registration.invitation_for': 'Шақыру',
  'registration.for.student': 'Оқушыға',
  'registration.for.parent': 'Ата-аналарға',
  'registration.for.staff': 'Мектеп қызметкеріне',
  'registration.account_lead': 'Логин мен құпиясөз ойлап табыңыз және байланыс ақпаратыңызды көрсетіңіз.',
  'registration.section.credentials': 'Логин және құпиясөз',
  'registration.login': 'Логин',
  'registration.login_hint':
    'Әріптер (тек латын немесе тек орыс әріптері), цифрлар және . _ - @ таңбалары, 64 таңбадан аспауы керек.',
  'registration.password': 'Құпиясөз',
  'registration.password2': 'Құпиясөзді қайталаңыз',
  'registration.password_rules': 'Құпиясөзге қойылатын талаптар',
  'registration.password_advice':
    'Логиніңізбен, туған күніңізбен, аты-жөніңізбен сәйкес келмейтін күрделі құпиясөз ойлап табыңыз. Мұндай құпиясөздер қауіпсіздік тұрғысынан жүйенің ең әлсіз жері болып табылады.',
  'registration.section.contacts': 'Байланыс ақпараты',
  'registration.email': 'Электрондық пошта',
  'registration.email_parent_hint':
    'Ата-аналар үшін электрондық пошта мекенжайы міндетті. Бұл ақпарат басқа пайдаланушыларға көрінбейді.',
  'registration.email_staff_hint': 'Міндетті өріс. Бұл ақпарат басқа пайдаланушыларға көрінбейді.',
  'registration.email_student_hint':
    'Оқушылар бұл өрісті бос қалдыра алады, бірақ расталған поштасыз қолжетімділікті өз бетінше қалпына келтіру мүмкін емес.',
  'registration.phone': 'Ұялы телефон (міндетті емес)',
  'registration.section.you': 'Сіздің деректеріңіз',
  'registration.who_are_you': 'Сіз кімсіз?',
  'registration.guardian_other': 'Басқа ата-ана (заңды өкіл) — аты-жөніңізді төменде көрсетіңіз',
  'registration.names_lead': 'Тегіңізді, атыңызды және әкеңіздің атын көрсетіңіз.',
  'registration.last_name': 'Тегі',
  'registration.first_name': 'Аты',
  'registration.middle_name': 'Әкесінің аты (бар болса)',
  'registration.children': 'Балалар',
  'registration.children_hint_parent':
    'Егер мектепте басқа балаларыңыз да оқитын болса, олардың ата-анаға арналған шақыру кодтарын енгізіңіз.',
  'registration.children_hint_staff':
    'Егер балаңыз осы мектепте оқитын болса, оның ата-анаға арналған шақыру кодын енгізіңіз — сонда оның күнделігіне бірден қол жеткізесіз.',
  'registration.child_code': 'Баланың шақыру коды',
  'registration.more_codes': 'Менде тағы бір шақыру коды бар',
  'registration.start_again': 'Кодты қайта енгізу',

  'registration.error.form': 'Төменде белгіленген өрістерді тексеріңіз.',
  'registration.error.login_required': 'Логин ойлап табыңыз',
  'registration.error.login_taken': 'Бұл логин бос емес. Басқасын ойлап табыңыз.',
  'registration.error.email_required_parent': 'Ата-аналар үшін электрондық пошта мекенжайы міндетті',
  'registration.error.email_required': 'Электрондық пошта мекенжайын көрсетіңіз',
  'registration.error.last_name_required': 'Тегіңізді көрсетіңіз',
  'registration.error.first_name_required': 'Атыңызды көрсетіңіз',
  'registration.error.name_invalid':
    'Тек әріптер, бос орын, дефис және апостроф рұқсат етіледі, 100 таңбадан аспауы керек',
  'registration.error.guardian_invalid': 'Нұсқалардың бірін таңдаңыз',
  'registration.error.child_code_prefix':
    '«Балалар» өрісіне ата-анаға арналған кодтар енгізіледі — олар pt әріптерінен басталады.',
  'registration.error.child_code_duplicate': 'Бұл код енгізіліп қойған.',
  'registration.error.child_duplicate': 'Бұл баланың коды енгізіліп қойған.',
  'registration.error.too_many_codes': 'Бір тіркелу кезінде {max} кодтан артық енгізуге болмайды.',
  'registration.error.code_taken_meanwhile':
    'Сіз форманы толтырып жатқанда кодтардың бірі пайдаланылды. Кодтарды тексеріңіз немесе мектептегі электрондық журнал кураторына хабарласыңыз.',

  'registration.flow_gone':
    'Тіркелу табылмады: ол басқа браузерде басталған немесе аяқталған болуы мүмкін. Шақыру кодын қайта енгізіңіз.',
  'registration.flow_expired': 'Тіркелуге берілген уақыт аяқталды. Шақыру кодын қайта енгізіңіз.',
  'registration.code_no_longer_valid':
    'Шақыру коды енді жарамсыз: ол пайдаланылған, жаңасымен ауыстырылған немесе мерзімі өткен. Мектептегі электрондық журнал кураторына хабарласыңыз.',

  'registration.done': 'Жүйеде тіркелу сәтті аяқталды.',
  'registration.your_login': 'Сіздің логиніңіз:',
  'registration.sign_in_lead': 'Журналға логин мен құпиясөз арқылы кіріңіз.',
  'registration.sign_in': 'Журналға кіру',
  'registration.confirm_email_note':
    'Жүйеге кірген соң электрондық поштаңызды растаңыз: оған растау хаты жіберіледі. Поштаны растамасаңыз, логин мен құпиясөзді жоғалтқан жағдайда қолжетімділікті өз бетінше қалпына келтіру мүмкіндігі болмайды.',
  'registration.no_email_note':
    'Сіз электрондық поштаны көрсетпедіңіз. Жүйеге кірген соң оны көрсетіп, растаңыз: расталған поштасыз қолжетімділікті өз бетінше қалпына келтіру мүмкін емес, тек мектептегі журнал кураторы көмектесе алады.',
  'registration.children_linked': 'Балалардың күнделіктеріне қолжетімділік: {names}.',
  'registration.login_available': 'Логин бос',
  'registration.login_checks.throttled': 'Логин тым көп тексерілді. {minutes} минуттан кейін қайталаңыз.',
  'registration.login_checks.flow_spent':
    'Бұл тіркелуде логин тым көп тексерілді. Шақыру кодын қайта енгізіңіз.',
} as const satisfies Record<RegistrationKey, string>;

export const REGISTRATION_CATALOGUES: Readonly<Record<Locale, Readonly<Record<RegistrationKey, string>>>> = {
  ru,
  en,
  kk,
};

/** A translator that knows the `registration.*` keys as well as the main catalogue's. */
export type RegistrationTranslate = (key: RegistrationKey | MessageKey, params?: MessageParams) => string;

export function isRegistrationKey(key: string): key is RegistrationKey {
  return Object.hasOwn(ru, key);
}

function fill(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole: string, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The request's translator, extended with the `registration.*` keys of its locale. */
export function registrationTranslator(request: FastifyRequest): RegistrationTranslate {
  const catalogue = REGISTRATION_CATALOGUES[request.locale];
  const fallback = request.t;
  return (key, params) => (isRegistrationKey(key) ? fill(catalogue[key], params) : fallback(key, params));
}
