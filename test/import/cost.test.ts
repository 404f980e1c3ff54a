import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {fromAzureLayout, fromDocling, fromTextract} from '../../src/import/index.js'

// Work that grew with the square of the input (found by review): each part is done once now, and
// the indexes that replaced the scans give what the scans gave. Speed itself is measured in
// bench/cost-shapes/import.ts; here, what the work leaves behind (warnings, reads) is counted.

type Box = [number, number, number, number]
const geometry = ([x0, y0, x1, y1]: Box) => ({BoundingBox: {Left: x0, Top: y0, Width: x1 - x0, Height: y1 - y0}})
const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]))

describe('textract: tables and lines', () => {
  it('warns a table box reaching off the page once, however many LAYOUT_TABLEs there are', () => {
    const n = 300
    const Blocks: unknown[] = []
    for (let i = 0; i < n; i++) {
      Blocks.push({Id: `L${i}`, BlockType: 'LAYOUT_TABLE', Page: 1, Geometry: geometry([0, i / n, 1, (i + 1) / n])})
      Blocks.push({Id: `T${i}`, BlockType: 'TABLE', Page: 1, Geometry: geometry([0, i / n, 1.5, (i + 1) / n])})
    }
    const {document, warnings} = fromTextract({Blocks})
    expect(warnings.filter((w) => w.code === 'bbox_clamped').map((w) => w.pointer)).toEqual(
      Array.from({length: n}, (_, i) => `/Blocks/${2 * i + 1}/Geometry`)
    )
    // Each region found its own table, in order.
    expect(document.pages[0]!.blocks.map((b) => b.id)).toEqual(Array.from({length: n}, (_, i) => `T${i}`))
    expect(warnings.filter((w) => w.code === 'table_outside_layout')).toEqual([])
  })

  // Up to 12 tables a page, fewer than the index's window: the pairing is exactly the greedy best overlap.
  const cell = fc.integer({min: 0, max: 10}).map((v) => v / 10)
  const boxArb = fc
    .tuple(cell, cell, cell, cell)
    .map(([a, b, c, d]): Box => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)])
  test.prop([fc.array(boxArb, {maxLength: 12}), fc.array(boxArb, {maxLength: 12})], {numRuns: 100})(
    'pairs each LAYOUT_TABLE with the untaken TABLE overlapping it most (earliest on a tie), as a scan would',
    (layoutBoxes, tableBoxes) => {
      const Blocks = [
        ...layoutBoxes.map((box, i) => ({Id: `L${i}`, BlockType: 'LAYOUT_TABLE', Page: 1, Geometry: geometry(box)})),
        ...tableBoxes.map((box, i) => ({Id: `T${i}`, BlockType: 'TABLE', Page: 1, Geometry: geometry(box)}))
      ]
      const taken = new Set<number>()
      const expected: string[] = []
      for (const layout of layoutBoxes) {
        let best = -1
        let score = 0
        tableBoxes.forEach((table, i) => {
          const s = overlap(layout, table)
          if (!taken.has(i) && s > score) [best, score] = [i, s]
        })
        if (best >= 0) taken.add(best)
        if (best >= 0) expected.push(`T${best}`)
      }
      tableBoxes.forEach((_, i) => !taken.has(i) && expected.push(`T${i}`))
      const blocks = fromTextract({Blocks}).document.pages.flatMap((page) => page.blocks)
      expect(blocks.filter((b) => b.type === 'table').map((b) => b.id)).toEqual(expected)
    }
  )

  it('reads a line once when many layout blocks list it (its text is not repeated, nor its words walked again)', () => {
    const words = Array.from({length: 50}, (_, i) => ({
      Id: `w${i}`,
      BlockType: 'WORD',
      Text: `w${i}`,
      Page: 1,
      Geometry: geometry([0, 0, 0.1, 0.1])
    }))
    const line = {
      Id: 'line',
      BlockType: 'LINE',
      Text: words.map((w) => w.Text).join(' '),
      Page: 1,
      Geometry: geometry([0, 0, 1, 0.1]),
      Relationships: [{Type: 'CHILD', Ids: words.map((w) => w.Id)}]
    }
    const layouts = Array.from({length: 100}, (_, i) => ({
      Id: `L${i}`,
      BlockType: 'LAYOUT_TEXT',
      Page: 1,
      Geometry: geometry([0, 0, 1, 0.1]),
      Relationships: [{Type: 'CHILD', Ids: ['line']}]
    }))
    const {document} = fromTextract({Blocks: [...layouts, line, ...words]})
    const texts = document.pages[0]!.blocks.map((b) => (b as {text?: string}).text).filter((t) => t)
    expect(texts).toEqual([line.Text])
  })
})

describe('docling: a picture with many children and captions', () => {
  it('reads its caption list a bounded number of times per entry, and warns its clamped box once', () => {
    const n = 1000
    const prov = [{page_no: 1, bbox: {l: 10, t: 700, r: 100, b: 690, coord_origin: 'BOTTOMLEFT'}, charspan: [0, 1]}]
    const texts = Array.from({length: 2 * n}, (_, i) => ({
      self_ref: `#/texts/${i}`,
      label: i < n ? 'caption' : 'text',
      text: `w${i}`,
      prov
    }))
    let reads = 0
    const captions = new Proxy(
      Array.from({length: n}, (_, i) => ({$ref: `#/texts/${i}`})),
      {
        get(target, key, receiver) {
          reads++
          return Reflect.get(target, key, receiver)
        }
      }
    )
    const picture = {
      self_ref: '#/pictures/0',
      label: 'picture',
      // Reaches past the page's right edge: one bbox_clamped, not one per reading of its boxes.
      prov: [{page_no: 1, bbox: {l: 10, t: 700, r: 700, b: 600, coord_origin: 'BOTTOMLEFT'}}],
      children: Array.from({length: n}, (_, i) => ({$ref: `#/texts/${n + i}`})),
      captions,
      footnotes: []
    }
    const {document, warnings} = fromDocling({
      schema_name: 'DoclingDocument',
      pages: {'1': {size: {width: 612, height: 792}, page_no: 1}},
      body: {self_ref: '#/body', children: [{$ref: '#/pictures/0'}]},
      texts,
      pictures: [picture]
    })
    expect(reads).toBeLessThan(20 * n)
    expect(warnings.filter((w) => w.code === 'bbox_clamped').map((w) => w.pointer)).toEqual(['/pictures/0/prov/0/bbox'])
    const blocks = document.pages[0]!.blocks
    expect(blocks.filter((b) => b.type === 'caption')).toHaveLength(n)
    expect(blocks.find((b) => b.type === 'image')).toMatchObject({
      embedded_text: texts
        .slice(n)
        .map((t) => t.text)
        .join('\n')
    })
  })
})

describe('azure: sections, owned spans, confidences', () => {
  const poly = [1, 1, 2, 1, 2, 1.2, 1, 1.2]
  const page = (words: unknown[] = []) => ({pageNumber: 1, width: 8.5, height: 11, unit: 'inch', words})
  const region = [{pageNumber: 1, polygon: poly}]

  it('reads sections nested a hundred thousand deep (no stack overflow), their depth intact', () => {
    const depth = 100_000
    const sections = Array.from({length: depth}, (_, i) => ({
      elements: i + 1 < depth ? [`/sections/${i + 1}`] : ['/paragraphs/0']
    }))
    const paragraphs = [{content: 'h', role: 'sectionHeading', spans: [{offset: 0, length: 1}], boundingRegions: region}]
    const {document} = fromAzureLayout({analyzeResult: {pages: [page()], paragraphs, sections, content: 'h'}})
    expect(document.pages[0]!.blocks).toMatchObject([{type: 'heading', role: 'subsection', text: 'h'}])
  })

  it('reads a region as numbers, as {x, y} points (early previews) and as a boundingBox, to the same box', () => {
    const points = [
      [1, 1, 2, 1, 2, 1.2, 1, 1.2],
      [{x: 1, y: 1}, {x: 2, y: 1}, {x: 2, y: 1.2}, {x: 1, y: 1.2}]
    ]
    const boxes = [...points.map((polygon) => ({polygon})), ...points.map((boundingBox) => ({boundingBox}))].map((shape) => {
      const paragraphs = [{content: 'p', spans: [{offset: 0, length: 1}], boundingRegions: [{pageNumber: 1, ...shape}]}]
      const {document, warnings} = fromAzureLayout({analyzeResult: {pages: [page()], paragraphs, content: 'p'}})
      expect(warnings.filter((w) => w.code === 'invalid_region')).toEqual([])
      return document.pages[0]!.blocks[0]!.bbox
    })
    expect(boxes).toEqual(Array.from({length: 4}, () => [1 / 8.5, 1 / 11, 2 / 8.5, 1.2 / 11].map((v) => expect.closeTo(v, 4))))
  })

  it('warns a section element that points at nothing, and a section reached twice, at their place', () => {
    const sections = [{elements: ['/sections/1', '/paragraphs/7', '/figures/0', 'x']}, {elements: ['/sections/0', '/sections/1']}]
    const {warnings} = fromAzureLayout({analyzeResult: {pages: [page()], paragraphs: [], sections}})
    expect(warnings.filter((w) => ['unresolved_ref', 'section_revisited'].includes(w.code)).map((w) => [w.code, w.pointer])).toEqual([
      ['section_revisited', '/analyzeResult/sections/1/elements/0'],
      ['section_revisited', '/analyzeResult/sections/1/elements/1'],
      ['unresolved_ref', '/analyzeResult/sections/0/elements/1'],
      ['unresolved_ref', '/analyzeResult/sections/0/elements/3']
    ])
  })

  // Spans and words on a small range of offsets, so that spans nest, touch and overlap.
  const spanArb = fc.record({offset: fc.integer({min: 0, max: 40}), length: fc.integer({min: 0, max: 12})})
  test.prop(
    [
      fc.array(fc.array(spanArb, {minLength: 1, maxLength: 2}), {maxLength: 8}),
      fc.array(fc.array(spanArb, {maxLength: 3}), {minLength: 1, maxLength: 12}),
      fc.array(fc.record({offset: fc.integer({min: 0, max: 50}), confidence: fc.integer({min: 0, max: 100})}), {maxLength: 30})
    ],
    {numRuns: 100}
  )(
    'skips a paragraph inside a table, and takes the lowest word confidence of its spans, as a scan would',
    (tableSpans, paragraphSpans, words) => {
      const tables = tableSpans.map((spans) => ({rowCount: 0, columnCount: 0, cells: [], spans, boundingRegions: region}))
      const paragraphs = paragraphSpans.map((spans, i) => ({content: `p${i}`, spans, boundingRegions: region}))
      const pageWords = words.map((w) => ({
        content: 'w',
        confidence: w.confidence / 100,
        span: {offset: w.offset, length: 1},
        polygon: poly
      }))
      const {document} = fromAzureLayout({pages: [page(pageWords)], paragraphs, tables})
      const owned = tableSpans.flat()
      const inside = (s: {offset: number; length: number}) =>
        owned.some((o) => s.offset >= o.offset && s.offset + s.length <= o.offset + o.length)
      const expected = paragraphs
        .map((p, i) => ({p, i}))
        .filter(({p}) => !(p.spans.length > 0 && p.spans.every(inside)))
        .map(({p, i}) => {
          const confidences = pageWords
            .filter((w) => p.spans.some((s) => w.span.offset >= s.offset && w.span.offset < s.offset + s.length))
            .map((w) => w.confidence)
          return {id: `paragraphs/${i}`, confidence: confidences.length === 0 ? 1 : Math.min(...confidences)}
        })
      const got = document.pages[0]!.blocks.filter((b) => b.type === 'paragraph').map((b) => ({id: b.id, confidence: b.confidence}))
      expect(got.sort((a, b) => a.id.localeCompare(b.id))).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)))
    }
  )
})

// Slack for a loaded machine (two suites on two cores took 25 s once), never a timing check.
describe('wide blocks', {timeout: 60_000}, () => {
  // Spread into a call's arguments, a list this long overflows the call stack: each is handled as an array.
  const n = 140_000
  const poly = [1, 1, 2, 1, 2, 1.2, 1, 1.2]
  it('textract: a layout block listing 140k lines', () => {
    const lines = Array.from({length: n}, (_, i) => ({
      Id: `l${i}`,
      BlockType: 'LINE',
      Text: 'x',
      Page: 1,
      Geometry: geometry([0, 0, 1, 1]),
      Confidence: i === 7 ? 40 : 90
    }))
    const layout = {
      Id: 'L',
      BlockType: 'LAYOUT_TEXT',
      Page: 1,
      Geometry: geometry([0, 0, 1, 1]),
      Relationships: [{Type: 'CHILD', Ids: lines.map((l) => l.Id)}]
    }
    const [block] = fromTextract({Blocks: [layout, ...lines]}).document.pages[0]!.blocks
    expect(block).toMatchObject({id: 'L', confidence: 0.4})
  })

  // What each paragraph takes, counted; whether taking it stays linear is the bench's (bench/cost-shapes/import.ts:
  // a scan over the taken formulas, quadratic, passed here at 50k in 9 s, far inside any timeout).
  it('azure: paragraphs over the whole content and as many formulas: each takes the next formula, once', () => {
    const m = 2000
    const content = ':formula:'.repeat(m)
    const whole = [{offset: 0, length: content.length}]
    const paragraphs = Array.from({length: m}, () => ({
      content: ':formula:',
      spans: whole,
      boundingRegions: [{pageNumber: 1, polygon: poly}]
    }))
    const formulas = Array.from({length: m}, (_, i) => ({kind: 'inline', value: `x${i}`, span: {offset: 9 * i, length: 9}, polygon: poly}))
    const {document, warnings} = fromAzureLayout({
      content,
      pages: [{pageNumber: 1, width: 8.5, height: 11, unit: 'inch', formulas}],
      paragraphs
    })
    const texts = document.pages[0]!.blocks.map((b) => (b as {text: string}).text)
    expect(texts.every((text, i) => text === `x${i}`)).toBe(true)
    expect(warnings.filter((w) => w.code === 'formula_not_carried')).toEqual([])
  })

  it('azure: a table with 140k footnotes', () => {
    const footnotes = Array.from({length: n}, () => ({content: 'f', boundingRegions: [{pageNumber: 1, polygon: poly}], spans: []}))
    const table = {rowCount: 0, columnCount: 0, cells: [], boundingRegions: [{pageNumber: 1, polygon: poly}], spans: [], footnotes}
    const {document} = fromAzureLayout({pages: [{pageNumber: 1, width: 8.5, height: 11, unit: 'inch'}], tables: [table]})
    expect(document.pages[0]!.blocks.filter((b) => b.type === 'footnote')).toHaveLength(n)
  })
})

describe('text listed again is imported once (no amplification)', () => {
  const table = (id: string, ids: string[], merged: string[] = []) => ({
    Id: id,
    BlockType: 'TABLE',
    Page: 1,
    Geometry: geometry([0, 0, 1, 1]),
    Relationships: [
      {Type: 'CHILD', Ids: ids},
      {Type: 'MERGED_CELL', Ids: merged}
    ]
  })
  const cell = (id: string, row: number, column: number, words: string[]) => ({
    Id: id,
    BlockType: 'CELL',
    RowIndex: row,
    ColumnIndex: column,
    Page: 1,
    Relationships: [{Type: 'CHILD', Ids: words}]
  })
  const word = {Id: 'w', BlockType: 'WORD', Text: 'ab', Page: 1, Geometry: geometry([0, 0, 0.1, 0.1])}
  const rowsOf = (json: unknown) =>
    fromTextract(json)
      .document.pages[0]!.blocks.filter((b) => b.type === 'table')
      .map((b) => (b as {rows: string[][]}).rows)

  it('textract: a merged cell listing one position twice, merged again and again, does not double its text', () => {
    // Each merge joined the position's text with itself: 2^16 copies after 16 merges.
    const merges = Array.from({length: 16}, (_, i) => ({
      Id: `m${i}`,
      BlockType: 'MERGED_CELL',
      Page: 1,
      Relationships: [{Type: 'CHILD', Ids: ['c', 'c']}]
    }))
    const Blocks = [
      table(
        't',
        ['c'],
        merges.map((m) => m.Id)
      ),
      cell('c', 1, 1, ['w']),
      word,
      ...merges
    ]
    expect(rowsOf({Blocks})).toEqual([[['ab']]])
  })

  it('textract: a cell or word two tables (or two cells) list is placed once, warned', () => {
    const Blocks = [table('t1', ['c1', 'c2']), table('t2', ['c1']), cell('c1', 1, 1, ['w']), cell('c2', 1, 2, ['w']), word]
    expect(rowsOf({Blocks})).toEqual([[['ab', '']], []])
    const {warnings} = fromTextract({Blocks})
    expect(warnings.filter((w) => w.code === 'cell_reused').map((w) => w.pointer)).toEqual(['/Blocks/0', '/Blocks/1'])
  })

  it('textract: two cells at one position keep both texts, warned (the second overwrote the first)', () => {
    const other = {...word, Id: 'w2', Text: 'cd'}
    const Blocks = [table('t', ['c1', 'c2']), cell('c1', 1, 1, ['w']), cell('c2', 1, 1, ['w2']), word, other]
    expect(rowsOf({Blocks})).toEqual([[['ab cd']]])
    expect(
      fromTextract({Blocks})
        .warnings.filter((w) => w.code === 'cell_position_repeated')
        .map((w) => w.pointer)
    ).toEqual(['/Blocks/2'])
  })

  it('azure: a paragraph two figures list is the text of the first only', () => {
    const poly = [1, 1, 2, 1, 2, 1.2, 1, 1.2]
    const figure = (offset: number) => ({
      elements: ['/paragraphs/0', '/paragraphs/0'],
      spans: [{offset, length: 1}],
      boundingRegions: [{pageNumber: 1, polygon: poly}]
    })
    const {document} = fromAzureLayout({
      pages: [{pageNumber: 1, width: 8.5, height: 11, unit: 'inch'}],
      paragraphs: [{content: 'inner', spans: [{offset: 0, length: 5}], boundingRegions: [{pageNumber: 1, polygon: poly}]}],
      figures: [figure(0), figure(1)]
    })
    expect(document.pages[0]!.blocks.filter((b) => b.type === 'image').map((b) => (b as {embedded_text?: string}).embedded_text)).toEqual([
      'inner',
      undefined
    ])
  })
})
