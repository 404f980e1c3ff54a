import {fc, test} from '@fast-check/vitest'
import {distance} from 'fastest-levenshtein'
import {describe, expect, it} from 'vitest'
import {EXACT_LIMIT, itemDistance, textDistance} from '../../src/compare/edit-distance.js'

/** Levenshtein distance by the textbook dynamic programme: the oracle. */
function naive<T>(a: readonly T[], b: readonly T[]): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = row
  }
  return previous[b.length]!
}

const alphabet = fc.constantFrom('a', 'b', 'c', ' ', 'é', '🙂', '中', '\ud800')
const text = fc.array(alphabet, {maxLength: 70}).map((chars) => chars.join(''))
const wordList = fc.array(fc.constantFrom('the', 'a', 'revenue', '42', 'Q3', '🙂x', 'é'), {maxLength: 40})

describe('edit distances', () => {
  test.prop([text, text], {numRuns: 400})('textDistance counts code point edits, like the textbook algorithm', (a, b) => {
    const result = textDistance(a, b)
    expect(result).toEqual({distance: naive(Array.from(a), Array.from(b)), approximate: false})
  })

  test.prop([wordList, wordList], {numRuns: 400})('itemDistance counts item edits, like the textbook algorithm', (a, b) => {
    expect(itemDistance(a, b)).toEqual({distance: naive(a, b), approximate: false})
  })

  it('gives every distinct item its own symbol, even past 65,536 distinct words on the longer side', () => {
    const long = Array.from({length: 70_000}, (_, i) => `w${i}`)
    const short = ['w5', 'x', 'w69999']
    // Only w5 and w69999 can be kept; everything else is deleted or substituted.
    expect(itemDistance(short, long)).toEqual({distance: 70_000 - 2, approximate: false})
    expect(itemDistance(long, short)).toEqual({distance: 70_000 - 2, approximate: false})
  })

  it('stays exact for long texts with local edits (common prefix and suffix trimmed)', () => {
    const base = 'lorem ipsum dolor sit amet '.repeat(2000)
    const edited = base.slice(0, 30_000) + 'XY' + base.slice(30_003)
    expect(textDistance(base, edited)).toEqual({distance: 3, approximate: false})
  })

  it('bounds the distance from above, and says so, when both changed stretches are long', () => {
    const a = 'ab'.repeat(EXACT_LIMIT + 500)
    const b = 'ba'.repeat(EXACT_LIMIT + 500) + 'c'
    const result = textDistance(a, b)
    expect(result.approximate).toBe(true)
    // The true distance is 2 (drop the first a, append "ac"); the bound is ≥ it and ≤ the longer length.
    expect(result.distance).toBeGreaterThanOrEqual(2)
    expect(result.distance).toBeLessThanOrEqual(b.length)
  })

  it('is exact on the textbook examples', () => {
    expect(textDistance('kitten', 'sitting').distance).toBe(3)
    expect(textDistance('', 'abc').distance).toBe(3)
    expect(textDistance('🙂🙂', '🙂').distance).toBe(1)
    expect(itemDistance(['a', 'b', 'c'], ['a', 'c', 'd']).distance).toBe(2)
  })

  test.prop([fc.integer({min: EXACT_LIMIT + 1, max: EXACT_LIMIT + 2000}), fc.integer({min: 0, max: 2000}), fc.integer()], {numRuns: 8})(
    'the chunked bound is never below the exact distance, nor above the longer length',
    (length, extra, seed) => {
      let state = seed
      const next = () => ((state = (state * 1103515245 + 12345) | 0) >>> 16) % 3
      const a = Array.from({length}, () => 'abc'[next()]).join('')
      const b = Array.from({length: length + extra}, () => 'abc'[next()]).join('')
      const bound = textDistance(a, b)
      expect(bound.distance).toBeGreaterThanOrEqual(distance(a, b))
      expect(bound.distance).toBeLessThanOrEqual(b.length)
    }
  )
})
