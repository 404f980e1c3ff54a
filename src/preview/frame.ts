import type {BBox, Block, Document} from '../model/index.js'

/** Page size (inches) when `source.page_sizes` has no entry for a page: US Letter. */
const FALLBACK_SIZE: readonly [number, number] = [8.5, 11]
/** Resolutions tried, lowest first, when pixel bboxes come without a `dpi`. */
const COMMON_DPI = [72, 96, 150, 200, 300, 600]

/** A page's drawing space: a viewBox in points (1/72 inch) and the scale from each bbox unit to it. */
export interface PageFrame {
  width: number
  height: number
  /** The bbox in viewBox points, or `undefined` when its numbers cannot be drawn. */
  toView(bbox: BBox, units: string): BBox | undefined
}

/** Units per inch of an absolute bbox unit; `undefined` for pixels and for units nobody documented. */
function unitsPerInch(units: string): number | undefined {
  switch (units.toLowerCase()) {
    case 'pt':
    case 'points':
      return 72
    case 'in':
    case 'inches':
      return 1
    case 'mm':
      return 25.4
    case 'cm':
      return 2.54
    default:
      return undefined
  }
}

/** The longest side a page is drawn at, in points: 200 inches, PDF's largest page. A larger page is drawn scaled down to it. */
const MAX_SIDE = 14_400
/** The shortest side drawn, in points: a page (or a side) smaller is drawn scaled up to it, so nothing is drawn at size 0. */
const MIN_SIDE = 1
/** Farther from the page's origin than this (in points, once scaled), a box cannot be drawn: no SVG number overflows. */
const MAX_COORDINATE = 1e9

/**
 * The frame of one page. Normalized boxes scale by the page size; points and inches are exact;
 * pixels and undocumented units use `dpi`, else the smallest common resolution at which every such
 * box of the page fits on it (else the one at which the farthest box touches the edge). A page
 * larger than 200 inches is drawn scaled down to 200 inches on its longer side (every box with it),
 * so every number in the drawing stays finite; a box whose numbers still cannot be drawn is
 * left undrawn (`toView` is undefined).
 */
export function pageFrame(doc: Document, page: number, blocks: readonly Block[], dpi: number | undefined): PageFrame {
  const size = doc.source.page_sizes[page - 1] ?? doc.source.page_sizes[0] ?? FALLBACK_SIZE
  const [inchesWide, inchesHigh] = [size[0] > 0 ? size[0] : FALLBACK_SIZE[0], size[1] > 0 ? size[1] : FALLBACK_SIZE[1]]
  // A page drawn at its size unless it is too large or too small; scaled by the ratio of its sides
  // (each ≤ 1), never by 72 × inches, which overflows past 2.5e306 inches.
  const longer = Math.max(inchesWide, inchesHigh)
  const atSize = longer * 72 >= MIN_SIDE && longer * 72 <= MAX_SIDE
  const longerPoints = atSize ? longer * 72 : Math.min(Math.max(longer * 72, MIN_SIDE), MAX_SIDE)
  const width = Math.max(atSize ? inchesWide * 72 : (inchesWide / longer) * longerPoints, MIN_SIDE)
  const height = Math.max(atSize ? inchesHigh * 72 : (inchesHigh / longer) * longerPoints, MIN_SIDE)
  /** Points of the drawing per point of the page (1 unless the page is drawn scaled). */
  const drawn = atSize ? 1 : longerPoints / 72 / longer
  let pixelScale = dpi
  if (pixelScale === undefined) {
    let extent = 0 // the farthest pixel box edge, in inches at 1 dpi
    for (const block of blocks)
      if (block.bbox_units !== 'normalized' && unitsPerInch(block.bbox_units) === undefined)
        extent = Math.max(extent, block.bbox[2] / inchesWide, block.bbox[3] / inchesHigh)
    pixelScale = COMMON_DPI.find((candidate) => extent <= candidate) ?? extent
  }
  const pixels = pixelScale
  return {
    width,
    height,
    toView([x0, y0, x1, y1], units) {
      let box: BBox
      if (units === 'normalized') box = [x0 * width, y0 * height, x1 * width, y1 * height]
      else {
        const k = (72 / (unitsPerInch(units) ?? pixels)) * drawn
        box = [x0 * k, y0 * k, x1 * k, y1 * k]
      }
      return box.every((value) => Math.abs(value) <= MAX_COORDINATE) ? box : undefined
    }
  }
}
