/**
 * Messages of the first sign-in after registration («Обновление информации о пользователе»,
 * article 003) in the three catalogue languages; the form's own labels are core's `contacts.*`.
 * Russian keeps the article's wording; «журнал» becomes «система», since every realm shows it.
 */

export const ru = {
  'welcome.sent': 'На почту {email} отправлено письмо для подтверждения. Перейдите по ссылке из письма.',
  'welcome.no_email':
    'Вы не указали адрес электронной почты. Без подтверждённой почты вам не будет доступна возможность самостоятельного восстановления доступа в случае утери логина и пароля.',
  'welcome.confirmed': 'Адрес {email} уже подтверждён. Ничего делать не нужно.',
  'welcome.other_address': 'Если адрес указан неверно, введите правильный и нажмите «Сохранить».',
  'welcome.spam':
    'Письмо также может прийти на почту в течение получаса, если его не окажется в папке «Входящие», нужно проверить папку «Спам».',
  'welcome.go_on':
    'Вы можете войти в систему и просматривать информацию до получения письма. Для этого достаточно перейти в любой из разделов:',
  'welcome.sections': 'Разделы',
  'welcome.profile': 'Мой профиль',
  'welcome.settings': 'Настройки',
} as const;

export type WelcomeKey = keyof typeof ru;

export const en = {
  'welcome.sent': 'A confirmation letter has been sent to {email}. Follow the link in the letter.',
  'welcome.no_email':
    'You have not given an email address. Without a confirmed email you will not be able to recover access by yourself if you lose your login and password.',
  'welcome.confirmed': 'The address {email} is already confirmed. Nothing to do.',
  'welcome.other_address': 'If the address is wrong, enter the right one and press “Save”.',
  'welcome.spam':
    'The letter may also take up to half an hour; if it is not in your Inbox, check the Spam folder.',
  'welcome.go_on':
    'You can sign in and view information before the letter arrives. Just go to any of the sections:',
  'welcome.sections': 'Sections',
  'welcome.profile': 'My profile',
  'welcome.settings': 'Settings',
} as const satisfies Record<WelcomeKey, string>;

export const kk = {
  'welcome.sent': 'Растау хаты {email} поштасына жіберілді. Хаттағы сілтеме бойынша өтіңіз.',
  'welcome.no_email':
    'Сіз электрондық пошта мекенжайын көрсетпедіңіз. Расталған поштасыз логин мен құпиясөзді жоғалтқанда қолжетімділікті өз бетіңізше қалпына келтіре алмайсыз.',
  'welcome.confirmed': '{email} мекенжайы расталған. Ештеңе істеудің қажеті жоқ.',
  'welcome.other_address': 'Мекенжай қате болса, дұрысын енгізіп, «Сақтау» түймесін басыңыз.',
  'welcome.spam':
    'Хат жарты сағат ішінде келуі мүмкін; «Кіріс» қалтасында болмаса, «Спам» қалтасын тексеріңіз.',
  'welcome.go_on':
    'Хат келгенге дейін жүйеге кіріп, ақпаратты қарай аласыз. Ол үшін кез келген бөлімге өтіңіз:',
  'welcome.sections': 'Бөлімдер',
  'welcome.profile': 'Менің профилім',
  'welcome.settings': 'Баптаулар',
} as const satisfies Record<WelcomeKey, string>;
