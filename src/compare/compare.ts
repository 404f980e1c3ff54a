import {OptionsError, ValidationError} from '../errors.js'
import {compareInPage} from '../layout/compare.js'
import {iou} from '../layout/geometry.js'
import type {BBox, Block, Document} from '../model/index.js'
import {createIssue, type Issue} from '../issues.js'
import {canonicalJson} from './canonical.js'
import {itemDistance, textDistance} from './edit-distance.js'
import {countInversions, pairCount} from './kendall.js'
import {type Entry, type Match, matchPage, sampleOf} from './match.js'
import {pubtabnetSimilarity, tableSimilarity} from './teds.js'
import {blockText, codePoints, COMMON_FIELDS, countWords, normalizeText, type Whitespace, words} from './text.js'

export type {Whitespace} from './text.js'

export interface CompareOptions {
  /** Least IoU for two blocks to be paired by their boxes, and least text similarity to be paired by their text, in (0, 1] (default: `0.5`). */
  threshold?: number
  /** Largest change of confidence a pair may show and still be `same`, in [0, 1] (default: `0.1`). */
  confidenceTolerance?: number
  /** `collapse`: texts compared after NFC with whitespace runs as one space, trimmed; `exact`: after NFC only (default: `collapse`). */
  whitespace?: Whitespace
  /**
   * How tables are scored: `default`, TEDS over `table → tr → th/td` with cells compared after the
   * `whitespace` rule, clipped to [0, 1]; `pubtabnet`, exactly as PubTabNet's reference
   * implementation (`thead`/`tbody`, the root not counted, raw cell text, unclipped), so scores sit
   * beside published ones (default: `default`).
   */
  teds?: 'default' | 'pubtabnet'
}

/** What happened to a block (or group of blocks) from `a` to `b`. */
export type PairStatus = 'same' | 'changed' | 'added' | 'removed' | 'split' | 'merged'

/** One thing that differs within a matched pair. */
export type PairChange = 'type' | 'text' | 'content' | 'role' | 'text_source' | 'confidence' | 'position'

/** Blocks of `a` and `b` that correspond, with how they differ. */
export interface BlockPair {
  /** Page number (both sides are on it). */
  page: number
  /** Block ids in `a`, in reading order: one (same, changed, split), several (merged) or none (added). */
  a: string[]
  /** Block ids in `b`, in reading order: one (same, changed, merged), several (split) or none (removed). */
  b: string[]
  status: PairStatus
  /** What differs; empty exactly when `status` is `same`, and for added and removed blocks. */
  changes: PairChange[]
  /** IoU of the boxes (around all the blocks of a side); `null` for added and removed blocks. */
  iou: number | null
  /** Character edit distance / the longer text, in [0, 1]; `null` when neither side has text. */
  cer: number | null
  /** Word edit distance / the longer word count, in [0, 1]; `null` when neither side has words. */
  wer: number | null
  /** A block of one side has a type the other side's block does not. */
  typeChanged: boolean
  /** A block of one side has a text source the other side's block does not. */
  textSourceChanged: boolean
  /** Mean confidence in `b` minus mean confidence in `a`, in [−1, 1]; `null` for added and removed blocks. */
  confidenceDelta: number | null
  /** True when a text was too long to align exactly and `cer`/`wer` are upper bounds. */
  approximate: boolean
}

/** TEDS of a pair of matched tables. */
export interface TableComparison {
  page: number
  a: string
  b: string
  /** Tree-edit-distance similarity with cell content, in [0, 1]. */
  teds: number
  /** The same, structure only, in [0, 1]. */
  tedsStructure: number
  /** True when the tables were too large and both scores are lower bounds. */
  approximate: boolean
}

/** The counts and reading-order agreement of one page. */
export interface PageComparison {
  page: number
  counts: Record<PairStatus, number>
  /** Kendall τ over the matched pairs of the page, in [−1, 1]; `null` with fewer than two. */
  kendallTau: number | null
  /** False when the boxes overlapped too heavily to be used and blocks were matched by text alone. */
  geometry: boolean
}

/** A page whose size (`source.page_sizes`, inches) is not the same in `a` and `b`. */
export interface PageSizeChange {
  /** Page number (1-based: the position in `page_sizes`). */
  page: number
  /** `[width, height]` in `a`; `null` when `a` lists no size for the page. */
  a: readonly [number, number] | null
  /** The same in `b`. */
  b: readonly [number, number] | null
}

export interface ComparisonSummary {
  /** Character error rate of the whole document: Σ edit distances / Σ longer lengths over every pair, in [0, 1]; `null` without text. */
  cer: number | null
  /** Word error rate, the same over words; `null` without words. */
  wer: number | null
  /** F1 of finding the blocks: precision = matched blocks of `b` / blocks of `b`, recall = matched blocks of `a` / blocks of `a`; 1 for two empty documents. */
  blockF1: number
  /** Share of matched pairs whose types agree, in [0, 1]; `null` when nothing matched. */
  typeAgreement: number | null
  /** Kendall τ of the reading order over matched pairs of the same page, in [−1, 1]; `null` with fewer than two on every page. */
  kendallTau: number | null
  /** TEDS of every pair of matched tables. */
  tables: TableComparison[]
  /** Number of pairs by status. */
  counts: Record<PairStatus, number>
  pages: PageComparison[]
  /** The pages whose size differs (a page turned landscape, a size missing on one side), in page order. */
  pageSizes: PageSizeChange[]
  /** True when every pair is `same`, the reading order agrees (τ is 1 or `null`) and no page size changed. */
  match: boolean
}

/** The result of {@link compareDocuments}. */
export interface Comparison {
  /** The options in force, defaults filled in. */
  options: Required<CompareOptions>
  /** Every block of both documents in exactly one pair; by page, then by reading order. */
  pairs: BlockPair[]
  summary: ComparisonSummary
}

const emptyCounts = (): Record<PairStatus, number> => ({same: 0, changed: 0, added: 0, removed: 0, split: 0, merged: 0})

/**
 * Compares two extractions of a document block by block: matches the blocks of each page (by
 * IoU of their boxes, then by text), and scores what changed — per pair and overall (CER, WER,
 * block F1, type agreement, Kendall τ of the reading order, TEDS of tables). Symmetric:
 * `compareDocuments(b, a)` gives the same pairs with the sides swapped (added ↔ removed,
 * split ↔ merged). Throws `OptionsError` on bad options and `ValidationError` when a document
 * repeats a block id (a pair names blocks by id).
 *
 * Cost: per page, O((n + m) log(n + m)) plus bounded matching work (see the README), plus the
 * edit distances of matched texts (linear in their length for a bounded shorter side) and TEDS
 * of matched tables (bounded by a size limit, linear beyond it).
 *
 * @example
 * const {pairs, summary} = compareDocuments(before, after)
 * for (const pair of pairs) if (pair.status !== 'same') console.log(pair.status, pair.a, pair.b)
 * console.log(summary.cer, summary.kendallTau, summary.match)
 */
export function compareDocuments(a: Document, b: Document, options: CompareOptions = {}): Comparison {
  const comparer = createComparer(options)
  const {whitespace} = comparer.options
  const pagesA = pagesOf(a, 'a', whitespace)
  const pagesB = pagesOf(b, 'b', whitespace)
  const numbers = [...new Set([...pagesA.keys(), ...pagesB.keys()])].sort((x, y) => x - y)
  const pairs: BlockPair[] = []
  for (const page of numbers) for (const pair of comparer.page(page, pagesA.get(page) ?? [], pagesB.get(page) ?? []).pairs) pairs.push(pair)
  return {options: comparer.options, pairs, summary: comparer.summary(count(pagesA), count(pagesB), a, b)}
}

/**
 * `compareDocuments` a page number at a time, for a caller that reads the documents page by page
 * (the CLI's `diff`): `page` takes the entries of one page number of each side (`entriesOf`), in
 * ascending page number, and answers its pairs, its comparison and its tables; `summary` then
 * gives the summary of them all. Only what the summary needs is kept, never the pairs.
 */
export function createComparer(options: CompareOptions = {}) {
  const checked = checkOptions(options)
  const {threshold, confidenceTolerance, whitespace, teds} = checked
  const pages: PageComparison[] = []
  const tables: TableComparison[] = []
  const edits: Counted = {chars: 0, longerChars: 0, words: 0, longerWords: 0}
  const tally: Tally = {counts: emptyCounts(), matchedA: 0, matchedB: 0, matchedPairs: 0, sameType: 0, allSame: true}
  let inversions = 0
  let orderedPairs = 0
  return {
    options: checked,
    page(page: number, entriesA: Entry[], entriesB: Entry[]): {pairs: BlockPair[]; comparison: PageComparison; tables: TableComparison[]} {
      const {matches, geometry} = matchPage(entriesA, entriesB, threshold)
      const matched = new Set(matches.flatMap((m) => [...m.a, ...m.b]))
      const groups: Match[] = [
        ...matches,
        ...entriesA.filter((e) => !matched.has(e)).map((e): Match => ({a: [e], b: [], by: 'text'})),
        ...entriesB.filter((e) => !matched.has(e)).map((e): Match => ({a: [], b: [e], by: 'text'}))
      ]
      const counts = emptyCounts()
      const pairs: BlockPair[] = []
      const pageTables: TableComparison[] = []
      for (const group of orderGroups(groups)) {
        const {pair, counted} = describePair(page, group, whitespace, threshold, confidenceTolerance)
        counts[pair.status]++
        pairs.push(pair)
        tallyPair(tally, pair)
        for (const key of ['chars', 'longerChars', 'words', 'longerWords'] as const) edits[key] += counted[key]
        const [x, y] = [group.a[0]?.block, group.b[0]?.block]
        if (group.a.length === 1 && group.b.length === 1 && x?.type === 'table' && y?.type === 'table') {
          // Equal content (cells normalised) is TEDS 1 without building the trees.
          const equal = teds === 'default' && group.a[0]!.content === group.b[0]!.content
          const scores = equal
            ? {teds: 1, tedsStructure: 1, approximate: false}
            : teds === 'pubtabnet'
              ? pubtabnetSimilarity(tableOf(x), tableOf(y))
              : tableSimilarity(tableOf(x), tableOf(y), whitespace)
          pageTables.push({page, a: x.id, b: y.id, ...scores})
        }
      }
      // Reading order: the b-ranks of the matched groups, taken in a-order.
      const ranks = matches.map((m) => [m.a[0]!.rank, m.b[0]!.rank] as const).sort((p, q) => p[0] - q[0])
      const pageInversions = countInversions(ranks.map(([, rank]) => rank))
      const pagePairs = pairCount(ranks.length)
      inversions += pageInversions
      orderedPairs += pagePairs
      const comparison: PageComparison = {page, counts, kendallTau: pagePairs === 0 ? null : 1 - (2 * pageInversions) / pagePairs, geometry}
      pages.push(comparison)
      for (const table of pageTables) tables.push(table)
      return {pairs, comparison, tables: pageTables}
    },
    /** The summary of every page given, `blocksA` and `blocksB` blocks in all; page sizes from the documents' sources. */
    summary(blocksA: number, blocksB: number, a: Pick<Document, 'source'>, b: Pick<Document, 'source'>): ComparisonSummary {
      const kendallTau = orderedPairs === 0 ? null : 1 - (2 * inversions) / orderedPairs
      const summary = summarise(tally, pages, tables, edits, blocksA, blocksB, kendallTau)
      const pageSizes = pageSizeChanges(a, b)
      return {...summary, pageSizes, match: summary.match && pageSizes.length === 0}
    }
  }
}

/** The pages whose `source.page_sizes` entry differs between the two documents (exactly: the sizes are data). */
function pageSizeChanges(a: Pick<Document, 'source'>, b: Pick<Document, 'source'>): PageSizeChange[] {
  const sizesA = a.source?.page_sizes ?? []
  const sizesB = b.source?.page_sizes ?? []
  const changes: PageSizeChange[] = []
  for (let i = 0; i < Math.max(sizesA.length, sizesB.length); i++) {
    const [x, y] = [sizesA[i], sizesB[i]]
    if (x !== undefined && y !== undefined && x[0] === y[0] && x[1] === y[1]) continue
    changes.push({page: i + 1, a: x ? [x[0], x[1]] : null, b: y ? [y[0], y[1]] : null})
  }
  return changes
}

function checkOptions(options: CompareOptions): Required<CompareOptions> {
  const {threshold = 0.5, confidenceTolerance = 0.1, whitespace = 'collapse', teds = 'default'} = options
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1))
    throw new OptionsError(`threshold: expected a number in (0, 1], got ${String(threshold)}`)
  if (typeof confidenceTolerance !== 'number' || !(confidenceTolerance >= 0 && confidenceTolerance <= 1))
    throw new OptionsError(`confidenceTolerance: expected a number in [0, 1], got ${String(confidenceTolerance)}`)
  if (whitespace !== 'collapse' && whitespace !== 'exact')
    throw new OptionsError(`whitespace: expected "collapse" or "exact", got ${JSON.stringify(whitespace)}`)
  if (teds !== 'default' && teds !== 'pubtabnet')
    throw new OptionsError(`teds: expected "default" or "pubtabnet", got ${JSON.stringify(teds)}`)
  return {threshold, confidenceTolerance, whitespace, teds}
}

/** The blocks of each page number (pages with the same number together), in reading order, as entries. */
function pagesOf(doc: Document, side: 'a' | 'b', whitespace: Whitespace): Map<number, Entry[]> {
  const blocks = new Map<number, Block[]>()
  const seen = new Map<string, number[]>()
  const issues: Issue[] = []
  doc.pages.forEach((page, p) => {
    const list = blocks.get(page.page) ?? []
    blocks.set(page.page, list)
    page.blocks.forEach((block, i) => {
      const first = seen.get(block.id)
      if (first)
        issues.push(
          createIssue(
            'duplicate_block_id',
            [side, 'pages', p, 'blocks', i, 'id'],
            `expected a unique id, got ${JSON.stringify(block.id)} again (first at pages[${first[0]}].blocks[${first[1]}]); pairs name blocks by id`
          )
        )
      else seen.set(block.id, [p, i])
      list.push(block)
    })
  })
  if (issues.length > 0) throw new ValidationError(issues, `document ${side} for comparison`)
  const entries = new Map<number, Entry[]>()
  for (const [page, list] of blocks)
    entries.set(
      page,
      entriesOf(list, whitespace, (block) => {
        // Content that cannot be written out cannot be compared: fail, never call it the same.
        const [p = 0, i = 0] = seen.get(block.id)!
        issues.push(
          createIssue(
            'content_not_comparable',
            [side, 'pages', p, 'blocks', i],
            'expected JSON data, got a value that holds the same object twice (a cycle)'
          )
        )
      })
    )
  if (issues.length > 0) throw new ValidationError(issues, `document ${side} for comparison`)
  return entries
}

/**
 * The entries of one page number's blocks (those of every page with that number, in the
 * document's order), in reading order; `uncomparable` is told of a block whose content is not JSON
 * data (a cycle; never in parsed JSON). Sorts `blocks` in place.
 */
export function entriesOf(blocks: Block[], whitespace: Whitespace, uncomparable: (block: Block) => void = () => {}): Entry[] {
  return blocks.sort(compareInPage).map((block, rank): Entry => {
    const text = normalizeText(blockText(block), whitespace)
    const [x0, y0, x1, y1] = block.bbox
    const content = contentKey(block, whitespace)
    if (content === undefined) uncomparable(block)
    return {
      block,
      rank,
      text,
      sample: sampleOf(text),
      content: content ?? '',
      boxed: Number.isFinite(x0 + y0 + x1 + y1) && x1 > x0 && y1 > y0
    }
  })
}

/**
 * Pairs in reading order: matched and removed pairs by their first block of `a`; an added pair
 * just before the pair of the next matched `b` block (after the removed blocks there, as in a
 * unified diff), or last.
 */
function orderGroups(groups: Match[]): Match[] {
  const placeOfB = new Map<number, number>()
  for (const g of groups) if (g.a.length > 0) for (const e of g.b) placeOfB.set(e.rank, g.a[0]!.rank)
  const matchedB = [...placeOfB.keys()].sort((x, y) => x - y)
  const keyed = groups.filter((g) => g.a.length > 0).map((g) => ({g, key: g.a[0]!.rank, tie: 0}))
  let cursor = 0
  for (const g of groups.filter((g) => g.a.length === 0).sort((x, y) => x.b[0]!.rank - y.b[0]!.rank)) {
    const rank = g.b[0]!.rank
    while (cursor < matchedB.length && matchedB[cursor]! < rank) cursor++
    const next = matchedB[cursor]
    keyed.push({g, key: next === undefined ? Infinity : placeOfB.get(next)! - 0.5, tie: rank})
  }
  return keyed.sort((x, y) => x.key - y.key || x.tie - y.tie).map(({g}) => g)
}

/** Edit distances and the longer lengths, summed over pairs for the document's CER and WER. */
interface Counted {
  chars: number
  longerChars: number
  words: number
  longerWords: number
}

const count = (pages: Map<number, Entry[]>) => [...pages.values()].reduce((n, list) => n + list.length, 0)

function describePair(
  page: number,
  group: Match,
  whitespace: Whitespace,
  threshold: number,
  tolerance: number
): {pair: BlockPair; counted: Counted} {
  const joint = whitespace === 'collapse' ? ' ' : '\n'
  const textA = group.a
    .map((e) => e.text)
    .filter((t) => t !== '')
    .join(joint)
  const textB = group.b
    .map((e) => e.text)
    .filter((t) => t !== '')
    .join(joint)
  const chars = textA === textB ? {distance: 0, approximate: false} : textDistance(textA, textB)
  const longerChars = Math.max(codePoints(textA), codePoints(textB))
  let wordEdits = {distance: 0, approximate: false}
  let longerWords = countWords(textA)
  if (textA !== textB) {
    const [wordsA, wordsB] = [words(textA), words(textB)]
    wordEdits = itemDistance(wordsA, wordsB)
    longerWords = Math.max(wordsA.length, wordsB.length)
  }
  const counted = {chars: chars.distance, longerChars, words: wordEdits.distance, longerWords}
  const base = {
    page,
    a: group.a.map((e) => e.block.id),
    b: group.b.map((e) => e.block.id),
    cer: longerChars === 0 ? null : chars.distance / longerChars,
    wer: longerWords === 0 ? null : wordEdits.distance / longerWords,
    approximate: chars.approximate || wordEdits.approximate
  }
  if (group.a.length === 0 || group.b.length === 0) {
    const status = group.a.length === 0 ? 'added' : 'removed'
    return {pair: {...base, status, changes: [], iou: null, typeChanged: false, textSourceChanged: false, confidenceDelta: null}, counted}
  }
  const blocksA = group.a.map((e) => e.block)
  const blocksB = group.b.map((e) => e.block)
  const differs = <T>(get: (block: Block) => T) => {
    const values = new Set(blocksA.map(get))
    return blocksB.some((block) => !values.has(get(block))) || new Set(blocksB.map(get)).size !== values.size
  }
  const mean = (blocks: Block[]) => blocks.reduce((sum, block) => sum + block.confidence, 0) / blocks.length
  const confidenceDelta = mean(blocksB) - mean(blocksA)
  const overlap = sameUnits(blocksA, blocksB) ? iou(hull(blocksA), hull(blocksB)) : 0
  const changes: PairChange[] = []
  if (differs((block) => block.type)) changes.push('type')
  if (textA !== textB) changes.push('text')
  if (group.a.length === 1 && group.b.length === 1 && group.a[0]!.content !== group.b[0]!.content) changes.push('content')
  if (differs((block) => block.role ?? null)) changes.push('role')
  if (differs((block) => block.text_source)) changes.push('text_source')
  if (Math.abs(confidenceDelta) > tolerance) changes.push('confidence')
  if (group.by === 'text' && overlap < threshold) changes.push('position')
  const status: PairStatus = group.a.length > 1 ? 'merged' : group.b.length > 1 ? 'split' : changes.length === 0 ? 'same' : 'changed'
  const typeChanged = changes.includes('type')
  const textSourceChanged = changes.includes('text_source')
  return {pair: {...base, status, changes, iou: overlap, typeChanged, textSourceChanged, confidenceDelta}, counted}
}

const sameUnits = (x: Block[], y: Block[]) => new Set([...x, ...y].map((block) => block.bbox_units)).size === 1

function hull(blocks: Block[]): BBox {
  return blocks.reduce(
    (h, {bbox}): BBox => [Math.min(h[0], bbox[0]), Math.min(h[1], bbox[1]), Math.max(h[2], bbox[2]), Math.max(h[3], bbox[3])],
    [Infinity, Infinity, -Infinity, -Infinity]
  )
}

/**
 * Every field but the common ones and `text` (compared on its own), strings normalised, as
 * canonical JSON, however deep (written iteratively); `undefined` for a value that is not JSON data
 * (a cycle), which the caller refuses.
 */
function contentKey(block: Block, whitespace: Whitespace): string | undefined {
  const content = Object.entries(block as Record<string, unknown>).filter(([key]) => !COMMON_FIELDS.has(key) && key !== 'text')
  return canonicalJson(Object.fromEntries(content), (text) => normalizeText(text, whitespace))
}

function tableOf(block: Block): {headers: string[]; rows: string[][]} {
  const {headers, rows} = block as {headers?: unknown; rows?: unknown}
  const cells = (row: unknown) => (Array.isArray(row) ? row.map((cell) => (typeof cell === 'string' ? cell : String(cell))) : [])
  return {headers: cells(headers), rows: Array.isArray(rows) ? rows.map(cells) : []}
}

/** What the summary counts of the pairs, as they are made. */
interface Tally {
  counts: Record<PairStatus, number>
  matchedA: number
  matchedB: number
  matchedPairs: number
  sameType: number
  allSame: boolean
}

function tallyPair(tally: Tally, pair: BlockPair): void {
  tally.counts[pair.status]++
  if (pair.status !== 'same') tally.allSame = false
  if (pair.status === 'added' || pair.status === 'removed') return
  tally.matchedA += pair.a.length
  tally.matchedB += pair.b.length
  tally.matchedPairs++
  if (!pair.typeChanged) tally.sameType++
}

function summarise(
  {counts, matchedA, matchedB, matchedPairs, sameType, allSame}: Tally,
  pages: PageComparison[],
  tables: TableComparison[],
  edits: Counted,
  blocksA: number,
  blocksB: number,
  kendallTau: number | null
): Omit<ComparisonSummary, 'pageSizes'> {
  const precision = blocksB === 0 ? 0 : matchedB / blocksB
  const recall = blocksA === 0 ? 0 : matchedA / blocksA
  return {
    cer: edits.longerChars === 0 ? null : edits.chars / edits.longerChars,
    wer: edits.longerWords === 0 ? null : edits.words / edits.longerWords,
    blockF1: blocksA + blocksB === 0 ? 1 : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    typeAgreement: matchedPairs === 0 ? null : sameType / matchedPairs,
    kendallTau,
    tables,
    counts,
    pages,
    match: allSame && (kendallTau === null || kendallTau === 1)
  }
}
