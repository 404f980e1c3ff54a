import {OptionsError} from '../errors.js'
import type {BBox, Block, Document} from '../model/index.js'

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
  // An overlap too thin for a double's area (5e-324 high) is empty too: 0, not 0 / 0.
  return shared > 0 ? shared / (area(a) + area(b) - shared) : 0
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
