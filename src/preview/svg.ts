import {DocmodelError, OptionsError} from '../errors.js'
import {compareInPage} from '../layout/compare.js'
import {inferReadingOrder} from '../layout/reading-order.js'
import type {BBox, Block, Document, Job} from '../model/index.js'
import {SVG_STYLE, swatchClass} from './assets.js'
import {colorOf} from './colors.js'
import {blockImage, blockText, pageImageUrl} from './content.js'
import {escapeXml as esc, num, snippet} from './escape.js'
import {pageFrame} from './frame.js'
import {type PageSvgOptions, type ResolvedSvgOptions, resolveSvgOptions} from './options.js'

/** What the preview accepts: a document, or a job response carrying one. */
export type PreviewInput = Document | Job

/** The document of the input; throws `DocmodelError` for a job without one. */
export function documentOf(input: PreviewInput): Document {
  if (input !== null && typeof input === 'object' && 'job_id' in input) {
    const job = input as Job
    if (!job.document) throw new DocmodelError(`job ${JSON.stringify(job.job_id)} has no document to preview (status "${job.status}")`)
    return job.document
  }
  if (input === null || typeof input !== 'object' || !Array.isArray((input as Document).pages))
    throw new OptionsError('input: expected a document or a job response')
  return input as Document
}

/**
 * Every page number to draw, ascending, with its blocks in reading order: the pages the document
 * has, failed pages, and the pages of `page_sizes` up to `page_count` (so a bogus huge
 * `page_count` cannot make the work unbounded).
 */
export function pagesOf(doc: Document, options: Pick<ResolvedSvgOptions, 'by' | 'direction'>): Map<number, Block[]> {
  const pages = new Map<number, Block[]>()
  const last = Math.min(doc.source.page_count, doc.source.page_sizes.length)
  for (let page = 1; page <= last; page++) pages.set(page, [])
  for (const failure of doc.extraction.per_page_failures) {
    const page = typeof failure === 'number' ? failure : failure.page
    if (page <= doc.source.page_count && !pages.has(page)) pages.set(page, [])
  }
  for (const page of doc.pages) {
    const blocks = pages.get(page.page)
    // A page listed twice (a contract warning) shows all its blocks.
    if (blocks) for (const block of page.blocks) blocks.push(block)
    else pages.set(page.page, [...page.blocks])
  }
  const sorted = [...pages].sort(([a], [b]) => a - b)
  return new Map(sorted.map(([page, blocks]) => [page, inOrder(page, blocks, options)]))
}

/** A page's blocks in the order asked for: by `reading_order_index`, or by their layout. */
export function inOrder(page: number, blocks: Block[], {by, direction}: Pick<ResolvedSvgOptions, 'by' | 'direction'>): Block[] {
  return by === 'geometry' ? inferReadingOrder({page, blocks}, {direction}) : blocks.sort(compareInPage)
}

/** The element id of a block drawn on a page: `blk-<page>-<position in reading order>`. */
export const blockKey = (page: number, position: number) => `${page}-${position}`

const TEXT_IN_TITLE = 160

/** The tooltip of a block: type and role, provenance, confidence, id, order, then the first part of its text. */
export function blockSummary(block: Block, position: number): string {
  const role = typeof block.role === 'string' && block.role !== '' ? ` (${block.role})` : ''
  const text = snippet(blockText(block, TEXT_IN_TITLE * 2), TEXT_IN_TITLE)
  const head = `${block.type}${role} · ${block.text_source} · confidence ${block.confidence} · #${position} · id ${block.id}`
  return text === '' ? head : `${head}\n${text}`
}

/**
 * One page's SVG markup (see `renderPageSvg`); `blocks` are the page's blocks in reading order.
 * Standalone, it carries its own style sheet; inside the HTML page, the page's carries the rules.
 */
export function pageSvgMarkup(doc: Document, page: number, blocks: readonly Block[], options: ResolvedSvgOptions, standalone: boolean): string {
  const out: string[] = []
  writePageSvg(out, doc, page, blocks, options, standalone)
  return out.join('')
}

/**
 * Appends the page's SVG to `out` in small pieces: one join of the whole page at the end copies
 * each piece once, where growing strings would build deep ropes that cost a second pass (and
 * garbage) to flatten.
 */
export function writePageSvg(out: string[], doc: Document, page: number, blocks: readonly Block[], options: ResolvedSvgOptions, standalone: boolean): void {
  const frame = pageFrame(doc, page, blocks, options.dpi)
  const {width, height} = frame
  const hatch = `hatch-${page}`
  const placed = blocks.map((block, i) => {
    const box = frame.toView(block.bbox, block.bbox_units)
    return {block, position: i + 1, box: box && normalizeBox(box)}
  })
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="page-svg" viewBox="0 0 ${num(width)} ${num(height)}" data-page="${page}"` +
    ` role="group" aria-label="Page ${page}: ${blocks.length} block${blocks.length === 1 ? '' : 's'}">` +
    `<defs><pattern id="${hatch}" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)">` +
    `<rect width="1.6" height="7" fill="#c62828" fill-opacity="0.4"/></pattern></defs>` +
    (standalone ? `<style>${SVG_STYLE}</style>` : '') +
    `<rect class="paper" width="${num(width)}" height="${num(height)}" fill="#ffffff"/>`
  )
  const background = options.pageImages[page]
  if (background !== undefined) {
    const url = pageImageUrl(background)
    if (url === undefined) throw new OptionsError(`pageImages[${page}]: expected PNG, JPEG, GIF or WebP bytes or a data: URL of one`)
    out.push(`<image class="page-image" href="${url}" width="${num(width)}" height="${num(height)}" preserveAspectRatio="none"/>`)
  }
  // Larger boxes first, so a box inside another stays on top, visible and clickable.
  const drawOrder = [...placed].sort((a, b) => area(b.box) - area(a.box) || a.position - b.position)
  out.push('<g class="blocks">')
  for (const {block, position, box} of drawOrder) writeBlock(out, block, page, position, box, options, hatch)
  out.push('</g>')
  if (options.order) writeOrder(out, page, placed, width, height)
  out.push('</svg>')
}

function normalizeBox([x0, y0, x1, y1]: BBox): BBox {
  return [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)]
}

const area = (box: BBox | undefined) => (box ? (box[2] - box[0]) * (box[3] - box[1]) : 0)

function writeBlock(out: string[], block: Block, page: number, position: number, box: BBox | undefined, options: ResolvedSvgOptions, hatch: string): void {
  const [x0, y0, x1, y1] = box ?? [0, 0, 0, 0]
  const geometry = `x="${num(x0)}" y="${num(y0)}" width="${num(x1 - x0)}" height="${num(y1 - y0)}"`
  const color = colorOf(block, options.colorBy)
  const inferred = block.text_source === 'inferred'
  const low = block.confidence < options.lowConfidence
  const classes = `block ${swatchClass(color)}${inferred ? ' inferred' : ''}${low ? ' low' : ''}${box ? '' : ' unplaced'}`
  out.push('<g class="blk">')
  const image = blockImage(block)
  if (image !== undefined && box) out.push(`<image class="content" ${geometry} href="${image}" preserveAspectRatio="xMidYMid meet"/>`)
  out.push(
    `<rect id="blk-${blockKey(page, position)}" class="${classes}" ${geometry}` +
    ` data-block-id="${esc(block.id)}" data-type="${esc(block.type)}" data-text-source="${esc(block.text_source)}"` +
    ` data-confidence="${esc(String(block.confidence))}" data-order="${position}" data-page="${page}" tabindex="0">` +
    `<title>${esc(blockSummary(block, position))}</title></rect>`
  )
  if (low && box) out.push(`<rect class="hatch" ${geometry} fill="url(#${hatch})" pointer-events="none"/>`)
  // The type inside the box, when it fits: the colours may be saying something else.
  const left = options.order ? 9 : 3
  if (x1 - x0 >= 45 && y1 - y0 >= 11) {
    const type = snippet(block.type, 24)
    out.push(`<text class="lbl" x="${num(x0 + left)}" y="${num(y0 + 8.5)}">${esc(type)}</text>`)
    writeWords(out, block, [x0, y0, x1, y1], left + type.length * TYPE_CHAR + 4, 8.5)
  } else if (x1 - x0 >= 45 && y1 - y0 >= 7) {
    // A thin box (a heading line): its words alone, on its middle line.
    writeWords(out, block, [x0, y0, x1, y1], left, (y1 - y0) / 2 + 2.1)
  }
  out.push('</g>')
}

// Estimated advances of the labels' sans-serif (6.5 and 6 units): generous, and the words are
// clipped to their box anyway (a nested <svg> clips what it holds).
const TYPE_CHAR = 3.3
const WORD_CHAR = 2.9
const LINE = 7.5

/**
 * The first words of the block's text inside its box, so a page reads at a glance: after the
 * type on its line, then on as many lines as the box holds, cut at a word with `…`. Bounded by
 * the box: the text read is at most what fits.
 */
function writeWords(out: string[], block: Block, [x0, y0, x1, y1]: BBox, firstIndent: number, baseline: number): void {
  const width = x1 - x0 - 3
  const perLine = Math.floor(width / WORD_CHAR)
  const firstRoom = Math.floor((width - firstIndent) / WORD_CHAR)
  const lines = Math.max(1, Math.floor((y1 - y0 - baseline + 6) / LINE))
  if (perLine < 4 || lines < 1) return
  const capacity = Math.max(0, firstRoom) + (lines - 1) * perLine
  const text = snippet(blockText(block, capacity + 1), capacity + 1)
  if (text === '') return
  // Each line but an empty first takes a character: a box taller than the text (a huge page) adds no lines.
  const used = Math.min(lines, text.length + 1)
  const wrapped = wrap(text, [Math.max(0, firstRoom), ...Array<number>(used - 1).fill(perLine)])
  if (wrapped.every((line) => line === '')) return
  const tspans = wrapped
    .map((line, i) => (line === '' ? '' : `<tspan x="${num(i === 0 ? firstIndent : 3)}" y="${num(baseline + i * LINE)}"${i === 0 ? ' class="first"' : ''}>${esc(line)}</tspan>`))
    .join('')
  out.push(
    `<svg class="words-box" x="${num(x0)}" y="${num(y0)}" width="${num(x1 - x0)}" height="${num(y1 - y0)}">` +
      `<text class="words">${tspans}</text></svg>`
  )
}

/** Greedy word wrap into lines of the given widths (in characters); the last line ends with `…` when words are left. */
export function wrap(text: string, widths: readonly number[]): string[] {
  const words = text.split(' ')
  const lines: string[] = []
  let next = 0
  for (const width of widths) {
    let line = ''
    while (next < words.length) {
      const word = words[next]!
      const candidate = line === '' ? word : `${line} ${word}`
      if (candidate.length > width) {
        // A word longer than a whole line is cut, so it cannot block every line after it.
        if (line === '' && width >= 4 && word.length > width) {
          line = word.slice(0, width - 1) + '…'
          next++
        }
        break
      }
      line = candidate
      next++
    }
    lines.push(line)
  }
  if (next < words.length || text.endsWith('…')) {
    const last = lines.findLastIndex((line) => line !== '')
    if (last >= 0 && !lines[last]!.endsWith('…')) {
      const room = widths[last]!
      lines[last] = (lines[last]!.length + 1 > room ? lines[last]!.slice(0, Math.max(0, room - 1)).trimEnd() : lines[last]!) + '…'
    }
  }
  return lines
}

function writeOrder(
  out: string[],
  page: number,
  placed: ReadonlyArray<{position: number; box: BBox | undefined}>,
  width: number,
  height: number
): void {
  const drawn = placed.filter((p): p is {position: number; box: BBox} => p.box !== undefined)
  out.push('<g class="order" pointer-events="none">')
  if (drawn.length > 1) {
    const points = drawn.map(({box}) => `${num((box[0] + box[2]) / 2)},${num((box[1] + box[3]) / 2)}`).join(' ')
    out.push(`<polyline class="order-path" points="${points}"/>`)
  }
  const badges = createBadgePlacer(width, height)
  for (const {position, box} of drawn) {
    // The number sits on the box's top-left corner, kept inside the page, moved along the box's
    // top edge (then down its left edge) to clear the badges of boxes stacked on the same spot.
    const [cx, cy] = badges.place(box)
    out.push(
      `<g id="ord-${blockKey(page, position)}" class="om"><circle cx="${num(cx)}" cy="${num(cy)}" r="6.5"/>` +
      `<text x="${num(cx)}" y="${num(cy)}"${position > 99 ? ' class="small"' : ''}>${position}</text></g>`
    )
  }
  out.push('</g>')
}

const BADGE = 6.5
/** How far apart two badge centres must be not to overlap (a hair more than their diameter). */
const BADGE_GAP = 2 * BADGE + 0.5

/**
 * Places order badges so that none overlaps another: each at the first free spot along its box's
 * top edge, then down its left edge, then on a small grid from its corner (inside the page),
 * checked against the badges placed so far through a grid of cells one gap wide. A constant
 * number of spots per badge, a constant number of neighbours per spot: linear in the blocks
 * (only a pile of more than 64 boxes at one spot can still overlap).
 */
function createBadgePlacer(width: number, height: number) {
  const cells = new Map<string, Array<[number, number]>>()
  const key = (x: number, y: number) => `${Math.floor(x / BADGE_GAP)},${Math.floor(y / BADGE_GAP)}`
  const free = (x: number, y: number) => {
    const cx = Math.floor(x / BADGE_GAP)
    const cy = Math.floor(y / BADGE_GAP)
    // Offsets, not `cx - 1 … cx + 1`: past 2⁵³ (a huge page) cx + 1 is cx, and that loop never ended.
    for (let i = -1; i <= 1; i++)
      for (let j = -1; j <= 1; j++)
        for (const [px, py] of cells.get(`${cx + i},${cy + j}`) ?? []) if ((px - x) ** 2 + (py - y) ** 2 < BADGE_GAP ** 2) return false
    return true
  }
  return {
    place([x0, y0, x1, y1]: BBox): [number, number] {
      const left = Math.max(BADGE + 0.5, x0)
      const top = Math.max(BADGE + 0.5, y0)
      const inBox = (x: number, y: number) => x <= Math.max(left, x1) && y <= Math.max(top, y1)
      const inPage = (x: number, y: number) => x <= width - BADGE && y <= height - BADGE
      const tries: Array<[number, number]> = []
      for (let k = 0; k < 6; k++) tries.push([left + k * BADGE_GAP, top])
      for (let k = 1; k < 6; k++) tries.push([left, top + k * BADGE_GAP])
      const near = tries.length
      for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) tries.push([left + c * BADGE_GAP, top + r * BADGE_GAP])
      const found = tries.find(([x, y], i) => (i < near ? inBox(x, y) : inPage(x, y)) && free(x, y))
      // A badge with no free spot (a pile) overlaps anyway and is not recorded: recorded badges are
      // GAP apart, so a cell holds a few and each check stays constant (a pile of n grew one cell to n).
      if (found === undefined) return [left, top]
      const cell = key(found[0], found[1])
      const list = cells.get(cell)
      if (list) list.push(found)
      else cells.set(cell, [found])
      return found
    }
  }
}

/**
 * One page of a document as a standalone SVG string: a viewBox with the page's aspect (from
 * `source.page_sizes`, in points), one `<rect>` per block (with `data-block-id`, `data-type`,
 * `data-text-source`, `data-confidence`, `data-order`, and a `<title>` tooltip), coloured by
 * `options.colorBy`, inferred text dashed, low confidence hatched, and the reading order as
 * numbers and a thin path. Throws `OptionsError` for a page the document does not have.
 *
 * @example
 * writeFileSync('page-1.svg', renderPageSvg(doc, 1, {colorBy: 'confidence'}))
 */
export function renderPageSvg(input: PreviewInput, page: number, options: PageSvgOptions = {}): string {
  const doc = documentOf(input)
  const resolved = resolveSvgOptions(options)
  const onPage = doc.pages.filter((p) => p.page === page)
  if (!Number.isInteger(page) || page < 1 || (page > doc.source.page_count && onPage.length === 0))
    throw new OptionsError(`page: expected a page of the document (1–${doc.source.page_count}), got ${String(page)}`)
  const blocks = inOrder(page, onPage.flatMap((p) => p.blocks), resolved)
  return pageSvgMarkup(doc, page, blocks, resolved, true)
}
