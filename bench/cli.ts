// `npm run bench:cli` (also the second half of `npm run bench`): the CLI as users time it.
// 1. Start-up: `docmodel --version` and `--help` against a bare `node -e 0`, whole processes, in
//    alternating pairs so machine load hits both alike; target ≤ 1.3× (exit code 1 when over).
// 2. Batch: files/second converting the corpus copied 1,000 times to markdown, 1 vs 2 workers.
//    Copies of one file repeat its formulas, which the KaTeX verdict cache of a worker then knows:
//    the corpus has 1 formula in 3 files, so this throughput owes the cache next to nothing (a
//    formula-heavy corpus copied so would be flattered).
// 3. What each command loads: modules and bytes of JavaScript, by package (module hooks, one run each).
// Writes bench/cli-results.json.
import {execFileSync, spawnSync} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {loadedModules, packageOf} from '../test/helpers/module-list/index.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(root, 'dist/bin/docmodel.js')
const PAIRS = Number(process.env.BENCH_PAIRS ?? 40)
const COPIES = Number(process.env.BENCH_COPIES ?? 1000)
const TARGET = 1.3

execFileSync('npm', ['run', 'build'], {cwd: root, stdio: 'ignore'}) // never time a stale dist

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** Wall time of one whole process, in ms. */
function timeProcess(args: string[], cwd = root): number {
  const start = process.hrtime.bigint()
  const run = spawnSync(process.execPath, args, {cwd, stdio: ['ignore', 'ignore', 'pipe']})
  if (run.status !== 0 && run.status !== 3) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

const startup: Record<string, {medianMs: number; bareMedianMs: number; ratio: number; pairedRatio: number}> = {}
for (const flag of ['--version', '--help']) {
  const bare: number[] = []
  const cli: number[] = []
  const ratios: number[] = []
  timeProcess(['-e', '0']) // warm the file cache
  timeProcess([BIN, flag])
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which runs first, so neither always gets the warmer slot.
    const bareFirst = i % 2 === 0
    const first = timeProcess(bareFirst ? ['-e', '0'] : [BIN, flag])
    const second = timeProcess(bareFirst ? [BIN, flag] : ['-e', '0'])
    const [bareMs, cliMs] = bareFirst ? [first, second] : [second, first]
    bare.push(bareMs)
    cli.push(cliMs)
    ratios.push(cliMs / bareMs)
  }
  startup[flag] = {medianMs: median(cli), bareMedianMs: median(bare), ratio: median(cli) / median(bare), pairedRatio: median(ratios)}
  console.error(
    `start-up ${flag}: ${median(cli).toFixed(1)} ms vs node -e 0 ${median(bare).toFixed(1)} ms → ×${median(ratios).toFixed(2)} (paired median)`
  )
}

// The corpus copied COPIES times: corpus/0000/…json, corpus/0001/…json, …
const work = mkdtempSync(join(os.tmpdir(), 'docmodel-bench-cli-'))
const corpus = join(root, 'test/fixtures/corpus')
const names = ['multi_page.json', 'code_and_formula.json', '2305.03393v1.json']
for (let i = 0; i < COPIES; i++) {
  const dir = join(work, 'in', String(i).padStart(4, '0'))
  mkdirSync(dir, {recursive: true})
  for (const name of names) copyFileSync(join(corpus, name), join(dir, name))
}
const files = COPIES * names.length
const bytes = names.reduce((n, name) => n + readFileSync(join(corpus, name)).length, 0) * COPIES

const batch: Record<string, {seconds: number; filesPerSecond: number; mbPerSecond: number}> = {}
const runs: Record<string, number[]> = {}
for (let round = 0; round < 2; round++)
  for (const jobs of [1, 2]) {
    const ms = timeProcess([BIN, 'batch', 'in', '--out', 'out', '--force', '--quiet', '--jobs', String(jobs)], work)
    const report = JSON.parse(readFileSync(join(work, 'out/batch-report.json'), 'utf8'))
    if (report.summary.converted !== files) throw new Error(`batch --jobs ${jobs}: ${JSON.stringify(report.summary)}`)
    ;(runs[jobs] ??= []).push(ms)
  }
for (const [jobs, times] of Object.entries(runs)) {
  const seconds = median(times) / 1000
  batch[`${jobs} worker${jobs === '1' ? '' : 's'}`] = {seconds, filesPerSecond: files / seconds, mbPerSecond: bytes / 1e6 / seconds}
  console.error(
    `batch --jobs ${jobs}: ${files} files (${(bytes / 1e6).toFixed(0)} MB) in ${seconds.toFixed(1)} s → ${(files / seconds).toFixed(0)} files/s`
  )
}
rmSync(work, {recursive: true, force: true})

// What each command loads, on a corpus document (the module list of one real process each).
const sample = join(root, 'test/fixtures/corpus/code_and_formula.json')
const loads: Record<string, {modules: number; kilobytes: number; packages: Record<string, number>}> = {}
const bundle = JSON.parse(readFileSync(join(root, 'dist/bin/metafile.json'), 'utf8')) as {
  outputs: Record<string, {inputs: Record<string, {bytesInOutput: number}>}>
}
for (const args of [
  ['--version'],
  ['schema'],
  ['validate', sample],
  ['stats', sample],
  ['filter', sample],
  ['render', sample],
  ['chunk', sample, '--max-tokens', '512'],
  ['preview', sample],
  ['diff', sample, sample]
]) {
  const {modules} = loadedModules([BIN, ...args], root)
  const packages: Record<string, number> = {}
  const add = (name: string, bytes: number) => (packages[name] = (packages[name] ?? 0) + bytes)
  for (const path of modules) {
    // A file of the bundle: its bytes by the package each bundled module came from (the metafile).
    const output = bundle.outputs[relative(root, path)]
    if (output === undefined) add(packageOf(path) ?? 'docmodel', statSync(path).size)
    else for (const [input, {bytesInOutput}] of Object.entries(output.inputs)) add(packageOf(`/${input}`) ?? 'docmodel', bytesInOutput)
  }
  const bytes = Object.values(packages).reduce((a, b) => a + b, 0)
  // modules: the files the process loaded (the bundle's chunks count one each).
  loads[args[0]!] = {modules: modules.length, kilobytes: Math.round(bytes / 1024), packages}
  const top = Object.entries(packages)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, size]) => `${name} ${Math.round(size / 1024)} KB`)
  console.error(`${args[0]} loads ${modules.length} modules, ${Math.round(bytes / 1024)} KB: ${top.join(', ')}`)
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cores: os.availableParallelism(),
  pairs: PAIRS,
  startup,
  batch: {files, ...batch},
  loads
}
writeFileSync(new URL('./cli-results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n')
console.log(JSON.stringify(results, null, 2))
const over = Object.entries(startup).filter(([, s]) => s.pairedRatio > TARGET)
if (over.length > 0) {
  console.error(`start-up over the ${TARGET}× target: ${over.map(([flag, s]) => `${flag} ×${s.pairedRatio.toFixed(2)}`).join(', ')}`)
  process.exitCode = 1
}
