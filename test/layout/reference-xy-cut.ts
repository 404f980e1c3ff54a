// The recursive XY-cut as it was before it became iterative (src/layout/xy-cut.ts), with the
// rules added since written the plain way (all pairs, arrays, recursion): the oracle the
// iterative one must agree with on every layout small enough to recurse. Left to right only;
// normalized boxes (the slack is 1% of 1).
import type {Block, Page} from '../../src/index.js'
import {compareContent, compareContentApartFromBox, comparePosition, compareStrings} from '../../src/layout/compare.js'

const SLACK = 0.01
const REACH = 16
const ROWS_MIN = 3
const SHORT = 5 * SLACK
/** Floats, captions, footnotes: not lines of text. */
const OUT_OF_FLOW = new Set(['table', 'image', 'chart', 'diagram', 'caption', 'footnote'])

export function referenceRegions(page: Page): Block[][] {
  const headers = page.blocks.filter((b) => b.type === 'page_header').sort(byPosition)
  const footers = page.blocks.filter((b) => b.type === 'page_footer').sort(byPosition)
  const all = page.blocks.filter((b) => b.type !== 'page_header' && b.type !== 'page_footer')
  // Blocks with the same box: the first in the extractor's order stands for them all, then they follow it in that order.
  const stacks = new Map<Block, Block[]>()
  for (const block of [...all].sort(bySource)) {
    const lead = [...stacks.keys()].find((other) => other.bbox.every((v, i) => v === block.bbox[i]))
    if (lead) stacks.get(lead)!.push(block)
    else stacks.set(block, [block])
  }
  const body = all.filter((b) => stacks.has(b))
  const held = containers(body)
  const regions: Block[][] = []
  cut(
    body.filter((b) => held.get(b)!.length === 0),
    regions
  )
  return [headers, ...place(regions, held).map((region) => region.flatMap((b) => stacks.get(b)!)), footers].filter(
    (region) => region.length > 0
  )
}

const bySource = (a: Block, b: Block) =>
  a.reading_order_index - b.reading_order_index || compareStrings(a.id, b.id) || compareContentApartFromBox(a, b)

/**
 * Top, left, id, bottom, right, content: the cut's position order, whole. Ties past the id do
 * change the ids read: a container goes next to the one of two blocks with the same id that it
 * holds (a sort by top, left and id left them in input order: seed 1612762132).
 */
const byPosition = (a: Block, b: Block) => comparePosition(a, b) || a.bbox[3] - b.bbox[3] || a.bbox[2] - b.bbox[2] || compareContent(a, b)
const area = (b: Block) => (b.bbox[2] - b.bbox[0]) * (b.bbox[3] - b.bbox[1])
/** Areas compared up to rounding (a mirrored box's area may differ in the last bits). */
const compareArea = (a: Block, b: Block) => {
  const [x, y] = [area(a), area(b)]
  return Math.abs(x - y) <= 1e-9 * Math.max(x, y) ? 0 : x - y
}

/** Each block's held blocks: a larger box holding it (sticking out ≤ the slack and ≤ half its size), among the REACH blocks above it or on its line below. */
function containers(body: Block[]): Map<Block, Block[]> {
  const sorted = [...body].sort(byPosition)
  const held = new Map<Block, Block[]>(body.map((b) => [b, []]))
  const holds = (a: Block, b: Block) => {
    const sx = Math.min(SLACK, (b.bbox[2] - b.bbox[0]) / 2)
    const sy = Math.min(SLACK, (b.bbox[3] - b.bbox[1]) / 2)
    return (
      a.bbox[0] <= b.bbox[0] + sx &&
      a.bbox[2] >= b.bbox[2] - sx &&
      a.bbox[1] <= b.bbox[1] + sy &&
      a.bbox[3] >= b.bbox[3] - sy &&
      (compareArea(a, b) > 0 || (compareArea(a, b) === 0 && sorted.indexOf(a) < sorted.indexOf(b)))
    )
  }
  sorted.forEach((b, r) => {
    sorted.forEach((a, q) => {
      const window = (q < r && q >= r - REACH) || (q > r && q <= r + REACH && a.bbox[1] <= b.bbox[1] + SLACK)
      if (window && holds(a, b)) held.get(a)!.push(b)
    })
  })
  return held
}

/**
 * Containers back next to what they hold: before the first held when clearly above, else after the last; inner first.
 * Text (a paragraph, a list) holding blocks of two columns: after the last it holds in its first column; so too when it
 * holds text of its first column only but reaches past it by more than its width (and the slack).
 */
function place(regions: Block[][], held: Map<Block, Block[]>): Block[][] {
  const out = regions.map((region) => [...region])
  const rank = new Map<Block, number>()
  regions.flat().forEach((b, i) => rank.set(b, i))
  const placed = [...held].filter(([, h]) => h.length > 0).map(([c]) => c)
  const sorted = [...held.keys()].sort(byPosition)
  placed.sort((a, b) => compareArea(a, b) || sorted.indexOf(b) - sorted.indexOf(a))
  const anchorOf = new Map<Block, {rank: number; side: number; region: Block[]}>()
  const regionOf = (b: Block): Block[] => out.find((r) => r.includes(b)) ?? out[regions.findIndex((r) => r.includes(b))]!
  for (const container of placed) {
    const items = held.get(container)!.map((b) => ({b, rank: anchorOf.get(b)?.rank ?? rank.get(b)!}))
    const top = Math.min(...held.get(container)!.map((b) => b.bbox[1]))
    let before = container.bbox[1] < top - SLACK
    let from = items
    // Text holding blocks of two columns: after the last it holds in its first column (those starting at its left).
    if (container.type === 'paragraph' || container.type === 'list') {
      const edge = items.filter(({b}) => Math.abs(b.bbox[0] - container.bbox[0]) <= SLACK)
      const farStart = Math.max(...items.map(({b}) => b.bbox[0]))
      const edgeEnd = Math.max(...edge.map(({b}) => b.bbox[2]))
      // Or its first column holds text and the box reaches past it by more than its width (the next column's blocks not in the body).
      const across =
        farStart > edgeEnd + SLACK ||
        (edge.some(({b}) => !OUT_OF_FLOW.has(b.type)) && container.bbox[2] - edgeEnd > edgeEnd - container.bbox[0] + SLACK)
      if (edge.length > 0 && across) [before, from] = [false, edge]
    }
    const pick = from.reduce((x, y) => (before ? (y.rank < x.rank ? y : x) : y.rank > x.rank ? y : x))
    const region = anchorOf.get(pick.b)?.region ?? regionOf(pick.b)
    anchorOf.set(container, {rank: pick.rank, side: before ? -1 : 1, region})
  }
  for (const container of placed) anchorOf.get(container)!.region.push(container)
  const key = (b: Block) => {
    const anchor = anchorOf.get(b)
    return anchor ? {rank: anchor.rank, side: anchor.side} : {rank: rank.get(b)!, side: 0}
  }
  for (const region of out)
    region.sort(
      (a, b) =>
        key(a).rank - key(b).rank || key(a).side - key(b).side || key(a).side * compareArea(a, b) || sorted.indexOf(a) - sorted.indexOf(b)
    )
  return out
}

// Cuts along x first (columns; aligned rows across them read row by row), else along y (bands).
// Bands that together still split into columns are merged first, so aligned paragraphs of two
// columns are not read row by row; a run of bands without columns is one region.
function cut(blocks: Block[], out: Block[][]): void {
  if (blocks.length === 0) return
  const columns = splitAlong(blocks, 0)
  if (columns.length > 1) {
    if (!rows(columns, out)) for (const column of columns) cut(column, out)
    return
  }
  let run: Block[] = []
  for (const group of mergeBands(splitAlong(blocks, 1))) {
    if (splitAlong(group, 0).length > 1) {
      if (run.length > 0) out.push(run)
      run = []
      cut(group, out)
    } else run = run.concat(alongLines(group.sort(byPosition)))
  }
  if (run.length > 0) out.push(run)
}

/** Lines of tops within the slack; stretches of ≥ 3 rows (the first column and another, short first, nothing reaching in) read across. */
function rows(columns: Block[][], out: Block[][]): boolean {
  if (columns[0]!.length < ROWS_MIN) return false
  const lane = new Map(columns.flatMap((column, c) => column.map((b) => [b, c] as const)))
  const all = columns.flat().sort((a, b) => a.bbox[1] - b.bbox[1] || byPosition(a, b))
  const lines: Block[][] = []
  for (const b of all) {
    const line = lines.at(-1)
    if (line && b.bbox[1] <= line[0]!.bbox[1] + SLACK) line.push(b)
    else lines.push([b])
  }
  let reach = -Infinity
  const isRow = lines.map((line) => {
    const lanes = new Set(line.map((b) => lane.get(b)!))
    const first = Math.min(...lanes)
    const row =
      first === 0 &&
      lanes.size > 1 &&
      line.every((b) => lane.get(b) !== first || b.bbox[3] - b.bbox[1] <= SHORT) &&
      reach <= line[0]!.bbox[1] + SLACK
    reach = Math.max(reach, ...line.map((b) => b.bbox[3]))
    return row
  })
  const stretch = isRow.map(() => false)
  for (let k = 0; k < lines.length;) {
    let e = k
    while (e < lines.length && isRow[e]) e++
    if (e - k >= ROWS_MIN) for (let r = k; r < e; r++) stretch[r] = true
    k = Math.max(e, k + 1)
  }
  if (!stretch.includes(true)) return false
  for (let k = 0; k < lines.length;) {
    let e = k
    while (e < lines.length && stretch[e] === stretch[k]) e++
    if (stretch[k])
      out.push(lines.slice(k, e).flatMap((line) => columns.flatMap((_, c) => alongLines(line.filter((b) => lane.get(b) === c)))))
    else cut(lines.slice(k, e).flat(), out)
    k = e
  }
  return true
}

/** Blocks in top order, each line (tops within the slack of its first) read by left edge when its blocks stand side by side (overlapping by ≤ the slack). */
function alongLines(blocks: Block[]): Block[] {
  const out: Block[] = []
  for (let i = 0; i < blocks.length;) {
    let j = i + 1
    while (j < blocks.length && blocks[j]!.bbox[1] <= blocks[i]!.bbox[1] + SLACK) j++
    const line = blocks.slice(i, j).sort((a, b) => a.bbox[0] - b.bbox[0])
    const apart = line.every((b, k) => k === 0 || line[k - 1]!.bbox[2] - b.bbox[0] <= SLACK)
    out.push(...(apart ? line : blocks.slice(i, j)))
    i = j
  }
  return out
}

/**
 * Consecutive bands, merged while the merged set still splits into columns; a band of one part
 * only inside one column of the group, and a group of one-part bands only when they fall inside
 * one column of the band that joins.
 */
function mergeBands(bands: Block[][]): Block[][] {
  const groups: Array<{blocks: Block[]; single: boolean}> = []
  for (const band of bands) {
    const last = groups.at(-1)
    const parts = splitAlong(band, 0)
    const single = parts.length === 1
    const joins =
      last !== undefined &&
      (single
        ? splitAlong(last.blocks, 0).some((column) => covers(extent(column), extent(band)))
        : !last.single || parts.some((part) => covers(extent(part), extent(last.blocks)))) &&
      splitAlong([...last.blocks, ...band], 0).length > 1
    if (joins) groups[groups.length - 1] = {blocks: [...last!.blocks, ...band], single: last!.single && single}
    else groups.push({blocks: band, single})
  }
  return groups.map((group) => group.blocks)
}

const extent = (blocks: Block[]): [number, number] => [Math.min(...blocks.map((b) => b.bbox[0])), Math.max(...blocks.map((b) => b.bbox[2]))]
/** Whether [a, b] holds [s, e] within the slack (a point, the middle, when [s, e] is narrower than the slack). */
function covers([a, b]: [number, number], [s, e]: [number, number]): boolean {
  let [start, end] = [s + SLACK, e - SLACK]
  if (start > end) start = end = (start + end) / 2
  return a <= start && b >= end
}

/** Groups blocks separated by empty gaps along x (axis 0) or y (axis 1), in ascending order. */
function splitAlong(blocks: Block[], axis: 0 | 1): Block[][] {
  const sorted = [...blocks].sort((a, b) => a.bbox[axis] - b.bbox[axis] || byPosition(a, b))
  const groups: Block[][] = []
  let end = -Infinity
  for (const block of sorted) {
    if (block.bbox[axis] > end || groups.length === 0) groups.push([block])
    else groups.at(-1)!.push(block)
    end = Math.max(end, block.bbox[axis + 2]!)
  }
  return groups
}
