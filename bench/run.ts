// `npm run bench`: times each operation on seeded synthetic documents of 10, 100 and 1,000 pages
// against JSON.parse of the same input, prints one table and writes bench/results.json.
//
// What a user pays: every timed run works on a document this process has not seen before — a
// variant of the generated one whose formulas are all new (a prefix numbered by the run), so the
// KaTeX verdict cache (kept by LaTeX string) never answers from an earlier run. The bench's
// formulas are all in the LaTeX subset the renderer recognises without KaTeX
// (src/render/latex-subset.ts), which needs no cache: while timing, the counts reported are
// formulas recognised, and cache hits and misses (those two should stay 0 here; a formula outside
// the subset would be a miss on its first render). Each run is a pair: JSON.parse of the variant, then the
// operation on the same variant; the ratio is the median of the pairs' ratios, so a load change
// on the shared machine hits both halves of a pair alike.
// Run with --expose-gc (as `npm run bench` does): each timed half then starts after a collection.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {dirname, join} from 'node:path'
import {Ajv2020} from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import {
  checkDocument,
  filterBlocks,
  parseDocument,
  render,
  renderMarkdown,
  sortByReadingOrder,
  toJSONSchema,
  toMdast
} from '../src/index.js'
import type {Document} from '../src/index.js'
import {generateDocument} from './generate.js'
import {latexCacheStats} from '../src/render/handlers/formula.js'

const SIZES = [10, 100, 1000]
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 4000)
const MAX_RUNS = 30

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** A document no run has seen: every formula of `json` gets a prefix numbered by the variant. */
let variants = 0
const freshVariant = (json: string) => json.replaceAll('"latex":"', `"latex":"v_{${++variants}} + `)

const gc = (globalThis as {gc?: () => void}).gc ?? (() => {})
const MIN_RUNS = Number(process.env.BENCH_MIN_RUNS ?? 5)

/**
 * Paired runs of one operation: each run takes a fresh variant and times JSON.parse of it and the
 * operation on it (given the text and, parsed untimed, the document), in alternating order, each
 * half after a collection (with --expose-gc, as `npm run bench` runs it) so neither pays for the
 * other's garbage. At least MIN_RUNS runs, more while within the time budget (the untimed
 * preparation not counted). Answers the medians.
 */
function timePaired(
  json: string,
  fn: (text: string, doc: Document) => unknown
): {medianMs: number; floorMs: number; ratio: number; runs: number} {
  const prepare = () => {
    const text = freshVariant(json)
    return {text, doc: parseDocument(text)}
  }
  const timed = (work: () => unknown) => {
    gc()
    const t0 = performance.now()
    work()
    return performance.now() - t0
  }
  const warm = prepare() // warm-up, not counted
  JSON.parse(warm.text)
  fn(warm.text, warm.doc)
  const ms: number[] = []
  const floor: number[] = []
  const ratios: number[] = []
  let spent = 0
  while (ms.length < MIN_RUNS || (ms.length < MAX_RUNS && spent < BUDGET_MS)) {
    const {text, doc} = prepare()
    const parseFirst = ms.length % 2 === 0
    const first = parseFirst ? timed(() => JSON.parse(text)) : timed(() => fn(text, doc))
    const second = parseFirst ? timed(() => fn(text, doc)) : timed(() => JSON.parse(text))
    const [parseMs, opMs] = parseFirst ? [first, second] : [second, first]
    floor.push(parseMs)
    ms.push(opMs)
    ratios.push(opMs / parseMs)
    spent += parseMs + opMs
  }
  return {medianMs: median(ms), floorMs: median(floor), ratio: median(ratios), runs: ms.length}
}

const ajv = new Ajv2020({strict: false})
addFormats.default(ajv)
const validateSchema = ajv.compile(toJSONSchema('document'))

interface Row {
  pages: number
  operation: string
  medianMs: number
  /** Median of the paired JSON.parse runs of this operation. */
  jsonParseMs: number
  runs: number
  mbPerS: number
  blocksPerS: number
  /** Median over the pairs of (operation ÷ JSON.parse of the same variant). */
  ratioToJsonParse: number
}
const rows: Row[] = []
const cacheBefore = latexCacheStats()
for (const pages of SIZES) {
  const json = generateDocument(pages)
  const bytes = Buffer.byteLength(json)
  const doc = parseDocument(json)
  const blocks = doc.pages.reduce((n, p) => n + p.blocks.length, 0)
  const operations: Array<[string, (text: string, doc: Document) => unknown]> = [
    ['JSON.parse (floor)', (text) => JSON.parse(text)],
    ['parseDocument (lenient)', (text) => parseDocument(text)],
    ['parseDocument (strict)', (text) => parseDocument(text, {mode: 'strict'})],
    ['ajv (JSON.parse + validate)', (text) => validateSchema(JSON.parse(text))],
    ['checkDocument', (_, d) => checkDocument(d)],
    ['toMdast', (_, d) => toMdast(d)],
    ['renderMarkdown', (_, d) => renderMarkdown(d)],
    ['render with sourceMap', (_, d) => render(d, {sourceMap: true})],
    ['filterBlocks (trusted)', (_, d) => filterBlocks(d, 'trusted')],
    ['sortByReadingOrder', (_, d) => sortByReadingOrder(d)],
    ['pipeline: string → markdown', (text) => renderMarkdown(parseDocument(text))]
  ]
  for (const [operation, fn] of operations) {
    const timed = timePaired(json, fn)
    rows.push({
      pages,
      operation,
      medianMs: timed.medianMs,
      jsonParseMs: timed.floorMs,
      runs: timed.runs,
      mbPerS: bytes / 1e6 / (timed.medianMs / 1000),
      blocksPerS: blocks / (timed.medianMs / 1000),
      ratioToJsonParse: timed.ratio
    })
  }
  console.error(`${pages} pages (${(bytes / 1e6).toFixed(1)} MB, ${blocks} blocks) done`)
}
const cacheAfter = latexCacheStats()
// Warm-ups included: every variant is new, so every lookup misses but the document's own repeat.
const timedCache = {
  recognised: cacheAfter.recognised - cacheBefore.recognised,
  hits: cacheAfter.hits - cacheBefore.hits,
  misses: cacheAfter.misses - cacheBefore.misses
}

// Peak memory of the whole pipeline on the largest document, in a fresh process reading it from a file.
const inputFile = join(mkdtempSync(join(os.tmpdir(), 'docmodel-bench-')), 'document.json')
writeFileSync(inputFile, generateDocument(SIZES.at(-1)!))
const memory = JSON.parse(
  execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', new URL('./memory.ts', import.meta.url).pathname, inputFile], {
    encoding: 'utf8'
  })
) as {
  inputBytes: number
  peakBytes: number
}
rmSync(dirname(inputFile), {recursive: true})

// The formulas of the real documents: how many the LaTeX subset recognises, and how often one
// outside it repeats within a document (cache hits).
const corpusDir = new URL('../test/fixtures/corpus/', import.meta.url)
const latexCache = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => {
    const before = latexCacheStats()
    renderMarkdown(parseDocument(readFileSync(new URL(name, corpusDir))))
    const after = latexCacheStats()
    return {document: name, recognised: after.recognised - before.recognised, hits: after.hits - before.hits, misses: after.misses - before.misses}
  })

const row = (pages: number, prefix: string) => rows.find((r) => r.pages === pages && r.operation.startsWith(prefix))!
// Validation alone: parsing text costs JSON.parse plus the check; the check is the difference.
// Paired: each run's parseDocument over the JSON.parse of the same variant, less the 1 of the parse.
const validation = row(1000, 'parseDocument (lenient)').ratioToJsonParse - 1
const sourceMapCost = row(1000, 'render with sourceMap').medianMs / row(1000, 'renderMarkdown').medianMs
const pipeline = (pages: number) => row(pages, 'pipeline')
const perBlock = (pages: number) => 1 / pipeline(pages).blocksPerS
const scaling = perBlock(1000) / perBlock(10)
const results = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`,
  rows,
  memory: {...memory, ratioToInput: memory.peakBytes / memory.inputBytes},
  scaling: {perBlockUs10: perBlock(10) * 1e6, perBlockUs1000: perBlock(1000) * 1e6, ratio: scaling},
  validationRatioToJsonParse: validation,
  sourceMapCostRatio: sourceMapCost,
  latexCache,
  latexCacheWhileTimed: timedCache
}
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n')

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits})
console.log(`Machine: ${results.machine}\n`)
console.log('| pages | operation | median ms | paired JSON.parse ms | runs | MB/s | blocks/s | × JSON.parse (paired) |')
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const r of rows)
  console.log(
    `| ${r.pages} | ${r.operation} | ${fmt(r.medianMs, 2)} | ${fmt(r.jsonParseMs, 2)} | ${r.runs} | ${fmt(r.mbPerS)} | ${fmt(r.blocksPerS, 0)} | ${fmt(r.ratioToJsonParse, 2)} |`
  )
console.log(
  `\nFormulas while timing (every run on a new variant): ${timedCache.recognised} recognised without KaTeX; KaTeX verdict cache ${timedCache.hits} hits, ${timedCache.misses} misses`
)
console.log(
  `\nPeak memory, pipeline on ${SIZES.at(-1)} pages: ${fmt(memory.peakBytes / 1e6)} MB for ${fmt(memory.inputBytes / 1e6)} MB of JSON (${fmt(results.memory.ratioToInput, 2)}× the input)`
)
console.log(
  `Scaling, pipeline cost per block: ${fmt(perBlock(10) * 1e6, 2)} µs at 10 pages, ${fmt(perBlock(1000) * 1e6, 2)} µs at 1,000 pages (${fmt(scaling, 2)}×)`
)
console.log(
  `Pipeline, JSON text → markdown, 1,000 pages: ${fmt(pipeline(1000).ratioToJsonParse, 2)}× JSON.parse, paired, first renders (target ≤ 3.5×)`
)
console.log(`Validation alone (parseDocument ÷ JSON.parse − 1, paired), 1,000 pages: ${fmt(validation, 2)}× JSON.parse (target ≤ 0.5×)`)
console.log(`render with sourceMap: true ÷ without: ${fmt(sourceMapCost, 2)}× (target ≤ 1.15×)`)
for (const c of latexCache)
  if (c.recognised + c.hits + c.misses > 0)
    console.log(`Formulas of ${c.document}: ${c.recognised} recognised without KaTeX; KaTeX verdict cache ${c.hits} hits, ${c.misses} misses`)
