/**
 * Texts of the captcha field, in the three catalogue languages, to be spread into the
 * catalogues. Russian keeps Dnevnik.ru's wording («Введите символы с картинки») that users know
 * from the recovery screens. Every key starts with `captcha.`.
 */

export const ru = {
  'captcha.without_picture': 'Не видите картинку? Пройти проверку без неё',
  'captcha.with_picture': 'Ввести символы с картинки',
  'captcha.label': 'Введите символы с картинки',
  'captcha.alt': 'Картинка с цифрами для проверки, что вы не робот',
  'captcha.refresh': 'Показать другую картинку',
  'captcha.required': 'Не введены символы с картинки',
  'captcha.wrong': 'Неверно введены символы с картинки',
  'captcha.expired': 'Картинка устарела. Введите символы с новой картинки',
  'captcha.reused': 'Эта картинка уже использована. Введите символы с новой картинки',
  'captcha.pow_working': 'Проверяем, что вы не робот…',
  'captcha.pow_done': 'Проверка пройдена, вводить символы с картинки не нужно',
  'captcha.pow_failed': 'Автоматическая проверка не удалась. Обновите страницу',
  'captcha.noscript': 'Для проверки, что вы не робот, включите JavaScript в браузере',
} as const;

export type CaptchaMessageKey = keyof typeof ru;

export const en = {
  'captcha.without_picture': 'Cannot see the picture? Pass the check without it',
  'captcha.with_picture': 'Enter the characters from the picture',
  'captcha.label': 'Enter the characters from the picture',
  'captcha.alt': 'A picture with digits to check that you are not a robot',
  'captcha.refresh': 'Show another picture',
  'captcha.required': 'Enter the characters from the picture',
  'captcha.wrong': 'The characters from the picture were entered incorrectly',
  'captcha.expired': 'The picture has expired. Enter the characters from the new picture',
  'captcha.reused': 'This picture has already been used. Enter the characters from the new picture',
  'captcha.pow_working': 'Checking that you are not a robot…',
  'captcha.pow_done': 'Check passed: no need to enter the characters from the picture',
  'captcha.pow_failed': 'The automatic check failed. Reload the page',
  'captcha.noscript': 'Turn on JavaScript in your browser to pass the check that you are not a robot',
} as const satisfies Record<CaptchaMessageKey, string>;

export const kk = {
  'captcha.without_picture': 'Суретті көрмейсіз бе? Тексеруден онсыз өту',
  'captcha.with_picture': 'Суреттегі таңбаларды енгізу',
  'captcha.label': 'Суреттегі таңбаларды енгізіңіз',
  'captcha.alt': 'Робот емес екеніңізді тексеруге арналған цифрлары бар сурет',
  'captcha.refresh': 'Басқа суретті көрсету',
  'captcha.required': 'Суреттегі таңбалар енгізілмеген',
  'captcha.wrong': 'Суреттегі таңбалар қате енгізілді',
  'captcha.expired': 'Суреттің мерзімі өтті. Жаңа суреттегі таңбаларды енгізіңіз',
  'captcha.reused': 'Бұл сурет бұрын пайдаланылған. Жаңа суреттегі таңбаларды енгізіңіз',
  'captcha.pow_working': 'Робот емес екеніңізді тексеріп жатырмыз…',
  'captcha.pow_done': 'Тексеру сәтті өтті, суреттегі таңбаларды енгізудің қажеті жоқ',
  'captcha.pow_failed': 'Автоматты тексеру сәтсіз аяқталды. Бетті жаңартыңыз',
  'captcha.noscript': 'Робот емес екеніңізді тексеру үшін браузерде JavaScript-ті қосыңыз',
} as const satisfies Record<CaptchaMessageKey, string>;
