import type {Block} from '../model/index.js'

/** How texts are normalised before they are compared. */
export type Whitespace = 'collapse' | 'exact'

/** The fields every block carries; everything else is its content. */
export const COMMON_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'type',
  'role',
  'page',
  'bbox',
  'bbox_units',
  'reading_order_index',
  'text_source',
  'confidence',
  'verified'
])

const strings = (values: unknown[]): string[] => values.filter((v): v is string => typeof v === 'string' && v !== '')

/**
 * The readable text of a block, whatever its type: `text`; a table's header and cells (cells
 * joined by tabs, rows by newlines); an image's alt, caption and embedded text; a chart's
 * title, categories and series names; a diagram's node and edge labels; a formula's LaTeX.
 */
export function blockText(block: Block): string {
  const b = block as Record<string, unknown>
  switch (block.type) {
    case 'table': {
      const rows = [b.headers, ...((b.rows as unknown[]) ?? [])].filter(Array.isArray).filter((row) => row.length > 0)
      return rows.map((row) => strings(row).join('\t')).join('\n')
    }
    case 'image':
      return strings([b.alt, b.caption, b.embedded_text]).join('\n')
    case 'chart': {
      const series = Array.isArray(b.series) ? b.series.map((s) => (s as {name?: unknown}).name) : []
      return strings([b.title, ...(Array.isArray(b.categories) ? b.categories : []), ...series]).join('\n')
    }
    case 'diagram': {
      const labels = (list: unknown) => (Array.isArray(list) ? list.map((item) => (item as {label?: unknown}).label) : [])
      return strings([...labels(b.nodes), ...labels(b.edges)]).join('\n')
    }
    case 'formula':
      return typeof b.latex === 'string' ? b.latex : ''
    default:
      return typeof b.text === 'string' ? b.text : ''
  }
}

/** NFC, and with `collapse` every run of whitespace one space, trimmed (one pass, linear). */
export function normalizeText(text: string, whitespace: Whitespace): string {
  const nfc = text.normalize('NFC')
  // Most texts have nothing to collapse: skip the copy.
  if (whitespace === 'exact' || !/[^\S ]| {2}|^ | $/.test(nfc)) return nfc
  return nfc.replace(/\s+/g, ' ').trim()
}

/** Number of words (runs of non-whitespace), without building them. */
export function countWords(text: string): number {
  let count = 0
  for (const _ of text.matchAll(/\S+/g)) count++
  return count
}

/** The words of a text: runs of non-whitespace. */
export function words(text: string): string[] {
  return text.match(/\S+/g) ?? []
}

/** Number of code points (what CER counts). */
export function codePoints(text: string): number {
  let count = text.length
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) (count--, i++)
    }
  }
  return count
}
