// `diff` reads both documents page by page when it can (src/cli/commands/diff.ts `diffPaged`):
// the same report (JSON or readable), messages and exit code as reading them whole
// (DOCMODEL_WHOLE_READ=1), on documents that match, differ, reorder or repeat their pages, change
// a page's size, come in a job, and on inputs the page-by-page reading declines (an invalid page
// late in a document, a repeated block id, a job without a document, strict mode).
import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CORPUS, EXAMPLE, corpusPath, repoPath} from '../helpers/paths.js'
import {cli, pagedThenWhole, tempDir} from './helpers.js'

type Doc = {source: {page_sizes: number[][]}; pages: Array<{page: number; blocks: Array<Record<string, unknown> & {id: string}>}>}
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'))
const example: Doc = read(repoPath(EXAMPLE))
const v2: Doc = read(repoPath('examples/quarterly-report.v2.json'))
const job = read(repoPath('test/fixtures/conformance/valid/job-completed-with-full-document.json'))
const queued = read(repoPath('test/fixtures/conformance/valid/job-queued.json'))

/** The documents compared, by file name. */
function documents(): Map<string, unknown> {
  const files = new Map<string, unknown>([
    ['v1.json', example],
    ['v2.json', v2]
  ])
  // Pages reordered, and a page number twice (the second copy's blocks renamed), a block removed.
  const shuffled = structuredClone(example)
  const copy = structuredClone(example.pages[1]!)
  copy.blocks = copy.blocks.slice(1).map((block) => ({...block, id: `${block.id}_again`}))
  shuffled.pages = [shuffled.pages[1]!, shuffled.pages[0]!, copy, ...shuffled.pages.slice(2)]
  shuffled.pages[0]!.blocks.pop()
  files.set('shuffled.json', shuffled)
  // Only a page's size changed: every pair the same, the documents still differ.
  const resized = structuredClone(example)
  resized.source.page_sizes[0] = [11, 8.5]
  files.set('resized.json', resized)
  for (const [i, name] of CORPUS.entries()) {
    const doc: Doc = read(corpusPath(name))
    files.set(`corpus${i}.json`, doc)
    // Texts edited, a block dropped, reading order reversed on one page.
    const edited = structuredClone(doc)
    edited.pages.forEach((page, p) => {
      page.blocks.forEach((block, b) => {
        if (b % 4 === 1 && typeof block.text === 'string') block.text = `${block.text} (revised)`
      })
      if (p === 0) page.blocks.splice(0, 1)
      if (p === 1) page.blocks.forEach((block, b) => (block.reading_order_index = page.blocks.length - b))
    })
    files.set(`corpus${i}-edited.json`, edited)
  }
  files.set('job.json', {...job, document: example})
  files.set('queued.json', queued)
  const late = structuredClone(v2)
  late.pages.at(-1)!.blocks.at(-1)!.confidence = 2
  files.set('late-invalid.json', late)
  const repeated = structuredClone(example)
  repeated.pages.at(-1)!.blocks.at(-1)!.id = repeated.pages[0]!.blocks[0]!.id
  files.set('repeated-id.json', repeated)
  return files
}

const pairs: Array<[string, string]> = [
  ['v1.json', 'v2.json'],
  ['v1.json', 'v1.json'],
  ['v1.json', 'shuffled.json'],
  ['shuffled.json', 'v2.json'],
  ['v1.json', 'resized.json'],
  ...CORPUS.map((_, i): [string, string] => [`corpus${i}.json`, `corpus${i}-edited.json`]),
  ['corpus0.json', 'corpus1.json'],
  ['job.json', 'v2.json'],
  ['v1.json', 'late-invalid.json'],
  ['repeated-id.json', 'v2.json'],
  ['queued.json', 'v1.json']
]

// Made once (each run writes them into a folder of its own: `-o` writes there too).
const texts = new Map([...documents()].map(([name, value]) => [name, JSON.stringify(value)]))

/** Every pair's run: exit code, stdout, stderr; with `-o`, the file written in place of stdout. */
async function diffRuns(flags: string[], env: Record<string, string>) {
  const dir = tempDir()
  for (const [name, text] of texts) writeFileSync(join(dir, name), text)
  const runs = []
  for (const [a, b] of pairs) {
    const run = await cli(['diff', a, b, ...flags], {cwd: dir, env})
    const target = flags.includes('-o') ? join(dir, flags[flags.indexOf('-o') + 1]!) : undefined
    const written = target && existsSync(target) ? readFileSync(target, 'utf8') : undefined
    runs.push({...run, stderr: run.stderr.replaceAll(dir, '<dir>'), written})
  }
  rmSync(dir, {recursive: true})
  return runs
}

describe('diff page by page', {timeout: 120_000}, () => {
  const flagSets = [
    [],
    ['--json'],
    ['-v'],
    ['--json', '-v', '--teds', 'pubtabnet', '--whitespace', 'exact', '--threshold', '0.3', '--confidence-tolerance', '0'],
    ['--json', '-o', 'out.json'],
    // A target that cannot be written: the same message, after the same validation.
    ['--json', '-o', 'missing/out.json'],
    // The readable report into a file, written as the pages are compared too.
    ['-o', 'out.txt'],
    ['-v', '-o', 'out.txt'],
    ['-o', 'missing/out.txt'],
    ['--kind', 'document'],
    ['--strict']
  ]
  for (const flags of flagSets)
    it(`gives the whole read's report and exit code: ${flags.join(' ') || 'no flags'}`, async () => {
      const refused = flags.some((flag) => flag.startsWith('missing/'))
      const {paged, whole, pagedReads, wholeReads: reads} = await pagedThenWhole((env) => diffRuns(flags, env))
      expect(paged).toEqual(whole)
      // Read whole: strict mode, and the pairs the page-by-page reading declines (late-invalid: both; repeated-id: both; queued: a).
      // A JSON target refused is the whole read's to report too.
      if (flags.includes('--strict') || refused) expect(pagedReads).toBe(reads)
      else if (flags.includes('--kind')) expect(pagedReads).toBeLessThan(reads)
      else expect(pagedReads).toBe(5) // the valid documents are read page by page
      // The comparison proves something: documents that match, differ, and fail.
      const codes = paged.map((run) => run.code)
      if (refused) expect(paged[0]!.stderr).toMatch(/cannot write missing\/out\.(json|txt)/)
      else if (!flags.includes('--strict') && !flags.includes('--kind')) {
        expect(codes).toContain(0)
        expect(codes.filter((code) => code === 1).length).toBeGreaterThan(6)
        expect(codes).toContain(3)
        expect(paged.map((run) => run.stderr).join('')).toMatch(/repeats|unique id/)
      }
      if (flags.length === 0 || flags.join(' ') === '-o out.txt') {
        const all = paged.map((run) => run.written ?? run.stdout).join('')
        expect(all).toMatch(/page 1: size 8\.5 × 11 in → 11 × 8\.5 in/)
        expect(all).toMatch(/reading order τ -?\d/)
        expect(all).toMatch(/the documents match \(/)
      }
    })
})

// A device that fails every write (/dev/full) is written through, not under a temporary name: a
// failed write's callback gets the error before the stream emits it, and the JSON report written
// page by page then ended in "unexpected error: ENOSPC" (exit 1) where the whole read says it
// cannot write the file (exit 3). Render's stream had the same race on a small output.
describe.runIf(existsSync('/dev/full'))('a target that fails every write', () => {
  it("gives the whole read's message and exit code: diff --json, diff, render", async () => {
    const dir = tempDir()
    try {
      for (const [name, text] of texts) writeFileSync(join(dir, name), text)
      const full = {code: 3, stdout: '', stderr: 'docmodel: cannot write /dev/full: no space left on the device (ENOSPC)\n'}
      for (const args of [
        ['diff', 'v1.json', 'v1.json', '--json', '-o', '/dev/full'],
        ['diff', 'v1.json', 'v2.json', '--json', '-o', '/dev/full'],
        ['diff', 'v1.json', 'v2.json', '-o', '/dev/full'],
        ['render', 'v1.json', '-o', '/dev/full']
      ])
        for (const env of [{}, {DOCMODEL_WHOLE_READ: '1'}] as Array<Record<string, string>>)
          expect(await cli(args, {cwd: dir, env}), `${args.join(' ')} ${JSON.stringify(env)}`).toEqual(full)
    } finally {
      rmSync(dir, {recursive: true})
    }
  })
})
