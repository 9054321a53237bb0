/** «Не зарегистрированы в системе?»: how a person gets access (articles 000, 001, 002, 003). */
export const ru = {
  'access.invitation_code': 'Пригласительный код',
  'access.link': 'Не зарегистрированы в системе?',
  'access.title': 'Не зарегистрированы в системе?',
  'access.lead':
    'Учётные записи в системе создаёт образовательная организация: самостоятельно зарегистрироваться без её участия нельзя.',
  'access.school.title': 'Через администратора школы',
  'access.school.text':
    'Обратитесь к администратору вашей образовательной организации или к классному руководителю: он создаст профиль и выдаст логин и временный пароль. Информация об администраторах находится на профиле организации в блоке «Администраторы».',
  'access.school.link': 'Найти свою школу и её администраторов',
  'access.code.title': 'По пригласительному коду',
  'access.code.text':
    'Если школа выдала вам приглашение с пригласительным кодом, введите его на странице регистрации вашей школы (адрес указан в приглашении).',
  'access.gosuslugi.title': 'Через госуслуги',
  'access.gosuslugi.text':
    'Если администратор уже создал ваш профиль и указал в нём ФИО и СНИЛС, совпадающие с данными на госуслугах, вы можете зарегистрироваться без логина и пароля.',
  'access.gosuslugi.link': 'Войти через госуслуги',
  'access.back': 'Вернуться ко входу',
} as const;

export const en = {
  'access.invitation_code': 'Invitation code',
  'access.link': 'Not registered yet?',
  'access.title': 'Not registered yet?',
  'access.lead':
    'Accounts are created by the educational organisation: you cannot register on your own without it.',
  'access.school.title': 'Through the school administrator',
  'access.school.text':
    'Contact the administrator of your educational organisation or your class teacher: they create your profile and give you a login and a temporary password. The administrators are listed on the organisation page under «Administrators».',
  'access.school.link': 'Find your school and its administrators',
  'access.code.title': 'With an invitation code',
  'access.code.text':
    'If the school gave you an invitation with a code, enter it on your school’s registration page (the address is on the invitation).',
  'access.gosuslugi.title': 'Through Gosuslugi',
  'access.gosuslugi.text':
    'If the administrator has already created your profile with your full name and SNILS matching Gosuslugi, you can register without a login and password.',
  'access.gosuslugi.link': 'Sign in with Gosuslugi',
  'access.back': 'Back to sign-in',
} satisfies Record<keyof typeof ru, string>;

export const kk = {
  'access.invitation_code': 'Шақыру коды',
  'access.link': 'Жүйеде тіркелмегенсіз бе?',
  'access.title': 'Жүйеде тіркелмегенсіз бе?',
  'access.lead':
    'Есептік жазбаларды білім беру ұйымы жасайды: оның қатысуынсыз өз бетіңізше тіркеле алмайсыз.',
  'access.school.title': 'Мектеп әкімшісі арқылы',
  'access.school.text':
    'Білім беру ұйымыңыздың әкімшісіне немесе сынып жетекшісіне хабарласыңыз: ол профиль жасап, логин мен уақытша құпиясөз береді. Әкімшілер туралы ақпарат ұйым профиліндегі «Әкімшілер» бөлімінде.',
  'access.school.link': 'Мектебіңізді және оның әкімшілерін табу',
  'access.code.title': 'Шақыру коды бойынша',
  'access.code.text':
    'Мектеп сізге шақыру кодын берсе, оны мектебіңіздің тіркеу бетінде енгізіңіз (мекенжай шақыруда көрсетілген).',
  'access.gosuslugi.title': 'Госуслуги арқылы',
  'access.gosuslugi.text':
    'Әкімші профиліңізді жасап, госуслугидегі деректермен сәйкес келетін аты-жөніңіз бен СНИЛС-ті көрсетсе, логин мен құпиясөзсіз тіркеле аласыз.',
  'access.gosuslugi.link': 'Госуслуги арқылы кіру',
  'access.back': 'Кіруге оралу',
} satisfies Record<keyof typeof ru, string>;
