// Part of `npm run bench`: chunking the 1,000-page bench document with o200k_base at 512 tokens,
// against JSON.parse of the same input (target ≤ 10×), with the costs it is made of; writes
// bench/chunk-results.json.
import os from 'node:os'
import {writeFileSync} from 'node:fs'
import {chunkDocument, loadTokenizer, parseDocument, renderMarkdown} from '../src/index.js'
import {generateDocument} from './generate.js'

const RUNS = Number(process.env.BENCH_CHUNK_RUNS ?? 5)

async function time(fn: () => unknown): Promise<number> {
  await fn() // warm-up: the tokenizer's tables are loaded once
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]!
}

const json = generateDocument(1000)
const doc = parseDocument(json)
const o200k = await loadTokenizer('o200k_base')
const markdown = renderMarkdown(doc)
const chunks = await chunkDocument(doc, {maxTokens: 512})
const floor = await time(() => JSON.parse(json))
const rows: Array<{operation: string; medianMs: number; ratioToJsonParse: number}> = []
for (const [operation, fn] of [
  ['JSON.parse (floor)', () => JSON.parse(json)],
  ['renderMarkdown (the render chunking starts from)', () => renderMarkdown(doc)],
  ['o200k_base count of the whole markdown (one tokenization)', () => o200k.count(markdown)],
  ['chunkDocument, o200k_base, maxTokens 512', () => chunkDocument(doc, {maxTokens: 512})],
  ['chunkDocument, o200k_base, maxTokens 512, overlap 64', () => chunkDocument(doc, {maxTokens: 512, overlap: 64})],
  ['chunkDocument, chars, maxChars 2000', () => chunkDocument(doc, {maxChars: 2000})]
] as const) {
  const medianMs = operation.startsWith('JSON.parse') ? floor : await time(fn)
  rows.push({operation, medianMs, ratioToJsonParse: medianMs / floor})
}

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
