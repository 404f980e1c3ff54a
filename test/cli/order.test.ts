// --order geometry end to end in the CLI: a document whose indexes lie (reversed) renders,
// chunks, previews and converts in layout order; `filter --order geometry | render` too.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {type Chunk, chunkDocument, renderMarkdown, renderPreviewHtml} from '../../src/index.js'
import {LAYOUT_IDS, documentOf, reverseIndexes, twoColumnBlocks} from '../helpers/layout-pages.js'
import {cli, tempDir} from './helpers.js'

const truth = documentOf(twoColumnBlocks())
const lying = reverseIndexes(truth)
const expected = renderMarkdown(truth)

function lyingFile() {
  const dir = tempDir()
  mkdirSync(join(dir, 'in'))
  writeFileSync(join(dir, 'in/lying.json'), JSON.stringify(lying))
  return {dir, file: join(dir, 'in/lying.json')}
}
const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Chunk)

describe('--order geometry', {timeout: 30_000}, () => {
  it('render reads the layout; without it, the (reversed) indexes', async () => {
    const {file} = lyingFile()
    const run = await cli(['render', file, '--order', 'geometry'])
    expect(run).toMatchObject({code: 0, stdout: expected, stderr: ''})
    expect((await cli(['render', file])).stdout).not.toBe(expected)
    expect((await cli(['render', file, '--order', 'geometry', '--direction', 'ltr'])).stdout).toBe(expected)
  })

  it('filter --order geometry | render gives the layout order (the indexes are rewritten to agree)', async () => {
    const {file} = lyingFile()
    const filtered = await cli(['filter', file, '--order', 'geometry'])
    expect(filtered.code).toBe(0)
    const blocks = JSON.parse(filtered.stdout).pages[0].blocks as Array<{id: string; reading_order_index: number}>
    expect(blocks.map((b) => b.id)).toEqual(LAYOUT_IDS)
    expect(blocks.map((b) => b.reading_order_index)).toEqual([0, 1, 2, 3, 4, 5])
    expect((await cli(['render', '-'], {stdin: filtered.stdout})).stdout).toBe(expected)
  })

  it('the source map of render follows the layout order', async () => {
    const {dir, file} = lyingFile()
    const map = join(dir, 'map.json')
    expect((await cli(['render', file, '--order', 'geometry', '-o', join(dir, 'out.md'), '--source-map', map])).code).toBe(0)
    expect(JSON.parse(readFileSync(map, 'utf8')).entries.map((e: {blockId: string}) => e.blockId)).toEqual(LAYOUT_IDS)
  })

  it('chunk writes the chunks of the layout order, spans included', async () => {
    const {file} = lyingFile()
    const run = await cli(['chunk', file, '--max-tokens', '1000', '--order', 'geometry'])
    expect(run.code).toBe(0)
    const chunks = lines(run.stdout)
    expect(chunks.map((c) => c.text)).toEqual((await chunkDocument(truth, {maxTokens: 1000})).map((c) => c.text))
    expect(chunks.flatMap((c) => c.spans.map((s) => s.blockId))).toEqual(LAYOUT_IDS)
  })

  it('preview draws and lists the layout order', async () => {
    const {file} = lyingFile()
    const run = await cli(['preview', file, '--order', 'geometry'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(renderPreviewHtml(truth))
    expect((await cli(['preview', file])).stdout).toBe(renderPreviewHtml(lying))
  })

  it('batch converts every format in the layout order', async () => {
    const {dir} = lyingFile()
    const args = [
      'batch',
      'in',
      '--out',
      'out',
      '--jobs',
      '0',
      '--to',
      'markdown,json,chunks,preview',
      '--max-tokens',
      '1000',
      '--order',
      'geometry'
    ]
    expect((await cli(args, {cwd: dir})).code).toBe(0)
    expect(readFileSync(join(dir, 'out/lying.md'), 'utf8')).toBe(expected)
    const json = JSON.parse(readFileSync(join(dir, 'out/lying.json'), 'utf8'))
    expect(json.pages[0].blocks.map((b: {id: string}) => b.id)).toEqual(LAYOUT_IDS)
    expect(lines(readFileSync(join(dir, 'out/lying.chunks.jsonl'), 'utf8')).flatMap((c) => c.spans.map((s) => s.blockId))).toEqual(
      LAYOUT_IDS
    )
    expect(readFileSync(join(dir, 'out/lying.preview.html'), 'utf8')).toBe(renderPreviewHtml(truth))
  })

  it('a bad --order or --direction is a usage error naming the flag; --no-order with --order geometry too', async () => {
    const {file} = lyingFile()
    for (const command of ['render', 'chunk', 'preview', 'filter']) {
      const run = await cli([command, file, '--order', 'layout', '--max-tokens', '10'].slice(0, command === 'chunk' ? 6 : 4))
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('--order: expected one of index, geometry, got "layout"')
    }
    const direction = await cli(['render', file, '--order', 'geometry', '--direction', 'up'])
    expect(direction.code).toBe(2)
    expect(direction.stderr).toContain('--direction: expected one of auto, ltr, rtl, got "up"')
    const both = await cli(['preview', file, '--no-order', '--order', 'geometry'])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('--no-order')
  })
})
