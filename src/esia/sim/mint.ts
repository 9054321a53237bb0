/**
 * The simulator's tokens, shaped like ESIA's (protocols.md §2.5): an id_token (`aud` = the
 * system, `sub` = oid, `nonce`, `urn:esia:sbj` with the level) and an access token (`client_id`,
 * `urn:esia:sbj_id`, scopes suffixed with the oid), GOST3410_2012_256-signed with the
 * simulator's key — or, for the people who test refusals, RS256, tampered, for another
 * client, expired, or signed by a key nobody configured.
 */
import { createSign, type KeyObject } from 'node:crypto';
import { extended } from '../../core/extended.js';
import { type GostPrivateKey, generateKeyPair, signJwt } from '../../core/gost/index.js';
import type { SimPerson } from './people.js';

export interface MintInput {
  readonly person: SimPerson;
  readonly clientId: string;
  readonly issuer: string;
  readonly scope: string;
  readonly nonce: string | null;
  readonly sid: string;
  readonly now: number;
}

const LEVEL_CLAIM = { simplified: 'P', standard: 'P', confirmed: 'PR', child: 'KD' } as const;

let strangerKey: GostPrivateKey | undefined;

function rs256(key: KeyObject, payload: object, header: object): string {
  const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64(extended(header, { alg: 'RS256' }))}.${b64(payload)}`;
  const signer = createSign('RSA-SHA256');
  signer.update(input, 'ascii');
  return `${input}.${signer.sign(key).toString('base64url')}`;
}

function tamper(token: string): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(s, 'base64url');
  bytes[5] = (bytes[5] ?? 0) ^ 0x01;
  return `${h}.${p}.${bytes.toString('base64url')}`;
}

export function mintTokens(
  input: MintInput,
  keys: { gost: GostPrivateKey; rsa: KeyObject },
): { idToken: string; accessToken: string } {
  const { person, now } = input;
  const b = person.behaviour;
  const iat = Math.floor(now / 1000) - (b === 'expired-token' ? 7200 : 0);
  const times = { iat, nbf: iat, exp: iat + 3600 };
  const idPayload = {
    iss: input.issuer,
    aud: b === 'wrong-aud' ? 'ANOTHER_SYSTEM' : input.clientId,
    sub: Number(person.oid),
    ...times,
    auth_time: iat,
    amr: 'PWD',
    'urn:esia:amd': 'PWD',
    'urn:esia:sid': input.sid,
    ...(input.nonce ? { nonce: input.nonce } : {}),
    'urn:esia:sbj': {
      'urn:esia:sbj:typ': 'P',
      ...(person.level === 'confirmed' ? { 'urn:esia:sbj:is_tru': true } : {}),
      'urn:esia:sbj:oid': Number(person.oid),
      'urn:esia:sbj:nam': `OID.${person.oid}`,
      'urn:esia:sbj:lvl': LEVEL_CLAIM[person.level],
    },
  };
  const accessPayload = {
    iss: input.issuer,
    client_id: b === 'wrong-aud' ? 'ANOTHER_SYSTEM' : input.clientId,
    ...times,
    'urn:esia:sid': input.sid,
    'urn:esia:sbj_id': Number(person.oid),
    scope: input.scope
      .split(' ')
      .map((s) => (s === 'openid' ? s : `${s}?oid=${person.oid}`))
      .join(' '),
  };
  if (b === 'rsa')
    return {
      idToken: rs256(keys.rsa, idPayload, { ver: 1, typ: 'JWT', sbt: 'id' }),
      accessToken: rs256(keys.rsa, accessPayload, { ver: 1, typ: 'JWT', sbt: 'access' }),
    };
  if (b === 'other-key') strangerKey ??= generateKeyPair('ru2012-256');
  const key = b === 'other-key' ? (strangerKey as GostPrivateKey) : keys.gost;
  const idToken = signJwt(key, idPayload, { ver: 1, typ: 'JWT', sbt: 'id' });
  const accessToken = signJwt(key, accessPayload, { ver: 1, typ: 'JWT', sbt: 'access' });
  return b === 'tampered-token' ? { idToken: tamper(idToken), accessToken } : { idToken, accessToken };
}
