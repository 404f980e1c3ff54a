import {describe, expect, it} from 'vitest'
import {PROSE_KINDS, literalProblems, specExamples} from '../helpers/render-checks.js'

// The CommonMark spec's 652 examples as document text, read back by micromark and commonmark.js:
// every example as a paragraph, and every fourth also in one other prose field, in turn (`npm run
// fuzz` checks every example in every field).
describe('CommonMark spec examples as document text', () => {
  it('read back literally as paragraph text, and in the other prose fields', () => {
    const failures = specExamples.flatMap(({markdown, number}, i) =>
      (i % 4 === 0 ? (['paragraph', PROSE_KINDS[(i / 4) % PROSE_KINDS.length]!] as const) : (['paragraph'] as const)).flatMap((kind) => {
        const problems = literalProblems(kind, markdown)
        return problems.length === 0 ? [] : [`${kind} #${number} ${JSON.stringify(markdown)}: ${problems.join('; ')}`]
      })
    )
    expect(failures).toEqual([])
  })
})
