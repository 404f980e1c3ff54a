// The recursive XY-cut as an explicit-stack loop over presorted linked lists: near-linear on every
// layout (nested, staircase, rows) and bounded by a work budget. Works on plain numeric boxes; the
// caller maps blocks to boxes and back (see reading-order.ts).
//
// The cut (the order is part of the contract, and the tests compare it with the former recursive
// version): a set of boxes splits first along x into columns (groups separated by an empty gap),
// each read in turn; a set that does not split along x splits along y into bands; consecutive
// bands merge while the merged set still splits into columns (aligned paragraphs of two columns
// are read column by column, not row by row); a merged group, or a band that splits on its own,
// is cut again; a run of bands that do not split is one region, read top to bottom.
//
// Why it is fast: the boxes are sorted once per axis (start and end of each interval). A region
// keeps its boxes as four doubly linked lists in those orders, so a part split off it keeps the
// order without sorting the rest. A split scans from both ends at once and peels off the first
// group found, so its cost follows the smaller side; a scan stops as soon as the boxes seen
// reach the far edge of the region (nothing beyond can be separated). The bands are merged by
// inserting their column intervals into a sorted interval list.

/** Boxes as parallel arrays: `xs`/`xe` the start/end along x, `ys`/`ye` along y. */
export interface CutInput {
  xs: Float64Array
  xe: Float64Array
  ys: Float64Array
  ye: Float64Array
  /** The reading position of each box when nothing else decides (top, then start along x, …): a permutation of 0..n-1. */
  position: Int32Array
}

export interface CutResult {
  /** Regions in reading order, each a list of box indexes read top to bottom. */
  regions: number[][]
  /** `false` when the work budget ran out and `regions` is one region in `position` order. */
  complete: boolean
  /** The steps the cut took (at most the budget, plus the step that crossed it). */
  work: number
}

/** The work budget per page: `WORK_PER_BLOCK · n · (log2 n + 1)` steps (scans, sorted inserts, list links). */
export const WORK_PER_BLOCK = 128

const XS = 0
const XE = 1
const YS = 2
const YE = 3

interface Region {
  head: number[]
  tail: number[]
  size: number
}

type Task = {kind: 'columns'; region: Region} | {kind: 'bands'; region: Region} | {kind: 'run'; regions: Region[]}

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
  private readonly keys: Float64Array[]
  /** rank[o][box]: the box's place in order o; byRank[o][rank]: the box at that place. */
  private readonly rank: Int32Array[]
  private readonly byRank: Int32Array[]
  private readonly next: Int32Array[]
  private readonly prev: Int32Array[]
  /** Room to sort the ranks of a new region's boxes. */
  private readonly scratch: Int32Array
  work = 0

  constructor(
    input: CutInput,
    private readonly budget: number
  ) {
    const n = input.position.length
    this.keys = [input.xs, input.xe, input.ys, input.ye]
    const {position} = input
    this.byRank = this.keys.map((key) => {
      const order = Int32Array.from({length: n}, (_, i) => i)
      order.sort((a, b) => key[a]! - key[b]! || position[a]! - position[b]!)
      return order
    })
    this.rank = this.byRank.map((order) => {
      const rank = new Int32Array(n)
      order.forEach((box, r) => (rank[box] = r))
      return rank
    })
    this.next = this.keys.map(() => new Int32Array(n))
    this.prev = this.keys.map(() => new Int32Array(n))
    this.scratch = new Int32Array(n)
    this.work = 4 * n * Math.log2(n + 1)
  }

  run(): number[][] {
    const all = this.regionOf(Array.from(this.byRank[XS]!))
    const out: number[][] = []
    const stack: Task[] = [{kind: 'columns', region: all}]
    for (let task = stack.pop(); task; task = stack.pop()) {
      if (task.kind === 'run') out.push(task.regions.flatMap((region) => this.list(region, YS)))
      else if (task.kind === 'columns') {
        const columns = this.split(task.region, 0)
        for (let c = columns.length - 1; c >= 0; c--) stack.push({kind: 'bands', region: columns[c]!})
      } else this.bands(task.region, stack)
    }
    return out
  }

  /** A region already one column: its bands, merged into groups, pushed as tasks in reverse order. */
  private bands(region: Region, stack: Task[]): void {
    const bands = this.split(region, 1)
    if (bands.length === 1) {
      stack.push({kind: 'run', regions: bands})
      return
    }
    // Each group: the column parts of its bands. `union` holds the x-intervals of the last group;
    // merging into it spoils it only when the merge fails, and then that group is done and it
    // starts over.
    const groups: Region[][][] = []
    const union = new Intervals()
    for (const band of bands) {
      const columns = this.split(band, 0)
      if (groups.length > 0 && this.insertAll(union, columns) > 1) groups[groups.length - 1]!.push(columns)
      else {
        union.clear()
        this.insertAll(union, columns)
        groups.push([columns])
      }
    }
    const tasks: Task[] = []
    let run: Region[] = []
    for (const columns of groups) {
      if (columns.length === 1 && columns[0]!.length === 1) {
        run.push(columns[0]![0]!)
        continue
      }
      if (run.length > 0) tasks.push({kind: 'run', regions: run})
      run = []
      if (columns.length === 1) for (const column of columns[0]!) tasks.push({kind: 'bands', region: column})
      else tasks.push({kind: 'columns', region: this.regionOf(columns.flat().flatMap((part) => this.list(part, XS)))})
    }
    if (run.length > 0) tasks.push({kind: 'run', regions: run})
    for (let t = tasks.length - 1; t >= 0; t--) stack.push(tasks[t]!)
  }

  /** Inserts the extent of each part into `union`; returns the number of intervals after. */
  private insertAll(union: Intervals, parts: Region[]): number {
    for (const part of parts) {
      this.spend(union.insert(this.keys[XS]![part.head[XS]!]!, this.keys[XE]![part.tail[XE]!]!))
    }
    return union.count
  }

  /**
   * The groups of a region separated by empty gaps along an axis, in ascending order. Peels the
   * first or last group, whichever a scan from both ends finds first, until none is left to find.
   */
  private split(region: Region, axis: 0 | 1): Region[] {
    const so = axis * 2
    const eo = so + 1
    const start = this.keys[so]!
    const end = this.keys[eo]!
    const next = this.next[so]!
    const prev = this.prev[eo]!
    if (region.size === 1) return [region]
    const low: Region[] = []
    const high: Region[] = []
    let rest = region
    peel: while (rest.size > 1) {
      const maxEnd = end[rest.tail[eo]!]!
      const minStart = start[rest.head[so]!]!
      let left = rest.head[so]!
      let right = rest.tail[eo]!
      let reach = -Infinity // furthest end of the boxes seen from the low side
      let floor = Infinity // lowest start of the boxes seen from the high side
      for (let seen = 0; seen <= rest.size; seen++) {
        this.spend(2)
        if (seen > 0 && start[left]! > reach) {
          const part = this.take(rest, so, seen, next, rest.head[so]!)
          low.push(part)
          continue peel
        }
        reach = Math.max(reach, end[left]!)
        if (reach >= maxEnd) break peel // nothing further along can be separated
        left = next[left]!
        if (seen > 0 && end[right]! < floor) {
          high.push(this.take(rest, eo, seen, prev, rest.tail[eo]!))
          continue peel
        }
        floor = Math.min(floor, start[right]!)
        if (floor <= minStart) break peel
        right = prev[right]!
      }
      break
    }
    if (low.length === 0 && high.length === 0) return [rest]
    return [...low, rest, ...high.reverse()]
  }

  /** Detaches `count` boxes from `region`, walking order `o` from `first` with `step`; returns them as a region. */
  private take(region: Region, o: number, count: number, step: Int32Array, first: number): Region {
    const members: number[] = []
    for (let box = first; members.length < count; box = step[box]!) members.push(box)
    for (let k = 0; k < 4; k++) {
      const next = this.next[k]!
      const prev = this.prev[k]!
      for (const box of members) {
        const p = prev[box]!
        const q = next[box]!
        if (p >= 0) next[p] = q
        else region.head[k] = q
        if (q >= 0) prev[q] = p
        else region.tail[k] = p
      }
    }
    region.size -= count
    return this.regionOf(members)
  }

  /** A region of the given boxes, linked in each order (sorted by rank). */
  private regionOf(members: number[]): Region {
    const size = members.length
    this.spend(4 * size * (Math.log2(size + 1) + 1))
    if (size === 1) {
      const box = members[0]!
      for (let o = 0; o < 4; o++) this.next[o]![box] = this.prev[o]![box] = -1
      // Never detached from (a region of one box is not split), so head and tail can share.
      const ends = [box, box, box, box]
      return {head: ends, tail: ends, size}
    }
    const region: Region = {head: [0, 0, 0, 0], tail: [0, 0, 0, 0], size}
    const ranks = this.scratch.subarray(0, size)
    for (let o = 0; o < 4; o++) {
      const rank = this.rank[o]!
      const byRank = this.byRank[o]!
      const next = this.next[o]!
      const prev = this.prev[o]!
      for (let i = 0; i < size; i++) ranks[i] = rank[members[i]!]!
      ranks.sort()
      let last = -1
      for (let i = 0; i < size; i++) {
        const box = byRank[ranks[i]!]!
        prev[box] = last
        if (last >= 0) next[last] = box
        else region.head[o] = box
        last = box
      }
      next[last] = -1
      region.tail[o] = last
    }
    return region
  }

  /** The boxes of a region in order `o`. */
  private list(region: Region, o: number): number[] {
    const out: number[] = []
    const next = this.next[o]!
    for (let box = region.head[o]!; box >= 0; box = next[box]!) out.push(box)
    this.spend(out.length)
    return out
  }

  private spend(steps: number): void {
    this.work += steps
    if (this.work > this.budget) throw new BudgetExceeded()
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
