import {rmSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {Ajv2020} from 'ajv/dist/2020.js'
import {describe, expect, it} from 'vitest'
import {progressLine} from '../../src/cli/batch/progress.js'
import {type Chunk, chunkDocument, filterBlocks, parseDocument, render, renderPreviewHtml} from '../../src/index.js'
import {CORPUS, EXAMPLE, corpusPath, readJsonFile, repoPath} from '../helpers/paths.js'
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
    const run = await cli(['batch', 'in', '--out', 'out', '--jobs', '1', '--to', 'markdown,stats,chunks', '--max-tokens', '128'], {
      cwd: dir
    })
    expect(run.code).toBe(3)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      /^failed: in\/sub\/broken\.json: Invalid document \(1 issue\): \(root\): invalid JSON at line 1, column 11 \(offset 10\): .*\nbatch: 4 converted, 1 failed, 0 skipped in \d+\.\d s \(\d+\.\d files\/s\); report: out\/batch-report\.json\n$/
    )
    const rendered = await cli(['render', join(dir, 'in/sub/report.json')])
    expect(readFileSync(join(dir, 'out/sub/report.md'), 'utf8')).toBe(rendered.stdout)
    expect(JSON.parse(readFileSync(join(dir, 'out/sub/report.stats.json'), 'utf8'))).toMatchObject({pages: 3, blocks: 33})
    // chunkDocument is async (its tokenizer is loaded by a dynamic import) and works in a worker too.
    const chunks = await chunkDocument(parseDocument(example), {maxTokens: 128})
    expect(readFileSync(join(dir, 'out/sub/report.chunks.jsonl'), 'utf8')).toBe(chunks.map((c) => JSON.stringify(c) + '\n').join(''))
    for (const name of CORPUS) expect(statSync(join(dir, 'out', name.replace('.json', '.md'))).size).toBeGreaterThan(0)
    const body = report(dir)
    expect(body).toMatchObject({
      interrupted: false,
      jobs: 1,
      formats: ['markdown', 'stats', 'chunks'],
      summary: {files: 5, converted: 4, skipped: 0, failed: 1, pending: 0}
    })
    expect(body.files.find((f: {input: string}) => f.input === 'in/sub/report.json')).toMatchObject({
      outputs: ['sub/report.md', 'sub/report.stats.json', 'sub/report.chunks.jsonl'],
      status: 'converted',
      blocks: 33,
      warnings: 0
    })
    expect(body.files.find((f: {input: string}) => f.input === 'in/sub/broken.json')).toMatchObject({status: 'failed', blocks: null})
  })

  it('writes chunks (JSON Lines, as chunkDocument cuts them) and previews (as renderPreviewHtml draws them) beside the markdown', async () => {
    const dir = tree()
    const flags = ['--max-tokens', '96', '--overlap', '12', '--boundary', 'page', '--color-by', 'confidence', '--no-order']
    const run = await cli(['batch', 'in', '--out', 'out', '-j', '0', '--to', 'markdown,chunks,preview', ...flags], {cwd: dir})
    expect(run.code).toBe(3) // the broken file
    expect(report(dir).summary).toEqual({files: 5, converted: 4, skipped: 0, failed: 1, pending: 0})
    expect(report(dir).files.find((f: {input: string}) => f.input === 'in/sub/report.json').outputs).toEqual([
      'sub/report.md',
      'sub/report.chunks.jsonl',
      'sub/report.preview.html'
    ])
    const schema = new Ajv2020({strict: true}).compile(readJsonFile('schemas/chunk.schema.json') as object)
    const sources = [...CORPUS.map((name) => [name, corpusPath(name)]), ['sub/report.json', repoPath(EXAMPLE)]] as const
    let lines = 0
    for (const [name, path] of sources) {
      const out = join(dir, 'out', name.replace(/\.json$/, ''))
      const document = parseDocument(readFileSync(path, 'utf8'))
      expect(readFileSync(`${out}.md`, 'utf8')).toBe(render(document).markdown)
      const written = readFileSync(`${out}.chunks.jsonl`, 'utf8')
      expect(written.endsWith('\n')).toBe(true)
      const chunks = written
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Chunk)
      for (const chunk of chunks) expect(schema(chunk), JSON.stringify(schema.errors)).toBe(true)
      expect(chunks).toEqual(await chunkDocument(document, {maxTokens: 96, overlap: 12, boundary: 'page'}))
      lines += chunks.length
      expect(readFileSync(`${out}.preview.html`, 'utf8')).toBe(renderPreviewHtml(document, {colorBy: 'confidence', order: false}))
    }
    expect(lines).toBeGreaterThan(sources.length * 3) // every document is cut, not written whole
    // The same bytes as the chunk command with the same flags.
    const single = await cli(['chunk', 'in/sub/report.json', '--max-tokens', '96', '--overlap', '12', '--boundary', 'page'], {cwd: dir})
    expect(readFileSync(join(dir, 'out/sub/report.chunks.jsonl'), 'utf8')).toBe(single.stdout)
    // What the renderer warns about while chunking goes into the report, naming the block.
    mkdirSync(join(dir, 'formulas'))
    writeFileSync(join(dir, 'formulas/formula.json'), readFileSync(repoPath('test/fixtures/render/formula/input.json')))
    expect((await cli(['batch', 'formulas', '--out', 'f', '-q', '-j', '0', '--to', 'chunks', '--max-tokens', '96'], {cwd: dir})).code).toBe(
      0
    )
    const [formula] = JSON.parse(readFileSync(join(dir, 'f/batch-report.json'), 'utf8')).files
    expect(formula).toMatchObject({outputs: ['formula.chunks.jsonl'], warnings: 1})
    expect(formula.warningMessages[0]).toMatch(/^block blk_207_x0: LaTeX rejected by KaTeX \(KaTeX parse error: /)
  })

  it('applies the selection, render and chunk flags to chunks and previews', async () => {
    const dir = tree()
    const args = ['batch', 'in/sub/report.json', '--out', 'out', '-j', '0', '--to', 'chunks,preview', '--preset', 'trusted']
    const run = await cli([...args, '--max-chars', '300', '--no-headings', '--furniture'], {cwd: dir})
    expect(run.code).toBe(0)
    const document = parseDocument(example)
    const chunks = await chunkDocument(document, {maxChars: 300, headings: false, furniture: true, preset: 'trusted'})
    expect(readFileSync(join(dir, 'out/report.chunks.jsonl'), 'utf8')).toBe(chunks.map((c) => JSON.stringify(c) + '\n').join(''))
    const trusted = filterBlocks(document, 'trusted')
    expect(trusted.pages.flatMap((page) => page.blocks).length).toBeLessThan(33)
    expect(readFileSync(join(dir, 'out/report.preview.html'), 'utf8')).toBe(renderPreviewHtml(trusted))
  })

  it('is resumable: up-to-date outputs are skipped; a changed input is redone, a touched one not; --force redoes all', async () => {
    const dir = tree()
    await cli(['batch', 'in', '--out', 'out', '--jobs', '0'], {cwd: dir})
    const again = await cli(['batch', 'in', '--out', 'out', '--jobs', '0'], {cwd: dir})
    expect(report(dir).summary).toEqual({files: 5, converted: 0, skipped: 4, failed: 1, pending: 0})
    expect(again.stderr).toMatch(/\nbatch: 0 converted, 1 failed, 4 skipped in/)
    const later = new Date(Date.now() + 10_000)
    utimesSync(join(dir, 'in/sub/report.json'), later, later)
    await cli(['batch', 'in', '--out', 'out', '--jobs', '0'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 0, skipped: 4})
    writeFileSync(join(dir, 'in/sub/report.json'), example.replaceAll('Quarterly Report', 'Quarterly Review'))
    await cli(['batch', 'in', '--out', 'out', '--jobs', '0'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 1, skipped: 3})
    expect(readFileSync(join(dir, 'out/sub/report.md'), 'utf8')).toContain('Quarterly Review')
    await cli(['batch', 'in', '--out', 'out', '--jobs', '0', '--force', '--quiet'], {cwd: dir})
    expect(report(dir).summary).toMatchObject({converted: 4, skipped: 0, failed: 1})
    // Every file skipped: no rate of files this run did not do (it said "(0.0 files/s)").
    rmSync(join(dir, 'in/sub/broken.json'))
    const earlier = new Date(Date.now() - 10_000)
    utimesSync(join(dir, 'in/sub/report.json'), earlier, earlier)
    const resumed = await cli(['batch', 'in', '--out', 'out', '--jobs', '0'], {cwd: dir})
    expect(resumed.stderr).toMatch(/^batch: 0 converted, 0 failed, 4 skipped in \d+\.\d s; report: out\/batch-report\.json\n$/)
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
    // Inputs all under --out: the error says they were left out, and why.
    mkdirSync(join(dir, 'bin'))
    writeFileSync(join(dir, 'bin/a.json'), example)
    expect(await cli(['batch', 'bin', '--out', 'bin', '-j', '0'], {cwd: dir})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'docmodel: no .json input found in bin (1 left out for being under --out bin: outputs are not read as inputs; choose another --out)\n'
    })
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
      'docmodel: --to: expected one of markdown, json, stats, chunks, preview, got "markdwn" (did you mean markdown?)\n'
    )
    expect((await cli(['batch', 'in', '--out', 'o', '--jobs', '-1'], {cwd: dir})).stderr).toBe(
      'docmodel: --jobs: expected a whole number ≥ 0, got "-1"\n'
    )
    expect((await cli(['batch', 'in', '--out', 'o', '--images', 'x'], {cwd: dir})).code).toBe(2)
    expect((await cli(['batch', 'empty/*.json', '--out', 'o'], {cwd: dir})).code).toBe(2)
    const usage = async (...flags: string[]) => {
      const run = await cli(['batch', 'in', '--out', 'o', ...flags], {cwd: dir})
      expect(run.code).toBe(2)
      expect(existsSync(join(dir, 'o'))).toBe(false)
      return run.stderr
    }
    expect(await usage('--to', 'markdown,chunks')).toBe('docmodel: --to chunks needs --max-tokens or --max-chars: the largest chunk\n')
    expect(await usage('--to', 'chunks', '--max-tokens', '64', '--overlap', '64')).toBe(
      'docmodel: --overlap: expected less than the limit (64), got 64\n'
    )
    expect(await usage('--to', 'chunks', '--max-tokens', '64', '--max-chars', '300')).toBe(
      'docmodel: give --max-tokens or --max-chars, not both\n'
    )
    expect(await usage('--to', 'chunks', '--max-chars', '300', '--tokenizer', 'cl100k_base')).toBe(
      'docmodel: --max-chars counts characters: use --max-tokens with --tokenizer\n'
    )
    expect(await usage('--to', 'chunks', '--max-tokens', '64', '--boundary', 'chapter')).toBe(
      'docmodel: --boundary: expected one of section, page, none, got "chapter"\n'
    )
    expect(await usage('--to', 'preview', '--color-by', 'size')).toBe(
      'docmodel: --color-by: expected one of type, text-source, confidence, got "size"\n'
    )
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
