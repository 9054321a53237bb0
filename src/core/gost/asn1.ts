// Small, strict ASN.1 helpers for the GOST layer: PEM armour, DER parsing that refuses
// trailing bytes, and the "SEQUENCE of OIDs" that GOST key parameters are.
import * as asn1js from 'asn1js';
import { ownBytes } from './bytes.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\s]*)-----END \1-----/;

/** Keys, certificates and CRLs we read are a few KiB; anything far larger is refused unread. */
export const MAX_TEXT_LENGTH = 1024 * 1024;

/**
 * The DER inside the first PEM block with one of the given labels, or undefined. Extra text
 * around the block (openssl's "Bag Attributes", comments) is ignored, as openssl does.
 */
export function derFromPem(text: string, labels: readonly string[]): Uint8Array | undefined {
  if (text.length > MAX_TEXT_LENGTH) return undefined;
  const match = PEM_BLOCK.exec(text);
  if (!match || !labels.includes(match[1] ?? '')) return undefined;
  const body = (match[2] ?? '').replace(/\s+/g, '');
  if (body.length === 0 || body.length % 4 !== 0) return undefined;
  const der = Uint8Array.from(Buffer.from(body, 'base64'));
  return der.length > 0 ? der : undefined;
}

export function pemFromDer(der: Uint8Array, label: string): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Parses exactly one BER/DER value covering the whole input; undefined on any error. */
export function parseAsn1(bytes: Uint8Array): asn1js.AsnType | undefined {
  if (bytes.length === 0) return undefined;
  const own = ownBytes(bytes);
  const { offset, result } = asn1js.fromBER(own);
  if (offset !== own.length || result.error) return undefined;
  return result;
}

/** The OIDs of a `SEQUENCE { OID, OID, … }` (GOST key parameters), or undefined. */
export function oidSequence(value: unknown): string[] | undefined {
  if (!(value instanceof asn1js.Sequence)) return undefined;
  const oids: string[] = [];
  for (const item of value.valueBlock.value) {
    if (!(item instanceof asn1js.ObjectIdentifier)) return undefined;
    oids.push(item.valueBlock.toString());
  }
  return oids;
}

export function oidSequenceSchema(oids: readonly string[]): asn1js.Sequence {
  return new asn1js.Sequence({ value: oids.map((value) => new asn1js.ObjectIdentifier({ value })) });
}

/** Reads what a DER file of test data or configuration may be: PEM, base64 of DER, or DER. */
export function derFromText(input: Uint8Array | string, labels: readonly string[]): Uint8Array | undefined {
  if (input.length > MAX_TEXT_LENGTH) return undefined;
  if (typeof input !== 'string') {
    // Binary DER starts with a SEQUENCE tag; anything else is treated as text.
    if (input[0] === 0x30) return input;
    return derFromText(Buffer.from(input).toString('latin1'), labels);
  }
  if (input.includes('-----BEGIN')) return derFromPem(input, labels);
  const body = input.replace(/\s+/g, '');
  if (body.length === 0 || body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  return Uint8Array.from(Buffer.from(body, 'base64'));
}
