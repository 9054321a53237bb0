// The simulator's stand-in for NCALayer's key dialog: a page on the simulator's own address
// that shows the request waiting for an answer, lets the person pick a key (keys that NCALayer
// would not offer for the request's purpose are listed apart, so the refusals can be tried) and
// type its password, and sign or cancel.
import { html, type SafeHtml } from '../core/html/html.js';
import type { DemoKey } from './pki.js';
import type { SignRequest } from './protocol.js';

export interface PendingView {
  readonly id: string;
  readonly origin: string;
  readonly request: SignRequest;
}

function preview(data: readonly Uint8Array[]): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data[0] ?? new Uint8Array());
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

export function fits(key: DemoKey, oids: readonly string[]): boolean {
  const eku = key.purpose === 'auth' ? '1.3.6.1.5.5.7.3.2' : '1.3.6.1.5.5.7.3.4';
  return oids.every((oid) => oid === eku || oid.startsWith('1.2.398.3.3.4.1'));
}

function option(key: DemoKey): SafeHtml {
  const family = {
    rsa: 'RSA',
    gost: 'ГОСТ 34.10-2015, 512',
    gost256: 'ГОСТ 34.10-2015, 256',
    gost2004: 'ГОСТ 34.310-2004',
  }[key.family];
  return html`<option value="${key.family}:${key.id}">${key.label} (${family})</option>`;
}

export function dialogPage(
  pending: PendingView | undefined,
  keys: readonly DemoKey[],
  error?: string,
): string {
  const head = html`<!doctype html><html lang="ru"><head><meta charset="utf-8">
<title>NCALayer (симулятор)</title>${pending ? '' : html`<meta http-equiv="refresh" content="2">`}
<style>body{font-family:sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
label{display:block;margin-top:1rem}select,input{width:100%;padding:.4rem;font-size:1rem}
pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}.error{color:#b00020}
button{margin-top:1rem;padding:.5rem 1.2rem;font-size:1rem}</style></head><body>
<h1>NCALayer (симулятор)</h1>`;
  if (!pending) {
    return `${head}${html`<p id="idle">Нет запросов на подпись. Откройте страницу входа и нажмите «Войти в систему» — запрос появится здесь.</p></body></html>`}`;
  }
  const matching = keys.filter((k) => fits(k, pending.request.extKeyUsageOids));
  const others = keys.filter((k) => !fits(k, pending.request.extKeyUsageOids));
  return `${head}${html`<form method="post" action="/dialog">
<input type="hidden" name="id" value="${pending.id}">
<p>Сайт <strong>${pending.origin}</strong> просит подписать данные:</p>
<pre id="data">${preview(pending.request.data)}</pre>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<label for="key">Ключ</label>
<select id="key" name="key">
  <optgroup label="Подходящие ключи">${matching.map(option)}</optgroup>
  ${others.length > 0 ? html`<optgroup label="Не того назначения (NCALayer их не предложил бы)">${others.map(option)}</optgroup>` : ''}
</select>
<label for="password">Пароль ключа</label>
<input id="password" name="password" type="password" autocomplete="off">
<p><small>Пароль всех тестовых ключей: Qwerty12</small></p>
<button type="submit" name="action" value="sign">Подписать</button>
<button type="submit" name="action" value="cancel">Отмена</button>
</form></body></html>`}`;
}
