// Output linear in input (SECURITY.md): markdown bytes ≤ LINEAR_OUTPUT × the document's JSON bytes,
// for ragged tables and sparse charts (the shapes that once grew quadratically: a table of one row
// of n cells and n one-cell rows was padded to n² cells; 3,000 series without values over 3,000
// categories wrote 18 MB from 109 KB), in the render and in every chunk's text together.
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {type Document, chunkDocument, renderMarkdown} from '../../src/index.js'
import {doc} from '../helpers/render-checks.js'

/** The documented constant (SECURITY.md, README). */
const LINEAR_OUTPUT = 3

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')
const cellArb = fc.constantFrom('', '', 'x', 'ab cd', '|', '*', '\\', '<b>', '_', '[', '🙂', 'Revenue', '\n', ' ')
/** Row widths: mostly 0–3, sometimes wide (the n × 1 + 1 × n shape and its mixes). */
const widthArb = fc.oneof({weight: 6, arbitrary: fc.nat({max: 3})}, {weight: 1, arbitrary: fc.integer({min: 40, max: 300})})
const rowArb = widthArb.chain((width) => fc.array(cellArb, {minLength: width, maxLength: width}))
const tableArb = fc.record({
  type: fc.constant('table'),
  headers: fc.oneof(fc.constant([]), fc.array(cellArb, {maxLength: 4})),
  rows: fc.array(rowArb, {maxLength: 120})
})
const valueArb = fc.oneof(fc.constant(null), fc.double({noNaN: true, noDefaultInfinity: true}), fc.integer())
const chartArb = fc
  .record({
    categories: fc.array(cellArb, {maxLength: 200}),
    series: fc.array(fc.record({name: cellArb, values: fc.array(valueArb, {maxLength: 8})}), {maxLength: 200}),
    data_table: fc.option(fc.array(rowArb, {maxLength: 20}), {nil: undefined, freq: 4}),
    title: fc.option(cellArb, {nil: undefined})
  })
  .map((chart) => ({type: 'chart', chart_type: 'bar', ...chart}))
const docArb = fc.array(fc.oneof(tableArb, chartArb), {minLength: 1, maxLength: 3}).map((blocks) => doc(blocks))

const ratio = (markdown: string, input: Document) => bytes(markdown) / bytes(JSON.stringify(input))

describe('output linear in input', () => {
  test.prop([docArb], {numRuns: 300})(`render: markdown bytes ≤ ${LINEAR_OUTPUT} × JSON bytes over ragged tables and charts`, (input) => {
    expect(ratio(renderMarkdown(input), input)).toBeLessThanOrEqual(LINEAR_OUTPUT)
  })

  test.prop([docArb, fc.constantFrom(32, 64, 256)], {numRuns: 60})(
    `chunk: every chunk's text together ≤ ${LINEAR_OUTPUT} × JSON bytes`,
    async (input, maxTokens) => {
      const chunks = await chunkDocument(input, {maxTokens, headings: false})
      expect(ratio(chunks.map((chunk) => chunk.text).join('\n\n'), input)).toBeLessThanOrEqual(LINEAR_OUTPUT)
    }
  )

  it('writes a table of one row of n cells and n one-cell rows in linear size (it was padded to n²)', async () => {
    const n = 2000
    const input = doc([
      {type: 'table', headers: [], rows: [Array.from({length: n}, (_, i) => `${i}`), ...Array.from({length: n}, (_, i) => [`${i}`])]}
    ])
    expect(ratio(renderMarkdown(input), input)).toBeLessThanOrEqual(LINEAR_OUTPUT)
    const chunks = await chunkDocument(input, {maxTokens: 256})
    expect(ratio(chunks.map((chunk) => chunk.text).join('\n\n'), input)).toBeLessThanOrEqual(LINEAR_OUTPUT)
  })

  it('chunks a table whose header row takes most of the limit without repeating it for every row (it was 94× the JSON)', async () => {
    const input = doc([{type: 'table', headers: Array.from({length: 50}, () => 'Revenue'), rows: Array.from({length: 200}, () => ['x'])}])
    const chunks = await chunkDocument(input, {maxTokens: 32})
    expect(ratio(chunks.map((chunk) => chunk.text).join('\n\n'), input)).toBeLessThanOrEqual(LINEAR_OUTPUT)
    // The header once (by columns), then the rows.
    expect(chunks[0]!.text).toMatch(/^\| Revenue \| Revenue/)
    expect(chunks.at(-1)!.text).toMatch(/^\| x \|\n\| - \|(\n\| x \|)+$/)
  })

  it('writes a chart of n series without values over n categories in linear size (it was an n × n grid of empties)', async () => {
    const n = 1000
    const input = doc([
      {
        type: 'chart',
        chart_type: 'bar',
        categories: Array.from({length: n}, (_, i) => `c${i}`),
        series: Array.from({length: n}, (_, i) => ({name: `s${i}`, values: []}))
      }
    ])
    expect(ratio(renderMarkdown(input), input)).toBeLessThanOrEqual(LINEAR_OUTPUT)
    const chunks = await chunkDocument(input, {maxTokens: 256})
    expect(ratio(chunks.map((chunk) => chunk.text).join('\n\n'), input)).toBeLessThanOrEqual(LINEAR_OUTPUT)
  })
})
