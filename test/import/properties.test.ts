import {fc, test} from '@fast-check/vitest'
import {describe, expect} from 'vitest'
import {fromAzureLayout, fromDocling, fromTextract} from '../../src/import/index.js'
import {safeParseDocument} from '../../src/index.js'
import {boxesOffPage, missingWords, readBack} from './helpers.js'

// Texts a hostile or unlucky source holds: markdown syntax, HTML, entities, RTL, astral, spaces.
const word = fc.oneof(
  fc.constantFrom(
    '#',
    '*a*',
    '_b_',
    '<script>',
    '&amp;',
    '|',
    '- x',
    '1.',
    '[l](u)',
    '`c`',
    '$x$',
    '\\',
    '>',
    'www.x.org',
    'مرحبا',
    '𝔸',
    '---',
    '==='
  ),
  fc.string({
    unit: fc.constantFrom('a', 'B', '7', '.', '-', '*', '_', '#', '|', '<', '>', '&', ';', '!', '[', ']', '(', ')', 'é', ' '),
    maxLength: 8
  })
)
const textArb = fc.array(word, {minLength: 1, maxLength: 6}).map((words) => words.join(' '))

/** A box in page units, sometimes a little outside the page (real outputs do that). */
const boxArb = (width: number, height: number) =>
  fc.tuple(
    fc.double({min: -5, max: width + 5, noNaN: true}),
    fc.double({min: -5, max: height + 5, noNaN: true}),
    fc.double({min: 0, max: width, noNaN: true}),
    fc.double({min: 0, max: height, noNaN: true})
  )

const LABELS = [
  'text',
  'section_header',
  'title',
  'caption',
  'footnote',
  'page_header',
  'page_footer',
  'code',
  'formula',
  'list_item',
  'checkbox_selected',
  'reference'
] as const

/** A DoclingDocument with texts (some in list groups), tables and pictures on 1–3 pages, in either coordinate origin. */
const doclingArb = fc
  .record({
    sizes: fc.array(fc.tuple(fc.integer({min: 100, max: 2000}), fc.integer({min: 100, max: 2000})), {minLength: 1, maxLength: 3}),
    items: fc.array(
      fc.record({
        kind: fc.constantFrom('text', 'text', 'text', 'list', 'table', 'picture'),
        label: fc.constantFrom(...LABELS),
        layer: fc.constantFrom('body', 'body', 'furniture'),
        origin: fc.constantFrom('BOTTOMLEFT', 'TOPLEFT'),
        page: fc.nat(),
        box: fc.tuple(
          fc.double({min: 0, max: 1, noNaN: true}),
          fc.double({min: 0, max: 1, noNaN: true}),
          fc.double({min: 0, max: 1, noNaN: true}),
          fc.double({min: 0, max: 1, noNaN: true})
        ),
        texts: fc.array(textArb, {minLength: 1, maxLength: 4}),
        header: fc.boolean(),
        cols: fc.integer({min: 1, max: 3})
      }),
      {maxLength: 12}
    )
  })
  .map(({sizes, items}) => {
    const texts: unknown[] = []
    const tables: unknown[] = []
    const pictures: unknown[] = []
    const groups: unknown[] = []
    const body: unknown[] = []
    const prov = (item: (typeof items)[number], extra = 1.05) => {
      const page = (item.page % sizes.length) + 1
      const [w, h] = sizes[page - 1]!
      const [a, b, c, d] = item.box.map((v, i) => (v * extra - (extra - 1) / 2) * (i % 2 === 0 ? w : h))
      const [l, r] = [Math.min(a!, c!), Math.max(a!, c!)]
      const [top, bottom] = item.origin === 'TOPLEFT' ? [Math.min(b!, d!), Math.max(b!, d!)] : [Math.max(b!, d!), Math.min(b!, d!)]
      return [{page_no: page, bbox: {l, t: top, r, b: bottom, coord_origin: item.origin}, charspan: [0, 0]}]
    }
    const addText = (label: string, text: string, item: (typeof items)[number], parent: string) => {
      const ref = `#/texts/${texts.length}`
      texts.push({
        self_ref: ref,
        parent: {$ref: parent},
        children: [],
        content_layer: item.layer,
        label,
        prov: prov(item),
        orig: text,
        text,
        ...(label === 'section_header' ? {level: 1 + (item.cols % 3)} : {})
      })
      return ref
    }
    for (const item of items) {
      if (item.kind === 'list') {
        const ref = `#/groups/${groups.length}`
        const children = item.texts.map((text) => ({$ref: addText('list_item', text, item, ref)}))
        groups.push({self_ref: ref, parent: {$ref: '#/body'}, children, content_layer: 'body', name: 'list', label: 'list'})
        body.push({$ref: ref})
      } else if (item.kind === 'table') {
        const ref = `#/tables/${tables.length}`
        const cells = item.texts.map((text, i) => {
          const row = Math.floor(i / item.cols)
          const col = i % item.cols
          return {
            text,
            row_span: 1,
            col_span: 1,
            start_row_offset_idx: row,
            end_row_offset_idx: row + 1,
            start_col_offset_idx: col,
            end_col_offset_idx: col + 1,
            column_header: item.header && row === 0,
            row_header: false
          }
        })
        tables.push({
          self_ref: ref,
          parent: {$ref: '#/body'},
          children: [],
          content_layer: 'body',
          label: 'table',
          prov: prov(item),
          captions: [],
          references: [],
          footnotes: [],
          data: {table_cells: cells, num_rows: Math.ceil(item.texts.length / item.cols), num_cols: item.cols}
        })
        body.push({$ref: ref})
      } else if (item.kind === 'picture') {
        const ref = `#/pictures/${pictures.length}`
        const captionRef = addText('caption', item.texts[0]!, item, ref)
        const inner = item.texts.slice(1).map((text) => ({$ref: addText('text', text, item, ref)}))
        pictures.push({
          self_ref: ref,
          parent: {$ref: '#/body'},
          children: [{$ref: captionRef}, ...inner],
          content_layer: 'body',
          label: 'picture',
          prov: prov(item),
          captions: [{$ref: captionRef}],
          references: [],
          footnotes: [],
          annotations: []
        })
        body.push({$ref: ref})
      } else body.push({$ref: addText(item.label, item.texts.join(' '), item, '#/body')})
    }
    return {
      schema_name: 'DoclingDocument',
      version: '1.10.0',
      name: 'generated',
      origin: {mimetype: 'application/pdf', binary_hash: 1, filename: 'generated.pdf'},
      furniture: {self_ref: '#/furniture', children: [], content_layer: 'furniture', name: '_root_', label: 'unspecified'},
      body: {self_ref: '#/body', children: body, content_layer: 'body', name: '_root_', label: 'unspecified'},
      groups,
      texts,
      pictures,
      tables,
      key_value_items: [],
      form_items: [],
      pages: Object.fromEntries(sizes.map(([width, height], i) => [String(i + 1), {size: {width, height}, page_no: i + 1}]))
    }
  })

/** A Textract response: LAYOUT_TEXT / TITLE / HEADER / LIST regions over LINE and WORD blocks, some lines outside any region. */
const textractArb = fc
  .array(
    fc.record({
      type: fc.constantFrom(
        'LAYOUT_TEXT',
        'LAYOUT_TITLE',
        'LAYOUT_SECTION_HEADER',
        'LAYOUT_HEADER',
        'LAYOUT_FOOTER',
        'LAYOUT_PAGE_NUMBER',
        'LAYOUT_LIST',
        'LAYOUT_FIGURE',
        'LAYOUT_KEY_VALUE',
        'NONE'
      ),
      lines: fc.array(textArb, {minLength: 1, maxLength: 3}),
      box: fc.tuple(
        fc.double({min: -0.01, max: 0.9, noNaN: true}),
        fc.double({min: -0.01, max: 0.9, noNaN: true}),
        fc.double({min: 0, max: 0.2, noNaN: true}),
        fc.double({min: 0, max: 0.2, noNaN: true})
      ),
      page: fc.integer({min: 1, max: 2})
    }),
    {maxLength: 10}
  )
  .map((regions) => {
    const blocks: Array<Record<string, unknown>> = []
    let id = 0
    const geometry = ([left, top, width, height]: readonly number[]) => ({
      BoundingBox: {Left: left, Top: top, Width: width, Height: height}
    })
    const line = (text: string, box: readonly number[], page: number) => {
      const words = text
        .split(' ')
        .filter((w) => w !== '')
        .map((w) => ({BlockType: 'WORD', Id: `w${id++}`, Text: w, Confidence: 90, Geometry: geometry(box), Page: page}))
      blocks.push(...words)
      const lineBlock = {
        BlockType: 'LINE',
        Id: `l${id++}`,
        Text: text,
        Confidence: 95,
        Geometry: geometry(box),
        Page: page,
        Relationships: [{Type: 'CHILD', Ids: words.map((w) => w.Id)}]
      }
      blocks.push(lineBlock)
      return lineBlock.Id
    }
    for (const region of regions) {
      if (region.type === 'NONE') {
        for (const text of region.lines) line(text, region.box, region.page)
        continue
      }
      if (region.type === 'LAYOUT_LIST') {
        const items = region.lines.map((text) => {
          const item = {
            BlockType: 'LAYOUT_TEXT',
            Id: `t${id++}`,
            Confidence: 80,
            Geometry: geometry(region.box),
            Page: region.page,
            Relationships: [{Type: 'CHILD', Ids: [line(text, region.box, region.page)]}]
          }
          blocks.push(item)
          return item.Id
        })
        blocks.push({
          BlockType: 'LAYOUT_LIST',
          Id: `r${id++}`,
          Confidence: 70,
          Geometry: geometry(region.box),
          Page: region.page,
          Relationships: [{Type: 'CHILD', Ids: items}]
        })
        continue
      }
      const ids = region.lines.map((text) => line(text, region.box, region.page))
      blocks.push({
        BlockType: region.type,
        Id: `r${id++}`,
        Confidence: 60,
        Geometry: geometry(region.box),
        Page: region.page,
        Relationships: [{Type: 'CHILD', Ids: ids}]
      })
    }
    return {DocumentMetadata: {Pages: 2}, Blocks: blocks}
  })

/** An Azure analyzeResult: paragraphs with roles over words, in inches or pixels. */
const azureArb = fc
  .record({
    unit: fc.constantFrom('inch', 'pixel'),
    paragraphs: fc.array(
      fc.record({
        role: fc.constantFrom(undefined, 'title', 'sectionHeading', 'pageHeader', 'pageFooter', 'pageNumber', 'footnote'),
        text: textArb,
        box: fc.tuple(
          fc.double({min: 0, max: 0.95, noNaN: true}),
          fc.double({min: 0, max: 0.95, noNaN: true}),
          fc.double({min: 0.01, max: 0.1, noNaN: true})
        ),
        page: fc.integer({min: 1, max: 2}),
        // v4 `formulas` add-on: `:formula:` in content where a formula stands, inline in a text or a display paragraph alone.
        formula: fc.constantFrom(undefined, undefined, 'inline', 'display'),
        latex: textArb
      }),
      {maxLength: 10}
    ),
    // A formula whose span no paragraph covers (the service should not, an importer must not drop it unsaid).
    orphan: fc.option(textArb, {nil: undefined})
  })
  .map(({unit, paragraphs, orphan}) => {
    const [width, height] = unit === 'inch' ? [8.5, 11] : [1700, 2200]
    let content = ''
    const words: Array<Array<Record<string, unknown>>> = [[], []]
    const formulas: Array<Array<Record<string, unknown>>> = [[], []]
    const out = paragraphs.map((p) => {
      const [x, y, d] = p.box
      const polygon = [x * width, y * height, (x + d) * width, y * height, (x + d) * width, (y + d) * height, x * width, (y + d) * height]
      const offset = content.length
      const text = p.formula === 'display' ? ':formula:' : p.formula === 'inline' ? `${p.text} :formula:` : p.text
      if (p.formula)
        formulas[p.page - 1]!.push({
          kind: p.formula,
          value: p.latex,
          polygon,
          span: {offset: offset + text.length - 9, length: 9},
          confidence: 0.8
        })
      for (const w of (p.formula === 'display' ? '' : p.text).split(' ')) {
        if (w !== '')
          words[p.page - 1]!.push({
            content: w,
            polygon,
            confidence: 0.9,
            span: {offset: content.length + p.text.indexOf(w), length: w.length}
          })
      }
      content += text + '\n'
      return {
        ...(p.role ? {role: p.role} : {}),
        content: text,
        spans: [{offset, length: text.length}],
        boundingRegions: [{pageNumber: p.page, polygon}]
      }
    })
    if (orphan !== undefined) {
      formulas[0]!.push({kind: 'display', value: orphan, polygon: [0, 0, 1, 0, 1, 1, 0, 1], span: {offset: content.length, length: 9}})
      content += ':formula:'
    }
    return {
      status: 'succeeded',
      analyzeResult: {
        apiVersion: '2024-11-30',
        modelId: 'prebuilt-layout',
        content,
        pages: [1, 2].map((n) => ({
          pageNumber: n,
          angle: 0,
          width,
          height,
          unit,
          words: words[n - 1],
          lines: [],
          spans: [],
          formulas: formulas[n - 1]
        })),
        paragraphs: out
      }
    }
  })

// The invariants of an import, whatever the source holds: a valid document, every word of the
// source's text read back from the rendered markdown, every box on its page.
describe('import keeps every text and every box on its page', () => {
  test.prop([doclingArb], {numRuns: 80})('docling', (json) => {
    const {document} = fromDocling(json)
    expect(safeParseDocument(JSON.stringify(document)).success).toBe(true)
    expect(boxesOffPage(document)).toEqual([])
    const sources = [...json.texts.map((t: any) => t.text), ...json.tables.flatMap((t: any) => t.data.table_cells.map((c: any) => c.text))]
    expect(missingWords(sources, readBack(document))).toEqual([])
  })

  test.prop([textractArb], {numRuns: 80})('textract', (json) => {
    const {document} = fromTextract(json)
    expect(safeParseDocument(JSON.stringify(document)).success).toBe(true)
    expect(boxesOffPage(document)).toEqual([])
    const sources = json.Blocks.filter((b) => b.BlockType === 'WORD').map((b) => b.Text as string)
    expect(missingWords(sources, readBack(document))).toEqual([])
  })

  test.prop([azureArb], {numRuns: 80})('azure', (json) => {
    const {document, warnings} = fromAzureLayout(json)
    expect(safeParseDocument(JSON.stringify(document)).success).toBe(true)
    expect(boxesOffPage(document)).toEqual([])
    // `:formula:` is a placeholder, not text of the document: it must be gone, its formula in its place.
    expect(
      missingWords(
        json.analyzeResult.paragraphs.map((p) => p.content.replaceAll(':formula:', '')),
        readBack(document)
      )
    ).toEqual([])
    // Every formula is in a block (the text it stood in, or a formula block's LaTeX), or warned at its own pointer.
    const held = document.pages
      .flatMap((page) => page.blocks.map((block: any) => `${block.text ?? ''}\u0000${block.latex ?? ''}`))
      .join('\u0001')
    const warned = new Set(warnings.filter((w) => w.code === 'formula_not_carried').map((w) => w.pointer))
    json.analyzeResult.pages.forEach((page, p) =>
      (page.formulas ?? []).forEach((formula, f) => {
        const pointer = `/analyzeResult/pages/${p}/formulas/${f}`
        const orphan = (formula.span as {offset: number}).offset >= json.analyzeResult.content.length - 9 && !formula.confidence
        expect(warned.has(pointer), pointer).toBe(orphan)
        if (!orphan) expect(held).toContain(formula.value as string)
      })
    )
    expect(held).not.toContain(':formula:')
  })
})
