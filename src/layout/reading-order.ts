import {OptionsError} from '../errors.js'
import type {BBox, Block, Page} from '../model/index.js'
import {compareContentApartFromBox, compareStrings} from './compare.js'
import {type Direction, detectDirection} from './direction.js'
import {intersection} from './geometry.js'
import {xyCut} from './xy-cut.js'

export interface ReadingOrderOptions {
  /**
   * The direction columns are read in: `ltr`, `rtl`, or `auto` to detect it from the page's text
   * (a majority of right-to-left strong characters reads right to left; default: `auto`).
   */
  direction?: 'auto' | Direction
}

export interface ReadingOrderAnalysis {
  /** The page's blocks in reading order. */
  blocks: Block[]
  /** The same blocks as regions (page headers, column segments and bands, page footers). */
  regions: Block[][]
  /** The direction the columns were read in (detected when the option is `auto`). */
  direction: Direction
  /** `true` when the layout took more than the work budget and the body was read top to bottom instead. */
  fallback: boolean
}

/** Block types a caption belongs to (a listing is captioned like a table). */
const FLOATS: ReadonlySet<string> = new Set(['table', 'image', 'chart', 'diagram', 'code'])
/** Blocks set where the layout has room, not where the sentence is: floats, captions, footnotes. */
const OUT_OF_FLOW: ReadonlySet<string> = new Set(['table', 'image', 'chart', 'diagram', 'caption', 'footnote'])
/** Text that flows: a box of it that holds other blocks is the union of lines around them, not a frame. */
const FLOWING: ReadonlySet<string> = new Set(['paragraph', 'list'])
/** How many blocks of its region a caption looks through, either way, for the block directly above or below. */
const CAPTION_REACH = 16

/**
 * Reads a page's layout from its bboxes alone (an iterative XY-cut): the reading order, its
 * regions, the direction and whether the work budget forced the top-to-bottom fallback.
 *
 * @example
 * const {blocks, direction, fallback} = analyzeReadingOrder(doc.pages[0])
 */
export function analyzeReadingOrder(page: Page, options: ReadingOrderOptions = {}): ReadingOrderAnalysis {
  const direction = resolveDirection(page, options)
  const rtl = direction === 'rtl'
  const headers: Block[] = []
  const footers: Block[] = []
  const body: Block[] = []
  for (const block of page.blocks) (block.type === 'page_header' ? headers : block.type === 'page_footer' ? footers : body).push(block)
  const slack = slackOf(page)
  const all = cutInput(body, rtl, slack)
  // Blocks with one box cannot be ordered by layout: the first of each stack stands for it below.
  const stacks = stacksOf(body, all)
  const input = stacks.length === body.length ? all : subset(all, stacks.map((stack) => stack[0]!))
  const lead = stacks.map((stack) => body[stack[0]!]!)
  const holds = containers(input)
  const inner = lead.map((_, i) => i).filter((i) => holds[i]!.length === 0)
  const cut = xyCut(subset(input, inner))
  const bodyRegions = placeContainers(
    cut.regions.map((region) => region.map((i) => inner[i]!)),
    holds,
    input,
    lead.map((block) => FLOWING.has(block.type)),
    lead.map((block) => !OUT_OF_FLOW.has(block.type))
  )
  const stacked = new Map(stacks.flatMap((stack) => (stack.length > 1 ? [[body[stack[0]!]!, stack.map((i) => body[i]!)] as const] : [])))
  const regions = [
    sortByPosition(headers, rtl, slack),
    ...resumeSentences(
      bodyRegions.map((region) => keepCaptions(region.map((i) => lead[i]!), SAME * input.slack.x)),
      new Set(holds.flatMap((held, i) => (held.length > 0 ? [i, ...held] : [])).map((i) => lead[i]!))
    ).map((region) => (stacked.size === 0 ? region : region.flatMap((block) => stacked.get(block) ?? [block]))),
    sortByPosition(footers, rtl, slack)
  ].filter((region) => region.length > 0)
  return {blocks: regions.flat(), regions, direction, fallback: !cut.complete}
}

/**
 * The blocks of the body grouped by box: blocks whose boxes are the same (an import that gave
 * every run of a paragraph the paragraph's box, a caption and a footnote drawn as one) form a
 * stack, in their source order (`reading_order_index`, then `id`): where geometry has no answer,
 * the extractor's order stands. The same up to rounding (SAME of the slack, a billionth of the
 * page), so a mirrored page, whose coordinates differ in the last bits, stacks the same blocks.
 * Stacks come in the body's order of their first blocks; a block with a box of its own is a
 * stack of one. A sort and a sweep.
 */
function stacksOf(body: Block[], {position, rounded}: Input): number[][] {
  const {xs: x0, xe: x1, ys: y0, ye: y1} = rounded
  const byBox = body
    .map((_, i) => i)
    .sort((a, b) => y0[a]! - y0[b]! || x0[a]! - x0[b]! || y1[a]! - y1[b]! || x1[a]! - x1[b]! || position[a]! - position[b]!)
  const same = (a: number, b: number) => y0[a] === y0[b] && x0[a] === x0[b] && y1[a] === y1[b] && x1[a] === x1[b]
  const stacks: number[][] = []
  for (let k = 0; k < byBox.length;) {
    let e = k + 1
    while (e < byBox.length && same(byBox[k]!, byBox[e]!)) e++
    stacks.push(byBox.slice(k, e).sort((a, b) => compareSource(body[a]!, body[b]!) || position[a]! - position[b]!))
    k = e
  }
  // In the body's order of their leads: with no stack of two or more, stack k is block k.
  return stacks.sort((a, b) => a[0]! - b[0]!)
}
/** The extractor's order: `reading_order_index`, then `id`, then content (never the box: it is the same up to rounding). */
const compareSource = (a: Block, b: Block): number =>
  a.reading_order_index - b.reading_order_index || compareStrings(a.id, b.id) || compareContentApartFromBox(a, b)
/** Boxes whose coordinates round to the same multiple of this share of the slack are the same box. */
const SAME = 1e-7

/** How many blocks above (and below, on the same line) a block is compared with for a box that holds it. */
const CONTAINER_REACH = 16
/** What counts as the same line or edge: 1% of the page. */
const SLACK = 0.01

/**
 * 1% of the page along each axis: of 1 in normalized units, else of the furthest box edge (the
 * page size is not on the page).
 */
function slackOf(page: Page): {x: number; y: number} {
  if (page.blocks.every((b) => b.bbox_units === 'normalized')) return {x: SLACK, y: SLACK}
  let [x, y] = [0, 0]
  for (const {bbox} of page.blocks) [x, y] = [Math.max(x, coordinate(bbox[2])), Math.max(y, coordinate(bbox[3]))]
  return {x: SLACK * x, y: SLACK * y}
}

type Input = ReturnType<typeof cutInput>

/**
 * For each block, the blocks its box holds: a container is a larger box that holds a whole other
 * one, which may stick out by the slack but by at most half its own size (equal boxes: the first
 * in position holds the other). Each block looks
 * for its containers among the CONTAINER_REACH blocks above it in top order and those on its own
 * line below, so the cost is linear after the sort.
 */
function containers({xs, xe, ys, ye, position, slack}: Input): number[][] {
  const n = position.length
  const byTop = new Int32Array(n)
  position.forEach((rank, i) => (byTop[rank] = i))
  const area = areaOf(xs, xe, ys, ye)
  // b may stick out of a by the slack, but never by more than half its own size (a tick box does not hold its neighbour).
  const holds = (a: number, b: number) => {
    const sx = Math.min(slack.x, (xe[b]! - xs[b]!) / 2)
    const sy = Math.min(slack.y, (ye[b]! - ys[b]!) / 2)
    return (
      xs[a]! <= xs[b]! + sx &&
      xe[a]! >= xe[b]! - sx &&
      ys[a]! <= ys[b]! + sy &&
      ye[a]! >= ye[b]! - sy &&
      (compareAreas(area(a), area(b)) > 0 || (compareAreas(area(a), area(b)) === 0 && position[a]! < position[b]!))
    )
  }
  const held: number[][] = Array.from({length: n}, () => [])
  for (let r = 0; r < n; r++) {
    const b = byTop[r]!
    for (let q = r - 1; q >= 0 && q >= r - CONTAINER_REACH; q--) if (holds(byTop[q]!, b)) held[byTop[q]!]!.push(b)
    for (let q = r + 1; q < n && q <= r + CONTAINER_REACH && ys[byTop[q]!]! <= ys[b]! + slack.y; q++)
      if (holds(byTop[q]!, b)) held[byTop[q]!]!.push(b)
  }
  return held
}

const areaOf = (xs: Float64Array, xe: Float64Array, ys: Float64Array, ye: Float64Array) => (i: number) =>
  (xe[i]! - xs[i]!) * (ye[i]! - ys[i]!)
/** Areas compared up to rounding: a mirrored box's area may differ in the last bits, and the order must not. */
const compareAreas = (a: number, b: number) => (Math.abs(a - b) <= 1e-9 * Math.max(a, b) ? 0 : a - b)

/** The cut input of some of the blocks (their positions ranked again among themselves). */
function subset(input: Input, keep: number[]): Input {
  const pick = (values: Float64Array) => Float64Array.from(keep, (i) => values[i]!)
  const order = keep.map((_, k) => k).sort((a, b) => input.position[keep[a]!]! - input.position[keep[b]!]!)
  const position = new Int32Array(keep.length)
  order.forEach((k, rank) => (position[k] = rank))
  const {rounded} = input
  return {
    xs: pick(input.xs),
    xe: pick(input.xe),
    ys: pick(input.ys),
    ye: pick(input.ye),
    position,
    slack: input.slack,
    rounded: {xs: pick(rounded.xs), xe: pick(rounded.xe), ys: pick(rounded.ys), ye: pick(rounded.ye)}
  }
}

/**
 * Puts each container back next to what it holds, in the region of that block: before the first
 * of them in reading order when it starts clearly above them (more than the slack), else after
 * the last; text (`flowing`) that holds blocks of two columns after the last it holds in its
 * first column, and so does text that holds `text` of its first column only but reaches past it
 * by more than that column's width (its other column's blocks are page furniture, not in the
 * body). Containers are placed inner first, so an outer one brackets an inner one.
 */
function placeContainers(regions: number[][], holds: number[][], input: Input, flowing: boolean[], text: boolean[]): number[][] {
  const {ys, xs, xe, ye, position, slack} = input
  const n = position.length
  const rank = new Float64Array(n).fill(NaN) // reading rank of a block, or of a container's anchor
  const regionOf = new Int32Array(n)
  let next = 0
  regions.forEach((region, r) => region.forEach((i) => ((rank[i] = next++), (regionOf[i] = r))))
  const area = areaOf(xs, xe, ys, ye)
  const placed = holds.map((held, i) => (held.length > 0 ? i : -1)).filter((i) => i >= 0)
  if (placed.length === 0) return regions
  placed.sort((a, b) => compareAreas(area(a), area(b)) || position[b]! - position[a]!)
  const side = new Int8Array(n)
  for (const container of placed) {
    let top = Infinity
    let first = Infinity
    let last = -Infinity
    let firstRegion = 0
    let lastRegion = 0
    for (const b of holds[container]!) {
      top = Math.min(top, ys[b]!)
      if (rank[b]! < first) [first, firstRegion] = [rank[b]!, regionOf[b]!]
      if (rank[b]! > last) [last, lastRegion] = [rank[b]!, regionOf[b]!]
    }
    let before = ys[container]! < top - slack.y
    if (flowing[container]) {
      // Text whose box holds blocks of two columns: lines that flow from the foot of the first
      // column to the top of the next around them (a box drawn around both parts). It goes on
      // from the last block it holds in its first column (starting on its reading side).
      let foot = -Infinity
      let footRegion = 0
      let edgeEnd = -Infinity // where the first column's blocks end
      let farStart = -Infinity
      let edgeText = false // the first column holds text (lines of text never stand inside others)
      for (const b of holds[container]!) {
        farStart = Math.max(farStart, xs[b]!)
        if (Math.abs(xs[b]! - xs[container]!) > slack.x) continue
        edgeEnd = Math.max(edgeEnd, xe[b]!)
        edgeText ||= text[b]!
        if (rank[b]! > foot) [foot, footRegion] = [rank[b]!, regionOf[b]!]
      }
      // Another column: a block it holds starts clearly past the end of the first column; or,
      // when the blocks of the next column are not in the body (labelled page furniture), the
      // box holds text of its first column and reaches past it by more than its width (and the slack).
      const across = farStart > edgeEnd + slack.x || (edgeText && xe[container]! - edgeEnd > edgeEnd - xs[container]! + slack.x)
      if (foot > -Infinity && across) [before, last, lastRegion] = [false, foot, footRegion]
    }
    side[container] = before ? -1 : 1
    rank[container] = before ? first : last
    regionOf[container] = before ? firstRegion : lastRegion
  }
  const out = regions.map((region) => [...region])
  for (const container of placed) out[regionOf[container]!]!.push(container)
  // Before an anchor: outer containers first; after it: inner ones first.
  for (const region of out)
    region.sort(
      (a, b) => rank[a]! - rank[b]! || side[a]! - side[b]! || side[a]! * compareAreas(area(a), area(b)) || position[a]! - position[b]!
    )
  return out
}

/**
 * Orders a page's blocks from their bboxes alone (an XY-cut), for when `reading_order_index` is
 * missing, duplicated or untrustworthy: page headers first, then columns left to right (right to
 * left on a right-to-left page), with full-width headings and figures cutting the page into bands;
 * aligned rows (a form) read across; a box that holds others (a figure around a table) next to
 * them, text whose box holds blocks of two columns between them; blocks side by side on one
 * line along it; blocks with one box together,
 * in the document's order; a caption next to its float; the rest of a sentence broken at a
 * column's foot before the floats topping the next column; page footers last. See the README
 * for the rules and the budget.
 *
 * @example
 * const ordered = inferReadingOrder(doc.pages[0])
 * const persian = inferReadingOrder(doc.pages[1], {direction: 'rtl'})
 */
export function inferReadingOrder(page: Page, options: ReadingOrderOptions = {}): Block[] {
  return analyzeReadingOrder(page, options).blocks
}

/**
 * The regions of a page in reading order, each a run of blocks read top to bottom (a column
 * segment, a spanning heading, …). Page headers form the first region, footers the last.
 *
 * @example
 * const columns = readingRegions(doc.pages[0]).length
 */
export function readingRegions(page: Page, options: ReadingOrderOptions = {}): Block[][] {
  return analyzeReadingOrder(page, options).regions
}

export interface RegionOptions extends ReadingOrderOptions {
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
  const blocks = page.blocks.filter(({bbox}) =>
    match === 'contains'
      ? bbox[0] >= region[0] && bbox[1] >= region[1] && bbox[2] <= region[2] && bbox[3] <= region[3]
      : intersection(bbox, region) !== null
  )
  // The direction is the whole page's, not the region's.
  return inferReadingOrder({...page, blocks}, {direction: resolveDirection(page, options)})
}

/** Checks the `direction` option and resolves `auto` from the page's text. */
export function resolveDirection(page: Page, options: ReadingOrderOptions): Direction {
  if (options === null || typeof options !== 'object') throw new OptionsError(`options: expected an object, got ${JSON.stringify(options)}`)
  const direction = options.direction ?? 'auto'
  if (direction !== 'auto' && direction !== 'ltr' && direction !== 'rtl')
    throw new OptionsError(`direction: expected "auto", "ltr" or "rtl", got ${JSON.stringify(direction)}`)
  return direction === 'auto' ? detectDirection(page) : direction
}

/** A coordinate as a number the cut can compare (a non-number counts as 0). */
const coordinate = (value: number): number => (Number.isNaN(value) ? 0 : value)

/**
 * The boxes of the blocks for the cut. Right to left mirrors x (start = -x1), so every rule
 * reads the same and a mirrored page gives the mirrored order. An inverted interval (end before
 * start) counts as its start point. `position` compares the boxes up to rounding (on a grid of
 * SAME of the slack): a mirrored page's coordinates differ in the last bits, and 1 - x is 1 for
 * both a 0 and a tiny x, so exact ties would break one way on the page and the other in the mirror.
 */
function cutInput(blocks: Block[], rtl: boolean, slack: {x: number; y: number}) {
  const n = blocks.length
  const xs = new Float64Array(n)
  const xe = new Float64Array(n)
  const ys = new Float64Array(n)
  const ye = new Float64Array(n)
  blocks.forEach(({bbox}, i) => {
    const [x0, y0, x1, y1] = bbox.map(coordinate) as [number, number, number, number]
    xs[i] = rtl ? -x1 : x0
    xe[i] = Math.max(xs[i]!, rtl ? -x0 : x1)
    ys[i] = y0
    ye[i] = Math.max(y0, y1)
  })
  const grid = (values: Float64Array, unit: number) => Float64Array.from(values, (v) => (unit > 0 ? Math.round(v / (SAME * unit)) : v))
  const rounded = {xs: grid(xs, slack.x), xe: grid(xe, slack.x), ys: grid(ys, slack.y), ye: grid(ye, slack.y)}
  const order = blocks
    .map((_, i) => i)
    .sort(
      (a, b) =>
        rounded.ys[a]! - rounded.ys[b]! ||
        rounded.xs[a]! - rounded.xs[b]! ||
        compareStrings(blocks[a]!.id, blocks[b]!.id) ||
        // Then the rest of the box (in this frame, so a mirrored page ties the same way), then content.
        rounded.ye[a]! - rounded.ye[b]! ||
        rounded.xe[a]! - rounded.xe[b]! ||
        compareContentApartFromBox(blocks[a]!, blocks[b]!) ||
        a - b
    )
  const position = new Int32Array(n)
  order.forEach((block, rank) => (position[block] = rank))
  return {xs, xe, ys, ye, position, slack, rounded}
}

/** Top, then the reading side (left, or right on an rtl page), then `id`; stable for full ties. */
function sortByPosition(blocks: Block[], rtl: boolean, slack: {x: number; y: number}): Block[] {
  const {position} = cutInput(blocks, rtl, slack)
  return blocks
    .map((_, i) => i)
    .sort((a, b) => position[a]! - position[b]!)
    .map((i) => blocks[i]!)
}

/**
 * Moves each caption next to its float: the nearest table, image, chart or diagram directly above
 * or below it in its region (the first block overlapping it horizontally that way, within
 * `CAPTION_REACH` blocks), the one above on a tie. A float and its captions are read together,
 * top to bottom, where the first of them was.
 */
function keepCaptions(region: Block[], rounding: number): Block[] {
  if (!region.some((block) => block.type === 'caption')) return region
  const floatOf = new Map<Block, Block>()
  region.forEach((caption, i) => {
    if (caption.type !== 'caption') return
    const above = neighbour(region, i, -1, rounding)
    const below = neighbour(region, i, 1, rounding)
    const gapAbove = above ? caption.bbox[1] - above.bbox[3] : Infinity
    const gapBelow = below ? below.bbox[1] - caption.bbox[3] : Infinity
    const float = gapAbove <= gapBelow ? above : below
    if (float) floatOf.set(caption, float)
  })
  if (floatOf.size === 0) return region
  const place = new Map(region.map((block, i) => [block, i]))
  const groups = new Map<Block, Block[]>()
  for (const [caption, float] of floatOf) {
    const group = groups.get(float)
    if (group) group.push(caption)
    else groups.set(float, [float, caption])
  }
  const out: Block[] = []
  const placed = new Set<Block>()
  for (const block of region) {
    if (placed.has(block)) continue
    const group = groups.get(floatOf.get(block) ?? block)
    if (!group) out.push(block)
    else {
      // The region reads top to bottom: keep that order inside the group.
      group.sort((a, b) => place.get(a)! - place.get(b)!)
      for (const member of group) placed.add(member)
      out.push(...group)
    }
  }
  return out
}

/**
 * A sentence broken at the foot of a column (or page) goes on at the top of the next one, under
 * any figure or table placed there: a paragraph that starts in lower case and is the first text
 * of its region is read right after the text before it, ahead of the floats, captions and
 * footnotes read since that text (they stay in their order, after it). Scripts without case never
 * continue this way. Containers and what they hold (`anchored`: a label inside a figure is not
 * body text) neither move nor are moved past, so a container stays next to what it holds.
 * Regions are cut where a block moved, so `regions.flat()` stays the order.
 */
function resumeSentences(regions: Block[][], anchored: ReadonlySet<Block>): Block[][] {
  const out: Block[][] = []
  let open = -1 // the region of the last block emitted
  const emit = (block: Block, region: number) => {
    if (region !== open) out.push([])
    out[out.length - 1]!.push(block)
    open = region
  }
  let held: Array<[Block, number]> = [] // out-of-flow blocks since the last text, not emitted yet
  const release = () => {
    for (const [block, region] of held) emit(block, region)
    held = []
  }
  regions.forEach((region, r) => {
    let first = true // no text of this region read yet
    for (const block of region) {
      if (OUT_OF_FLOW.has(block.type) && !anchored.has(block)) held.push([block, r])
      else {
        if (!(first && held.length > 0 && !anchored.has(block) && continuesSentence(block))) release()
        emit(block, r)
        first = false
      }
    }
  })
  release()
  return out
}

/** A paragraph whose first letter is lower case: the rest of a sentence begun before. */
const continuesSentence = (block: Block): boolean =>
  block.type === 'paragraph' && typeof block.text === 'string' && /^[^\p{L}\p{N}]*\p{Ll}/u.test(block.text)

/** The float directly above (`step` -1) or below (+1) the block at `i`, if that neighbour is one. */
function neighbour(region: Block[], i: number, step: -1 | 1, rounding: number): Block | undefined {
  const caption = region[i]!
  for (let j = i + step, k = 0; j >= 0 && j < region.length && k < CAPTION_REACH; j += step, k++) {
    const other = region[j]!
    // Overlapping by more than rounding (a mirrored page's edges differ in the last bits).
    if (Math.min(other.bbox[2], caption.bbox[2]) - Math.max(other.bbox[0], caption.bbox[0]) <= rounding) continue
    const beyond = step < 0 ? other.bbox[1] <= caption.bbox[1] : other.bbox[1] >= caption.bbox[1]
    return FLOATS.has(other.type) && beyond ? other : undefined
  }
  return undefined
}
