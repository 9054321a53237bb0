/**
 * What the OpenID Connect provider says to a person, in the three catalogue languages: its error
 * page, the consent page (what an application receives, in plain words), the logout question,
 * and «Приложения с доступом». Keys start with `oidc.` or `apps.`; Russian is the reference.
 */

export const ru = {
  'oidc.error.title': 'Не удалось войти через Пропуск',
  'oidc.error.unknown_client':
    'Приложение, из которого вы пришли, не зарегистрировано в этой системе. Вернитесь в приложение и сообщите в его поддержку.',
  'oidc.error.redirect_uri':
    'Приложение указало адрес возврата, который для него не зарегистрирован, поэтому вход остановлен. Сообщите в поддержку приложения.',
  'oidc.error.invalid_request':
    'Приложение прислало неверный запрос на вход. Вернитесь в приложение и попробуйте ещё раз.',
  'oidc.error.expired':
    'Запрос на вход устарел или был прерван. Вернитесь в приложение и начните вход заново.',
  'oidc.error.access_denied': 'Вход в приложение отменён.',
  'oidc.error.server': 'Не удалось завершить вход. Попробуйте ещё раз позже.',
  'oidc.error.code': 'Код ошибки для поддержки: {code}',
  'oidc.error.to_signin': 'Перейти ко входу',

  'oidc.logout.title': 'Выйти из {product}?',
  'oidc.logout.asked_by':
    'Приложение «{client}» просит завершить ваш сеанс. Если выйти, вы выйдете и из других приложений, в которые вошли через Пропуск.',
  'oidc.logout.asked':
    'Приложение просит завершить ваш сеанс. Если выйти, вы выйдете и из других приложений, в которые вошли через Пропуск.',
  'oidc.logout.yes': 'Да, выйти',
  'oidc.logout.no': 'Нет, остаться',
  'oidc.logout.done_title': 'Вы вышли',
  'oidc.logout.done_client': 'Вы вышли из приложения «{client}».',
  'oidc.logout.done': 'Сеанс завершён.',
  'oidc.logout.sign_in_again': 'Войти снова',

  'oidc.continue.title': 'Продолжаем вход',
  'oidc.continue.lead': 'Возвращаем вас в приложение «{client}».',
  'oidc.continue.button': 'Продолжить',

  'oidc.consent.title': 'Приложение «{client}» просит доступ',
  'oidc.consent.lead': 'Вы вошли как {name}. Если разрешить, приложение «{client}» получит:',
  'oidc.consent.already': 'Уже разрешено раньше:',
  'oidc.consent.allow': 'Разрешить',
  'oidc.consent.deny': 'Отказать',
  'oidc.consent.note': 'Доступ можно отозвать в любой момент: «Настройки» → «Приложения с доступом».',
  'oidc.consent.claims': 'Отдельные сведения: {claims}',
  'oidc.scope.openid': 'Ваш номер в системе «{product}» — без имени и контактов',
  'oidc.scope.profile': 'Фамилия, имя, отчество, дата рождения и пол',
  'oidc.scope.email': 'Адрес электронной почты и подтверждён ли он',
  'oidc.scope.phone': 'Номер телефона и подтверждён ли он',
  'oidc.scope.school': 'Ваши школы и классы, ваша роль в каждой; родителю — его дети, их школы и классы',
  'oidc.scope.snils': 'СНИЛС',
  'oidc.scope.iin': 'ИИН',
  'oidc.scope.offline_access': 'Эти сведения и тогда, когда вы не в сети, — пока вы не отзовёте доступ',

  'apps.title': 'Приложения с доступом',
  'apps.settings_link': 'Приложения с доступом',
  'apps.lead':
    'Приложения, которые получили ваши данные при входе через «{product}». Если вы больше не пользуетесь приложением, отзовите доступ: оно перестанет получать сведения о вас, а при следующем входе снова спросит разрешение.',
  'apps.none': 'Пока ни одно приложение не получало ваших данных.',
  'apps.granted': 'Разрешено {date}',
  'apps.receives': 'Получает:',
  'apps.revoke': 'Отозвать доступ',
  'apps.revoked': 'Доступ приложения «{client}» отозван.',
  'apps.not_found': 'Такого приложения в списке нет — возможно, доступ уже отозван.',
  'apps.first_party': 'Приложение самой системы «{product}»',
  'apps.unknown_client': 'Удалённое приложение',
  'apps.back': 'Назад к настройкам',
  'oidc.demo_applications': 'Демо-приложения',
  'oidc.demo_applications_lead':
    'Электронный журнал и портфолио, которые входят через Пропуск (OpenID Connect): войдите в одно — второе откроется без пароля.',
} as const;

export type OidcKey = keyof typeof ru;

export const en = {
  'oidc.error.title': 'Signing in through Propusk failed',
  'oidc.error.unknown_client':
    'The application you came from is not registered here. Go back to the application and tell its support.',
  'oidc.error.redirect_uri':
    'The application gave a return address that is not registered for it, so signing in was stopped. Tell the application’s support.',
  'oidc.error.invalid_request':
    'The application sent an invalid sign-in request. Go back to the application and try again.',
  'oidc.error.expired':
    'The sign-in request has expired or was interrupted. Go back to the application and start signing in again.',
  'oidc.error.access_denied': 'Signing in to the application was cancelled.',
  'oidc.error.server': 'Signing in could not be completed. Please try again later.',
  'oidc.error.code': 'Error code for support: {code}',
  'oidc.error.to_signin': 'Go to sign-in',

  'oidc.logout.title': 'Sign out of {product}?',
  'oidc.logout.asked_by':
    'The application “{client}” asks to end your session. If you sign out, you also leave the other applications you signed in to through Propusk.',
  'oidc.logout.asked':
    'An application asks to end your session. If you sign out, you also leave the other applications you signed in to through Propusk.',
  'oidc.logout.yes': 'Yes, sign out',
  'oidc.logout.no': 'No, stay signed in',
  'oidc.logout.done_title': 'You have signed out',
  'oidc.logout.done_client': 'You have signed out of “{client}”.',
  'oidc.logout.done': 'The session has ended.',
  'oidc.logout.sign_in_again': 'Sign in again',

  'oidc.continue.title': 'Continuing to sign in',
  'oidc.continue.lead': 'Taking you back to “{client}”.',
  'oidc.continue.button': 'Continue',

  'oidc.consent.title': '“{client}” asks for access',
  'oidc.consent.lead': 'You are signed in as {name}. If you allow it, “{client}” will receive:',
  'oidc.consent.already': 'Already allowed before:',
  'oidc.consent.allow': 'Allow',
  'oidc.consent.deny': 'Deny',
  'oidc.consent.note': 'You can revoke access at any time: “Settings” → “Applications with access”.',
  'oidc.consent.claims': 'Individual details: {claims}',
  'oidc.scope.openid': 'Your number in “{product}” — without your name or contacts',
  'oidc.scope.profile': 'Last name, first name, patronymic, date of birth and gender',
  'oidc.scope.email': 'Your email address and whether it is confirmed',
  'oidc.scope.phone': 'Your phone number and whether it is confirmed',
  'oidc.scope.school':
    'Your schools and classes and your role in each; for a parent, the children with their schools and classes',
  'oidc.scope.snils': 'SNILS (Russian insurance number)',
  'oidc.scope.iin': 'IIN (Kazakh individual identification number)',
  'oidc.scope.offline_access': 'These details even while you are offline — until you revoke access',

  'apps.title': 'Applications with access',
  'apps.settings_link': 'Applications with access',
  'apps.lead':
    'Applications that received your data when you signed in through “{product}”. If you no longer use an application, revoke its access: it stops receiving your details and asks for permission again next time.',
  'apps.none': 'No application has received your data yet.',
  'apps.granted': 'Allowed on {date}',
  'apps.receives': 'Receives:',
  'apps.revoke': 'Revoke access',
  'apps.revoked': 'Access of “{client}” has been revoked.',
  'apps.not_found': 'There is no such application in the list — its access may already be revoked.',
  'apps.first_party': 'An application of “{product}” itself',
  'apps.unknown_client': 'A removed application',
  'apps.back': 'Back to settings',
  'oidc.demo_applications': 'Demo applications',
  'oidc.demo_applications_lead':
    'An e-journal and a portfolio that sign in through Propusk (OpenID Connect): sign in to one and the other opens without a password.',
} as const satisfies Record<OidcKey, string>;

export const kk = {
  'oidc.error.title': 'Пропуск арқылы кіру мүмкін болмады',
  'oidc.error.unknown_client':
    'Сіз келген қолданба бұл жүйеде тіркелмеген. Қолданбаға оралып, оның қолдау қызметіне хабарлаңыз.',
  'oidc.error.redirect_uri':
    'Қолданба өзі үшін тіркелмеген қайту мекенжайын көрсетті, сондықтан кіру тоқтатылды. Қолданбаның қолдау қызметіне хабарлаңыз.',
  'oidc.error.invalid_request': 'Қолданба кіруге қате сұрау жіберді. Қолданбаға оралып, қайталап көріңіз.',
  'oidc.error.expired':
    'Кіру сұрауының мерзімі өтті немесе ол үзілді. Қолданбаға оралып, кіруді қайта бастаңыз.',
  'oidc.error.access_denied': 'Қолданбаға кіру тоқтатылды.',
  'oidc.error.server': 'Кіруді аяқтау мүмкін болмады. Кейінірек қайталап көріңіз.',
  'oidc.error.code': 'Қолдау қызметіне арналған қате коды: {code}',
  'oidc.error.to_signin': 'Кіруге өту',

  'oidc.logout.title': '{product} жүйесінен шығасыз ба?',
  'oidc.logout.asked_by':
    '«{client}» қолданбасы сеансыңызды аяқтауды сұрап отыр. Шықсаңыз, Пропуск арқылы кірген басқа қолданбалардан да шығасыз.',
  'oidc.logout.asked':
    'Қолданба сеансыңызды аяқтауды сұрап отыр. Шықсаңыз, Пропуск арқылы кірген басқа қолданбалардан да шығасыз.',
  'oidc.logout.yes': 'Иә, шығу',
  'oidc.logout.no': 'Жоқ, қалу',
  'oidc.logout.done_title': 'Сіз шықтыңыз',
  'oidc.logout.done_client': 'Сіз «{client}» қолданбасынан шықтыңыз.',
  'oidc.logout.done': 'Сеанс аяқталды.',
  'oidc.logout.sign_in_again': 'Қайта кіру',

  'oidc.continue.title': 'Кіруді жалғастырамыз',
  'oidc.continue.lead': 'Сізді «{client}» қолданбасына қайтарамыз.',
  'oidc.continue.button': 'Жалғастыру',

  'oidc.consent.title': '«{client}» қолданбасы рұқсат сұрайды',
  'oidc.consent.lead': 'Сіз {name} ретінде кірдіңіз. Рұқсат етсеңіз, «{client}» қолданбасы мыналарды алады:',
  'oidc.consent.already': 'Бұрын рұқсат етілген:',
  'oidc.consent.allow': 'Рұқсат ету',
  'oidc.consent.deny': 'Бас тарту',
  'oidc.consent.note':
    'Рұқсатты кез келген уақытта қайтарып алуға болады: «Баптаулар» → «Рұқсаты бар қолданбалар».',
  'oidc.consent.claims': 'Жекелеген мәліметтер: {claims}',
  'oidc.scope.openid': '«{product}» жүйесіндегі нөміріңіз — атыңыз бен байланыстарыңызсыз',
  'oidc.scope.profile': 'Тегі, аты, әкесінің аты, туған күні және жынысы',
  'oidc.scope.email': 'Электрондық пошта мекенжайы және оның расталғаны',
  'oidc.scope.phone': 'Телефон нөмірі және оның расталғаны',
  'oidc.scope.school':
    'Мектептеріңіз бен сыныптарыңыз, әрқайсысындағы рөліңіз; ата-анаға — балалары, олардың мектептері мен сыныптары',
  'oidc.scope.snils': 'СНИЛС нөмірі (Ресейдің сақтандыру нөмірі)',
  'oidc.scope.iin': 'ЖСН (жеке сәйкестендіру нөмірі)',
  'oidc.scope.offline_access': 'Желіде болмасаңыз да осы мәліметтер — рұқсатты қайтарып алғанша',

  'apps.title': 'Рұқсаты бар қолданбалар',
  'apps.settings_link': 'Рұқсаты бар қолданбалар',
  'apps.lead':
    '«{product}» арқылы кіргенде деректеріңізді алған қолданбалар. Қолданбаны енді пайдаланбасаңыз, рұқсатты қайтарып алыңыз: ол сіз туралы мәлімет алмайды, ал келесі жолы рұқсатты қайта сұрайды.',
  'apps.none': 'Әзірге бірде-бір қолданба деректеріңізді алған жоқ.',
  'apps.granted': 'Рұқсат етілді: {date}',
  'apps.receives': 'Алады:',
  'apps.revoke': 'Рұқсатты қайтарып алу',
  'apps.revoked': '«{client}» қолданбасының рұқсаты қайтарып алынды.',
  'apps.not_found': 'Тізімде мұндай қолданба жоқ — рұқсат бұрын қайтарылған болуы мүмкін.',
  'apps.first_party': '«{product}» жүйесінің өз қолданбасы',
  'apps.unknown_client': 'Жойылған қолданба',
  'apps.back': 'Баптауларға оралу',
  'oidc.demo_applications': 'Демо-қолданбалар',
  'oidc.demo_applications_lead':
    'Пропуск арқылы кіретін (OpenID Connect) электрондық журнал мен портфолио: біреуіне кірсеңіз, екіншісі құпиясөзсіз ашылады.',
} as const satisfies Record<OidcKey, string>;
