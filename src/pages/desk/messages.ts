/**
 * Messages of the curator desk («рабочее место куратора») in the three catalogue languages, and a
 * translator for its pages.
 *
 * Rules: every key starts with `desk.`; Russian is the reference and English and Kazakh must have
 * the same keys (the compiler checks) and the same `{placeholders}` (the test checks). The
 * invitation and credential sheets follow the wording of the help articles word for word
 * («Родителям (6А)», «Приветствуем вас!», «Для начала работы в системе необходимо
 * зарегистрироваться.», «Ваш приглашительный код:», «Ваш логин для входа», «Временный пароль»).
 *
 * Until these objects are spread into `core/i18n/catalogue.*.ts`, `deskTranslator` looks `desk.*`
 * keys up here and hands every other key to the request's own translator; once merged it keeps
 * working unchanged.
 */
import type { FastifyRequest } from 'fastify';
import type { Locale, MessageKey, MessageParams, Translate } from '../../core/i18n/i18n.js';

export const ru = {
  'desk.title': 'Рабочее место куратора',
  'desk.lead':
    'Классы и люди вашей организации: логины, подтверждены ли контакты, приглашительные коды и временные пароли.',
  'desk.organisations': 'Ваши организации',
  'desk.your_role': 'Ваша роль: {roles}',
  'desk.forbidden':
    'Рабочее место куратора доступно только администраторам и кураторам образовательной организации. Службе технической поддержки данные пользователей не доступны.',
  'desk.not_found': 'Организация не найдена среди тех, где вы администратор или куратор.',
  'desk.person_not_found': 'Такого человека нет в этой организации.',
  'desk.class_not_found': 'Такого класса нет в этой организации.',
  'desk.codes_once':
    'Приглашительный код показывается только один раз — при выдаче. Повторная печать выдаёт новый код, а прежний перестаёт действовать.',
  'desk.students': 'Ученики',
  'desk.no_students': 'В классе пока нет учеников.',
  'desk.unassigned': 'Ученики без класса',
  'desk.staff': 'Сотрудники',
  'desk.no_staff': 'Сотрудники пока не указаны.',
  'desk.col.name': 'ФИО',
  'desk.col.login': 'Логин',
  'desk.col.email': 'Эл. почта',
  'desk.col.phone': 'Телефон',
  'desk.col.role': 'Роль',
  'desk.col.actions': 'Действия',
  'desk.not_registered': 'не зарегистрирован',
  'desk.email_confirmed': 'подтверждена',
  'desk.email_not_confirmed': 'не подтверждена',
  'desk.phone_confirmed': 'подтверждён',
  'desk.phone_not_confirmed': 'не подтверждён',
  'desk.blocked': 'заблокирован',
  'desk.parent': 'родитель',
  'desk.code_active': 'выдан код {prefix}',
  'desk.issue_code': 'Выдать код',
  'desk.issue_parent_code': 'Код для родителей',
  'desk.issue_password': 'Выдать временный пароль',
  'desk.password_by_operator': 'пароль меняет оператор системы',
  'desk.print_class': 'Печать приглашений для класса',
  'desk.print_for': 'Кому',
  'desk.print_for.st': 'ученикам',
  'desk.print_for.pt': 'родителям',
  'desk.create_profile': 'Создать профиль',
  'desk.back_to_org': 'К списку классов',
  'desk.back_to_desk': 'Мои организации',

  'desk.for.student': 'Ученику ({class})',
  'desk.for.student_no_class': 'Ученику',
  'desk.for.parents': 'Родителям ({class})',
  'desk.for.parents_no_class': 'Родителям',
  'desk.for.parent': 'Родителю',
  'desk.for.staff': 'Сотруднику',
  'desk.invitation.greeting': 'Приветствуем вас!',
  'desk.invitation.register': 'Для начала работы в системе необходимо зарегистрироваться.',
  'desk.invitation.address': 'Адрес для регистрации:',
  'desk.invitation.code': 'Ваш приглашительный код:',
  'desk.invitation.valid_until': 'Код действует до {date}.',

  'desk.print.title': 'Приглашения',
  'desk.print.title_class': 'Приглашения для класса {class}: {whom}',
  'desk.print.issued': 'Выдано новых кодов: {count}, действуют до {date}.',
  'desk.print.voided': 'Прежних кодов отменено: {count}.',
  'desk.print.once':
    'Коды показаны только на этой странице и только один раз. Напечатайте приглашения сейчас. Если напечатать снова, будут выданы новые коды, а эти перестанут действовать.',
  'desk.print.button': 'Печать',
  'desk.print.how': 'нажмите Ctrl+P (на Mac — ⌘+P). Каждое приглашение печатается на отдельной странице.',
  'desk.print.skipped': 'Уже зарегистрированы, код не выдан: {names}.',
  'desk.print.nobody': 'Коды не выданы: в классе нет учеников, которым они нужны.',

  'desk.credentials.title': 'Данные для входа',
  'desk.credentials.address': 'Адрес для входа:',
  'desk.credentials.login': 'Ваш логин для входа:',
  'desk.credentials.password': 'Временный пароль:',
  'desk.credentials.change': 'При первом входе система попросит сменить пароль.',
  'desk.credentials.once':
    'Временный пароль показан только один раз. Напечатайте или перепишите его сейчас; если он потеряется, выдайте новый.',
  'desk.credentials.created': 'Профиль {login} создан.',
  'desk.credentials.reset': 'Выдан новый временный пароль для {login}. Завершено сеансов: {count}.',

  'desk.form.title': 'Создать профиль',
  'desk.form.lead':
    'Профиль получит логин, который вы укажете, и временный пароль. При первом входе человек сменит пароль на свой.',
  'desk.form.last_name': 'Фамилия',
  'desk.form.first_name': 'Имя',
  'desk.form.middle_name': 'Отчество',
  'desk.form.birth_date': 'Дата рождения',
  'desk.form.birth_date_hint': 'ДД.ММ.ГГГГ, например 14.05.2009',
  'desk.form.login': 'Логин',
  'desk.form.login_hint': 'Латинские или русские буквы (не вперемешку), цифры и знаки . _ - @',
  'desk.form.role': 'Роль',
  'desk.form.class': 'Класс',
  'desk.form.class_hint': 'Для ученика — обязательно, для учителя — класс, где он классный руководитель.',
  'desk.form.no_class': '— без класса —',
  'desk.form.child': 'Ребёнок',
  'desk.form.child_hint': 'Для родителя: ученик этой организации, чьим родителем он является.',
  'desk.form.choose': '— выберите —',
  'desk.form.submit': 'Создать профиль',
  'desk.role.student': 'Ученик',
  'desk.role.parent': 'Родитель',
  'desk.role.teacher': 'Учитель',
  'desk.role.staff': 'Сотрудник',

  'desk.error.form': 'Профиль не создан: исправьте ошибки в форме.',
  'desk.error.last_name_required': 'Укажите фамилию',
  'desk.error.first_name_required': 'Укажите имя',
  'desk.error.name_too_long': 'Не длиннее 100 символов',
  'desk.error.birth_date_format': 'Укажите дату в виде ДД.ММ.ГГГГ, например 14.05.2009',
  'desk.error.birth_date_future': 'Дата рождения не может быть в будущем',
  'desk.error.role_invalid': 'Выберите роль из списка',
  'desk.error.class_required': 'Выберите класс ученика',
  'desk.error.class_unknown': 'Такого класса нет в этой организации',
  'desk.error.child_required': 'Выберите ребёнка',
  'desk.error.child_unknown': 'Такого ученика нет в этой организации',
  'desk.error.prefix_invalid': 'Неизвестный вид приглашительного кода.',
  'desk.error.not_student': 'Коды «st» и «pt» выдаются только на имя ученика этой организации.',
  'desk.error.not_teacher': 'Код «tr» выдаётся только учителю.',
  'desk.error.not_staff': 'Код «ar» выдаётся только сотруднику или администратору.',
  'desk.error.already_registered':
    'Этот человек уже зарегистрирован, приглашительный код ему не нужен. Если он не может войти, выдайте временный пароль.',
  'desk.error.not_registered': 'Этот человек ещё не зарегистрирован: выдайте ему приглашительный код.',
  'desk.error.blocked': 'Учётная запись заблокирована.',
  'desk.error.privileged':
    'Пароль администратора, куратора или сотрудника поддержки на рабочем месте куратора не меняется. Обратитесь к оператору системы.',
  'desk.error.self': 'Свой пароль вы меняете в настройках.',
} as const;

export type DeskKey = keyof typeof ru;

export const en = {
  'desk.title': 'Curator desk',
  'desk.lead':
    'Classes and people of your organisation: logins, whether contacts are confirmed, invitation codes and temporary passwords.',
  'desk.organisations': 'Your organisations',
  'desk.your_role': 'Your role: {roles}',
  'desk.forbidden':
    'The curator desk is open only to administrators and curators of an educational organisation. Support staff have no access to users’ data.',
  'desk.not_found': 'No such organisation among those where you are an administrator or curator.',
  'desk.person_not_found': 'There is no such person in this organisation.',
  'desk.class_not_found': 'There is no such class in this organisation.',
  'desk.codes_once':
    'An invitation code is shown only once, when it is issued. Printing again issues a new code and the previous one stops working.',
  'desk.students': 'Students',
  'desk.no_students': 'No students in this class yet.',
  'desk.unassigned': 'Students without a class',
  'desk.staff': 'Staff',
  'desk.no_staff': 'No staff listed yet.',
  'desk.col.name': 'Full name',
  'desk.col.login': 'Login',
  'desk.col.email': 'Email',
  'desk.col.phone': 'Phone',
  'desk.col.role': 'Role',
  'desk.col.actions': 'Actions',
  'desk.not_registered': 'not registered',
  'desk.email_confirmed': 'confirmed',
  'desk.email_not_confirmed': 'not confirmed',
  'desk.phone_confirmed': 'confirmed',
  'desk.phone_not_confirmed': 'not confirmed',
  'desk.blocked': 'blocked',
  'desk.parent': 'parent',
  'desk.code_active': 'code {prefix} issued',
  'desk.issue_code': 'Issue a code',
  'desk.issue_parent_code': 'Code for parents',
  'desk.issue_password': 'Issue a temporary password',
  'desk.password_by_operator': 'the system operator changes this password',
  'desk.print_class': 'Print invitations for the class',
  'desk.print_for': 'For',
  'desk.print_for.st': 'students',
  'desk.print_for.pt': 'parents',
  'desk.create_profile': 'Create a profile',
  'desk.back_to_org': 'Back to the classes',
  'desk.back_to_desk': 'My organisations',

  'desk.for.student': 'To the student ({class})',
  'desk.for.student_no_class': 'To the student',
  'desk.for.parents': 'To the parents ({class})',
  'desk.for.parents_no_class': 'To the parents',
  'desk.for.parent': 'To the parent',
  'desk.for.staff': 'To the staff member',
  'desk.invitation.greeting': 'Welcome!',
  'desk.invitation.register': 'To start using the system, you need to register.',
  'desk.invitation.address': 'Registration address:',
  'desk.invitation.code': 'Your invitation code:',
  'desk.invitation.valid_until': 'The code is valid until {date}.',

  'desk.print.title': 'Invitations',
  'desk.print.title_class': 'Invitations for class {class}: {whom}',
  'desk.print.issued': 'New codes issued: {count}, valid until {date}.',
  'desk.print.voided': 'Previous codes cancelled: {count}.',
  'desk.print.once':
    'The codes are shown only on this page and only once. Print the invitations now. Printing again issues new codes and these stop working.',
  'desk.print.button': 'Print',
  'desk.print.how': 'press Ctrl+P (⌘+P on a Mac). Each invitation is printed on its own page.',
  'desk.print.skipped': 'Already registered, no code issued: {names}.',
  'desk.print.nobody': 'No codes issued: no student of the class needs one.',

  'desk.credentials.title': 'Sign-in details',
  'desk.credentials.address': 'Sign-in address:',
  'desk.credentials.login': 'Your login:',
  'desk.credentials.password': 'Temporary password:',
  'desk.credentials.change': 'At the first sign-in the system will ask you to change the password.',
  'desk.credentials.once':
    'The temporary password is shown only once. Print it or write it down now; if it is lost, issue a new one.',
  'desk.credentials.created': 'Profile {login} created.',
  'desk.credentials.reset': 'A new temporary password was issued for {login}. Sessions ended: {count}.',

  'desk.form.title': 'Create a profile',
  'desk.form.lead':
    'The profile gets the login you enter and a temporary password. At the first sign-in the person changes the password to their own.',
  'desk.form.last_name': 'Last name',
  'desk.form.first_name': 'First name',
  'desk.form.middle_name': 'Patronymic',
  'desk.form.birth_date': 'Date of birth',
  'desk.form.birth_date_hint': 'DD.MM.YYYY, for example 14.05.2009',
  'desk.form.login': 'Login',
  'desk.form.login_hint': 'Latin or Cyrillic letters (not mixed), digits and the characters . _ - @',
  'desk.form.role': 'Role',
  'desk.form.class': 'Class',
  'desk.form.class_hint': 'Required for a student; for a teacher, the class they are the form teacher of.',
  'desk.form.no_class': '— no class —',
  'desk.form.child': 'Child',
  'desk.form.child_hint': 'For a parent: the student of this organisation whose parent they are.',
  'desk.form.choose': '— choose —',
  'desk.form.submit': 'Create the profile',
  'desk.role.student': 'Student',
  'desk.role.parent': 'Parent',
  'desk.role.teacher': 'Teacher',
  'desk.role.staff': 'Staff member',

  'desk.error.form': 'The profile was not created: correct the errors in the form.',
  'desk.error.last_name_required': 'Enter the last name',
  'desk.error.first_name_required': 'Enter the first name',
  'desk.error.name_too_long': 'At most 100 characters',
  'desk.error.birth_date_format': 'Enter the date as DD.MM.YYYY, for example 14.05.2009',
  'desk.error.birth_date_future': 'The date of birth cannot be in the future',
  'desk.error.role_invalid': 'Choose a role from the list',
  'desk.error.class_required': 'Choose the student’s class',
  'desk.error.class_unknown': 'There is no such class in this organisation',
  'desk.error.child_required': 'Choose the child',
  'desk.error.child_unknown': 'There is no such student in this organisation',
  'desk.error.prefix_invalid': 'Unknown kind of invitation code.',
  'desk.error.not_student':
    'Codes “st” and “pt” are issued only in the name of a student of this organisation.',
  'desk.error.not_teacher': 'A “tr” code is issued only to a teacher.',
  'desk.error.not_staff': 'An “ar” code is issued only to a staff member or administrator.',
  'desk.error.already_registered':
    'This person is already registered and needs no invitation code. If they cannot sign in, issue a temporary password.',
  'desk.error.not_registered': 'This person has not registered yet: issue them an invitation code.',
  'desk.error.blocked': 'The account is blocked.',
  'desk.error.privileged':
    'The password of an administrator, curator or support member is not changed at the curator desk. Contact the system operator.',
  'desk.error.self': 'You change your own password in the settings.',
} as const satisfies Record<DeskKey, string>;

export const kk = {
  'desk.title': 'Куратордың жұмыс орны',
  'desk.lead':
    'Ұйымыңыздың сыныптары мен адамдары: логиндер, байланыс деректерінің расталуы, шақыру кодтары және уақытша құпиясөздер.',
  'desk.organisations': 'Сіздің ұйымдарыңыз',
  'desk.your_role': 'Сіздің рөліңіз: {roles}',
  'desk.forbidden':
    'Куратордың жұмыс орны тек білім беру ұйымының әкімшілері мен кураторларына қолжетімді. Техникалық қолдау қызметіне пайдаланушылардың деректері қолжетімсіз.',
  'desk.not_found': 'Сіз әкімші немесе куратор болып табылатын ұйымдардың арасында мұндай ұйым жоқ.',
  'desk.person_not_found': 'Бұл ұйымда мұндай адам жоқ.',
  'desk.class_not_found': 'Бұл ұйымда мұндай сынып жоқ.',
  'desk.codes_once':
    'Шақыру коды тек бір рет — берілген кезде көрсетіледі. Қайта басып шығарғанда жаңа код беріледі, ал бұрынғысы жарамсыз болады.',
  'desk.students': 'Оқушылар',
  'desk.no_students': 'Сыныпта әзірге оқушылар жоқ.',
  'desk.unassigned': 'Сыныпқа бөлінбеген оқушылар',
  'desk.staff': 'Қызметкерлер',
  'desk.no_staff': 'Қызметкерлер әлі көрсетілмеген.',
  'desk.col.name': 'Аты-жөні',
  'desk.col.login': 'Логин',
  'desk.col.email': 'Эл. пошта',
  'desk.col.phone': 'Телефон нөмірі',
  'desk.col.role': 'Рөлі',
  'desk.col.actions': 'Әрекеттер',
  'desk.not_registered': 'тіркелмеген',
  'desk.email_confirmed': 'расталған',
  'desk.email_not_confirmed': 'расталмаған',
  'desk.phone_confirmed': 'расталған',
  'desk.phone_not_confirmed': 'расталмаған',
  'desk.blocked': 'бұғатталған',
  'desk.parent': 'ата-ана',
  'desk.code_active': '{prefix} коды берілген',
  'desk.issue_code': 'Код беру',
  'desk.issue_parent_code': 'Ата-аналарға код',
  'desk.issue_password': 'Уақытша құпиясөз беру',
  'desk.password_by_operator': 'бұл құпиясөзді жүйе операторы өзгертеді',
  'desk.print_class': 'Сыныпқа шақыруларды басып шығару',
  'desk.print_for': 'Кімге',
  'desk.print_for.st': 'оқушыларға',
  'desk.print_for.pt': 'ата-аналарға',
  'desk.create_profile': 'Профиль құру',
  'desk.back_to_org': 'Сыныптар тізіміне',
  'desk.back_to_desk': 'Менің ұйымдарым',

  'desk.for.student': 'Оқушыға ({class})',
  'desk.for.student_no_class': 'Оқушыға',
  'desk.for.parents': 'Ата-аналарға ({class})',
  'desk.for.parents_no_class': 'Ата-аналарға',
  'desk.for.parent': 'Ата-анаға',
  'desk.for.staff': 'Қызметкерге',
  'desk.invitation.greeting': 'Қош келдіңіз!',
  'desk.invitation.register': 'Жүйеде жұмыс істеуді бастау үшін тіркелу қажет.',
  'desk.invitation.address': 'Тіркелу мекенжайы:',
  'desk.invitation.code': 'Сіздің шақыру кодыңыз:',
  'desk.invitation.valid_until': 'Код {date} дейін жарамды.',

  'desk.print.title': 'Шақырулар',
  'desk.print.title_class': '{class} сыныбына шақырулар: {whom}',
  'desk.print.issued': 'Жаңа кодтар берілді: {count}, {date} дейін жарамды.',
  'desk.print.voided': 'Бұрынғы кодтардың күші жойылды: {count}.',
  'desk.print.once':
    'Кодтар тек осы бетте және тек бір рет көрсетіледі. Шақыруларды қазір басып шығарыңыз. Қайта басып шығарсаңыз, жаңа кодтар беріледі, ал бұлар жарамсыз болады.',
  'desk.print.button': 'Басып шығару',
  'desk.print.how': 'Ctrl+P пернелерін басыңыз (Mac-та — ⌘+P). Әр шақыру жеке бетке басылады.',
  'desk.print.skipped': 'Тіркеліп қойған, код берілмеді: {names}.',
  'desk.print.nobody': 'Кодтар берілмеді: сыныпта код қажет оқушы жоқ.',

  'desk.credentials.title': 'Кіруге арналған деректер',
  'desk.credentials.address': 'Кіру мекенжайы:',
  'desk.credentials.login': 'Кіруге арналған логиніңіз:',
  'desk.credentials.password': 'Уақытша құпиясөз:',
  'desk.credentials.change': 'Алғаш кірген кезде жүйе құпиясөзді өзгертуді сұрайды.',
  'desk.credentials.once':
    'Уақытша құпиясөз тек бір рет көрсетіледі. Оны қазір басып шығарыңыз немесе көшіріп алыңыз; жоғалса, жаңасын беріңіз.',
  'desk.credentials.created': '{login} профилі құрылды.',
  'desk.credentials.reset': '{login} үшін жаңа уақытша құпиясөз берілді. Аяқталған сеанстар: {count}.',

  'desk.form.title': 'Профиль құру',
  'desk.form.lead':
    'Профильге сіз көрсеткен логин және уақытша құпиясөз беріледі. Алғаш кірген кезде адам құпиясөзді өзінікіне ауыстырады.',
  'desk.form.last_name': 'Тегі',
  'desk.form.first_name': 'Аты',
  'desk.form.middle_name': 'Әкесінің аты',
  'desk.form.birth_date': 'Туған күні',
  'desk.form.birth_date_hint': 'КК.АА.ЖЖЖЖ, мысалы 14.05.2009',
  'desk.form.login': 'Логин',
  'desk.form.login_hint': 'Латын немесе кирилл әріптері (аралас емес), цифрлар және . _ - @ таңбалары',
  'desk.form.role': 'Рөлі',
  'desk.form.class': 'Сынып',
  'desk.form.class_hint': 'Оқушы үшін міндетті; мұғалім үшін — ол сынып жетекшісі болып табылатын сынып.',
  'desk.form.no_class': '— сыныпсыз —',
  'desk.form.child': 'Бала',
  'desk.form.child_hint': 'Ата-ана үшін: оның баласы болып табылатын осы ұйымның оқушысы.',
  'desk.form.choose': '— таңдаңыз —',
  'desk.form.submit': 'Профиль құру',
  'desk.role.student': 'Оқушы',
  'desk.role.parent': 'Ата-ана',
  'desk.role.teacher': 'Мұғалім',
  'desk.role.staff': 'Қызметкер',

  'desk.error.form': 'Профиль құрылмады: пішіндегі қателерді түзетіңіз.',
  'desk.error.last_name_required': 'Тегін көрсетіңіз',
  'desk.error.first_name_required': 'Атын көрсетіңіз',
  'desk.error.name_too_long': '100 таңбадан аспауы керек',
  'desk.error.birth_date_format': 'Күнді КК.АА.ЖЖЖЖ түрінде көрсетіңіз, мысалы 14.05.2009',
  'desk.error.birth_date_future': 'Туған күні болашақта болуы мүмкін емес',
  'desk.error.role_invalid': 'Рөлді тізімнен таңдаңыз',
  'desk.error.class_required': 'Оқушының сыныбын таңдаңыз',
  'desk.error.class_unknown': 'Бұл ұйымда мұндай сынып жоқ',
  'desk.error.child_required': 'Баланы таңдаңыз',
  'desk.error.child_unknown': 'Бұл ұйымда мұндай оқушы жоқ',
  'desk.error.prefix_invalid': 'Шақыру кодының белгісіз түрі.',
  'desk.error.not_student': '«st» және «pt» кодтары тек осы ұйым оқушысының атына беріледі.',
  'desk.error.not_teacher': '«tr» коды тек мұғалімге беріледі.',
  'desk.error.not_staff': '«ar» коды тек қызметкерге немесе әкімшіге беріледі.',
  'desk.error.already_registered':
    'Бұл адам тіркеліп қойған, оған шақыру коды қажет емес. Егер ол кіре алмаса, уақытша құпиясөз беріңіз.',
  'desk.error.not_registered': 'Бұл адам әлі тіркелмеген: оған шақыру кодын беріңіз.',
  'desk.error.blocked': 'Тіркелгі бұғатталған.',
  'desk.error.privileged':
    'Әкімшінің, куратордың немесе қолдау қызметкерінің құпиясөзі куратордың жұмыс орнында өзгертілмейді. Жүйе операторына хабарласыңыз.',
  'desk.error.self': 'Өз құпиясөзіңізді баптауларда өзгертесіз.',
} as const satisfies Record<DeskKey, string>;

export const DESK_CATALOGUES: Readonly<Record<Locale, Readonly<Record<DeskKey, string>>>> = { ru, en, kk };

/** A translator that knows the `desk.*` keys as well as the main catalogue's. */
export type DeskTranslate = (key: DeskKey | MessageKey, params?: MessageParams) => string;

export function isDeskKey(key: string): key is DeskKey {
  return Object.hasOwn(ru, key);
}

function fill(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole: string, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** `desk.*` keys from here in `locale`, every other key from `fallback`. */
export function deskTranslatorFor(locale: Locale, fallback: Translate): DeskTranslate {
  const catalogue = DESK_CATALOGUES[locale];
  return (key, params) => (isDeskKey(key) ? fill(catalogue[key], params) : fallback(key, params));
}

export function deskTranslator(request: FastifyRequest): DeskTranslate {
  return deskTranslatorFor(request.locale, request.t);
}
