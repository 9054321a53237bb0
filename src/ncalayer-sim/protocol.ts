// NCALayer's messages as the simulator answers them (protocols.md §5):
//
//   greeting           {"result":{"version":"1.4"}}
//   basics.sign        {"module":"kz.gov.pki.knca.basics","method":"sign","args":{format,data,
//                      signingParams:{decode,encapsulate},signerParams:{extKeyUsageOids},locale}}
//     → signed         {"status":true,"body":{"result":"-----BEGIN CMS-----…"}} (an array for an array)
//     → cancelled      {"status":true,"body":{}}
//     → error          {"status":false,"code":"INVOCATION_ERROR","message":…,"details":…}
//   commonUtils        {"module":"kz.gov.pki.knca.commonUtils","method":"createCAdESFromBase64",
//                      "args":[storage, "AUTHENTICATION"|"SIGNATURE", base64, attach]}
//     → signed         {"code":"200","responseObject":"<base64 CMS>"}
//     → cancelled      {"code":"500","message":"action.canceled"}
//   getActiveTokens    {"code":"200","responseObject":[]} (no hardware tokens: key files only)
import { z } from 'zod';

export const GREETING = JSON.stringify({ result: { version: '1.4' } });

/** What a page asked to sign, read from either module's request. */
export interface SignRequest {
  readonly api: 'basics' | 'commonUtils';
  readonly data: readonly Uint8Array[];
  /** Whether the answer is one value or an array (basics with an array of data). */
  readonly many: boolean;
  readonly attached: boolean;
  /** EKU OIDs a key must carry to be offered (NCALayer's filter). */
  readonly extKeyUsageOids: readonly string[];
}

export type Parsed =
  | { readonly kind: 'sign'; readonly request: SignRequest }
  | { readonly kind: 'answer'; readonly answer: string }
  | { readonly kind: 'error'; readonly answer: string };

const Basics = z.object({
  module: z.literal('kz.gov.pki.knca.basics'),
  method: z.literal('sign'),
  args: z
    .object({
      format: z.enum(['cms', 'xml', 'raw']).default('cms'),
      data: z.union([z.string().max(1_000_000), z.array(z.string().max(1_000_000)).min(1).max(20)]),
      signingParams: z
        .object({
          decode: z.boolean().optional(),
          encapsulate: z.boolean().optional(),
          digested: z.boolean().optional(),
        })
        .passthrough()
        .optional(),
      signerParams: z.object({ extKeyUsageOids: z.array(z.string().max(64)).max(10) }).passthrough(),
    })
    .passthrough(),
});

const CommonUtils = z.object({
  module: z.literal('kz.gov.pki.knca.commonUtils'),
  method: z.string().max(64),
  args: z.array(z.unknown()).max(10).optional(),
});

export function basicsError(message: string): string {
  return JSON.stringify({ status: false, code: 'INVOCATION_ERROR', message, details: message });
}

function commonError(message: string): string {
  return JSON.stringify({ code: '500', message });
}

export function parseMessage(text: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'error', answer: basicsError('Failed to parse JSON') };
  }
  const basics = Basics.safeParse(json);
  if (basics.success) {
    const { args } = basics.data;
    if (args.format !== 'cms')
      return { kind: 'error', answer: basicsError(`format ${args.format} is not simulated`) };
    if (args.signingParams?.digested)
      return { kind: 'error', answer: basicsError('digested data is not simulated') };
    const decode = args.signingParams?.decode ?? false;
    const list = Array.isArray(args.data) ? args.data : [args.data];
    const data = list.map((d) =>
      decode ? new Uint8Array(Buffer.from(d, 'base64')) : new TextEncoder().encode(d),
    );
    return {
      kind: 'sign',
      request: {
        api: 'basics',
        data,
        many: Array.isArray(args.data),
        attached: args.signingParams?.encapsulate ?? true,
        extKeyUsageOids: args.signerParams.extKeyUsageOids,
      },
    };
  }
  const common = CommonUtils.safeParse(json);
  if (common.success) {
    const { method, args = [] } = common.data;
    if (method === 'getActiveTokens')
      return { kind: 'answer', answer: JSON.stringify({ code: '200', responseObject: [] }) };
    if (method === 'createCAdESFromBase64') {
      const [, keyType, data, attach] = args;
      if (typeof data !== 'string' || typeof attach !== 'boolean')
        return { kind: 'error', answer: commonError('java.lang.IllegalArgumentException: wrong arguments') };
      const oids =
        keyType === 'AUTHENTICATION'
          ? ['1.3.6.1.5.5.7.3.2']
          : keyType === 'SIGNATURE'
            ? ['1.3.6.1.5.5.7.3.4']
            : [];
      return {
        kind: 'sign',
        request: {
          api: 'commonUtils',
          data: [new Uint8Array(Buffer.from(data, 'base64'))],
          many: false,
          attached: attach,
          extKeyUsageOids: oids,
        },
      };
    }
    return { kind: 'error', answer: commonError(`method ${method} is not simulated`) };
  }
  return { kind: 'error', answer: basicsError('module or method not found') };
}

/** The answer to a signed request: PEM CMS (basics) or bare base64 (commonUtils). */
export function signedAnswer(request: SignRequest, cms: readonly Uint8Array[]): string {
  if (request.api === 'commonUtils')
    return JSON.stringify({
      code: '200',
      responseObject: Buffer.from(cms[0] ?? new Uint8Array()).toString('base64'),
    });
  const pem = cms.map((der) => {
    const lines =
      Buffer.from(der)
        .toString('base64')
        .match(/.{1,64}/g) ?? [];
    return `-----BEGIN CMS-----\n${lines.join('\n')}\n-----END CMS-----\n`;
  });
  return JSON.stringify({ status: true, body: { result: request.many ? pem : pem[0] } });
}

export function cancelAnswer(request: SignRequest): string {
  return request.api === 'commonUtils'
    ? JSON.stringify({ code: '500', message: 'action.canceled' })
    : JSON.stringify({ status: true, body: {} });
}
