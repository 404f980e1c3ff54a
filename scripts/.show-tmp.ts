import {readFileSync} from 'node:fs'
import {inferReadingOrder, parseDocument, sortByReadingOrder} from '/work/wt/order/src/index.js'
const [file, pageNo] = process.argv.slice(2)
const doc = sortByReadingOrder(parseDocument(readFileSync(file!)))
for (const page of doc.pages) {
  if (pageNo && page.page !== Number(pageNo)) continue
  const ours = inferReadingOrder(page)
  const rank = new Map(ours.map((b, i) => [b, i]))
  console.log(`--- page ${page.page}`)
  page.blocks.forEach((b, i) => {
    const t = ('text' in b ? String(b.text) : '').replace(/\s+/g, ' ').slice(0, 50)
    console.log(`${String(i).padStart(3)} ${String(rank.get(b)).padStart(3)} ${b.type.padEnd(11)} [${b.bbox.map((v) => v.toFixed(3)).join(', ')}] ${t}`)
  })
}
