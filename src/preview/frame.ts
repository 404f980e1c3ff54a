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

/**
 * The frame of one page. Normalized boxes scale by the page size; points and inches are exact;
 * pixels and undocumented units use `dpi`, else the smallest common resolution at which every such
 * box of the page fits on it (else the one at which the farthest box touches the edge).
 */
export function pageFrame(doc: Document, page: number, blocks: readonly Block[], dpi: number | undefined): PageFrame {
  const size = doc.source.page_sizes[page - 1] ?? doc.source.page_sizes[0] ?? FALLBACK_SIZE
  const [inchesWide, inchesHigh] = [size[0] > 0 ? size[0] : FALLBACK_SIZE[0], size[1] > 0 ? size[1] : FALLBACK_SIZE[1]]
  const width = inchesWide * 72
  const height = inchesHigh * 72
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
      if (![x0, y0, x1, y1].every(Number.isFinite)) return undefined
      if (units === 'normalized') return [x0 * width, y0 * height, x1 * width, y1 * height]
      const k = 72 / (unitsPerInch(units) ?? pixels)
      return [x0 * k, y0 * k, x1 * k, y1 * k]
    }
  }
}
