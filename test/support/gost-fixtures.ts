/**
 * The GOST test data in `test/fixtures/`: real NCA objects (`nca/`) and objects made by
 * openssl's GOST engine (`gost-openssl/`); each folder's README says where they come from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths.js';

export function fixtureText(path: string): string {
  return readFileSync(join(projectRoot(), 'test', 'fixtures', path), 'utf8');
}

/** An NCA object: the DER decoded from its `.b64` file. */
export function ncaDer(
  name: 'root_gost.crt' | 'nca_gost2015_test.cer' | 'nca_gost2022_test.crl',
): Uint8Array {
  return Uint8Array.from(Buffer.from(fixtureText(`nca/${name}.b64`), 'base64'));
}

export interface OpensslFixture {
  readonly name: string;
  readonly algorithm: 'ru2001' | 'ru2012-256' | 'ru2012-512';
  readonly curve: 'cryptopro-a' | 'cryptopro-c' | 'tc26-256-a' | 'tc26-512-a' | 'tc26-512-b';
}

export const OPENSSL_FIXTURES: readonly OpensslFixture[] = [
  { name: 'cp-a', algorithm: 'ru2012-256', curve: 'cryptopro-a' },
  { name: 'xchb', algorithm: 'ru2012-256', curve: 'cryptopro-c' },
  { name: 'tc26-256-a', algorithm: 'ru2012-256', curve: 'tc26-256-a' },
  { name: 'tc26-512-a', algorithm: 'ru2012-512', curve: 'tc26-512-a' },
  { name: 'tc26-512-b', algorithm: 'ru2012-512', curve: 'tc26-512-b' },
  { name: 'gost2001-a', algorithm: 'ru2001', curve: 'cryptopro-a' },
];

export function opensslFile(name: string, suffix: 'key.pem' | 'crt.pem' | 'sig.b64' | 'jwt'): string {
  return fixtureText(`gost-openssl/${name}.${suffix}`);
}

/** The message every `<name>.sig.b64` signs (`openssl dgst -sign … msg.txt`). */
export function opensslMessage(): Uint8Array {
  return Uint8Array.from(readFileSync(join(projectRoot(), 'test', 'fixtures', 'gost-openssl', 'msg.txt')));
}

export function opensslSignature(name: string): Uint8Array {
  return Uint8Array.from(Buffer.from(opensslFile(name, 'sig.b64'), 'base64'));
}
