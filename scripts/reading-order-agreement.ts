// How far the geometric reading order agrees with the corpus documents' own order (docling's):
// block pairs of a page read in the same order, and pages read identically. Also on the corpus
// seen in a mirror with Hebrew text (a right-to-left version of the same pages), and with the
// former recursive left-to-right XY-cut for comparison. `npx tsx scripts/reading-order-agreement.ts`
import {readFileSync} from 'node:fs'
import {type Block, type Document, type Page, inferReadingOrder, parseDocument, sortByReadingOrder} from '../src/index.js'
import {referenceRegions} from '../test/layout/reference-xy-cut.js'

const CORPUS = ['multi_page.json', 'code_and_formula.json', '2305.03393v1.json']
const verbose = process.argv.includes('--verbose')

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

function agreement(label: string, read: (page: Page) => Block[], transform: (page: Page) => Page = (p) => p): void {
  let pairs = 0
  let agreeing = 0
  let pages = 0
  let exact = 0
  for (const name of CORPUS) {
    const doc: Document = parseDocument(readFileSync(new URL(`../test/fixtures/corpus/${name}`, import.meta.url)))
    for (const original of sortByReadingOrder(doc).pages) {
      const page = transform(original)
      const rank = new Map(read(page).map((block, i) => [block.id, i]))
      const order = page.blocks.map((block) => rank.get(block.id)!)
      for (let i = 0; i < order.length; i++)
        for (let j = i + 1; j < order.length; j++) {
          pairs++
          if (order[i]! < order[j]!) agreeing++
        }
      pages++
      if (order.every((r, i) => r === i)) exact++
      else if (verbose) console.log(`  ${name} p${page.page}: ${page.blocks.map((b) => `${b.type}@${rank.get(b.id)}`).join(' ')}`)
    }
  }
  console.log(`${label.padEnd(48)} ${agreeing}/${pairs} pairs (${((100 * agreeing) / pairs).toFixed(2)}%), ${exact}/${pages} pages exact`)
}

agreement('corpus, former recursive XY-cut', (page) => referenceRegions(page).flat())
agreement('corpus, inferReadingOrder (auto)', (page) => inferReadingOrder(page))
agreement('mirrored Hebrew corpus, former XY-cut (ltr)', (page) => referenceRegions(page).flat(), mirror)
agreement('mirrored Hebrew corpus, inferReadingOrder (auto)', (page) => inferReadingOrder(page), mirror)
