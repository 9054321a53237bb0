/**
 * Turns a built-in letter (blocks) into its text and HTML parts. The HTML is what mail clients
 * render reliably: one column, inline styles only (Gmail and Outlook drop `<style>`), no tables,
 * no images, no scripts, system fonts.
 */
import { escapeHtml, html, raw, type SafeHtml } from '../../core/html/html.js';
import type { Locale } from '../../core/i18n/i18n.js';
import type { Block, BuiltinCatalogue, BuiltinEmail } from './names.js';
import { fillPlaceholders, type PlaceholderValues } from './placeholders.js';

const FONT = 'font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,sans-serif';
const STYLE = {
  body: `margin:0;padding:24px 12px;background-color:#f3f4f6;color:#1f2328;${FONT};font-size:16px;line-height:1.5`,
  card: 'max-width:560px;margin:0 auto;padding:28px 24px;background-color:#ffffff;border-radius:8px',
  p: 'margin:0 0 16px',
  strong: 'margin:0 0 16px;padding:12px 16px;background-color:#f3f4f6;border-radius:6px;font-weight:bold',
  code: 'margin:0 0 16px;font-family:Menlo,Consolas,monospace;font-size:28px;font-weight:bold;letter-spacing:4px',
  buttonP: 'margin:24px 0',
  button:
    'display:inline-block;padding:12px 24px;background-color:#1a5fb4;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold',
  small: 'margin:0 0 16px;font-size:13px;color:#57606a',
  url: 'color:#1a5fb4;word-break:break-all',
  footer: 'margin-top:24px;padding-top:16px;border-top:1px solid #d0d7de;font-size:14px;color:#57606a',
} as const;

function footerParts(catalogue: BuiltinCatalogue, values: PlaceholderValues): string[] {
  return [
    catalogue.signature,
    ...(values.get('supportHint') ? ['{{supportHint}}'] : []),
    catalogue.automatic,
  ];
}

function blockText(block: Block): string {
  if (typeof block === 'string') return block;
  switch (block.kind) {
    case 'strong':
      return block.text;
    case 'code':
      return '{{code}}';
    case 'link':
      return '{{link}}';
  }
}

/** Paragraphs separated by blank lines; the link and the code are paragraphs of their own. */
export function builtinText(
  email: BuiltinEmail,
  catalogue: BuiltinCatalogue,
  values: PlaceholderValues,
  where: string,
): string {
  const paragraphs = [...email.body.map(blockText), ...footerParts(catalogue, values)];
  return `${paragraphs.map((p) => fillPlaceholders(p, values, (v) => v, where)).join('\n\n')}\n`;
}

export function builtinHtml(
  locale: Locale,
  subject: string,
  email: BuiltinEmail,
  catalogue: BuiltinCatalogue,
  values: PlaceholderValues,
  where: string,
): string {
  // Our own text is escaped as well as the values: the catalogues are text, not markup.
  const text = (template: string): SafeHtml =>
    raw(fillPlaceholders(escapeHtml(template), values, escapeHtml, where).replaceAll('\n', '<br>'));

  const block = (b: Block): SafeHtml => {
    if (typeof b === 'string') return html`<p style="${STYLE.p}">${text(b)}</p>`;
    switch (b.kind) {
      case 'strong':
        return html`<p style="${STYLE.strong}">${text(b.text)}</p>`;
      case 'code':
        return html`<p style="${STYLE.code}">${text('{{code}}')}</p>`;
      case 'link': {
        const href = text('{{link}}');
        return html`<p style="${STYLE.buttonP}"><a href="${href}" style="${STYLE.button}">${text(b.label)}</a></p>
<p style="${STYLE.small}">${text(catalogue.linkFallback)}<br><a href="${href}" style="${STYLE.url}">${href}</a></p>`;
      }
    }
  };

  const footer = footerParts(catalogue, values).map(
    (p, i, all) => html`<p style="${i === all.length - 1 ? STYLE.small : STYLE.p}">${text(p)}</p>`,
  );

  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${subject}</title>
</head>
<body style="${STYLE.body}">
<div style="${STYLE.card}">
${email.body.map((b) => [block(b), '\n'])}<div style="${STYLE.footer}">
${footer.map((p) => [p, '\n'])}</div>
</div>
</body>
</html>
`.value;
}
