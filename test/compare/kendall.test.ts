import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {countInversions, kendallTau} from '../../src/compare/kendall.js'

const permutation = fc.array(fc.double({noNaN: true}), {maxLength: 60}).map((values) => {
  const unique = [...new Set(values)]
  return unique.map((_, i) => i).sort((x, y) => unique[x]! - unique[y]!)
})

describe('Kendall τ', () => {
  test.prop([permutation], {numRuns: 300})('counts the inversions that a pairwise count finds', (ranks) => {
    let slow = 0
    for (let i = 0; i < ranks.length; i++) for (let j = i + 1; j < ranks.length; j++) if (ranks[i]! > ranks[j]!) slow++
    expect(countInversions(ranks)).toBe(slow)
    const tau = kendallTau(ranks)
    if (ranks.length < 2) expect(tau).toBeNull()
    else expect(tau).toBeCloseTo(1 - (4 * slow) / (ranks.length * (ranks.length - 1)), 12)
  })

  it('is 1 for the same order, −1 for the reverse, 0 halfway', () => {
    expect(kendallTau([0, 1, 2, 3, 4])).toBe(1)
    expect(kendallTau([4, 3, 2, 1, 0])).toBe(-1)
    expect(kendallTau([1, 0, 2, 3])).toBeCloseTo(1 - 2 / 6, 12)
    expect(kendallTau([0, 3, 2, 1])).toBe(0)
    expect(kendallTau([7])).toBeNull()
  })

  it('is linearithmic: a reversed order of 200,000 has n(n−1)/2 inversions', () => {
    const n = 200_000
    expect(countInversions(Array.from({length: n}, (_, i) => n - i))).toBe((n * (n - 1)) / 2)
  })
})
