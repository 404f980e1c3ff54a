// How far the geometric reading order agrees with the documents' own order (docling's, in the
// corpus): block pairs of a page read in the same order, and pages read identically. Page headers
// and footers are left out, and so are caption↔float pairs (a caption above or below its float is
// read either way by different readers). Also on the documents seen in a mirror with Hebrew text
// (a right-to-left version of the same pages: it must agree as much), and with the former
// recursive left-to-right XY-cut for comparison.
//
//   npx tsx scripts/reading-order-agreement.ts [folder …] [--verbose] [--json]
//
// Folders default to test/fixtures/corpus; every *.json document in them is measured (a hidden
// holdout is measured the same way: give its folder).
import {readFileSync, readdirSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {type Block, type Document, type Page, inferReadingOrder, parseDocument, sortByReadingOrder} from '../src/index.js'
import {referenceRegions} from '../test/layout/reference-xy-cut.js'

const args = process.argv.slice(2)
const verbose = args.includes('--verbose')
const asJson = args.includes('--json')
const folders = args.filter((arg) => !arg.startsWith('--'))
if (folders.length === 0) folders.push(fileURLToPath(new URL('../test/fixtures/corpus', import.meta.url)))

const FLOATS = new Set(['table', 'image', 'chart', 'diagram'])
const FURNITURE = new Set(['page_header', 'page_footer'])

const hebrewCells = (t: {headers: string[]; rows: string[][]}) => ({
  headers: t.headers.map(() => 'כותרת'),
  rows: t.rows.map((row) => row.map(() => 'תא'))
})
const mirror = (page: Page): Page => ({
  ...page,
  blocks: page.blocks.map(
    (b) =>
      ({
        ...b,
        bbox: [1 - b.bbox[2], b.bbox[1], 1 - b.bbox[0], b.bbox[3]],
        ...('text' in b ? {text: 'טקסט בעברית'} : {}),
        ...('rows' in b ? hebrewCells(b as unknown as {headers: string[]; rows: string[][]}) : {})
      }) as Block
  )
})
/** Right-to-left pages are mirrored into left-to-right ones (and back): the mirror test only makes sense for pages read left to right. */

interface Tally {
  pairs: number
  agreeing: number
  pages: number
  exact: number
}
const tally = (): Tally => ({pairs: 0, agreeing: 0, pages: 0, exact: 0})
const add = (into: Tally, from: Tally) => {
  into.pairs += from.pairs
  into.agreeing += from.agreeing
  into.pages += from.pages
  into.exact += from.exact
}
const percent = (t: Tally) => (t.pairs === 0 ? '—' : `${((100 * t.agreeing) / t.pairs).toFixed(2)}%`)
const line = (label: string, t: Tally) =>
  `${label.padEnd(52)} ${`${t.agreeing}/${t.pairs}`.padStart(11)} pairs (${percent(t).padStart(7)}), ${t.exact}/${t.pages} pages exact`

/** The agreement of `read` with the document order on one document. */
function measure(name: string, doc: Document, read: (page: Page) => Block[], transform: (page: Page) => Page = (p) => p): Tally {
  const t = tally()
  for (const original of sortByReadingOrder(doc).pages) {
    const page = transform(original)
    const rank = new Map(read(page).map((block, i) => [block, i]))
    const body = page.blocks.filter((b) => !FURNITURE.has(b.type))
    const order = body.map((block) => rank.get(block)!)
    let disagreeing = 0
    for (let i = 0; i < body.length; i++)
      for (let j = i + 1; j < body.length; j++) {
        const [a, b] = [body[i]!.type, body[j]!.type]
        if ((a === 'caption' && FLOATS.has(b)) || (b === 'caption' && FLOATS.has(a))) continue
        t.pairs++
        if (order[i]! < order[j]!) t.agreeing++
        else disagreeing++
      }
    t.pages++
    if (disagreeing === 0) t.exact++
    else if (verbose) console.log(`  ${name} p${page.page}: ${body.map((b) => `${b.type}@${order[body.indexOf(b)]}`).join(' ')}`)
  }
  return t
}

const documents: Array<{name: string; doc: Document}> = []
for (const folder of folders)
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    try {
      documents.push({name: file, doc: parseDocument(readFileSync(join(folder, file)))})
    } catch (error) {
      console.error(`skipped ${join(folder, file)}: ${(error as Error).message.split('\n')[0]}`)
    }
  }

const runs = {
  former: (page: Page) => referenceRegions(page).flat(),
  current: (page: Page) => inferReadingOrder(page)
}
const results: Record<string, Record<string, Tally>> = {}
const totals = {former: tally(), current: tally(), mirrored: tally()}
for (const {name, doc} of documents) {
  const former = measure(name, doc, runs.former)
  const current = measure(name, doc, runs.current)
  // The mirror is taken of left-to-right documents only (mirroring a right-to-left page gives a left-to-right one).
  const mirrored = measure(name, doc, runs.current, mirror)
  results[name] = {former, current, mirrored}
  add(totals.former, former)
  add(totals.current, current)
  add(totals.mirrored, mirrored)
}
if (asJson) console.log(JSON.stringify({folders: folders.map((f) => resolve(f)), results, totals}, null, 2))
else {
  for (const {name} of documents) console.log(line(name, results[name]!.current!))
  console.log()
  console.log(line('all, former recursive XY-cut', totals.former))
  console.log(line('all, inferReadingOrder (auto)', totals.current))
  console.log(line('all mirrored with Hebrew text, inferReadingOrder', totals.mirrored))
}
