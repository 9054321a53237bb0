import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromHex, reversed, toHex } from './bytes.js';
import { gostHash, HASH_BYTES, streebog256, streebog512 } from './hash.js';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

// RFC 6986 §10: M1 is the 63 ASCII digits "0123…012"; M2 is the CP1251 bytes of
// «Се ветри, Стрибожи внуци, веютъ с моря стрелами на храбрыя плъкы Игоревы». The RFC prints
// messages and digests as big-endian numbers; below they are in byte order, the order openssl,
// gost12sum and every signature format use (each checked against openssl's md_gost12_*).
const M1 = ascii('012345678901234567890123456789012345678901234567890123456789012');
const M2 = fromHex(
  'd1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0ece8' +
    '20ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb',
);

test('Streebog: RFC 6986 messages as the RFC prints them (reversed) are our inputs', () => {
  assert.equal(M1.length, 63);
  assert.equal(M2.length, 72);
  assert.equal(
    toHex(reversed(M1)),
    '323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130',
  );
});

test('Streebog-256: RFC 6986 M1, M2 and the empty message, in byte output order', () => {
  assert.equal(toHex(streebog256(M1)), '9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500');
  assert.equal(toHex(streebog256(M2)), '9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50');
  assert.equal(
    toHex(streebog256(new Uint8Array(0))),
    '3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb',
  );
  // The RFC's own notation of H256(M1) is the reverse.
  assert.equal(
    toHex(reversed(streebog256(M1))),
    '00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d',
  );
});

test('Streebog-512: RFC 6986 M1, M2 and the empty message, in byte output order', () => {
  assert.equal(
    toHex(streebog512(M1)),
    '1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa' +
      '00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48',
  );
  assert.equal(
    toHex(streebog512(M2)),
    '1e88e62226bfca6f9994f1f2d51569e0daf8475a3b0fe61a5300eee46d961376' +
      '035fe83549ada2b8620fcd7c496ce5b33f0cb9dddc2b6460143b03dabac9fb28',
  );
  assert.equal(
    toHex(streebog512(new Uint8Array(0))),
    '8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7' +
      '362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a',
  );
});

// GOST R 34.11-94 vectors of RFC 5831 / the standard's examples. The test S-box is what
// Kazakhstan's GOST 34.311-95 uses (1.2.398.3.10.1.3.1).
test('GOST R 34.11-94, test S-box (KZ GOST 34.311-95): the standard vectors', () => {
  const h = (text: string): string => toHex(gostHash('gost94-test', ascii(text)));
  assert.equal(h(''), 'ce85b99cc46752fffee35cab9a7b0278abb4c2d2055cff685af4912c49490f8d');
  assert.equal(h('abc'), 'f3134348c44fb1b2a277729e2285ebb5cb5e0f29c975bc753b70497c06a4d51d');
  assert.equal(
    h('This is message, length=32 bytes'),
    'b1c466d37519b82e8319819ff32595e047a28cb6f83eff1c6916a815a637fffa',
  );
  assert.equal(
    h('Suppose the original message has length = 50 bytes'),
    '471aba57a60a770d3a76130635c1fbea4ef14de51f78b4ae57dd893b62f55208',
  );
  assert.equal(h('U'.repeat(128)), '53a3a3ed25180cef0c1d85a074273e551c25660a87062a52d926a9e8fe5733a4');
});

test('GOST R 34.11-94, CryptoPro S-box: the published vectors', () => {
  const h = (text: string): string => toHex(gostHash('gost94-cryptopro', ascii(text)));
  // openssl's md_gost94 agrees on every one of these except the empty message, for which the
  // GOST engine prints 3f25bc1f…; the published value is this one.
  assert.equal(h(''), '981e5f3ca30c841487830f84fb433e13ac1101569b9c13584ac483234cd656c0');
  assert.equal(h('abc'), 'b285056dbf18d7392d7677369524dd14747459ed8143997e163b2986f92fd42c');
  assert.equal(
    h('This is message, length=32 bytes'),
    '2cefc2f7b7bdc514e18ea57fa74ff357e7fa17d652c75f69cb1be7893ede48eb',
  );
  assert.equal(
    h('Suppose the original message has length = 50 bytes'),
    'c3730c5cbccacf915ac292676f21e8bd4ef75331d9405e5f1a61dc3130a65011',
  );
  assert.equal(h('U'.repeat(128)), '1c4ac7614691bbf427fa2316216be8f10d92edfd37cd1027514c1008f649c4e8');
});

test('hashes read only the bytes of a view, not the whole buffer under it', () => {
  // A Node Buffer slice shares a larger pool; a subarray has an offset.
  const backing = new Uint8Array(200).fill(0x55);
  backing.set(M1, 37);
  const view = backing.subarray(37, 37 + M1.length);
  assert.deepEqual(streebog256(view), streebog256(M1));
  const pooled = Buffer.from('abc');
  assert.equal(toHex(gostHash('gost94-test', pooled)), toHex(gostHash('gost94-test', ascii('abc'))));
  // The input is not changed.
  assert.deepEqual(view, M1);
});

test('hashes are stateless between calls and lengths match HASH_BYTES', () => {
  for (const name of ['streebog256', 'streebog512', 'gost94-test', 'gost94-cryptopro'] as const) {
    const first = gostHash(name, M2);
    gostHash(name, M1);
    assert.deepEqual(gostHash(name, M2), first, name);
    assert.equal(first.length, HASH_BYTES[name]);
  }
});

test('Streebog crosses its 64-byte block boundary correctly (63, 64, 65 bytes differ)', () => {
  const digests = [63, 64, 65, 128].map((n) => toHex(streebog256(new Uint8Array(n))));
  assert.equal(new Set(digests).size, digests.length);
});
