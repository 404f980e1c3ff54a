import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {type Document, type FilterCriteria, OptionsError, blockStats, filterBlocks, parseDocument, presets} from '../../src/index.js'
import {documentArb} from '../helpers/arbitraries.js'
import {EXAMPLE, readJsonFile} from '../helpers/paths.js'

const example = () => parseDocument(readJsonFile(EXAMPLE))
const ids = (doc: Document) => doc.pages.map((page) => page.blocks.map((block) => block.id))

const criteriaArb: fc.Arbitrary<FilterCriteria> = fc.record(
  {
    textSource: fc.subarray(['verified', 'inferred', 'derived'] as const),
    minConfidence: fc.double({min: 0, max: 1, noNaN: true}),
    types: fc.subarray(['heading', 'paragraph', 'table', 'image', 'list', 'code'] as const),
    excludeTypes: fc.subarray(['caption', 'formula'] as const),
    roles: fc.subarray(['title', 'section', 'body', null]),
    pages: fc.oneof(
      fc.subarray([1, 2, 3]),
      fc.record({from: fc.integer({min: 1, max: 2}), to: fc.integer({min: 2, max: 3})}, {requiredKeys: []})
    ),
    verified: fc.boolean()
  },
  {requiredKeys: []}
)

describe('filterBlocks', () => {
  it('keeps source, extraction and every page; pages may end up empty', () => {
    const doc = example()
    const result = filterBlocks(doc, {types: ['formula']})
    expect(result.source).toBe(doc.source)
    expect(result.extraction).toBe(doc.extraction)
    expect(ids(result)).toEqual([[], ['blk_207'], []])
  })

  it('ANDs across fields and ORs within a list', () => {
    const doc = example()
    expect(ids(filterBlocks(doc, {types: ['heading', 'caption'], roles: ['section', null], pages: {from: 2}}))).toEqual([
      [],
      ['blk_201', 'blk_203'],
      ['blk_301', 'blk_303', 'blk_307']
    ])
    expect(ids(filterBlocks(doc, {textSource: 'inferred', minConfidence: 0.6}))).toEqual([[], ['blk_204'], ['blk_306']])
    expect(ids(filterBlocks(doc, {verified: false, excludeTypes: ['paragraph'], pages: [3], where: (b) => b.confidence < 0.9}))).toEqual([
      [],
      [],
      ['blk_302']
    ])
  })

  it('has presets with an exact meaning', () => {
    expect(presets.trusted).toEqual({textSource: ['verified', 'derived'], minConfidence: 0.9})
    const trusted = filterBlocks(example(), 'trusted')
    expect(blockStats(trusted).byTextSource).toEqual({verified: 24, inferred: 0, derived: 5})
    expect(Object.keys(blockStats(filterBlocks(example(), 'textOnly')).byType)).toEqual([
      'callout',
      'caption',
      'code',
      'footnote',
      'heading',
      'list',
      'page_footer',
      'page_header',
      'paragraph'
    ])
  })

  it.each([
    [{minConfidence: 1.5}, 'minConfidence: expected a number in [0, 1], got 1.5'],
    [{minConfidence: Number.NaN}, 'minConfidence: expected a number in [0, 1], got NaN'],
    [{textSource: ['guessed']}, 'textSource: expected "verified", "inferred" or "derived", got "guessed"'],
    [{types: ['widget']}, 'types: expected known block types, got "widget"'],
    [{excludeTypes: ['Heading']}, 'excludeTypes: expected known block types, got "Heading"'],
    [{pages: {from: 3, to: 2}}, 'pages: expected from ≤ to, got from 3 > to 2'],
    [{pages: [0]}, 'pages: expected page numbers ≥ 1, got 0'],
    [{verified: 'yes'}, 'verified: expected a boolean, got yes'],
    ['everything', 'preset: expected one of trusted, textOnly, verifiedOnly, got "everything"']
  ])('rejects invalid criteria %j', (criteria, message) => {
    expect(() => filterBlocks(example(), criteria as FilterCriteria)).toThrow(new OptionsError(message))
  })

  test.prop([documentArb, criteriaArb], {numRuns: 200})(
    'never invents or alters a block, and leaves the input untouched',
    (doc, criteria) => {
      const before = JSON.stringify(doc)
      const result = filterBlocks(doc, criteria)
      expect(JSON.stringify(doc)).toBe(before)
      expect(result.pages.map((p) => p.page)).toEqual(doc.pages.map((p) => p.page))
      result.pages.forEach((page, i) => {
        const original = doc.pages[i]!.blocks
        let from = 0
        for (const block of page.blocks) {
          from = original.indexOf(block, from) + 1
          expect(from).toBeGreaterThan(0)
        }
      })
    }
  )

  test.prop([documentArb, criteriaArb], {numRuns: 200})('is idempotent', (doc, criteria) => {
    const once = filterBlocks(doc, criteria)
    expect(filterBlocks(once, criteria)).toEqual(once)
  })

  test.prop([documentArb, criteriaArb, criteriaArb], {numRuns: 200})(
    'commutes, and filtering by all criteria equals filtering one after another',
    (doc, a, b) => {
      const ab = filterBlocks(filterBlocks(doc, a), b)
      expect(filterBlocks(filterBlocks(doc, b), a)).toEqual(ab)
      // Each field of the combined criteria must hold, so combine by running them as one predicate.
      const both: FilterCriteria = {
        where: (block, page) => [a, b].every((c) => ids(filterBlocks({...doc, pages: [{...page, blocks: [block]}]}, c))[0]!.length === 1)
      }
      expect(filterBlocks(doc, both)).toEqual(ab)
      const disjoint = Object.fromEntries(Object.entries(b).filter(([key]) => !(key in a)))
      expect(filterBlocks(doc, {...a, ...disjoint})).toEqual(filterBlocks(filterBlocks(doc, a), disjoint))
    }
  )
})

describe('blockStats', () => {
  it('counts the example', () => {
    const stats = blockStats(example())
    expect(stats).toMatchObject({pages: 3, blocks: 33, byTextSource: {verified: 24, inferred: 3, derived: 6}, minConfidence: 0.42})
    expect(stats.byType).toMatchObject({heading: 7, paragraph: 7, page_header: 3, table: 1})
    expect(stats.confidenceHistogram).toEqual([0, 0, 0, 0, 1, 0, 1, 0, 2, 29])
    expect(stats.inferredShare.blocks).toBeCloseTo(3 / 27)
  })
  it('gives nulls for an empty document', () => {
    const empty = {...example(), pages: []}
    expect(blockStats(empty)).toMatchObject({
      blocks: 0,
      minConfidence: null,
      meanConfidence: null,
      inferredShare: {blocks: null, characters: null}
    })
  })
})
