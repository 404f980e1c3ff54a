// `preview` reads a document page by page (src/cli/commands/preview.ts: every page validated
// first, then each drawn as it is read again): the same HTML, messages and exit code as reading
// it whole (DOCMODEL_WHOLE_READ=1) and as renderPreviewHtml of the parsed text, on every fixture
// and on documents with pages out of order, listed twice, empty or invalid, whatever the flags.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {wholeReads} from '../../src/cli/input.js'
import {openPagedInput} from '../../src/cli/paged.js'
import {parseDocument, parseJob} from '../../src/index.js'
import {completedJob, documentArb, shuffle} from '../helpers/arbitraries.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, fixtureFiles} from './helpers.js'

// Whole reads counted (every `parseInput`): the paged runs must not be whole reads in disguise.

const WHOLE = {DOCMODEL_WHOLE_READ: '1'}

function valid(text: string): boolean {
  try {
    const value = JSON.parse(text) as Record<string, unknown>
    if ('job_id' in value && 'status' in value) return parseJob(text).document !== null
    return parseDocument(text) !== undefined
  } catch {
    return false
  }
}

/** Every fixture, and the example reshaped: pages shuffled and one listed twice, an empty page, an invalid block late. */
function inputs(): string[] {
  const texts = fixtureFiles().map((file) =>
    readFileSync(file, 'utf8')
  )
  const example = JSON.parse(readFileSync(repoPath(EXAMPLE), 'utf8'))
  const shuffled = structuredClone(example)
  shuffled.pages = [shuffled.pages[2], shuffled.pages[0], {...shuffled.pages[1], page: 3}, {page: 2, blocks: []}]
  shuffled.source.page_count = 5
  shuffled.source.page_sizes.push([612, 792], [612, 792])
  shuffled.extraction.per_page_failures = [{page: 5, code: 'timeout', message: 'gave up'}]
  const late = structuredClone(example)
  late.pages.at(-1).blocks.at(-1).confidence = 2
  return [...texts, JSON.stringify(shuffled), JSON.stringify(late, null, 2)]
}

const flagSets = [
  [],
  ['--color-by', 'confidence', '--pages', '2-', '--no-order'],
  ['--color-by', 'text-source', '--order', 'geometry', '--pages', '1,3', '--title', 'T'],
  ['--strict']
]

describe('preview page by page', () => {
  it('gives every input the HTML, messages and exit code of the whole read', {timeout: 120_000}, async () => {
    const texts = inputs()
    // Valid, and read page by page: those must never be read whole (but in strict mode).
    const paged = texts.filter(
      (text) => valid(text) && openPagedInput({bytes: Buffer.from(text), name: 'stdin'}, 'lenient', undefined) !== undefined
    )
    expect(paged.length).toBeGreaterThan(20)
    let pagedWholeReads = 0
    let runs = 0
    for (const flags of flagSets)
      for (const text of texts) {
        wholeReads.count = 0
        const run = await cli(['preview', '-', ...flags], {stdin: text})
        pagedWholeReads += wholeReads.count
        runs++
        expect(run, flags.join(' ')).toEqual(await cli(['preview', '-', ...flags], {stdin: text, env: WHOLE}))
      }
    expect(pagedWholeReads).toBe(runs - 3 * paged.length)
  })

  // Pages shuffled, renumbered (some listed twice), sometimes one block made invalid, sometimes a job.
  const generated = fc
    .tuple(
      documentArb,
      fc.nat(),
      fc.array(fc.nat({max: 4}), {maxLength: 4}),
      fc.boolean(),
      fc.nat({max: flagSets.length - 1}),
      fc.option(fc.tuple(fc.nat(), fc.constantFrom({confidence: 2}, {type: 'heading', text: 7}, {bbox: [0.5, 0.5, 0.1]})), {freq: 3})
    )
    .map(([doc, seed, renumber, job, flags, corrupt]) => {
      const pages = shuffle(doc.pages, seed).map((page, i) => {
        const number = renumber[i] === undefined ? page.page : renumber[i]! + 1
        return {...page, page: number, blocks: page.blocks.map((block) => ({...block, page: number}))}
      })
      const blocks = pages.flatMap((page) => page.blocks)
      if (corrupt && blocks.length > 0) Object.assign(blocks[corrupt[0] % blocks.length]!, corrupt[1])
      const document = {...doc, pages}
      const value = job ? completedJob(document) : document
      return {text: JSON.stringify(value), flags: flagSets[flags]!}
    })

  test.prop([generated], {numRuns: 60})('gives generated documents the HTML and messages of the whole read', async ({text, flags}) => {
    wholeReads.count = 0
    const run = await cli(['preview', '-', ...flags], {stdin: text})
    expect(wholeReads.count).toBe(valid(text) && !flags.includes('--strict') ? 0 : 1)
    expect(run).toEqual(await cli(['preview', '-', ...flags], {stdin: text, env: WHOLE}))
  })
})
