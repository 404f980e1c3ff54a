// `npm run bench:peer`: docmodel's side of the peer row (see bench/peer-docling.py for docling-core's):
// on each DoclingDocument JSON file, a fresh process times its first parse + render of the same
// document — the file imported once (`fromDocling`, not timed) and written as this API's JSON,
// then `renderMarkdown(parseDocument(text))` — and prints the time per block.
//
//   npm run bench:peer [files…]     (default: test/fixtures/import/docling/*.json)
import {execFileSync} from 'node:child_process'
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {fromDocling} from '../src/import/index.js'
import {parseDocument, renderMarkdown} from '../src/index.js'

const one = process.argv.find((arg) => arg.startsWith('--one='))
if (one) {
  const path = one.slice('--one='.length)
  const text = JSON.stringify(fromDocling(JSON.parse(readFileSync(path, 'utf8'))).document)
  const time = () => {
    const start = performance.now()
    const doc = parseDocument(text)
    renderMarkdown(doc)
    return [performance.now() - start, doc.pages.reduce((n, page) => n + page.blocks.length, 0)] as const
  }
  const [first, blocks] = time()
  const again = Array.from({length: 5}, () => time()[0]).sort((a, b) => a - b)[2]!
  const round = (n: number) => Math.round(n * 100) / 100
  console.log(JSON.stringify({file: path, blocks, first_ms: round(first), median_ms: round(again), first_us_per_block: round((first * 1000) / Math.max(blocks, 1))}))
} else {
  const dir = fileURLToPath(new URL('../test/fixtures/import/docling/', import.meta.url))
  const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f))
  for (const file of files)
    process.stdout.write(execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `--one=${file}`], {encoding: 'utf8'}))
}
