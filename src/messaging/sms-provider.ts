/**
 * SMS out through a provider. `dev` keeps the message for the development mailbox; `http` is a
 * generic HTTP gateway client configurable enough for the usual Russian and Kazakh gateways
 * (see README: SMSC.ru and Mobizon examples): URL, method, a form / JSON / query body whose
 * values are templated with {{phone}}, {{phone_digits}}, {{text}}, {{id}}, success recognised by
 * status and an optional pattern on the response.
 */
import type { SendResult } from './email-transport.js';

export interface SmsToSend {
  readonly id: string;
  readonly to: string; // E.164
  readonly text: string;
}

export interface SmsProvider {
  readonly name: string;
  send(sms: SmsToSend): Promise<SendResult>;
}

export const devSmsProvider: SmsProvider = {
  name: 'dev',
  async send() {
    return { ok: true, providerId: 'dev-mailbox' };
  },
};

export interface HttpSmsOptions {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly format: 'form' | 'json' | 'query';
  /** Field → template, e.g. { "phones": "{{phone_digits}}", "mes": "{{text}}" }. */
  readonly fields: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly successPattern: RegExp | null;
  readonly timeoutMs: number;
}

function fill(template: string, sms: SmsToSend): string {
  const values: Record<string, string> = {
    phone: sms.to,
    phone_digits: sms.to.replace(/^\+/, ''),
    text: sms.text,
    id: sms.id,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

export function httpSmsProvider(options: HttpSmsOptions): SmsProvider {
  return {
    name: 'http',
    async send(sms) {
      const fields = Object.fromEntries(Object.entries(options.fields).map(([k, v]) => [k, fill(v, sms)]));
      const url = new URL(fill(options.url, sms));
      const headers: Record<string, string> = { ...options.headers };
      let body: string | undefined;
      if (options.format === 'query' || options.method === 'GET') {
        for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, v);
      } else if (options.format === 'json') {
        headers['content-type'] = 'application/json; charset=utf-8';
        body = JSON.stringify(fields);
      } else {
        headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
        body = new URLSearchParams(fields).toString();
      }
      try {
        const res = await fetch(url, {
          method: options.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(options.timeoutMs),
          redirect: 'error',
        });
        const text = (await res.text()).slice(0, 2000);
        if (!res.ok) {
          // 4xx (but 408/429) means the gateway refuses this request as it is: retrying won't help.
          const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
          return { ok: false, permanent, error: `HTTP ${res.status}: ${text.slice(0, 200)}` };
        }
        if (options.successPattern && !options.successPattern.test(text)) {
          return { ok: false, permanent: false, error: `unexpected response: ${text.slice(0, 200)}` };
        }
        return { ok: true, providerId: text.slice(0, 200) || null };
      } catch (err) {
        return { ok: false, permanent: false, error: `request failed: ${(err as Error).message}` };
      }
    },
  };
}
