// The recursive XY-cut as an explicit-stack loop over presorted linked lists, so no layout can
// overflow the stack, with a work budget per page. Works on plain numeric boxes; the caller maps
// blocks to boxes and back (see reading-order.ts).
//
// The cut (the order is part of the contract, and the tests compare it with the former recursive
// version): a set of boxes splits first along x into columns (groups separated by an empty gap),
// each read in turn; a set that does not split along x splits along y into bands; consecutive
// bands merge while the merged set still splits into columns (aligned paragraphs of two columns
// are read column by column, not row by row); a merged group, or a band that splits on its own,
// is cut again; a run of bands that do not split is one region, read top to bottom (blocks side
// by side on one line, tops within the slack, read along the line). A band of one
// part joins a group only inside one column of it (a centred heading or an author line stays a
// band of its own). A set that splits into columns whose blocks stand in aligned rows (a form:
// a short block of the first column beside others on the same top line, at least ROWS_MIN such
// rows stacked, nothing between) reads those rows across, one after the other.
//
// Why it is fast: the boxes are sorted once per axis (start and end of each interval). A region
// keeps its boxes as four doubly linked lists in those orders, so a part split off it keeps the
// order without sorting the rest. A split scans from both ends at once and peels off the first
// group found, so its cost follows the smaller side; a scan stops as soon as the boxes seen
// reach the far edge of the region (nothing beyond can be separated). The bands are merged by
// inserting their column intervals into a sorted interval list. The layouts that break a naive
// cut (nested regions, staircases, rows closed by a full-width block, spirals) take O(n log n)
// steps; a layout built so that no scan can stop early can still take more, hence the budget.

/** Boxes as parallel arrays: `xs`/`xe` the start/end along x, `ys`/`ye` along y (numbers, end ≥ start). */
export interface CutInput {
  xs: Float64Array
  xe: Float64Array
  ys: Float64Array
  ye: Float64Array
  /** The reading position of each box when nothing else decides (top, then start along x, …): a permutation of 0..n-1. */
  position: Int32Array
  /** What counts as the same line along x and along y (about 1% of the page; default: 0, exact). */
  slack?: {x: number; y: number}
}

export interface CutResult {
  /** Regions in reading order, each a list of box indexes read top to bottom. */
  regions: number[][]
  /** `false` when the work budget ran out and `regions` is one region in `position` order. */
  complete: boolean
  /** The steps the cut took (at most the budget, plus the step that crossed it). */
  work: number
}

/** The fewest stacked rows that make a form (aligned rows read across). */
export const ROWS_MIN = 3
/** A row's first block is short: at most this many slacks tall (about three lines of text). */
const SHORT_SLACKS = 5

/** The work budget per page: `WORK_PER_BLOCK · n · (log2 n + 1)` steps (scans, sorted inserts, list links). */
export const WORK_PER_BLOCK = 128

// The four orders: starts and ends along x, starts and ends along y (order = axis * 2 + end).
const XS = 0
const XE = 1
const YS = 2
const YE = 3

// Task kinds of the explicit stack.
const COLUMNS = 0 // a region: split it into columns, then read each as bands
const BANDS = 1 // a region that is one column: split it into bands and merge them
const RUN = 2 // an index into `runs`: regions read one after the other, top to bottom

// A region is an index into a flat table (no objects, so no garbage per region): the first box
// of each of the four orders, the last box of each, and the number of boxes.
const STRIDE = 9
const TAIL = 4
const SIZE = 8

class BudgetExceeded extends Error {}

/**
 * Cuts boxes into reading regions. Every box lands in exactly one region; past the work budget
 * the result is one region in `position` order and `complete` is false.
 */
export function xyCut(input: CutInput, budget = defaultBudget(input.position.length)): CutResult {
  const n = input.position.length
  if (n === 0) return {regions: [], complete: true, work: 0}
  const cutter = new Cutter(input, budget)
  try {
    return {regions: cutter.run(), complete: true, work: cutter.work}
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error
    const regions = [Array.from({length: n}, (_, i) => i).sort((a, b) => input.position[a]! - input.position[b]!)]
    return {regions, complete: false, work: cutter.work}
  }
}

/** The default budget for `n` boxes. */
export function defaultBudget(n: number): number {
  return WORK_PER_BLOCK * (n + 1) * (Math.log2(n + 1) + 1)
}

class Cutter {
  /** key[box * 4 + order]: the box's start or end along x or y. */
  private readonly key: Float64Array
  /** rank[box * 4 + order]: the box's place in that order; byRank[order][place]: the box there. */
  private readonly rank: Int32Array
  private readonly byRank: Int32Array[]
  /** link[(box * 4 + order) * 2]: the next box in that order within its region (-1: none); + 1: the previous. */
  private readonly link: Int32Array
  private table = new Int32Array(STRIDE * 64)
  private regionCount = 0
  /** Scratch room: the ranks of a new region's boxes, the boxes themselves. */
  private readonly ranks: Int32Array
  private readonly members: Int32Array
  // Scratch lists of split and bands (neither is re-entered).
  private readonly high: number[] = []
  private readonly bandList: number[] = []
  private readonly parts: number[] = []
  private readonly partStart: number[] = []
  private readonly groupStart: number[] = []
  private readonly tasks = new Tasks()
  private readonly union = new Intervals()
  /** Scratch of rows: boxes of a split region in top order, and the column of each box. */
  private readonly byTop: Int32Array
  private readonly laneOf: Int32Array
  private readonly slackX: number
  private readonly slackY: number
  work = 0

  constructor(
    input: CutInput,
    private readonly budget: number
  ) {
    const n = input.position.length
    const keys = [input.xs, input.xe, input.ys, input.ye]
    const {position} = input
    this.key = new Float64Array(n * 4)
    this.rank = new Int32Array(n * 4)
    this.byRank = keys.map((key, o) => {
      for (let box = 0; box < n; box++) this.key[box * 4 + o] = key[box]!
      const order = Int32Array.from({length: n}, (_, i) => i)
      order.sort((a, b) => key[a]! - key[b]! || position[a]! - position[b]!)
      order.forEach((box, r) => (this.rank[box * 4 + o] = r))
      return order
    })
    this.link = new Int32Array(n * 8)
    this.ranks = new Int32Array(n)
    this.members = new Int32Array(n)
    this.byTop = new Int32Array(n)
    this.laneOf = new Int32Array(n)
    this.slackX = input.slack?.x ?? 0
    this.slackY = input.slack?.y ?? 0
    this.work = 4 * n * Math.log2(n + 1)
  }

  run(): number[][] {
    const n = this.members.length
    this.members.set(this.byRank[XS]!)
    const out: number[][] = []
    const runs: Array<number[] | undefined> = []
    const stack = new Tasks()
    stack.push(COLUMNS, this.regionOf(n))
    while (stack.size > 0) {
      const kind = stack.topKind()
      const value = stack.pop()
      if (kind === RUN) {
        const list: number[] = []
        for (const region of runs[value]!) {
          const from = list.length
          this.appendList(region, YS, list)
          this.alongLines(list, from)
        }
        runs[value] = undefined
        out.push(list)
      } else if (kind === COLUMNS) {
        const columns: number[] = []
        this.split(value, 0, columns)
        if (columns.length > 1 && this.rows(columns, stack, runs)) continue
        for (let c = columns.length - 1; c >= 0; c--) stack.push(BANDS, columns[c]!)
      } else this.bands(value, stack, runs)
    }
    return out
  }

  /** A region already one column: its bands, merged into groups, pushed as tasks in reverse order. */
  private bands(region: number, stack: Tasks, runs: Array<number[] | undefined>): void {
    const bands = this.bandList
    bands.length = 0
    this.split(region, 1, bands)
    if (bands.length === 1) {
      stack.push(RUN, runs.push([region]) - 1)
      return
    }
    // The column parts of every band, in one list; each group a range of bands. `union` holds the
    // x-intervals of the last group: merging into it spoils it only when the merge fails, and then
    // that group is done and it starts over.
    // A band of one part joins only inside one column: inside the group's columns so far, and a
    // group of one-part bands only when they fall inside one column of the band that joins.
    const {parts, partStart, groupStart, union, key, table, slackX} = this
    parts.length = partStart.length = groupStart.length = 0
    let spanStart = 0 // the extent of a group made of one-part bands only (NaN: it has a band of columns)
    let spanEnd = 0
    for (let b = 0; b < bands.length; b++) {
      const from = parts.length
      partStart.push(from)
      this.split(bands[b]!, 0, parts)
      const single = parts.length - from === 1
      const start = key[table[parts[from]! * STRIDE + XS]! * 4 + XS]!
      const end = key[table[parts[parts.length - 1]! * STRIDE + TAIL + XE]! * 4 + XE]!
      const joins =
        groupStart.length > 0 &&
        (single
          ? union.covers(start + slackX, end - slackX)
          : Number.isNaN(spanStart) || this.partCovers(from, spanStart + slackX, spanEnd - slackX)) &&
        this.insertAll(union, from, parts.length) > 1
      if (!joins) {
        union.clear()
        this.insertAll(union, from, parts.length)
        groupStart.push(b)
        ;[spanStart, spanEnd] = single ? [start, end] : [NaN, NaN]
      } else if (single && !Number.isNaN(spanStart)) [spanStart, spanEnd] = [Math.min(spanStart, start), Math.max(spanEnd, end)]
      else if (!single) spanStart = spanEnd = NaN
    }
    partStart.push(parts.length)
    groupStart.push(bands.length)
    const tasks = this.tasks
    tasks.clear()
    let run: number[] = []
    for (let g = 0; g + 1 < groupStart.length; g++) {
      const [b0, b1] = [groupStart[g]!, groupStart[g + 1]!]
      const [p0, p1] = [partStart[b0]!, partStart[b1]!]
      if (b1 - b0 === 1 && p1 - p0 === 1) {
        run.push(parts[p0]!)
        continue
      }
      if (run.length > 0) tasks.push(RUN, runs.push(run) - 1)
      run = []
      if (b1 - b0 === 1) for (let p = p0; p < p1; p++) tasks.push(BANDS, parts[p]!)
      else {
        let count = 0
        for (let p = p0; p < p1; p++) count = this.collect(parts[p]!, count)
        tasks.push(COLUMNS, this.regionOf(count))
      }
    }
    if (run.length > 0) tasks.push(RUN, runs.push(run) - 1)
    stack.pushReversed(tasks)
  }

  /** Whether one of the parts from `parts[from]` on (to the end) spans [start, end] along x. */
  private partCovers(from: number, start: number, end: number): boolean {
    const {key, table, parts} = this
    if (start > end) start = end = (start + end) / 2
    for (let p = from; p < parts.length; p++) {
      this.spend(1)
      const part = parts[p]! * STRIDE
      if (key[table[part + XS]! * 4 + XS]! <= start && key[table[part + TAIL + XE]! * 4 + XE]! >= end) return true
    }
    return false
  }

  /**
   * Aligned rows (a form: labels beside values, side headings beside paragraphs): the boxes of
   * `columns` in top order fall into lines (tops within the slack); a line is a row when it has a
   * box in the first column and in another one, those of the first column are short, and nothing
   * above reaches into it. A stretch of at least ROWS_MIN rows in a row is read row by row, each row across; the
   * lines between stretches are cut again as a region. Returns false (nothing pushed) when no
   * stretch is found. Costs a sort of the region's boxes (when the first column holds ROWS_MIN or more).
   */
  private rows(columns: number[], stack: Tasks, runs: Array<number[] | undefined>): boolean {
    const {table, key, byTop, laneOf, members, slackY} = this
    const lanes = columns.length
    let count = 0
    if (table[columns[0]! * STRIDE + SIZE]! < ROWS_MIN) return false
    for (let c = 0; c < lanes; c++) {
      const from = count
      count = this.collect(columns[c]!, count)
      for (let i = from; i < count; i++) laneOf[members[i]!] = c
    }
    // Top order: the boxes' ranks in it, sorted.
    for (let i = 0; i < count; i++) this.ranks[i] = this.rank[members[i]! * 4 + YS]!
    sortPrefix(this.ranks, count)
    this.spend(count * (Math.log2(count + 1) + 1))
    const top = this.byRank[YS]!
    for (let i = 0; i < count; i++) byTop[i] = top[this.ranks[i]!]!
    // Lines: [lineStart[k], lineStart[k + 1]) in byTop; isRow[k] when the line is a row.
    const lineStart: number[] = []
    const isRow: boolean[] = []
    const seen = new Int32Array(lanes).fill(-1)
    let reach = -Infinity // the lowest bottom of the boxes above the current line
    for (let i = 0; i < count;) {
      const line = lineStart.length
      const first = key[byTop[i]! * 4 + YS]!
      let j = i
      let lanesSeen = 0
      let firstLane = lanes
      let lineReach = -Infinity
      for (; j < count && key[byTop[j]! * 4 + YS]! <= first + slackY; j++) {
        const box = byTop[j]!
        if (seen[laneOf[box]!] !== line) {
          seen[laneOf[box]!] = line
          lanesSeen++
        }
        firstLane = Math.min(firstLane, laneOf[box]!)
        lineReach = Math.max(lineReach, key[box * 4 + YE]!)
      }
      this.spend(j - i)
      let short = true
      for (let k = i; k < j; k++) {
        const box = byTop[k]!
        if (laneOf[box] === firstLane && key[box * 4 + YE]! - key[box * 4 + YS]! > SHORT_SLACKS * slackY) short = false
      }
      lineStart.push(i)
      isRow.push(firstLane === 0 && lanesSeen > 1 && short && reach <= first + slackY)
      reach = Math.max(reach, lineReach)
      i = j
    }
    lineStart.push(count)
    // Stretches of ROWS_MIN rows or more; the rest are lines to cut again.
    const lines = isRow.length
    const stretch: boolean[] = new Array(lines).fill(false)
    let found = false
    for (let k = 0; k < lines;) {
      let e = k
      while (e < lines && isRow[e]) e++
      if (e - k >= ROWS_MIN) {
        found = true
        for (let r = k; r < e; r++) stretch[r] = true
      }
      k = Math.max(e, k + 1)
    }
    if (!found) return false
    const tasks = this.tasks
    tasks.clear()
    for (let k = 0; k < lines;) {
      if (!stretch[k]) {
        let e = k
        while (e < lines && !stretch[e]) e++
        const from = lineStart[k]!
        const to = lineStart[e]!
        for (let i = from; i < to; i++) members[i - from] = byTop[i]!
        tasks.push(COLUMNS, this.regionOf(to - from))
        k = e
        continue
      }
      // A stretch of rows: one region per column of each row, read in order (a run).
      const regions: number[] = []
      for (; k < lines && stretch[k]; k++) {
        // The row's boxes by column (stable: top order within a column).
        const row = Array.from(byTop.subarray(lineStart[k]!, lineStart[k + 1]!)).sort((a, b) => laneOf[a]! - laneOf[b]!)
        this.spend(row.length * (Math.log2(row.length + 1) + 1))
        for (let i = 0; i < row.length;) {
          let n = 0
          const lane = laneOf[row[i]!]!
          while (i < row.length && laneOf[row[i]!] === lane) members[n++] = row[i++]!
          regions.push(this.regionOf(n))
        }
      }
      tasks.push(RUN, runs.push(regions) - 1)
    }
    stack.pushReversed(tasks)
    return true
  }

  /** Inserts the extent of each of `parts[from..to)` into `union`; returns the number of intervals after. */
  private insertAll(union: Intervals, from: number, to: number): number {
    const {key, table, parts} = this
    for (let p = from; p < to; p++) {
      const part = parts[p]! * STRIDE
      this.spend(union.insert(key[table[part + XS]! * 4 + XS]!, key[table[part + TAIL + XE]! * 4 + XE]!))
    }
    return union.count
  }

  /**
   * Appends to `out` the groups of a region separated by empty gaps along an axis, in ascending
   * order. Peels the first or last group, whichever a scan from both ends finds first, until none
   * is left to find.
   */
  private split(region: number, axis: 0 | 1, out: number[]): void {
    if (this.table[region * STRIDE + SIZE] === 1) {
      out.push(region)
      return
    }
    const so = axis * 2
    const eo = so + 1
    const {key, link, high} = this
    high.length = 0
    let rest = region
    peel: for (;;) {
      const table = this.table
      const at = rest * STRIDE
      const size = table[at + SIZE]!
      if (size <= 1) break
      const maxEnd = key[table[at + TAIL + eo]! * 4 + eo]!
      const minStart = key[table[at + so]! * 4 + so]!
      let left = table[at + so]!
      let right = table[at + TAIL + eo]!
      let reach = -Infinity // furthest end of the boxes seen from the low side
      let floor = Infinity // lowest start of the boxes seen from the high side
      for (let seen = 0; seen <= size; seen++) {
        this.spend(2)
        if (seen > 0 && key[left * 4 + so]! > reach) {
          out.push(this.take(rest, so, seen, true))
          continue peel
        }
        reach = Math.max(reach, key[left * 4 + eo]!)
        if (reach >= maxEnd) break peel // nothing further along can be separated
        left = link[(left * 4 + so) * 2]!
        if (seen > 0 && key[right * 4 + eo]! < floor) {
          high.push(this.take(rest, eo, seen, false))
          continue peel
        }
        floor = Math.min(floor, key[right * 4 + so]!)
        if (floor <= minStart) break peel
        right = link[(right * 4 + eo) * 2 + 1]!
      }
      break
    }
    out.push(rest)
    for (let h = high.length - 1; h >= 0; h--) out.push(high[h]!)
  }

  /**
   * Detaches `count` boxes from `region`: the first ones of order `o` (`forward`) or its last
   * ones; returns them as a new region.
   */
  private take(region: number, o: number, count: number, forward: boolean): number {
    const {link, members} = this
    let box = this.table[region * STRIDE + (forward ? o : TAIL + o)]!
    for (let i = 0; i < count; i++) {
      members[i] = box
      box = link[(box * 4 + o) * 2 + (forward ? 0 : 1)]!
    }
    const table = this.table
    const at = region * STRIDE
    for (let i = 0; i < count; i++) {
      const member = members[i]!
      for (let k = 0; k < 4; k++) {
        const slot = (member * 4 + k) * 2
        const p = link[slot + 1]!
        const q = link[slot]!
        if (p >= 0) link[(p * 4 + k) * 2] = q
        else table[at + k] = q
        if (q >= 0) link[(q * 4 + k) * 2 + 1] = p
        else table[at + TAIL + k] = p
      }
    }
    table[at + SIZE] = table[at + SIZE]! - count
    return this.regionOf(count)
  }

  /** Appends the boxes of a region to `members` from place `count`; returns the new count. */
  private collect(region: number, count: number): number {
    const {link, members} = this
    for (let box = this.table[region * STRIDE + XS]!; box >= 0; box = link[(box * 4 + XS) * 2]!) members[count++] = box
    return count
  }

  /** A new region of `members[0..count)`, linked in each order (sorted by rank). */
  private regionOf(count: number): number {
    this.spend(4 * count * (Math.log2(count + 1) + 1))
    if ((this.regionCount + 1) * STRIDE > this.table.length) {
      const grown = new Int32Array(this.table.length * 2)
      grown.set(this.table)
      this.table = grown
    }
    const region = this.regionCount++
    const at = region * STRIDE
    const {table, link, members, rank, ranks} = this
    table[at + SIZE] = count
    for (let o = 0; o < 4; o++) {
      for (let i = 0; i < count; i++) ranks[i] = rank[members[i]! * 4 + o]!
      sortPrefix(ranks, count)
      const byRank = this.byRank[o]!
      let last = -1
      for (let i = 0; i < count; i++) {
        const box = byRank[ranks[i]!]!
        link[(box * 4 + o) * 2 + 1] = last
        if (last >= 0) link[(last * 4 + o) * 2] = box
        else table[at + o] = box
        last = box
      }
      link[(last * 4 + o) * 2] = -1
      table[at + TAIL + o] = last
    }
    return region
  }

  /**
   * Blocks side by side on one line are read along it: in `list[from..]` (top order), a line is
   * the boxes whose tops are within the slack of its first one; when they stand side by side
   * (each overlapping the next along x by at most the slack), they are read by their start along
   * x, not by the last bits of their tops. A sort per line.
   */
  private alongLines(list: number[], from: number): void {
    const {key, slackX, slackY} = this
    for (let i = from; i < list.length;) {
      const first = key[list[i]! * 4 + YS]!
      let j = i + 1
      while (j < list.length && key[list[j]! * 4 + YS]! <= first + slackY) j++
      this.spend(j - i)
      if (j - i > 1) {
        const line = list.slice(i, j).sort((a, b) => key[a * 4 + XS]! - key[b * 4 + XS]!)
        this.spend(line.length * (Math.log2(line.length + 1) + 1))
        let apart = true
        for (let k = 1; k < line.length && apart; k++) apart = key[line[k - 1]! * 4 + XE]! - key[line[k]! * 4 + XS]! <= slackX
        if (apart) for (let k = 0; k < line.length; k++) list[i + k] = line[k]!
      }
      i = j
    }
  }

  /** Appends the boxes of a region in order `o` to `out`. */
  private appendList(region: number, o: number, out: number[]): void {
    const from = out.length
    for (let box = this.table[region * STRIDE + o]!; box >= 0; box = this.link[(box * 4 + o) * 2]!) out.push(box)
    this.spend(out.length - from)
  }

  private spend(steps: number): void {
    this.work += steps
    if (this.work > this.budget) throw new BudgetExceeded()
  }
}

/** A stack of tasks: a kind and a value (a region, or an index into the runs) each, no objects. */
class Tasks {
  private readonly kinds: number[] = []
  private readonly values: number[] = []

  get size(): number {
    return this.kinds.length
  }

  push(kind: number, value: number): void {
    this.kinds.push(kind)
    this.values.push(value)
  }

  topKind(): number {
    return this.kinds[this.kinds.length - 1]!
  }

  /** Removes the top task; returns its value. */
  pop(): number {
    this.kinds.pop()
    return this.values.pop()!
  }

  /** Pushes the tasks of `other` so that its first one is on top. */
  pushReversed(other: Tasks): void {
    for (let t = other.size - 1; t >= 0; t--) this.push(other.kinds[t]!, other.values[t]!)
  }

  clear(): void {
    this.kinds.length = this.values.length = 0
  }
}

/** Sorts `values[0..count)` ascending: insertion sort when short (no view to allocate). */
function sortPrefix(values: Int32Array, count: number): void {
  if (count > 16) {
    values.subarray(0, count).sort()
    return
  }
  for (let i = 1; i < count; i++) {
    const value = values[i]!
    let j = i - 1
    while (j >= 0 && values[j]! > value) values[j + 1] = values[j--]!
    values[j + 1] = value
  }
}

/** Disjoint closed intervals in ascending order; touching intervals merge (as in the cut). */
class Intervals {
  private readonly starts: number[] = []
  private readonly ends: number[] = []

  get count(): number {
    return this.starts.length
  }

  clear(): void {
    this.starts.length = 0
    this.ends.length = 0
  }

  /** Whether one interval holds all of [start, end] (a point when start > end: the middle). */
  covers(start: number, end: number): boolean {
    if (start > end) start = end = (start + end) / 2
    const i = this.firstEndingAtOrAfter(end)
    return i < this.starts.length && this.starts[i]! <= start
  }

  /** Adds [start, end]; returns the steps it took (for the budget). */
  insert(start: number, end: number): number {
    const lo = this.firstEndingAtOrAfter(start)
    let hi = lo
    while (hi < this.starts.length && this.starts[hi]! <= end) hi++
    if (hi > lo) {
      start = Math.min(start, this.starts[lo]!)
      end = Math.max(end, this.ends[hi - 1]!)
    }
    this.starts.splice(lo, hi - lo, start)
    this.ends.splice(lo, hi - lo, end)
    return Math.log2(this.starts.length + 1) + 1 + (hi - lo)
  }

  private firstEndingAtOrAfter(value: number): number {
    let lo = 0
    let hi = this.ends.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.ends[mid]! < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
