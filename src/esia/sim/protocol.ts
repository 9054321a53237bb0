/**
 * What the simulator checks in a request from a system, as ESIA does (protocols.md §2, §4):
 * the client is registered, the redirect URI is one of its own (ESIA-007023), mandatory
 * parameters are there (ESIA-007014), the timestamp is within five minutes (ESIA-007015), the
 * certificate hash is the registered certificate's and `client_secret` is a GOST signature by
 * its key of exactly the expected text (ESIA-007053), and the scopes are allowed (ESIA-007006).
 */

import { extended } from '../../core/extended.js';
import {
  type GostPublicKey,
  parseCertificate,
  publicKeyFromCertificate,
  verifyMessage,
} from '../../core/gost/index.js';
import { certificateHash, parseEsiaTimestamp, secretInput } from '../secret.js';

export interface SimClient {
  readonly clientId: string;
  /** DER of the certificate the system registered. */
  readonly certificate: Uint8Array;
  readonly redirectUris: readonly string[];
  readonly scopes: readonly string[];
}

export interface RegisteredClient extends SimClient {
  readonly key: GostPublicKey;
  readonly hash: string;
}

export function registerClient(client: SimClient): RegisteredClient {
  const cert = parseCertificate(client.certificate);
  const key = cert ? publicKeyFromCertificate(cert) : undefined;
  if (!key?.ok) throw new Error(`the certificate of ${client.clientId} holds no GOST key`);
  return extended(client, { key: key.key, hash: certificateHash(client.certificate) });
}

export type ProtocolError = { readonly code: string; readonly error: string; readonly text: string };

export const ESIA_TEXTS: Readonly<Record<string, string>> = {
  'ESIA-007002': 'Несоответствие сертификата и мнемоники информационной системы',
  'ESIA-007004': 'Владелец ресурса или сервис авторизации отклонил запрос',
  'ESIA-007006': 'Запрошенная область доступа (scope) указана неверно',
  'ESIA-007011': 'Авторизационный код недействителен, просрочен или выдан другой системе',
  'ESIA-007014': 'Запрос не содержит обязательного параметра',
  'ESIA-007015': 'Неверное время запроса',
  'ESIA-007023': 'Указанный адрес перенаправления не зарегистрирован для системы',
  'ESIA-007053': 'Ошибка проверки client_secret',
  'ESIA-007055': 'Вход в систему осуществляется с неподтвержденной учетной записью',
};

export function protocolError(code: string, error = 'invalid_request'): ProtocolError {
  return { code, error, text: ESIA_TEXTS[code] ?? 'Ошибка' };
}

const WINDOW_MS = 5 * 60_000;

export type Fields = Readonly<Record<string, string | undefined>>;

/** Checks the signed part of a request; `code` is given for the token request. */
export function checkSignedRequest(
  client: RegisteredClient,
  fields: Fields,
  now: number,
  withCode: boolean,
): ProtocolError | null {
  const needed = ['client_secret', 'client_certificate_hash', 'scope', 'state', 'timestamp', 'redirect_uri'];
  if (withCode) needed.push('code');
  for (const name of needed) if (!fields[name]) return protocolError('ESIA-007014');
  const timestamp = parseEsiaTimestamp(fields.timestamp as string);
  if (timestamp === null || Math.abs(now - timestamp) > WINDOW_MS) return protocolError('ESIA-007015');
  if ((fields.client_certificate_hash as string).toUpperCase() !== client.hash)
    return protocolError('ESIA-007053');
  const secret = fields.client_secret as string;
  if (!/^[A-Za-z0-9_-]{80,90}={0,2}$/.test(secret)) return protocolError('ESIA-007053');
  const signature = Uint8Array.from(Buffer.from(secret, 'base64url'));
  const input = secretInput({
    clientId: client.clientId,
    scope: fields.scope as string,
    timestamp: fields.timestamp as string,
    state: fields.state as string,
    redirectUri: fields.redirect_uri as string,
    ...(withCode ? { code: fields.code as string } : {}),
  });
  if (verifyMessage(client.key, new TextEncoder().encode(input), signature, 'ru') !== 'valid')
    return protocolError('ESIA-007053');
  const scopes = (fields.scope as string).split(' ');
  if (!scopes.includes('openid') || scopes.some((s) => !client.scopes.includes(s)))
    return protocolError('ESIA-007006');
  return null;
}
