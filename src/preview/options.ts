import {OptionsError} from '../errors.js'
import type {Direction} from '../layout/direction.js'
import {type ReadingOrderBy, checkOrder} from '../select/order.js'

/** What the fill and outline colour of a block says. */
export type ColorBy = 'type' | 'text-source' | 'confidence'

/** A page render the caller already has: a `data:` URL of a PNG/JPEG/GIF/WebP image, or its bytes. */
export type PageImage = string | Uint8Array

export interface PageSvgOptions {
  /** What the colours say: `'type'`, `'text-source'` or `'confidence'` (default: `'type'`). */
  colorBy?: ColorBy
  /**
   * The reading order the numbers, the path and the block list follow: `'index'` (`reading_order_index`)
   * or `'geometry'` (the layout of the bboxes, `inferReadingOrder`); `false` leaves the numbers and
   * path out (index order), `true` is `'index'` (default: `'index'`).
   */
  order?: boolean | ReadingOrderBy
  /** With `order: 'geometry'`: the direction columns are read in, `'auto'` detecting each page's (default: `'auto'`). */
  direction?: 'auto' | Direction
  /** Blocks with a confidence below this are hatched and outlined in red (default: `0.9`, the `trusted` preset's). */
  lowConfidence?: number
  /** Pixels per inch of bboxes in `px`/`pixels` units (default: the smallest of 72, 96, 150, 200, 300, 600 that fits the page's boxes). */
  dpi?: number
  /** Page renders drawn behind the boxes, by page number (default: none). */
  pageImages?: Readonly<Record<number, PageImage>>
}

export interface PreviewOptions extends PageSvgOptions {
  /** Pages to show: a list, or an inclusive range with either end optional (default: every page). */
  pages?: readonly number[] | {from?: number; to?: number}
  /** The page's title (default: `source.filename`). */
  title?: string
  /** Draw page SVGs only when they scroll into view, so a long document opens at once (default: `'auto'`: above 50 pages). */
  lazy?: boolean | 'auto'
}

export interface ResolvedSvgOptions {
  colorBy: ColorBy
  /** Draw the numbers and the path. */
  order: boolean
  /** The order they (and the list) follow. */
  by: ReadingOrderBy
  direction: 'auto' | Direction
  lowConfidence: number
  dpi: number | undefined
  pageImages: Readonly<Record<number, PageImage>>
}

const colorings: readonly ColorBy[] = ['type', 'text-source', 'confidence']

/** Checks the options shared by the page SVG and the HTML page; throws `OptionsError`. */
export function resolveSvgOptions(options: PageSvgOptions): ResolvedSvgOptions {
  if (options === null || typeof options !== 'object') throw new OptionsError(`options: expected an object, got ${String(options)}`)
  const {colorBy = 'type', order = true, lowConfidence = 0.9, dpi, pageImages = {}} = options
  if (!colorings.includes(colorBy))
    throw new OptionsError(`colorBy: expected "type", "text-source" or "confidence", got ${JSON.stringify(colorBy)}`)
  if (typeof order !== 'boolean' && order !== 'index' && order !== 'geometry')
    throw new OptionsError(`order: expected "index", "geometry" or a boolean, got ${JSON.stringify(order)}`)
  const by = typeof order === 'boolean' ? checkOrder('order', undefined) : order
  const direction = options.direction ?? 'auto'
  if (direction !== 'auto' && direction !== 'ltr' && direction !== 'rtl')
    throw new OptionsError(`direction: expected "auto", "ltr" or "rtl", got ${JSON.stringify(direction)}`)
  if (!(typeof lowConfidence === 'number' && lowConfidence >= 0 && lowConfidence <= 1))
    throw new OptionsError(`lowConfidence: expected a number in [0, 1], got ${String(lowConfidence)}`)
  if (dpi !== undefined && !(typeof dpi === 'number' && Number.isFinite(dpi) && dpi > 0))
    throw new OptionsError(`dpi: expected a number > 0, got ${String(dpi)}`)
  if (pageImages === null || typeof pageImages !== 'object')
    throw new OptionsError(`pageImages: expected an object of page number → image, got ${String(pageImages)}`)
  return {colorBy, order: order !== false, by, direction, lowConfidence, dpi, pageImages}
}

/** A predicate on page numbers for `options.pages`; throws `OptionsError` when it makes no sense. */
export function pageSelector(pages: PreviewOptions['pages']): (page: number) => boolean {
  const isPage = (value: unknown) => Number.isInteger(value) && (value as number) >= 1
  if (pages === undefined) return () => true
  if (Array.isArray(pages)) {
    for (const page of pages) if (!isPage(page)) throw new OptionsError(`pages: expected page numbers ≥ 1, got ${String(page)}`)
    const set = new Set(pages)
    return (page) => set.has(page)
  }
  if (pages === null || typeof pages !== 'object') throw new OptionsError(`pages: expected a list or {from, to}, got ${String(pages)}`)
  const {from, to} = pages as {from?: number; to?: number}
  for (const [name, value] of [['from', from] as const, ['to', to] as const])
    if (value !== undefined && !isPage(value)) throw new OptionsError(`pages.${name}: expected a page number ≥ 1, got ${String(value)}`)
  if (from !== undefined && to !== undefined && from > to) throw new OptionsError(`pages: expected from ≤ to, got from ${from} > to ${to}`)
  return (page) => (from === undefined || page >= from) && (to === undefined || page <= to)
}
