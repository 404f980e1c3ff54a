import {readFileSync, readdirSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {fromAzureLayout, fromDocling, fromTextract} from '../../src/import/index.js'
import type {ImportResult} from '../../src/import/index.js'
import {chunkDocument, parseDocument, renderPreviewHtml, safeParseDocument} from '../../src/index.js'
import {repoPath} from '../helpers/paths.js'
import {boxesOffPage, missingWords, readBack, unplaced} from './helpers.js'

type Json = Record<string, any>
const dir = (source: string) => repoPath(`test/fixtures/import/${source}`)
const fixtures = (source: string) => readdirSync(dir(source)).filter((name) => name.endsWith('.json'))
const load = (source: string, name: string): Json => JSON.parse(readFileSync(`${dir(source)}/${name}`, 'utf8'))

/** Each warning code an importer may give, with why; a new code must be explained here (and in the README). */
const EXPLAINED = new Set([
  'file_hash_unknown', // no source carries the SHA-256 of the original file
  'image_bytes_absent', // pictures and figures come without bytes
  'page_size_unknown', // Textract has no page size
  'page_size_assumed', // Azure images are measured in pixels
  'header_rows_merged', // the model has one header row
  'cell_span', // the model has no spans
  'text_not_split', // docling character spans that do not tile a text
  'table_outside_layout', // a Textract TABLE no LAYOUT_TABLE covers
  'line_outside_layout', // a Textract LINE no LAYOUT block claims
  'no_layout', // a Textract response without the LAYOUT feature
  'key_value_not_carried', // forms' key-value pairs
  'not_carried', // Azure keyValuePairs, documents
  'no_position', // an item without a box (docling PPTX comments)
  'annotation_not_carried', // docling picture metadata other than class and description
  'hyperlink_dropped', // docling hyperlinks
  'formatting_dropped', // docling inline formatting
  'regions_merged', // an Azure element over several regions
  'reading_order_contradicts_geometry', // strict-mode check of the document: the source's order reads against the boxes
  'no_paragraphs', // an Azure result without paragraphs (early API versions): page lines instead
  'selection_mark_not_carried', // Azure check boxes: no block in the model, their states are in the warning
  'formula_not_carried', // an Azure formula that no paragraph or line holds (`:formula:` nowhere)
  'invalid_formula', // an Azure formula without a string value
  'unknown_label'
])

const importers: Record<string, (json: unknown) => ImportResult> = {docling: fromDocling, textract: fromTextract, azure: fromAzureLayout}

/** The texts each source holds, for the nothing-lost check. */
const sourceTexts: Record<string, (json: Json, skip: Set<string>) => string[]> = {
  docling: (json, skip) => [
    ...json.texts.flatMap((item: Json, i: number) => (skip.has(`/texts/${i}`) || item.prov.length === 0 ? [] : [item.text || item.orig])),
    ...json.tables.flatMap((table: Json) => table.data.table_cells.map((cell: Json) => cell.text))
  ],
  textract: (json) => json.Blocks.filter((block: Json) => block.BlockType === 'WORD').map((block: Json) => block.Text),
  azure: (json) => (json.analyzeResult ?? json).pages.flatMap((page: Json) => (page.words ?? []).map((word: Json) => word.content))
}

for (const source of ['docling', 'textract', 'azure'])
  describe(`${source} fixtures`, () => {
    const names = fixtures(source)
    it.runIf(names.length > 0).each(names)('%s imports, renders, chunks and previews, losing nothing', async (name) => {
      const json = load(source, name)
      const {document, warnings} = importers[source]!(json)
      expect(safeParseDocument(JSON.stringify(document)).success).toBe(true)
      expect(warnings.filter((w) => !EXPLAINED.has(w.code)).map((w) => `${w.code} ${w.pointer}`)).toEqual([])
      expect(boxesOffPage(document)).toEqual([])
      expect(missingWords(sourceTexts[source]!(json, unplaced(warnings)), readBack(document))).toEqual([])
      const chunks = await chunkDocument(document, {maxChars: 2000})
      expect(chunks.length).toBeGreaterThan(0)
      expect(renderPreviewHtml(document)).toContain('<svg')
      // What the importer writes reads back through the strict parser, bar the listed warnings.
      expect(() => parseDocument(document)).not.toThrow()
    })
  })

describe('the warnings each fixture folder README lists', () => {
  for (const source of ['docling', 'textract', 'azure'])
    it(`${source}: the table is what the import warns, code by code, and every code is explained`, () => {
      const readme = readFileSync(`${dir(source)}/README.md`, 'utf8')
      const section = readme.slice(readme.indexOf('\n## Warnings\n'))
      const listed = [...section.matchAll(/^\| (\S+\.json) \| (.*) \|$/gm)].map((m) => [m[1], m[2]])
      const actual = fixtures(source).map((name) => {
        const counts = new Map<string, number>()
        for (const w of importers[source]!(load(source, name)).warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1)
        return [name, [...counts].map(([code, n]) => `\`${code}\` ×${n}`).join(', ')]
      })
      expect(listed).toEqual(actual)
      const explained = new Set([...section.matchAll(/^\| `([a-z_]+)` \| /gm)].map((m) => m[1]))
      expect(actual.flatMap(([, codes]) => [...codes!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1])).filter((c) => !explained.has(c))).toEqual(
        []
      )
    })
})

describe('what the importers keep', () => {
  it('docling: a two-header-row table merges its header rows per column, its caption stays a caption', () => {
    const {document} = fromDocling(load('docling', '2305.03393v1-pg9.json'))
    const blocks = document.pages.flatMap((page) => page.blocks)
    const table = blocks.find((block) => block.type === 'table') as Json
    expect(table.headers.some((header: string) => header.includes(' / '))).toBe(true)
    expect(blocks.some((block) => block.type === 'caption')).toBe(true)
  })

  it('docling: boxes turn from bottom-left points to top-left fractions of the page', () => {
    const json = load('docling', 'right_to_left_01.json')
    const {document} = fromDocling(json)
    const heading = document.pages[0]!.blocks.find((block) => block.id === 'texts/0')!
    // l 216.41, t 716.56, r 521.98, b 705.15 on a 612 × 792 page, origin bottom-left.
    expect(heading.bbox).toEqual([0.353611, 0.095253, 0.852908, 0.109659])
    expect(heading).toMatchObject({type: 'heading', role: 'section', text_source: 'verified', verified: true})
    expect(document.source.page_sizes).toEqual([[8.5, 11]])
  })

  it('docling: list items become one list block per page, code keeps its language', () => {
    const {document} = fromDocling(load('docling', 'code_and_formula.json'))
    const blocks = document.pages.flatMap((page) => page.blocks)
    expect(blocks.filter((block) => block.type === 'code').length).toBeGreaterThan(0)
    expect(blocks.some((block) => block.type === 'formula')).toBe(true)
    const {document: listed} = fromDocling(load('docling', 'multi_page.json'))
    const lists = listed.pages.flatMap((page) => page.blocks).filter((block) => block.type === 'list') as Json[]
    expect(lists.length).toBeGreaterThan(0)
    expect(lists.every((list) => list.text.split('\n').every((line: string) => /^ *(?:-|\d+\.|[a-zA-Z][.)]|\d+\)) /.test(line)))).toBe(true)
  })

  it('textract: confidence is the weakest of layout and OCR, text is inferred, tables are derived', () => {
    const {document} = fromTextract(load('textract', 'sample-invoice.pdf.json'))
    const blocks = document.pages.flatMap((page) => page.blocks)
    expect(
      blocks.filter((block) => block.type !== 'table' && block.type !== 'image').every((block) => block.text_source === 'inferred')
    ).toBe(true)
    expect(blocks.filter((block) => block.type === 'table').every((block) => block.text_source === 'derived')).toBe(true)
    expect(blocks.some((block) => block.confidence < 1)).toBe(true)
    expect(blocks.map((block) => block.type)).toEqual(expect.arrayContaining(['heading', 'table', 'page_header', 'page_footer', 'image']))
  })

  it('textract: a response without LAYOUT keeps every line, warned', () => {
    const {document, warnings} = fromTextract(load('textract', 'test-multicol-response.json'))
    expect(warnings.map((w) => w.code)).toContain('no_layout')
    expect(document.pages.flatMap((page) => page.blocks).every((block) => block.type === 'paragraph')).toBe(true)
  })

  it('azure v4: section depth, figure with caption and inner text, table caption, display formula, page number', () => {
    // A constructed result in the 2024-11-30 shape (polygons in inches on an 8.5 × 11 page).
    const box = (x: number, y: number) => [x, y, x + 2, y, x + 2, y + 0.5, x, y + 0.5]
    const region = (x: number, y: number) => [{pageNumber: 1, polygon: box(x, y)}]
    const p = (content: string, offset: number, y: number, role?: string) => ({
      ...(role ? {role} : {}),
      content,
      spans: [{offset, length: content.length}],
      boundingRegions: region(1, y)
    })
    const json = {
      analyzeResult: {
        apiVersion: '2024-11-30',
        modelId: 'prebuilt-layout',
        content: 'Intro\nDetails\nBody\nFig 1\nA B\nE=mc^2\nT1\nx\n7',
        pages: [
          {
            pageNumber: 1,
            width: 8.5,
            height: 11,
            unit: 'inch',
            words: [],
            formulas: [{kind: 'display', value: 'E = mc^2', polygon: box(1, 6), confidence: 0.8}]
          }
        ],
        paragraphs: [
          p('Intro', 0, 1, 'sectionHeading'),
          p('Details', 6, 2, 'sectionHeading'),
          p('Body', 14, 3),
          p('Fig 1', 19, 4),
          p('A B', 25, 5),
          p('E=mc^2', 29, 6, 'formulaBlock'),
          p('T1', 36, 7),
          p('x', 39, 8),
          p('7', 41, 10.4, 'pageNumber')
        ],
        sections: [
          {elements: ['/sections/1']},
          {elements: ['/paragraphs/0', '/sections/2']},
          {elements: ['/paragraphs/1', '/paragraphs/2']}
        ],
        figures: [
          {
            id: '1.1',
            boundingRegions: region(1, 4.5),
            spans: [{offset: 25, length: 3}],
            elements: ['/paragraphs/4'],
            caption: {content: 'Fig 1', boundingRegions: region(1, 4), spans: [{offset: 19, length: 5}], elements: ['/paragraphs/3']}
          }
        ],
        tables: [
          {
            rowCount: 1,
            columnCount: 1,
            cells: [{kind: 'content', rowIndex: 0, columnIndex: 0, content: 'x', spans: [{offset: 39, length: 1}]}],
            boundingRegions: region(1, 8),
            spans: [{offset: 39, length: 1}],
            caption: {content: 'T1', boundingRegions: region(1, 7), spans: [{offset: 36, length: 2}]}
          }
        ]
      }
    }
    const {document} = fromAzureLayout(json)
    const blocks = document.pages[0]!.blocks.map((block: Json) => [
      block.type,
      block.role ?? block.latex ?? block.embedded_text ?? block.text ?? ''
    ])
    expect(blocks).toEqual([
      ['heading', 'section'],
      ['heading', 'subsection'],
      ['paragraph', 'body'],
      ['caption', 'Fig 1'],
      ['image', 'A B'],
      ['formula', 'E = mc^2'],
      ['caption', 'T1'],
      ['table', ''],
      ['page_footer', 'page_number']
    ])
  })

  it('azure: five real prebuilt-layout results (and one prebuilt-read), their warnings exactly; pixels become inches at 96 per inch', () => {
    const codes = (name: string) => [...new Set(fromAzureLayout(load('azure', name)).warnings.map((w) => w.code))].sort()
    expect(
      fixtures('azure').filter((name) => load('azure', name).analyzeResult.modelId === 'prebuilt-layout').length
    ).toBeGreaterThanOrEqual(5)
    expect(codes('contoso_receipt.png.layout.json')).toEqual(['cell_span', 'file_hash_unknown', 'no_paragraphs', 'page_size_assumed'])
    expect(codes('invoice_1.tiff.layout.json')).toEqual([
      'cell_span',
      'file_hash_unknown',
      'no_paragraphs',
      'page_size_assumed',
      'reading_order_contradicts_geometry'
    ])
    expect(codes('selection_mark_form.layout.json')).toEqual([
      'file_hash_unknown',
      'no_paragraphs',
      'reading_order_contradicts_geometry',
      'selection_mark_not_carried'
    ])
    const {document} = fromAzureLayout(load('azure', 'purchase_order.jpg.layout.json'))
    expect(document.source.page_sizes).toEqual([[1700 / 96, 2200 / 96].map((n) => Number(n.toFixed(6)))])
    const tables = document.pages[0]!.blocks.filter((block) => block.type === 'table') as Json[]
    expect(tables.map((table) => table.headers)).toEqual([['Details', 'Quantity', 'Unit Price', 'Total'], []])
    const marks = fromAzureLayout(load('azure', 'selection_mark_form.layout.json')).warnings.find(
      (w) => w.code === 'selection_mark_not_carried'
    )!
    expect([marks.pointer, marks.message]).toEqual([
      '/analyzeResult/pages/0/selectionMarks',
      '3 selection mark(s) have no block in the model: unselected, selected, unselected'
    ])
  })

  it('azure v4: `:formula:` in content takes its formula, a display formula paragraph becomes a formula block', () => {
    // The shape of the service's v4 formula result (an inline formula in a paragraph, a display one
    // alone in its own), written here: the one real recording found has no licence to copy it.
    const formulaResult = () => ({
      analyzeResult: {
        apiVersion: '2024-11-30',
        modelId: 'prebuilt-layout',
        content: 'Solve for :formula:\n:formula:',
        pages: [
          {
            pageNumber: 1,
            width: 474,
            height: 309,
            unit: 'pixel',
            formulas: [
              {kind: 'inline', value: 'x .', polygon: [194, 52, 220, 52, 220, 80, 194, 80], span: {offset: 10, length: 9}, confidence: 0.819},
              {
                kind: 'display',
                value: '\\frac { 1 } { 5 } x + \\frac { 1 } { 3 } = \\frac { 4 } { 3 }',
                polygon: [99, 125, 361, 119, 364, 249, 102, 255],
                span: {offset: 20, length: 9},
                confidence: 0.87
              }
            ]
          }
        ],
        paragraphs: [
          {spans: [{offset: 0, length: 19}], boundingRegions: [{pageNumber: 1, polygon: [0, 40, 231, 40, 231, 84, 0, 84]}], content: 'Solve for :formula:'},
          {spans: [{offset: 20, length: 9}], boundingRegions: [{pageNumber: 1, polygon: [99, 125, 361, 119, 364, 249, 102, 255]}], content: ':formula:'}
        ]
      }
    })
    const blocks = fromAzureLayout(formulaResult()).document.pages[0]!.blocks as Json[]
    expect(blocks.map((block) => [block.type, block.text ?? block.latex])).toEqual([
      ['paragraph', 'Solve for x .'],
      ['formula', '\\frac { 1 } { 5 } x + \\frac { 1 } { 3 } = \\frac { 4 } { 3 }']
    ])
    // A formula that no paragraph holds is warned with its place, not dropped unsaid.
    const json = formulaResult()
    json.analyzeResult.paragraphs.pop()
    const {warnings} = fromAzureLayout(json)
    expect(warnings.filter((w) => w.code === 'formula_not_carried').map((w) => w.pointer)).toEqual(['/analyzeResult/pages/0/formulas/1'])
  })

  it('azure v4: `:formula:` in a table cell and a caption takes its formula too', () => {
    const region = [{pageNumber: 1, polygon: [1, 1, 3, 1, 3, 2, 1, 2]}]
    const content = 'T :formula:\n:formula: x'
    const json = {
      content,
      pages: [
        {
          pageNumber: 1,
          width: 8.5,
          height: 11,
          unit: 'inch',
          formulas: [
            {kind: 'inline', value: '\\alpha', span: {offset: 2, length: 9}},
            {kind: 'inline', value: '\\beta', span: {offset: 12, length: 9}}
          ]
        }
      ],
      tables: [
        {
          rowCount: 1,
          columnCount: 1,
          cells: [{rowIndex: 0, columnIndex: 0, content: ':formula: x', spans: [{offset: 12, length: 11}]}],
          spans: [{offset: 12, length: 11}],
          boundingRegions: region,
          caption: {
            content: 'T :formula:',
            spans: [{offset: 0, length: 11}],
            boundingRegions: [{pageNumber: 1, polygon: [1, 0.5, 3, 0.5, 3, 0.9, 1, 0.9]}]
          }
        }
      ]
    }
    const {document, warnings} = fromAzureLayout(json)
    expect(document.pages[0]!.blocks.map((b: Json) => b.text ?? b.rows)).toEqual(['T \\alpha', [['\\beta x']]])
    expect(warnings.filter((w) => w.code === 'formula_not_carried')).toEqual([])
  })

  it('rejects what is not of the format with the place', () => {
    expect(() => fromDocling({schema_name: 'DoclingDocument', pages: {}, texts: []})).toThrow(/pages.*no pages/s)
    expect(() => fromTextract({Blocks: 3})).toThrow(/Blocks/)
    expect(() => fromAzureLayout({analyzeResult: {pages: 'x'}})).toThrow(/analyzeResult\.pages/)
    expect(() => fromDocling(load('docling', 'right_to_left_01.json'), {fileHash: 'md5:0'})).toThrow(/fileHash/)
  })
})
