import {OptionsError} from '../errors.js'
import type {Block, Document, Page} from '../model/index.js'
import {compareInPage} from '../layout/compare.js'
import {type ReadingOrderOptions, inferReadingOrder} from '../layout/reading-order.js'

/** The orders a document can be read in: its `reading_order_index`, or its layout (an XY-cut of the bboxes). */
export type ReadingOrderBy = 'index' | 'geometry'
export const READING_ORDERS: readonly ReadingOrderBy[] = ['index', 'geometry']

export interface SortOptions extends ReadingOrderOptions {
  /** `index` orders by `reading_order_index`; `geometry` ignores it and reads the bboxes with an XY-cut (default: `index`). */
  by?: ReadingOrderBy
}

/**
 * Returns the document with pages ascending and each page's blocks in reading order (page,
 * `reading_order_index`, bbox top, left, `id`). Pure: the input is untouched.
 * With `by: 'geometry'`, each page is read from its bboxes (see `inferReadingOrder`) and its
 * blocks are renumbered to match (`reading_order_index` ascending along the array, reusing the
 * page's own numbers when they are distinct), so the result reads the same in every tool that
 * sorts by index again (render, chunk, preview). `direction` applies to every page (`auto`, the
 * default, detects each page's own). Blocks whose index does not change are shared.
 *
 * @example
 * const ordered = sortByReadingOrder(doc)
 * const byLayout = sortByReadingOrder(doc, {by: 'geometry'})
 * const hebrew = sortByReadingOrder(doc, {by: 'geometry', direction: 'rtl'})
 */
export function sortByReadingOrder<D extends Pick<Document, 'pages'>>(doc: D, options: SortOptions = {}): D {
  if (options === null || typeof options !== 'object') throw new OptionsError(`options: expected an object, got ${JSON.stringify(options)}`)
  const by = checkOrder('by', options.by)
  const direction = options.direction ?? 'auto'
  if (direction !== 'auto' && direction !== 'ltr' && direction !== 'rtl')
    throw new OptionsError(`direction: expected "auto", "ltr" or "rtl", got ${JSON.stringify(direction)}`)
  const pages = doc.pages
    .map((page, position) => ({page, position}))
    .sort((x, y) => x.page.page - y.page.page || x.position - y.position)
    .map(({page}): Page => ({
      ...page,
      blocks: by === 'index' ? [...page.blocks].sort(compareInPage) : renumber(inferReadingOrder(page, {direction}))
    }))
  return {...doc, pages}
}

/** Checks an order option (`by`, `order`) and fills in the default; throws `OptionsError` naming it. */
export function checkOrder(name: string, value: unknown): ReadingOrderBy {
  if (value === undefined) return 'index'
  if (value !== 'index' && value !== 'geometry')
    throw new OptionsError(`${name}: expected "index" or "geometry", got ${JSON.stringify(value)}`)
  return value
}

/**
 * The blocks, already in reading order, with `reading_order_index` ascending along the array: the
 * page's own numbers sorted when they are all distinct (a document numbered across pages keeps its
 * numbering), else one by one from the smallest (lowered so the last stays a safe integer).
 */
function renumber(blocks: Block[]): Block[] {
  const numbers = blocks.map((block) => block.reading_order_index).sort((a, b) => a - b)
  const distinct = numbers.every((n, i) => Number.isSafeInteger(n) && (i === 0 || n > numbers[i - 1]!))
  // Lowered when counting on would pass the largest safe integer (the contract's bound): the result stays valid.
  const first = Math.min(Number.isSafeInteger(numbers[0]) && numbers[0]! >= 0 ? numbers[0]! : 0, Number.MAX_SAFE_INTEGER - (blocks.length - 1))
  return blocks.map((block, i) => {
    const index = distinct ? numbers[i]! : first + i
    return block.reading_order_index === index ? block : {...block, reading_order_index: index}
  })
}

/**
 * Every block of the document in reading order, as one flat array.
 *
 * @example
 * const texts = blocksInReadingOrder(doc).filter((b) => 'text' in b)
 */
export function blocksInReadingOrder(doc: Document, options: SortOptions = {}): Block[] {
  return sortByReadingOrder(doc, options).pages.flatMap((page) => page.blocks)
}

/**
 * Iterates the blocks of the document in reading order, each with the page it sits on.
 *
 * @example
 * for (const {block, page} of iterateBlocks(doc)) console.log(page.page, block.id)
 */
export function* iterateBlocks(doc: Document, options: SortOptions = {}): Generator<{block: Block; page: Page}> {
  for (const page of sortByReadingOrder(doc, options).pages) for (const block of page.blocks) yield {block, page}
}
