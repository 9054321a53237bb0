/** The QR code of an `otpauth://` URI, as a PNG data URL (`img-src 'self' data:` allows it). */
import QRCode from 'qrcode';

export function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 200 });
}

/** The base32 key in groups of four, as a person copies it. */
export function groupedKey(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}
