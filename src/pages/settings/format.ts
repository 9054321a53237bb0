/**
 * Times on the settings page and in its letter: `dd.mm.yyyy hh:mm UTC`. The server does not know
 * the person's time zone, so it says plainly which one it uses rather than guess.
 */
export function formatUtc(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}
