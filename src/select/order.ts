import {OptionsError} from '../errors.js'
import type {Block, Document, Page} from '../model/index.js'
import {compareInPage} from '../layout/compare.js'
import {type ReadingOrderOptions, inferReadingOrder} from '../layout/reading-order.js'

export interface SortOptions extends ReadingOrderOptions {
  /** `index` orders by `reading_order_index`; `geometry` ignores it and reads the bboxes with an XY-cut (default: `index`). */
  by?: 'index' | 'geometry'
}

/**
 * Returns the document with pages ascending and each page's blocks in reading order (page,
 * `reading_order_index`, bbox top, left, `id`). Pure: the input is untouched, blocks are shared.
 * With `by: 'geometry'`, each page is read from its bboxes (see `inferReadingOrder`); `direction`
 * applies to every page (`auto`, the default, detects each page's own).
 *
 * @example
 * const ordered = sortByReadingOrder(doc)
 * const byLayout = sortByReadingOrder(doc, {by: 'geometry'})
 * const hebrew = sortByReadingOrder(doc, {by: 'geometry', direction: 'rtl'})
 */
export function sortByReadingOrder<D extends Pick<Document, 'pages'>>(doc: D, options: SortOptions = {}): D {
  if (options === null || typeof options !== 'object') throw new OptionsError(`options: expected an object, got ${JSON.stringify(options)}`)
  const by = options.by ?? 'index'
  if (by !== 'index' && by !== 'geometry') throw new OptionsError(`by: expected "index" or "geometry", got ${JSON.stringify(by)}`)
  const direction = options.direction ?? 'auto'
  if (direction !== 'auto' && direction !== 'ltr' && direction !== 'rtl')
    throw new OptionsError(`direction: expected "auto", "ltr" or "rtl", got ${JSON.stringify(direction)}`)
  const pages = doc.pages
    .map((page, position) => ({page, position}))
    .sort((x, y) => x.page.page - y.page.page || x.position - y.position)
    .map(({page}): Page => ({
      ...page,
      blocks: by === 'index' ? [...page.blocks].sort(compareInPage) : inferReadingOrder(page, {direction})
    }))
  return {...doc, pages}
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
