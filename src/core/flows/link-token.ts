/**
 * Links in letters carry `<flow id>.<secret>`: the id finds the flow, the 256-bit secret proves
 * the reader got the letter. Only the keyed hash of the secret is stored with the flow.
 */
import { newToken } from '../crypto/secrets.js';

export interface LinkToken {
  readonly flowId: string;
  readonly secret: string;
}

const SHAPE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function newLinkSecret(): string {
  return newToken();
}

export function formatLinkToken(flowId: string, secret: string): string {
  return `${flowId}.${secret}`;
}

export function parseLinkToken(value: string): LinkToken | null {
  const m = SHAPE.exec(value);
  return m?.[1] && m[2] ? { flowId: m[1], secret: m[2] } : null;
}
