import {mkdirSync, readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {progressLine} from '../../src/cli/batch/progress.js'
import {CORPUS, EXAMPLE, corpusPath, repoPath} from '../helpers/paths.js'
import {cli, tempDir} from './helpers.js'

const example = readFileSync(repoPath(EXAMPLE), 'utf8')

/** in/ holds the corpus, the example in a subdirectory, and one broken file. */
function tree() {
  const dir = tempDir()
  mkdirSync(join(dir, 'in/sub'), {recursive: true})
  for (const name of CORPUS) writeFileSync(join(dir, 'in', name), readFileSync(corpusPath(name)))
  writeFileSync(join(dir, 'in/sub/report.json'), example)
  writeFileSync(join(dir, 'in/sub/broken.json'), '{"pages": ')
  return dir
}

const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'out/batch-report.json'), 'utf8'))

// Most cases run with --jobs 0 (in this thread): a worker thread started from the TypeScript
// sources compiles them again, which costs seconds; two use a real worker (the smoke tests run two, from dist).
describe('docmodel batch', {timeout: 60_000}, () => {
  it('converts a tree on worker threads, mirroring it; a bad file is reported and the run goes on', async () => {
    const dir = tree()
    const run = await cli(['batch', 'in', '--out', 'out', '--jobs', '1', '--to', 'markdown,stats'], {cwd: dir})
    expect(run.code).toBe(3)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      /^failed: in\/sub\/broken\.json: Invalid document \(1 issue\): \(root\): invalid JSON at line 1, column 11 \(offset 10\): .*\nbatch: 4 converted, 1 failed, 0 skipped in \d+\.\d s \(\d+\.\d files\/s\); report: out\/batch-report\.json\n$/
    )
    const rendered = await cli(['render', join(dir, 'in/sub/report.json')])
    expect(readFileSync(join(dir, 'out/sub/report.md'), 'utf8')).toBe(rendered.stdout)
    expect(JSON.parse(readFileSync(join(dir, 'out/sub/report.stats.json'), 'utf8'))).toMatchObject({pages: 3, blocks: 33})
    for (const name of CORPUS) expect(statSync(join(dir, 'out', name.replace('.json', '.md'))).size).toBeGreaterThan(0)
    const body = report(dir)
    expect(body).toMatchObject({
      interrupted: false,
      jobs: 1,
      formats: ['markdown', 'stats'],
      summary: {files: 5, converted: 4, skipped: 0, failed: 1, pending: 0}
    })
    expect(body.files.find((f: {input: string}) => f.input === 'in/sub/report.json')).toMatchObject({
      outputs: ['sub/report.md', 'sub/report.stats.json'],
      status: 'converted',
      blocks: 33,
      warnings: 0
    })
    expect(body.files.find((f: {input: string}) => f.input === 'in/sub/broken.json')).toMatchObject({status: 'failed', blocks: null})
  })

  it('is resumable: outputs newer than their input are skipped; a touched input is redone; --force redoes all', async () => {
    const dir = tree()
    await cli(['batch', 'in', '--out', 'out', '--jobs', '0'], {cwd: dir})
    const again = await cli(['batch', 'in', '--out', 'out', '--jobs', '0'], {cwd: dir})
    expect(report(dir).summary).toEqual({files: 5, converted: 0, skipped: 4, failed: 1, pending: 0})
    expect(again.stderr).toMatch(/\nbatch: 0 converted, 1 failed, 4 skipped in/)
    const later = new Date(Date.now() + 10_000)
    utimesSync(join(dir, 'in/sub/report.json'), later, later)
    await cli(['batch', 'in', '--out', 'out', '--jobs', '0'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 1, skipped: 3})
    await cli(['batch', 'in', '--out', 'out', '--jobs', '0', '--force', '--quiet'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 4, skipped: 0, failed: 1})
  })

  it('takes patterns and a list of paths on stdin (-); applies render and selection flags', async () => {
    const dir = tree()
    const fromPattern = await cli(
      ['batch', 'in/**/report.json', '--out', 'out', '-q', '-j', '0', '--preset', 'trusted', '--page-breaks', 'rule', '--no-embedded-text'],
      {cwd: dir}
    )
    expect(fromPattern).toEqual({code: 0, stdout: '', stderr: ''})
    expect(readFileSync(join(dir, 'out/sub/report.md'), 'utf8')).toBe(
      readFileSync(repoPath('test/fixtures/render/example-trusted-rules/output.md'), 'utf8')
    )
    const list = `in/sub/report.json\n${join(dir, 'in', CORPUS[0]!)}\n`
    const fromList = await cli(['batch', '-', '--out', 'listed', '-q', '-j', '0', '--to', 'json'], {cwd: dir, stdin: list})
    expect(fromList.code).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'listed/report.json'), 'utf8')).pages).toHaveLength(3)
  })

  it('never reads its own output directory as input', async () => {
    const dir = tree()
    await cli(['batch', 'in', '--out', 'in/out', '-q', '-j', '0', '--to', 'json'], {cwd: dir})
    await cli(['batch', 'in', '--out', 'in/out', '-q', '-j', '0', '--to', 'json'], {cwd: dir})
    const body = JSON.parse(readFileSync(join(dir, 'in/out/batch-report.json'), 'utf8'))
    expect(body.summary.files).toBe(5)
  })

  it('shows a progress bar with an ETA on a terminal only (or with --progress)', async () => {
    const dir = tree()
    const onTerminal = await cli(['batch', 'in', '--out', 'out', '--jobs', '0'], {cwd: dir, stderrTTY: true})
    expect(onTerminal.stderr).toMatch(/^\r\x1b\[K\[-{20}\] 0\/5 {3}0% · 0\.0 files\/s · ETA --:--/)
    expect(onTerminal.stderr).toMatch(/\r\x1b\[K\[#{20}\] 5\/5 100% · \d+\.\d files\/s · ETA 0:00 · 1 failed\n/)
    const forced = await cli(['batch', 'in', '--out', 'out2', '--jobs', '0', '--progress'], {cwd: dir})
    expect(forced.stderr).toContain('\r\x1b[K[')
    const quiet = await cli(['batch', 'in', '--out', 'out3', '--jobs', '0', '--quiet'], {cwd: dir, stderrTTY: true})
    expect(quiet).toEqual({code: 3, stdout: '', stderr: ''})
  })

  it('stops cleanly when interrupted: exit 130, the report says what is not done', async () => {
    const dir = tree()
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, `in/copy-${String(i).padStart(2, '0')}.json`), example)
    writeFileSync(join(dir, 'in/0-broken.json'), '[')
    const controller = new AbortController()
    const run = await cli(['batch', 'in', '--out', 'out', '--jobs', '1'], {
      cwd: dir,
      signal: controller.signal,
      onStderr: (chunk) => chunk.startsWith('failed:') && controller.abort()
    })
    expect(run.code).toBe(130)
    expect(run.stderr).toMatch(/\nbatch interrupted: 0 converted, 1 failed, 0 skipped, 35 not done in /)
    expect(report(dir)).toMatchObject({interrupted: true, summary: {files: 36, converted: 0, failed: 1, pending: 35}})
  })

  it('usage errors before any work', async () => {
    const dir = tree()
    expect((await cli(['batch', 'in'], {cwd: dir})).stderr).toBe('docmodel: batch needs --out <dir>: where the outputs go\n')
    expect((await cli(['batch', 'in', '--out', 'o', '--to', 'markdwn'], {cwd: dir})).stderr).toBe(
      'docmodel: --to: expected one of markdown, json, stats, got "markdwn" (did you mean markdown?)\n'
    )
    expect((await cli(['batch', 'in', '--out', 'o', '--jobs', '-1'], {cwd: dir})).stderr).toBe(
      'docmodel: --jobs: expected a whole number ≥ 0, got "-1"\n'
    )
    expect((await cli(['batch', 'in', '--out', 'o', '--images', 'x'], {cwd: dir})).code).toBe(2)
    expect((await cli(['batch', 'empty/*.json', '--out', 'o'], {cwd: dir})).code).toBe(2)
  })

  it('two inputs that would write the same output: the second fails, nothing is overwritten', async () => {
    const dir = tree()
    writeFileSync(join(dir, 'in/report.json'), example)
    const run = await cli(['batch', 'in/report.json', 'in/sub/report.json', '--out', 'out', '-j', '0'], {cwd: dir})
    expect(run.code).toBe(3)
    expect(report(dir).files.map((f: {input: string; status: string; error?: string}) => [f.input, f.status, f.error])).toEqual([
      ['in/report.json', 'converted', undefined],
      ['in/sub/report.json', 'failed', 'its output would overwrite the output of in/report.json']
    ])
  })
})

describe('progressLine', () => {
  it('shows the bar, the count, the rate, the ETA and the failures', () => {
    expect(progressLine({done: 350, total: 1000, failed: 2, elapsedMs: 8500})).toBe(
      '[#######-------------] 350/1000  35% · 41.2 files/s · ETA 0:16 · 2 failed'
    )
    expect(progressLine({done: 0, total: 10, failed: 0, elapsedMs: 0})).toBe('[--------------------] 0/10   0% · 0.0 files/s · ETA --:--')
    expect(progressLine({done: 1, total: 100_000, failed: 0, elapsedMs: 1000})).toBe(
      '[--------------------] 1/100000   0% · 1.0 files/s · ETA 27:46:39'
    )
  })
})
