import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  b64,
  foreignPki,
  pkiFetch,
  sharedPki,
  signAs,
  signWithOdd,
  trustOf,
} from '../../test/support/ncalayer.js';
import { cmsPem } from '../ncalayer-sim/cms-sign.js';
import type { KeyFamily } from '../ncalayer-sim/keys.js';
import { findKey } from '../ncalayer-sim/pki.js';
import { revocationChecker } from './revocation.js';
import { type SignaturePolicy, type SignatureVerdict, verifySignature } from './verify.js';

const challenge = new TextEncoder().encode('propusk-challenge-0123456789abcdef');

function policy(over: Partial<SignaturePolicy> = {}): SignaturePolicy {
  return { trust: trustOf(sharedPki()), revocation: 'required', sources: ['ocsp', 'crl'], ...over };
}

async function check(
  cms: string,
  options: { purpose?: 'auth' | 'sign'; content?: Uint8Array; policy?: SignaturePolicy; down?: boolean } = {},
): Promise<SignatureVerdict> {
  const fetch = pkiFetch(sharedPki());
  fetch.down = options.down ?? false;
  return verifySignature(revocationChecker(fetch.fetch), cms, options.policy ?? policy(), {
    content: options.content ?? challenge,
    purpose: options.purpose ?? 'auth',
    now: Date.now(),
  });
}

function refused(verdict: SignatureVerdict): string {
  return verdict.ok ? 'accepted' : verdict.reason;
}

for (const family of ['rsa', 'gost', 'gost256', 'gost2004'] as const satisfies readonly KeyFamily[]) {
  describe(`verification of ${family} signatures`, () => {
    const pki = sharedPki();

    test('an individual’s authentication key, attached with signed attributes: IIN read', async () => {
      const verdict = await check(cmsPem(signAs(pki, family, 'individual', challenge)));
      assert.ok(verdict.ok, refused(verdict));
      assert.equal(verdict.signature.identity.iin, '061211600012');
      assert.equal(verdict.signature.identity.bin, null);
      assert.equal(verdict.signature.revocation, 'good');
    });

    test('an employee’s key: IIN, BIN and organisation', async () => {
      const verdict = await check(b64(signAs(pki, family, 'employee', challenge)));
      assert.ok(verdict.ok, refused(verdict));
      assert.equal(verdict.signature.identity.iin, '880501300124');
      assert.equal(verdict.signature.identity.bin, '061211600012');
      assert.equal(verdict.signature.identity.organisation, 'ТОО «ЭкоТранс Алматы»');
    });

    test('detached, and without signed attributes', async () => {
      for (const [attached, signedAttributes] of [
        [false, true],
        [true, false],
        [false, false],
      ] as const) {
        const verdict = await check(
          b64(signAs(pki, family, 'individual', challenge, { attached, signedAttributes })),
        );
        assert.ok(verdict.ok, `${String(attached)}/${String(signedAttributes)}: ${refused(verdict)}`);
      }
    });

    test('tampered content, another challenge, another key', async () => {
      const der = signAs(pki, family, 'individual', challenge);
      const at = Buffer.from(der).indexOf(Buffer.from('0123456789'));
      const tampered = Uint8Array.from(der);
      tampered[at] = 0x39;
      assert.equal(refused(await check(b64(tampered))), 'bad-signature');
      assert.equal(
        refused(await check(b64(signAs(pki, family, 'individual', new TextEncoder().encode('другой'))))),
        'content-mismatch',
      );
      const other = findKey(pki, family, 'unknown').key;
      assert.equal(
        refused(await check(b64(signAs(pki, family, 'individual', challenge, { withKey: other })))),
        'bad-signature',
      );
      const detachedOther = signAs(pki, family, 'individual', new TextEncoder().encode('x'), {
        attached: false,
      });
      assert.equal(refused(await check(b64(detachedOther))), 'bad-signature');
    });

    test('expired, revoked (OCSP and CRL), unknown CA, wrong purpose', async () => {
      assert.equal(refused(await check(b64(signAs(pki, family, 'expired', challenge)))), 'expired');
      assert.equal(refused(await check(b64(signAs(pki, family, 'revoked', challenge)))), 'revoked');
      assert.equal(
        refused(
          await check(b64(signAs(pki, family, 'revoked', challenge)), {
            policy: policy({ sources: ['crl'] }),
          }),
        ),
        'revoked',
      );
      assert.equal(
        refused(await check(b64(signAs(foreignPki(), family, 'individual', challenge)))),
        'unknown-issuer',
      );
      assert.equal(refused(await check(b64(signAs(pki, family, 'signing', challenge)))), 'wrong-purpose');
      const statement = await check(b64(signAs(pki, family, 'signing', challenge)), { purpose: 'sign' });
      assert.ok(statement.ok, refused(statement));
      assert.equal(
        refused(await check(b64(signAs(pki, family, 'individual', challenge)), { purpose: 'sign' })),
        'wrong-purpose',
      );
    });

    test('no IIN, an IIN or BIN with a wrong check digit', async () => {
      const noIin = signWithOdd(pki, family, { commonName: 'БЕЗ ИИН' }, challenge);
      assert.equal(refused(await check(b64(noIin))), 'no-iin');
      const wrongIin = signWithOdd(
        pki,
        family,
        { commonName: 'X', serialNumber: 'IIN123456789011' },
        challenge,
      );
      assert.equal(refused(await check(b64(wrongIin))), 'iin-checksum');
      const wrongBin = signWithOdd(
        pki,
        family,
        { commonName: 'X', serialNumber: 'IIN061211600012', unit: 'BIN061211600013' },
        challenge,
      );
      assert.equal(refused(await check(b64(wrongBin))), 'bin-checksum');
    });

    test('revocation: required refuses when nobody answers; best effort accepts unchecked; off asks nobody', async () => {
      const cms = b64(signAs(pki, family, 'individual', challenge));
      assert.equal(refused(await check(cms, { down: true })), 'revocation-unavailable');
      const best = await check(cms, { down: true, policy: policy({ revocation: 'best-effort' }) });
      assert.ok(best.ok && best.signature.revocation === 'unchecked');
      const revoked = await check(b64(signAs(pki, family, 'revoked', challenge)), {
        policy: policy({ revocation: 'off' }),
      });
      assert.ok(revoked.ok && revoked.signature.revocation === 'unchecked');
    });
  });
}

test('malformed base64, malformed ASN.1, not SignedData, a 10 MB CMS: each its own refusal', async () => {
  assert.equal(refused(await check('')), 'malformed-base64');
  assert.equal(refused(await check('not base64 at all!')), 'malformed-base64');
  assert.equal(
    refused(await check(Buffer.from('hello, this is no ASN.1').toString('base64'))),
    'malformed-asn1',
  );
  assert.equal(refused(await check('MAMCAQE=')), 'malformed-asn1'); // SEQUENCE { INTEGER 1 }
  // ContentInfo { id-data, [0] OCTET STRING "hi" }: readable, but not SignedData.
  assert.equal(refused(await check('MBEGCSqGSIb3DQEHAaAEBAJoaQ==')), 'not-signed-data');
  assert.equal(refused(await check('A'.repeat(10 * 1024 * 1024))), 'too-large');
  const der = signAs(sharedPki(), 'rsa', 'individual', challenge);
  assert.equal(refused(await check(b64(der.subarray(0, der.length - 10)))), 'malformed-asn1');
});

test('a fetched CRL is cached until its nextUpdate', async () => {
  const pki = sharedPki();
  const fetch = pkiFetch(pki);
  const checker = revocationChecker(fetch.fetch);
  for (let i = 0; i < 3; i++) {
    const verdict = await verifySignature(
      checker,
      b64(signAs(pki, 'gost', 'individual', challenge)),
      policy({ sources: ['crl'] }),
      {
        content: challenge,
        purpose: 'auth',
        now: Date.now(),
      },
    );
    assert.ok(verdict.ok);
  }
  assert.equal(checker.downloads(), 1);
  assert.deepEqual(fetch.urls, [`${pki.baseUrl}/crl/gost.crl`]);
});
