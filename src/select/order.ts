import {OptionsError} from '../errors.js'
import type {Block, Document, Page} from '../model/index.js'
import {compareInPage} from '../layout/compare.js'
import {inferReadingOrder} from '../layout/geometry.js'

export interface SortOptions {
  /** `index` orders by `reading_order_index`; `geometry` ignores it and reads the bboxes with an XY-cut (default: `index`). */
  by?: 'index' | 'geometry'
}

/**
 * Returns the document with pages ascending and each page's blocks in reading order (page,
 * `reading_order_index`, bbox top, left, `id`). Pure: the input is untouched, blocks are shared.
 *
 * @example
 * const ordered = sortByReadingOrder(doc)
 * const byLayout = sortByReadingOrder(doc, {by: 'geometry'})
 */
export function sortByReadingOrder(doc: Document, options: SortOptions = {}): Document {
  const by = options.by ?? 'index'
  if (by !== 'index' && by !== 'geometry') throw new OptionsError(`by: expected "index" or "geometry", got ${JSON.stringify(by)}`)
  const pages = doc.pages
    .map((page, position) => ({page, position}))
    .sort((x, y) => x.page.page - y.page.page || x.position - y.position)
    .map(({page}): Page => ({...page, blocks: by === 'index' ? [...page.blocks].sort(compareInPage) : inferReadingOrder(page)}))
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
