// The elliptic curves of GOST R 34.10-2001/2012 and Kazakhstan's GOST 34.310-2004 and
// GOST 34.10-2015, as @noble/curves Weierstrass point types, and the OIDs that name them.
//
// Several OIDs name the same curve: CryptoPro-A = XchA = TC26-256-B, CryptoPro-B =
// TC26-256-C, CryptoPro-C = XchB = TC26-256-D (RFC 4357, RFC 7836). Kazakhstan names three
// of them under 1.2.398 (the NCA's Kalkan uses exactly these parameters; proven on real NCA
// certificates for the 2004 and 2015-512 ones, the 2015-256 mapping comes from two
// independent code sources).
//
// The parameters are checked at start by noble (the generator is on the curve) and by the
// tests (q·G = 0, the RFC 7091 vectors, round trips on every curve).
import {
  type WeierstrassPoint,
  type WeierstrassPointCons,
  weierstrass,
} from '@noble/curves/abstract/weierstrass.js';

export type GostCurveName =
  | 'cryptopro-a'
  | 'cryptopro-b'
  | 'cryptopro-c'
  | 'tc26-256-a'
  | 'tc26-512-a'
  | 'tc26-512-b'
  | 'test-256'
  | 'test-512';

export type GostPoint = WeierstrassPoint<bigint>;

export interface GostCurve {
  readonly name: GostCurveName;
  /** Bytes of a coordinate, of a scalar and of the matching digest: 32 or 64. */
  readonly size: 32 | 64;
  /** Order of the generator's subgroup (`q` in the standard, `n` in noble). */
  readonly q: bigint;
  readonly Point: WeierstrassPointCons<bigint>;
}

interface Parameters {
  p: bigint;
  a: bigint;
  b: bigint;
  q: bigint;
  h: bigint;
  x: bigint;
  y: bigint;
}

// Values from RFC 4357 §11.4 (CryptoPro), RFC 7836 Appendix A (TC26), RFC 7091 §7 (test curves),
// the same as in GostCrypto's tables and the openssl GOST engine.
const PARAMETERS: Readonly<Record<GostCurveName, Parameters>> = {
  'cryptopro-a': {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97n,
    a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd94n,
    b: 0xa6n,
    q: 0xffffffffffffffffffffffffffffffff6c611070995ad10045841b09b761b893n,
    h: 1n,
    x: 1n,
    y: 0x8d91e471e0989cda27df505a453f2b7635294f2ddf23e3b122acc99c9e9f1e14n,
  },
  'cryptopro-b': {
    p: 0x8000000000000000000000000000000000000000000000000000000000000c99n,
    a: 0x8000000000000000000000000000000000000000000000000000000000000c96n,
    b: 0x3e1af419a269a5f866a7d3c25c3df80ae979259373ff2b182f49d4ce7e1bbc8bn,
    q: 0x800000000000000000000000000000015f700cfff1a624e5e497161bcc8a198fn,
    h: 1n,
    x: 1n,
    y: 0x3fa8124359f96680b83d1c3eb2c070e5c545c9858d03ecfb744bf8d717717efcn,
  },
  'cryptopro-c': {
    p: 0x9b9f605f5a858107ab1ec85e6b41c8aacf846e86789051d37998f7b9022d759bn,
    a: 0x9b9f605f5a858107ab1ec85e6b41c8aacf846e86789051d37998f7b9022d7598n,
    b: 0x805an,
    q: 0x9b9f605f5a858107ab1ec85e6b41c8aa582ca3511eddfb74f02f3a6598980bb9n,
    h: 1n,
    x: 0n,
    y: 0x41ece55743711a8c3cbf3783cd08c0ee4d4dc440d4641a8f366e550dfdb3bb67n,
  },
  // The twisted Edwards curve of RFC 7836 in its Weierstrass form. Cofactor 4: q is the
  // order of the generator, and a public key must be checked to lie in its subgroup.
  'tc26-256-a': {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97n,
    a: 0xc2173f1513981673af4892c23035a27ce25e2013bf95aa33b22c656f277e7335n,
    b: 0x295f9bae7428ed9ccc20e7c359a9d41a22fccd9108e17bf7ba9337a6f8ae9513n,
    q: 0x400000000000000000000000000000000fd8cddfc87b6635c115af556c360c67n,
    h: 4n,
    x: 0x91e38443a5e82c0d880923425712b2bb658b9196932e02c78b2582fe742daa28n,
    y: 0x32879423ab1a0375895786c4bb46e9565fde0b5344766740af268adb32322e5cn,
  },
  'tc26-512-a': {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc7n,
    a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc4n,
    b: 0xe8c2505dedfc86ddc1bd0b2b6667f1da34b82574761cb0e879bd081cfd0b6265ee3cb090f30d27614cb4574010da90dd862ef9d4ebee4761503190785a71c760n,
    q: 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff27e69532f48d89116ff22b8d4e0560609b4b38abfad2b85dcacdb1411f10b275n,
    h: 1n,
    x: 3n,
    y: 0x7503cfe87a836ae3a61b8816e25450e6ce5e1c93acf1abc1778064fdcbefa921df1626be4fd036e93d75e6a50e3a41e98028fe5fc235f5b889a589cb5215f2a4n,
  },
  'tc26-512-b': {
    p: 0x8000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006fn,
    a: 0x8000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006cn,
    b: 0x687d1b459dc841457e3e06cf6f5e2517b97c7d614af138bcbf85dc806c4b289f3e965d2db1416d217f8b276fad1ab69c50f78bee1fa3106efb8ccbc7c5140116n,
    q: 0x800000000000000000000000000000000000000000000000000000000000000149a1ec142565a545acfdb77bd9d40cfa8b996712101bea0ec6346c54374f25bdn,
    h: 1n,
    x: 2n,
    y: 0x1a8f7eda389b094c2c071e3647a8940f3c123b697578c213be6dd9e6c8ec7335dcb228fd1edf4a39152cbcaaf8c0398828041055f94ceeec7e21340780fe41bdn,
  },
  // The example curves of GOST R 34.10-2012 Appendix A.1 and A.2 (RFC 7091 §7.1, §7.2). Only for
  // known-answer tests; never accepted from a certificate (no OID maps to them there).
  'test-256': {
    p: 0x8000000000000000000000000000000000000000000000000000000000000431n,
    a: 7n,
    b: 0x5fbff498aa938ce739b8e022fbafef40563f6e6a3472fc2a514c0ce9dae23b7en,
    q: 0x8000000000000000000000000000000150fe8a1892976154c59cfc193accf5b3n,
    h: 1n,
    x: 2n,
    y: 0x08e2a8a0e65147d4bd6316030e16d19c85c97f0a9ca267122b96abbcea7e8fc8n,
  },
  'test-512': {
    p: 0x4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15df1d852741af4704a0458047e80e4546d35b8336fac224dd81664bbf528be6373n,
    a: 7n,
    b: 0x1cff0806a31116da29d8cfa54e57eb748bc5f377e49400fdd788b649eca1ac4361834013b2ad7322480a89ca58e0cf74bc9e540c2add6897fad0a3084f302adcn,
    q: 0x4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15da82f2d7ecb1dbac719905c5eecc423f1d86e25edbe23c595d644aaf187e6e6dfn,
    h: 1n,
    x: 0x24d19cc64572ee30f396bf6ebbfd7a6c5213b3b3d7057cc825f91093a68cd762fd60611262cd838dc6b60aa7eee804e28bc849977fac33b4b530f1b120248a9an,
    y: 0x2bb312a43bd2ce6e0d020613c857acddcfbf061e91e5f2c3f32447c259f39b2c83ab156d77f1496bf7eb3351e1ee4e43dc1a18b91b24640b6dbb92cb1add371en,
  },
};

const SIZES: Readonly<Record<GostCurveName, 32 | 64>> = {
  'cryptopro-a': 32,
  'cryptopro-b': 32,
  'cryptopro-c': 32,
  'tc26-256-a': 32,
  'tc26-512-a': 64,
  'tc26-512-b': 64,
  'test-256': 32,
  'test-512': 64,
};

export const CURVE_NAMES = Object.keys(PARAMETERS) as readonly GostCurveName[];

const built = new Map<GostCurveName, GostCurve>();

/** The curve by name; the point type is built on first use (a few milliseconds each). */
export function curveByName(name: GostCurveName): GostCurve {
  let curve = built.get(name);
  if (!curve) {
    const { p, a, b, q, h, x, y } = PARAMETERS[name];
    const Point = weierstrass({ p, a, b, n: q, h, Gx: x, Gy: y });
    curve = Object.freeze({ name, size: SIZES[name], q, Point });
    built.set(name, curve);
  }
  return curve;
}

/**
 * Parameter-set OIDs, Russian and Kazakh, to curves. The test curves of RFC 7091 have OIDs too
 * (1.2.643.2.2.35.0, 1.2.643.7.1.2.1.2.0) but are left out on purpose: a certificate naming a
 * test curve is refused as an unknown parameter set.
 */
const CURVE_OIDS: Readonly<Record<string, GostCurveName>> = {
  // RFC 4357: GOST R 34.10-2001 parameter sets (also used with 2012-256 keys).
  '1.2.643.2.2.35.1': 'cryptopro-a',
  '1.2.643.2.2.35.2': 'cryptopro-b',
  '1.2.643.2.2.35.3': 'cryptopro-c',
  '1.2.643.2.2.36.0': 'cryptopro-a', // XchA
  '1.2.643.2.2.36.1': 'cryptopro-c', // XchB
  // RFC 7836 / TC26: GOST R 34.10-2012 parameter sets.
  '1.2.643.7.1.2.1.1.1': 'tc26-256-a',
  '1.2.643.7.1.2.1.1.2': 'cryptopro-a', // TC26-256-B
  '1.2.643.7.1.2.1.1.3': 'cryptopro-b', // TC26-256-C
  '1.2.643.7.1.2.1.1.4': 'cryptopro-c', // TC26-256-D
  '1.2.643.7.1.2.1.2.1': 'tc26-512-a',
  '1.2.643.7.1.2.1.2.2': 'tc26-512-b',
  // Kazakhstan (НУЦ РК / Kalkan).
  '1.2.398.3.10.1.1.1.1.1': 'cryptopro-a', // GOST 34.310-2004, "PKIGOVKZ-A"
  '1.2.398.3.10.1.1.2.1.1': 'tc26-256-a', // GOST 34.10-2015 256, paramSetA
  '1.2.398.3.10.1.1.2.2.1': 'tc26-512-a', // GOST 34.10-2015 512, paramSetA
};

export function curveByOid(oid: string): GostCurve | undefined {
  const name = Object.hasOwn(CURVE_OIDS, oid) ? CURVE_OIDS[oid] : undefined;
  return name ? curveByName(name) : undefined;
}

/** The OID we write for a curve in a key of the given country's family. */
export function curveOid(name: GostCurveName, family: 'ru' | 'kz'): string | undefined {
  const prefix = family === 'kz' ? '1.2.398.' : '1.2.643.';
  // The first match in table order is the canonical one (CryptoPro before Xch and TC26 aliases).
  return Object.entries(CURVE_OIDS).find(([oid, n]) => n === name && oid.startsWith(prefix))?.[0];
}
