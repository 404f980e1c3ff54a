// `batch` reads each input page by page when its outputs allow (markdown, chunks: see
// src/cli/batch/convert.ts): the same files, report, messages and exit code as reading every
// input whole (DOCMODEL_WHOLE_READ=1), on every fixture, on invalid documents (an invalid page
// late in the document; the fixtures' jobs with no document) and on failed writes (of the first output, and
// of a later one), whatever the flags.
import {existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {wholeReads} from '../../src/cli/input.js'
import {openPagedInput} from '../../src/cli/paged.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, fixtureFiles, pagedThenWhole, tempDir} from './helpers.js'

const fixtures = fixtureFiles()
const example = JSON.parse(readFileSync(repoPath(EXAMPLE), 'utf8'))

/** Every fixture under a name of its own, and documents that go wrong in other ways. */
function inputs(): Map<string, string> {
  const files = new Map(fixtures.map((file, i) => [`f${i}.json`, readFileSync(file, 'utf8')]))
  const late = structuredClone(example)
  late.pages.at(-1).blocks.at(-1).confidence = 2 // skimmed, the first pages are written before this one is read
  files.set('late-invalid.json', JSON.stringify(late))
  const early = structuredClone(example)
  early.pages[0].blocks[0].bbox = [0.5, 0.5, 0.1]
  files.set('early-invalid.json', JSON.stringify(early, null, 2))
  // Their outputs are made unwritable (a directory in the way): of the first format, of the second.
  files.set('first-unwritable.json', JSON.stringify(example))
  files.set('second-unwritable.json', JSON.stringify(example))
  return files
}

const files = inputs()
/** A job the API has not (or not successfully) finished: no document to convert. */
const noDocument = (text: string) => {
  const value = JSON.parse(text) as Record<string, unknown>
  return 'job_id' in value && !value.document
}
// For the flags that read whole either way (another format, strict mode), where no page-by-page
// reading is compared: every fourth fixture (from every folder), the jobs without a document and
// every input made to fail, so each kind of outcome is still met.
const few = new Map([...files].filter(([name, text], i) => !/^f\d+\.json$/.test(name) || i % 4 === 0 || noDocument(text)))
// Written once, linked into each run's folder as in/ (batch only reads it).
const inDirs = new Map<Map<string, string>, string>()
beforeAll(() => {
  for (const set of [files, few]) {
    const dir = tempDir()
    for (const [name, text] of set) writeFileSync(join(dir, name), text)
    inDirs.set(set, dir)
  }
})
afterAll(() => inDirs.forEach((dir) => rmSync(dir, {recursive: true, force: true})))

/** Everything a run leaves: exit code, messages (times masked), every file written, the report (times dropped). */
async function batchRun(flags: string[], inputs: Map<string, string>, env: Record<string, string>) {
  const dir = tempDir()
  symlinkSync(inDirs.get(inputs)!, join(dir, 'in'))
  const formats = (flags[flags.indexOf('--to') + 1] ?? 'markdown').split(',')
  const extension = (format: string) => ({markdown: '.md', chunks: '.chunks.jsonl', stats: '.stats.json'})[format]!
  mkdirSync(join(dir, 'out', `first-unwritable${extension(formats[0]!)}`), {recursive: true})
  if (formats[1]) mkdirSync(join(dir, 'out', `second-unwritable${extension(formats[1])}`), {recursive: true})
  const run = await cli(['batch', 'in', '--out', 'out', '-j', '0', ...flags], {cwd: dir, env})
  const written: Record<string, string> = {}
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name !== 'batch-report.json' && name !== '.docmodel-batch-state.json')
        written[relative(dir, path)] = readFileSync(path, 'utf8')
    }
  }
  walk(join(dir, 'out'))
  // The temporary directory's name is masked (a failed write names its paths); so are times.
  const masked = (text: string) => text.replaceAll(dir, '<dir>')
  const report = existsSync(join(dir, 'out/batch-report.json'))
    ? JSON.parse(masked(readFileSync(join(dir, 'out/batch-report.json'), 'utf8')), (key, value) =>
        /(^ms|Ms|At|date|seconds)$/.test(key) ? undefined : value
      )
    : undefined
  rmSync(dir, {recursive: true})
  return {code: run.code, stdout: run.stdout, stderr: masked(run.stderr).replace(/ in \d+\.\d s \([\d.]+ files\/s\)/, ''), written, report}
}

describe('batch page by page', {timeout: 120_000}, () => {
  it('reads the valid fixtures page by page', () => {
    const valid = [...files.values()].filter(
      (text) => openPagedInput({bytes: Buffer.from(text), name: 'x'}, 'lenient', undefined) !== undefined
    )
    expect(valid.length).toBeGreaterThan(20)
  })

  // Characters, not tokens: the comparison is of the reading, and a tokenizer's load would dominate.
  const flagSets = [
    ['--to', 'markdown,chunks', '--max-chars', '400'],
    ['--to', 'chunks,markdown', '--max-chars', '300', '--preset', 'trusted', '--order', 'geometry', '--overlap', '40'],
    ['--to', 'markdown', '--page-breaks', 'rule', '--furniture', '--no-heading-numbering'],
    // Read whole either way (another format; strict mode): the same still.
    ['--to', 'markdown,stats'],
    ['--to', 'markdown,chunks', '--max-chars', '400', '--strict']
  ]
  for (const flags of flagSets)
    it(`writes the files, report, messages and exit code of the whole read: ${flags.join(' ')}`, async () => {
      // Read whole: another format, strict mode; else only the inputs not read page by page, and the failures.
      const readWhole = flags.some((flag) => flag.includes('stats')) || flags.includes('--strict')
      // Markdown alone with render's flags: the few too. Every fixture meets these flags, page by page
      // and whole, in paged-render.test.ts; what is batch's own (one output, written and reported) the few show.
      const inputs = readWhole || flags[1] === 'markdown' ? few : files
      const {paged, whole, pagedReads, wholeReads: reads} = await pagedThenWhole((env) => batchRun(flags, inputs, env))
      expect(paged).toEqual(whole)
      expect(reads).toBe(inputs.size)
      if (readWhole) expect(pagedReads).toBe(inputs.size)
      else expect(pagedReads).toBeLessThan(inputs.size - (inputs === few ? 8 : 20))
      // The comparison proves something: files were written, and each kind of failure happened.
      expect(Object.keys(paged.written).length).toBeGreaterThan(readWhole ? 10 : inputs === few ? 8 : 20)
      expect(paged.code).toBe(3)
      if (!flags.includes('--strict')) {
        expect(paged.stderr).toMatch(/failed: in\/late-invalid\.json: Invalid document .*confidence/)
        expect(paged.stderr).toMatch(/failed: in\/first-unwritable\.json: cannot write/)
        expect(paged.stderr).toMatch(/failed: in\/f\d+\.json: .*the job has no document/)
        if (flags[1]!.includes(',')) expect(paged.stderr).toMatch(/failed: in\/second-unwritable\.json: cannot write/)
        expect(Object.keys(paged.written).filter((name) => name.includes('late-invalid') || name.endsWith('.tmp'))).toEqual([])
      }
    })
})
