// `npm run bench:compare`: the cost of compareDocuments on seeded synthetic documents (10, 100 and
// 1,000 pages against a re-extraction of themselves) and on hostile shapes, each at two sizes: a
// cost that grows linearly shows a per-unit ratio near 1. Writes bench/compare-results.json.
import {writeFileSync} from 'node:fs'
import os from 'node:os'
import {type Block, compareDocuments, type Document, parseDocument, tableSimilarity} from '../src/index.js'
import {generateDocument} from './generate.js'

function time(fn: () => unknown, runs = 3): number {
  fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    samples.push(performance.now() - t0)
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!
}

/** A plausible re-extraction: every 7th text edited, every 13th block dropped, every 11th box nudged. */
function reextract(doc: Document): Document {
  let k = 0
  return {
    ...doc,
    pages: doc.pages.map((page) => ({
      ...page,
      blocks: page.blocks.flatMap((block): Block[] => {
        k++
        if (k % 13 === 0) return []
        let b = block
        if (k % 7 === 0 && typeof (b as {text?: unknown}).text === 'string')
          b = {...b, text: `${(b as {text: string}).text} (revised)`} as Block
        if (k % 11 === 0) b = {...b, bbox: [b.bbox[0], b.bbox[1], b.bbox[2], Math.min(1, b.bbox[3] + 0.005)]}
        return [b]
      })
    }))
  }
}

const page = (blocks: Block[]): Document =>
  ({
    source: {kind: 'pdf', filename: 'x.pdf', file_hash: `sha256:${'0'.repeat(64)}`, page_count: 1, page_sizes: [[8.5, 11]]},
    extraction: {model: 'm', profile: 'p', duration_ms: 1, faithfulness_score: null, per_page_failures: []},
    pages: [{page: 1, blocks}]
  }) as Document
const para = (id: string, bbox: [number, number, number, number], text: string, index: number) =>
  ({
    id,
    type: 'paragraph',
    page: 1,
    bbox,
    bbox_units: 'normalized',
    reading_order_index: index,
    text,
    text_source: 'verified',
    confidence: 1,
    verified: true
  }) as Block

const hostile: Record<string, (n: number) => [Document, Document]> = {
  'stacked boxes (n identical boxes a side)': (n) => {
    const side = (p: string) => page(Array.from({length: n}, (_, i) => para(`${p}${i}`, [0.1, 0.1, 0.9, 0.9], `line ${i}`, i)))
    return [side('a'), side('b')]
  },
  'one row of n narrow boxes': (n) => {
    const side = () => page(Array.from({length: n}, (_, i) => para(`x${i}`, [i / n, 0.1, (i + 0.9) / n, 0.2], `cell ${i}`, i)))
    return [side(), side()]
  },
  'one column of n boxes, all texts new': (n) => {
    const side = (p: string) =>
      page(Array.from({length: n}, (_, i) => para(`${p}${i}`, [0.1, i / n, 0.9, (i + 0.9) / n], `${p} ${i} text`, i)))
    return [side('a'), side('b')]
  },
  'one block of n characters, edited at both ends': (n) => {
    const text = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27)).slice(0, n)
    return [page([para('x', [0.1, 0.1, 0.9, 0.9], text, 0)]), page([para('x', [0.1, 0.1, 0.9, 0.9], `X${text.slice(1, -1)}Y`, 0)])]
  }
}

const rows: Array<Record<string, string | number>> = []
for (const pages of [10, 100, 1000]) {
  const a = parseDocument(generateDocument(pages))
  const b = reextract(a)
  const blocks = a.pages.reduce((n, p) => n + p.blocks.length, 0)
  const ms = time(() => compareDocuments(a, b))
  rows.push({case: `synthetic, ${pages} pages`, size: blocks, ms, usPerUnit: (ms * 1000) / blocks})
  console.error(`synthetic ${pages} pages done`)
}
for (const [name, make] of Object.entries(hostile))
  for (const n of name.includes('characters') ? [100_000, 1_000_000] : [1_000, 4_000]) {
    const [a, b] = make(n)
    const ms = time(() => compareDocuments(a, b))
    rows.push({case: name, size: n, ms, usPerUnit: (ms * 1000) / n})
  }
for (const rowsCount of [50, 100, 2_000]) {
  const table = (tag: string) => ({
    headers: ['a', 'b', 'c', 'd'],
    rows: Array.from({length: rowsCount}, (_, i) => [`${tag}${i}`, `${i}`, 'x', 'y'])
  })
  const ms = time(() => tableSimilarity(table('r'), table('s')))
  const cells = 4 * (rowsCount + 1)
  rows.push({
    case: `TEDS, ${rowsCount} rows × 4${rowsCount > 200 ? ' (over the limit: positional)' : ''}`,
    size: cells,
    ms,
    usPerUnit: (ms * 1000) / cells
  })
}

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`
writeFileSync(
  new URL('./compare-results.json', import.meta.url),
  JSON.stringify({date: new Date().toISOString().slice(0, 10), machine, rows}, null, 2) + '\n'
)
console.log(`Machine: ${machine}\n\n| case | size | median ms | µs per unit |\n| --- | ---: | ---: | ---: |`)
for (const r of rows)
  console.log(`| ${r.case} | ${Number(r.size).toLocaleString('en-US')} | ${Number(r.ms).toFixed(1)} | ${Number(r.usPerUnit).toFixed(2)} |`)
