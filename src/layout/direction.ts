import bidiModule, {type Bidi} from 'bidi-js'
import type {Block, Page} from '../model/index.js'

/** The direction a page's columns are read in. */
export type Direction = 'ltr' | 'rtl'

// bidi-js is CommonJS whose module.exports is the factory; its types declare an ES default export.
const bidiFactory = ((bidiModule as unknown as {default?: () => Bidi}).default ?? bidiModule) as unknown as () => Bidi
const bidi = bidiFactory()

/** Counts of strong characters by Unicode bidirectional class: `L` (ltr) vs `R` and `AL` (rtl). */
export interface StrongCounts {
  ltr: number
  rtl: number
}

/**
 * The direction of a text or page: `rtl` when a strict majority of its strong characters (Unicode
 * bidirectional classes `R` and `AL`: Hebrew, Arabic, Syriac, Thaana, N'Ko, …) read right to
 * left, else `ltr` (class `L`: Latin, Cyrillic, Greek, CJK, …). Digits, punctuation and spaces
 * are weak or neutral and do not count, so an Arabic page with Latin numbers stays `rtl`. A page
 * counts the text of its text blocks and table cells (not code or formulas).
 *
 * @example
 * detectDirection(doc.pages[0]) // 'rtl' for a Persian form
 * detectDirection('گزارش سال 2026 (PDF)') // 'rtl': 9 strong rtl characters, 3 ltr
 */
export function detectDirection(subject: Page | string): Direction {
  const counts: StrongCounts = {ltr: 0, rtl: 0}
  if (typeof subject === 'string') countStrong(subject, counts)
  else for (const block of subject.blocks) for (const text of blockTexts(block)) countStrong(text, counts)
  return counts.rtl > counts.ltr ? 'rtl' : 'ltr'
}

/** Adds the strong characters of `text` to `counts`. */
export function countStrong(text: string, counts: StrongCounts): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) {
      // ASCII: only letters are strong (and left to right).
      if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) counts.ltr++
      continue
    }
    const high = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length
    const type = bidi.getBidiCharTypeName(high ? text.slice(i, i + 2) : text[i]!)
    if (high) i++
    if (type === 'L') counts.ltr++
    else if (type === 'R' || type === 'AL') counts.rtl++
  }
}

function blockTexts(block: Block): string[] {
  if (block.type === 'code' || block.type === 'formula') return []
  const record = block as Record<string, unknown>
  const texts: string[] = []
  if (typeof record.text === 'string') texts.push(record.text)
  for (const field of ['headers', 'rows'] as const) {
    const cells = record[field]
    if (Array.isArray(cells)) for (const cell of cells.flat()) if (typeof cell === 'string') texts.push(cell)
  }
  return texts
}
