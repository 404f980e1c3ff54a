// `npm run bench` (second part): the layout preview of the seeded bench documents — HTML size,
// render time, and, in Debian's Chromium when it is installed, how long the 1,000-page preview
// takes to open and to jump to its last block. Writes bench/preview-results.json.
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {chromium} from 'playwright-core'
import {parseDocument, renderPreviewHtml} from '../src/index.js'
import {generateDocument} from './generate.js'

const SIZES = [10, 100, 1000]
const CHROMIUM = '/usr/bin/chromium'

/** Medians of 5 runs after a warm-up: wall-clock ms, and CPU ms of the process (less moved by other load on a shared machine). */
function time(fn: () => unknown): {wallMs: number; cpuMs: number} {
  fn()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    fn()
    const c = process.cpuUsage(c0)
    wall.push(performance.now() - t0)
    cpu.push((c.user + c.system) / 1000)
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[2]!
  return {wallMs: median(wall), cpuMs: median(cpu)}
}

interface Row {
  pages: number
  blocks: number
  jsonMB: number
  htmlMB: number
  bytesPerBlock: number
  renderMs: number
  renderCpuMs: number
  lazy: boolean
}
const rows: Row[] = []
let largest = ''
for (const pages of SIZES) {
  const json = generateDocument(pages)
  const doc = parseDocument(json)
  const blocks = doc.pages.reduce((n, p) => n + p.blocks.length, 0)
  const html = renderPreviewHtml(doc)
  const bytes = Buffer.byteLength(html)
  const {wallMs, cpuMs} = time(() => renderPreviewHtml(doc))
  rows.push({
    pages,
    blocks,
    jsonMB: Buffer.byteLength(json) / 1e6,
    htmlMB: bytes / 1e6,
    bytesPerBlock: bytes / blocks,
    renderMs: wallMs,
    renderCpuMs: cpuMs,
    lazy: html.includes('class="page lazy')
  })
  if (pages === SIZES.at(-1)) largest = html
  console.error(`${pages} pages done`)
}

// The largest preview in a real browser: time to the load event, and to scrolling the list to its
// end and clicking the last page's first entry, which draws that page and highlights the block.
let browser: Record<string, number | string> | undefined
if (existsSync(CHROMIUM)) {
  const dir = mkdtempSync(join(os.tmpdir(), 'docmodel-preview-bench-'))
  const file = join(dir, 'preview.html')
  writeFileSync(file, largest)
  const instance = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    timeout: 120_000
  })
  try {
    const page = await instance.newPage({viewport: {width: 1400, height: 1000}})
    page.setDefaultTimeout(300_000)
    let t0 = performance.now()
    await page.goto(pathToFileURL(file).href, {waitUntil: 'load'})
    const loadMs = performance.now() - t0
    const last = SIZES.at(-1)!
    t0 = performance.now()
    await page.locator('aside').evaluate((aside) => aside.scrollTo(0, aside.scrollHeight))
    await page.click(`#item-${last}-1 button`)
    await page.waitForSelector(`#blk-${last}-1.selected`)
    const jumpMs = performance.now() - t0
    const nodes = await page.evaluate('document.getElementsByTagName("*").length')
    const drawnPages = await page.evaluate('document.querySelectorAll(".page rect.paper").length')
    browser = {chromium: instance.version(), loadMs, jumpToLastBlockMs: jumpMs, elements: nodes as number, drawnPages: drawnPages as number}
  } finally {
    await instance.close()
    rmSync(dir, {recursive: true})
  }
}

const results = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  rows,
  browser
}
writeFileSync(new URL('./preview-results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n')

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits})
console.log('\n| pages | blocks | JSON MB | HTML MB | bytes/block | renderPreviewHtml ms | CPU ms | lazy |')
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |')
for (const r of rows)
  console.log(
    `| ${r.pages} | ${r.blocks} | ${fmt(r.jsonMB)} | ${fmt(r.htmlMB)} | ${fmt(r.bytesPerBlock, 0)} | ${fmt(r.renderMs, 0)} | ${fmt(r.renderCpuMs, 0)} | ${r.lazy ? 'yes' : 'no'} |`
  )
if (browser)
  console.log(
    `\nChromium ${browser.chromium}, ${SIZES.at(-1)} pages: load event after ${fmt(browser.loadMs as number, 0)} ms; the last block drawn and highlighted ${fmt(browser.jumpToLastBlockMs as number, 0)} ms after a click on its list entry; ${browser.elements} elements, ${browser.drawnPages} pages drawn`
  )
else console.log(`\n${CHROMIUM} not found: browser timings skipped`)
