import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {
  type BBox,
  type Block,
  type Document,
  type Page,
  OptionsError,
  analyzeReadingOrder,
  checkDocument,
  detectDirection,
  inferReadingOrder,
  parseDocument,
  safeParseDocument,
  sortByReadingOrder
} from '../../src/index.js'
import {readingRegions} from '../../src/layout/reading-order.js'
import {xyCut} from '../../src/layout/xy-cut.js'
import {
  deepLayout,
  documentOf,
  intricateLayout,
  nestedLayout,
  staircaseLayout,
  twoColumnRowsLayout
} from '../../bench/cost-shapes/layout.js'
import {shuffle} from '../helpers/arbitraries.js'
import {makeBlock} from '../helpers/blocks.js'
import {CORPUS, EXAMPLE, corpusPath, readJsonFile} from '../helpers/paths.js'
import {referenceRegions} from './reference-xy-cut.js'
import {readFileSync} from 'node:fs'

type BoxType = 'paragraph' | 'page_header' | 'page_footer' | 'heading' | 'caption' | 'image' | 'table'
/** A capital first letter: a whole sentence (a lower-case one goes on from the text before, see layout-rules.test.ts). */
const box = (id: string, bbox: BBox, type: BoxType = 'paragraph', text = id.charAt(0).toUpperCase() + id.slice(1)): Block =>
  type === 'image'
    ? makeBlock('image', {id, bbox, reading_order_index: 0, url: 'https://example.com/i.png'})
    : type === 'table'
      ? makeBlock('table', {id, bbox, reading_order_index: 0, headers: [], rows: [[text]]})
      : makeBlock(type, {id, bbox, text, reading_order_index: 0})
const ids = (blocks: Block[]) => blocks.map((b) => b.id)
/** The page seen in a mirror: x becomes 1 − x. */
const mirror = (page: Page): Page => ({
  ...page,
  blocks: page.blocks.map((b) => ({...b, bbox: [1 - b.bbox[2], b.bbox[1], 1 - b.bbox[0], b.bbox[3]]}))
})
/** The same page with right-to-left text (Hebrew) in every block. */
const hebrew = (page: Page): Page => ({...page, blocks: page.blocks.map((b) => ('text' in b ? {...b, text: `שלום עולם ${b.id}`} : b))})
const isPermutation = (out: Block[], page: Page) =>
  out.length === page.blocks.length && new Set(out).size === out.length && out.every((b) => page.blocks.includes(b))

/**
 * A page of `columns` columns, with a spanning title, optionally a spanning figure halfway, header
 * and footer; optionally a table with its caption above or below in the first column.
 */
const layoutArb = fc
  .record({
    columns: fc.integer({min: 1, max: 3}),
    above: fc.array(fc.integer({min: 1, max: 4}), {minLength: 3, maxLength: 3}),
    below: fc.array(fc.integer({min: 0, max: 3}), {minLength: 3, maxLength: 3}),
    figure: fc.boolean(),
    captioned: fc.constantFrom('none', 'above', 'below'),
    seed: fc.integer()
  })
  .map(({columns, above, below, figure, captioned, seed}) => {
    const expected: Block[] = []
    const width = 0.9 / columns
    const stack = (counts: number[], top: number, bottom: number, tag: string) => {
      for (let c = 0; c < columns; c++) {
        const n = counts[c]!
        const height = (bottom - top) / Math.max(n, 1)
        for (let i = 0; i < n; i++) {
          const [x0, y0, x1, y1] = [0.05 + c * width, top + i * height, 0.05 + (c + 1) * width - 0.02, top + (i + 1) * height - 0.01]
          if (c > 0 || i > 0 || captioned === 'none' || tag !== 'A') expected.push(box(`${tag}${c}.${i}`, [x0, y0, x1, y1]))
          else {
            // The first slot holds a table and its caption (a fifth of the slot, above or below).
            const cut = captioned === 'above' ? y0 + (y1 - y0) / 5 : y1 - (y1 - y0) / 5
            const caption = box('caption', captioned === 'above' ? [x0, y0, x1 - 0.03, cut] : [x0, cut + 0.005, x1 - 0.03, y1], 'caption')
            const table = box('table', captioned === 'above' ? [x0, cut + 0.005, x1, y1] : [x0, y0, x1, cut], 'table')
            expected.push(...(captioned === 'above' ? [caption, table] : [table, caption]))
          }
        }
      }
    }
    const header = box('header', [0.05, 0.01, 0.95, 0.03], 'page_header')
    expected.push(box('title', [0.05, 0.05, 0.95, 0.1], 'heading'))
    stack(above, 0.12, figure ? 0.5 : 0.9, 'A')
    if (figure) {
      expected.push(box('figure', [0.05, 0.52, 0.95, 0.6]))
      stack(below, 0.62, 0.9, 'B')
    }
    const footer = box('footer', [0.4, 0.95, 0.6, 0.98], 'page_footer')
    const all = [header, ...expected, footer]
    return {
      expected: all.map((b) => b.id),
      page: {page: 1, blocks: shuffle(all, seed).map((b, i) => ({...b, reading_order_index: (i * 7) % all.length}))}
    }
  })

describe('inferReadingOrder (XY-cut)', () => {
  test.prop([layoutArb], {numRuns: 300})(
    'reads generated 1-, 2- and 3-column pages column by column, around spanning blocks',
    ({expected, page}) => {
      expect(inferReadingOrder(page).map((b) => b.id)).toEqual(expected)
    }
  )

  test.prop([layoutArb], {numRuns: 300})(
    'reads the same pages in a mirror, with right-to-left text, in the same order (columns right to left)',
    ({expected, page}) => {
      expect(detectDirection(hebrew(mirror(page)))).toBe('rtl')
      expect(inferReadingOrder(hebrew(mirror(page))).map((b) => b.id)).toEqual(expected)
    }
  )

  it('reads a real-looking two-column page with a full-width figure', () => {
    const page = {
      page: 1,
      blocks: [
        box('foot', [0.45, 0.96, 0.55, 0.98], 'page_footer'),
        box('r2', [0.52, 0.72, 0.92, 0.9]),
        box('l2', [0.08, 0.72, 0.48, 0.88]),
        box('fig', [0.08, 0.42, 0.92, 0.68]),
        box('r1b', [0.52, 0.26, 0.92, 0.4]),
        box('r1a', [0.52, 0.12, 0.92, 0.25]),
        box('l1', [0.08, 0.12, 0.48, 0.39]),
        box('title', [0.2, 0.04, 0.8, 0.09], 'heading')
      ]
    }
    expect(inferReadingOrder(page).map((b) => b.id)).toEqual(['title', 'l1', 'r1a', 'r1b', 'fig', 'l2', 'r2', 'foot'])
  })

  it('agrees with the real documents’ reading order on every page, captions aside', () => {
    // docling reads a figure before the caption above it; geometry reads top to bottom.
    const withoutCaptions = (doc: Document) => doc.pages.map((p) => p.blocks.filter((b) => b.type !== 'caption').map((b) => b.id))
    for (const name of CORPUS) {
      const doc = parseDocument(readFileSync(corpusPath(name)))
      expect(withoutCaptions(sortByReadingOrder(doc, {by: 'geometry'})), name).toEqual(withoutCaptions(sortByReadingOrder(doc)))
    }
  })
})

/** Small pages on a coarse grid: many touching edges, shared coordinates and ties. */
const gridPage = (...types: BoxType[]) =>
  fc
    .array(
      fc.record({
        x: fc.integer({min: 0, max: 9}),
        y: fc.integer({min: 0, max: 9}),
        w: fc.integer({min: 0, max: 6}),
        h: fc.integer({min: 0, max: 4}),
        id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
        type: fc.constantFrom<BoxType>(...types)
      }),
      {maxLength: 40}
    )
    .map((cells): Page => ({
      page: 1,
      blocks: cells.map(({x, y, w, h, id, type}) => box(id, [x / 10, y / 10, Math.min(10, x + w) / 10, Math.min(10, y + h) / 10], type))
    }))
const gridPageArb = gridPage('paragraph', 'paragraph', 'heading', 'page_header', 'page_footer')
/** With captions, tables and images, so the caption rule moves blocks too. */
const captionedPageArb = gridPage('paragraph', 'caption', 'caption', 'table', 'image', 'page_header')

describe('the iterative XY-cut', () => {
  test.prop([gridPageArb, fc.integer()], {numRuns: 600})('reads every page exactly as the former recursive XY-cut did', (page, seed) => {
    const regions = readingRegions(page, {direction: 'ltr'}).map(ids)
    expect(regions).toEqual(referenceRegions(page).map(ids))
    // The oracle too must not depend on the input order (it did on full ties, see below).
    expect(regions).toEqual(referenceRegions({...page, blocks: shuffle(page.blocks, seed)}).map(ids))
  })

  it('puts a container before the one of two blocks with its id that it holds, whatever the input order', () => {
    // Found by the property above (seed 1612762132): `a` holds the point e(0.2) at its corner, and
    // e(0.2) reads before e(0.3) (same top, left and id; it ends higher). The oracle sorted its
    // runs by top, left and id only, so it read e(0.3), a, e(0.2) with the input in that order.
    const e3 = box('e', [0.5, 0.2, 0.5, 0.3])
    const e2 = box('e', [0.5, 0.2, 0.5, 0.2])
    const a = box('a', [0.3, 0, 0.5, 0.2])
    for (const blocks of [
      [e3, e2, a],
      [e2, e3, a],
      [a, e2, e3]
    ]) {
      const page = {page: 1, blocks}
      expect(readingRegions(page, {direction: 'ltr'})).toEqual([[a, e2, e3]])
      expect(referenceRegions(page)).toEqual([[a, e2, e3]])
    }
  })

  test.prop([captionedPageArb], {numRuns: 300})('reads a mirrored page in the mirrored order when it reads right to left', (page) => {
    expect(ids(inferReadingOrder(mirror(page), {direction: 'rtl'}))).toEqual(ids(inferReadingOrder(page, {direction: 'ltr'})))
    expect(readingRegions(mirror(page), {direction: 'rtl'}).map(ids)).toEqual(readingRegions(page, {direction: 'ltr'}).map(ids))
  })

  test.prop([captionedPageArb, fc.integer(), fc.constantFrom('ltr' as const, 'rtl' as const)], {numRuns: 300})(
    'is a permutation of the page, independent of the input order, with the same regions as blocks',
    (page, seed, direction) => {
      const {blocks, regions} = analyzeReadingOrder(page, {direction})
      expect(isPermutation(blocks, page)).toBe(true)
      expect(regions.flat()).toEqual(blocks)
      expect(ids(inferReadingOrder({...page, blocks: shuffle(page.blocks, seed)}, {direction}))).toEqual(ids(blocks))
    }
  )

  it('breaks ties the same way on a page and its mirror image read right to left', () => {
    // Found by the mirror property: two blocks starting at one point with one id, a caption and a paragraph.
    const common = {page: 1, bbox_units: 'normalized', reading_order_index: 0, confidence: 1, text_source: 'verified', verified: true}
    const page = {
      page: 1,
      blocks: [
        {
          ...common,
          id: 'a',
          bbox: [0.3, 0, 0.5, 0],
          text_source: 'derived',
          verified: false,
          type: 'image',
          url: 'https://example.com/i.png'
        },
        {...common, id: 'b', bbox: [0.3, 0, 0.3, 0], type: 'paragraph', text: 'b'},
        {...common, id: 'a', bbox: [0.4, 0.2, 0.5, 0.2], type: 'caption', text: 'a'},
        {...common, id: 'a', bbox: [0.4, 0.2, 0.6, 0.2], type: 'paragraph', text: 'a'}
      ] as Block[]
    }
    const types = (blocks: Block[]) => blocks.map((block) => block.type)
    expect(types(inferReadingOrder(mirror(page), {direction: 'rtl'}))).toEqual(types(inferReadingOrder(page, {direction: 'ltr'})))
  })

  it('orders blocks equal on position and id by their content, whatever the input order', () => {
    // Found by the property above: zero-height boxes on one line, ids repeated, a caption between.
    const common = {page: 1, bbox_units: 'normalized', reading_order_index: 0, confidence: 1}
    const blocks = [
      {...common, id: 'b', bbox: [0, 0.7, 0.6, 0.7], text_source: 'verified', verified: true, type: 'caption', text: 'b'},
      {...common, id: 'a', bbox: [0.6, 0, 0.6, 0], text_source: 'verified', verified: true, type: 'caption', text: 'a'},
      {...common, id: 'b', bbox: [0, 0.7, 0.1, 0.7], text_source: 'verified', verified: true, type: 'paragraph', text: 'b'},
      {...common, id: 'a', bbox: [0.5, 0.7, 0.7, 0.7], text_source: 'derived', verified: false, type: 'table', headers: [], rows: [['a']]}
    ] as Block[]
    const permutations = (items: Block[]): Block[][] =>
      items.length <= 1
        ? [items]
        : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]))
    const orders = new Set(
      permutations(blocks).map((order) => JSON.stringify(inferReadingOrder({page: 1, blocks: order}, {direction: 'ltr'})))
    )
    expect(orders.size).toBe(1)
  })

  const big: Array<[string, Page]> = [
    ['6,000 blocks of nested regions', nestedLayout(6000)],
    ['a staircase of 16,000 blocks', staircaseLayout(16000)],
    ['16,000 blocks of two-column rows and a full-width block', twoColumnRowsLayout(16000)],
    ['a spiral 6,000 blocks deep', deepLayout(6000)]
  ]
  it.each(big)('reads %s without overflowing the stack or falling back', (_name, page) => {
    const {blocks, fallback} = analyzeReadingOrder(page)
    expect(fallback).toBe(false)
    expect(isPermutation(blocks, page)).toBe(true)
  })

  it('reads the nested layout band first, then the narrow column, then the rest', () => {
    expect(ids(inferReadingOrder(nestedLayout(6000))).slice(0, 6)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5'])
    expect(ids(inferReadingOrder(twoColumnRowsLayout(9)))).toEqual(['b0', 'b2', 'b4', 'b6', 'b1', 'b3', 'b5', 'b7', 'b8'])
  })

  it('keeps checkDocument and strict safeParseDocument from throwing on the nested layout', () => {
    const doc = documentOf(nestedLayout(6000))
    expect(checkDocument(doc).map((w) => w.code)).toEqual([])
    expect(safeParseDocument(JSON.parse(JSON.stringify(doc)), {mode: 'strict'}).success).toBe(true)
  })

  it('falls back to top to bottom past its work budget, and checkDocument says so', () => {
    const page = intricateLayout(900)
    const {blocks, fallback} = analyzeReadingOrder(page)
    expect(fallback).toBe(true)
    expect(ids(blocks)).toEqual(ids([...page.blocks].sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0])))
    expect(checkDocument(documentOf(page)).map((w) => `${w.code} ${w.pointer}`)).toEqual(['reading_order_fallback /pages/0/blocks'])
  })

  it('counts its work and stops at the budget', () => {
    const input = {
      xs: Float64Array.of(0, 0.5, 0),
      xe: Float64Array.of(0.4, 1, 1),
      ys: Float64Array.of(0, 0, 0.5),
      ye: Float64Array.of(0.4, 0.4, 1),
      position: Int32Array.of(2, 0, 1)
    }
    expect(xyCut(input)).toMatchObject({regions: [[0], [1], [2]], complete: true})
    expect(xyCut(input, 10)).toMatchObject({regions: [[1, 2, 0]], complete: false})
  })
})

describe('direction', () => {
  it('detects right-to-left pages from the bidirectional classes of their strong characters', () => {
    expect(detectDirection('گزارش سال 2026 (PDF)')).toBe('rtl')
    expect(detectDirection('שלום, Hello!')).toBe('ltr')
    expect(detectDirection('ܫܠܡܐ ދިވެހި ߒߞߏ 12345')).toBe('rtl')
    expect(detectDirection('Привет 你好 Γειά')).toBe('ltr')
    expect(detectDirection('2026 — 42 %')).toBe('ltr')
    // Beyond the BMP: Adlam is right to left, mathematical letters left to right, emoji neutral.
    expect(detectDirection('𞤀𞤁𞤂 ab')).toBe('rtl')
    expect(detectDirection('𝐀𝐁𝐂 אב')).toBe('ltr')
    expect(detectDirection('😀😀 א')).toBe('rtl')
  })

  it('counts text blocks and table cells, not code', () => {
    const code = makeBlock('code', {id: 'code', bbox: [0.1, 0.1, 0.9, 0.5], text: 'const value = computeEverything()'})
    const note = box('note', [0.1, 0.6, 0.9, 0.7], 'paragraph', 'הערה קצרה')
    expect(detectDirection({page: 1, blocks: [code, note]})).toBe('rtl')
    const table = makeBlock('table', {id: 't', bbox: [0.1, 0.1, 0.9, 0.5], headers: ['الاسم', 'Name'], rows: [['محمد', 'Mo']]})
    expect(detectDirection({page: 1, blocks: [table]})).toBe('rtl')
    expect(detectDirection({page: 1, blocks: []})).toBe('ltr')
  })

  it('reads a right-to-left page with Latin numbers and acronyms right column first', () => {
    const page: Page = {
      page: 1,
      blocks: [
        box('title', [0.1, 0.05, 0.9, 0.1], 'heading', 'فرم درخواست PDF شماره 2026'),
        box('left', [0.05, 0.15, 0.45, 0.9], 'paragraph', 'مبلغ: 1,250 USD — کد IBAN DE89 3704'),
        box('right', [0.55, 0.15, 0.95, 0.9], 'paragraph', 'نام و نام خانوادگی: ACME GmbH, ISO 9001')
      ]
    }
    expect(detectDirection(page)).toBe('rtl')
    expect(ids(inferReadingOrder(page))).toEqual(['title', 'right', 'left'])
    expect(ids(inferReadingOrder(page, {direction: 'ltr'}))).toEqual(['title', 'left', 'right'])
    expect(analyzeReadingOrder(page).direction).toBe('rtl')
  })

  it('detects each page of a document on its own, or takes the direction given', () => {
    const doc = parseDocument(readJsonFile(EXAMPLE))
    const two = (id: string, text: string): Block[] => [
      box(`${id}L`, [0.05, 0.1, 0.45, 0.9], 'paragraph', text),
      box(`${id}R`, [0.55, 0.1, 0.95, 0.9], 'paragraph', text)
    ]
    const pages = [
      {page: 1, blocks: two('en', 'English text')},
      {page: 2, blocks: two('he', 'טקסט בעברית')}
    ]
    const read = (options: object) => sortByReadingOrder({...doc, pages}, {by: 'geometry', ...options}).pages.map((p) => ids(p.blocks))
    expect(read({})).toEqual([
      ['enL', 'enR'],
      ['heR', 'heL']
    ])
    expect(read({direction: 'ltr'})).toEqual([
      ['enL', 'enR'],
      ['heL', 'heR']
    ])
    expect(read({direction: 'rtl'})).toEqual([
      ['enR', 'enL'],
      ['heR', 'heL']
    ])
  })

  it('rejects an unknown direction with OptionsError', () => {
    const page = {page: 1, blocks: []}
    expect(() => inferReadingOrder(page, {direction: 'ttb' as 'ltr'})).toThrow(
      new OptionsError('direction: expected "auto", "ltr" or "rtl", got "ttb"')
    )
    expect(() => inferReadingOrder(page, null as unknown as {})).toThrow(OptionsError)
    const doc = parseDocument(readJsonFile(EXAMPLE))
    expect(() => sortByReadingOrder(doc, {by: 'geometry', direction: 'up' as 'ltr'})).toThrow(OptionsError)
    expect(() => sortByReadingOrder(doc, {direction: 'up' as 'ltr'})).toThrow(OptionsError)
  })
})

describe('captions', () => {
  // A figure on the left whose band also holds a paragraph on the right: read by top alone,
  // the paragraph would come between the figure and its caption.
  const figure = box('figure', [0.05, 0.3, 0.55, 0.5], 'image')
  const side = box('side', [0.5, 0.27, 0.95, 0.6])

  it('keeps a caption below its float right after it', () => {
    const below = box('below', [0.5, 0.45, 0.95, 0.8])
    const page = {page: 1, blocks: [below, box('caption', [0.05, 0.52, 0.45, 0.56], 'caption'), figure]}
    expect(ids(inferReadingOrder(page))).toEqual(['figure', 'caption', 'below'])
  })

  it('keeps a caption above its float right before it, where the caption was', () => {
    const page = {page: 1, blocks: [figure, side, box('caption', [0.05, 0.24, 0.45, 0.28], 'caption')]}
    expect(ids(inferReadingOrder(page))).toEqual(['caption', 'figure', 'side'])
  })

  it('takes the nearer float, the one above on a tie, and leaves a caption with no float directly by it', () => {
    // Between a figure (bottom 0.5) and a table (top 0.6875), beside a paragraph that starts in between.
    const table = box('table', [0.05, 0.6875, 0.55, 0.8], 'table')
    const beside = box('beside', [0.5, 0.5078125, 0.95, 0.8])
    const read = (y0: number, y1: number) =>
      ids(inferReadingOrder({page: 1, blocks: [table, beside, box('caption', [0.05, y0, 0.45, y1], 'caption'), figure]}))
    expect(read(0.515625, 0.546875)).toEqual(['figure', 'caption', 'beside', 'table'])
    expect(read(0.5625, 0.625)).toEqual(['figure', 'caption', 'beside', 'table'])
    expect(read(0.625, 0.65625)).toEqual(['figure', 'beside', 'caption', 'table'])
    const text = box('text', [0.05, 0.51, 0.45, 0.53])
    expect(ids(inferReadingOrder({page: 1, blocks: [text, figure, side, box('caption', [0.05, 0.54, 0.45, 0.56], 'caption')]}))).toEqual([
      'side',
      'figure',
      'text',
      'caption'
    ])
  })

  it('keeps a listing’s caption with its code, as with a table', () => {
    // docling's code_and_formula page 1: "Listing 1" above the code, beside a paragraph that starts in between.
    const code = makeBlock('code', {id: 'code', bbox: [0.05, 0.3, 0.55, 0.5], reading_order_index: 0, text: 'return a + b'})
    const page = {page: 1, blocks: [code, side, box('caption', [0.05, 0.24, 0.45, 0.28], 'caption')]}
    expect(ids(inferReadingOrder(page))).toEqual(['caption', 'code', 'side'])
  })

  it('mirrors with the page', () => {
    const page = {page: 1, blocks: [figure, side, box('caption', [0.05, 0.52, 0.45, 0.56], 'caption')]}
    expect(ids(inferReadingOrder(mirror(page), {direction: 'rtl'}))).toEqual(ids(inferReadingOrder(page, {direction: 'ltr'})))
  })
})
