/**
 * Why a digital signature (ЭЦП) was refused, in the three catalogue languages. Keys start with
 * `signature.`; Russian is the reference. Each refusal of `verify.ts` has its own sentence.
 */

export const ru = {
  'signature.too_large': 'Подпись слишком велика. Подпишите только то, что предлагает страница.',
  'signature.malformed_base64': 'Подпись пришла повреждённой (не base64). Попробуйте подписать ещё раз.',
  'signature.malformed_asn1': 'Подпись не читается: это не структура CMS. Попробуйте подписать ещё раз.',
  'signature.not_signed_data': 'Это не подписанный документ (CMS SignedData). Попробуйте подписать ещё раз.',
  'signature.signer_missing': 'В подписи нет сертификата подписавшего. Подпишите ещё раз ключом ЭЦП.',
  'signature.unsupported_algorithm':
    'Алгоритм подписи не поддерживается. Используйте ключ НУЦ РК (RSA или ГОСТ).',
  'signature.bad_signature': 'Подпись не сходится с подписанными данными. Подпишите ещё раз.',
  'signature.content_mismatch': 'Подписан не тот текст, который выдала эта страница. Начните заново.',
  'signature.unknown_issuer': 'Сертификат выдан неизвестным удостоверяющим центром. Используйте ключ НУЦ РК.',
  'signature.expired': 'Срок действия сертификата ЭЦП истёк. Получите новый ключ в НУЦ РК.',
  'signature.not_yet_valid': 'Сертификат ЭЦП ещё не действует. Проверьте дату и время на компьютере.',
  'signature.wrong_purpose':
    'Этот ключ не подходит: для входа нужен ключ аутентификации (AUTH_RSA или AUTH_GOST), для подписания заявления — ключ подписи (RSA или GOST).',
  'signature.no_iin': 'В сертификате нет ИИН владельца. Используйте ключ физического лица или сотрудника.',
  'signature.iin_checksum': 'ИИН в сертификате не проходит проверку контрольной цифры.',
  'signature.bin_checksum': 'БИН в сертификате не проходит проверку контрольной цифры.',
  'signature.revoked': 'Сертификат ЭЦП отозван. Получите новый ключ в НУЦ РК.',
  'signature.revocation_unavailable':
    'Не удалось проверить, не отозван ли сертификат: служба НУЦ РК не отвечает. Попробуйте через несколько минут.',
} as const;

type SignatureKey = keyof typeof ru;

export const en = {
  'signature.too_large': 'The signature is too large. Sign only what the page offers.',
  'signature.malformed_base64': 'The signature arrived damaged (not base64). Please sign again.',
  'signature.malformed_asn1': 'The signature cannot be read: it is not a CMS structure. Please sign again.',
  'signature.not_signed_data': 'This is not a signed document (CMS SignedData). Please sign again.',
  'signature.signer_missing': "The signature carries no signer's certificate. Sign again with your key.",
  'signature.unsupported_algorithm':
    'This signature algorithm is not supported. Use an NCA RK key (RSA or GOST).',
  'signature.bad_signature': 'The signature does not match the signed data. Please sign again.',
  'signature.content_mismatch': 'What was signed is not the text this page issued. Please start again.',
  'signature.unknown_issuer': 'The certificate was issued by an unknown authority. Use an NCA RK key.',
  'signature.expired': 'The signature certificate has expired. Get a new key from NCA RK.',
  'signature.not_yet_valid': "The certificate is not valid yet. Check your computer's date and time.",
  'signature.wrong_purpose':
    'This key does not fit: signing in needs an authentication key (AUTH_RSA or AUTH_GOST), the statement a signing key (RSA or GOST).',
  'signature.no_iin': "The certificate carries no owner's IIN. Use an individual's or an employee's key.",
  'signature.iin_checksum': 'The IIN in the certificate fails its check digit.',
  'signature.bin_checksum': 'The BIN in the certificate fails its check digit.',
  'signature.revoked': 'The signature certificate has been revoked. Get a new key from NCA RK.',
  'signature.revocation_unavailable':
    'Could not check whether the certificate is revoked: the NCA RK service does not answer. Try again in a few minutes.',
} as const satisfies Record<SignatureKey, string>;

export const kk = {
  'signature.too_large': 'Қолтаңба тым үлкен. Бет ұсынғанды ғана қол қойыңыз.',
  'signature.malformed_base64': 'Қолтаңба бүлінген күйде келді (base64 емес). Қайта қол қойыңыз.',
  'signature.malformed_asn1': 'Қолтаңба оқылмайды: бұл CMS құрылымы емес. Қайта қол қойыңыз.',
  'signature.not_signed_data': 'Бұл қол қойылған құжат емес (CMS SignedData). Қайта қол қойыңыз.',
  'signature.signer_missing': 'Қолтаңбада қол қоюшының сертификаты жоқ. ЭЦҚ кілтімен қайта қол қойыңыз.',
  'signature.unsupported_algorithm':
    'Қолтаңба алгоритміне қолдау жоқ. ҰКО кілтін пайдаланыңыз (RSA немесе ГОСТ).',
  'signature.bad_signature': 'Қолтаңба қол қойылған деректерге сәйкес келмейді. Қайта қол қойыңыз.',
  'signature.content_mismatch': 'Осы бет берген мәтінге қол қойылмаған. Қайтадан бастаңыз.',
  'signature.unknown_issuer': 'Сертификатты белгісіз куәландырушы орталық берген. ҰКО кілтін пайдаланыңыз.',
  'signature.expired': 'ЭЦҚ сертификатының мерзімі өтті. ҰКО-дан жаңа кілт алыңыз.',
  'signature.not_yet_valid': 'ЭЦҚ сертификаты әлі күшіне енбеген. Компьютердегі күн мен уақытты тексеріңіз.',
  'signature.wrong_purpose':
    'Бұл кілт жарамайды: кіру үшін аутентификация кілті (AUTH_RSA немесе AUTH_GOST), өтінішке қол қою үшін қол қою кілті (RSA немесе GOST) қажет.',
  'signature.no_iin':
    'Сертификатта иесінің ЖСН-і жоқ. Жеке тұлғаның немесе қызметкердің кілтін пайдаланыңыз.',
  'signature.iin_checksum': 'Сертификаттағы ЖСН бақылау санынан өтпейді.',
  'signature.bin_checksum': 'Сертификаттағы БСН бақылау санынан өтпейді.',
  'signature.revoked': 'ЭЦҚ сертификаты кері қайтарылған. ҰКО-дан жаңа кілт алыңыз.',
  'signature.revocation_unavailable':
    'Сертификаттың кері қайтарылмағанын тексеру мүмкін болмады: ҰКО қызметі жауап бермейді. Бірнеше минуттан кейін қайталаңыз.',
} as const satisfies Record<SignatureKey, string>;
