/**
 * What «Войти через госуслуги» says, in the three catalogue languages: the button and
 * «Инструкция для входа» (article 002), the region choice, each refusal of article 002 and
 * article 003 with its advice, and ESIA's error codes in plain words. Keys start with `esia.`.
 */

export const ru = {
  'esia.button': 'Войти через госуслуги',
  'esia.instruction': 'Инструкция для входа',
  'esia.help.title': 'Авторизация в {product} через портал госуслуг',
  'esia.help.adults_title': 'Для пользователей старше 18 лет:',
  'esia.help.adults_1': 'Наличие Стандартной или Подтверждённой учётной записи на портале госуслуг.',
  'esia.help.adults_2': 'Наличие учётной записи {product}, привязанной к образовательной организации.',
  'esia.help.adults_3': 'Совпадение ФИО и СНИЛС в учётных записях портала госуслуг и {product}.',
  'esia.help.note':
    'Если СНИЛС отсутствует в профиле {product}, выполните связывание учётных записей вручную: войдите по логину и паролю и нажмите «Связать с госуслугами» в «Моём профиле».',
  'esia.help.minors_title': 'Для пользователей младше 18 лет:',
  'esia.help.minors_1':
    'Наличие учётной записи на портале госуслуг (пользователи до 18 лет должны быть зарегистрированы из родительского профиля или прикреплены к нему).',
  'esia.help.minors_2':
    'Наличие активированной учётной записи {product}, привязанной к образовательной организации (для активации нужно войти в личный профиль как минимум один раз).',
  'esia.help.minors_3': 'Связывание учётных записей портала госуслуг и {product} вручную.',
  'esia.help.errors':
    'В случае возникновения ошибки при авторизации необходимо обратиться к сотруднику образовательной организации, который является администратором в {product}, для исправления ФИО / номера СНИЛС / даты рождения или получения регистрационных данных.',
  'esia.region.title': 'Выберите Ваш регион',
  'esia.region.lead':
    'Выберите регион, в котором находится ваша образовательная организация, например, Москва.',
  'esia.region.label': 'Регион',
  'esia.region.choose': 'Выберите регион',
  'esia.region.required': 'Выберите регион из списка.',
  'esia.region.continue': 'Продолжить',
  'esia.not_configured': 'Вход через госуслуги в этой системе не настроен. Войдите по логину и паролю.',
  'esia.fail.title': 'Не удалось войти через госуслуги',
  'esia.fail.no_profile':
    'Профиль пользователя в системе {product} отсутствует или не привязан ни к одной образовательной организации.',
  'esia.fail.name_snils': 'ФИО и СНИЛС в профилях {product} и портала госуслуг не совпадают.',
  'esia.fail.no_snils':
    'В вашем профиле {product} не указан СНИЛС. Войдите по логину и паролю и свяжите учётные записи вручную: «Мой профиль» → «Связать с госуслугами».',
  'esia.fail.level': 'Учётная запись портала госуслуг ниже требуемого уровня.',
  'esia.fail.level_advice':
    'Для входа нужна стандартная или подтверждённая учётная запись: заполните на портале госуслуг личный профиль (ФИО, СНИЛС и др.) и дождитесь завершения проверки сведений или посетите МФЦ.',
  'esia.fail.minor_not_linked':
    'Пользователям младше 18 лет нужно связать учётные записи портала госуслуг и {product} вручную: войдите по логину и паролю и нажмите «Связать с госуслугами» в «Моём профиле».',
  'esia.fail.minor_not_activated':
    'Учётная запись {product} не активирована: войдите в личный профиль по логину и паролю как минимум один раз.',
  'esia.fail.minor_name': 'ФИО в профилях {product} и портала госуслуг не совпадают.',
  'esia.fail.minor_birth': 'В {product} указана некорректная дата рождения.',
  'esia.fail.several':
    'С такими данными найдено несколько пользователей, поэтому система не может выбрать, в чей профиль войти.',
  'esia.fail.blocked': 'Ваша учётная запись заблокирована.',
  'esia.fail.register':
    'Школа создала ваш профиль, но регистрация через госуслуги в нём ещё не завершена. Обратитесь к администратору школы за логином и паролем.',
  'esia.fail.advice':
    'Обратитесь к сотруднику образовательной организации, который является администратором в {product}, для исправления ФИО / номера СНИЛС / даты рождения или получения регистрационных данных.',
  'esia.fail.not_found_title': 'Не удалось найти возможного пользователя для авторизации',
  'esia.fail.not_found':
    'Система осуществляет поиск пользователя по следующим данным: СНИЛС, email, мобильный телефон. Эти данные должны быть указаны и должны совпадать в электронном журнале и на портале госуслуг. Пользователь не найден, если не удалось найти совпадение хотя бы по одному из указанных пунктов.',
  'esia.fail.not_found_advice':
    'Проверьте наличие этих данных в своем личном кабинете на портале госуслуг. Если на портале госуслуг у вас указаны перечисленные данные, необходимо обратиться к куратору электронного журнала в школе для проверки и внесения этих данных в журнал.',
  'esia.fail.school_page': 'Страница школы: {name}',
  'esia.fail.retry': 'Попробовать снова',
  'esia.fail.to_signin': 'Войти по логину и паролю',
  'esia.error.title': 'Вход через госуслуги прерван',
  'esia.error.state':
    'Ответ портала госуслуг не относится к входу, начатому в этом браузере. Начните вход заново.',
  'esia.error.replayed': 'Этот ответ портала госуслуг уже использован. Начните вход заново.',
  'esia.error.expired': 'Время на вход через госуслуги истекло. Начните вход заново.',
  'esia.error.refused': 'Вход на портале госуслуг отменён.',
  'esia.error.code': 'Код входа с портала госуслуг недействителен или устарел. Начните вход заново.',
  'esia.error.clock':
    'Портал госуслуг не принял время запроса. Попробуйте ещё раз через минуту; если ошибка повторится, сообщите в поддержку.',
  'esia.error.system':
    'Портал госуслуг отклонил запрос системы {product}. Это ошибка настройки: сообщите в поддержку.',
  'esia.unavailable.title': 'Госуслуги недоступны',
  'esia.error.signer':
    'Вход через госуслуги временно недоступен по техническим причинам. Попробуйте позже или войдите по логину и паролю.',
  'esia.error.unavailable':
    'Портал госуслуг сейчас недоступен. Попробуйте позже или войдите по логину и паролю.',
  'esia.error.token':
    'Ответ портала госуслуг не прошёл проверку подлинности, поэтому вход остановлен. Начните вход заново.',
  'esia.error.person_data':
    'Сведения о вас на портале госуслуг содержат ошибку (например, неверный СНИЛС), поэтому войти не получится. Проверьте личные данные на портале госуслуг.',
  'esia.error.code_label': 'Код ошибки: {code}',
  'esia.link.title': 'Связать с госуслугами',
  'esia.link.lead':
    'Чтобы входить в {product} через портал госуслуг, свяжите учётные записи: введите текущий пароль, затем войдите на портале госуслуг.',
  'esia.link.submit': 'Связать с госуслугами',
  'esia.unlink.title': 'Отвязать учётную запись госуслуг',
  'esia.unlink.lead':
    'После этого войти в {product} через портал госуслуг будет нельзя, пока вы снова не свяжете учётные записи.',
  'esia.unlink.submit': 'Отвязать',
  'esia.cancel': 'Отмена',
  'esia.profile.title': 'Госуслуги',
  'esia.profile.linked': 'Учётная запись связана с порталом госуслуг: вы можете входить через госуслуги.',
  'esia.profile.not_linked': 'Учётная запись не связана с порталом госуслуг.',
  'esia.profile.done.linked': 'Учётные записи связаны. Теперь вы можете входить через госуслуги.',
  'esia.profile.done.already': 'Эта учётная запись госуслуг уже связана с вашим профилем.',
  'esia.profile.done.unlinked': 'Учётная запись госуслуг отвязана.',
  'esia.profile.done.taken':
    'Эта учётная запись госуслуг уже связана с другим профилем, поэтому связать её нельзя.',
  'esia.profile.done.other':
    'С вашим профилем уже связана другая учётная запись госуслуг: сначала отвяжите её.',
} as const;

type Catalogue = Record<keyof typeof ru, string>;

export const en = {
  'esia.button': 'Sign in with Gosuslugi',
  'esia.instruction': 'How to sign in',
  'esia.help.title': 'Signing in to {product} with the Gosuslugi portal',
  'esia.help.adults_title': 'For users aged 18 and over:',
  'esia.help.adults_1': 'A Standard or Confirmed account on the Gosuslugi portal.',
  'esia.help.adults_2': 'A {product} account attached to an educational organisation.',
  'esia.help.adults_3': 'The same full name and SNILS in the Gosuslugi and {product} accounts.',
  'esia.help.note':
    'If your {product} profile has no SNILS, link the accounts by hand: sign in with your login and password and press «Link with Gosuslugi» in «My profile».',
  'esia.help.minors_title': 'For users under 18:',
  'esia.help.minors_1':
    'An account on the Gosuslugi portal (users under 18 must be registered from a parent’s profile or attached to it).',
  'esia.help.minors_2':
    'An activated {product} account attached to an educational organisation (sign in to your profile at least once to activate it).',
  'esia.help.minors_3': 'The Gosuslugi and {product} accounts linked by hand.',
  'esia.help.errors':
    'If signing in fails, ask the staff member of your school who administers {product} to correct your full name, SNILS or date of birth, or to give you your sign-in details.',
  'esia.region.title': 'Choose your region',
  'esia.region.lead': 'Choose the region of your educational organisation, for example Moscow.',
  'esia.region.label': 'Region',
  'esia.region.choose': 'Choose a region',
  'esia.region.required': 'Choose a region from the list.',
  'esia.region.continue': 'Continue',
  'esia.not_configured':
    'Signing in with Gosuslugi is not set up here. Sign in with your login and password.',
  'esia.fail.title': 'Could not sign in with Gosuslugi',
  'esia.fail.no_profile':
    'There is no {product} profile for you, or it is not attached to any educational organisation.',
  'esia.fail.name_snils': 'The full name and SNILS in {product} and on the Gosuslugi portal do not match.',
  'esia.fail.no_snils':
    'Your {product} profile has no SNILS. Sign in with your login and password and link the accounts by hand: «My profile» → «Link with Gosuslugi».',
  'esia.fail.level': 'Your Gosuslugi account is below the required level.',
  'esia.fail.level_advice':
    'A standard or confirmed account is needed: fill in your personal profile on the Gosuslugi portal (full name, SNILS and so on) and wait for the check, or visit an MFC office.',
  'esia.fail.minor_not_linked':
    'Users under 18 must link their Gosuslugi and {product} accounts by hand: sign in with your login and password and press «Link with Gosuslugi» in «My profile».',
  'esia.fail.minor_not_activated':
    'Your {product} account is not activated: sign in to your profile with your login and password at least once.',
  'esia.fail.minor_name': 'The full name in {product} and on the Gosuslugi portal do not match.',
  'esia.fail.minor_birth': 'The date of birth in {product} is wrong.',
  'esia.fail.several': 'Several users have these details, so the system cannot tell whose profile to open.',
  'esia.fail.blocked': 'Your account is blocked.',
  'esia.fail.register':
    'Your school created your profile, but registration with Gosuslugi is not finished for it yet. Ask your school’s administrator for a login and password.',
  'esia.fail.advice':
    'Ask the staff member of your school who administers {product} to correct your full name, SNILS or date of birth, or to give you your sign-in details.',
  'esia.fail.not_found_title': 'No user could be found to sign in',
  'esia.fail.not_found':
    'The system looks for the user by SNILS, email and mobile phone. These must be given and must match in the e-journal and on the Gosuslugi portal. No user is found when none of them matches.',
  'esia.fail.not_found_advice':
    'Check that your Gosuslugi account has these details. If it does, ask your school’s e-journal curator to check them and enter them in the journal.',
  'esia.fail.school_page': 'School page: {name}',
  'esia.fail.retry': 'Try again',
  'esia.fail.to_signin': 'Sign in with login and password',
  'esia.error.title': 'Signing in with Gosuslugi was interrupted',
  'esia.error.state':
    'This answer from Gosuslugi does not belong to a sign-in started in this browser. Start again.',
  'esia.error.replayed': 'This answer from Gosuslugi has already been used. Start again.',
  'esia.error.expired': 'The time to sign in with Gosuslugi has run out. Start again.',
  'esia.error.refused': 'Signing in on the Gosuslugi portal was cancelled.',
  'esia.error.code': 'The sign-in code from Gosuslugi is invalid or out of date. Start again.',
  'esia.error.clock':
    'The Gosuslugi portal did not accept the request time. Try again in a minute; if it happens again, tell support.',
  'esia.error.system':
    'The Gosuslugi portal refused the request of {product}. This is a configuration fault: tell support.',
  'esia.unavailable.title': 'Gosuslugi is unavailable',
  'esia.error.signer':
    'Signing in with Gosuslugi is temporarily unavailable for technical reasons. Try later, or sign in with your login and password.',
  'esia.error.unavailable':
    'The Gosuslugi portal is not available now. Try later, or sign in with your login and password.',
  'esia.error.token':
    'The answer from the Gosuslugi portal failed its authenticity check, so signing in stopped. Start again.',
  'esia.error.person_data':
    'Your details on the Gosuslugi portal contain an error (for example a wrong SNILS), so you cannot sign in. Check your personal details on the Gosuslugi portal.',
  'esia.error.code_label': 'Error code: {code}',
  'esia.link.title': 'Link with Gosuslugi',
  'esia.link.lead':
    'To sign in to {product} with the Gosuslugi portal, link the accounts: enter your current password, then sign in on the Gosuslugi portal.',
  'esia.link.submit': 'Link with Gosuslugi',
  'esia.unlink.title': 'Unlink the Gosuslugi account',
  'esia.unlink.lead':
    'After this you cannot sign in to {product} with Gosuslugi until you link the accounts again.',
  'esia.unlink.submit': 'Unlink',
  'esia.cancel': 'Cancel',
  'esia.profile.title': 'Gosuslugi',
  'esia.profile.linked': 'Your account is linked with the Gosuslugi portal: you can sign in with Gosuslugi.',
  'esia.profile.not_linked': 'Your account is not linked with the Gosuslugi portal.',
  'esia.profile.done.linked': 'The accounts are linked. You can now sign in with Gosuslugi.',
  'esia.profile.done.already': 'This Gosuslugi account is already linked with your profile.',
  'esia.profile.done.unlinked': 'The Gosuslugi account is unlinked.',
  'esia.profile.done.taken':
    'This Gosuslugi account is already linked with another profile, so it cannot be linked.',
  'esia.profile.done.other': 'Another Gosuslugi account is linked with your profile: unlink it first.',
} satisfies Catalogue;

export const kk = {
  'esia.button': 'Госуслуги арқылы кіру',
  'esia.instruction': 'Кіру нұсқаулығы',
  'esia.help.title': '{product} жүйесіне госуслуги порталы арқылы кіру',
  'esia.help.adults_title': '18 жастан асқан пайдаланушылар үшін:',
  'esia.help.adults_1': 'Госуслуги порталында Стандартты немесе Расталған есептік жазба.',
  'esia.help.adults_2': 'Білім беру ұйымына тіркелген {product} есептік жазбасы.',
  'esia.help.adults_3': 'Госуслуги мен {product} есептік жазбаларында аты-жөні мен СНИЛС сәйкес келуі.',
  'esia.help.note':
    '{product} профилінде СНИЛС болмаса, есептік жазбаларды қолмен байланыстырыңыз: логин мен құпиясөз арқылы кіріп, «Менің профилім» бетінде «Госуслугимен байланыстыру» түймесін басыңыз.',
  'esia.help.minors_title': '18 жасқа толмаған пайдаланушылар үшін:',
  'esia.help.minors_1':
    'Госуслуги порталындағы есептік жазба (18 жасқа толмағандар ата-ананың профилінен тіркелуі немесе оған бекітілуі керек).',
  'esia.help.minors_2':
    'Білім беру ұйымына тіркелген, белсендірілген {product} есептік жазбасы (белсендіру үшін профильге кемінде бір рет кіру керек).',
  'esia.help.minors_3': 'Госуслуги мен {product} есептік жазбаларын қолмен байланыстыру.',
  'esia.help.errors':
    'Кіру кезінде қате болса, аты-жөнін / СНИЛС нөмірін / туған күнін түзету немесе тіркеу деректерін алу үшін {product} жүйесінің әкімшісі болып табылатын мектеп қызметкеріне хабарласыңыз.',
  'esia.region.title': 'Өңіріңізді таңдаңыз',
  'esia.region.lead': 'Білім беру ұйымыңыз орналасқан өңірді таңдаңыз, мысалы, Мәскеу.',
  'esia.region.label': 'Өңір',
  'esia.region.choose': 'Өңірді таңдаңыз',
  'esia.region.required': 'Тізімнен өңірді таңдаңыз.',
  'esia.region.continue': 'Жалғастыру',
  'esia.not_configured': 'Бұл жүйеде госуслуги арқылы кіру бапталмаған. Логин мен құпиясөз арқылы кіріңіз.',
  'esia.fail.title': 'Госуслуги арқылы кіру мүмкін болмады',
  'esia.fail.no_profile':
    '{product} жүйесінде пайдаланушы профилі жоқ немесе ешбір білім беру ұйымына тіркелмеген.',
  'esia.fail.name_snils': '{product} мен госуслуги профильдеріндегі аты-жөні мен СНИЛС сәйкес келмейді.',
  'esia.fail.no_snils':
    '{product} профиліңізде СНИЛС көрсетілмеген. Логин мен құпиясөз арқылы кіріп, есептік жазбаларды қолмен байланыстырыңыз: «Менің профилім» → «Госуслугимен байланыстыру».',
  'esia.fail.level': 'Госуслуги есептік жазбасы талап етілетін деңгейден төмен.',
  'esia.fail.level_advice':
    'Кіру үшін стандартты немесе расталған есептік жазба қажет: госуслуги порталында жеке профильді (аты-жөні, СНИЛС және т.б.) толтырып, тексерудің аяқталуын күтіңіз немесе МФЦ-ға барыңыз.',
  'esia.fail.minor_not_linked':
    '18 жасқа толмаған пайдаланушылар госуслуги мен {product} есептік жазбаларын қолмен байланыстыруы керек: логин мен құпиясөз арқылы кіріп, «Менің профилім» бетінде «Госуслугимен байланыстыру» түймесін басыңыз.',
  'esia.fail.minor_not_activated':
    '{product} есептік жазбасы белсендірілмеген: жеке профильге логин мен құпиясөз арқылы кемінде бір рет кіріңіз.',
  'esia.fail.minor_name': '{product} мен госуслуги профильдеріндегі аты-жөні сәйкес келмейді.',
  'esia.fail.minor_birth': '{product} жүйесінде туған күні қате көрсетілген.',
  'esia.fail.several':
    'Мұндай деректермен бірнеше пайдаланушы табылды, сондықтан жүйе кімнің профиліне кіретінін таңдай алмайды.',
  'esia.fail.blocked': 'Есептік жазбаңыз бұғатталған.',
  'esia.fail.register':
    'Мектеп профиліңізді жасады, бірақ госуслуги арқылы тіркеу әлі аяқталмаған. Логин мен құпиясөз алу үшін мектеп әкімшісіне хабарласыңыз.',
  'esia.fail.advice':
    'Аты-жөнін / СНИЛС нөмірін / туған күнін түзету немесе тіркеу деректерін алу үшін {product} жүйесінің әкімшісі болып табылатын мектеп қызметкеріне хабарласыңыз.',
  'esia.fail.not_found_title': 'Кіру үшін ықтимал пайдаланушы табылмады',
  'esia.fail.not_found':
    'Жүйе пайдаланушыны мына деректер бойынша іздейді: СНИЛС, email, ұялы телефон. Бұл деректер электрондық журналда және госуслуги порталында көрсетілуі және сәйкес келуі керек. Олардың ешқайсысы бойынша сәйкестік табылмаса, пайдаланушы табылмайды.',
  'esia.fail.not_found_advice':
    'Госуслуги порталындағы жеке кабинетіңізде осы деректердің бар-жоғын тексеріңіз. Егер олар көрсетілген болса, деректерді тексеріп, журналға енгізу үшін мектептегі электрондық журнал кураторына хабарласыңыз.',
  'esia.fail.school_page': 'Мектеп беті: {name}',
  'esia.fail.retry': 'Қайта көру',
  'esia.fail.to_signin': 'Логин мен құпиясөз арқылы кіру',
  'esia.error.title': 'Госуслуги арқылы кіру үзілді',
  'esia.error.state': 'Госуслуги жауабы осы браузерде басталған кіруге жатпайды. Кіруді қайта бастаңыз.',
  'esia.error.replayed': 'Госуслуги жауабы бұрын пайдаланылған. Кіруді қайта бастаңыз.',
  'esia.error.expired': 'Госуслуги арқылы кіру уақыты өтті. Кіруді қайта бастаңыз.',
  'esia.error.refused': 'Госуслуги порталында кіру тоқтатылды.',
  'esia.error.code': 'Госуслугиден келген кіру коды жарамсыз немесе ескірген. Кіруді қайта бастаңыз.',
  'esia.error.clock':
    'Госуслуги порталы сұрау уақытын қабылдамады. Бір минуттан кейін қайталаңыз; қате қайталанса, қолдау қызметіне хабарлаңыз.',
  'esia.error.system':
    'Госуслуги порталы {product} жүйесінің сұрауын қабылдамады. Бұл баптау қатесі: қолдау қызметіне хабарлаңыз.',
  'esia.unavailable.title': 'Госуслуги қолжетімсіз',
  'esia.error.signer':
    'Госуслуги арқылы кіру техникалық себептермен уақытша қолжетімсіз. Кейінірек қайталаңыз немесе логин мен құпиясөз арқылы кіріңіз.',
  'esia.error.unavailable':
    'Госуслуги порталы қазір қолжетімсіз. Кейінірек қайталаңыз немесе логин мен құпиясөз арқылы кіріңіз.',
  'esia.error.token':
    'Госуслуги жауабы түпнұсқалық тексеруінен өтпеді, сондықтан кіру тоқтатылды. Кіруді қайта бастаңыз.',
  'esia.error.person_data':
    'Госуслуги порталындағы деректеріңізде қате бар (мысалы, СНИЛС қате), сондықтан кіру мүмкін емес. Госуслуги порталындағы жеке деректеріңізді тексеріңіз.',
  'esia.error.code_label': 'Қате коды: {code}',
  'esia.link.title': 'Госуслугимен байланыстыру',
  'esia.link.lead':
    '{product} жүйесіне госуслуги арқылы кіру үшін есептік жазбаларды байланыстырыңыз: ағымдағы құпиясөзді енгізіп, госуслуги порталына кіріңіз.',
  'esia.link.submit': 'Госуслугимен байланыстыру',
  'esia.unlink.title': 'Госуслуги есептік жазбасын ажырату',
  'esia.unlink.lead':
    'Осыдан кейін есептік жазбаларды қайта байланыстырғанша {product} жүйесіне госуслуги арқылы кіре алмайсыз.',
  'esia.unlink.submit': 'Ажырату',
  'esia.cancel': 'Бас тарту',
  'esia.profile.title': 'Госуслуги порталы',
  'esia.profile.linked': 'Есептік жазба госуслуги порталымен байланыстырылған: госуслуги арқылы кіре аласыз.',
  'esia.profile.not_linked': 'Есептік жазба госуслуги порталымен байланыстырылмаған.',
  'esia.profile.done.linked': 'Есептік жазбалар байланыстырылды. Енді госуслуги арқылы кіре аласыз.',
  'esia.profile.done.already': 'Бұл госуслуги есептік жазбасы профиліңізбен бұрыннан байланыстырылған.',
  'esia.profile.done.unlinked': 'Госуслуги есептік жазбасы ажыратылды.',
  'esia.profile.done.taken':
    'Бұл госуслуги есептік жазбасы басқа профильмен байланыстырылған, сондықтан оны байланыстыру мүмкін емес.',
  'esia.profile.done.other':
    'Профиліңізбен басқа госуслуги есептік жазбасы байланыстырылған: алдымен оны ажыратыңыз.',
} satisfies Catalogue;
