// How far the geometric reading order agrees with the corpus documents' own order (docling's):
// block pairs of a page read in the same order, and pages read identically.
// `npx tsx scripts/reading-order-agreement.ts`
import {readFileSync} from 'node:fs'
import {parseDocument, sortByReadingOrder} from '../src/index.js'

const CORPUS = ['multi_page.json', 'code_and_formula.json', '2305.03393v1.json']
let pairs = 0
let agreeing = 0
let pages = 0
let exact = 0
for (const name of CORPUS) {
  const doc = parseDocument(readFileSync(new URL(`../test/fixtures/corpus/${name}`, import.meta.url)))
  const byIndex = sortByReadingOrder(doc).pages
  const byGeometry = sortByReadingOrder(doc, {by: 'geometry'}).pages
  let docPairs = 0
  let docAgreeing = 0
  byIndex.forEach((page, p) => {
    const rank = new Map(byGeometry[p]!.blocks.map((block, i) => [block, i]))
    const order = page.blocks.map((block) => rank.get(block)!)
    for (let i = 0; i < order.length; i++)
      for (let j = i + 1; j < order.length; j++) {
        docPairs++
        if (order[i]! < order[j]!) docAgreeing++
      }
    pages++
    if (order.every((r, i) => r === i)) exact++
    else console.log(`  ${name} page ${page.page}: ${page.blocks.map((b) => `${b.id}:${b.type}`).join(' ')}\n    geometry: ${byGeometry[p]!.blocks.map((b) => b.id).join(' ')}`)
  })
  pairs += docPairs
  agreeing += docAgreeing
  console.log(`${name}: ${docAgreeing}/${docPairs} pairs (${((100 * docAgreeing) / docPairs).toFixed(2)}%)`)
}
console.log(`all: ${agreeing}/${pairs} pairs (${((100 * agreeing) / pairs).toFixed(2)}%), ${exact}/${pages} pages exact`)
