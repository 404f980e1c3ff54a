// `validate` checks a valid input page by page (src/cli/commands/validate.ts `checkPaged`): the
// same report, warnings and exit code as reading it whole (DOCMODEL_WHOLE_READ=1), on every
// fixture (valid, invalid, jobs, documents with warnings), on documents whose warnings span many
// pages (more than --max-issues, ids repeated across pages, pages out of order), and with every
// flag that shapes the report.
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {wholeReads} from '../../src/cli/input.js'
import {openPagedInput} from '../../src/cli/paged.js'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {cli, fixtureFiles, pagedThenWhole, tempDir} from './helpers.js'

const fixtures = fixtureFiles()
const example = JSON.parse(readFileSync(repoPath(EXAMPLE), 'utf8'))

/** Every fixture, and documents whose warnings come from many pages. */
function inputs(): Map<string, string> {
  const files = new Map(fixtures.map((file, i) => [`f${i}.json`, readFileSync(file, 'utf8')]))
  // Warnings on every page: ids repeated across pages (the first place named), `verified` at odds.
  const noisy = structuredClone(example)
  noisy.pages = Array.from({length: 8}, () => structuredClone(example.pages)).flat()
  noisy.pages.forEach((page: {blocks: Array<{id: string; verified: boolean}>}, p: number) =>
    page.blocks.forEach((block, b) => {
      if (p > 0 && b < 2) block.id = noisy.pages[0].blocks[b].id
      if (b % 3 === 0) block.verified = !block.verified
    })
  )
  files.set('noisy.json', JSON.stringify(noisy))
  // Pages out of order and repeated, a page number past page_count, in a job with its timestamps out of order.
  const shuffled = structuredClone(example)
  shuffled.pages = [shuffled.pages[1], shuffled.pages[0], shuffled.pages[1], {...shuffled.pages[0], page: 99}]
  const job = JSON.parse(readFileSync(repoPath('test/fixtures/conformance/valid/job-completed-with-full-document.json'), 'utf8'))
  Object.assign(job, {
    created_at: '2026-01-02T00:00:00Z',
    started_at: '2026-01-01T00:00:00Z',
    completed_at: '2026-01-01T00:00:01Z',
    document: shuffled
  })
  files.set('job.json', JSON.stringify(job, null, 2))
  const late = structuredClone(noisy)
  late.pages.at(-1).blocks.at(-1).confidence = 2 // invalid after pages of warnings
  files.set('late-invalid.json', JSON.stringify(late))
  return files
}

// Written once: validate only reads them.
const files = inputs()
// For the flag sets that only shape the report (its limit, its form, the kind, the mode), where
// every fixture would retell what the default and --json sets show: the documents made above (warnings
// past the limit, on many pages, in a job, then an error), every job (--kind) and every fourth other fixture.
const few = new Map([...files].filter(([name, text], i) => !/^f\d+\.json$/.test(name) || text.includes('"job_id"') || i % 4 === 0))
let dir: string
beforeAll(() => {
  dir = tempDir()
  for (const [folder, set] of [['in', files], ['few', few]] as const) {
    mkdirSync(join(dir, folder))
    for (const [name, text] of set) writeFileSync(join(dir, folder, name), text)
  }
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/**
 * The report of `validate` over every input (or the few), as written and as exited: all at once,
 * and each file apart too when `each` (the text and JSON of one file's report; a file's result is
 * computed the same way either way, so the other flag sets read the folder only, whose report holds every file's).
 */
async function validateRun(flags: string[], each: boolean, env: Record<string, string>) {
  const runs = []
  if (each) for (const name of files.keys()) runs.push(await cli(['validate', `in/${name}`, ...flags], {cwd: dir, env}))
  runs.push(await cli(['validate', each ? 'in' : 'few', ...flags], {cwd: dir, env}))
  return runs
}

/** How many inputs the folder's report calls valid. */
function validCount(run: {stdout: string}): number {
  if (run.stdout.startsWith('{')) return (JSON.parse(run.stdout) as {summary: {valid: number}}).summary.valid
  return Number(/\d+ files: (\d+) valid, \d+ invalid\n$/.exec(run.stdout)![1])
}

describe('validate page by page', {timeout: 120_000}, () => {
  it('reads the valid fixtures page by page', () => {
    const valid = [...files.values()].filter(
      (text) => openPagedInput({bytes: Buffer.from(text), name: 'x'}, 'lenient', undefined) !== undefined
    )
    expect(valid.length).toBeGreaterThan(20)
  })

  // [flags, each file apart too].
  const flagSets: Array<[string[], boolean]> = [
    [[], true],
    [['--max-issues', '3'], false],
    [['--max-issues', '0'], false],
    [['--json'], true],
    [['--json', '--compact', '--max-issues', '1'], false],
    [['--kind', 'document'], false],
    [['--strict'], false]
  ]
  for (const [flags, each] of flagSets)
    it(`gives the whole read's report and exit code: ${flags.join(' ') || 'no flags'}`, async () => {
      const {paged, whole, pagedReads, wholeReads: reads} = await pagedThenWhole((env) => validateRun(flags, each, env))
      expect(paged).toEqual(whole)
      const runsPerFile = each ? 2 : 1
      expect(reads).toBe(runsPerFile * (each ? files : few).size)
      // Strict mode reads whole; else only the inputs the page-by-page reading declines (invalid ones).
      if (flags.includes('--strict')) expect(pagedReads).toBe(reads)
      else expect(pagedReads).toBeLessThan(reads - (each ? 20 : 8) * runsPerFile)
      // The comparison proves something: warnings from many pages and past the limit, a repeated id, an invalid file.
      const all = paged.map((run) => run.stdout).join('')
      if (flags.length === 0) {
        expect(all).toMatch(/warning document\.pages\[2\]\.page: expected a unique page number/)
        expect(all).toMatch(/warning started_at: expected a time not before created_at/)
        expect(all).toMatch(/in\/noisy\.json: … and \d+ more issues/)
        expect(all).toMatch(/again \(first at pages\[0\]\.blocks\[1\]\)/)
        expect(all).toMatch(/late-invalid\.json: error pages\[\d+\]\.blocks\[\d+\]\.confidence/)
      }
      const valid = validCount(paged.at(-1)!)
      if (each) expect(paged.slice(0, -1).filter((run) => run.code === 0).length).toBe(valid)
      expect(valid).toBeGreaterThan(flags.includes('--strict') || flags.includes('--kind') ? 5 : each ? 20 : 10)
    })
})
