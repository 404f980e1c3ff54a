import type {Block, Document} from '../model/index.js'
import type {BlockPair, Comparison, ComparisonSummary, PageComparison, PairStatus, TableComparison} from './compare.js'
import {blockText, normalizeText} from './text.js'

export interface FormatComparisonOptions {
  /** Names of the two documents for the first lines, e.g. their file names (default: `a`, `b`). */
  labels?: [string, string]
  /** Characters of context shown around a text change, and of an added or removed text (default: `30`). */
  context?: number
  /**
   * Every page (with its counts, even when all its blocks are the same) and every table's TEDS;
   * without it, like diff(1), only what differs: the pages with a difference, then the summary,
   * and one line for documents that match (default: `false`).
   */
  verbose?: boolean
}

/**
 * A readable report of a comparison: per page that differs, the counts and every pair that is
 * not `same` (with a short text diff for changed texts), then the summary scores; for documents
 * that match, one line (`verbose` shows every page and table). Text from the documents
 * is quoted, and control, bidirectional-override and line-separator characters in it are
 * escaped, so a document cannot move the cursor, recolour the terminal or reorder the line.
 *
 * @example
 * const comparison = compareDocuments(before, after)
 * process.stdout.write(formatComparison(comparison, before, after, {labels: ['v1.json', 'v2.json']}))
 */
export function formatComparison(comparison: Comparison, a: Document, b: Document, options: FormatComparisonOptions = {}): string {
  const blocksA = blocksById(a)
  const blocksB = blocksById(b)
  const s = comparison.summary
  const byPage = new Map<number, BlockPair[]>()
  for (const pair of comparison.pairs) {
    const list = byPage.get(pair.page) ?? []
    byPage.set(pair.page, list)
    list.push(pair)
  }
  const tablesByPage = new Map<number, TableComparison[]>()
  for (const table of s.tables) {
    const list = tablesByPage.get(table.page) ?? []
    tablesByPage.set(table.page, list)
    list.push(table)
  }
  const pageLines = s.pages.flatMap((page) =>
    formatPage(page, byPage.get(page.page) ?? [], {a: blocksA, b: blocksB}, tablesByPage.get(page.page) ?? [], comparison.options, options)
  )
  return formatReport(
    s,
    comparison.options,
    {pages: a.pages.length, blocks: blocksA.size},
    {pages: b.pages.length, blocks: blocksB.size},
    pageLines,
    options
  )
}

/** How large a side is, for the report's first lines. */
export interface SideSize {
  pages: number
  blocks: number
}

/**
 * The lines of one page of the report (none for a page with nothing to show): its counts, and
 * every pair that is not `same` with its facts and text diff. `blocks`: at least the blocks of
 * the page's pairs, by id; `tables`: the page's tables. For a caller that compares page
 * by page (`createComparer`): `formatReport` then puts the lines of every page together.
 */
export function formatPage(
  page: PageComparison,
  pairs: readonly BlockPair[],
  blocks: {a: ReadonlyMap<string, Block>; b: ReadonlyMap<string, Block>},
  tables: readonly TableComparison[],
  compared: Comparison['options'],
  options: FormatComparisonOptions = {}
): string[] {
  const {context = 30, verbose = false} = options
  const whitespace = compared.whitespace
  const teds = compared.teds === 'pubtabnet' ? 'TEDS (PubTabNet)' : 'TEDS'
  const {a: blocksA, b: blocksB} = blocks
  const textOf = (blocks: ReadonlyMap<string, Block>, ids: string[]) =>
    ids
      .map((id) => blocks.get(id))
      .filter((block): block is Block => block !== undefined)
      .map((block) => normalizeText(blockText(block), whitespace))
      .filter((text) => text !== '')
      .join(whitespace === 'collapse' ? ' ' : '\n')
  const tableOf = new Map(tables.map((t) => [t.a, t]))
  const lines: string[] = []
  const reordered = page.kendallTau !== null && page.kendallTau < 1
  if (!verbose && !reordered && page.counts.same === pageSize(page.counts)) return lines
  const order = reordered ? ` · reading order τ ${page.kendallTau!.toFixed(3)}` : ''
  const boxes = page.geometry ? '' : ' · boxes too stacked to compare: matched by text'
  lines.push('', `page ${page.page}: ${formatCounts(page.counts)}${order}${boxes}`)
  for (const pair of pairs) {
    if (pair.status === 'same') continue
    const typeOf = (blocks: ReadonlyMap<string, Block>, ids: string[]) =>
      [...new Set(ids.map((id) => blocks.get(id)?.type ?? '?'))].join('/')
    const ids = (list: string[]) => list.map(escapeText).join(', ')
    const textA = textOf(blocksA, pair.a)
    const textB = textOf(blocksB, pair.b)
    const head = `  ${pair.status.padEnd(8)} `
    if (pair.status === 'added' || pair.status === 'removed') {
      const [side, blocks, text] = pair.status === 'added' ? [pair.b, blocksB, textB] : [pair.a, blocksA, textA]
      lines.push(`${head}${ids(side)} (${escapeText(typeOf(blocks, side))})${text === '' ? '' : ': ' + quote(shorten(text, 2 * context))}`)
      continue
    }
    const types = [typeOf(blocksA, pair.a), typeOf(blocksB, pair.b)]
    const type = types[0] === types[1] ? escapeText(types[0]!) : `${escapeText(types[0]!)} → ${escapeText(types[1]!)}`
    const name = pair.status === 'changed' && pair.a[0] === pair.b[0] ? ids(pair.a) : `${ids(pair.a)} → ${ids(pair.b)}`
    const facts = [
      pair.changes.length > 0 ? pair.changes.join(', ') : '',
      pair.cer !== null && pair.cer > 0 ? `CER ${percent(pair.cer)}` : '',
      pair.wer !== null && pair.wer > 0 ? `WER ${percent(pair.wer)}` : '',
      pair.approximate ? 'rates are upper bounds (long texts)' : '',
      pair.changes.includes('confidence') && pair.confidenceDelta !== null
        ? `confidence ${pair.confidenceDelta > 0 ? '+' : ''}${pair.confidenceDelta.toFixed(2)}`
        : ''
    ]
    const table = pair.a[0] === undefined ? undefined : tableOf.get(pair.a[0])
    if (table && table.teds < 1) facts.push(`${teds} ${table.teds.toFixed(3)} (structure ${table.tedsStructure.toFixed(3)})`)
    lines.push(`${head}${name} (${type})${facts.some(Boolean) ? ': ' + facts.filter(Boolean).join(' · ') : ''}`)
    if (textA !== textB) {
      const [before, after] = textDiff(textA, textB, context)
      lines.push(`           - ${before}`, `           + ${after}`)
    }
  }
  return lines
}

/**
 * The report around the lines of its pages (`formatPage` of every page, in order): the first
 * lines, the page sizes, the summary and the tables; one line for documents that match.
 */
export function formatReport(
  s: ComparisonSummary,
  compared: Comparison['options'],
  a: SideSize,
  b: SideSize,
  pageLines: readonly string[],
  options: FormatComparisonOptions = {}
): string {
  if (s.match && !options.verbose) return matchLine(b)
  const lines = reportHead(a, b, options)
  for (const line of pageLines) lines.push(line)
  for (const line of reportTail(s, compared, options)) lines.push(line)
  return lines.join('\n') + '\n'
}

/** The whole report of documents that match (without `verbose`): one line. */
export const matchLine = (b: SideSize): string => `the documents match (${plural(b.pages, 'page')}, ${plural(b.blocks, 'block')})\n`

/** The report's first lines, before its pages' (when it is not `matchLine`): the two sides' names and sizes. */
export function reportHead(a: SideSize, b: SideSize, options: FormatComparisonOptions = {}): string[] {
  const {labels = ['a', 'b']} = options
  return [
    `--- ${escapeText(labels[0])} (${plural(a.pages, 'page')}, ${plural(a.blocks, 'block')})`,
    `+++ ${escapeText(labels[1])} (${plural(b.pages, 'page')}, ${plural(b.blocks, 'block')})`
  ]
}

/** The report's lines after its pages': the page sizes, the summary and the tables. */
export function reportTail(s: ComparisonSummary, compared: Comparison['options'], options: FormatComparisonOptions = {}): string[] {
  const {verbose = false} = options
  const teds = compared.teds === 'pubtabnet' ? 'TEDS (PubTabNet)' : 'TEDS'
  const lines: string[] = []
  const size = (value: readonly [number, number] | null) => (value === null ? 'none' : `${value[0]} × ${value[1]} in`)
  if (s.pageSizes.length > 0) lines.push('')
  for (const change of s.pageSizes) lines.push(`page ${change.page}: size ${size(change.a)} → ${size(change.b)}`)
  const score = (value: number | null, format: (n: number) => string) => (value === null ? 'n/a' : format(value))
  lines.push(
    '',
    `summary: ${formatCounts(s.counts, true)}`,
    `  CER ${score(s.cer, percent)} · WER ${score(s.wer, percent)} · block F1 ${s.blockF1.toFixed(3)} · type agreement ${score(s.typeAgreement, (n) => n.toFixed(3))} · reading order τ ${score(s.kendallTau, (n) => n.toFixed(3))}`
  )
  const identical = s.tables.filter((t) => t.teds === 1 && t.tedsStructure === 1).length
  for (const t of s.tables) {
    if (!verbose && t.teds === 1 && t.tedsStructure === 1) continue
    lines.push(
      `  table ${escapeText(t.a)}${t.a === t.b ? '' : ' → ' + escapeText(t.b)} (page ${t.page}): ${teds} ${t.teds.toFixed(3)}, structure ${t.tedsStructure.toFixed(3)}${t.approximate ? ' (lower bounds: table too large)' : ''}`
    )
  }
  if (!verbose && identical > 0) lines.push(`  ${plural(identical, 'table')} identical (${teds} 1.000)`)
  lines.push(s.match ? 'the documents match' : 'the documents differ')
  return lines
}

const STATUSES: PairStatus[] = ['same', 'changed', 'split', 'merged', 'added', 'removed']

function formatCounts(counts: Record<PairStatus, number>, all = false): string {
  const shown = STATUSES.filter((status) => all || counts[status] > 0).map((status) => `${counts[status]} ${status}`)
  return shown.length > 0 ? shown.join(' · ') : 'no blocks'
}

const pageSize = (counts: Record<PairStatus, number>) => STATUSES.reduce((n, status) => n + counts[status], 0)
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const percent = (share: number) => `${(share * 100).toFixed(1)}%`

function blocksById(doc: Document): Map<string, Block> {
  const map = new Map<string, Block>()
  for (const page of doc.pages) for (const block of page.blocks) if (!map.has(block.id)) map.set(block.id, block)
  return map
}

/**
 * The changed stretch of two texts, quoted, with up to `context` characters around it: the
 * common prefix and suffix are cut, so `…September <approx. 2%>, but…` against
 * `…September (approx. 2%), but…`. Linear.
 */
export function textDiff(x: string, y: string, context: number): [string, string] {
  const a = Array.from(x)
  const b = Array.from(y)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) (endA--, endB--)
  const show = (chars: string[], end: number) => {
    const from = Math.max(0, start - context)
    const middle = chars.slice(start, end)
    const shownMiddle = middle.length > 2 * context ? [...middle.slice(0, context), '…', ...middle.slice(-context)] : middle
    const to = Math.min(chars.length, end + context)
    return (
      (from > 0 ? '…' : '') +
      quote([...chars.slice(from, start), ...shownMiddle, ...chars.slice(end, to)].join('')) +
      (to < chars.length ? '…' : '')
    )
  }
  return [show(a, endA), show(b, endB)]
}

function shorten(text: string, length: number): string {
  const chars = Array.from(text.length > 4 * length ? text.slice(0, 4 * length) : text)
  return chars.length > length ? chars.slice(0, length).join('') + '…' : chars.join('')
}

const quote = (text: string) => `"${escapeText(text)}"`

/**
 * Text made safe to print on a terminal: backslash and `"` escaped, and every C0/C1 control
 * character, bidirectional mark or override, and line or paragraph separator written as an
 * escape (`\n`, `\t`, `\u001b`, `\u202e`, …).
 */
export function escapeText(text: string): string {
  return text.replace(/[\\"\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => {
    switch (char) {
      case '\\':
        return '\\\\'
      case '"':
        return '\\"'
      case '\n':
        return '\\n'
      case '\r':
        return '\\r'
      case '\t':
        return '\\t'
      default:
        return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
    }
  })
}
