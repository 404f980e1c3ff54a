// Whole processes, as a pipeline runs them: the CLI rendering the 1,000-page bench document from a
// file to a file, against the floor any renderer has (a process that reads the same file,
// JSON.parses it and writes as many bytes back). Paired runs (floor, CLI, floor, CLI, …) so that
// both see the same machine; the ratio of the medians is reported, with the peak RSS of each
// (read by a preload at exit: process.resourceUsage().maxRSS) over the input's size, beside a bare
// node process's. Every CLI run is a fresh process, so a first render by nature (no cache carries
// over between runs). Needs a build (`npm run build`). Prints a table and writes bench/process.json.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {generateDocument} from './generate.js'
import {peakRssRunner} from './peak-rss.js'

const PAIRS = Number(process.env.BENCH_PAIRS ?? 5)
const cli = fileURLToPath(new URL('../dist/bin/docmodel.js', import.meta.url))
const dir = mkdtempSync(join(os.tmpdir(), 'docmodel-process-'))
const input = join(dir, 'document.json')
const output = join(dir, 'document.md')
writeFileSync(input, generateDocument(1000))

// Each process reports its peak RSS (bench/peak-rss.ts); a process that fails is an error here.
const measure = peakRssRunner(dir)
function run(args: string[], env?: Record<string, string>): {ms: number; rss: number} {
  const {ms, rss, status} = measure(args, undefined, env)
  if (status !== 0) throw new Error(`exit ${status}: node ${args.join(' ')}`)
  return {ms, rss}
}

execFileSync(process.execPath, [cli, 'render', input, '-o', output]) // warm the file cache; learn the output size
const outputBytes = statSync(output).size
const floorScript = join(dir, 'floor.mjs')
writeFileSync(
  floorScript,
  `import {readFileSync, writeFileSync} from 'node:fs'
   const value = JSON.parse(readFileSync(process.argv[2], 'utf8'))
   writeFileSync(process.argv[3], Buffer.alloc(${outputBytes}, value.pages.length > 0 ? 120 : 121))`
)

const floor: Array<{ms: number; rss: number}> = []
const render: Array<{ms: number; rss: number}> = []
// The CLI reading the document whole (as before it read page by page), in the same runs: a before/after on one machine state.
const whole: Array<{ms: number; rss: number}> = []
// BENCH_BEFORE=<another build's dist/bin/docmodel.js>: that CLI too, in the same runs (a before/after of a change).
const beforeCli = process.env.BENCH_BEFORE
const before: Array<{ms: number; rss: number}> = []
for (let i = 0; i < PAIRS; i++) {
  floor.push(run([floorScript, input, join(dir, 'floor.out')]))
  render.push(run([cli, 'render', input, '-o', output]))
  whole.push(run([cli, 'render', input, '-o', output], {DOCMODEL_WHOLE_READ: '1'}))
  if (beforeCli) before.push(run([beforeCli, 'render', input, '-o', output]))
}
const bare = run(['-e', '0'])
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const inputBytes = statSync(input).size
const results = {
  date: new Date().toISOString().slice(0, 10),
  inputBytes,
  outputBytes,
  pairs: PAIRS,
  floorMs: median(floor.map((r) => r.ms)),
  renderMs: median(render.map((r) => r.ms)),
  ratio: median(render.map((r) => r.ms)) / median(floor.map((r) => r.ms)),
  wholeReadMs: median(whole.map((r) => r.ms)),
  wholeReadRatio: median(whole.map((r) => r.ms)) / median(floor.map((r) => r.ms)),
  wholeReadRssBytes: median(whole.map((r) => r.rss)),
  bareNodeRssBytes: bare.rss,
  floorRssBytes: median(floor.map((r) => r.rss)),
  renderRssBytes: median(render.map((r) => r.rss)),
  // Ratios of the medians of each run's own ratio to its floor (paired: load hits both alike).
  pairedRatio: median(render.map((r, i) => r.ms / floor[i]!.ms)),
  ...(beforeCli
    ? {
        beforeMs: median(before.map((r) => r.ms)),
        beforePairedRatio: median(before.map((r, i) => r.ms / floor[i]!.ms)),
        beforeRssBytes: median(before.map((r) => r.rss))
      }
    : {})
}
rmSync(dir, {recursive: true})
writeFileSync(new URL('./process.json', import.meta.url), JSON.stringify(results, null, 2) + '\n')

const mb = (bytes: number) => (bytes / 1e6).toFixed(1)
console.log(`Whole process, ${mb(inputBytes)} MB of JSON → ${mb(outputBytes)} MB of markdown, ${PAIRS} paired runs (medians):`)
console.log('| process | ms | peak RSS MB | RSS ÷ input |')
console.log('| --- | ---: | ---: | ---: |')
console.log(`| floor (read + JSON.parse + write) | ${results.floorMs.toFixed(0)} | ${mb(results.floorRssBytes)} | ${(results.floorRssBytes / inputBytes).toFixed(2)} |`)
console.log(`| docmodel render file -o file | ${results.renderMs.toFixed(0)} | ${mb(results.renderRssBytes)} | ${(results.renderRssBytes / inputBytes).toFixed(2)} |`)
console.log(`| docmodel render, read whole (DOCMODEL_WHOLE_READ=1) | ${results.wholeReadMs.toFixed(0)} | ${mb(results.wholeReadRssBytes)} | ${(results.wholeReadRssBytes / inputBytes).toFixed(2)} |`)
if (results.beforeMs !== undefined)
  console.log(`| before (${beforeCli}) | ${results.beforeMs.toFixed(0)} | ${mb(results.beforeRssBytes!)} | ${(results.beforeRssBytes! / inputBytes).toFixed(2)} |`)
console.log(`| bare node -e 0 | | ${mb(bare.rss)} | |`)
console.log(`CLI ÷ floor: ${results.ratio.toFixed(2)}× (target ≤ 2.0×; median of the pairs' ratios ${results.pairedRatio.toFixed(2)}×); read whole: ${results.wholeReadRatio.toFixed(2)}×`)
const above = (rss: number) => ((rss - bare.rss) / inputBytes).toFixed(2)
console.log(`RSS above bare node ÷ input: ${above(results.renderRssBytes)}× (target ≤ 3×); read whole: ${above(results.wholeReadRssBytes)}×`)
if (results.beforeMs !== undefined)
  console.log(`before: ${(results.beforeMs / results.floorMs).toFixed(2)}× the floor (pairs ${results.beforePairedRatio!.toFixed(2)}×), RSS above bare node ÷ input ${above(results.beforeRssBytes!)}×`)
