import {readFileSync} from 'node:fs'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {
  type BlockPair,
  type Comparison,
  compareDocuments,
  type Document,
  parseDocument,
  ValidationError,
  OptionsError
} from '../../src/index.js'
import {OVERLAP_LIMIT} from '../../src/compare/match.js'
import {readdirSync} from 'node:fs'
import {CORPUS, corpusPath, repoPath} from '../helpers/paths.js'
import {block, documentArb, documentOf, documentPairArb} from './arbitraries.js'

const v1 = parseDocument(readFileSync(repoPath('examples/quarterly-report.json')))
const v2 = parseDocument(readFileSync(repoPath('examples/quarterly-report.v2.json')))

const ids = (doc: Document) => doc.pages.flatMap((page) => page.blocks.map((b) => b.id)).sort()
const sorted = (list: string[]) => [...list].sort()
const pairKey = (p: BlockPair) => JSON.stringify([p.page, p.a, p.b])
const swapped = {same: 'same', changed: 'changed', added: 'removed', removed: 'added', split: 'merged', merged: 'split'} as const

function mirror(c: Comparison): Comparison {
  const pairs = c.pairs.map((p) => ({
    ...p,
    a: p.b,
    b: p.a,
    status: swapped[p.status],
    confidenceDelta: p.confidenceDelta === null ? null : 0 - p.confidenceDelta
  }))
  const counts = (k: Record<keyof typeof swapped, number>) => ({...k, added: k.removed, removed: k.added, split: k.merged, merged: k.split})
  return {
    ...c,
    pairs,
    summary: {
      ...c.summary,
      counts: counts(c.summary.counts),
      pages: c.summary.pages.map((page) => ({...page, counts: counts(page.counts)})),
      tables: c.summary.tables.map((t) => ({...t, a: t.b, b: t.a}))
    }
  }
}

/** The comparison with pairs in a canonical order and TEDS rounded (its float sums may run in another order). */
function canonical(c: Comparison) {
  const round = (n: number) => Math.round(n * 1e9) / 1e9
  return {
    ...c,
    pairs: [...c.pairs].sort((x, y) => (pairKey(x) < pairKey(y) ? -1 : 1)),
    summary: {
      ...c.summary,
      tables: c.summary.tables
        .map((t) => ({...t, teds: round(t.teds), tedsStructure: round(t.tedsStructure)}))
        .sort((x, y) => (JSON.stringify([x.page, x.a, x.b]) < JSON.stringify([y.page, y.a, y.b]) ? -1 : 1))
    }
  }
}

function expectInRanges(c: Comparison) {
  const within = (value: number | null, low: number, high: number) => {
    if (value !== null) {
      expect(value).toBeGreaterThanOrEqual(low)
      expect(value).toBeLessThanOrEqual(high)
    }
  }
  for (const p of c.pairs) {
    for (const v of [p.cer, p.wer, p.iou]) within(v, 0, 1)
    within(p.confidenceDelta, -1, 1)
    expect(p.changes.length === 0).toBe(
      p.status === 'same' ||
        p.status === 'added' ||
        p.status === 'removed' ||
        ((p.status === 'split' || p.status === 'merged') && p.changes.length === 0)
    )
  }
  const s = c.summary
  for (const v of [s.cer, s.wer, s.blockF1, s.typeAgreement]) within(v, 0, 1)
  within(s.kendallTau, -1, 1)
  for (const page of s.pages) within(page.kendallTau, -1, 1)
  for (const t of s.tables) (within(t.teds, 0, 1), within(t.tedsStructure, 0, 1))
}

describe('compareDocuments: properties', () => {
  test.prop([documentArb], {numRuns: 80})('a document against itself is all same, CER 0, τ 1, TEDS 1', (doc) => {
    const {pairs, summary} = compareDocuments(doc, doc)
    expect(pairs.every((p) => p.status === 'same' && p.a.length === 1 && p.a[0] === p.b[0])).toBe(true)
    expect(summary.cer ?? 0).toBe(0)
    expect(summary.wer ?? 0).toBe(0)
    expect(summary.kendallTau ?? 1).toBe(1)
    expect(summary.tables.every((t) => t.teds === 1 && t.tedsStructure === 1)).toBe(true)
    expect(summary.blockF1).toBe(1)
    expect(summary.match).toBe(true)
  })

  test.prop([documentPairArb], {numRuns: 100})('every block id is on exactly one side of exactly one pair', ([a, b]) => {
    const {pairs} = compareDocuments(a, b)
    expect(sorted(pairs.flatMap((p) => p.a))).toEqual(ids(a))
    expect(sorted(pairs.flatMap((p) => p.b))).toEqual(ids(b))
  })

  test.prop([documentPairArb], {numRuns: 100})('comparing b to a mirrors comparing a to b', ([a, b]) => {
    expect(canonical(compareDocuments(b, a))).toEqual(canonical(mirror(compareDocuments(a, b))))
  })

  test.prop([documentPairArb], {numRuns: 60})('every score lies within its range', ([a, b]) => {
    expectInRanges(compareDocuments(a, b))
    expectInRanges(compareDocuments(a, b, {threshold: 0.1, whitespace: 'exact'}))
  })

  test.prop(
    [
      fc.array(fc.array(fc.constantFrom('revenue', 'Q3', 'x'), {maxLength: 4}), {minLength: 2, maxLength: 12}),
      fc.integer({min: 1, max: 3})
    ],
    {numRuns: 100}
  )("reversing every page's reading order gives τ = −1", (texts, pages) => {
    // Rows that do not overlap, so every block finds its own twin by its box.
    const page = (p: number) => texts.map((words, i) => block(`p${p}-${i}`, p, 'paragraph', [0.1, i / 12, 0.9, (i + 0.9) / 12], words))
    const a = documentOf(Array.from({length: pages}, (_, p) => page(p + 1)))
    const b = documentOf(Array.from({length: pages}, (_, p) => page(p + 1).reverse()))
    const {pairs, summary} = compareDocuments(a, b)
    expect(pairs.every((p) => p.status === 'same')).toBe(true)
    expect(summary.kendallTau).toBe(-1)
    expect(summary.pages.every((p) => p.kendallTau === -1)).toBe(true)
    expect(summary.match).toBe(false)
  })
})

describe('compareDocuments: the two versions of the example', () => {
  const comparison = compareDocuments(v1, v2)
  const changed = comparison.pairs.filter((p) => p.status !== 'same')

  it('finds the split, the text fixes, the table cell, the removed and the added block', () => {
    expect(changed.map((p) => [p.page, p.status, p.a, p.b, p.changes])).toEqual([
      [1, 'split', ['blk_103'], ['blk_103', 'blk_103b'], []],
      [1, 'changed', ['blk_107'], ['blk_107'], ['text', 'content']],
      [2, 'changed', ['blk_204'], ['blk_204'], ['text']],
      [2, 'changed', ['blk_210'], ['blk_210'], ['text', 'confidence']],
      [3, 'removed', ['blk_306'], [], []],
      [3, 'added', [], ['blk_310'], []]
    ])
    expect(comparison.summary.counts).toEqual({same: 28, changed: 3, added: 1, removed: 1, split: 1, merged: 0})
  })

  it('scores them', () => {
    const [, table, fix, stamp] = changed
    expect(fix).toMatchObject({cer: 2 / 136, wer: 2 / 21, iou: 1, typeChanged: false, textSourceChanged: false})
    // "[illegible stamp] " (18 characters) deleted from 52; 2 of 9 words.
    expect(stamp).toMatchObject({cer: 18 / 52, wer: 2 / 9})
    expect(stamp!.confidenceDelta).toBeCloseTo(0.32, 12)
    expect(table!.cer).toBeCloseTo(3 / 147, 12)
    // 26 nodes (table, 5 rows, 20 cells); "Headcount | FTE" → "Headcount (FTE)" costs 3/15.
    expect(comparison.summary.tables).toEqual([
      {page: 1, a: 'blk_107', b: 'blk_107', teds: 1 - 0.2 / 26, tedsStructure: 1, approximate: false}
    ])
    expect(comparison.summary).toMatchObject({kendallTau: 1, typeAgreement: 1, match: false})
    // Precision: 33 of b's 34 blocks matched (all but blk_310); recall: 32 of a's 33 (all but blk_306).
    expect(comparison.summary.blockF1).toBeCloseTo((2 * (33 / 34) * (32 / 33)) / (33 / 34 + 32 / 33), 12)
  })
})

describe('compareDocuments: matching', () => {
  const para = (id: string, bbox: [number, number, number, number], text: string, extra = {}) =>
    block(id, 1, 'paragraph', bbox, text.split(' '), extra)

  it('merges what was split, the mirror of a split', () => {
    const a = documentOf([[para('x', [0.1, 0.1, 0.9, 0.2], 'one two'), para('y', [0.1, 0.2, 0.9, 0.3], 'three four')]])
    const b = documentOf([[para('z', [0.1, 0.1, 0.9, 0.3], 'one two three four')]])
    expect(compareDocuments(a, b).pairs).toEqual([
      expect.objectContaining({a: ['x', 'y'], b: ['z'], status: 'merged', iou: 1, cer: 0, changes: []})
    ])
  })

  it('pairs a moved block by its text, and says it moved', () => {
    const a = documentOf([[para('x', [0.1, 0.1, 0.9, 0.2], 'revenue grew in Q3')]])
    const b = documentOf([[para('x', [0.1, 0.7, 0.9, 0.8], 'revenue grew in Q4')]])
    expect(compareDocuments(a, b).pairs).toEqual([
      expect.objectContaining({a: ['x'], b: ['x'], status: 'changed', iou: 0, changes: ['text', 'position']})
    ])
    // Below the threshold of text similarity, it is removed and added instead.
    expect(compareDocuments(a, b, {threshold: 0.99}).pairs.map((p) => p.status)).toEqual(['removed', 'added'])
  })

  it('tells a retyped block, a new text source and a confidence change apart', () => {
    const a = documentOf([[para('x', [0.1, 0.1, 0.9, 0.2], 'Outlook', {confidence: 0.9})]])
    const b = documentOf([[{...block('x', 1, 'heading', [0.1, 0.1, 0.9, 0.2], ['Outlook']), text_source: 'inferred', confidence: 0.85}]])
    const [pair] = compareDocuments(a, b).pairs
    expect(pair).toMatchObject({status: 'changed', changes: ['type', 'text_source'], typeChanged: true, textSourceChanged: true})
    expect(pair!.confidenceDelta).toBeCloseTo(-0.05, 12)
    expect(compareDocuments(a, b, {confidenceTolerance: 0}).pairs[0]!.changes).toEqual(['type', 'text_source', 'confidence'])
  })

  it('ignores whitespace and Unicode normal form by default, not with whitespace: exact', () => {
    const a = documentOf([[para('x', [0.1, 0.1, 0.9, 0.2], 'café au lait')]])
    const b = documentOf([[{...para('x', [0.1, 0.1, 0.9, 0.2], ''), text: 'cafe\u0301  au\nlait'} as never]])
    expect(compareDocuments(a, b).pairs[0]).toMatchObject({status: 'same', cer: 0})
    expect(compareDocuments(a, b, {whitespace: 'exact'}).pairs[0]).toMatchObject({status: 'changed', cer: 2 / 13})
  })

  it('pairs equal texts in order when boxes are stacked too high to compare, and says so', () => {
    const n = 2 * OVERLAP_LIMIT + 10
    const stack = (prefix: string) => Array.from({length: n}, (_, i) => para(`${prefix}${i}`, [0.1, 0.1, 0.9, 0.9], `line ${i}`))
    const {pairs, summary} = compareDocuments(documentOf([stack('a')]), documentOf([stack('b')]))
    expect(summary.pages[0]!.geometry).toBe(false)
    expect(pairs.every((p, i) => p.status === 'same' && p.a[0] === `a${i}` && p.b[0] === `b${i}`)).toBe(true)
  })

  it('compares pages present on one side only as added or removed', () => {
    const a = documentOf([[para('x', [0.1, 0.1, 0.9, 0.2], 'one')], [para('y', [0.1, 0.1, 0.9, 0.2], 'two')]])
    const b = documentOf([[para('x', [0.1, 0.1, 0.9, 0.2], 'one')]])
    expect(compareDocuments(a, b).pairs.map((p) => [p.page, p.status])).toEqual([
      [1, 'same'],
      [2, 'removed']
    ])
    expect(compareDocuments(documentOf([]), documentOf([])).summary).toMatchObject({blockF1: 1, cer: null, kendallTau: null, match: true})
  })
})

describe('compareDocuments: real and conformance documents against themselves', () => {
  const dir = 'test/fixtures/conformance/valid'
  const files = [
    ...CORPUS.map(corpusPath),
    ...readdirSync(repoPath(dir))
      .filter((name) => name.startsWith('document-') && !name.includes('duplicate-block-id'))
      .map((name) => repoPath(`${dir}/${name}`))
  ]
  it.each(files)('%s is all same', (file) => {
    const doc = parseDocument(readFileSync(file))
    const {pairs, summary} = compareDocuments(doc, doc)
    expect(pairs.filter((p) => p.status !== 'same')).toEqual([])
    expect(summary.match).toBe(true)
  })
})

describe('compareDocuments: bad input', () => {
  it('refuses bad options', () => {
    expect(() => compareDocuments(v1, v2, {threshold: 0})).toThrow(new OptionsError('threshold: expected a number in (0, 1], got 0'))
    expect(() => compareDocuments(v1, v2, {confidenceTolerance: 2})).toThrow(OptionsError)
    expect(() => compareDocuments(v1, v2, {whitespace: 'none' as never})).toThrow('whitespace: expected "collapse" or "exact", got "none"')
  })

  it('refuses a repeated block id, with its path', () => {
    const x = block('x', 1, 'paragraph', [0.1, 0.1, 0.9, 0.2], ['a'])
    const error = (() => {
      try {
        compareDocuments(v1, documentOf([[x, {...x}]]))
      } catch (e) {
        return e as ValidationError
      }
    })()
    expect(error).toBeInstanceOf(ValidationError)
    expect(error!.issues.map((i) => [i.code, i.pointer])).toEqual([['duplicate_block_id', '/b/pages/0/blocks/1/id']])
  })
})
