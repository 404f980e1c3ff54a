// Hostile shapes for the importers (fromTextract, fromDocling, fromAzureLayout): every part that once
// scanned the whole input per block (tables per layout region, captions per picture child, owned
// spans and words per paragraph, formulas per formula block), and trees nested deep.
import {fromAzureLayout, fromDocling, fromTextract} from '../../src/import/index.js'
import type {CostShape} from './types.js'

const bbox = (left: number, top: number, width: number, height: number) => ({
  BoundingBox: {Left: left, Top: top, Width: width, Height: height}
})

/** n LAYOUT_TABLE regions stacked down one page, each over its TABLE (reaching off the page: a clamp warning each). */
function textractTables(n: number, sameBox: boolean) {
  const Blocks: unknown[] = [{Id: 'p', BlockType: 'PAGE', Page: 1, Geometry: bbox(0, 0, 1, 1)}]
  for (let i = 0; i < n; i++) {
    const top = sameBox ? 0 : i / n
    const height = sameBox ? 1 : 1 / n
    Blocks.push({Id: `L${i}`, BlockType: 'LAYOUT_TABLE', Page: 1, Geometry: bbox(0, top, 1, height)})
    Blocks.push({Id: `T${i}`, BlockType: 'TABLE', Page: 1, Geometry: bbox(0, top, 1.5, height)})
  }
  return {Blocks}
}

/** One line of 1k words that n layout blocks all list. */
function textractSharedLine(n: number) {
  const words = Array.from({length: 1000}, (_, i) => ({Id: `w${i}`, BlockType: 'WORD', Text: 'w', Page: 1, Geometry: bbox(0, 0, 0.1, 0.1)}))
  const line = {
    Id: 'line',
    BlockType: 'LINE',
    Text: 'w '.repeat(1000).trim(),
    Page: 1,
    Geometry: bbox(0, 0, 1, 0.1),
    Relationships: [{Type: 'CHILD', Ids: words.map((w) => w.Id)}]
  }
  const layouts = Array.from({length: n}, (_, i) => ({
    Id: `L${i}`,
    BlockType: 'LAYOUT_TEXT',
    Page: 1,
    Geometry: bbox(0, 0, 1, 0.1),
    Relationships: [{Type: 'CHILD', Ids: ['line']}]
  }))
  return {Blocks: [...layouts, line, ...words]}
}

/** A picture with n text children and n captions (the reviewer's dq.mjs). */
function doclingPicture(n: number) {
  const prov = [{page_no: 1, bbox: {l: 10, t: 700, r: 100, b: 690, coord_origin: 'BOTTOMLEFT'}, charspan: [0, 1]}]
  const texts = Array.from({length: 2 * n}, (_, i) => ({self_ref: `#/texts/${i}`, label: i < n ? 'caption' : 'text', text: `w${i}`, prov}))
  const picture = {
    self_ref: '#/pictures/0',
    label: 'picture',
    prov,
    children: Array.from({length: n}, (_, i) => ({$ref: `#/texts/${n + i}`})),
    captions: Array.from({length: n}, (_, i) => ({$ref: `#/texts/${i}`})),
    footnotes: []
  }
  return {
    schema_name: 'DoclingDocument',
    version: '1.3.0',
    name: 'x',
    origin: {mimetype: 'application/pdf'},
    body: {self_ref: '#/body', children: [{$ref: '#/pictures/0'}]},
    furniture: {children: []},
    groups: [],
    texts,
    tables: [],
    pictures: [picture],
    pages: {'1': {size: {width: 612, height: 792}, page_no: 1}}
  }
}

const poly = [1, 1, 2, 1, 2, 1.2, 1, 1.2]
const region = [{pageNumber: 1, polygon: poly}]
const azurePage = (extra: Record<string, unknown> = {}) => ({
  pageNumber: 1,
  width: 8.5,
  height: 11,
  unit: 'inch',
  words: [],
  lines: [],
  ...extra
})

/** Sections nested n deep, a heading at the bottom (the reviewer's az.mjs deep). */
function azureDeep(n: number) {
  const sections = Array.from({length: n}, (_, i) => ({elements: i + 1 < n ? [`/sections/${i + 1}`] : ['/paragraphs/0']}))
  const paragraphs = [{content: 'h', role: 'sectionHeading', spans: [{offset: 0, length: 1}], boundingRegions: region}]
  return {analyzeResult: {pages: [azurePage()], paragraphs, sections, content: 'h'}}
}

/** n tables each owning a span, n paragraphs beside them (each checked against every owned span, once). */
function azureOwned(n: number) {
  const tables = Array.from({length: n}, (_, i) => ({
    rowCount: 1,
    columnCount: 1,
    cells: [{rowIndex: 0, columnIndex: 0, content: `c${i}`, spans: [{offset: 10 * i, length: 1}]}],
    spans: [{offset: 10 * i, length: 1}],
    boundingRegions: region
  }))
  const paragraphs = Array.from({length: n}, (_, i) => ({
    content: `p${i}`,
    spans: [{offset: 10 * i + 5, length: 2}],
    boundingRegions: region
  }))
  return {analyzeResult: {pages: [azurePage()], paragraphs, tables, content: ''}}
}

/** n words and n paragraphs whose span covers them all (each paragraph's confidence over every word, once). */
function azureConfidence(n: number) {
  const words = Array.from({length: n}, (_, i) => ({content: 'w', confidence: 0.9, span: {offset: i, length: 1}, polygon: poly}))
  const paragraphs = Array.from({length: n}, (_, i) => ({content: `p${i}`, spans: [{offset: 0, length: 1e9}], boundingRegions: region}))
  return {analyzeResult: {pages: [azurePage({words})], paragraphs, content: ''}}
}

/** n formula blocks and n formulas, all at the same place on one page. */
function azureFormulas(n: number) {
  const formulas = Array.from({length: n}, (_, i) => ({kind: 'display', value: `x_${i}`, polygon: poly, confidence: 0.9}))
  const paragraphs = Array.from({length: n}, (_, i) => ({
    content: ':formula:',
    role: 'formulaBlock',
    spans: [{offset: i, length: 1}],
    boundingRegions: region
  }))
  return {analyzeResult: {pages: [azurePage({formulas})], paragraphs, content: ''}}
}

/** n paragraphs each spanning the whole content, n inline formulas in it: each paragraph takes the next untaken one. */
function azureInlineFormulas(n: number) {
  const content = ':formula:'.repeat(n)
  const whole = [{offset: 0, length: content.length}]
  const paragraphs = Array.from({length: n}, () => ({content: ':formula:', spans: whole, boundingRegions: region}))
  const formulas = Array.from({length: n}, (_, i) => ({kind: 'inline', value: `x${i}`, span: {offset: 9 * i, length: 9}, polygon: poly}))
  return {analyzeResult: {pages: [azurePage({formulas})], paragraphs, content}}
}

export const shapes: CostShape[] = [
  {
    name: '1k·n LAYOUT_TABLEs stacked on one page, each over its TABLE (off the page: clamped)',
    entry: 'fromTextract',
    make: (scale) => textractTables(1000 * scale, false),
    run: (input) => fromTextract(input)
  },
  {
    name: '1k·n LAYOUT_TABLEs and TABLEs all with the same box',
    entry: 'fromTextract',
    make: (scale) => textractTables(1000 * scale, true),
    run: (input) => fromTextract(input)
  },
  {
    name: 'one line of 1k words listed by 1k·n layout blocks',
    entry: 'fromTextract',
    make: (scale) => textractSharedLine(1000 * scale),
    run: (input) => fromTextract(input)
  },
  {
    name: 'a picture with 1k·n text children and 1k·n captions',
    entry: 'fromDocling',
    make: (scale) => doclingPicture(1000 * scale),
    run: (input) => fromDocling(input)
  },
  {
    name: 'sections nested 10k·n deep',
    entry: 'fromAzureLayout',
    make: (scale) => azureDeep(10_000 * scale),
    run: (input) => fromAzureLayout(input)
  },
  {
    name: '1k·n tables owning spans, 1k·n paragraphs beside them',
    entry: 'fromAzureLayout',
    make: (scale) => azureOwned(1000 * scale),
    run: (input) => fromAzureLayout(input)
  },
  {
    name: '1k·n words, 1k·n paragraphs each spanning all of them',
    entry: 'fromAzureLayout',
    make: (scale) => azureConfidence(1000 * scale),
    run: (input) => fromAzureLayout(input)
  },
  {
    name: '1k·n formula blocks over 1k·n formulas at one place',
    entry: 'fromAzureLayout',
    make: (scale) => azureFormulas(1000 * scale),
    run: (input) => fromAzureLayout(input)
  },
  {
    name: '5k·n paragraphs over the whole content, 5k·n inline formulas in it',
    entry: 'fromAzureLayout',
    make: (scale) => azureInlineFormulas(5000 * scale),
    run: (input) => fromAzureLayout(input)
  }
]
