import {distance} from 'fastest-levenshtein'

/** The longest remainder (after the common prefix and suffix) whose distance is computed exactly. */
export const EXACT_LIMIT = 4096

/** An edit distance and whether it is exact or an upper bound. */
export interface EditDistance {
  distance: number
  approximate: boolean
}

/**
 * Levenshtein distance between two texts, counted in code points (a surrogate pair is one
 * character), with fastest-levenshtein (Myers' bit-parallel algorithm). See {@link itemDistance}
 * for the cost and the bound.
 */
export function textDistance(a: string, b: string): EditDistance {
  const astral = /[\ud800-\udfff]/
  if (!astral.test(a) && !astral.test(b)) return boundedDistance(a, b, (x, y) => distance(x, y))
  return itemDistance(Array.from(a), Array.from(b))
}

/**
 * Levenshtein distance between two sequences of items (code points, words): each item is one
 * symbol, equal when the strings are equal.
 *
 * Cost: the common prefix and suffix are trimmed in linear time; the rest costs
 * O(⌈shorter / 32⌉ · longer). When both remainders exceed {@link EXACT_LIMIT} items they are cut
 * into the same number of chunks of at most that size, aligned in proportion, and the chunk
 * distances summed: an upper bound (the chunk alignments join into one alignment), exact when
 * the edits stay inside their chunks, at a cost linear in the length; `approximate` says so.
 */
export function itemDistance(a: readonly string[], b: readonly string[]): EditDistance {
  return boundedDistance(a, b, spelledDistance)
}

function boundedDistance<T extends string | readonly string[]>(x: T, y: T, exact: (x: T, y: T) => number): EditDistance {
  let start = 0
  const shortest = Math.min(x.length, y.length)
  while (start < shortest && x[start] === y[start]) start++
  let endX = x.length
  let endY = y.length
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) (endX--, endY--)
  const p = endX - start
  const q = endY - start
  if (p === 0 || q === 0) return {distance: p + q, approximate: false}
  if (Math.min(p, q) <= EXACT_LIMIT) return {distance: exact(x.slice(start, endX) as T, y.slice(start, endY) as T), approximate: false}
  const chunks = Math.ceil(Math.max(p, q) / EXACT_LIMIT)
  const cut = (length: number, k: number) => start + Math.floor((k * length) / chunks)
  let total = 0
  for (let k = 0; k < chunks; k++) total += exact(x.slice(cut(p, k), cut(p, k + 1)) as T, y.slice(cut(q, k), cut(q, k + 1)) as T)
  return {distance: total, approximate: true}
}

/**
 * Spells both sequences with one UTF-16 code unit per item and lets fastest-levenshtein count.
 * Only items of the shorter side need their own unit (at most EXACT_LIMIT of them): the edit
 * distance only ever compares an item of one side with an item of the other, so every item of
 * the longer side that the shorter lacks can share one unit.
 */
function spelledDistance(a: readonly string[], b: readonly string[]): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  const units = new Map<string, number>()
  for (const item of short) if (!units.has(item)) units.set(item, units.size)
  const other = units.size
  return distance(spell(short, units, other), spell(long, units, other))
}

function spell(items: readonly string[], units: Map<string, number>, other: number): string {
  let out = ''
  const codes: number[] = []
  for (const item of items) {
    codes.push(units.get(item) ?? other)
    if (codes.length === 4096) out += String.fromCharCode(...codes.splice(0))
  }
  return out + String.fromCharCode(...codes)
}
