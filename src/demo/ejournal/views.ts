/**
 * The demo e-journal's pages (Russian only: it stands for the school systems that sign their
 * users in through Propusk): «Войти через Пропуск», and once back, «Вы вошли как …» with the
 * roles, schools, classes and children Propusk gave, and «Выйти».
 */
import { html, type SafeHtml } from '../../core/html/html.js';

export interface Organisation {
  readonly name: string;
  readonly number?: string | null;
  readonly region?: { readonly name: string } | null;
}

export interface Membership {
  readonly organisation: Organisation;
  readonly role: string;
  readonly class?: string | null;
}

export interface Child {
  readonly name: string;
  readonly memberships: readonly Membership[];
}

export interface Signed {
  readonly name: string;
  readonly email: string | null;
  readonly memberships: readonly Membership[];
  readonly children: readonly Child[];
  readonly csrf: string;
}

export interface AppPage {
  readonly title: string;
  readonly realmName: string;
  readonly base: string;
  readonly signed: Signed | null;
  readonly notice: string | null;
}

const ROLE_NAMES: Readonly<Record<string, string>> = {
  student: 'ученик',
  parent: 'родитель',
  teacher: 'учитель',
  staff: 'сотрудник',
  admin: 'администратор',
  curator: 'куратор',
  support: 'поддержка',
};

function page(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/ejournal.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function place(m: Membership): string {
  const region = m.organisation.region?.name;
  const school = region ? `${m.organisation.name} (${region})` : m.organisation.name;
  return m.class ? `${school}, класс ${m.class}` : school;
}

function membershipItem(m: Membership): SafeHtml {
  return html`<li class="membership"><span class="role">${ROLE_NAMES[m.role] ?? m.role}</span> — ${place(m)}</li>`;
}

function signedIn(v: AppPage, s: Signed): SafeHtml {
  return html`<p class="who">Вы вошли как <strong>${s.name}</strong>${s.email ? html` <span class="email">(${s.email})</span>` : ''}</p>
<h2>Роли</h2>
${s.memberships.length > 0 ? html`<ul class="memberships">${s.memberships.map(membershipItem)}</ul>` : html`<p>Пропуск не сообщил ни одной роли.</p>`}
${
  s.children.length > 0
    ? html`<h2>Дети</h2>
<ul class="children">${s.children.map((c) => html`<li class="child"><strong>${c.name}</strong><ul>${c.memberships.map(membershipItem)}</ul></li>`)}</ul>`
    : ''
}
<form method="post" action="${v.base}/logout">
  <input type="hidden" name="csrf" value="${s.csrf}">
  <button type="submit">Выйти</button>
</form>`;
}

export function appPage(v: AppPage): SafeHtml {
  return page(
    `${v.title} — ${v.realmName}`,
    html`<h1>${v.title}</h1>
<p class="realm">${v.realmName}</p>
${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}
${
  v.signed
    ? signedIn(v, v.signed)
    : html`<p>Чтобы открыть журнал, войдите через Пропуск.</p>
<p><a class="button" href="${v.base}/login">Войти через Пропуск</a></p>`
}
<p class="home"><a href="/">Все демо-приложения</a></p>`,
  );
}

export function indexPage(
  apps: readonly { readonly title: string; readonly realmName: string; readonly base: string }[],
): SafeHtml {
  return page(
    'Демо-приложения',
    html`<h1>Демо-приложения</h1>
<p>Приложения, которые входят через Пропуск (OpenID Connect).</p>
<ul>${apps.map((a) => html`<li><a href="${a.base}/">${a.title} — ${a.realmName}</a></li>`)}</ul>`,
  );
}

export function errorPage(message: string): SafeHtml {
  return page(
    'Ошибка входа',
    html`<h1>Не удалось войти</h1><p class="notice" role="alert">${message}</p><p><a href="/">К демо-приложениям</a></p>`,
  );
}

export const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px}
h1{margin-top:0}.realm{color:#4a5562}.notice{background:#e8f4ea;padding:.5rem .75rem;border-radius:4px}
a.button,button{display:inline-block;padding:.6rem 1rem;border:0;border-radius:4px;background:#1d5fa8;color:#fff;
text-decoration:none;font-size:1rem;cursor:pointer}a.button:focus,button:focus{outline:3px solid #f0b400}
.role{font-weight:600}ul{padding-left:1.2rem}`;
