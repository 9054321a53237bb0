/**
 * The simulator's pages, made to look like the Gosuslugi sign-in: «Вход» with «Телефон / Email
 * / СНИЛС» and «Пароль», then the SMS code (article 002: «дождаться смс с кодом подтверждения,
 * ввести код из смс») — shown on the page itself, since the simulator sends no SMS.
 */
import { html, raw, type SafeHtml } from '../../core/html/html.js';
import { SIM_PEOPLE } from './people.js';

const STYLE = raw(`
body{margin:0;font:16px/1.45 Lato,Arial,sans-serif;background:#f5f7fa;color:#0b1f33}
header{background:#fff;border-bottom:1px solid #e1e5eb;padding:14px 24px;font-weight:700;font-size:22px}
header .gos{color:#0d4cd3}header .usl{color:#ee3f58}
main{max-width:460px;margin:32px auto;background:#fff;border-radius:12px;padding:32px;box-shadow:0 4px 20px rgba(0,0,0,.06)}
h1{font-size:24px;margin:0 0 16px}label{display:block;margin:14px 0 4px;color:#66727f;font-size:14px}
input{box-sizing:border-box;width:100%;padding:12px;border:1px solid #b8c2cc;border-radius:8px;font-size:16px}
button{margin-top:20px;width:100%;padding:13px;border:0;border-radius:8px;background:#0d4cd3;color:#fff;font-size:16px;cursor:pointer}
button.link{background:none;color:#0d4cd3;margin-top:8px}
.error{background:#fdecee;color:#b0172b;padding:10px 12px;border-radius:8px}
.demo{background:#fff6d6;border:1px solid #f5d36b;padding:10px 12px;border-radius:8px;margin:12px 0}
.code{font-size:28px;letter-spacing:6px;font-weight:700}
summary{padding:8px 0;cursor:pointer}
table{border-collapse:collapse;font-size:13px;margin-top:12px}td{border-top:1px solid #eee;padding:4px 6px}
`);

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><header><span class="gos">гос</span><span class="usl">услуги</span> <small>— симулятор ЕСИА</small></header>
<main>${body}</main></body></html>`.toString();
}

export function loginPage(v: { auth: string; error?: string; login?: string; demo: boolean }): string {
  const people = v.demo
    ? html`<details><summary>Тестовые пользователи (пароль ${'Gosuslugi-2026'})</summary><table>
${SIM_PEOPLE.map((p) => html`<tr><td><code>${p.login}</code></td><td>${p.case}</td></tr>`)}</table></details>`
    : '';
  return page(
    'Вход — госуслуги',
    html`<h1>Вход</h1>
${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}
<form method="post" action="/sim/login">
<input type="hidden" name="auth" value="${v.auth}">
<label for="login">Телефон / Email / СНИЛС</label><input id="login" name="login" autocomplete="username" value="${v.login ?? ''}">
<label for="password">Пароль</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Войти</button>
</form>
<form method="post" action="/sim/deny"><input type="hidden" name="auth" value="${v.auth}"><button class="link" type="submit">Отказаться и вернуться</button></form>
${people}`,
  );
}

export function codePage(v: { auth: string; phone: string; code: string | null; error?: string }): string {
  return page(
    'Код подтверждения — госуслуги',
    html`<h1>Введите код из СМС</h1>
<p>Код отправлен на номер ${v.phone}</p>
${v.code ? html`<p class="demo">Демо: код из смс — <span class="code" data-sms-code>${v.code}</span></p>` : ''}
${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}
<form method="post" action="/sim/code">
<input type="hidden" name="auth" value="${v.auth}">
<label for="code">Код из СМС</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
<button type="submit">Продолжить</button>
</form>`,
  );
}

export function errorPage(code: string, text: string): string {
  return page('Ошибка — госуслуги', html`<h1>Ошибка</h1><p class="error">${code}: ${text}</p>`);
}
