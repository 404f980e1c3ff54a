// `diff` page by page holds nothing of a page once the page's part of the report is written but
// what must last to the end: its block ids (a repeated one is looked for), the summary's figures
// of it, its size (`source.page_sizes`) and its place in the bytes. On documents of many one-block
// pages, the heap after a full collection, sampled at every write of the report, grows by less
// than twice the input's bytes a page: ~480 bytes of ~785 (up to ~980 measured: the batch of
// pieces not yet written at the last write is up to 256 K characters, in as many small strings as
// lines). It grew by 2.7–3.3 KB a page: the page scan's outline objects, a list a page number, the
// readable report's lines held to the end, and the JSON summary written as one string (and a
// `replaceAll` rope of it); that code fails here.
import {rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {Readable, Writable} from 'node:stream'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'
import {afterAll, describe, expect, it} from 'vitest'
import {runCli} from '../../src/cli/run.js'
import {sink, tempDir} from './helpers.js'

// A full collection on demand, without --expose-gc on the worker: a new context sees the flag.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const WORDS = 'the quick brown fox jumps over a lazy dog while seven wizards quietly hex jovial zebras'.split(' ')

/** A document of `pages` one-block pages (JSON text); `edited`: every page's text changed, so every page differs. */
function smallPages(pages: number, edited: boolean): string {
  const list = Array.from({length: pages}, (_, i) => {
    const words = Array.from({length: 30}, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length])
    if (edited) words[i % 30] = 'changed'
    const block = {
      id: `p${i + 1}_b0`,
      type: 'paragraph',
      page: i + 1,
      bbox: [0.1, 0.1, 0.9, 0.2],
      bbox_units: 'normalized',
      reading_order_index: 0,
      text: words.join(' '),
      text_source: 'verified',
      confidence: 0.95,
      verified: true
    }
    return {page: i + 1, blocks: [block]}
  })
  const source = {kind: 'pdf', filename: 'x.pdf', file_hash: `sha256:${'ab'.repeat(32)}`, page_count: pages, page_sizes: list.map(() => [8.5, 11])}
  const extraction = {model: 'synthetic', profile: 'test', duration_ms: 1, faithfulness_score: 0.99, per_page_failures: []}
  return JSON.stringify({source, extraction, pages: list})
}

const dir = tempDir()
afterAll(() => rmSync(dir, {recursive: true}))

/**
 * The largest heap used (after a full collection) at any write of `diff a b ...flags` on `pages` pages, less the heap before it.
 * `sample: false` runs the diff without collecting (the warm-up: each full collection walks this
 * worker's whole heap, every module the files before this one loaded, ~0.1 s apiece here).
 */
async function heapHeld(pages: number, flags: string[], sample = true): Promise<{held: number; inputBytes: number}> {
  const [a, b] = [smallPages(pages, false), smallPages(pages, true)]
  writeFileSync(join(dir, 'a.json'), a)
  writeFileSync(join(dir, 'b.json'), b)
  if (sample) gc()
  const before = process.memoryUsage().heapUsed
  let peak = before
  // stdout (as a pipe): each batch of the report is handed over here; nothing is kept.
  const stdout = new Writable({
    write(_chunk, _encoding, done) {
      if (sample) {
        gc()
        peak = Math.max(peak, process.memoryUsage().heapUsed)
      }
      done()
    }
  })
  const code = await runCli(['diff', 'a.json', 'b.json', ...flags], {
    stdin: Readable.from([]),
    stdout: Object.assign(stdout, {isTTY: false}),
    stderr: sink(false),
    env: {},
    cwd: dir
  })
  expect(code).toBe(1) // they differ on every page
  return {held: peak - before, inputBytes: a.length + b.length}
}

describe('diff page by page on many small pages', {timeout: 120_000}, () => {
  for (const flags of [['--json'], []])
    it(`holds less than twice the input's bytes a page: ${flags.join(' ') || 'readable'}`, async () => {
      await heapHeld(200, flags, false) // modules loaded, code compiled (its figure unused: not sampled)
      const small = await heapHeld(1000, flags)
      const large = await heapHeld(4000, flags)
      const perPage = (large.held - small.held) / 3000
      const inputPerPage = (large.inputBytes - small.inputBytes) / 3000
      expect(perPage).toBeLessThan(2 * inputPerPage)
    })
})
