/**
 * Russian, the reference wording: it follows the help articles of the journals (greeting by
 * name, what to do, how long the link or code lives, what to do if it was not you). In letters
 * the product name follows «в системе» or «команда» so that it never has to be declined; the SMS
 * trade that for fitting into one segment.
 */
import type { BuiltinCatalogue } from './names.js';

const greeting = 'Здравствуйте, {{name}}!';
const linkValid = 'Ссылка действительна {{expiresHours}} ч.';
const notYou =
  'Если это были не вы, немедленно обратитесь к администратору вашей образовательной организации.';
const ignore = (what: string): string => `Если вы не запрашивали ${what}, просто проигнорируйте это письмо.`;

export const ru: BuiltinCatalogue = {
  email: {
    email_confirmation: {
      subject: 'Подтверждение адреса электронной почты — {{productName}}',
      body: [
        greeting,
        'Этот адрес электронной почты указан в вашей учётной записи в системе {{productName}}. Чтобы подтвердить его, перейдите по ссылке:',
        { kind: 'link', label: 'Подтвердить адрес' },
        linkValid,
        'Подтверждённый адрес поможет самостоятельно восстановить доступ, если вы забудете логин или пароль.',
        'Если вы не указывали этот адрес, просто проигнорируйте это письмо.',
      ],
    },
    password_reset_link: {
      subject: 'Восстановление пароля — {{productName}}',
      body: [
        greeting,
        'Мы получили запрос на восстановление пароля от вашей учётной записи в системе {{productName}}. Чтобы задать новый пароль, перейдите по ссылке:',
        { kind: 'link', label: 'Задать новый пароль' },
        linkValid,
        'Если вы не запрашивали восстановление пароля, просто проигнорируйте это письмо — ваш пароль останется прежним.',
      ],
    },
    login_reminder: {
      subject: 'Ваш логин в системе {{productName}}',
      body: [
        greeting,
        'Вы запросили напоминание логина для входа в систему {{productName}}.',
        { kind: 'strong', text: 'Ваш логин: {{login}}' },
        'Пароли по почте не отправляются. Если вы не помните и пароль, восстановите его на странице входа.',
        ignore('напоминание логина'),
      ],
    },
    login_and_reset_link: {
      subject: 'Восстановление доступа — {{productName}}',
      body: [
        greeting,
        'Вы запросили восстановление доступа к учётной записи в системе {{productName}}.',
        { kind: 'strong', text: 'Ваш логин: {{login}}' },
        'Если вы помните пароль, входите как обычно. Чтобы задать новый пароль, перейдите по ссылке:',
        { kind: 'link', label: 'Задать новый пароль' },
        linkValid,
        'Если вы не запрашивали восстановление доступа, просто проигнорируйте это письмо — ваш пароль останется прежним.',
      ],
    },
    password_changed: {
      subject: 'Пароль изменён — {{productName}}',
      body: [
        greeting,
        'Пароль от вашей учётной записи в системе {{productName}} был изменён {{when}}. Изменение выполнено с IP-адреса {{ip}}.',
        'Все остальные сеансы завершены: на других устройствах нужно будет войти заново с новым паролем.',
        notYou,
      ],
    },
    second_factor_reset: {
      subject: 'Второй фактор сброшен — {{productName}}',
      body: [
        greeting,
        'Второй фактор входа в вашу учётную запись в системе {{productName}} (приложение-аутентификатор, резервные коды и ключи доступа) сброшен {{when}}. Сброс выполнила организация: {{by}}.',
        'Все сеансы завершены. При следующем входе по паролю система может попросить подключить второй фактор заново.',
        'Если вы не просили сбросить второй фактор, немедленно обратитесь в вашу образовательную организацию.',
      ],
    },
    email_changed: {
      subject: 'Адрес электронной почты изменён — {{productName}}',
      body: [
        greeting,
        'Адрес электронной почты вашей учётной записи в системе {{productName}} изменён на {{newEmailMasked}} ({{when}}).',
        'Письма о восстановлении доступа теперь будут приходить на новый адрес, а этот адрес больше не используется.',
        notYou,
      ],
    },
    email_code: {
      subject: 'Код подтверждения — {{productName}}',
      body: [
        greeting,
        'Ваш код подтверждения:',
        { kind: 'code' },
        'Введите его на странице, где вы запросили код. Код действителен {{expiresMinutes}} мин.',
        'Никому не сообщайте этот код, даже сотрудникам службы поддержки.',
        ignore('код'),
      ],
    },
    new_code: {
      subject: 'Новый код подтверждения — {{productName}}',
      body: [
        greeting,
        'Вы запросили новый код подтверждения. Используйте код из этого письма:',
        { kind: 'code' },
        'Код действителен {{expiresMinutes}} мин. Никому не сообщайте его.',
        ignore('новый код'),
      ],
    },
  },
  // One Cyrillic SMS segment is 70 characters: both fit in one with «Дневник.ру» and a 6-digit code.
  sms: {
    phone_confirmation_code:
      '{{code}} — код подтверждения телефона в {{productName}}. Действует {{expiresMinutes}} мин.',
    recovery_code:
      '{{code}} — код восстановления {{productName}} на {{expiresMinutes}} мин. Никому не сообщайте.',
  },
  signature: 'С уважением,\nкоманда {{productName}}',
  automatic: 'Это письмо отправлено автоматически, отвечать на него не нужно.',
  linkFallback: 'Если кнопка не открывается, скопируйте ссылку и вставьте её в адресную строку браузера:',
};
