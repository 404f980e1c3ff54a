import {describe, expect, it} from 'vitest'
import {LATEX_CACHE_SIZE, latexCacheStats, latexProblem} from '../../src/render/handlers/formula.js'
import {inKatexSubset} from '../../src/render/latex-subset.js'

// Formulas outside the subset that the recogniser accepts on its own (\phantom is not in it):
// only those reach KaTeX and the cache (test/render/latex-subset.test.ts covers the others).

describe('the KaTeX verdict cache', () => {
  it('gives the verdict KaTeX gives, first time or cached', () => {
    const cases = ['\\phantom{x}^2', '\\frac{a}{\\phantom{b}}', '\\href{javascript:alert(1)}{x}', '\\frac{', `x${'^2'.repeat(3)}`]
    expect(cases.filter(inKatexSubset)).toEqual([])
    const first = cases.map(latexProblem)
    expect(first[0]).toBeUndefined()
    expect(first[2]).toMatch(/not allowed/)
    expect(first[3]).toBeDefined()
    const before = latexCacheStats()
    expect(cases.map(latexProblem)).toEqual(first)
    expect(latexCacheStats().hits - before.hits).toBe(cases.length)
  })

  it('holds at most LATEX_CACHE_SIZE verdicts, dropping the least recently used', () => {
    latexProblem('\\phantom{kept}')
    for (let i = 0; i < LATEX_CACHE_SIZE + 100; i++) {
      latexProblem(`\\phantom{${i}}`)
      if (i % 1000 === 0) latexProblem('\\phantom{kept}') // used again: stays
    }
    expect(latexCacheStats().size).toBe(LATEX_CACHE_SIZE)
    const before = latexCacheStats()
    latexProblem('\\phantom{kept}')
    latexProblem('\\phantom{0}') // the oldest: dropped
    expect(latexCacheStats().hits - before.hits).toBe(1)
    expect(latexCacheStats().misses - before.misses).toBe(1)
  })
})
