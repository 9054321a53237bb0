/**
 * oidc-provider, loaded on first use rather than when the service starts: on Node 20 importing it
 * prints a runtime warning, which every CLI command (and every start of a service that no
 * application has called yet) would otherwise print. Type imports are free; values come from here.
 */
export type OidcLibrary = typeof import('oidc-provider');

let loading: Promise<OidcLibrary> | null = null;

export function oidcLibrary(): Promise<OidcLibrary> {
  loading ??= import('oidc-provider');
  return loading;
}
