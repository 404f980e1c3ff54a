import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fc, test} from '@fast-check/vitest'
import {Ajv2020} from 'ajv/dist/2020.js'
import type {Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/run.js'
import {
  type Block,
  type Document,
  type RenderOptions,
  type SourceMap,
  OptionsError,
  blocksAt,
  entriesIn,
  render,
  toJSONSchema,
  toCodePointOffsets,
  toMdast,
  toUtf8Offsets
} from '../../src/index.js'
import {singleLine} from '../../src/render/text.js'
import {documentArb, shuffleKeys} from '../helpers/arbitraries.js'
import {doc} from '../helpers/render-checks.js'

const reader = unified().use(remarkParse).use(remarkGfm).use(remarkMath)
const read = (markdown: string) => reader.parse(markdown) as Root
const norm = (text: string) => text.replace(/\s+/g, ' ').trim()
/** The text of the leaf blocks and image alts, as the reader gives it. */
function textOf(tree: Nodes): string {
  const out: string[] = []
  const walk = (node: Nodes) => {
    if (['paragraph', 'heading', 'tableCell', 'code', 'math'].includes(node.type)) out.push(toString(node))
    else if ('children' in node) node.children.forEach(walk)
  }
  walk(tree)
  return norm(out.join(' '))
}

/** Unique block ids (the generator repeats them), so entries can be told apart by id. */
const uniqueIds = (document: Document): Document => ({
  ...document,
  pages: document.pages.map((page, p) => ({...page, blocks: page.blocks.map((block, i) => ({...block, id: `p${p}b${i}`}) as Block)}))
})
const optionsArb: fc.Arbitrary<RenderOptions> = fc.record({
  furniture: fc.boolean(),
  pageBreaks: fc.constantFrom('none', 'rule', 'comment' as const),
  images: fc.constantFrom('placeholder', 'embed', 'omit' as const),
  embeddedText: fc.boolean(),
  minConfidence: fc.constantFrom(undefined, 0.5)
})
const withMap = (input: Document, options: RenderOptions) => render(input, {...options, sourceMap: true})

describe('render with sourceMap: true', () => {
  it('gives each block its part of the markdown, and each table cell its text', () => {
    const input = doc([
      {type: 'heading', text: 'Title 🙂'},
      {type: 'paragraph', text: 'a\n\nb'},
      {type: 'table', headers: ['h', ''], rows: [['x | y', '1']]},
      {type: 'page_header', text: 'left out'},
      {type: 'chart', chart_type: 'bar', title: 'T', categories: ['c'], series: [{name: 's', values: [1]}]}
    ])
    const {markdown, sourceMap} = render(input, {sourceMap: true, pageBreaks: 'comment'})
    expect(markdown).toBe(
      '<!-- page 1 -->\n\n## Title 🙂\n\na\n\nb\n\n| h | |\n| - | - |\n| x \\| y | 1 |\n\n**T**\n\n| | s |\n| - | - |\n| c | 1 |\n'
    )
    const slices = sourceMap.entries.map((entry) => [entry.blockId, entry.type, markdown.slice(entry.start, entry.end)])
    expect(slices).toEqual([
      ['b0', 'heading', '## Title 🙂'],
      ['b1', 'paragraph', 'a\n\nb'],
      ['b2', 'table', '| h | |\n| - | - |\n| x \\| y | 1 |'],
      ['b4', 'chart', '**T**\n\n| | s |\n| - | - |\n| c | 1 |']
    ])
    expect(sourceMap.entries[2]!.cells!.map((cell) => [cell.row, cell.col, markdown.slice(cell.start, cell.end)])).toEqual([
      [0, 0, 'h'],
      [0, 1, ''],
      [1, 0, 'x \\| y'],
      [1, 1, '1']
    ])
    expect(sourceMap.entries[0]).toMatchObject({page: 1, bbox: [0, 0, 1, 0.01]})
    expect(sourceMap).toMatchObject({version: 1, unit: 'utf16'})
  })

  it('maps the cells of a table without headers to their source rows, the header row being rows[0]', () => {
    const input = doc([{type: 'table', headers: [], rows: [['a', 'b'], ['c'], ['d', 'e', 'f']]}])
    const {markdown, sourceMap} = render(input, {sourceMap: true})
    expect(markdown).toBe('| a | b | |\n| - | - | - |\n| c |\n| d | e | f |\n')
    // The header's filler cell has no source cell: it is not in the map.
    expect(sourceMap.entries[0]!.cells!.map((cell) => [cell.row, cell.col, markdown.slice(cell.start, cell.end)])).toEqual([
      [1, 0, 'a'],
      [1, 1, 'b'],
      [2, 0, 'c'],
      [3, 0, 'd'],
      [3, 1, 'e'],
      [3, 2, 'f']
    ])
  })

  it('maps the cells of a table without headers whose first rows are empty: the header row is the first row with text', () => {
    const input = doc([{type: 'table', headers: [' '], rows: [[], ['', ' '], ['a', 'b'], ['c']]}])
    const {markdown, sourceMap} = render(input, {sourceMap: true})
    expect(markdown).toBe('| a | b |\n| - | - |\n| c |\n')
    expect(sourceMap.entries[0]!.cells!.map((cell) => [cell.row, cell.col, markdown.slice(cell.start, cell.end)])).toEqual([
      [3, 0, 'a'],
      [3, 1, 'b'],
      [4, 0, 'c']
    ])
  })

  it('gives a block listed twice two entries, the blank line between them outside both', () => {
    const [block] = doc([{type: 'paragraph', text: 'twice'}]).pages[0]!.blocks
    const {markdown, sourceMap} = render([block!, block!], {sourceMap: true})
    expect(markdown).toBe('twice\n\ntwice\n')
    expect(sourceMap.entries.map(({start, end}) => [start, end])).toEqual([
      [0, 5],
      [7, 12]
    ])
  })

  it('refuses a sourceMap option that is not a boolean', () => {
    expect(() => render(doc([]), {sourceMap: 'yes' as never})).toThrow(OptionsError)
  })

  test.prop([documentArb.map(uniqueIds), optionsArb], {numRuns: 120})(
    'entries are sorted, apart, inside the markdown, one per block with output; separators lie outside',
    (input, options) => {
      const {markdown, sourceMap} = withMap(input, options)
      expect(render(input, options).markdown).toBe(markdown)
      let previous = 0
      let outside = ''
      for (const entry of sourceMap.entries) {
        expect(entry.start).toBeGreaterThanOrEqual(previous)
        expect(entry.end).toBeGreaterThan(entry.start)
        outside += markdown.slice(previous, entry.start)
        previous = entry.end
      }
      expect(previous).toBeLessThanOrEqual(markdown.length)
      outside += markdown.slice(previous)
      // Only blank lines, page comments and page rules between entries.
      expect(outside.replace(/<!-- page \d+ -->|^---$/gm, '').trim()).toBe('')
      // The blocks with output, in order: consecutive top-level nodes of one block are one entry.
      const owners = toMdast(input, options).children.flatMap((node) => (node.data?.blockId === undefined ? [] : [node.data.blockId]))
      expect(sourceMap.entries.map((entry) => entry.blockId)).toEqual(owners.filter((id, i) => id !== owners[i - 1]))
    }
  )

  test.prop([documentArb.map(uniqueIds), optionsArb], {numRuns: 100})(
    'read back: every top-level node lies in one entry, each slice reads as its block rendered alone, each cell as its cell',
    (input, options) => {
      const {markdown, sourceMap} = withMap(input, options)
      const blocks = new Map(input.pages.flatMap((page) => page.blocks).map((block) => [block.id, block]))
      for (const node of read(markdown).children) {
        const {start, end} = {start: node.position!.start.offset!, end: node.position!.end.offset!}
        const holding = sourceMap.entries.filter((entry) => entry.start <= start && end <= entry.end)
        if (node.type === 'html' && /^<!-- page \d+ -->$/.test(node.value)) expect(holding).toEqual([])
        else if (node.type === 'thematicBreak' && options.pageBreaks === 'rule' && holding.length === 0) continue
        else expect(holding, `${node.type} at ${start}`).toHaveLength(1)
      }
      for (const entry of sourceMap.entries) {
        const alone = render({...input, pages: [{page: entry.page, blocks: [blocks.get(entry.blockId)!]}]}, options)
        const slice = read(markdown.slice(entry.start, entry.end))
        expect(textOf(slice)).toBe(textOf(read(alone.markdown)))
        for (const cell of entry.cells ?? []) {
          const table = read(markdown).children.find(
            (node) => node.type === 'table' && node.position!.start.offset! >= entry.start && node.position!.end.offset! <= entry.end
          )
          expect(table?.type).toBe('table')
          if (table?.type !== 'table') continue
          // Read inline after a letter, so a cell that starts like a block is read as cell text.
          const text = norm(toString(read('x' + markdown.slice(cell.start, cell.end))).slice(1))
          // A table's cells name their row in the document's table (0: headers, i + 1: rows[i]),
          // a chart's their row in the rendered table.
          const block = blocks.get(entry.blockId)!
          if (block.type === 'table') {
            const {headers, rows} = block as Extract<Block, {type: 'table'}>
            expect(text).toBe(norm(singleLine(cell.row === 0 ? headers[cell.col]! : rows[cell.row - 1]![cell.col]!)))
          } else expect(text).toBe(norm(toString(table.children[cell.row]!.children[cell.col]!)))
        }
      }
    }
  )

  test.prop([documentArb, optionsArb, fc.integer()], {numRuns: 60})('gives the same map whatever the key order', (input, options, seed) => {
    expect(withMap(shuffleKeys(input, seed) as Document, options).sourceMap).toEqual(withMap(input, options).sourceMap)
  })
})

describe('offsets in other units', () => {
  const check = (markdown: string, sourceMap: SourceMap) => {
    const utf8 = toUtf8Offsets(sourceMap, markdown)
    const points = toCodePointOffsets(sourceMap, markdown)
    expect([utf8.unit, points.unit]).toEqual(['utf8', 'codepoint'])
    const bytes = Buffer.from(markdown)
    const codePoints = [...markdown]
    sourceMap.entries.forEach((entry, i) => {
      const pairs: Array<[{start: number; end: number}, {start: number; end: number}, {start: number; end: number}]> = [
        [entry, utf8.entries[i]!, points.entries[i]!],
        ...(entry.cells ?? []).map(
          (cell, j) => [cell, utf8.entries[i]!.cells![j]!, points.entries[i]!.cells![j]!] as (typeof pairs)[number]
        )
      ]
      for (const [u16, u8, cp] of pairs) {
        expect(u8.start).toBe(Buffer.byteLength(markdown.slice(0, u16.start)))
        expect(u8.end).toBe(Buffer.byteLength(markdown.slice(0, u16.end)))
        expect(bytes.subarray(u8.start, u8.end).toString()).toBe(markdown.slice(u16.start, u16.end))
        expect(cp.start).toBe([...markdown.slice(0, u16.start)].length)
        expect(codePoints.slice(cp.start, cp.end).join('')).toBe(markdown.slice(u16.start, u16.end))
      }
    })
  }

  it('stay exact with astral characters, CJK extension B, CRLF, NUL and RTL text', () => {
    const text = 'emoji 🙂👍🏽 𠀀𠀁 end\r\nעברית ومرحبا\0 x'
    const input = doc([
      {type: 'paragraph', text},
      {type: 'heading', text: '𠀀 title 🙂'},
      {type: 'table', headers: ['🙂', '𠀀'], rows: [[text, 'ע']]},
      {type: 'list', text: '- 🙂\n- 𠀀'}
    ])
    const {markdown, sourceMap} = render(input, {sourceMap: true})
    expect(sourceMap.entries).toHaveLength(4)
    check(markdown, sourceMap)
  })

  test.prop([documentArb, optionsArb], {numRuns: 80})('round-trip against Buffer.byteLength and [...string]', (input, options) => {
    const {markdown, sourceMap} = withMap(input, options)
    check(markdown, sourceMap)
  })
})

describe('lookups', () => {
  test.prop([documentArb, fc.array(fc.nat(), {maxLength: 20})], {numRuns: 80})(
    'blocksAt and entriesIn agree with a linear scan',
    (input, picks) => {
      const {markdown, sourceMap} = render(input, {sourceMap: true})
      for (const pick of picks) {
        const offset = pick % (markdown.length + 1)
        const end = offset + (pick % 7)
        expect(blocksAt(sourceMap, offset)).toEqual(sourceMap.entries.filter((e) => e.start <= offset && offset < e.end))
        expect(entriesIn(sourceMap, offset, end)).toEqual(
          end > offset ? sourceMap.entries.filter((e) => e.start < end && e.end > offset) : blocksAt(sourceMap, offset)
        )
      }
    }
  )

  it('finds the page and bbox of a phrase found in the markdown (the README example)', () => {
    const input = doc([
      {type: 'heading', text: 'Results'},
      {type: 'paragraph', text: 'Net revenue rose 12% to $4.1M.'}
    ])
    const {markdown, sourceMap} = render(input, {sourceMap: true})
    const at = markdown.indexOf('revenue rose')
    const [entry] = blocksAt(sourceMap, at)
    expect(entry).toMatchObject({blockId: 'b1', type: 'paragraph', page: 1, bbox: [0, 0.01, 1, 0.02]})
    expect(entriesIn(sourceMap, 0, markdown.length).map((e) => e.blockId)).toEqual(['b0', 'b1'])
  })
})

describe('the source map contract', () => {
  it('validates against its JSON Schema, which schemas/ holds up to date (npm run schemas)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schemas/source-map.schema.json', import.meta.url), 'utf8'))
    expect(committed).toEqual(toJSONSchema('source-map'))
    const validate = new Ajv2020({strict: false}).compile(committed)
    const {markdown, sourceMap} = render(
      doc([
        {type: 'table', headers: ['a'], rows: [['b']]},
        {type: 'paragraph', text: 'c'}
      ]),
      {sourceMap: true}
    )
    for (const map of [sourceMap, toUtf8Offsets(sourceMap, markdown), toCodePointOffsets(sourceMap, markdown)])
      expect(validate(map), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({...sourceMap, version: 2})).toBe(false)
    expect(validate({...sourceMap, entries: [{...sourceMap.entries[0], start: -1}]})).toBe(false)
  })

  it('is written by `docmodel render --source-map FILE`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docmodel-map-'))
    const input = doc([
      {type: 'heading', text: 'A'},
      {type: 'paragraph', text: 'b'}
    ])
    writeFileSync(join(dir, 'doc.json'), JSON.stringify(input))
    let stderr = ''
    const io = {
      stdin: process.stdin,
      stdout: {write: () => true},
      stderr: {write: (chunk: string) => ((stderr += chunk), true)},
      env: {}
    }
    const code = await runCli(
      ['render', join(dir, 'doc.json'), '-o', join(dir, 'doc.md'), '--source-map', join(dir, 'doc.map.json')],
      io as never
    )
    expect([code, stderr]).toEqual([0, ''])
    const markdown = readFileSync(join(dir, 'doc.md'), 'utf8')
    const map = JSON.parse(readFileSync(join(dir, 'doc.map.json'), 'utf8')) as SourceMap
    expect(map).toEqual(render(input, {sourceMap: true}).sourceMap)
    expect(map.entries.map((entry) => markdown.slice(entry.start, entry.end))).toEqual(['## A', 'b'])
  })
})
