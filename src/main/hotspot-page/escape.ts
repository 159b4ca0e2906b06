/**
 * Text the café typed, made safe for a page the router serves. RouterOS reads `$(name)`
 * in a Hotspot page as one of its variables, so a `$` never reaches the page as itself;
 * anything outside printable ASCII becomes a character reference, so the page is plain
 * ASCII whatever charset the router's web server announces.
 */

const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', $: '&#36;' };

/** Escapes `text` for HTML text and quoted attribute values: markup, quotes, `$`, and every non-ASCII or control character as `&#N;`. */
export function htmlText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += named[ch] ?? (code < 0x20 || code > 0x7e ? `&#${code};` : ch);
  }
  return out;
}
