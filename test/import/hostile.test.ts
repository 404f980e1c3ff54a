import {describe, expect, it} from 'vitest'
import {fromAzureLayout, fromDocling, fromTextract} from '../../src/import/index.js'

// Inputs an attacker (or a broken exporter) writes: every one gives a clear error with its place,
// or a document, never a crash, a hang or memory in proportion to a number in the input.
const docling = (extra: Record<string, unknown>) => ({
  schema_name: 'DoclingDocument',
  pages: {'1': {size: {width: 612, height: 792}, page_no: 1}},
  texts: [],
  ...extra
})
const prov = [{page_no: 1, bbox: {l: 0, t: 10, r: 10, b: 0, coord_origin: 'BOTTOMLEFT'}, charspan: [0, 1]}]

describe('hostile sources', () => {
  it('docling: a page number in the billions is refused, not allocated', () => {
    expect(() => fromDocling(docling({pages: {'1000000000': {size: {width: 1, height: 1}, page_no: 1e9}}}))).toThrow(
      /pages.*at most 100000 pages/s
    )
  })

  it('docling: a table claiming a billion rows is refused at its place', () => {
    const table = {
      self_ref: '#/tables/0',
      label: 'table',
      prov,
      data: {
        num_rows: 1e9,
        num_cols: 1e3,
        table_cells: [{text: 'x', start_row_offset_idx: 0, end_row_offset_idx: 1, start_col_offset_idx: 0, end_col_offset_idx: 1}]
      }
    }
    expect(() => fromDocling(docling({tables: [table], body: {children: [{$ref: '#/tables/0'}]}}))).toThrow(/tables\[0\]\.data.*refused/s)
  })

  it('docling: a group nested a hundred thousand deep is refused, and a reference cycle ends', () => {
    const depth = 100_000
    const groups = Array.from({length: depth}, (_, i) => ({
      self_ref: `#/groups/${i}`,
      label: 'chapter',
      children: i + 1 < depth ? [{$ref: `#/groups/${i + 1}`}] : []
    }))
    expect(() => fromDocling(docling({groups, body: {children: [{$ref: '#/groups/0'}]}}))).toThrow(/nested too deeply/)
    const cycle = [
      {self_ref: '#/groups/0', label: 'chapter', children: [{$ref: '#/groups/1'}]},
      {self_ref: '#/groups/1', label: 'chapter', children: [{$ref: '#/groups/0'}, {$ref: '#/texts/0'}]}
    ]
    const texts = [{self_ref: '#/texts/0', label: 'text', text: 'kept', orig: 'kept', prov}]
    const {document} = fromDocling(docling({groups: cycle, texts, body: {children: [{$ref: '#/groups/0'}]}}))
    expect(document.pages[0]!.blocks.map((block) => (block as {text?: string}).text)).toEqual(['kept'])
  })

  it('docling: references to nothing are warned, not followed', () => {
    const {warnings} = fromDocling(docling({body: {children: [{$ref: '#/texts/99'}, {$ref: '#/../etc'}, 'x']}}))
    expect(warnings.filter((w) => w.code === 'unresolved_ref').map((w) => w.pointer)).toEqual([
      '/body/children/0',
      '/body/children/1',
      '/body/children/2'
    ])
  })

  it('textract: a Page in the billions and a cell at row 1e9 are refused', () => {
    expect(() => fromTextract({Blocks: [{Id: 'a', BlockType: 'LINE', Text: 'x', Page: 1e9}]})).toThrow(/at most 100000 pages/)
    const blocks = [
      {
        Id: 't',
        BlockType: 'TABLE',
        Geometry: {BoundingBox: {Left: 0, Top: 0, Width: 1, Height: 1}},
        Relationships: [{Type: 'CHILD', Ids: ['c']}]
      },
      {Id: 'c', BlockType: 'CELL', RowIndex: 1e9, ColumnIndex: 1e3}
    ]
    expect(() => fromTextract({Blocks: blocks})).toThrow(/Blocks\[0\].*refused/s)
  })

  it('textract: 140,000 blocks import (no spread of the whole array)', () => {
    // Past any spread's reach: 140,000 arguments need ~1.1 MB of stack, more than V8's default (~984 KB).
    const blocks = Array.from({length: 140_000}, (_, i) => ({Id: `w${i}`, BlockType: 'WORD', Text: 'w', Page: 1}))
    expect(fromTextract({Blocks: blocks}).document.source.page_count).toBe(1)
  })

  it('azure: a pageNumber in the billions and a rowCount of 1e9 are refused', () => {
    expect(() => fromAzureLayout({pages: [{pageNumber: 1e9, width: 1, height: 1}]})).toThrow(/at most 100000 pages/)
    const table = {
      rowCount: 1e9,
      columnCount: 1e3,
      cells: [],
      boundingRegions: [{pageNumber: 1, polygon: [0, 0, 1, 0, 1, 1, 0, 1]}],
      spans: []
    }
    expect(() => fromAzureLayout({pages: [{pageNumber: 1, width: 8.5, height: 11, unit: 'inch'}], tables: [table]})).toThrow(
      /tables\[0\].*refused/s
    )
  })

  it('azure: formulas that are not formulas, or that nothing holds, are warned at their place', () => {
    const polygon = [0, 0, 1, 0, 1, 1, 0, 1]
    const formulas = [
      3,
      {value: 7},
      {value: 'a', span: {offset: 'x'}, polygon: [1e9, 1e9, 2e9, 2e9]},
      {value: 'b', span: {offset: 0, length: 1e12}}
    ]
    const paragraphs = [{content: ':formula:', spans: [{offset: 0, length: 9}], boundingRegions: [{pageNumber: 1, polygon}]}]
    const {document, warnings} = fromAzureLayout({
      content: ':formula:',
      pages: [{pageNumber: 1, width: 8.5, height: 11, unit: 'inch', formulas}],
      paragraphs
    })
    expect(document.pages[0]!.blocks.map((b) => (b as {text: string}).text)).toEqual([':formula:'])
    expect(warnings.filter((w) => w.code.includes('formula')).map((w) => [w.code, w.pointer])).toEqual([
      ['invalid_formula', '/pages/0/formulas/0'],
      ['invalid_formula', '/pages/0/formulas/1'],
      ['formula_not_carried', '/pages/0/formulas/2'],
      ['formula_not_carried', '/pages/0/formulas/3']
    ])
  })
})
