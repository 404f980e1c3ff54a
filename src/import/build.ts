import {createHash} from 'node:crypto'
import {OptionsError, ValidationError} from '../errors.js'
import {type Issue, type Path, createIssue} from '../issues.js'
import type {Block, Document, TextSource} from '../model/index.js'
import {checkDocument} from '../parse/check.js'
import {safeParseDocument} from '../parse/parse.js'

/** What an import returns: a valid document and everything the source held that it could not carry. */
export interface ImportResult {
  /** The document, valid in lenient mode (checked with `safeParseDocument`). */
  document: Document
  /**
   * What was not carried over, or carried over changed (a clamped box, a merged header row), each
   * with the JSON Pointer of the place in the *source* (`pointer`, `path`), severity `warning`;
   * then the strict-mode warnings of the document itself, if any (their paths are in the document).
   */
  warnings: Issue[]
}

/** Options every importer takes. */
export interface ImportOptions {
  /** `sha256:` + 64 hex of the original file; the sources do not carry it (default: the SHA-256 of the imported JSON, with a warning). */
  fileHash?: string
  /** Name of the original file (default: the one the source names, else `document`). */
  filename?: string
  /** Confidence of a block whose source states none (default: `1`: no doubt expressed, not a measurement). */
  defaultConfidence?: number
}

/** A block before it is numbered: the importer's common fields without `reading_order_index`. */
export interface Draft {
  id: string
  type: string
  role?: string
  page: number
  bbox: [number, number, number, number]
  bbox_units: 'normalized'
  text_source: TextSource
  confidence: number
  verified: boolean
  [field: string]: unknown
}

/** Collects warnings with their source pointers. */
export class Warnings {
  readonly list: Issue[] = []
  add(code: string, path: Path, message: string): void {
    this.list.push(createIssue(code, path, message, 'warning'))
  }
}

/** `[x0, y0, x1, y1]` in page units with a top-left origin, normalized to the page and clamped into it (warned). */
export function normalizeBox(
  box: readonly [number, number, number, number],
  width: number,
  height: number,
  warnings: Warnings,
  path: Path
): [number, number, number, number] {
  const [a, b, c, d] = box
  const raw = [Math.min(a, c) / width, Math.min(b, d) / height, Math.max(a, c) / width, Math.max(b, d) / height] as const
  const clamped = raw.map((value) => round(Math.min(1, Math.max(0, value)))) as [number, number, number, number]
  // A box a hair outside the page is common (rounding, strokes); more than 0.1 % of the page is worth a word.
  if (raw.some((value, index) => Math.abs(value - clamped[index]!) > 1e-3))
    warnings.add('bbox_clamped', path, `box ${JSON.stringify(box)} reaches outside the page (${width} × ${height}); clamped to it`)
  return clamped
}

/** Six decimals: a millionth of a page, well below a pixel, and stable JSON. */
export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

/** The largest of `values` (or `start`), in one pass: a spread of a big array overflows the call stack. */
export function maxOf(values: Iterable<number>, start = -Infinity): number {
  let max = start
  for (const value of values) if (value > max) max = value
  return max
}

/** The smallest of `values` (or `start`), in one pass. */
export function minOf(values: Iterable<number>, start = Infinity): number {
  let min = start
  for (const value of values) if (value < min) min = value
  return min
}

/** Most pages an import accepts: the model lists a size per page, so a page number is memory. */
export const MAX_PAGES = 100_000
/** Most grid positions of one table beyond what its cells account for (a hostile row count is memory). */
export const MAX_GRID = 4_000_000

/** Refuses a page count past `MAX_PAGES` (a hostile page number would allocate that many sizes). */
export function checkPageCount(count: number, subject: string, path: Path): void {
  if (!Number.isFinite(count) || count > MAX_PAGES)
    throw invalidInput(subject, path, `expected at most ${MAX_PAGES} pages, got page ${count}`)
}

/** Refuses a table grid far larger than its cells (a legit span never needs more than 64 positions a cell beyond MAX_GRID). */
export function checkGrid(rows: number, cols: number, cells: number, subject: string, path: Path): void {
  const size = rows * cols
  if (!Number.isFinite(size) || (size > MAX_GRID && size > 64 * Math.max(1, cells)))
    throw invalidInput(subject, path, `a table of ${rows} × ${cols} positions for ${cells} cells; refused`)
}

/** A table read position by position: each position's text, the cell covering it, the header rows. */
export interface CellGrid {
  grid: string[][]
  /** The index of the cell covering each position (a spanning cell covers several). */
  cover: Array<Array<number | undefined>>
  header: boolean[]
  /** The first body cell spanning several positions, if any (warned). */
  spanAt: number | undefined
}

/**
 * A grid as the model's headers and rows (see the README: header rows, spans): the leading header
 * rows merge into one, each column naming every distinct header cell above it, top to bottom; a
 * row that only spanning cells from above cover is left out (it is empty in the model).
 */
export function gridTable(
  {grid, cover, header, spanAt}: CellGrid,
  cell: {text(index: number): string; row(index: number): number},
  warnings: Warnings,
  cellsPath: Path
): {headers: string[]; rows: string[][]} {
  const rows = grid.length
  const cols = grid[0]?.length ?? 0
  let headerCount = 0
  while (headerCount < rows && header[headerCount]) headerCount++
  const headers =
    headerCount === 0
      ? []
      : Array.from({length: cols}, (_, c) => {
          // A Set, not a list: a column under thousands of header rows is read once.
          const seen = new Set<number>()
          for (let r = 0; r < headerCount; r++) {
            const index = cover[r]![c]
            if (index !== undefined) seen.add(index)
          }
          return [...seen]
            .map(cell.text)
            .filter((text) => text !== '')
            .join(' / ')
        })
  const path = cellsPath.slice(0, -1)
  if (headerCount > 1)
    warnings.add(
      'header_rows_merged',
      path,
      `${headerCount} header rows merged into one (cells joined with " / ", a spanning header named in every column it covers)`
    )
  if (spanAt !== undefined)
    warnings.add(
      'cell_span',
      [...cellsPath, spanAt],
      'a body cell spans several rows or columns; its text is in its first position, the others are empty (a row only spans cover is left out)'
    )
  const spannedOver = (r: number) => grid[r]!.every((text, c) => text === '' && cover[r]![c] !== undefined && cell.row(cover[r]![c]!) < r)
  return {headers, rows: grid.slice(headerCount).filter((_, i) => !spannedOver(i + headerCount))}
}

/** The bounding box of boxes. */
export function unionBox(boxes: ReadonlyArray<readonly [number, number, number, number]>): [number, number, number, number] {
  return [minOf(boxes.map((b) => b[0])), minOf(boxes.map((b) => b[1])), maxOf(boxes.map((b) => b[2])), maxOf(boxes.map((b) => b[3]))]
}

/** The bounding box of a polygon given as a flat `[x, y, x, y, …]` list or as `{X, Y}` points. */
export function polygonBox(points: ReadonlyArray<number>): [number, number, number, number] {
  const xs = points.filter((_, index) => index % 2 === 0)
  const ys = points.filter((_, index) => index % 2 === 1)
  return [minOf(xs), minOf(ys), maxOf(xs), maxOf(ys)]
}

/** The common provenance fields for a text source. */
export function provenance(textSource: TextSource, confidence: number): Pick<Block, 'text_source' | 'confidence' | 'verified'> {
  return {text_source: textSource, confidence: round(Math.min(1, Math.max(0, confidence))), verified: textSource === 'verified'}
}

export interface Assembly {
  kind: Document['source']['kind']
  filename: string
  /** Page sizes in inches, page 1 first. */
  pageSizes: Array<[number, number]>
  model: string
  /** Blocks in the source's reading order; numbered per page here. */
  blocks: Draft[]
  /** The source JSON, hashed when no `fileHash` is given. */
  source: unknown
}

/**
 * Numbers the blocks per page in the order given, groups them into pages, validates the document
 * with the project's own parser (an invalid one is a bug of the importer: it throws) and appends
 * the strict-mode warnings of the result.
 */
export function assemble(input: Assembly, options: ImportOptions, warnings: Warnings): ImportResult {
  const byPage = new Map<number, Block[]>()
  for (const draft of input.blocks) {
    const blocks = byPage.get(draft.page) ?? []
    if (blocks.length === 0) byPage.set(draft.page, blocks)
    blocks.push({...draft, reading_order_index: blocks.length} as Block)
  }
  let fileHash = options.fileHash
  if (fileHash !== undefined && !/^sha256:[0-9a-f]{64}$/.test(fileHash))
    throw new OptionsError(`fileHash: expected "sha256:" followed by 64 lowercase hex digits, got ${JSON.stringify(fileHash).slice(0, 80)}`)
  if (fileHash === undefined) {
    fileHash = 'sha256:' + createHash('sha256').update(JSON.stringify(input.source)).digest('hex')
    warnings.add(
      'file_hash_unknown',
      [],
      'the source does not carry the SHA-256 of the original file; file_hash is that of the imported JSON (pass fileHash)'
    )
  }
  const document = {
    source: {
      kind: input.kind,
      filename: options.filename ?? input.filename,
      file_hash: fileHash,
      page_count: input.pageSizes.length,
      page_sizes: input.pageSizes.map(([w, h]) => [round(w), round(h)])
    },
    extraction: {model: input.model, profile: 'import', duration_ms: 0, faithfulness_score: null, per_page_failures: []},
    pages: [...byPage].sort(([a], [b]) => a - b).map(([page, blocks]) => ({page, blocks}))
  }
  const parsed = safeParseDocument(document)
  if (!parsed.success) throw new ValidationError(parsed.error.issues, 'imported document (a bug of the importer)')
  return {document: parsed.data, warnings: [...warnings.list, ...checkDocument(parsed.data)]}
}

/** An input that is not of the expected format: a `ValidationError` whose issues name the place. */
export function invalidInput(subject: string, path: Path, message: string): ValidationError {
  return new ValidationError([createIssue('invalid_source', path, message)], subject)
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
