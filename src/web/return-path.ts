/**
 * Where the sign-in and «Новый пароль» pages send the person once done, when an application's
 * sign-in through the realm's OpenID Connect provider brought them there: back to that sign-in
 * (`/r/<realm>/interaction/<id>`, with the id of the flow waiting for a fresh password). Nothing
 * else is accepted — not another realm, not another path, not another site.
 */
const REST = /^[A-Za-z0-9_-]{1,64}(\?flow=[A-Za-z0-9_-]{22})?$/;

export function interactionReturn(realmId: string, value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  const prefix = `/r/${realmId}/interaction/`;
  return value.startsWith(prefix) && REST.test(value.slice(prefix.length)) ? value : null;
}

/** `path` with `?return=<back>` (or `&return=`) when there is somewhere to return to. */
export function withReturn(path: string, back: string | null): string {
  if (back === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}return=${encodeURIComponent(back)}`;
}
