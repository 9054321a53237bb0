/** What oidc-provider stores, one row per model and id within a realm (see `oidc/adapter.ts`). */
export interface OidcPayloadTable {
  realm_id: string;
  model: string;
  id: string;
  /** JSON: the model's payload as oidc-provider gave it. */
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  /** The person a grant, a token or a session is of. */
  account_id: string | null;
  /** The application a grant or a token is for. */
  client_id: string | null;
  consumed_at: number | null;
  expires_at: number | null;
  /** 1 when UserInfo can answer from these columns (oidc/userinfo-columns.ts), else null. */
  userinfo_plain: number | null;
  /** An access token's scope, a grant's OpenID scope. */
  userinfo_scope: string | null;
  /** The payload's own expiry (`exp`), epoch ms; null when it has none. */
  userinfo_until: number | null;
}

/** A signing key: the public JWK in clear, the private JWK sealed with the service secret. */
export interface OidcSigningKeyTable {
  kid: string;
  alg: string; // ES256 | RS256
  public_jwk: string;
  private_jwk: string;
  created_at: number;
  /** Signs from this moment (published before, so every instance knows it first). */
  active_from: number;
  /** When a newer key took over signing; null while it is the newest. */
  retired_at: number | null;
  /** Published until every token it signed has expired; then it goes. */
  published_until: number | null;
}

/** A relying application of a realm. */
export interface OidcClientTable {
  realm_id: string;
  client_id: string;
  name: string;
  /** JSON: the OpenID client metadata, without any secret. */
  metadata: string;
  /** Keyed hash of the client secret; null for public and private_key_jwt clients. */
  secret_hash: string | null;
  /** The realm's own application: no consent page. */
  first_party: number;
  created_at: number;
  updated_at: number;
}

/** What a person let an application have. */
export interface OidcConsentTable {
  realm_id: string;
  person_id: string;
  client_id: string;
  /** Space-separated scopes. */
  scopes: string;
  granted_at: number;
  updated_at: number;
}

/** A provider session signed in by a Propusk session (ending the one logs the other out). */
export interface OidcSessionLinkTable {
  session_id: string;
  realm_id: string;
  person_id: string;
  oidc_session_uid: string;
  created_at: number;
  expires_at: number;
}

/** A person who reads the audit of every organisation of a region. */
export interface RegionAdministratorTable {
  region_id: string;
  person_id: string;
  created_at: number;
}

export type RosterImportStatus = 'checked' | 'importing' | 'done';

/** A roster file between its dry run and its import (kept a day). */
export interface RosterImportTable {
  id: string;
  realm_id: string;
  organisation_id: string;
  created_by: string | null;
  file_name: string;
  content: string;
  create_classes: number;
  rows_total: number;
  batches_done: number;
  status: RosterImportStatus;
  summary: string;
  created_at: number;
  expires_at: number;
}

export type HelpRequestStatus = 'open' | 'in_progress' | 'closed';

/** «Заявка на восстановление доступа»: where self-service ends, a person asks their school. */
export interface HelpRequestTable {
  id: string;
  realm_id: string;
  organisation_id: string;
  number: string;
  status: HelpRequestStatus;
  reason: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  class_name: string | null;
  role: string;
  contact: string;
  checklist: string;
  outcome: string | null;
  taken_by: string | null;
  closed_by: string | null;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  expires_at: number;
}

/** An admin API token: a realm's, or one organisation's; only the keyed hash of its secret. */
export interface ApiTokenTable {
  id: string;
  realm_id: string;
  /** Null: the whole realm. */
  organisation_id: string | null;
  name: string;
  secret_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** Written at most once a minute. */
  last_used_at: number | null;
}

/** A person's authenticator app (RFC 6238); the secret sealed, the last step a code was accepted in. */
export interface TotpFactorTable {
  person_id: string;
  realm_id: string;
  secret_sealed: string;
  last_step: number;
  created_at: number;
}

/** A single-use recovery code (keyed hash). */
export interface RecoveryCodeTable {
  code_hash: string;
  person_id: string;
  created_at: number;
  used_at: number | null;
}

/** A WebAuthn credential. */
export interface PasskeyTable {
  /** The credential id, base64url. */
  id: string;
  realm_id: string;
  person_id: string;
  name: string;
  /** The COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** Comma-separated transports the authenticator named. */
  transports: string;
  created_at: number;
  last_used_at: number | null;
}

/** A person's acceptance of one version of one consent text. */
export interface ConsentAcceptanceTable {
  person_id: string;
  consent: string;
  version: string;
  realm_id: string;
  accepted_at: number;
  ip: string | null;
}

/** A signed statement kept as evidence (the reset of access through ЭЦП). */
export interface SignatureEvidenceTable {
  id: string;
  realm_id: string;
  person_id: string | null;
  purpose: string;
  statement: string;
  cms: string;
  iin: string;
  bin: string | null;
  certificate_serial: string;
  issuer: string;
  ip: string | null;
  created_at: number;
}
