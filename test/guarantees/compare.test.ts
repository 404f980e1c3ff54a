// README, "Comparing extractions" and `compareDocuments`/`formatComparison`, the promises the
// properties of test/compare/compare.test.ts leave to examples:
// - "Texts are compared after Unicode NFC, and with whitespace: 'collapse' (the default) with every
//   run of whitespace one space, trimmed"; content "strings normalised"; "the confidence moved by at
//   most confidenceTolerance"; "reading_order_index values that keep the same order are not
//   changes"; TEDS by default "after the whitespace rule"; "Pure; the documents are not changed".
// - "Pairs come by page, then in a's reading order, an added block after the removed blocks at its
//   place" (before the pair of the next matched block of b).
// - The report: "control characters, bidirectional overrides and line separators in it are escaped
//   (… and in ids and file names)"; "Documents that match give one line".
import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {type Block, type Document, compareDocuments, formatComparison, tableSimilarity} from '../../src/index.js'
import {compareInPage} from '../../src/layout/compare.js'
import {deepFreeze, shuffle} from '../helpers/arbitraries.js'
import {documentArb, documentPairArb} from '../compare/arbitraries.js'

/** Whitespace runs a re-extraction might write where the first wrote one space. */
const spaceArb = fc.constantFrom(' ', '  ', '\t', '\n', ' \u00a0', '\u2003', '\r\n ')
const edgeArb = fc.constantFrom('', ' ', '\n', '\t ')

/** The same text as another extractor may spell it: decomposed (NFD), other whitespace runs, padded. */
function respell(text: string, spaces: string[], edge: string): string {
  let i = 0
  return edge + text.normalize('NFD').replace(/ /g, () => spaces[i++ % spaces.length]!) + edge
}

/**
 * `doc` re-spelled: every text and table cell and alt respelled, reading_order_index mapped by an
 * increasing function (3 + 2k), each page's array shuffled, and each confidence of 0.5 or 1 moved
 * by exactly `tolerance`.
 */
function respelled(doc: Document, spaces: string[], edge: string, seed: number, tolerance: number): Document {
  const r = (text: string) => respell(text, spaces, edge)
  return {
    ...doc,
    pages: doc.pages.map((page, p) => ({
      ...page,
      blocks: shuffle(
        page.blocks.map((block): Block => {
          const b = block as Record<string, unknown>
          const out: Record<string, unknown> = {...b, reading_order_index: 3 + 2 * block.reading_order_index}
          if (typeof b.text === 'string') out.text = r(b.text)
          if (typeof b.alt === 'string') out.alt = r(b.alt)
          if (Array.isArray(b.headers)) out.headers = (b.headers as string[]).map(r)
          if (Array.isArray(b.rows)) out.rows = (b.rows as string[][]).map((row) => row.map(r))
          if (block.confidence === 0.5) out.confidence = 0.5 + tolerance
          else if (block.confidence === 1) out.confidence = 1 - tolerance
          return out as Block
        }),
        seed + p
      )
    }))
  }
}

describe('compareDocuments: what is not a change', () => {
  test.prop([documentArb, fc.array(spaceArb, {minLength: 1, maxLength: 4}), edgeArb, fc.integer(), fc.constantFrom(0, 0.25)], {
    numRuns: 100
  })(
    'another Unicode form, other whitespace, indexes in the same order, another array order, confidence within the tolerance: all same, the documents match',
    (doc, spaces, edge, seed, tolerance) => {
      const a = deepFreeze(doc)
      const b = deepFreeze(respelled(doc, spaces, edge, seed, tolerance))
      const options = tolerance === 0 ? {} : {confidenceTolerance: tolerance}
      for (const [x, y] of [
        [a, b],
        [b, a]
      ] as const) {
        const {pairs, summary} = compareDocuments(x, y, options)
        expect(pairs.filter((pair) => pair.status !== 'same')).toEqual([])
        expect(summary.cer ?? 0).toBe(0)
        expect(summary.wer ?? 0).toBe(0)
        expect(summary.tables.filter((t) => t.teds !== 1 || t.tedsStructure !== 1)).toEqual([])
        expect(summary.match).toBe(true)
      }
      // TEDS alone (compareDocuments scores tables of equal cells 1 without it): after the whitespace rule.
      const tables = (doc: Document) =>
        doc.pages.flatMap((page) => [...page.blocks].sort((x, y) => (x.id < y.id ? -1 : 1))).filter((block) => block.type === 'table')
      const [ta, tb] = [tables(a), tables(b)] as unknown as [Parameters<typeof tableSimilarity>[0][], Parameters<typeof tableSimilarity>[0][]]
      ta.forEach((t, i) => expect(tableSimilarity(t, tb[i]!)).toEqual({teds: 1, tedsStructure: 1, approximate: false}))
      // The same respelling is a change when asked to compare whitespace exactly (when it changed any).
      const spelledApart = JSON.stringify(respelled(doc, spaces, edge, seed, 0)) !== JSON.stringify(respelled(doc, [' '], '', seed, 0))
      if (spelledApart) expect(compareDocuments(a, b, {...options, whitespace: 'exact'}).summary.match).toBe(false)
    }
  )
})

describe('compareDocuments: the order of pairs', () => {
  const ranks = (doc: Document) =>
    new Map(doc.pages.flatMap((page) => [...page.blocks].sort(compareInPage).map((block, rank) => [block.id, rank] as const)))

  test.prop([documentPairArb], {numRuns: 150})(
    "by page, then by a's reading order; an added block just before the pair of the next matched block of b, or last",
    ([a, b]) => {
      const rankA = ranks(a)
      const rankB = ranks(b)
      const {pairs} = compareDocuments(a, b)
      for (let i = 1; i < pairs.length; i++) expect(pairs[i]!.page).toBeGreaterThanOrEqual(pairs[i - 1]!.page)
      for (const page of new Set(pairs.map((p) => p.page))) {
        const onPage = pairs.filter((p) => p.page === page)
        const firstA = onPage.filter((p) => p.a.length > 0).map((p) => rankA.get(p.a[0]!)!)
        expect(firstA).toEqual([...firstA].sort((x, y) => x - y))
        for (const p of onPage) {
          expect(p.a.map((id) => rankA.get(id)!)).toEqual(p.a.map((id) => rankA.get(id)!).sort((x, y) => x - y))
          expect(p.b.map((id) => rankB.get(id)!)).toEqual(p.b.map((id) => rankB.get(id)!).sort((x, y) => x - y))
        }
        const matched = onPage.filter((p) => p.a.length > 0 && p.b.length > 0)
        const added = onPage.filter((p) => p.a.length === 0)
        const anchors = new Map<unknown, number[]>()
        for (const p of added) {
          const rank = rankB.get(p.b[0]!)!
          // The matched pair holding the next block of b after this one.
          let next: (typeof matched)[number] | undefined
          let nextRank = Infinity
          for (const m of matched)
            for (const id of m.b) {
              const r = rankB.get(id)!
              if (r > rank && r < nextRank) (nextRank = r), (next = m)
            }
          const at = onPage.indexOf(p)
          anchors.set(next, [...(anchors.get(next) ?? []), rank])
          if (next === undefined) expect(onPage.slice(at + 1).every((q) => q.a.length === 0)).toBe(true)
          else {
            expect(at).toBeLessThan(onPage.indexOf(next))
            // After every pair whose first block of a comes before the next pair's.
            const before = rankA.get(next.a[0]!)!
            for (const q of onPage) if (q.a.length > 0 && rankA.get(q.a[0]!)! < before) expect(onPage.indexOf(q)).toBeLessThan(at)
          }
        }
        // Added blocks at one place come in b's order.
        for (const list of anchors.values()) expect(list).toEqual([...list].sort((x, y) => x - y))
      }
    }
  )
})

/** Text that would drive a terminal or reorder a line if printed raw. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom('\u001b[31m', '\u0007', '\r', '\n', '\t', '\u0085', '\u009b', '\u202e', '\u2066', '\u200f', '\u061c', '\u2028', '\u2029', '\u0000', '"', '\\'),
      fc.constantFrom('revenue', 'Q3', ' ', 'é', '🙂'),
      fc.string({unit: 'binary', maxLength: 3})
    ),
    {maxLength: 8}
  )
  .map((parts) => parts.join(''))
// What the report may not hold raw: C0 (but its own line ends) and C1 controls, bidirectional marks,
// embeddings, overrides and isolates, line and paragraph separators.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('formatComparison', () => {
  test.prop(
    [documentPairArb, fc.array(fc.tuple(hostile, hostile), {maxLength: 6}), fc.tuple(hostile, hostile), fc.boolean()],
    {numRuns: 120}
  )('escapes what a document or a file name could use to drive the terminal: in texts, ids, types and labels', ([a0, b0], edits, labels, verbose) => {
    // Hostile text and ids on some blocks of both sides (the same ids on both, so they pair or not).
    let k = 0
    const spoil = (doc: Document): Document => ({
      ...doc,
      pages: doc.pages.map((page) => ({
        ...page,
        blocks: page.blocks.map((block, i) => {
          const edit = edits[(k++ + i) % Math.max(1, edits.length)]
          if (edit === undefined) return block
          const [text, id] = edit
          const b = block as Record<string, unknown>
          return {
            ...block,
            id: `${block.id}${id}`,
            ...(typeof b.text === 'string' ? {text: text + b.text} : {}),
            ...(typeof b.alt === 'string' ? {alt: text} : {}),
            ...(block.type === 'heading' && i % 2 === 0 ? {type: `x${id}`} : {})
          } as Block
        })
      }))
    })
    k = 0
    const a = spoil(a0)
    k = 0
    const b = spoil(b0)
    const report = formatComparison(compareDocuments(a, b), a, b, {labels: labels, verbose})
    expect(report).not.toMatch(RAW)
    // Every line of the report is one of its own lines: none begins inside document text.
    for (const line of report.split('\n').slice(0, -1))
      expect(line).toMatch(/^(--- |\+\+\+ |$|page \d+|  |summary: |the documents )/)
  })

  test.prop([documentArb, fc.tuple(hostile, hostile)], {numRuns: 60})('documents that match give one line', (doc, labels) => {
    const report = formatComparison(compareDocuments(doc, doc), doc, doc, {labels})
    const blocks = doc.pages.reduce((n, page) => n + page.blocks.length, 0)
    expect(report).toBe(
      `the documents match (${doc.pages.length} ${doc.pages.length === 1 ? 'page' : 'pages'}, ${blocks} ${blocks === 1 ? 'block' : 'blocks'})\n`
    )
  })
})
