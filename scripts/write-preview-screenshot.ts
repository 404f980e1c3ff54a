// `npm run screenshot`: docs/preview.png, the README's picture of the layout preview of the bundled
// example, taken in Debian's Chromium (/usr/bin/chromium) with one block selected and hovered.
import {readFileSync} from 'node:fs'
import {chromium} from 'playwright-core'
import {parseDocument, renderPreviewHtml} from '../src/index.js'

const html = renderPreviewHtml(parseDocument(readFileSync(new URL('../examples/quarterly-report.json', import.meta.url))))
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  timeout: 120_000
})
try {
  const page = await browser.newPage({viewport: {width: 1400, height: 1000}})
  await page.route('**/*', (route) => route.abort())
  await page.setContent(html, {waitUntil: 'load'})
  // Page 2 (inferred and low-confidence text, a chart, a formula, an image) just below the toolbar.
  await page.evaluate(`window.scrollTo(0, document.getElementById('page-2').offsetTop - document.querySelector('.toolbar').offsetHeight - 8)`)
  await page.click('#blk-2-11')
  await page.mouse.move(...(await centre(page, '#blk-2-5')))
  await page.screenshot({path: new URL('../docs/preview.png', import.meta.url).pathname})
} finally {
  await browser.close()
}

async function centre(page: import('playwright-core').Page, selector: string): Promise<[number, number]> {
  const box = (await page.locator(selector).boundingBox())!
  return [box.x + box.width * 0.3, box.y + box.height / 2]
}
