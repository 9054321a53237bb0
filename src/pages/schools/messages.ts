/**
 * Messages of the public school directory in the three catalogue languages; `src/messages.ts`
 * adds them to the service's catalogue, so `request.t` knows them.
 *
 * Rules: every key starts with `schools.`; Russian is the reference and English and Kazakh must
 * have the same keys (the compiler checks) and the same `{placeholders}` (the test checks).
 * Russian follows the help articles' wording («Администраторы», «Сотрудники класса», «Забыли
 * пароль?», «Восстановите доступ»).
 *
 */

export const ru = {
  'schools.title': 'Найдите свою школу',
  'schools.title_organisation': 'Найдите свою организацию',
  'schools.lead':
    'Укажите номер или название своей школы и регион. На странице школы — вход, восстановление доступа и к кому обратиться за помощью.',
  'schools.region': 'Регион',
  'schools.all_regions': 'Все регионы',
  'schools.query': 'Номер или название школы',
  'schools.query_organisation': 'Название организации',
  'schools.query_hint': 'Например: 1399 или «СОШ № 12»',
  'schools.search': 'Найти',
  'schools.found': 'Найдено: {count}',
  'schools.nothing_found': 'Ничего не найдено. Проверьте номер или название и выбранный регион.',
  'schools.too_many': 'Показаны первые {max}. Уточните запрос или выберите регион.',
  'schools.enter_query': 'Укажите номер или название либо выберите регион.',
  'schools.number': '№ {number}',
  'schools.error.query_too_long': 'Слишком длинный запрос: не более {max} символов.',
  'schools.error.query_invalid': 'Запрос содержит недопустимые символы. Введите номер или название.',
  'schools.error.region_unknown': 'Такого региона нет в списке. Выберите регион из списка.',
  'schools.not_found': 'Школа не найдена. Проверьте адрес или найдите школу через поиск.',
  'schools.back_to_search': 'Найти другую школу',
  'schools.facts.region': 'Регион',
  'schools.facts.number': 'Номер',
  'schools.contacts': 'Контакты',
  'schools.contacts.office': 'Где обратиться',
  'schools.contacts.email': 'Эл. почта',
  'schools.contacts.phone': 'Телефон',
  'schools.admins': 'Администраторы',
  'schools.no_admins': 'Администраторы пока не указаны.',
  'schools.curators': 'Кураторы',
  'schools.classes': 'Классы',
  'schools.class_staff': 'Сотрудники класса',
  'schools.access': 'Вход в систему',
  'schools.login': 'Войти',
  'schools.forgot_password': 'Забыли пароль?',
  'schools.recover_access': 'Восстановите доступ',
  'schools.register': 'Регистрация',
  'schools.register_hint':
    'Для регистрации нужен приглашительный код: его выдаёт куратор электронного журнала в школе.',
  'schools.unconfirmed_note':
    'Если вы не подтвердили email или телефон, обратитесь к администраторам школы или к классному руководителю.',
} as const;

export type SchoolsKey = keyof typeof ru;

export const en = {
  'schools.title': 'Find your school',
  'schools.title_organisation': 'Find your organisation',
  'schools.lead':
    'Enter the number or name of your school and the region. The school page has sign-in, access recovery and whom to ask for help.',
  'schools.region': 'Region',
  'schools.all_regions': 'All regions',
  'schools.query': 'School number or name',
  'schools.query_organisation': 'Organisation name',
  'schools.query_hint': 'For example: 1399 or “School No. 12”',
  'schools.search': 'Search',
  'schools.found': 'Found: {count}',
  'schools.nothing_found': 'Nothing found. Check the number or name and the selected region.',
  'schools.too_many': 'Showing the first {max}. Refine the search or choose a region.',
  'schools.enter_query': 'Enter a number or name, or choose a region.',
  'schools.number': 'No. {number}',
  'schools.error.query_too_long': 'The search text is too long: at most {max} characters.',
  'schools.error.query_invalid':
    'The search text contains characters that are not allowed. Enter a number or name.',
  'schools.error.region_unknown': 'There is no such region in the list. Choose a region from the list.',
  'schools.not_found': 'School not found. Check the address or find the school with the search.',
  'schools.back_to_search': 'Find another school',
  'schools.facts.region': 'Region',
  'schools.facts.number': 'Number',
  'schools.contacts': 'Contacts',
  'schools.contacts.office': 'Where to go',
  'schools.contacts.email': 'Email',
  'schools.contacts.phone': 'Phone',
  'schools.admins': 'Administrators',
  'schools.no_admins': 'No administrators listed yet.',
  'schools.curators': 'Curators',
  'schools.classes': 'Classes',
  'schools.class_staff': 'Class staff',
  'schools.access': 'Signing in',
  'schools.login': 'Sign in',
  'schools.forgot_password': 'Forgot password?',
  'schools.recover_access': 'Recover access',
  'schools.register': 'Registration',
  'schools.register_hint':
    'To register you need an invitation code: the e-journal curator at your school issues it.',
  'schools.unconfirmed_note':
    'If you have not confirmed your email or phone, contact the school administrators or your class teacher.',
} as const satisfies Record<SchoolsKey, string>;

export const kk = {
  'schools.title': 'Мектебіңізді табыңыз',
  'schools.title_organisation': 'Ұйымыңызды табыңыз',
  'schools.lead':
    'Мектебіңіздің нөмірін немесе атауын және өңірді көрсетіңіз. Мектеп бетінде — жүйеге кіру, қолжетімділікті қалпына келтіру және көмек сұрайтын адамдар.',
  'schools.region': 'Өңір',
  'schools.all_regions': 'Барлық өңірлер',
  'schools.query': 'Мектептің нөмірі немесе атауы',
  'schools.query_organisation': 'Ұйымның атауы',
  'schools.query_hint': 'Мысалы: 1399 немесе «№ 12 ЖОББМ»',
  'schools.search': 'Іздеу',
  'schools.found': 'Табылды: {count}',
  'schools.nothing_found': 'Ештеңе табылмады. Нөмірді немесе атауды және таңдалған өңірді тексеріңіз.',
  'schools.too_many': 'Алғашқы {max} нәтиже көрсетілді. Сұрауды нақтылаңыз немесе өңірді таңдаңыз.',
  'schools.enter_query': 'Нөмірді немесе атауды көрсетіңіз не өңірді таңдаңыз.',
  'schools.number': '№ {number}',
  'schools.error.query_too_long': 'Сұрау тым ұзын: {max} таңбадан аспауы керек.',
  'schools.error.query_invalid': 'Сұрауда рұқсат етілмеген таңбалар бар. Нөмірді немесе атауды енгізіңіз.',
  'schools.error.region_unknown': 'Тізімде мұндай өңір жоқ. Өңірді тізімнен таңдаңыз.',
  'schools.not_found': 'Мектеп табылмады. Мекенжайды тексеріңіз немесе мектепті іздеу арқылы табыңыз.',
  'schools.back_to_search': 'Басқа мектепті табу',
  'schools.facts.region': 'Өңір',
  'schools.facts.number': 'Нөмірі',
  'schools.contacts': 'Байланыс',
  'schools.contacts.office': 'Қайда жүгіну керек',
  'schools.contacts.email': 'Эл. пошта',
  'schools.contacts.phone': 'Телефон нөмірі',
  'schools.admins': 'Әкімшілер',
  'schools.no_admins': 'Әкімшілер әлі көрсетілмеген.',
  'schools.curators': 'Кураторлар',
  'schools.classes': 'Сыныптар',
  'schools.class_staff': 'Сынып қызметкерлері',
  'schools.access': 'Жүйеге кіру',
  'schools.login': 'Кіру',
  'schools.forgot_password': 'Құпиясөзді ұмыттыңыз ба?',
  'schools.recover_access': 'Қолжетімділікті қалпына келтіріңіз',
  'schools.register': 'Тіркелу',
  'schools.register_hint':
    'Тіркелу үшін шақыру коды қажет: оны мектептегі электрондық журнал кураторы береді.',
  'schools.unconfirmed_note':
    'Егер email немесе телефонды растамаған болсаңыз, мектеп әкімшілеріне немесе сынып жетекшісіне хабарласыңыз.',
} as const satisfies Record<SchoolsKey, string>;
