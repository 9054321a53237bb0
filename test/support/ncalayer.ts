/**
 * The NCALayer simulator's test PKI for tests: one per process (RSA keys take a moment), its CRL
 * and OCSP answered in process through a `FetchBytes` that routes the certificates' addresses
 * to the PKI — or over real HTTP when a test starts the simulator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type * as pkijs from 'pkijs';
import { ManualClock } from '../../src/core/clock.js';
import type { DialectName } from '../../src/db/connect.js';
import { issueCertificate, type NameParts } from '../../src/ncalayer-sim/certificates.js';
import { signCms } from '../../src/ncalayer-sim/cms-sign.js';
import { type KeyFamily, newKey, type PkiKey } from '../../src/ncalayer-sim/keys.js';
import { answerOcsp } from '../../src/ncalayer-sim/ocsp-responder.js';
import { chainOf, type DemoKeyId, findKey, type TestPki, testPki } from '../../src/ncalayer-sim/pki.js';
import { type Simulator, startSimulator } from '../../src/ncalayer-sim/server.js';
import type { TrustStore } from '../../src/signature/chain.js';
import type { FetchBytes } from '../../src/signature/revocation.js';
import { type Harness, lateBound, startHarness } from './harness.js';

export const TEST_PKI_URL = 'http://pki.test';

let shared: TestPki | undefined;
let foreign: TestPki | undefined;

export function sharedPki(): TestPki {
  shared ??= testPki(TEST_PKI_URL);
  return shared;
}

/** Another PKI, whose roots nobody trusts (the unknown CA). */
export function foreignPki(): TestPki {
  foreign ??= testPki('http://elsewhere.test');
  return foreign;
}

export function trustOf(pki: TestPki): TrustStore {
  return { roots: pki.families.map((f) => f.root), intermediates: [] };
}

export interface FetchLog {
  readonly fetch: FetchBytes;
  readonly urls: string[];
  /** Make every address unreachable (a responder down). */
  down: boolean;
}

export function pkiFetch(pki: TestPki): FetchLog {
  const log: FetchLog = {
    urls: [],
    down: false,
    fetch: async (url, request) => {
      log.urls.push(url);
      if (log.down) return null;
      for (const f of pki.families) {
        if (url === `${pki.baseUrl}/crl/${f.family}.crl`) return f.crl;
        if (url === `${pki.baseUrl}/ocsp/${f.family}` && request)
          return answerOcsp(request.body, [f.authority], new Date());
      }
      return null;
    },
  };
  return log;
}

export interface SignOptions {
  readonly attached?: boolean;
  readonly signedAttributes?: boolean;
  /** Sign with this key instead of the certificate's own (another key). */
  readonly withKey?: PkiKey;
  readonly certificate?: pkijs.Certificate;
}

/** A CMS (DER) over `content` by the demo key `id` of `family`, as NCALayer makes it. */
export function signAs(
  pki: TestPki,
  family: KeyFamily,
  id: DemoKeyId,
  content: Uint8Array,
  options: SignOptions = {},
): Uint8Array {
  const demo = findKey(pki, family, id);
  return signCms(
    options.withKey ?? demo.key,
    options.certificate ?? demo.certificate,
    chainOf(pki, family),
    content,
    {
      attached: options.attached ?? true,
      signedAttributes: options.signedAttributes ?? true,
      signingTime: new Date(),
    },
  );
}

/** A certificate with any subject, issued by the PKI's intermediate (no IIN, a wrong check digit…). */
export function oddCertificate(
  pki: TestPki,
  family: KeyFamily,
  subject: NameParts,
): { key: PkiKey; certificate: pkijs.Certificate } {
  const f = pki.families.find((x) => x.family === family);
  if (!f) throw new Error(family);
  const key = newKey(family);
  const certificate = issueCertificate({
    subject,
    subjectKey: key,
    issuer: f.ca.subject,
    issuerKey: f.caKey,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000 * 30),
    usage: 'auth',
    extendedKeyUsages: ['1.3.6.1.5.5.7.3.2'],
  });
  return { key, certificate };
}

export function signWithOdd(
  pki: TestPki,
  family: KeyFamily,
  subject: NameParts,
  content: Uint8Array,
): Uint8Array {
  const odd = oddCertificate(pki, family, subject);
  return signCms(odd.key, odd.certificate, chainOf(pki, family), content, {
    attached: true,
    signedAttributes: true,
    signingTime: new Date(),
  });
}

export const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');

/** The two consents of the ЭЦП sign-in page, ticked. */
export const CONSENTS = { consent_personal_data: 'on', consent_signature_liability: 'on' };

/**
 * The NCALayer simulator (its files in a new folder, removed after) and a demo harness whose
 * ЭЦП checks go to it, for the `describe` block it is called in: started before its tests and
 * closed after them.
 */
export function useNcalayerHarness(dialect: DialectName): { readonly h: Harness; readonly sim: Simulator } {
  let h: Harness | undefined;
  let sim: Simulator | undefined;
  let dir = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ncalayer-'));
    sim = await startSimulator({ dir, port: 0 });
    h = await startHarness(dialect, {
      config: { DEMO: true, NCALAYER_SIM_DIR: dir, NCALAYER_SIM_PORT: Number(new URL(sim.url).port) },
      // Certificates, OCSP answers and signing times are made by the simulator in real time.
      clock: new ManualClock(Date.now()),
    });
  });
  after(async () => {
    await h?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { h: lateBound('the harness', () => h), sim: lateBound('the NCALayer simulator', () => sim) };
}
