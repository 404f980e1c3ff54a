import type {BBox, Block} from '../model/index.js'
import {compareStrings} from '../layout/compare.js'
import {area, intersection, iou} from '../layout/geometry.js'
import {textDistance} from './edit-distance.js'

/** A block of one side of a page, with what matching needs precomputed. */
export interface Entry {
  block: Block
  /** Position in its page's reading order. */
  rank: number
  /** Normalised text (see `normalizeText`). */
  text: string
  /** The first {@link SAMPLE_LENGTH} code points of `text`: what matching compares. */
  sample: string
  /** The block's content (every field but the common ones and `text`), canonical JSON, normalised. */
  content: string
  /** Whether the bbox has a positive area and finite corners (only such boxes take part in IoU). */
  boxed: boolean
}

/** A group of blocks matched across the sides: one each (1:1), one to several (split), several to one (merged). */
export interface Match {
  a: Entry[]
  b: Entry[]
  /** `geometry`: paired by boxes (IoU ≥ threshold); `text`: by text alone, after the boxes found nothing. */
  by: 'geometry' | 'text'
}

/** Characters of text that matching compares (CER and WER use the whole text). */
export const SAMPLE_LENGTH = 256
/** Pairs of boxes that overlap along the sweep axis, per block of the page, beyond which the boxes are not used. */
export const OVERLAP_LIMIT = 64
/** Unmatched pairs of a page beyond which the fuzzy text pass is skipped. */
export const TEXT_PAIR_LIMIT = 10_000
/** Share of a part's area that must lie inside the whole for a split or merge. */
const PART_INSIDE = 0.5

export interface PageMatch {
  matches: Match[]
  /** False when the boxes overlapped too heavily to be compared (see {@link OVERLAP_LIMIT}). */
  geometry: boolean
}

/**
 * Matches the blocks of one page, in three passes, each greedy on a score, best first:
 *
 * 1. **Boxes.** Candidates: two blocks whose boxes have IoU ≥ `threshold`; one block and the
 *    blocks of the other side lying mostly (> 50% of their area) inside it, when the box around
 *    those parts has IoU ≥ `threshold` with it and their joined text a similarity ≥ `threshold`
 *    (split, merged). Score: the mean of IoU and text similarity.
 * 2. **Equal blocks**, then **equal text**, among the blocks left: the k-th block of a kind on one
 *    side with the k-th of the same kind on the other (equal blocks: same type, text, content and
 *    box, for blocks that have neither a usable box nor text).
 * 3. **Similar text** among the blocks left: similarity ≥ `threshold`.
 *
 * Text similarity is `1 − edit distance / longer length` over the first {@link SAMPLE_LENGTH}
 * characters (1 for two blocks without text, 0 when one side has none). Ties fall to the
 * candidate with fewer blocks, then to the ids, so the result does not depend on which document
 * is `a`.
 *
 * Cost per page of n + m blocks: O((n + m) log(n + m) + k) for the k box pairs that overlap
 * along the sweep axis; the boxes are skipped when k > {@link OVERLAP_LIMIT}·(n + m) (a page
 * of heavily stacked boxes), and the fuzzy text pass when more than {@link TEXT_PAIR_LIMIT}
 * pairs are left. Every similarity costs at most SAMPLE_LENGTH²/32 steps.
 */
export function matchPage(a: Entry[], b: Entry[], threshold: number): PageMatch {
  const used = new Set<Entry>()
  const matches: Match[] = []
  const take = (candidates: Candidate[], by: Match['by']) => {
    candidates.sort(byScore)
    for (const c of candidates)
      if (c.a.every((e) => !used.has(e)) && c.b.every((e) => !used.has(e))) {
        for (const e of [...c.a, ...c.b]) used.add(e)
        matches.push({a: c.a, b: c.b, by})
      }
  }

  const overlaps = overlappingPairs(a, b)
  if (overlaps) take(boxCandidates(a, b, overlaps, threshold), 'geometry')

  // Blocks without a usable box or text (an empty image at a point) still find their twin.
  take(equalPairs(a, b, used, identity), 'geometry')
  take(
    equalPairs(a, b, used, (e) => e.text),
    'text'
  )

  const restA = a.filter((e) => !used.has(e) && e.text !== '')
  const restB = b.filter((e) => !used.has(e) && e.text !== '')
  if (restA.length * restB.length <= TEXT_PAIR_LIMIT) {
    const similar: Candidate[] = []
    for (const x of restA)
      for (const y of restB) {
        const lengths = [x.sample.length, y.sample.length].sort((p, q) => p - q)
        if (lengths[0]! < threshold * lengths[1]!) continue // similarity ≤ shorter / longer
        const score = similarity(x.sample, y.sample)
        if (score >= threshold) similar.push(candidate([x], [y], score))
      }
    take(similar, 'text')
  }
  return {matches, geometry: overlaps !== null}
}

/** The value stored under `key`, stored first as `initial` when there is none. */
function pushTo<K, V>(map: Map<K, V>, key: K, initial: V): V {
  const value = map.get(key)
  if (value !== undefined) return value
  map.set(key, initial)
  return initial
}

/** The first {@link SAMPLE_LENGTH} code points of a text. */
export function sampleOf(text: string): string {
  if (text.length <= SAMPLE_LENGTH) return text
  let end = 0
  for (let count = 0; count < SAMPLE_LENGTH && end < text.length; count++) {
    const unit = text.charCodeAt(end)
    end += unit >= 0xd800 && unit <= 0xdbff && end + 1 < text.length ? 2 : 1
  }
  return text.slice(0, end)
}

/** Type, text, content and box as one string: equal for blocks that are the same in all but id, role, provenance and confidence. */
const identity = (e: Entry) => JSON.stringify([e.block.type, e.text, e.content, e.block.bbox, e.block.bbox_units])

/** The k-th unused block of a key on one side with the k-th of the same key on the other (empty keys never pair). */
function equalPairs(a: Entry[], b: Entry[], used: Set<Entry>, key: (e: Entry) => string): Candidate[] {
  const byKey = new Map<string, {entries: Entry[]; next: number}>()
  for (const e of b) if (!used.has(e) && key(e) !== '') pushTo(byKey, key(e), {entries: [], next: 0}).entries.push(e)
  const out: Candidate[] = []
  for (const e of a) {
    if (used.has(e)) continue
    const same = byKey.get(key(e))
    const partner = same?.entries[same.next++]
    if (partner) out.push(candidate([e], [partner], 1))
  }
  return out
}

interface Candidate {
  a: Entry[]
  b: Entry[]
  score: number
  /** The ids of both sides, sorted: a tie-break that reads the same whichever side is `a`. */
  key: string
}

function candidate(a: Entry[], b: Entry[], score: number): Candidate {
  const ids = [...a, ...b].map((e) => e.block.id).sort(compareStrings)
  return {a, b, score, key: ids.join('\u0000')}
}

const byScore = (x: Candidate, y: Candidate) =>
  y.score - x.score || x.a.length + x.b.length - (y.a.length + y.b.length) || compareStrings(x.key, y.key)

/** Text similarity in [0, 1]: 1 − edit distance / longer length; 1 for two empty texts. */
export function similarity(x: string, y: string): number {
  if (x === y) return 1
  if (x === '' || y === '') return 0
  return 1 - textDistance(x, y).distance / Math.max(Array.from(x).length, Array.from(y).length)
}

interface Overlap {
  x: Entry
  y: Entry
  /** Area of the intersection. */
  shared: number
}

function boxCandidates(a: Entry[], b: Entry[], overlaps: Overlap[], threshold: number): Candidate[] {
  const out: Candidate[] = []
  const partsOf = new Map<Entry, Entry[]>()
  const addPart = (whole: Entry, part: Entry) => pushTo(partsOf, whole, []).push(part)
  for (const {x, y, shared} of overlaps) {
    const overlap = iou(x.block.bbox, y.block.bbox)
    if (overlap >= threshold) out.push(candidate([x], [y], (overlap + similarity(x.sample, y.sample)) / 2))
    if (shared > PART_INSIDE * area(y.block.bbox)) addPart(x, y)
    if (shared > PART_INSIDE * area(x.block.bbox)) addPart(y, x)
  }
  const sides = new Set(a)
  for (const [whole, unsorted] of partsOf) {
    if (unsorted.length < 2) continue
    const parts = unsorted.sort((p, q) => p.rank - q.rank)
    const overlap = iou(whole.block.bbox, hull(parts.map((p) => p.block.bbox)))
    const text = similarity(whole.sample, sampleOf(parts.map((p) => p.sample).join(' ')))
    if (overlap < threshold || text < threshold) continue
    const score = (overlap + text) / 2
    out.push(sides.has(whole) ? candidate([whole], parts, score) : candidate(parts, [whole], score))
  }
  return out
}

/** The smallest box around all the boxes. */
function hull(boxes: BBox[]): BBox {
  return boxes.reduce(
    (h, box): BBox => [Math.min(h[0], box[0]), Math.min(h[1], box[1]), Math.max(h[2], box[2]), Math.max(h[3], box[3])],
    [Infinity, Infinity, -Infinity, -Infinity]
  )
}

/**
 * Every pair (one block of each side, same bbox units) whose boxes overlap with a positive
 * area, by a sweep along the axis where fewer pairs overlap; `null` when that is still more
 * than OVERLAP_LIMIT per block.
 */
function overlappingPairs(a: Entry[], b: Entry[]): Overlap[] | null {
  const boxedA = a.filter((e) => e.boxed)
  const boxedB = b.filter((e) => e.boxed)
  const counts = ([0, 1] as const).map((axis) => axisOverlaps(boxedA, boxedB, axis))
  const axis = counts[0]! <= counts[1]! ? 0 : 1
  if (counts[axis]! > OVERLAP_LIMIT * (a.length + b.length)) return null
  const events = [...boxedA.map((e) => ({e, side: 0})), ...boxedB.map((e) => ({e, side: 1}))].sort(
    (p, q) => p.e.block.bbox[axis] - q.e.block.bbox[axis]
  )
  const active: [Entry[], Entry[]] = [[], []]
  const out: Overlap[] = []
  const other = (1 - axis) as 0 | 1
  for (const {e, side} of events) {
    const start = e.block.bbox[axis]
    const list = active[1 - side]!
    for (let k = 0; k < list.length;) {
      const f = list[k]!
      if (f.block.bbox[axis + 2]! <= start) {
        list[k] = list[list.length - 1]!
        list.pop()
        continue
      }
      k++
      const [x, y] = side === 0 ? [e, f] : [f, e]
      if (x.block.bbox_units !== y.block.bbox_units) continue
      if (!(x.block.bbox[other] < y.block.bbox[other + 2]! && y.block.bbox[other] < x.block.bbox[other + 2]!)) continue
      const shared = intersection(x.block.bbox, y.block.bbox)
      if (shared) out.push({x, y, shared: area(shared)})
    }
    active[side]!.push(e)
  }
  return out
}

/** Pairs whose intervals overlap along `axis`: all pairs minus those wholly before or after, O(n log n). */
function axisOverlaps(a: Entry[], b: Entry[], axis: 0 | 1): number {
  const before = (x: Entry[], y: Entry[]) => {
    const ends = Float64Array.from(x, (e) => e.block.bbox[axis + 2]!).sort()
    let count = 0
    for (const e of y) {
      const start = e.block.bbox[axis]
      let lo = 0
      let hi = ends.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (ends[mid]! <= start) lo = mid + 1
        else hi = mid
      }
      count += lo
    }
    return count
  }
  return a.length * b.length - before(a, b) - before(b, a)
}
