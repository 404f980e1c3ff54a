// `npx tsx scripts/write-reading-order-screenshots.ts`: docs/reading-order-before.png and
// docs/reading-order-after.png, the README's before/after of the layout reading order on docling's
// Persian form (test/fixtures/corpus/docling-layout/right_to_left_03.json), in Debian's Chromium
// (/usr/bin/chromium). Before: numbered column by column (the right column top to bottom, then the
// left one: what the XY-cut read before aligned rows), previewed by index. After: the same document
// previewed with `order: 'geometry'`: each row across, label then value, right to left.
import {readFileSync} from 'node:fs'
import {chromium} from 'playwright-core'
import {type Document, inferReadingOrder, parseDocument, renderPreviewHtml} from '../src/index.js'

const form = parseDocument(readFileSync(new URL('../test/fixtures/corpus/docling-layout/right_to_left_03.json', import.meta.url)))
// Column by column: each column read on its own (top to bottom), the right one first.
const columnByColumn: Document = {
  ...form,
  pages: form.pages.map((page) => {
    const right = page.blocks.filter((b) => (b.bbox[0] + b.bbox[2]) / 2 > 0.46)
    const left = page.blocks.filter((b) => !right.includes(b))
    const order = [right, left].flatMap((blocks) => inferReadingOrder({page: page.page, blocks}, {direction: 'rtl'}))
    return {...page, blocks: order.map((block, i) => ({...block, reading_order_index: i}))}
  })
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync'
  ],
  timeout: 120_000
})
try {
  for (const [name, order] of [
    ['before', 'index'],
    ['after', 'geometry']
  ] as const) {
    const page = await browser.newPage({viewport: {width: 1400, height: 1800}})
    await page.route('**/*', (route) => route.abort())
    await page.setContent(renderPreviewHtml(columnByColumn, {order, title: `right_to_left_03 — order: ${order}`}), {waitUntil: 'load'})
    const box = (await page.locator('#page-1 .page-svg').boundingBox())!
    // The form's part of the page: its top three quarters.
    await page.screenshot({
      path: new URL(`../docs/reading-order-${name}.png`, import.meta.url).pathname,
      clip: {x: box.x, y: box.y, width: box.width, height: box.height * 0.75},
      fullPage: true
    })
    await page.close()
  }
} finally {
  await browser.close()
}
