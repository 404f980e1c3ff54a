import type {Path} from '../issues.js'
import {
  type Draft,
  type ImportOptions,
  type ImportResult,
  Warnings,
  assemble,
  invalidInput,
  isFiniteNumber,
  isObject,
  maxOf,
  minOf,
  checkGrid,
  checkPageCount,
  normalizeBox,
  provenance,
  unionBox
} from './build.js'

type Json = Record<string, unknown>
type Box = [number, number, number, number]

/** Options of `fromTextract`: Textract gives no page size, only boxes in fractions of the page. */
export interface TextractOptions extends ImportOptions {
  /** `[width, height]` in inches of every page, or one per page (default: US Letter, 8.5 × 11, with a warning). */
  pageSizes?: Array<[number, number]> | [number, number]
  /** Kind of the original file; the response does not say (default: `image`: Textract reads pixels). */
  kind?: 'pdf' | 'image'
}

/** LAYOUT block types → block type and role; LAYOUT_LIST, LAYOUT_TABLE and LAYOUT_FIGURE are built apart. */
const LAYOUT_TYPES: Record<string, {type: string; role?: string}> = {
  LAYOUT_TITLE: {type: 'heading', role: 'title'},
  LAYOUT_SECTION_HEADER: {type: 'heading', role: 'section'},
  LAYOUT_TEXT: {type: 'paragraph', role: 'body'},
  LAYOUT_HEADER: {type: 'page_header'},
  LAYOUT_FOOTER: {type: 'page_footer'},
  LAYOUT_PAGE_NUMBER: {type: 'page_footer', role: 'page_number'},
  LAYOUT_KEY_VALUE: {type: 'paragraph', role: 'key_value'}
}

interface Block {
  value: Json
  index: number
  page: number
}

/**
 * Imports an Amazon Textract `AnalyzeDocument` (or `GetDocumentAnalysis`) response with the LAYOUT
 * feature (and TABLES) into a document: layout blocks in Textract's order (its reading order), a
 * table's cells from the TABLE block that matches a LAYOUT_TABLE, every LINE no layout block
 * claims appended as a paragraph (warned). Without LAYOUT blocks, every LINE is a paragraph.
 *
 * @example
 * const {document, warnings} = fromTextract(JSON.parse(fs.readFileSync('response.json', 'utf8')))
 */
export function fromTextract(json: unknown, options: TextractOptions = {}): ImportResult {
  if (!isObject(json)) throw invalidInput('Textract response', [], 'expected an object with a Blocks array')
  // GetDocumentAnalysis pages concatenated by callers sometimes arrive as an array of responses.
  const raw = json.Blocks
  if (!Array.isArray(raw)) throw invalidInput('Textract response', ['Blocks'], 'expected an array of blocks')
  const warnings = new Warnings()
  const confidenceDefault = options.defaultConfidence ?? 1
  const byId = new Map<string, Block>()
  const blocks: Block[] = []
  raw.forEach((value: unknown, index) => {
    if (!isObject(value) || typeof value.Id !== 'string' || typeof value.BlockType !== 'string') {
      warnings.add('invalid_block', ['Blocks', index], 'a block without Id or BlockType; skipped')
      return
    }
    const block = {value, index, page: Number.isInteger(value.Page) && (value.Page as number) >= 1 ? (value.Page as number) : 1}
    byId.set(value.Id, block)
    blocks.push(block)
  })
  const pageBlocks = blocks.filter((block) => block.value.BlockType === 'PAGE')
  const declared =
    isObject(json.DocumentMetadata) && Number.isInteger(json.DocumentMetadata.Pages) ? (json.DocumentMetadata.Pages as number) : 0
  const pageCount = maxOf(
    blocks.map((block) => block.page),
    Math.max(1, declared)
  )
  checkPageCount(pageCount, 'Textract response', ['Blocks'])
  const pageSizes = sizesOf(options.pageSizes, pageCount, warnings)
  if (pageBlocks.length === 0 && blocks.length === 0) warnings.add('empty_response', ['Blocks'], 'the response holds no blocks')

  const path = (block: Block, ...rest: Array<string | number>): Path => ['Blocks', block.index, ...rest]
  const children = (block: Block, type = 'CHILD'): Block[] => {
    const relations = Array.isArray(block.value.Relationships) ? block.value.Relationships.filter(isObject) : []
    return relations
      .filter((relation) => relation.Type === type && Array.isArray(relation.Ids))
      .flatMap((relation) => (relation.Ids as unknown[]).map((id) => (typeof id === 'string' ? byId.get(id) : undefined)))
      .filter((child): child is Block => child !== undefined)
  }
  // Each block's box is computed (and its clamp warned) once, however often it is asked for.
  const boxes = new Map<Block, Box | undefined>()
  const boxOf = (block: Block): Box | undefined => {
    if (!boxes.has(block)) boxes.set(block, computeBox(block))
    return boxes.get(block)
  }
  const computeBox = (block: Block): Box | undefined => {
    const geometry = isObject(block.value.Geometry) ? block.value.Geometry : undefined
    const box = geometry && isObject(geometry.BoundingBox) ? geometry.BoundingBox : undefined
    let corners: Box | undefined
    if (box && [box.Left, box.Top, box.Width, box.Height].every(isFiniteNumber))
      corners = [
        box.Left as number,
        box.Top as number,
        (box.Left as number) + (box.Width as number),
        (box.Top as number) + (box.Height as number)
      ]
    else if (geometry && Array.isArray(geometry.Polygon)) {
      const points = geometry.Polygon.filter(isObject).filter((p) => isFiniteNumber(p.X) && isFiniteNumber(p.Y))
      if (points.length > 0) corners = unionBox(points.map((p) => [p.X as number, p.Y as number, p.X as number, p.Y as number]))
    }
    if (!corners) return undefined
    // Textract's boxes are fractions of the page with a top-left origin already.
    return normalizeBox(corners, 1, 1, warnings, path(block, 'Geometry'))
  }
  /** The block's confidence with its parts' (an array, not arguments: a block may list 100k lines). */
  const confidenceOf = (block: Block, parts: readonly Block[] = []): number => {
    const values = [block, ...parts].map((part) => part.value.Confidence).filter(isFiniteNumber)
    // The weakest of the layout model's and the OCR's confidences (Textract gives 0–100).
    return values.length === 0 ? confidenceDefault : minOf(values) / 100
  }
  const textOf = (block: Block): string => (typeof block.value.Text === 'string' ? block.value.Text : '')

  const drafts: Draft[] = []
  const usedLines = new Set<string>()
  const usedWords = new Set<string>()
  const linesOf = (block: Block) => children(block).filter((child) => child.value.BlockType === 'LINE')
  /**
   * The block's lines that no earlier layout block took, now taken: a line is read once (a line two
   * layout blocks list would repeat its text, and a hostile file could list one long line everywhere).
   */
  const takeLines = (block: Block): Block[] => {
    const lines: Block[] = []
    for (const line of linesOf(block)) {
      const id = line.value.Id as string
      if (usedLines.has(id)) continue
      usedLines.add(id)
      lines.push(line)
      for (const word of children(line)) usedWords.add(word.value.Id as string)
    }
    return lines
  }
  const common = (block: Block, box: Box, confidence: number) => ({
    id: block.value.Id as string,
    page: block.page,
    bbox: box,
    bbox_units: 'normalized' as const,
    // Textract reads pixels: every text is OCR output, a model's.
    ...provenance('inferred', confidence)
  })

  const tables = blocks.filter((block) => block.value.BlockType === 'TABLE')
  const usedTables = new Set<Block>()

  const emitTable = (table: Block, layout?: Block) => {
    usedTables.add(table)
    tableIndexes.get(table.page)?.take(table)
    const box = boxOf(table) ?? (layout && boxOf(layout))
    if (!box) return warnings.add('no_position', path(table), 'table without geometry: not carried over')
    for (const title of children(table, 'TABLE_TITLE')) emitWords(title, 'caption', 'table_title')
    const {headers, rows} = tableGrid(table)
    drafts.push({...common(table, box, confidenceOf(table)), ...provenance('derived', confidenceOf(table)), type: 'table', headers, rows})
    for (const footer of children(table, 'TABLE_FOOTER')) emitWords(footer, 'caption', 'table_footer')
  }

  /** A TABLE_TITLE or TABLE_FOOTER: its words as a caption, unless a layout block already reads them (no repeated caption). */
  const emitWords = (block: Block, type: string, role: string) => {
    const words = children(block).filter((child) => child.value.BlockType === 'WORD')
    if (words.length > 0 && words.every((word) => inLayout.has(word.value.Id as string))) return
    for (const word of words) usedWords.add(word.value.Id as string)
    const box = boxOf(block)
    if (!box) return warnings.add('no_position', path(block), `${role} without geometry: not carried over`)
    drafts.push({...common(block, box, confidenceOf(block, words)), type, role, text: words.map(textOf).join(' ')})
  }

  // Cells and their words placed in some table: each is placed once (a cell or word listed again
  // would repeat its text, as often as a hostile file lists it).
  const placed = new Set<Block>()
  function tableGrid(table: Block): {headers: string[]; rows: string[][]} {
    let reused = false
    const cells = children(table).filter((child) => {
      if (child.value.BlockType !== 'CELL') return false
      if (!placed.has(child)) return placed.add(child)
      reused = true
      return false
    })
    const rowCount = maxOf(
      cells.map((cell) => Number(cell.value.RowIndex) || 0),
      0
    )
    const colCount = maxOf(
      cells.map((cell) => Number(cell.value.ColumnIndex) || 0),
      0
    )
    checkGrid(rowCount, colCount, cells.length, 'Textract response', path(table))
    const grid = Array.from({length: rowCount}, () => Array.from({length: colCount}, () => ''))
    const header = Array.from({length: rowCount}, () => false)
    for (const cell of cells) {
      const r = Number(cell.value.RowIndex) - 1
      const c = Number(cell.value.ColumnIndex) - 1
      if (!(r >= 0 && c >= 0)) {
        warnings.add('cell_without_position', path(cell), 'a cell without a row and column index; its words are not in the table')
        continue
      }
      const [words, marks] = (['WORD', 'SELECTION_ELEMENT'] as const).map((type) =>
        children(cell).filter((child) => {
          if (child.value.BlockType !== type) return false
          if (!placed.has(child)) return placed.add(child)
          reused = true
          return false
        })
      ) as [Block[], Block[]]
      for (const word of words) usedWords.add(word.value.Id as string)
      const text = [...words.map(textOf), ...marks.map((mark) => (mark.value.SelectionStatus === 'SELECTED' ? '☒' : '☐'))].join(' ')
      // Two cells at one position: both texts kept, in order, and warned.
      if (grid[r]![c] !== '' && text !== '') {
        warnings.add('cell_position_repeated', path(cell), `a second cell at row ${r + 1}, column ${c + 1}; its text follows the first's`)
        grid[r]![c] = `${grid[r]![c]} ${text}`
      } else if (text !== '') grid[r]![c] = text
      if (Array.isArray(cell.value.EntityTypes) && cell.value.EntityTypes.includes('COLUMN_HEADER')) header[r] = true
    }
    // A merged cell's text sits in its first cell (Textract gives each covered cell its own words).
    let spanned = false
    for (const merged of children(table, 'MERGED_CELL')) {
      // One part per grid position: a position listed twice would double its text at every merge.
      const positions = new Set<string>()
      const parts = children(merged).filter((child) => {
        const key = `${String(child.value.RowIndex)},${String(child.value.ColumnIndex)}`
        return child.value.BlockType === 'CELL' && !positions.has(key) && positions.add(key)
      })
      if (parts.length > 1) spanned = true
      const texts = parts
        .map((part) => grid[Number(part.value.RowIndex) - 1]?.[Number(part.value.ColumnIndex) - 1] ?? '')
        .filter((t) => t !== '')
      parts.forEach((part, i) => {
        const row = grid[Number(part.value.RowIndex) - 1]
        if (row) row[Number(part.value.ColumnIndex) - 1] = i === 0 ? texts.join(' ') : ''
      })
      if (parts.some((part) => Array.isArray(part.value.EntityTypes) && part.value.EntityTypes.includes('COLUMN_HEADER')))
        for (const part of parts) header[Number(part.value.RowIndex) - 1] = true
    }
    if (reused)
      warnings.add('cell_reused', path(table), 'cells or words an earlier cell already holds are listed again; each is imported once')
    if (spanned) warnings.add('cell_span', path(table), 'merged cells: the text is in the first cell of each merge, the others are empty')
    let headerCount = 0
    while (headerCount < rowCount && header[headerCount]) headerCount++
    if (headerCount > 1)
      warnings.add('header_rows_merged', path(table), `${headerCount} header rows merged into one (cells joined with " / ")`)
    const headers =
      headerCount === 0
        ? []
        : Array.from({length: colCount}, (_, c) => {
            const parts: string[] = []
            for (let r = 0; r < headerCount; r++) {
              const text = grid[r]![c]!
              if (text !== '' && parts.at(-1) !== text) parts.push(text)
            }
            return parts.join(' / ')
          })
    return {headers, rows: grid.slice(headerCount)}
  }

  // Each page's tables with a box, indexed once by their top edge (built when a LAYOUT_TABLE of the page first asks).
  const tableIndexes = new Map<number, TableIndex<Block>>()
  const tableIndexOf = (page: number): TableIndex<Block> => {
    let index = tableIndexes.get(page)
    if (!index) {
      const placed = (byPage.get(page)?.tables ?? []).flatMap((table) => {
        const box = boxOf(table)
        return box ? [{item: table, box}] : []
      })
      tableIndexes.set(page, (index = new TableIndex(placed)))
    }
    return index
  }

  const emitLayout = (block: Block) => {
    const type = block.value.BlockType as string
    const box = boxOf(block)
    if (type === 'LAYOUT_TABLE') {
      // The TABLE block of the same page that covers most of this region holds the cells.
      const best = box ? tableIndexOf(block.page).best(box) : undefined
      const lines = takeLines(block)
      if (best) emitTable(best, block)
      else
        warnings.add(
          'table_without_cells',
          path(block),
          'a LAYOUT_TABLE with no TABLE block (TABLES feature off?): its lines are imported as a paragraph'
        )
      // Lines of the region that no cell, title or footer took (a note beside the grid) stay as text.
      const leftover = best
        ? lines.filter((line) => children(line).every((word) => !tableWordIds(best).has(word.value.Id as string)))
        : lines
      if (leftover.length > 0 && box)
        drafts.push({
          ...common(block, box, confidenceOf(block, leftover)),
          id: `${block.value.Id as string}#text`,
          type: 'paragraph',
          role: 'table_text',
          text: leftover.map(textOf).join('\n')
        })
      return
    }
    if (!box) return warnings.add('no_position', path(block), `${type} without geometry: not carried over`)
    if (type === 'LAYOUT_LIST') {
      const items = children(block).filter((child) => String(child.value.BlockType).startsWith('LAYOUT_'))
      const lines = items.map((item) => {
        return takeLines(item)
      })
      const text = lines.map((itemLines) => `- ${itemLines.map(textOf).join(' ')}`).join('\n')
      drafts.push({...common(block, box, confidenceOf(block, lines.flat())), type: 'list', text})
      return
    }
    const lines = takeLines(block)
    if (type === 'LAYOUT_FIGURE') {
      drafts.push({
        ...common(block, box, confidenceOf(block)),
        ...provenance('derived', confidenceOf(block)),
        type: 'image',
        image_b64: '',
        ...(lines.length > 0 ? {embedded_text: lines.map(textOf).join('\n')} : {})
      })
      warnings.add('image_bytes_absent', path(block), 'Textract returns no image bytes for a figure; image_b64 is empty')
      return
    }
    const mapping = LAYOUT_TYPES[type]
    if (!mapping) {
      warnings.add('unknown_layout', path(block, 'BlockType'), `${type} has no block type; imported as a paragraph`)
    }
    let {type: blockType, role} = mapping ?? {type: 'paragraph', role: type.toLowerCase()}
    // A page number is a header or a footer by where it sits.
    if (type === 'LAYOUT_PAGE_NUMBER' && (box[1] + box[3]) / 2 < 0.5) blockType = 'page_header'
    const joiner = type === 'LAYOUT_KEY_VALUE' ? '\n' : ' '
    drafts.push({
      ...common(block, box, confidenceOf(block, lines)),
      type: blockType,
      ...(role ? {role} : {}),
      text: lines.map(textOf).join(joiner)
    })
  }

  const tableWordCache = new Map<Block, Set<string>>()
  function tableWordIds(table: Block): Set<string> {
    let ids = tableWordCache.get(table)
    if (!ids) {
      ids = new Set()
      for (const cell of children(table)) for (const word of children(cell)) ids.add(word.value.Id as string)
      for (const kind of ['TABLE_TITLE', 'TABLE_FOOTER'])
        for (const part of children(table, kind)) for (const word of children(part)) ids.add(word.value.Id as string)
      tableWordCache.set(table, ids)
    }
    return ids
  }

  // Words some layout block (other than a table region) reads: a table title made of them is that block's text already.
  // Each line once, however many layout blocks list it.
  const inLayout = new Set<string>()
  const layoutLines = new Set<Block>()
  for (const block of blocks)
    if (String(block.value.BlockType).startsWith('LAYOUT_') && block.value.BlockType !== 'LAYOUT_TABLE')
      for (const line of linesOf(block)) layoutLines.add(line)
  for (const line of layoutLines) for (const word of children(line)) inLayout.add(word.value.Id as string)
  // A LAYOUT_TEXT inside a LAYOUT_LIST is an item of it, not a block of its own.
  const inList = new Set(
    blocks.filter((b) => b.value.BlockType === 'LAYOUT_LIST').flatMap((list) => children(list).map((child) => child.value.Id as string))
  )
  const layouts = blocks.filter((block) => String(block.value.BlockType).startsWith('LAYOUT_') && !inList.has(block.value.Id as string))
  if (layouts.length === 0 && blocks.some((block) => block.value.BlockType === 'LINE'))
    warnings.add(
      'no_layout',
      ['Blocks'],
      'no LAYOUT blocks (the LAYOUT feature was not requested): every line becomes a paragraph, tables come from TABLE blocks'
    )
  // Each page's layout blocks, tables and lines, in Textract's order, grouped once (linear in the blocks).
  const byPage = new Map<number, {layouts: Block[]; tables: Block[]; lines: Block[]}>()
  const groupOf = (page: number) => {
    let group = byPage.get(page)
    if (!group) byPage.set(page, (group = {layouts: [], tables: [], lines: []}))
    return group
  }
  for (const block of layouts) groupOf(block.page).layouts.push(block)
  for (const table of tables) groupOf(table.page).tables.push(table)
  for (const block of blocks) if (block.value.BlockType === 'LINE') groupOf(block.page).lines.push(block)
  for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
    const group = byPage.get(page)!
    for (const block of group.layouts) emitLayout(block)
    // Tables no layout region matched, then lines no block claimed: kept, in Textract's order.
    for (const table of group.tables.filter((t) => !usedTables.has(t))) {
      if (layouts.length > 0) warnings.add('table_outside_layout', path(table), 'a TABLE no LAYOUT_TABLE covers; appended to its page')
      emitTable(table)
    }
    for (const line of group.lines.filter((b) => !usedLines.has(b.value.Id as string))) {
      const words = children(line)
      if (words.length > 0 && words.every((word) => usedWords.has(word.value.Id as string))) continue
      const box = boxOf(line)
      if (!box) {
        warnings.add('no_position', path(line), 'line without geometry: not carried over')
        continue
      }
      if (layouts.length > 0)
        warnings.add('line_outside_layout', path(line), 'a LINE no LAYOUT block claims; appended to its page as a paragraph')
      drafts.push({...common(line, box, confidenceOf(line)), type: 'paragraph', role: 'line', text: textOf(line)})
    }
  }
  // Forms, queries and signatures have no counterpart in the model: said once per kind, at the first.
  for (const kind of ['KEY_VALUE_SET', 'QUERY', 'QUERY_RESULT', 'SIGNATURE']) {
    const first = blocks.find((block) => block.value.BlockType === kind)
    if (first)
      warnings.add(
        'key_value_not_carried',
        path(first),
        `${kind} blocks have no counterpart in the model (their text is in the lines and layout blocks)`
      )
  }

  return assemble(
    {
      kind: options.kind ?? 'image',
      filename: 'document',
      pageSizes,
      model: `textract${typeof json.AnalyzeDocumentModelVersion === 'string' ? ` ${json.AnalyzeDocumentModelVersion}` : ''}`,
      blocks: drafts,
      source: json
    },
    options,
    warnings
  )
}

/** How many untaken tables on each side of a region's top edge a LAYOUT_TABLE compares (a real page has a handful). */
const TABLE_WINDOW = 32

/**
 * A page's tables sorted by top edge, for pairing each LAYOUT_TABLE with the TABLE that overlaps it
 * most: a region looks at the nearest untaken tables by top edge only (up to `TABLE_WINDOW` on each
 * side), so pairing costs O(log n) a region, not a scan of the page. Taken tables are skipped in
 * near-constant time (next-untaken links with path halving).
 */
class TableIndex<T> {
  private readonly sorted: Array<{item: T; box: Box; order: number}>
  private readonly position = new Map<T, number>()
  /** `up[i]`/`down[i]`: a link towards the nearest untaken entry at or below / above i (−1 and length are ends). */
  private readonly up: number[]
  private readonly down: number[]

  constructor(entries: Array<{item: T; box: Box}>) {
    this.sorted = entries.map((entry, order) => ({...entry, order})).sort((a, b) => a.box[1] - b.box[1] || a.order - b.order)
    this.sorted.forEach((entry, i) => this.position.set(entry.item, i))
    this.up = this.sorted.map((_, i) => i)
    this.down = this.sorted.map((_, i) => i)
  }

  take(item: T): void {
    const i = this.position.get(item)
    if (i === undefined) return
    this.up[i] = i - 1
    this.down[i] = i + 1
  }

  /** The untaken table overlapping `box` most (the earliest in the source on a tie), if any overlaps. */
  best(box: Box): T | undefined {
    let lo = 0
    let hi = this.sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.sorted[mid]!.box[1] < box[1]) lo = mid + 1
      else hi = mid
    }
    let best: {item: T; score: number; order: number} | undefined
    const consider = (i: number) => {
      const entry = this.sorted[i]!
      const score = overlap(box, entry.box)
      if (score > 0 && (!best || score > best.score || (score === best.score && entry.order < best.order)))
        best = {item: entry.item, score, order: entry.order}
    }
    // Downward: tables starting at or below the region's top, until one starts below its bottom.
    for (
      let i = this.next(lo, this.down), seen = 0;
      i < this.sorted.length && seen < TABLE_WINDOW;
      i = this.next(i + 1, this.down), seen++
    ) {
      if (this.sorted[i]!.box[1] >= box[3]) break
      consider(i)
    }
    // Upward: tables starting above it (a tall one may reach into it).
    for (let i = this.next(lo - 1, this.up), seen = 0; i >= 0 && seen < TABLE_WINDOW; i = this.next(i - 1, this.up), seen++) consider(i)
    return best?.item
  }

  /** The nearest untaken index from `i` along `links` (path halving keeps the walks short). */
  private next(i: number, links: number[]): number {
    while (i >= 0 && i < links.length && links[i] !== i) {
      const j = links[i]!
      if (j >= 0 && j < links.length) links[i] = links[j]!
      i = links[i]!
    }
    return i
  }
}

const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]))

function sizesOf(sizes: TextractOptions['pageSizes'], count: number, warnings: Warnings): Array<[number, number]> {
  if (sizes === undefined) {
    warnings.add('page_size_unknown', [], 'Textract gives no page size; every page is taken as US Letter (8.5 × 11 in); pass pageSizes')
    return Array.from({length: count}, () => [8.5, 11])
  }
  const list =
    typeof sizes[0] === 'number' ? Array.from({length: count}, () => sizes as [number, number]) : (sizes as Array<[number, number]>)
  return Array.from({length: count}, (_, i) => list[i] ?? list.at(-1) ?? [8.5, 11])
}
