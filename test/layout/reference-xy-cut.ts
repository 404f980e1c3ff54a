// The recursive XY-cut as it was before it became iterative (src/layout/xy-cut.ts), kept as the
// oracle the new one must agree with on every layout small enough to recurse. Left to right only.
import type {Block, Page} from '../../src/index.js'
import {comparePosition} from '../../src/layout/compare.js'

export function referenceRegions(page: Page): Block[][] {
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
