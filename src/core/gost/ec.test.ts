import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bigToLE } from './bytes.js';
import { CURVE_NAMES, curveByName, curveByOid, curveOid } from './curves.js';
import { digestToE, signWithNonce, verifyRaw } from './ec.js';

// GOST R 34.10-2012 Appendix A (RFC 7091 §7): the standard's own examples. `e` is given as
// a number; our functions take a digest, so e is written as the digest whose little-endian
// reading is e (e < q in both examples, so e mod q = e).
const A1 = {
  curve: 'test-256',
  d: 0x7a929ade789bb9be10ed359dd39a72c11b60961f49397eee1d19ce9891ec3b28n,
  Qx: 0x7f2b49e270db6d90d8595bec458b50c58585ba1d4e9b788f6689dbd8e56fd80bn,
  Qy: 0x26f1b489d6701dd185c8413a977b3cbbaf64d1c593d26627dffb101a87ff77dan,
  e: 0x2dfbc1b372d89a1188c09c52e0eec61fce52032ab1022e8e67ece6672b043ee5n,
  k: 0x77105c9b20bcd3122823c8cf6fcc7b956de33814e95b7fe64fed924594dceab3n,
  r: 0x41aa28d2f1ab148280cd9ed56feda41974053554a42767b83ad043fd39dc0493n,
  s: 0x01456c64ba4642a1653c235a98a60249bcd6d3f746b631df928014f6c5bf9c40n,
} as const;

const A2 = {
  curve: 'test-512',
  d: 0x0ba6048aadae241ba40936d47756d7c93091a0e8514669700ee7508e508b102072e8123b2200a0563322dad2827e2714a2636b7bfd18aadfc62967821fa18dd4n,
  Qx: 0x115dc5bc96760c7b48598d8ab9e740d4c4a85a65be33c1815b5c320c854621dd5a515856d13314af69bc5b924c8b4ddff75c45415c1d9dd9dd33612cd530efe1n,
  Qy: 0x37c7c90cd40b0f5621dc3ac1b751cfa0e2634fa0503b3d52639f5d7fb72afd61ea199441d943ffe7f0c70a2759a3cdb84c114e1f9339fdf27f35eca93677beecn,
  e: 0x3754f3cfacc9e0615c4f4a7c4d8dab531b09b6f9c170c533a71d147035b0c5917184ee536593f4414339976c647c5d5a407adedb1d560c4fc6777d2972075b8cn,
  k: 0x0359e7f4b1410feacc570456c6801496946312120b39d019d455986e364f365886748ed7a44b3e794434006011842286212273a6d14cf70ea3af71bb1ae679f1n,
  r: 0x2f86fa60a081091a23dd795e1e3c689ee512a3c82ee0dcc2643c78eea8fcacd35492558486b20f1c9ec197c90699850260c93bcbcd9c5c3317e19344e173ae36n,
  s: 0x1081b394696ffe8e6585e7a9362d26b6325f56778aadbc081c0bfbe933d52ff5823ce288e8c4f362526080df7f70ce406a6eeb1f56919cb92a9853bde73e5b4an,
} as const;

for (const [label, v] of [
  ['A.1 (256)', A1],
  ['A.2 (512)', A2],
] as const) {
  const curve = curveByName(v.curve);
  const digest = bigToLE(v.e, curve.size);

  test(`GOST R 34.10-2012 ${label}: public key from d`, () => {
    const Q = curve.Point.BASE.multiply(v.d).toAffine();
    assert.equal(Q.x, v.Qx);
    assert.equal(Q.y, v.Qy);
  });

  test(`GOST R 34.10-2012 ${label}: the signature with the given k`, () => {
    assert.equal(digestToE(curve, digest), v.e);
    assert.deepEqual(signWithNonce(curve, v.d, digest, v.k), { r: v.r, s: v.s });
  });

  test(`GOST R 34.10-2012 ${label}: verify, and refuse a tampered signature, another key, another message`, () => {
    const Q = curve.Point.fromAffine({ x: v.Qx, y: v.Qy });
    assert.equal(verifyRaw(curve, Q, digest, { r: v.r, s: v.s }), true);
    assert.equal(verifyRaw(curve, Q, digest, { r: v.r, s: v.s ^ 1n }), false);
    assert.equal(verifyRaw(curve, Q, digest, { r: v.r + 1n, s: v.s }), false);
    assert.equal(verifyRaw(curve, Q, digest, { r: v.s, s: v.r }), false);
    const other = curve.Point.BASE.multiply(v.d + 1n);
    assert.equal(verifyRaw(curve, other, digest, { r: v.r, s: v.s }), false);
    const otherDigest = Uint8Array.from(digest);
    otherDigest[0] = (otherDigest[0] ?? 0) ^ 1;
    assert.equal(verifyRaw(curve, Q, otherDigest, { r: v.r, s: v.s }), false);
  });

  test(`GOST R 34.10-2012 ${label}: r or s of 0 or ≥ q is invalid, not an exception`, () => {
    const Q = curve.Point.fromAffine({ x: v.Qx, y: v.Qy });
    for (const sig of [
      { r: 0n, s: v.s },
      { r: v.r, s: 0n },
      { r: curve.q, s: v.s },
      { r: v.r, s: curve.q },
      { r: v.r + curve.q, s: v.s },
      { r: -v.r, s: v.s },
    ]) {
      assert.equal(verifyRaw(curve, Q, digest, sig), false);
    }
  });
}

test('e = LE(H) mod q, and a digest that reduces to 0 becomes e = 1', () => {
  const curve = curveByName('test-256');
  assert.equal(digestToE(curve, bigToLE(curve.q, 32)), 1n);
  assert.equal(digestToE(curve, new Uint8Array(32)), 1n);
  assert.equal(digestToE(curve, bigToLE(curve.q + 5n, 32)), 5n);
  const little = new Uint8Array(32);
  little[0] = 2;
  assert.equal(digestToE(curve, little), 2n);
});

test('every curve: the generator has order q (q·G = 0, (q−1)·G = −G)', () => {
  for (const name of CURVE_NAMES) {
    const { Point, q } = curveByName(name);
    const G = Point.BASE;
    assert.equal(
      G.multiplyUnsafe(q - 1n)
        .add(G)
        .is0(),
      true,
      name,
    );
    assert.equal(G.multiplyUnsafe(q - 1n).equals(G.negate()), true, name);
  }
});

test('parameter-set OIDs: Russian and Kazakh names land on the same curves', () => {
  const same: Array<[string, string]> = [
    ['1.2.643.2.2.35.1', 'cryptopro-a'],
    ['1.2.643.2.2.36.0', 'cryptopro-a'],
    ['1.2.643.7.1.2.1.1.2', 'cryptopro-a'],
    ['1.2.398.3.10.1.1.1.1.1', 'cryptopro-a'],
    ['1.2.643.2.2.35.2', 'cryptopro-b'],
    ['1.2.643.7.1.2.1.1.3', 'cryptopro-b'],
    ['1.2.643.2.2.35.3', 'cryptopro-c'],
    ['1.2.643.2.2.36.1', 'cryptopro-c'],
    ['1.2.643.7.1.2.1.1.4', 'cryptopro-c'],
    ['1.2.643.7.1.2.1.1.1', 'tc26-256-a'],
    ['1.2.398.3.10.1.1.2.1.1', 'tc26-256-a'],
    ['1.2.643.7.1.2.1.2.1', 'tc26-512-a'],
    ['1.2.398.3.10.1.1.2.2.1', 'tc26-512-a'],
    ['1.2.643.7.1.2.1.2.2', 'tc26-512-b'],
  ];
  for (const [oid, name] of same) assert.equal(curveByOid(oid)?.name, name, oid);
  // The test curves and unknown or prototype-polluting names are not reachable from an OID.
  for (const oid of [
    '1.2.643.2.2.35.0',
    '1.2.643.7.1.2.1.2.0',
    '1.2.643.7.1.2.1.2.3',
    '',
    'constructor',
    '__proto__',
  ]) {
    assert.equal(curveByOid(oid), undefined, oid);
  }
  assert.equal(curveOid('cryptopro-a', 'ru'), '1.2.643.2.2.35.1');
  assert.equal(curveOid('tc26-512-a', 'kz'), '1.2.398.3.10.1.1.2.2.1');
  assert.equal(curveOid('cryptopro-b', 'kz'), undefined);
});
