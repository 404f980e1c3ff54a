import {OptionsError} from '../errors.js'
import type {BBox, Block, Document, Page} from '../model/index.js'
import {comparePosition} from './compare.js'

/** Width and height of a bbox (never negative). */
export function bboxSize(bbox: BBox): {width: number; height: number} {
  return {width: Math.max(0, bbox[2] - bbox[0]), height: Math.max(0, bbox[3] - bbox[1])}
}

/** Area of a bbox, in its own units squared. */
export function area(bbox: BBox): number {
  const {width, height} = bboxSize(bbox)
  return width * height
}

/** The overlap of two bboxes, or `null` when they do not overlap. */
export function intersection(a: BBox, b: BBox): BBox | null {
  const box: BBox = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])]
  return box[0] < box[2] && box[1] < box[3] ? box : null
}

/** Intersection over union, in [0, 1]; 0 for disjoint or empty boxes. */
export function iou(a: BBox, b: BBox): number {
  const overlap = intersection(a, b)
  if (!overlap) return 0
  const shared = area(overlap)
  return shared / (area(a) + area(b) - shared)
}

export type Unit = 'inches' | 'points' | 'pixels'

export interface ConvertOptions {
  /** Target unit (default: `inches`); points are 1/72 inch. */
  unit?: Unit
  /** Dots per inch when `unit` is `pixels` (default: `72`). */
  dpi?: number
}

/**
 * A normalized block bbox in inches, points or pixels, from `source.page_sizes` of its page.
 * Throws `OptionsError` when the bbox is not normalized or the page has no size.
 *
 * @example
 * convertBBox(doc, block, {unit: 'pixels', dpi: 300}) // [246, 132, 1830, 246]
 */
export function convertBBox(doc: Document, block: Block, options: ConvertOptions = {}): BBox {
  const {unit = 'inches', dpi = 72} = options
  if (block.bbox_units !== 'normalized')
    throw new OptionsError(`cannot convert a bbox in units ${JSON.stringify(block.bbox_units)}; expected "normalized"`)
  if (!(dpi > 0)) throw new OptionsError(`dpi: expected a number > 0, got ${dpi}`)
  const size = doc.source.page_sizes[block.page - 1]
  if (!size) throw new OptionsError(`page ${block.page} has no entry in source.page_sizes`)
  const scale = unit === 'inches' ? 1 : unit === 'points' ? 72 : unit === 'pixels' ? dpi : NaN
  if (Number.isNaN(scale)) throw new OptionsError(`unit: expected "inches", "points" or "pixels", got ${JSON.stringify(unit)}`)
  const [width, height] = size
  const [x0, y0, x1, y1] = block.bbox
  return [x0 * width * scale, y0 * height * scale, x1 * width * scale, y1 * height * scale]
}

export interface RegionOptions {
  /** `contains`: the block lies wholly inside; `intersects`: it overlaps at all (default: `contains`). */
  match?: 'contains' | 'intersects'
}

/**
 * The blocks of a page inside a region (in the bbox units of the blocks), in reading order.
 *
 * @example
 * const topHalf = blocksInRegion(page, [0, 0, 1, 0.5])
 */
export function blocksInRegion(page: Page, region: BBox, options: RegionOptions = {}): Block[] {
  const match = options.match ?? 'contains'
  if (match !== 'contains' && match !== 'intersects')
    throw new OptionsError(`match: expected "contains" or "intersects", got ${JSON.stringify(match)}`)
  return inferReadingOrder({
    ...page,
    blocks: page.blocks.filter(({bbox}) =>
      match === 'contains'
        ? bbox[0] >= region[0] && bbox[1] >= region[1] && bbox[2] <= region[2] && bbox[3] <= region[3]
        : intersection(bbox, region) !== null
    )
  })
}

/**
 * Orders a page's blocks from their bboxes alone (recursive XY-cut), for when
 * `reading_order_index` is missing, duplicated or untrustworthy: page headers first, then
 * columns left to right, with full-width headings and figures cutting the page into bands;
 * page footers last.
 *
 * @example
 * const ordered = inferReadingOrder(doc.pages[0])
 */
export function inferReadingOrder(page: Page): Block[] {
  return readingRegions(page).flat()
}

/**
 * The regions of a page in reading order, each a run of blocks read top to bottom (a column
 * segment, a spanning heading, …). Page headers form the first region, footers the last.
 */
export function readingRegions(page: Page): Block[][] {
  const headers = page.blocks.filter((b) => b.type === 'page_header').sort(comparePosition)
  const footers = page.blocks.filter((b) => b.type === 'page_footer').sort(comparePosition)
  const body = page.blocks.filter((b) => b.type !== 'page_header' && b.type !== 'page_footer')
  const regions: Block[][] = []
  cut(body, regions)
  return [headers, ...regions, footers].filter((region) => region.length > 0)
}

// Cuts along x first (columns), else along y (bands). Bands that together still split into
// columns are merged first, so aligned paragraphs of two columns are not read row by row; a run
// of bands without columns is one region.
function cut(blocks: Block[], out: Block[][]): void {
  if (blocks.length === 0) return
  const columns = splitAlong(blocks, 0)
  if (columns.length > 1) {
    for (const column of columns) cut(column, out)
    return
  }
  let run: Block[] = []
  for (const group of mergeBands(splitAlong(blocks, 1))) {
    if (splitAlong(group, 0).length > 1) {
      if (run.length > 0) out.push(run)
      run = []
      cut(group, out)
    } else run = run.concat(group.sort(comparePosition))
  }
  if (run.length > 0) out.push(run)
}

/** Consecutive bands, merged while the merged set still splits into columns. */
function mergeBands(bands: Block[][]): Block[][] {
  const groups: Block[][] = []
  for (const band of bands) {
    const last = groups.at(-1)
    if (last && splitAlong([...last, ...band], 0).length > 1) groups[groups.length - 1] = [...last, ...band]
    else groups.push(band)
  }
  return groups
}

/** Groups blocks separated by empty gaps along x (axis 0) or y (axis 1), in ascending order. */
function splitAlong(blocks: Block[], axis: 0 | 1): Block[][] {
  const sorted = [...blocks].sort((a, b) => a.bbox[axis] - b.bbox[axis] || comparePosition(a, b))
  const groups: Block[][] = []
  let end = -Infinity
  for (const block of sorted) {
    if (block.bbox[axis] > end || groups.length === 0) groups.push([block])
    else groups.at(-1)!.push(block)
    end = Math.max(end, block.bbox[axis + 2]!)
  }
  return groups
}
