/**
 * One catalogue of the errors a client can see: a stable code, the HTTP status and the message
 * key. What the client sees is only the localised message; the private `detail` of an
 * `AppError` goes to the log.
 */
import type { MessageKey } from '../i18n/i18n.js';

export const ERRORS = {
  bad_request: { status: 400, message: 'error.bad_request' },
  invalid_form: { status: 400, message: 'error.invalid_form' },
  unauthenticated: { status: 401, message: 'error.unauthenticated' },
  csrf_invalid: { status: 403, message: 'error.csrf' },
  forbidden: { status: 403, message: 'error.forbidden' },
  not_found: { status: 404, message: 'error.not_found' },
  realm_not_found: { status: 404, message: 'error.realm_not_found' },
  method_not_allowed: { status: 405, message: 'error.method_not_allowed' },
  payload_too_large: { status: 413, message: 'error.payload_too_large' },
  uri_too_long: { status: 414, message: 'error.uri_too_long' },
  unsupported_media_type: { status: 415, message: 'error.unsupported_media_type' },
  too_many_requests: { status: 429, message: 'error.too_many_requests' },
  internal: { status: 500, message: 'error.internal' },
  unavailable: { status: 503, message: 'error.unavailable' },
} as const satisfies Record<string, { status: number; message: MessageKey }>;

export type ErrorCode = keyof typeof ERRORS;

/** An expected failure that ends a request with a catalogue error. */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** For the log only; never shown to the client. */
  readonly detail: string | undefined;
  constructor(code: ErrorCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
}
