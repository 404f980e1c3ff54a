// A few real processes of the built CLI: what only a process shows (exit codes, pipes, closed
// streams, signals). Everything else is tested in-process through runCli.
import {spawn, spawnSync} from 'node:child_process'
import {readFileSync, readdirSync, statSync, writeFileSync, mkdirSync} from 'node:fs'
import {join, relative} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {corpusPath, readJsonFile as readJson, repoPath} from '../helpers/paths.js'
import {tempDir} from './helpers.js'

const BIN = repoPath('dist/bin/docmodel.js')
const sh = (script: string) =>
  spawnSync('bash', ['--norc', '-c', script], {
    encoding: 'utf8',
    env: {PATH: process.env.PATH, BIN, CORPUS: corpusPath('2305.03393v1.json')}
  })

/** Every source file must be older than its build: a stale dist would test old code. */
function staleFiles(): string[] {
  const stale: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (path.endsWith('.ts')) {
        const built = repoPath(join('dist', relative(repoPath('src'), path)).replace(/\.ts$/, '.js'))
        const builtAt = statSync(built, {throwIfNoEntry: false})?.mtimeMs ?? 0
        if (builtAt < statSync(path).mtimeMs) stale.push(relative(repoPath(''), path))
      }
    }
  }
  walk(repoPath('src'))
  return stale
}

// Whole processes on a loaded machine: minutes of slack, never a timing assertion.
describe('docmodel as a process (dist)', {timeout: 60_000}, () => {
  beforeAll(() => {
    const stale = staleFiles()
    if (stale.length > 0) throw new Error(`dist is older than ${stale.slice(0, 3).join(', ')}: run npm run build (npm test does)`)
  })

  it('exit codes: ok, usage, invalid input', () => {
    expect(sh('node "$BIN" --version >/dev/null; echo $?').stdout).toBe('0\n')
    expect(sh('node "$BIN" frob 2>/dev/null; echo $?').stdout).toBe('2\n')
    expect(sh('node "$BIN" render nope.json; echo $?')).toMatchObject({
      stdout: '3\n',
      stderr: 'docmodel: cannot read nope.json: no such file (ENOENT)\n'
    })
  })

  it('the build bundles the CLI into an executable dist/bin/docmodel.js (as the clean of prepack leaves it, it runs by itself)', () => {
    const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as {scripts: Record<string, string>; bin: Record<string, string>}
    expect(pkg.scripts.prepack).toBe('npm run clean && npm run build')
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && node scripts/bundle-cli.mjs')
    expect(pkg.bin.docmodel).toBe('./dist/bin/docmodel.js')
    // The bundling step, into a folder of its own (npm test has just bundled dist/bin; other test files are running it).
    const out = join(tempDir(), 'bin')
    expect(spawnSync(process.execPath, ['scripts/bundle-cli.mjs', out], {cwd: repoPath(''), encoding: 'utf8'})).toMatchObject({status: 0, stderr: ''})
    expect(statSync(join(out, 'docmodel.js')).mode & 0o777).toBe(0o755)
    expect(spawnSync(join(out, 'docmodel.js'), ['--version'], {encoding: 'utf8'})).toMatchObject({status: 0, stdout: `${(readJson('package.json') as {version: string}).version}\n`})
    expect(statSync(BIN).mode & 0o777).toBe(0o755)
  })

  it('chunking without gpt-tokenizer installed: a clear error that names the package (exit 2); the chars tokenizer still works', () => {
    // A resolve hook that hides the package, as an install without it would.
    const dir = tempDir()
    writeFileSync(
      join(dir, 'hide.mjs'),
      `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('gpt-tokenizer')) throw Object.assign(new Error('Cannot find package gpt-tokenizer'), {code: 'ERR_MODULE_NOT_FOUND'})
  return next(specifier, context)
}`
    )
    writeFileSync(join(dir, 'register.mjs'), `import {register} from 'node:module'\nregister('./hide.mjs', import.meta.url)\n`)
    const chunk = (...flags: string[]) =>
      spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), BIN, 'chunk', ...flags, repoPath('examples/quarterly-report.json')], {encoding: 'utf8'})
    expect(chunk('--max-tokens', '200')).toMatchObject({
      status: 2,
      stdout: '',
      stderr:
        'docmodel: tokenizer: o200k_base needs the package gpt-tokenizer, which is not installed: npm install gpt-tokenizer@4.0.0 (or use the chars tokenizer, or your own {name, count})\n'
    })
    expect(chunk('--max-chars', '800')).toMatchObject({status: 0, stderr: ''})
  })

  it('render --pages: only those pages; a page the document lacks is a warning', () => {
    expect(sh('node "$BIN" render "$CORPUS" --pages 2 --page-breaks comment | head -1; echo "${PIPESTATUS[0]}"').stdout).toBe('<!-- page 2 -->\n0\n')
    expect(sh('node "$BIN" render "$CORPUS" --pages 99; echo $?')).toMatchObject({
      stdout: '0\n',
      stderr: 'warning: --pages: no page 99 in the document (it has 14 pages: 1–14)\n'
    })
  })

  it('reads a pipe; stdin from /dev/null is empty input, not the example', () => {
    expect(sh('cat "$CORPUS" | node "$BIN" render | head -c 3; echo "$?"').stdout).toBe('## 0\n')
    expect(sh('node "$BIN" render < /dev/null; echo $?')).toMatchObject({
      stdout: '3\n',
      stderr: 'docmodel: stdin is empty: expected a JSON document or job response\n'
    })
  })

  it('a reader that stops early (| head -1) is not an error; the exit code stays the command’s own', () => {
    expect(sh('node "$BIN" filter "$CORPUS" | head -1; echo "${PIPESTATUS[0]}"')).toEqual(
      expect.objectContaining({stdout: '{\n0\n', stderr: ''})
    )
    // Thousands of issue lines: more than a pipe holds, so the writer meets the closed pipe.
    const doc = JSON.parse(readFileSync(corpusPath('2305.03393v1.json'), 'utf8'))
    for (const page of doc.pages)
      page.blocks = Array.from({length: 30}, () => page.blocks)
        .flat()
        .map((b: object) => ({...b, confidence: 2}))
    const file = join(tempDir(), 'invalid.json')
    writeFileSync(file, JSON.stringify(doc))
    const invalid = sh(`node "$BIN" validate --max-issues 100000 "${file}" | head -1; echo "\${PIPESTATUS[0]}"`)
    expect(invalid).toMatchObject({stdout: expect.stringMatching(/^error pages\[0\]\.blocks\[0\]\.confidence: .*\n3\n$/), stderr: ''})
  })

  it('a closed or full stderr keeps the documented exit code; a full stdout is exit 3', () => {
    expect(sh('node "$BIN" render nope.json 2>&-; echo $?').stdout).toBe('3\n')
    expect(sh('node "$BIN" render nope.json 2>/dev/full; echo $?').stdout).toBe('3\n')
    expect(sh('node "$BIN" render "$CORPUS" >/dev/full; echo $?')).toMatchObject({
      stdout: '3\n',
      stderr: 'docmodel: cannot write to stdout: no space left on the device (ENOSPC)\n'
    })
    // diff's "the documents differ" (1) whose report is lost: said, and exit 3.
    expect(sh('node "$BIN" diff "$CORPUS" "${CORPUS%.json}-pg9.json" >/dev/full; echo $?')).toMatchObject({
      stdout: '3\n',
      stderr: 'docmodel: cannot write to stdout: no space left on the device (ENOSPC)\n'
    })
  })

  it('batch on worker threads stops cleanly on SIGINT: exit 130 and a report', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'in'))
    const doc = readFileSync(corpusPath('2305.03393v1.json'))
    for (let i = 0; i < 200; i++) writeFileSync(join(dir, 'in', `${i}.json`), doc)
    const child = spawn(process.execPath, [BIN, 'batch', 'in', '--out', 'out', '--jobs', '2', '--progress'], {cwd: dir})
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      if (!stderr.includes('[') && `${stderr}${chunk}`.includes('[')) child.kill('SIGINT') // once: a second one exits at once
      stderr += chunk
    })
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(130)
    expect(stderr).toMatch(/\nbatch interrupted: \d+ converted, 0 failed, 0 skipped, \d+ not done in /)
    expect(JSON.parse(readFileSync(join(dir, 'out/batch-report.json'), 'utf8'))).toMatchObject({interrupted: true, summary: {files: 200}})
  })

  it('batch workers that cannot start: every file fails with the reason, and the run ends', async () => {
    const {runPool} = (await import(repoPath('dist/cli/batch/pool.js'))) as typeof import('../../src/cli/batch/pool.js')
    const tasks = Array.from({length: 50}, (_, i) => ({name: `${i}.json`, path: `/nonexistent/${i}.json`, outputs: []}))
    const errors: string[] = []
    // A bad flag value reaches the workers only if the command did not check it first: each worker throws as it starts.
    const complete = await runPool(tasks, {values: {'max-input-bytes': 'lots'}, formats: []}, 2, (_, result) => errors.push(result.error!))
    expect(complete).toBe(true)
    expect(errors).toHaveLength(50)
    expect(new Set(errors)).toEqual(
      new Set(['worker died: --max-input-bytes: expected a size in bytes like 1048576, 64K, 512M or 2G, got "lots"'])
    )
  })
})

it('render -o doc.json < doc.json refuses to write over its own stdin (exit 2), the document kept', () => {
  const doc = join(tempDir(), 'doc.json')
  const original = readFileSync(repoPath('examples/quarterly-report.json'), 'utf8')
  writeFileSync(doc, original)
  const run = sh(`node "$BIN" render -o '${doc}' < '${doc}'`)
  expect(run.stderr).toBe('docmodel: refusing to write the output over the input stdin: choose another -o\n')
  expect(run.status).toBe(2)
  expect(readFileSync(doc, 'utf8')).toBe(original)
})
