const special = /[&<>"']/g
const entities: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}
// Characters XML forbids (a standalone SVG must stay well-formed) and lone surrogates.
const maybeForbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/
const anySpecial = /[&<>"']/
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * The one escaping function of the preview: text safe both as element content and inside a
 * double- or single-quoted attribute, in HTML and in standalone SVG (XML). Every string from the
 * document goes through it.
 */
export function escapeXml(value: string): string {
  // Most text has neither: one cheap search each before any replacing.
  const clean = maybeForbidden.test(value) ? value.replace(forbidden, '\uFFFD') : value
  return anySpecial.test(clean) ? clean.replace(special, (c) => entities[c]!) : clean
}

/** The first `max` characters of a text, whitespace runs collapsed, with `…` when cut. */
export function snippet(text: string, max: number): string {
  // Cut before collapsing, so a huge text costs no more than its head.
  const head = text.slice(0, max * 4 + 8)
  const flat = head.replace(/\s+/g, ' ').trim()
  return flat.length > max || head.length < text.length ? flat.slice(0, max).trimEnd() + '…' : flat
}

/** A number for an SVG attribute: at most two decimals, no `-0`. */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100
  return String(rounded === 0 ? 0 : rounded)
}
