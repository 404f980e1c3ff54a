// `npm run bench`: times each operation on seeded synthetic documents of 10, 100 and 1,000 pages
// against JSON.parse of the same input, prints one table and writes bench/results.json.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {dirname, join} from 'node:path'
import {Ajv2020} from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import {checkDocument, filterBlocks, parseDocument, render, renderMarkdown, sortByReadingOrder, toJSONSchema, toMdast} from '../src/index.js'
import {generateDocument} from './generate.js'
import {latexCacheStats} from '../src/render/handlers/formula.js'

const SIZES = [10, 100, 1000]
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 4000)

/** Median of timed runs: at least 3 runs, more while within the time budget (max 50). */
function time(fn: () => unknown): number {
  fn() // warm-up
  const samples: number[] = []
  const start = performance.now()
  while (samples.length < 3 || (samples.length < 50 && performance.now() - start < BUDGET_MS)) {
    const t0 = performance.now()
    fn()
    samples.push(performance.now() - t0)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]!
}

const ajv = new Ajv2020({strict: false})
addFormats.default(ajv)
const validateSchema = ajv.compile(toJSONSchema('document'))

interface Row {
  pages: number
  operation: string
  medianMs: number
  mbPerS: number
  blocksPerS: number
  ratioToJsonParse: number
}
const rows: Row[] = []
for (const pages of SIZES) {
  const json = generateDocument(pages)
  const bytes = Buffer.byteLength(json)
  const doc = parseDocument(json)
  const blocks = doc.pages.reduce((n, p) => n + p.blocks.length, 0)
  const operations: Array<[string, () => unknown]> = [
    ['JSON.parse (floor)', () => JSON.parse(json)],
    ['parseDocument (lenient)', () => parseDocument(json)],
    ['parseDocument (strict)', () => parseDocument(json, {mode: 'strict'})],
    ['ajv (JSON.parse + validate)', () => validateSchema(JSON.parse(json))],
    ['checkDocument', () => checkDocument(doc)],
    ['toMdast', () => toMdast(doc)],
    ['renderMarkdown', () => renderMarkdown(doc)],
    ['render with sourceMap', () => render(doc, {sourceMap: true})],
    ['filterBlocks (trusted)', () => filterBlocks(doc, 'trusted')],
    ['sortByReadingOrder', () => sortByReadingOrder(doc)],
    ['pipeline: string → markdown', () => renderMarkdown(parseDocument(json))]
  ]
  let floor = 0
  for (const [operation, fn] of operations) {
    const medianMs = time(fn)
    if (operation.startsWith('JSON.parse')) floor = medianMs
    rows.push({
      pages,
      operation,
      medianMs,
      mbPerS: bytes / 1e6 / (medianMs / 1000),
      blocksPerS: blocks / (medianMs / 1000),
      ratioToJsonParse: medianMs / floor
    })
  }
  console.error(`${pages} pages (${(bytes / 1e6).toFixed(1)} MB, ${blocks} blocks) done`)
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

// The KaTeX verdict cache on the real documents: how often a formula repeats within one.
const corpusDir = new URL('../test/fixtures/corpus/', import.meta.url)
const latexCache = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => {
    const before = latexCacheStats()
    renderMarkdown(parseDocument(readFileSync(new URL(name, corpusDir))))
    const after = latexCacheStats()
    return {document: name, hits: after.hits - before.hits, misses: after.misses - before.misses}
  })

const row = (pages: number, prefix: string) => rows.find((r) => r.pages === pages && r.operation.startsWith(prefix))!
// Validation alone: parsing text costs JSON.parse plus the check; the check is the difference.
const validation = (row(1000, 'parseDocument (lenient)').medianMs - row(1000, 'JSON.parse').medianMs) / row(1000, 'JSON.parse').medianMs
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
  latexCache
}
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n')

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits})
console.log(`Machine: ${results.machine}\n`)
console.log('| pages | operation | median ms | MB/s | blocks/s | × JSON.parse |')
console.log('| ---: | --- | ---: | ---: | ---: | ---: |')
for (const r of rows)
  console.log(
    `| ${r.pages} | ${r.operation} | ${fmt(r.medianMs, 2)} | ${fmt(r.mbPerS)} | ${fmt(r.blocksPerS, 0)} | ${fmt(r.ratioToJsonParse, 2)} |`
  )
console.log(
  `\nPeak memory, pipeline on ${SIZES.at(-1)} pages: ${fmt(memory.peakBytes / 1e6)} MB for ${fmt(memory.inputBytes / 1e6)} MB of JSON (${fmt(results.memory.ratioToInput, 2)}× the input)`
)
console.log(
  `Scaling, pipeline cost per block: ${fmt(perBlock(10) * 1e6, 2)} µs at 10 pages, ${fmt(perBlock(1000) * 1e6, 2)} µs at 1,000 pages (${fmt(scaling, 2)}×)`
)
console.log(`Validation alone (parseDocument − JSON.parse), 1,000 pages: ${fmt(validation, 2)}× JSON.parse (target ≤ 0.5×)`)
console.log(`render with sourceMap: true ÷ without: ${fmt(sourceMapCost, 2)}× (target ≤ 1.15×)`)
for (const c of latexCache)
  if (c.hits + c.misses > 0) console.log(`KaTeX verdict cache on ${c.document}: ${c.hits} hits, ${c.misses} misses`)
