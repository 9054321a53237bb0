/**
 * A short human label for a session's device, from its User-Agent: «Chrome, Windows»,
 * «Safari, iPhone». Null when neither the browser nor the system is recognised (the page then
 * says «Неизвестное устройство»).
 *
 * Rules: first matching browser, then first matching system, each from an ordered list where
 * the more specific entry comes first — Chromium-based browsers all carry `Chrome/`, and iOS
 * carries `like Mac OS X`, Android and ChromeOS carry `Linux`. The label is a hint for the
 * person, not an identification: the header is whatever the client chose to send.
 */

const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bYaBrowser\//, 'Yandex Browser'],
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|OPiOS|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\b(?:Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bMSIE |\bTrident\//, 'Internet Explorer'],
];

const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMacintosh\b|\bMac OS X\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

function firstMatch(ua: string, list: readonly (readonly [RegExp, string])[]): string | null {
  for (const [pattern, name] of list) if (pattern.test(ua)) return name;
  return null;
}

/** Safari names itself only by `Version/… Safari/`, which the others also send: it goes last. */
function browserOf(ua: string): string | null {
  const named = firstMatch(ua, BROWSERS);
  if (named) return named;
  return /\bVersion\/\d/.test(ua) && /\bSafari\//.test(ua) ? 'Safari' : null;
}

export function deviceLabel(userAgent: string | null): string | null {
  if (!userAgent) return null;
  // Stored agents are cut at 300 characters already; this bounds the work for any other caller.
  const ua = userAgent.slice(0, 512);
  const label = [browserOf(ua), firstMatch(ua, SYSTEMS)].filter((part) => part !== null).join(', ');
  return label === '' ? null : label;
}
