// The three layouts a plain XY-cut misreads, and the properties the reading order keeps with them:
// aligned rows (forms, side headings) read across, containers next to what they hold, one-part
// bands kept out of column groups they do not fall inside; a permutation, mirrored with the page.
import {readFileSync, readdirSync} from 'node:fs'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {
  type BBox,
  type Block,
  type Page,
  analyzeReadingOrder,
  inferReadingOrder,
  parseDocument,
  sortByReadingOrder
} from '../../src/index.js'
import {fromTextract} from '../../src/import/index.js'
import {shuffle} from '../helpers/arbitraries.js'
import {makeBlock} from '../helpers/blocks.js'
import {repoPath} from '../helpers/paths.js'
import {referenceRegions} from './reference-xy-cut.js'

type BoxType = 'paragraph' | 'heading' | 'list' | 'image' | 'table' | 'caption' | 'footnote'
/** A capital first letter by default: a whole sentence (a lower-case one goes on from the text before). */
const box = (id: string, bbox: BBox, type: BoxType = 'paragraph', text = id.charAt(0).toUpperCase() + id.slice(1)): Block =>
  type === 'image'
    ? makeBlock('image', {id, bbox, reading_order_index: 0, url: 'https://example.com/i.png'})
    : type === 'table'
      ? makeBlock('table', {id, bbox, reading_order_index: 0, headers: [], rows: [[id]]})
      : makeBlock(type, {id, bbox, text, reading_order_index: 0})
const ids = (blocks: Block[]) => blocks.map((b) => b.id)
const pageOf = (blocks: Block[], seed = 0): Page => ({page: 1, blocks: shuffle(blocks, seed)})
const mirror = (page: Page): Page => ({
  ...page,
  blocks: page.blocks.map((b) => ({...b, bbox: [1 - b.bbox[2], b.bbox[1], 1 - b.bbox[0], b.bbox[3]]}))
})
const read = (page: Page, direction: 'ltr' | 'rtl' = 'ltr') => ids(inferReadingOrder(page, {direction}))
/** The page (mirrored for rtl) reads in the expected order, and the recursive oracle (left to right) reads it the same. */
const readsAsExpectedAndAsTheOracle = ({page, expected}: {page: Page; expected: string[]}, direction: 'ltr' | 'rtl') => {
  expect(read(direction === 'rtl' ? mirror(page) : page, direction)).toEqual(expected)
  if (direction === 'ltr') expect(ids(referenceRegions(page).flat())).toEqual(expected)
}

/**
 * A form: a title, 3–10 rows of a short label beside 1–3 columns of values (a value may be two
 * boxes side by side, or taller than its label: a second line), a closing paragraph across.
 * `expected` is row by row, each row across.
 */
const formArb = fc
  .record({
    lanes: fc.integer({min: 2, max: 4}),
    rows: fc.array(
      fc.record({
        gap: fc.integer({min: 15, max: 40}), // thousandths of the page between row tops
        label: fc.integer({min: 8, max: 40}), // label height, thousandths
        labelWidth: fc.double({min: 0.2, max: 1, noNaN: true}),
        values: fc.array(
          fc.record({split: fc.boolean(), height: fc.integer({min: 8, max: 60}), width: fc.double({min: 0.3, max: 1, noNaN: true})}),
          {
            minLength: 3,
            maxLength: 3
          }
        )
      }),
      {minLength: 3, maxLength: 10}
    ),
    seed: fc.integer()
  })
  .map(({lanes, rows, seed}) => {
    const expected: Block[] = [box('title', [0.05, 0.02, 0.95, 0.05], 'heading')]
    const laneWidth = 0.9 / lanes
    let top = 0.08
    rows.forEach((row, r) => {
      // A row's boxes end before the next row starts (nothing reaches between rows).
      const tallest = Math.max(row.label, ...row.values.slice(0, lanes - 1).map((v) => v.height))
      for (let c = 0; c < lanes; c++) {
        const x0 = 0.05 + c * laneWidth
        const inner = laneWidth - 0.02
        if (c === 0) expected.push(box(`r${r}.label`, [x0, top, x0 + inner * row.labelWidth, top + row.label / 1000]))
        else {
          const value = row.values[c - 1]!
          const bottom = top + value.height / 1000
          if (value.split) {
            const half = (inner * value.width) / 2
            expected.push(
              box(`r${r}.v${c}a`, [x0, top, x0 + half - 0.005, bottom]),
              box(`r${r}.v${c}b`, [x0 + half, top, x0 + 2 * half, bottom])
            )
          } else expected.push(box(`r${r}.v${c}`, [x0, top, x0 + inner * value.width, bottom]))
        }
      }
      top += tallest / 1000 + row.gap / 1000
    })
    expected.push(box('closing', [0.05, top + 0.02, 0.95, top + 0.08]))
    return {expected: ids(expected), page: pageOf(expected, seed)}
  })

/**
 * A page of paragraphs in 1–2 columns, with 1–3 containers: a box drawn around a random window
 * of the page (what it holds: the blocks inside it), an image or text (a paragraph, a list).
 */
const containerPageArb = fc
  .record({
    columns: fc.integer({min: 1, max: 2}),
    counts: fc.array(fc.integer({min: 1, max: 5}), {minLength: 2, maxLength: 2}),
    lower: fc.array(fc.boolean(), {minLength: 10, maxLength: 10}), // which paragraphs go on from the text before
    frames: fc.array(
      fc.record({
        x0: fc.double({min: 0, max: 0.9, noNaN: true}),
        y0: fc.double({min: 0, max: 0.9, noNaN: true}),
        w: fc.double({min: 0.05, max: 1, noNaN: true}),
        h: fc.double({min: 0.05, max: 1, noNaN: true}),
        kind: fc.constantFrom<BoxType>('image', 'image', 'paragraph', 'list')
      }),
      {minLength: 1, maxLength: 3}
    ),
    seed: fc.integer()
  })
  .map(({columns, counts, lower, frames, seed}) => {
    const blocks: Block[] = []
    const width = 0.9 / columns
    for (let c = 0; c < columns; c++) {
      const n = counts[c]!
      const height = 0.85 / n
      for (let i = 0; i < n; i++) {
        const [x0, y0] = [0.05 + c * width, 0.1 + i * height]
        const id = `p${c}.${i}`
        blocks.push(box(id, [x0, y0, x0 + width - 0.04, y0 + height - 0.03], 'paragraph', lower[c * 5 + i] ? `and ${id}` : `Then ${id}`))
      }
    }
    frames.forEach(({x0, y0, w, h, kind}, f) => blocks.push(box(`frame${f}`, [x0, y0, Math.min(1, x0 + w), Math.min(1, y0 + h)], kind)))
    return pageOf(blocks, seed)
  })

/** Whether `a` holds `b` as the reading order counts it (normalized: a slack of 1% of the page, at most half b's size; equal boxes either way). */
const holds = (a: Block, b: Block) => {
  const [sx, sy] = [Math.min(0.01, (b.bbox[2] - b.bbox[0]) / 2), Math.min(0.01, (b.bbox[3] - b.bbox[1]) / 2)]
  const area = (x: Block) => (x.bbox[2] - x.bbox[0]) * (x.bbox[3] - x.bbox[1])
  return (
    a !== b &&
    area(a) >= area(b) * (1 - 1e-9) &&
    a.bbox[0] <= b.bbox[0] + sx &&
    a.bbox[2] >= b.bbox[2] - sx &&
    a.bbox[1] <= b.bbox[1] + sy &&
    a.bbox[3] >= b.bbox[3] - sy
  )
}

describe('aligned rows', () => {
  test.prop([formArb], {numRuns: 300})('a page of aligned rows reads row by row, each row across', ({expected, page}) => {
    expect(read(page)).toEqual(expected)
  })

  test.prop([formArb], {numRuns: 300})('the mirrored form read right to left reads the same rows in the same order', ({expected, page}) => {
    expect(read(mirror(page), 'rtl')).toEqual(expected)
  })

  it('reads a right-to-left form label then value, row by row (the shape of the Persian form in docling’s test data)', () => {
    const page = pageOf([
      box('heading', [0.615, 0.165, 0.805, 0.186], 'heading'),
      box('label1', [0.759, 0.193, 0.872, 0.213]),
      box('value1', [0.111, 0.191, 0.445, 0.25]),
      box('label2', [0.695, 0.257, 0.872, 0.277]),
      box('value2', [0.388, 0.255, 0.445, 0.272]),
      box('label3', [0.672, 0.284, 0.872, 0.304]),
      box('yes', [0.385, 0.282, 0.416, 0.299]),
      box('no', [0.321, 0.282, 0.355, 0.299]),
      box('label4', [0.491, 0.338, 0.872, 0.384]),
      box('value4', [0.321, 0.336, 0.415, 0.352])
    ])
    expect(read(page, 'rtl')).toEqual(['heading', 'label1', 'value1', 'label2', 'value2', 'label3', 'yes', 'no', 'label4', 'value4'])
    // Two rows are not a form: the columns are read one after the other.
    const twoRows = {...page, blocks: page.blocks.filter((b) => !['label3', 'yes', 'no', 'label4', 'value4'].includes(b.id))}
    expect(read(twoRows, 'rtl')).toEqual(['heading', 'label1', 'label2', 'value1', 'value2'])
  })

  it('leaves two columns of aligned paragraphs column by column (their first blocks are not short)', () => {
    const rows = [0.1, 0.3, 0.5, 0.7].flatMap((y, r) => [box(`l${r}`, [0.05, y, 0.45, y + 0.15]), box(`r${r}`, [0.55, y, 0.95, y + 0.15])])
    expect(read(pageOf(rows))).toEqual(['l0', 'l1', 'l2', 'l3', 'r0', 'r1', 'r2', 'r3'])
  })

  it('leaves columns whose lines do not stack (a tall block beside several short ones) column by column', () => {
    const blocks = [
      box('side', [0.05, 0.1, 0.3, 0.5]),
      ...[0.1, 0.2, 0.3].flatMap((y, r) => [box(`a${r}`, [0.35, y, 0.6, y + 0.02]), box(`b${r}`, [0.65, y, 0.95, y + 0.02])])
    ]
    expect(read(pageOf(blocks))).toEqual(['side', 'a0', 'a1', 'a2', 'b0', 'b1', 'b2'])
  })

  it('reads a two-column page of OCR lines column by column, though lines of the two columns share baselines (Textract’s multi-column sample)', () => {
    // Three line pairs on common tops, a left line directly under one of them: a stretch of rows
    // that let such a line in (a form label's next line) read this page across the columns.
    const json = JSON.parse(readFileSync(repoPath('test/fixtures/import/textract/test-multicol-response.json'), 'utf8'))
    const page = fromTextract(json).document.pages[0]!
    const byIndex = [...page.blocks].sort((a, b) => a.reading_order_index - b.reading_order_index)
    const lines = (...indexes: number[]) => indexes.map((i) => byIndex[i]!.id)
    expect(read(page)).toEqual([
      ...lines(0, 1, 2),
      ...lines(3, 5, 7, 8, 11, 13, 14, 16), // the left column
      ...lines(4, 6, 9, 10, 12, 15, 17), // the right column
      ...lines(18, 19, 20, 21)
    ])
  })
})

describe('containers', () => {
  test.prop([containerPageArb], {numRuns: 400})(
    'a container is read next to a block it holds (or next to other containers of that block, next to it)',
    (page) => {
      const order = inferReadingOrder(page, {direction: 'ltr'})
      for (const [i, block] of order.entries()) {
        const held = page.blocks.filter((b) => holds(block, b))
        if (held.length === 0) continue
        // Some held block with only containers of it in between.
        const next = held.some((h) => {
          const j = order.indexOf(h)
          return order.slice(Math.min(i, j) + 1, Math.max(i, j)).every((between) => holds(between, h))
        })
        expect(next, `${block.id} at ${i} in ${ids(order)}, holds ${ids(held)}`).toBe(true)
      }
    }
  )

  test.prop([containerPageArb], {numRuns: 300})(
    'a page with containers, mirrored and read right to left, reads in the same order',
    (page) => {
      expect(read(mirror(page), 'rtl')).toEqual(read(page))
    }
  )

  it('reads an image that starts with the table it holds after it, and a list box that starts clearly above its item before it', () => {
    // docling's TableFormer paper, page 1: a figure box around two tables and a stray "7".
    const figure = pageOf([
      box('heading', [0.516, 0.276, 0.667, 0.286], 'heading'),
      box('table1', [0.515, 0.291, 0.877, 0.382], 'table'),
      box('seven', [0.874, 0.447, 0.882, 0.457]),
      box('table2', [0.515, 0.548, 0.878, 0.627], 'table'),
      box('figure', [0.514, 0.285, 0.879, 0.627], 'image'),
      box('after', [0.505, 0.738, 0.891, 0.84])
    ])
    expect(read(figure)).toEqual(['heading', 'table1', 'seven', 'table2', 'figure', 'after'])
    // docling's IBM Redbook (redp5110_sampled), page 15: a list item whose box holds the figure it shows, its text on top.
    const list = pageOf([
      box('list', [0.224, 0.09, 0.894, 0.682], 'list'),
      box('image', [0.221, 0.15, 0.892, 0.604], 'image'),
      box('caption', [0.224, 0.607, 0.534, 0.617], 'caption'),
      box('below', [0.104, 0.699, 0.828, 0.839], 'image')
    ])
    expect(read(list)).toEqual(['list', 'image', 'caption', 'below'])
  })

  // docling's TableFormer paper (2203.01017v2), pages 11 and 12: a paragraph and a list item that
  // run from the foot of the left column to the top of the right one, each with one box around
  // both parts (so it holds blocks of both columns). docling reads each between the columns.
  /**
   * Two columns of paragraphs and a paragraph or list whose box is drawn around its two parts: from
   * the foot of the left column (it holds the left column's blocks from row `from` on) to the top
   * of the right one (it holds the whole right column, which starts no higher than it).
   */
  const acrossArb = fc
    .record({
      left: fc.integer({min: 1, max: 6}),
      right: fc.integer({min: 1, max: 6}),
      from: fc.nat(),
      drop: fc.integer({min: 0, max: 60}), // how far the right column starts below the box, thousandths
      kind: fc.constantFrom<BoxType>('paragraph', 'list'),
      seed: fc.integer()
    })
    .map(({left, right, from, drop, kind, seed}) => {
      const column = (c: number, n: number, top: number) =>
        Array.from({length: n}, (_, i) => {
          const step = (0.85 - top) / n
          return box(`${c ? 'r' : 'l'}${i}`, [c ? 0.52 : 0.08, top + i * step, c ? 0.92 : 0.48, top + (i + 1) * step - 0.01])
        })
      const lefts = column(0, left, 0.1)
      const held = lefts.slice(from % left)
      const top = held[0]!.bbox[1] - 0.005
      const rights = column(1, right, top + drop / 1000)
      const text = box('across', [0.08, top, 0.92, 0.9], kind)
      return {page: pageOf([...lefts, ...rights, text], seed), expected: ids([...lefts, text, ...rights])}
    })
  test.prop([acrossArb, fc.constantFrom('ltr' as const, 'rtl' as const)], {numRuns: 300})(
    'text whose box holds blocks of two columns is read between them, after the last it holds in the first (either direction)',
    ({page, expected}, direction) => {
      expect(read(direction === 'rtl' ? mirror(page) : page, direction)).toEqual(expected)
    }
  )

  it('reads text whose box holds blocks of two columns after the last it holds in the first, before the second', () => {
    const page11 = pageOf([
      box('title', [0.217, 0.14, 0.76, 0.153], 'heading'),
      box('details', [0.082, 0.203, 0.288, 0.217], 'heading'),
      box('preparation', [0.082, 0.229, 0.246, 0.241], 'heading'),
      box('first', [0.082, 0.253, 0.468, 0.49]),
      box('technique', [0.082, 0.495, 0.468, 0.792]),
      box('synthetic', [0.082, 0.836, 0.251, 0.849], 'heading'),
      box('aiming', [0.082, 0.206, 0.891, 0.902]),
      box('process', [0.505, 0.267, 0.891, 0.293]),
      box('steps', [0.505, 0.298, 0.891, 0.766], 'list'),
      box('post', [0.505, 0.786, 0.891, 0.817], 'heading'),
      box('although', [0.505, 0.83, 0.891, 0.902])
    ])
    const order = ['title', 'details', 'preparation', 'first', 'technique', 'synthetic', 'aiming', 'process', 'steps', 'post', 'although']
    expect(read(page11)).toEqual(order)
    expect(read(mirror(page11), 'rtl')).toEqual(order)
    const page12 = pageOf([
      box('fault', [0.101, 0.267, 0.468, 0.334], 'list'),
      box('however', [0.082, 0.353, 0.468, 0.5]),
      box('steps', [0.082, 0.535, 0.468, 0.759], 'list'),
      box('where', [0.082, 0.843, 0.468, 0.87]),
      box('step5', [0.082, 0.267, 0.891, 0.9], 'list'),
      box('9e', [0.505, 0.874, 0.891, 0.9])
    ])
    expect(read(page12)).toEqual(['fault', 'however', 'steps', 'where', 'step5', '9e'])
    // An image box around the same blocks is a frame, not lines of text: read after all it holds.
    const framed = {...page12, blocks: page12.blocks.map((b) => (b.id === 'step5' ? box('step5', b.bbox, 'image') : b))}
    expect(read(framed)).toEqual(['fault', 'however', 'steps', 'where', '9e', 'step5'])
  })

  it('keeps a sentence that goes on inside a container where it is (property seed 1885667350, before the rule left containers alone)', () => {
    // Two boxes around the top paragraph, every paragraph in lower case: p0.1 moved ahead of the
    // boxes (they were floats read since the text before), so frame0 no longer read next to p0.0.
    const page = pageOf([
      box('frame1', [0, 0, 0.05, 0.35333333333333333], 'image'),
      box('p0.2', [0.05, 0.6666666666666666, 0.91, 0.9199999999999999], 'paragraph', 'p0.2'),
      box('frame0', [0, 0, 0.9, 0.34333333333333327], 'image'),
      box('p0.0', [0.05, 0.1, 0.91, 0.3533333333333333], 'paragraph', 'p0.0'),
      box('p0.1', [0.05, 0.3833333333333333, 0.91, 0.6366666666666666], 'paragraph', 'p0.1')
    ])
    expect(read(page)).toEqual(['frame1', 'frame0', 'p0.0', 'p0.1', 'p0.2'])
  })

  it('reads a page and its mirror alike when coordinates differ only in the last bits (property seeds -1199495617, -1202830216)', () => {
    // 1 - x is 1 for x = 0 and x = 5e-324: the mirror ties what the page tells apart, unless both compare up to rounding.
    const corner = pageOf([
      box('frame2', [0, 0, 0.05, 0.05], 'image'),
      box('frame1', [0, 0.8999999999999992, 0.056363479203533184, 0.9785733697614754], 'image'),
      box('p0.0', [0.05, 0.1, 0.91, 0.9199999999999999]),
      box('frame0', [5e-324, 0.8999999999999992, 0.05, 0.9885733697614755], 'image')
    ])
    expect(read(corner)).toEqual(['frame2', 'p0.0', 'frame0', 'frame1'])
    expect(read(mirror(corner), 'rtl')).toEqual(read(corner))
    // A caption that touches an image by 1e-17 is not under it (in the mirror the two only touch).
    const touching = pageOf([
      box('frame', [0, 0, 0.05000000000000001, 0.05], 'image'),
      box('caption', [0.05, 0.1, 0.91, 0.35], 'caption'),
      box('next', [0.05, 0.38, 0.91, 0.63])
    ])
    expect(read(touching)).toEqual(['frame', 'caption', 'next'])
    expect(read(mirror(touching), 'rtl')).toEqual(read(touching))
  })

  it('keeps a tick box beside its label out of it (a box holds another only when at most half of it sticks out)', () => {
    const page = pageOf([
      box('tick', [0.121, 0.605, 0.13, 0.62]),
      box('mark', [0.13, 0.606, 0.132, 0.619]),
      box('label', [0.136, 0.609, 0.145, 0.619])
    ])
    expect(read(page)).toEqual(['tick', 'mark', 'label'])
  })
})

describe('text across columns whose next column is page furniture', () => {
  // docling-core's 2106.09680v1, pages 7 and 8: a paragraph runs from the foot of the left column
  // to the top of the right, one box around both parts, and docling labelled the right column's
  // other blocks page headers and footers (out of the body). The box holds text of the left
  // column only, but is more than twice as wide as it: its lines go on past that column.
  const furniture = (id: string, bbox: BBox, type: 'page_header' | 'page_footer' = 'page_footer') =>
    makeBlock(type, {id, bbox, text: id, reading_order_index: 0})

  it('reads text whose box holds its first column only, but reaches past it by more than its width, after what it holds', () => {
    const page7 = pageOf([
      furniture('constraints', [0.149, 0.342, 0.396, 0.381], 'page_header'),
      box('more', [0.149, 0.38, 0.476, 0.536]),
      box('figure4', [0.149, 0.553, 0.476, 0.656]),
      furniture('dp', [0.149, 0.698, 0.446, 0.737]),
      box('figures', [0.149, 0.125, 0.85, 0.82]),
      furniture('smoothness', [0.521, 0.221, 0.846, 0.324], 'page_header'),
      furniture('conclusion', [0.525, 0.523, 0.681, 0.536]),
      furniture('present', [0.521, 0.755, 0.85, 0.808])
    ])
    const order = ['smoothness', 'constraints', 'more', 'figure4', 'figures', 'conclusion', 'dp', 'present']
    expect(read(page7)).toEqual(order)
    expect(read(mirror(page7), 'rtl')).toEqual(order)
  })

  it('still reads a box before what it holds when that is a float, or wider than the rest of the box', () => {
    // A figure at the edge of a paragraph that wraps around it: no text inside the box, read as before.
    const wrapped = pageOf([box('wrap', [0.1, 0.1, 0.9, 0.5]), box('figure', [0.1, 0.2, 0.35, 0.4], 'image')])
    expect(read(wrapped)).toEqual(['wrap', 'figure'])
    // A list of one column holding an item narrower than itself (the IBM Redbook, page 14): it
    // reaches past the item by less than the item's width, so it is not two columns wide.
    const list = pageOf([box('list', [0.224, 0.34, 0.884, 0.522], 'list'), box('item', [0.224, 0.368, 0.613, 0.379])])
    expect(read(list)).toEqual(['list', 'item'])
  })

  /** A left column of paragraphs; a paragraph or list boxed from the right column's top (above the left's foot) to the left's foot; the right column's other blocks page footers. */
  const furnitureAcrossArb = fc
    .record({
      left: fc.integer({min: 1, max: 6}),
      right: fc.integer({min: 0, max: 4}),
      top: fc.integer({min: 100, max: 600}), // where the box (and the right column) starts, thousandths
      kind: fc.constantFrom<BoxType>('paragraph', 'list'),
      seed: fc.integer()
    })
    .map(({left, right, top, kind, seed}) => {
      const lefts = Array.from({length: left}, (_, i) =>
        box(`l${i}`, [0.08, 0.62 + (i * 0.26) / left, 0.48, 0.62 + ((i + 1) * 0.26) / left - 0.01])
      )
      const rights = Array.from({length: right}, (_, i) =>
        furniture(`r${i}`, [0.52, top / 1000 + 0.02 + i * 0.05, 0.92, top / 1000 + 0.06 + i * 0.05])
      )
      const text = box('across', [0.08, top / 1000, 0.92, 0.9], kind)
      return {page: pageOf([...lefts, ...rights, text], seed), expected: ids([...lefts, text, ...rights])}
    })
  test.prop([furnitureAcrossArb, fc.constantFrom('ltr' as const, 'rtl' as const)], {numRuns: 200})(
    'text boxed across two columns, the second all page furniture, is read after the text it holds in the first (either direction)',
    readsAsExpectedAndAsTheOracle
  )
})

describe('blocks side by side on one line', () => {
  it('reads a running head of two boxes along its line, though the second starts a hair higher and they touch', () => {
    // docling's skipped_2pages (a Korean report), pages 1 and 4: the page number and the title
    // beside it overlap by less than the slack; the title's top is 0.00008 of the page higher.
    const page = pageOf([
      box('number', [0.126374, 0.062632, 0.158646, 0.073614], 'heading'),
      box('title', [0.152025, 0.062554, 0.382299, 0.073535], 'heading'),
      box('section', [0.165462, 0.134277, 0.207388, 0.14869], 'heading')
    ])
    expect(read(page)).toEqual(['number', 'title', 'section'])
    expect(read(mirror(page), 'rtl')).toEqual(['number', 'title', 'section'])
  })

  it('keeps the top order of boxes on one line that overlap by more than the slack (one over the other, not beside it)', () => {
    const page = pageOf([box('wide', [0.1, 0.1, 0.9, 0.3]), box('under', [0.05, 0.105, 0.5, 0.2])])
    expect(read(page)).toEqual(['wide', 'under'])
    expect(read(mirror(page), 'rtl')).toEqual(['wide', 'under'])
  })

  /** 2–6 boxes in a line, each touching or overlapping the next by less than the slack (so no column gap), tops within the slack and taller than that (so they overlap along y: one line, not two bands), a paragraph under them. */
  const lineArb = fc
    .record({
      boxes: fc.array(
        fc.record({
          width: fc.integer({min: 20, max: 150}),
          overlap: fc.integer({min: 0, max: 9}),
          rise: fc.integer({min: 0, max: 9}),
          height: fc.integer({min: 10, max: 40})
        }),
        {minLength: 2, maxLength: 6}
      ),
      seed: fc.integer()
    })
    .map(({boxes, seed}) => {
      let x = 0.05
      const line = boxes.map(({width, overlap, rise, height}, i) => {
        const start = Math.max(0.05, x - overlap / 1000)
        x = start + width / 1000
        return box(`w${i}`, [start, 0.1 + rise / 1000, x, 0.1 + (rise + height) / 1000])
      })
      const below = box('below', [0.05, 0.2, 0.95, 0.3])
      return {page: pageOf([...line, below], seed), expected: ids([...line, below])}
    })
  test.prop([lineArb, fc.constantFrom('ltr' as const, 'rtl' as const)], {numRuns: 300})(
    'reads boxes side by side on one line along it, whatever their tops within the slack (either direction)',
    readsAsExpectedAndAsTheOracle
  )
})

describe('one-part bands', () => {
  it('reads a centred heading between the title and two columns where it stands', () => {
    // docling's TableFormer paper, page 11: "Supplementary Material" was read after the first column's headings.
    const page = pageOf([
      box('title', [0.217, 0.14, 0.76, 0.153], 'heading'),
      box('supplementary', [0.36, 0.155, 0.613, 0.171], 'heading'),
      box('details', [0.082, 0.203, 0.287, 0.217], 'heading'),
      box('preparation', [0.082, 0.229, 0.246, 0.241], 'heading'),
      box('left', [0.082, 0.253, 0.468, 0.49]),
      box('right', [0.505, 0.267, 0.891, 0.293])
    ])
    expect(read(page)).toEqual(['title', 'supplementary', 'details', 'preparation', 'left', 'right'])
  })

  it('still merges a one-part band that falls inside one column (a heading of the second column, the first one empty there)', () => {
    const page = pageOf([
      box('l1', [0.05, 0.1, 0.45, 0.3]),
      box('r1', [0.55, 0.1, 0.95, 0.3]),
      box('r-heading', [0.55, 0.32, 0.8, 0.35], 'heading'),
      box('l2', [0.05, 0.37, 0.45, 0.6]),
      box('r2', [0.55, 0.37, 0.95, 0.6])
    ])
    expect(read(page)).toEqual(['l1', 'l2', 'r1', 'r-heading', 'r2'])
  })

  it('reads an author line above an abstract before it, not as a column of its own', () => {
    const page = pageOf([
      box('title', [0.1, 0.05, 0.9, 0.08], 'heading'),
      box('authors', [0.3, 0.1, 0.7, 0.12]),
      box('abstract', [0.2, 0.14, 0.5, 0.16], 'heading'),
      box('left', [0.05, 0.18, 0.45, 0.6]),
      box('right', [0.55, 0.18, 0.95, 0.6])
    ])
    expect(read(page)).toEqual(['title', 'authors', 'abstract', 'left', 'right'])
  })
})

/**
 * A page of 1–3 columns, each a stack of paragraphs (lower or upper case first), headings,
 * floats with a caption above or below, and a footnote at its foot; a spanning float on top
 * sometimes. The same page with every paragraph capitalized is the order without the rule.
 */
const flowPageArb = fc
  .record({
    columns: fc.integer({min: 1, max: 3}),
    top: fc.boolean(),
    stacks: fc.array(
      fc.array(
        fc.record({kind: fc.constantFrom('paragraph', 'paragraph', 'heading', 'image', 'table'), lower: fc.boolean(), above: fc.boolean()}),
        {minLength: 1, maxLength: 6}
      ),
      {minLength: 3, maxLength: 3}
    ),
    notes: fc.array(fc.boolean(), {minLength: 3, maxLength: 3}),
    seed: fc.integer()
  })
  .map(({columns, top, stacks, notes, seed}) => {
    const blocks: Block[] = []
    const width = 0.9 / columns
    if (top) blocks.push(box('spanning', [0.05, 0.03, 0.95, 0.12], 'image'))
    for (let c = 0; c < columns; c++) {
      const [x0, x1] = [0.05 + c * width, 0.05 + (c + 1) * width - 0.03]
      const step = 0.7 / stacks[c]!.length
      stacks[c]!.forEach(({kind, lower, above}, i) => {
        const [y0, id] = [0.15 + i * step, `c${c}.${i}`]
        if (kind === 'paragraph') blocks.push(box(id, [x0, y0, x1, y0 + step - 0.01], 'paragraph', lower ? `and ${id}` : `Then ${id}`))
        else if (kind === 'heading') blocks.push(box(id, [x0, y0, x1, y0 + 0.02], 'heading'))
        else {
          const [float, caption] = above ? [y0 + 0.03, y0] : [y0, y0 + step - 0.03]
          blocks.push(
            box(id, [x0, float, x1, float + step - 0.04], kind),
            box(`${id}.caption`, [x0, caption, x1, caption + 0.02], 'caption')
          )
        }
      })
      if (notes[c]) blocks.push(box(`c${c}.note`, [x0, 0.88, x1, 0.9], 'footnote'))
    }
    return pageOf(blocks, seed)
  })
const capitalized = (page: Page): Page => ({
  ...page,
  blocks: page.blocks.map((b) => (b.type === 'paragraph' ? {...b, text: String(b.text).replace(/^and /, 'Then ')} : b))
})
const goesOn = (b: Block) => b.type === 'paragraph' && String(b.text).startsWith('and ')
const outOfFlow = new Set(['image', 'table', 'caption', 'footnote'])

describe('a sentence broken at the foot of a column', () => {
  test.prop([flowPageArb, fc.constantFrom('ltr' as const, 'rtl' as const)], {numRuns: 400})(
    'moves only a lower-case paragraph, only earlier and only over floats, captions and footnotes; the rest keeps its order',
    (page, direction) => {
      const order = read(page, direction)
      const plain = read(capitalized(page), direction)
      const moved = new Set(page.blocks.filter(goesOn).map((b) => b.id))
      expect(order.filter((id) => !moved.has(id))).toEqual(plain.filter((id) => !moved.has(id)))
      const typeOf = new Map(page.blocks.map((b) => [b.id, b.type]))
      for (const id of moved) {
        // The block read before it now was read before it without the rule too (or it is first) …
        const [after, before] = [plain.indexOf(order[order.indexOf(id) - 1] ?? ''), plain.indexOf(id)]
        expect(after < before, `${id} moved later: ${order} / ${plain}`).toBe(true)
        // … and what it went past, between the two places, is floats, captions and footnotes.
        const passed = plain.slice(after + 1, before).filter((other) => !moved.has(other))
        expect(
          passed.every((other) => outOfFlow.has(typeOf.get(other)!)),
          `${id} passed ${passed} in ${order}`
        ).toBe(true)
      }
    }
  )

  test.prop([flowPageArb], {numRuns: 300})('reads the page and its mirror, read right to left, in the same order', (page) => {
    expect(read(mirror(page), 'rtl')).toEqual(read(page))
  })

  // The shape of page 6 of docling's DocLayNet paper (2206.01062): a table and a figure top the
  // columns, each column's first paragraph finishes a sentence of the one before.
  const page6 = (first: string, second: string) =>
    pageOf([
      box('table-caption', [0.087, 0.111, 0.483, 0.231], 'caption'),
      box('table', [0.101, 0.247, 0.467, 0.444], 'table'),
      box('left-rest', [0.087, 0.469, 0.483, 0.728], 'paragraph', first),
      box('experiments', [0.088, 0.744, 0.241, 0.755], 'heading'),
      box('left-last', [0.087, 0.775, 0.483, 0.895]),
      box('figure', [0.526, 0.113, 0.905, 0.33], 'image'),
      box('figure-caption', [0.52, 0.353, 0.915, 0.432], 'caption'),
      box('right-rest', [0.52, 0.485, 0.912, 0.509], 'paragraph', second),
      box('right-next', [0.519, 0.513, 0.912, 0.606])
    ])

  it('reads the rest of a sentence before the floats that top its column, and only then', () => {
    expect(read(page6('to avoid this at any cost', 'paper and leave the detailed evaluation'))).toEqual([
      'left-rest',
      'table-caption',
      'table',
      'experiments',
      'left-last',
      'right-rest',
      'figure',
      'figure-caption',
      'right-next'
    ])
    // A capital first letter starts a sentence of its own: the floats stay where they stand.
    expect(read(page6('To avoid this at any cost', 'Paper and leave'))).toEqual([
      'table-caption',
      'table',
      'left-rest',
      'experiments',
      'left-last',
      'figure',
      'figure-caption',
      'right-rest',
      'right-next'
    ])
  })

  it('goes past a spanning float and a footnote, but not past a heading, nor from the middle of a column', () => {
    // Page 4 of the DocLayNet paper: a spanning table on top, the sentence goes on under a figure in the left column.
    const page4 = pageOf([
      box('table-caption', [0.087, 0.108, 0.913, 0.145], 'caption'),
      box('table', [0.161, 0.173, 0.838, 0.371], 'table'),
      box('figure', [0.086, 0.392, 0.483, 0.683], 'image'),
      box('figure-caption', [0.088, 0.7, 0.483, 0.765], 'caption'),
      box('rest', [0.087, 0.801, 0.48, 0.853], 'paragraph', 'we distributed the annotation workload'),
      box('phase', [0.088, 0.857, 0.483, 0.894]),
      box('right', [0.52, 0.392, 0.914, 0.474], 'paragraph', 'include publication repositories')
    ])
    expect(read(page4)).toEqual(['rest', 'table-caption', 'table', 'figure', 'figure-caption', 'phase', 'right'])
    // Page 2 of the TableFormer paper: a footnote at the foot of the left column, the sentence goes on at the top of the right one.
    const footnote = pageOf([
      box('left', [0.082, 0.822, 0.468, 0.878]),
      box('note', [0.1, 0.889, 0.3, 0.9], 'footnote'),
      box('right', [0.505, 0.095, 0.891, 0.136], 'paragraph', 'its results & performance in Sec. 5.'),
      box('heading', [0.505, 0.154, 0.814, 0.167], 'heading')
    ])
    expect(read(footnote)).toEqual(['left', 'right', 'note', 'heading'])
    // A heading after the floats ends the sentence; a lower-case paragraph further down its column is not its rest.
    const ended = pageOf([
      box('figure', [0.1, 0.1, 0.9, 0.3], 'image'),
      box('heading', [0.1, 0.32, 0.5, 0.34], 'heading'),
      box('after-heading', [0.1, 0.36, 0.9, 0.5], 'paragraph', 'lower case after a heading'),
      box('table', [0.1, 0.52, 0.9, 0.7], 'table'),
      box('middle', [0.1, 0.72, 0.9, 0.8], 'paragraph', 'lower case, not first in its column')
    ])
    expect(read(ended)).toEqual(['figure', 'heading', 'after-heading', 'table', 'middle'])
  })
})

/**
 * A page of any of the shapes above with 1–4 of its blocks made stacks: 1–4 more blocks with the
 * very same box (runs of a paragraph, a formula inside it, a caption drawn as a footnote), every
 * block of a stack with a random `reading_order_index` (ties are frequent: then `id` decides).
 */
const stackedArb = fc
  .record({
    page: fc.oneof(
      formArb.map(({page}) => page),
      containerPageArb,
      flowPageArb
    ),
    stacks: fc.array(
      fc.record({
        at: fc.nat(),
        runs: fc.array(
          fc.record({
            type: fc.constantFrom('paragraph', 'paragraph', 'caption', 'footnote', 'image'),
            lower: fc.boolean(),
            index: fc.nat(3)
          }),
          {minLength: 1, maxLength: 4}
        ),
        index: fc.nat(3)
      }),
      {minLength: 1, maxLength: 4}
    ),
    seed: fc.integer()
  })
  .map(({page, stacks, seed}) => {
    const blocks = [...page.blocks]
    const groups: string[][] = []
    const taken = new Set<number>()
    // A lead whose box another block of the page has too (shrinking makes boxes meet) would stack
    // with it as well: only blocks with a box of their own lead a stack here.
    const near = (a: readonly number[], b: readonly number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 1e-6)
    const shared = (k: number) => page.blocks.some((other, j) => j !== k && near(other.bbox, page.blocks[k]!.bbox))
    for (const {at, runs, index} of stacks) {
      const k = at % page.blocks.length
      if (taken.has(k) || shared(k)) continue
      taken.add(k)
      const lead = {...blocks[k]!, reading_order_index: index}
      blocks[k] = lead
      const riders = runs.map(({type, lower, index}, r) => {
        const id = `${lead.id}.run${r}`
        return {...box(id, lead.bbox, type as BoxType, lower ? `and ${id}` : `Then ${id}`), reading_order_index: index}
      })
      blocks.push(...riders)
      groups.push(ids([lead, ...riders].sort((a, b) => a.reading_order_index - b.reading_order_index || (a.id < b.id ? -1 : 1))))
    }
    return {page: pageOf(blocks, seed), groups}
  })

describe('blocks with one box', () => {
  test.prop([stackedArb, fc.constantFrom('ltr' as const, 'rtl' as const)], {numRuns: 400})(
    'are read together, in their own order (index, then id), and the page around them reads as if each stack were its first block',
    ({page, groups}, direction) => {
      const order = read(page, direction)
      for (const group of groups) {
        const at = order.indexOf(group[0]!)
        expect(order.slice(at, at + group.length), `${group} in ${order}`).toEqual(group)
      }
      const riders = new Set(groups.flatMap((group) => group.slice(1)))
      const leadsOnly = {...page, blocks: page.blocks.filter((b) => !riders.has(b.id))}
      expect(order.filter((id) => !riders.has(id))).toEqual(read(leadsOnly, direction))
    }
  )

  test.prop([stackedArb], {numRuns: 200})('a mirrored page, read right to left, reads its stacks in the same order', ({page}) => {
    expect(read(mirror(page), 'rtl')).toEqual(read(page))
  })

  // The shape of page 2 of docling-core's 2106.09680v1 (the holdout): the import gave every run and
  // inline formula of a paragraph the paragraph's box; its ids do not sort in reading order.
  it('reads the runs of a paragraph that share its box in the document’s order, between the blocks around them', () => {
    const runs = (prefix: string, texts: string[], top: number, first: number) =>
      texts.map((text, i) => ({
        ...box(`${prefix}/${[7, 10, 8, 9][i]}`, [0.149, top, 0.473, top + 0.05], 'paragraph', text),
        reading_order_index: first + i
      }))
    const page = pageOf([
      {...box('formula', [0.158, 0.239, 0.407, 0.246], 'paragraph', 'Y = f(x)'), reading_order_index: 0},
      ...runs('texts', ['where', 'is an intercept, each', 'is a univariate function', '.'], 0.265, 1),
      {...box('next', [0.149, 0.337, 0.473, 0.522]), reading_order_index: 5}
    ])
    expect(read(page)).toEqual(['formula', 'texts/7', 'texts/10', 'texts/8', 'texts/9', 'next'])
    // The same runs with their indices reversed: the document's order still stands (it is all there is to go by).
    const reversed = {
      ...page,
      blocks: page.blocks.map((b) => (b.id.startsWith('texts/') ? {...b, reading_order_index: 10 - b.reading_order_index} : b))
    }
    expect(read(reversed)).toEqual(['formula', 'texts/9', 'texts/8', 'texts/10', 'texts/7', 'next'])
    // Equal indices: the ids decide (code-unit order).
    const tied = {...page, blocks: page.blocks.map((b) => (b.id.startsWith('texts/') ? {...b, reading_order_index: 1} : b))}
    expect(read(tied)).toEqual(['formula', 'texts/10', 'texts/7', 'texts/8', 'texts/9', 'next'])
  })
})

describe('the reading order with the new rules', () => {
  const anyPage = fc.oneof(
    formArb.map(({page}) => page),
    containerPageArb,
    flowPageArb,
    stackedArb.map(({page}) => page)
  )
  test.prop([anyPage, fc.constantFrom('ltr' as const, 'rtl' as const), fc.integer()], {numRuns: 300})(
    'is a permutation of the page, the same whatever the input order',
    (page, direction, seed) => {
      const {blocks, regions} = analyzeReadingOrder(page, {direction})
      expect(blocks.length).toBe(page.blocks.length)
      expect(new Set(blocks).size).toBe(blocks.length)
      expect(blocks.every((b) => page.blocks.includes(b))).toBe(true)
      expect(regions.flat()).toEqual(blocks)
      expect(ids(inferReadingOrder({...page, blocks: shuffle(page.blocks, seed)}, {direction}))).toEqual(ids(blocks))
    }
  )
})

describe("agreement with docling's reading order on its own pages", () => {
  const FLOATS = new Set(['table', 'image', 'chart', 'diagram', 'code'])
  /** Block pairs of the body read in docling's order (caption↔float pairs aside, as the agreement script counts). */
  const count = (file: string) => {
    const doc = sortByReadingOrder(parseDocument(readFileSync(repoPath(file))))
    let [pairs, agreeing] = [0, 0]
    for (const page of doc.pages) {
      const rank = new Map(inferReadingOrder(page).map((b, i) => [b, i]))
      const body = page.blocks.filter((b) => b.type !== 'page_header' && b.type !== 'page_footer')
      for (let i = 0; i < body.length; i++)
        for (let j = i + 1; j < body.length; j++) {
          const [a, b] = [body[i]!.type, body[j]!.type]
          if ((a === 'caption' && FLOATS.has(b)) || (b === 'caption' && FLOATS.has(a))) continue
          pairs++
          if (rank.get(body[i]!)! < rank.get(body[j]!)!) agreeing++
        }
    }
    return {pairs, agreeing}
  }
  const agreement = (name: string) => {
    const {pairs, agreeing} = count(`test/fixtures/corpus/docling-layout/${name}`)
    return agreeing / pairs
  }

  it('reads the 18 PDFs and scans of docling’s ground truth it was tuned on at 98% or more (97.70% before the sentence rule, 98.19% now)', () => {
    // The default set of scripts/reading-order-agreement.ts: each source once, slides left out.
    const tuned = [
      ...['2203.01017v2', '2206.01062', '2305.03393v1-pg9', '2305.03393v1', 'amt_handbook_sample', 'code_and_formula', 'multi_page'],
      ...['normal_4pages', 'redp5110_sampled', 'right_to_left_03', 'table_mislabeled_as_picture'],
      ...['nemotron_multipage.nemotron_ocr', 'ocr_test.tesseract', 'ocr_test_rotated_90.tesseract', 'picture_classification'].map(
        (name) => `docling-layout/${name}`
      ),
      ...['right_to_left_01', 'right_to_left_02', 'webp-test.tesseract'].map((name) => `docling-layout/${name}`)
    ]
    const total = {pairs: 0, agreeing: 0}
    for (const name of tuned) {
      const {pairs, agreeing} = count(`test/fixtures/corpus/${name}.json`)
      total.pairs += pairs
      total.agreeing += agreeing
    }
    expect(tuned).toHaveLength(18)
    expect(total.agreeing / total.pairs).toBeGreaterThanOrEqual(0.98)
  })

  // The holdouts are measured, not tuned on: these floors only keep a later rule from losing what
  // they read now (scripts/reading-order-agreement.ts reports them; the README says how each moved).
  it.each([
    ['holdout', 0.856, 'its 12 documents: 82.82% before the stack and flowing-text rules, 84.51% before text across page furniture'],
    ['holdout2', 0.805, 'its 6 documents: 80.24% when it was converted, before those rules; 80.35% before blocks along one line']
  ])('reads docling-layout/%s at %s or more (%s)', (folder, floor) => {
    const total = {pairs: 0, agreeing: 0}
    const dir = `test/fixtures/corpus/docling-layout/${folder}`
    for (const file of readdirSync(repoPath(dir)).filter((f) => f.endsWith('.json'))) {
      const {pairs, agreeing} = count(`${dir}/${file}`)
      total.pairs += pairs
      total.agreeing += agreeing
    }
    expect(total.agreeing / total.pairs).toBeGreaterThanOrEqual(floor)
  })

  it('reads the Persian form exactly as docling does (it was 82.9% before aligned rows)', () => {
    expect(agreement('right_to_left_03.json')).toBe(1)
  })

  it('reads the TableFormer pages (a figure holding tables, a centred heading, a list box across columns) at 96% or more (it was 89.8%)', () => {
    expect(agreement('2203.01017v2-pages-1-11-12.json')).toBeGreaterThanOrEqual(0.96)
  })
})
