/**
 * Messages of the admin API (`api.` keys): the `message` of every error answer and of each
 * problem with a request's field, in the language the client asked for (`Accept-Language`), else
 * the realm's. Russian is the reference; English and Kazakh have the same keys and placeholders.
 */

export const ru = {
  'api.error.invalid_request': 'Запрос не прошёл проверку: исправьте поля, указанные в issues.',
  'api.error.invalid_json': 'Тело запроса — не правильный JSON.',
  'api.error.token_missing': 'Нужен токен API: заголовок Authorization: Bearer <токен>.',
  'api.error.token_invalid': 'Токен API не подошёл.',
  'api.error.token_expired': 'Срок действия токена API истёк.',
  'api.error.token_revoked': 'Токен API отозван.',
  'api.error.forbidden_scope':
    'Токен организации не даёт доступа к этому действию: нужен токен всей системы.',
  'api.error.not_found': 'Не найдено.',
  'api.error.conflict': 'Действие невозможно в текущем состоянии: {reason}',
  'api.error.unsupported_media_type': 'Тело запроса принимается только в формате application/json.',
  'api.issue.required': 'Обязательное поле',
  'api.issue.unknown_field': 'Неизвестное поле',
  'api.issue.wrong_type': 'Неверный тип значения: ожидается {expected}',
  'api.issue.too_long': 'Слишком длинное значение',
  'api.issue.too_small': 'Слишком маленькое значение',
  'api.issue.too_big': 'Слишком большое значение',
  'api.issue.invalid': 'Недопустимое значение',
  'api.issue.cursor': 'Курсор страницы повреждён: начните с первой страницы',
  'api.issue.not_colour': 'Это не цвет: укажите его как #rrggbb',
  'api.issue.low_contrast':
    'Контраст {ratio}:1 с белым фоном, а нужно не меньше 4,5:1: текст будет трудно прочитать',
  'api.issue.not_base64': 'Файл должен быть передан в base64',
  'api.issue.image_empty': 'Файл пустой',
  'api.issue.image_not_image': 'Это не изображение PNG, JPEG, WebP или GIF (для значка также ICO)',
  'api.issue.image_too_large': 'Файл больше {limit} байт',
  'api.conflict.pending': 'у профиля ещё нет логина',
  'api.conflict.privileged': 'пароль администратора, куратора или поддержки так не меняют',
} as const;

export const en = {
  'api.error.invalid_request': 'The request did not pass validation: correct the fields listed in issues.',
  'api.error.invalid_json': 'The request body is not valid JSON.',
  'api.error.token_missing': 'An API token is required: the header Authorization: Bearer <token>.',
  'api.error.token_invalid': 'The API token was not accepted.',
  'api.error.token_expired': 'The API token has expired.',
  'api.error.token_revoked': 'The API token has been revoked.',
  'api.error.forbidden_scope':
    "An organisation's token does not allow this action: it needs a token of the whole realm.",
  'api.error.not_found': 'Not found.',
  'api.error.conflict': 'Not possible in the current state: {reason}',
  'api.error.unsupported_media_type': 'Request bodies are accepted only as application/json.',
  'api.issue.required': 'Required field',
  'api.issue.unknown_field': 'Unknown field',
  'api.issue.wrong_type': 'Wrong type of value: expected {expected}',
  'api.issue.too_long': 'Value too long',
  'api.issue.too_small': 'Value too small',
  'api.issue.too_big': 'Value too big',
  'api.issue.invalid': 'Invalid value',
  'api.issue.cursor': 'The page cursor is damaged: start from the first page',
  'api.issue.not_colour': 'Not a colour: write it as #rrggbb',
  'api.issue.low_contrast':
    'A contrast of {ratio}:1 against the white background; at least 4.5:1 is needed for text to be readable',
  'api.issue.not_base64': 'The file must be sent as base64',
  'api.issue.image_empty': 'The file is empty',
  'api.issue.image_not_image': 'Not a PNG, JPEG, WebP or GIF image (ICO too for the favicon)',
  'api.issue.image_too_large': 'The file is larger than {limit} bytes',
  'api.conflict.pending': 'the profile has no login yet',
  'api.conflict.privileged':
    "an administrator's, curator's or support person's password is not changed this way",
} satisfies Record<keyof typeof ru, string>;

export const kk = {
  'api.error.invalid_request': 'Сұрау тексеруден өтпеді: issues ішінде көрсетілген өрістерді түзетіңіз.',
  'api.error.invalid_json': 'Сұрау денесі дұрыс JSON емес.',
  'api.error.token_missing': 'API токені қажет: Authorization: Bearer <токен> тақырыбы.',
  'api.error.token_invalid': 'API токені жарамсыз.',
  'api.error.token_expired': 'API токенінің мерзімі өтті.',
  'api.error.token_revoked': 'API токені кері қайтарылды.',
  'api.error.forbidden_scope': 'Ұйым токені бұл әрекетке рұқсат бермейді: бүкіл жүйенің токені қажет.',
  'api.error.not_found': 'Табылмады.',
  'api.error.conflict': 'Қазіргі күйде мүмкін емес: {reason}',
  'api.error.unsupported_media_type': 'Сұрау денесі тек application/json пішімінде қабылданады.',
  'api.issue.required': 'Міндетті өріс',
  'api.issue.unknown_field': 'Белгісіз өріс',
  'api.issue.wrong_type': 'Мән түрі қате: {expected} күтіледі',
  'api.issue.too_long': 'Мән тым ұзын',
  'api.issue.too_small': 'Мән тым кіші',
  'api.issue.too_big': 'Мән тым үлкен',
  'api.issue.invalid': 'Жарамсыз мән',
  'api.issue.cursor': 'Бет курсоры бүлінген: бірінші беттен бастаңыз',
  'api.issue.not_colour': 'Бұл түс емес: оны #rrggbb түрінде жазыңыз',
  'api.issue.low_contrast': 'Ақ фонмен контраст {ratio}:1, ал кемінде 4,5:1 қажет: мәтінді оқу қиын болады',
  'api.issue.not_base64': 'Файл base64 түрінде жіберілуі керек',
  'api.issue.image_empty': 'Файл бос',
  'api.issue.image_not_image': 'Бұл PNG, JPEG, WebP немесе GIF суреті емес (белгіше үшін ICO да)',
  'api.issue.image_too_large': 'Файл {limit} байттан үлкен',
  'api.conflict.pending': 'профильдің әлі логині жоқ',
  'api.conflict.privileged': 'әкімшінің, кураторның немесе қолдау қызметінің құпиясөзі бұлай өзгертілмейді',
} satisfies Record<keyof typeof ru, string>;
