// Part of `npm run bench`: chunking the 1,000-page bench document with o200k_base at 512 tokens,
// against JSON.parse of the same input (target ≤ 10×), with the costs it is made of; writes
// bench/chunk-results.json.
import os from 'node:os'
import {writeFileSync} from 'node:fs'
import {chunkDocument, loadTokenizer, parseDocument, renderMarkdown} from '../src/index.js'
import {generateDocument} from './generate.js'

const RUNS = Number(process.env.BENCH_CHUNK_RUNS ?? 5)

/** Runs `fn` once and returns the milliseconds it took (awaited). */
async function once(fn: () => unknown): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const json = generateDocument(1000)
const doc = parseDocument(json)
const o200k = await loadTokenizer('o200k_base')
const markdown = renderMarkdown(doc)
const chunks = await chunkDocument(doc, {maxTokens: 512})
const operations: Array<[string, () => unknown]> = [
  ['renderMarkdown (the render chunking starts from)', () => renderMarkdown(doc)],
  ['o200k_base count of the whole markdown (one tokenization)', () => o200k.count(markdown)],
  ['chunkDocument, o200k_base, maxTokens 512', () => chunkDocument(doc, {maxTokens: 512})],
  ['chunkDocument, o200k_base, maxTokens 512, overlap 64', () => chunkDocument(doc, {maxTokens: 512, overlap: 64})],
  ['chunkDocument, chars, maxChars 2000', () => chunkDocument(doc, {maxChars: 2000})]
]
// The machine is shared: each operation is timed right after a JSON.parse of the same input, and
// the ratio is the median of those paired ratios, so a load change between rounds cancels out.
const floors: number[] = []
const samples = operations.map(() => ({ms: [] as number[], ratios: [] as number[]}))
for (const [, fn] of operations) await fn() // warm-up
for (let round = 0; round < RUNS; round++)
  for (const [i, [, fn]] of operations.entries()) {
    const floor = await once(() => JSON.parse(json))
    const ms = await once(fn)
    floors.push(floor)
    samples[i]!.ms.push(ms)
    samples[i]!.ratios.push(ms / floor)
  }
const rows = [
  {operation: 'JSON.parse (floor)', medianMs: median(floors), ratioToJsonParse: 1},
  ...operations.map(([operation], i) => ({operation, medianMs: median(samples[i]!.ms), ratioToJsonParse: median(samples[i]!.ratios)}))
]

const results = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`,
  document: {
    bytes: Buffer.byteLength(json),
    markdownChars: markdown.length,
    chunks: chunks.length,
    tokens: chunks.reduce((n, c) => n + c.tokenCount, 0)
  },
  target: 'chunkDocument (o200k_base, 512) ≤ 10× JSON.parse',
  rows
}
writeFileSync(new URL('./chunk-results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n')
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits})
console.log(`\nChunking, 1,000 pages (${fmt(results.document.bytes / 1e6)} MB of JSON, ${results.document.chunks} chunks):\n`)
console.log('| operation | median ms | × JSON.parse |')
console.log('| --- | ---: | ---: |')
for (const r of rows) console.log(`| ${r.operation} | ${fmt(r.medianMs, 0)} | ${fmt(r.ratioToJsonParse, 2)} |`)
