import {type Issue, type Path, createIssue, formatPath} from '../issues.js'
import {TEXT_BLOCK_TYPES, isKnownBlock} from '../model/constants.js'
import {compareInPage} from '../layout/compare.js'
import {analyzeReadingOrder} from '../layout/reading-order.js'
import type {Block, Document, Job, Page} from '../model/index.js'

const textTypes: ReadonlySet<string> = new Set(TEXT_BLOCK_TYPES)

/**
 * The semantic warnings of model.md that a schema cannot express: page numbering, duplicate ids and
 * reading-order indexes, `verified` vs `text_source`, diagram edges, chart series, ragged tables, ….
 * Pure; returns issues with `severity: "warning"` in document order.
 *
 * @example
 * for (const w of checkDocument(doc)) console.warn(formatIssue(w))
 */
export function checkDocument(doc: Document, base: Path = []): Issue[] {
  const check = createDocumentCheck(doc, base)
  doc.pages.forEach((page, p) => check.page(page, p))
  return check.issues
}

/**
 * `checkDocument` a page at a time, for a document read page by page: the outline's warnings
 * first, then each page's as it is given (`p`: its place in the pages array, in order); `issues`
 * holds them all, in document order.
 */
export function createDocumentCheck(outline: Pick<Document, 'source' | 'extraction'>, base: Path = []) {
  const out: Issue[] = []
  const warn = (code: string, path: Path, message: string) => out.push(createIssue(code, [...base, ...path], message, 'warning'))
  const {page_count, page_sizes} = outline.source

  if (page_count !== page_sizes.length)
    warn('page_count_mismatch', ['source', 'page_count'], `expected ${page_sizes.length} (the number of page_sizes), got ${page_count}`)

  outline.extraction.per_page_failures.forEach((failure, i) => {
    const page = typeof failure === 'number' ? failure : failure.page
    const path: Path = typeof failure === 'number' ? ['extraction', 'per_page_failures', i] : ['extraction', 'per_page_failures', i, 'page']
    if (page > page_count) warn('page_out_of_range', path, `expected a page ≤ page_count (${page_count}), got ${page}`)
  })

  const seenPages = new Set<number>()
  // Where each block id was first seen: an index into one flat list of page and block positions
  // (a path array a block weighed ~80 bytes: on documents of many small blocks, most of what a check held).
  const seenIds = new Map<string, number>()
  const firstSeen: number[] = []
  let previousPage = 0
  const checkPage = (page: Page, p: number): void => {
    const pagePath: Path = ['pages', p, 'page']
    if (seenPages.has(page.page)) warn('duplicate_page', pagePath, `expected a unique page number, got ${page.page} again`)
    else if (page.page < previousPage) warn('pages_not_ascending', pagePath, `expected a page after ${previousPage}, got ${page.page}`)
    if (page.page > page_count) warn('page_out_of_range', pagePath, `expected a page ≤ page_count (${page_count}), got ${page.page}`)
    seenPages.add(page.page)
    previousPage = Math.max(previousPage, page.page)

    const seenOrder = new Set<number>()
    page.blocks.forEach((block, b) => {
      const at = (...rest: Path): Path => ['pages', p, 'blocks', b, ...rest]
      if (block.page !== page.page) warn('block_page_mismatch', at('page'), `expected ${page.page} (the enclosing page), got ${block.page}`)
      const first = seenIds.get(block.id)
      if (first !== undefined) {
        const path: Path = ['pages', firstSeen[first]!, 'blocks', firstSeen[first + 1]!]
        warn('duplicate_block_id', at('id'), `expected a unique id, got ${JSON.stringify(block.id)} again (first at ${formatPath(path)})`)
      } else {
        seenIds.set(block.id, firstSeen.length)
        firstSeen.push(p, b)
      }
      if (seenOrder.has(block.reading_order_index))
        warn(
          'duplicate_reading_order_index',
          at('reading_order_index'),
          `expected a unique index on page ${page.page}, got ${block.reading_order_index} again`
        )
      seenOrder.add(block.reading_order_index)
      if (block.bbox_units !== 'normalized')
        warn('unknown_bbox_units', at('bbox_units'), `expected "normalized", got ${JSON.stringify(block.bbox_units)} (range rule skipped)`)
      if (block.verified !== (block.text_source === 'verified'))
        warn(
          'verified_mismatch',
          at('verified'),
          `expected ${block.text_source === 'verified'} (text_source is "${block.text_source}"), got ${block.verified}`
        )
      if (block.text_source === 'derived' && textTypes.has(block.type))
        warn('derived_text_block', at('text_source'), `expected "verified" or "inferred" for a ${block.type} block, got "derived"`)
      checkContent(block, at, warn)
    })
    const layout = analyzeReadingOrder(page, {direction: 'ltr'}) // regions are the same sets either way
    if (layout.fallback)
      warn(
        'reading_order_fallback',
        ['pages', p, 'blocks'],
        `expected a layout the XY-cut reads within its work budget, got one too intricate (${page.blocks.length} blocks); geometric reading order falls back to top to bottom`
      )
    const jump = layout.fallback ? undefined : findRegionReturn(page, layout.regions)
    if (jump)
      warn(
        'reading_order_contradicts_geometry',
        ['pages', p, 'blocks', page.blocks.indexOf(jump)],
        `reading order returns to a region of the page it had left (block ${JSON.stringify(jump.id)}), e.g. jumping between columns and back`
      )
  }
  return {issues: out, page: checkPage}
}

function checkContent(block: Block, at: (...rest: Path) => Path, warn: (code: string, path: Path, message: string) => void): void {
  if (!isKnownBlock(block)) return
  if (block.type === 'diagram') {
    const ids = new Set(block.nodes.map((node) => node.id))
    block.edges.forEach((edge, e) => {
      for (const end of ['from', 'to'] as const)
        if (!ids.has(edge[end]))
          warn('diagram_edge_missing_node', at('edges', e, end), `expected the id of a node, got ${JSON.stringify(edge[end])}`)
    })
  } else if (block.type === 'chart') {
    const want = block.categories.length
    block.series.forEach((series, s) => {
      if (series.values.length !== want)
        warn('chart_series_length', at('series', s, 'values'), `expected ${want} values (one per category), got ${series.values.length}`)
    })
  } else if (block.type === 'table') {
    const width = block.rows.reduce((widest, row) => Math.max(widest, row.length), block.headers.length)
    block.rows.forEach((row, r) => {
      if (row.length !== width) warn('table_ragged_row', at('rows', r), `expected ${width} cells (the widest row), got ${row.length}`)
    })
    if (block.headers.length > 0 && block.headers.length !== width)
      warn('table_ragged_row', at('headers'), `expected ${width} cells (the widest row), got ${block.headers.length}`)
  }
}

/**
 * The first block at which the `reading_order_index` order re-enters a layout region (a column
 * segment, a band) it had already left; undefined when the index order reads region by region.
 */
function findRegionReturn(page: Page, regions: Block[][]): Block | undefined {
  if (regions.length < 2) return undefined
  const regionOf = new Map<Block, number>()
  regions.forEach((region, r) => region.forEach((block) => regionOf.set(block, r)))
  const left = new Set<number>()
  let current = -1
  for (const block of [...page.blocks].sort(compareInPage)) {
    const region = regionOf.get(block)!
    if (region === current) continue
    if (left.has(region)) return block
    if (current !== -1) left.add(current)
    current = region
  }
  return undefined
}

/** The warnings of a job: timestamp order, then its document's warnings under `document`. */
export function checkJob(job: Job): Issue[] {
  const out = checkJobTimes(job)
  return job.document ? [...out, ...checkDocument(job.document, ['document'])] : out
}

/** A job's own warnings (its timestamps' order), without its document's: they come first in `checkJob`. */
export function checkJobTimes(job: Pick<Job, 'created_at' | 'started_at' | 'completed_at'>): Issue[] {
  const out: Issue[] = []
  const times: Array<['created_at' | 'started_at' | 'completed_at', string | null]> = [
    ['created_at', job.created_at],
    ['started_at', job.started_at],
    ['completed_at', job.completed_at]
  ]
  let previous: [string, number] | undefined
  for (const [field, value] of times) {
    if (value === null) continue
    const time = Date.parse(value)
    if (previous && time < previous[1])
      out.push(createIssue('timestamps_out_of_order', [field], `expected a time not before ${previous[0]}, got ${value}`, 'warning'))
    previous = [field, time]
  }
  return out
}
