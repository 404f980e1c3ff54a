// `npm run bench:memory` (also part of `npm run bench`): the peak RSS of every command that reads a
// whole document, as a whole process of the built CLI on a ~52 MB generated document (1,900 pages),
// above a bare `node -e 0`, over the input's size. Targets (issue 27): render ≤ 3×, every other
// command ≤ 6×. Then the same on a document of many small pages (80,000 one-block pages, ~36 MB:
// what a page-by-page reader keeps for every page weighs most there). Each process reports its
// peak (process.resourceUsage().maxRSS) through a preload at exit. Needs a build (`npm run build`).
// Prints the tables and writes bench/memory-results.json (`smallPages`: the second document).
// BENCH_SMALL_PAGES=<n> sets the second document's page count (0 leaves it out).
// BENCH_CLI=<path to main.js> measures another build (e.g. a copy of main's dist, for a before/after).
// BENCH_ROWS=render,batch measures only the rows whose command is named (and their "read whole" twins).
import {mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {generateDocument, generateSmallPages} from './generate.js'
import {peakRssRunner} from './peak-rss.js'

const PAGES = Number(process.env.BENCH_PAGES ?? 1900)
const SMALL_PAGES = Number(process.env.BENCH_SMALL_PAGES ?? 80000)
const cli = process.env.BENCH_CLI ?? fileURLToPath(new URL('../dist/bin/docmodel.js', import.meta.url))
const dir = mkdtempSync(join(os.tmpdir(), 'docmodel-memory-'))
const measure = peakRssRunner(dir)
/** Runs a node process in the bench folder; answers its wall time (ms), peak RSS (bytes) and exit code. */
const run = (args: string[], env?: Record<string, string>) => measure(args, dir, env)
run(['-e', '0']) // warm the file cache
const bare = run(['-e', '0'])

interface Row {
  name: string
  args: string[]
  target: number
  ok?: number[]
  bytes?: number
  env?: Record<string, string>
}

/**
 * Every command's row on the document `json` (written into a folder of its own, for batch), diff
 * against `other`; `twins`: the "read whole" rows too, or only diff's.
 */
function measureDocument(json: string, other: string, twins: boolean) {
  const input = join(dir, 'in', 'document.json')
  const otherPath = join(dir, 'other.json')
  rmSync(join(dir, 'in'), {recursive: true, force: true})
  mkdirSync(join(dir, 'in'))
  writeFileSync(input, json)
  writeFileSync(otherPath, other)
  const inputBytes = statSync(input).size
  const otherBytes = statSync(otherPath).size
  const whole = {DOCMODEL_WHOLE_READ: '1'}
  // diff reads two documents: its input is both; it exits 1 when they differ: that is its answer, not a failure.
  const diff = {ok: [0, 1], bytes: inputBytes + otherBytes}
  const commands: Row[] = [
    {name: 'render', args: ['render', input, '-o', 'out.md'], target: 3},
    // The same, reading the document whole as render did before it read page by page: before/after in one run.
    {name: 'render (read whole)', args: ['render', input, '-o', 'out.md'], target: 3, env: whole},
    {name: 'validate', args: ['validate', input], target: 6},
    {name: 'validate (read whole)', args: ['validate', input], target: 6, env: whole},
    {name: 'filter', args: ['filter', input, '--preset', 'trusted', '-o', 'out.json'], target: 6},
    {name: 'stats', args: ['stats', input], target: 6},
    {name: 'chunk', args: ['chunk', input, '--max-tokens', '512', '-o', 'out.jsonl'], target: 6},
    {name: 'chunk (read whole)', args: ['chunk', input, '--max-tokens', '512', '-o', 'out.jsonl'], target: 6, env: whole},
    {name: 'preview', args: ['preview', input, '-o', 'out.html'], target: 6},
    {name: 'preview (read whole)', args: ['preview', input, '-o', 'out.html'], target: 6, env: whole},
    {name: 'diff', args: ['diff', input, otherPath, '--json', '-o', 'out.json'], target: 6, ...diff},
    {name: 'diff (read whole)', args: ['diff', input, otherPath, '--json', '-o', 'out.json'], target: 6, ...diff, env: whole},
    // Into stdout (here /dev/null): every page read and validated before a byte is written, the input's bytes kept.
    {name: 'diff to stdout', args: ['diff', input, otherPath, '--json'], target: 6, ...diff},
    // The readable report (only the pages that differ).
    {name: 'diff text', args: ['diff', input, otherPath, '-o', 'out.txt'], target: 6, ...diff},
    {name: 'diff text to stdout', args: ['diff', input, otherPath], target: 6, ...diff},
    {name: 'batch', args: ['batch', join(dir, 'in'), '--out', 'batch-out', '--force', '--quiet'], target: 6},
    {name: 'batch (read whole)', args: ['batch', join(dir, 'in'), '--out', 'batch-out', '--force', '--quiet'], target: 6, env: whole},
    {
      name: 'batch chunks',
      args: ['batch', join(dir, 'in'), '--out', 'batch-out', '--force', '--quiet', '--to', 'chunks', '--max-tokens', '512'],
      target: 6
    },
    {
      name: 'batch chunks (read whole)',
      args: ['batch', join(dir, 'in'), '--out', 'batch-out', '--force', '--quiet', '--to', 'chunks', '--max-tokens', '512'],
      target: 6,
      env: whole
    }
  ]
    .filter(({name}) => twins || !name.endsWith('(read whole)') || name.startsWith('diff'))
    .filter(({name}) => process.env.BENCH_ROWS === undefined || process.env.BENCH_ROWS.split(',').includes(name.split(' ')[0]!))
  const rows = commands.map(({name, args, target, ok = [0], bytes = inputBytes, env}) => {
    const measured = run([cli, ...args], env)
    if (!ok.includes(measured.status)) throw new Error(`${name} exited ${measured.status}`)
    const above = measured.rss - bare.rss
    console.error(`${name}: ${(measured.ms / 1000).toFixed(1)} s, ${(measured.rss / 1e6).toFixed(0)} MB`)
    return {
      command: name,
      inputBytes: bytes,
      ms: measured.ms,
      peakRssBytes: measured.rss,
      aboveBareBytes: above,
      ratioToInput: above / bytes,
      target
    }
  })
  return {inputBytes, rows}
}

const json = generateDocument(PAGES)
// The document re-extracted, for diff: the same blocks, every formula changed.
const large = measureDocument(json, json.replaceAll('"latex":"', '"latex":"v_{2} + '), true)
const smallJson = SMALL_PAGES > 0 ? generateSmallPages(SMALL_PAGES) : undefined
// Re-extracted: every tenth page's text changed (its first word), the rest the same.
const small =
  smallJson === undefined
    ? undefined
    : measureDocument(smallJson, smallJson.replace(/"page":(\d*0),"blocks":\[\{(.*?)"text":"/g, '"page":$1,"blocks":[{$2"text":"Edited '), false)
rmSync(dir, {recursive: true})

const results = {
  date: new Date().toISOString(),
  machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}`,
  cli,
  pages: PAGES,
  inputBytes: large.inputBytes,
  bareNodeRssBytes: bare.rss,
  rows: large.rows,
  ...(small === undefined ? {} : {smallPages: {pages: SMALL_PAGES, inputBytes: small.inputBytes, rows: small.rows}})
}
if (process.env.BENCH_CLI === undefined && process.env.BENCH_ROWS === undefined)
  writeFileSync(new URL('./memory-results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n')

const mb = (bytes: number) => (bytes / 1e6).toFixed(0)
const table = (title: string, rows: typeof large.rows) => {
  console.log(title)
  console.log('| command | input MB | wall s | peak RSS MB | above bare node MB | ÷ input | target |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |')
  for (const r of rows)
    console.log(
      `| ${r.command} | ${mb(r.inputBytes)} | ${(r.ms / 1000).toFixed(1)} | ${mb(r.peakRssBytes)} | ${mb(r.aboveBareBytes)} | ${r.ratioToInput.toFixed(2)} | ≤ ${r.target}: ${r.ratioToInput <= r.target ? 'met' : 'missed'} |`
    )
}
table(`Peak RSS, ${mb(large.inputBytes)} MB document (${PAGES} pages), bare node ${mb(bare.rss)} MB:`, large.rows)
if (small) table(`\nPeak RSS, ${mb(small.inputBytes)} MB document of ${SMALL_PAGES} one-block pages, bare node ${mb(bare.rss)} MB:`, small.rows)
