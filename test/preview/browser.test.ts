// The preview in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run when
// missing) driven by playwright-core. One browser for the file; each test opens its own context.
import {existsSync} from 'node:fs'
import type {Browser, BrowserContext, Page} from 'playwright-core'
import {chromium} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type Document, renderPageSvg, renderPreviewHtml} from '../../src/index.js'
import {PAYLOADS, example, hostileDocument} from '../helpers/preview.js'

// The page runs in the browser; these names exist there, not in Node's type library.
declare const document: any
declare const window: any

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
const CHROMIUM = '/usr/bin/chromium'
const ORIGIN = 'http://preview.invalid/'

let browser: Browser
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: run .ci/run, or apt-get install chromium`)
  browser = await chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000})
}, 90_000)
afterAll(async () => {
  await browser?.close()
})

interface Opened {
  page: Page
  context: BrowserContext
  /** Every request the page made after its own document. */
  requests: string[]
  dialogs: string[]
  /** Uncaught errors and console errors (a CSP violation is one). */
  errors: string[]
}

/** Serves the HTML as the only thing the (fake) origin has; every other request is counted and refused. */
async function open(html: string, {bypassCSP = false} = {}): Promise<Opened> {
  const context = await browser.newContext({viewport: {width: 1400, height: 1000}, bypassCSP})
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const opened: Opened = {page, context, requests: [], dialogs: [], errors: []}
  page.on('request', (request) => {
    if (request.url() !== ORIGIN) opened.requests.push(request.url())
  })
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  page.on('pageerror', (error) => opened.errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') opened.errors.push(message.text())
  })
  await page.route('**/*', (route) =>
    route.request().url() === ORIGIN ? route.fulfill({status: 200, contentType: 'text/html; charset=utf-8', body: html}) : route.abort()
  )
  await page.goto(ORIGIN, {waitUntil: 'load'})
  return opened
}

describe('the preview of the bundled example in Chromium', () => {
  const doc = example()
  let opened: Opened
  beforeAll(async () => {
    opened = await open(renderPreviewHtml(doc))
  }, 60_000)
  afterAll(async () => {
    await opened?.context.close()
  })

  it('draws one element per block per page, with the right data attributes', async () => {
    for (const p of doc.pages) {
      const drawn: string[][] = await opened.page.$$eval(`#page-${p.page} [data-block-id]`, (els) =>
        els.map((el: any) => [el.tagName, el.dataset.blockId, el.dataset.type, el.dataset.textSource, el.dataset.confidence])
      )
      expect(drawn.sort((a, b) => (a[1]! < b[1]! ? -1 : 1))).toEqual(
        [...p.blocks].sort((a, b) => (a.id < b.id ? -1 : 1)).map((b) => ['rect', b.id, b.type, b.text_source, String(b.confidence)])
      )
    }
  })

  it('places each block where its bbox says, scaled to the viewBox (±0.5 px)', async () => {
    const measured: Array<{id: string; page: number; box: number[]; svg: number[]; viewBox: number[]}> = await opened.page.$$eval('rect.block', (els) =>
      els.map((el: any) => {
        const svg = el.ownerSVGElement
        const r = el.getBoundingClientRect()
        const s = svg.getBoundingClientRect()
        return {
          id: el.dataset.blockId,
          page: Number(el.dataset.page),
          box: [r.left, r.top, r.width, r.height],
          svg: [s.left, s.top, s.width, s.height],
          viewBox: svg.getAttribute('viewBox').split(' ').map(Number)
        }
      })
    )
    expect(measured).toHaveLength(33)
    for (const {id, page, box, svg, viewBox} of measured) {
      const block = doc.pages.find((p) => p.page === page)!.blocks.find((b) => b.id === id)!
      const [x0, y0, x1, y1] = block.bbox
      const scale = svg[2]! / viewBox[2]!
      expect(svg[3]! / svg[2]!).toBeCloseTo(11 / 8.5, 3)
      const expected = [svg[0]! + x0 * 612 * scale, svg[1]! + y0 * 792 * scale, (x1 - x0) * 612 * scale, (y1 - y0) * 792 * scale]
      box.forEach((value, i) => expect(Math.abs(value - expected[i]!), `${id} [${i}]`).toBeLessThanOrEqual(0.5))
    }
  })

  it('hits the block at the centre of every block that nothing overlaps', async () => {
    let checked = 0
    for (const p of doc.pages)
      for (const block of p.blocks) {
        const overlapped = p.blocks.some(
          (other) =>
            other !== block &&
            other.bbox[0] < block.bbox[2] && block.bbox[0] < other.bbox[2] && other.bbox[1] < block.bbox[3] && block.bbox[1] < other.bbox[3]
        )
        if (overlapped) continue
        const hit = await opened.page.evaluate((id: string) => {
          const el = document.querySelector(`#page-${id.split('|')[0]} [data-block-id="${id.split('|')[1]}"]`)
          el.scrollIntoView({block: 'center'})
          const r = el.getBoundingClientRect()
          const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
          return at === el
        }, `${p.page}|${block.id}`)
        expect(hit, block.id).toBe(true)
        checked++
      }
    expect(checked).toBeGreaterThan(25)
  })

  it('shows a tooltip on hover with type, provenance, confidence and text', async () => {
    const {page} = opened
    await page.locator('#blk-1-4').scrollIntoViewIfNeeded()
    await page.hover('#blk-1-4')
    await expect.poll(() => page.locator('#tip').isVisible()).toBe(true)
    const tip = await page.locator('#tip').textContent()
    expect(tip).toMatch(/^paragraph \(body\) · verified · confidence 1 · #4 · id blk_103\nRevenue grew 12% year over year/)
    await page.mouse.move(2, 500)
    await expect.poll(() => page.locator('#tip').isVisible()).toBe(false)
  })

  it('highlights the block of a clicked list entry, and the entry of a clicked block', async () => {
    const {page} = opened
    const classes = (selector: string) => page.locator(selector).getAttribute('class')
    await page.click('#item-2-11 button')
    expect(await classes('#blk-2-11')).toContain('selected')
    expect(await classes('#item-2-11')).toContain('selected')
    expect(await page.locator('#blk-2-11').isVisible()).toBe(true)
    await page.locator('#blk-3-5').scrollIntoViewIfNeeded()
    await page.click('#blk-3-5')
    expect(await classes('#item-3-5')).toContain('selected')
    expect(await classes('#blk-3-5')).toContain('selected')
    expect(await classes('#blk-2-11')).not.toContain('selected')
    expect(await page.locator('.selected').count()).toBe(2)
  })

  it('filters by type and by text source', async () => {
    const {page} = opened
    const visible = () => page.locator('rect.block').evaluateAll((els) => els.filter((el: any) => el.getBoundingClientRect().width > 0).length)
    const listed = () => page.locator('.item').evaluateAll((els) => els.filter((el: any) => el.offsetParent !== null).length)
    const blocks = doc.pages.flatMap((p) => p.blocks)
    const kept = (keep: (b: (typeof blocks)[number]) => boolean) => blocks.filter(keep).length
    expect(await visible()).toBe(33)
    await page.uncheck('input[data-filter="type"][value="paragraph"]')
    const noParagraphs = kept((b) => b.type !== 'paragraph')
    expect([await visible(), await listed()]).toEqual([noParagraphs, noParagraphs])
    await page.uncheck('input[data-filter="source"][value="derived"]')
    const neither = kept((b) => b.type !== 'paragraph' && b.text_source !== 'derived')
    expect(neither).toBeLessThan(noParagraphs)
    expect([await visible(), await listed()]).toEqual([neither, neither])
    await page.check('input[data-filter="type"][value="paragraph"]')
    await page.check('input[data-filter="source"][value="derived"]')
    expect([await visible(), await listed()]).toEqual([33, 33])
  })

  it('makes no network request, raises no error and breaks no CSP rule', () => {
    expect(opened.requests).toEqual([])
    expect(opened.errors).toEqual([])
  })

  it('looks like something: the screenshot is not blank', async () => {
    await opened.page.evaluate(() => window.scrollTo(0, 0))
    const png = await opened.page.screenshot()
    const helper = await browser.newPage()
    // Decode the PNG in a blank page and measure the variance of its luminance.
    const variance = await helper.evaluate(async (b64: string) => {
      const image = new window.Image()
      image.src = `data:image/png;base64,${b64}`
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = image.width
      canvas.height = image.height
      const context = canvas.getContext('2d')
      context.drawImage(image, 0, 0)
      const data = context.getImageData(0, 0, image.width, image.height).data
      let sum = 0
      let squares = 0
      const n = data.length / 4
      for (let i = 0; i < data.length; i += 4) {
        const y = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]
        sum += y
        squares += y * y
      }
      return squares / n - (sum / n) ** 2
    }, png.toString('base64'))
    await helper.close()
    expect(variance).toBeGreaterThan(100)
  })
})

describe('hostile document text in Chromium', () => {
  it('shows every payload as text; nothing runs, opens a dialog or is fetched', async () => {
    const doc = hostileDocument()
    // Escaping alone must hold (the CSP switched off), and the real page must hold (lazy pages on).
    for (const [lazy, bypassCSP] of [[false, true], [true, false]]) {
      const {page, context, requests, dialogs, errors} = await open(renderPreviewHtml(doc, {lazy}), {bypassCSP})
      // A real click and hover first; then every entry clicked and every block hovered in the page
      // (the tooltip shows each payload). A lazy page is drawn from its inert text on load.
      await page.click('#item-1-2 button')
      await page.hover('#blk-1-2', {force: true})
      expect(await page.locator('#tip').textContent()).toContain(`id id-1-${PAYLOADS[1]}`)
      const tips: string[] = await page.evaluate(() =>
        [...document.querySelectorAll('.item')].map((item: any) => {
          item.querySelector('button').click()
          const block = document.getElementById(item.id.replace('item-', 'blk-'))
          block.dispatchEvent(new window.MouseEvent('mouseover', {bubbles: true}))
          return document.getElementById('tip').textContent
        })
      )
      PAYLOADS.forEach((payload, i) => expect(tips[i]).toContain(`id id-${i}-${payload.replace(/[\u0000-\u0008\uD800]/g, '\uFFFD')}`))
      expect(await page.locator('.selected').count()).toBe(2)
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined()
      expect(dialogs).toEqual([])
      expect(requests).toEqual([])
      expect(errors).toEqual([])
      const texts = await page.locator('.item .text').allTextContents()
      expect(texts.slice(0, 4)).toEqual(PAYLOADS.slice(0, 4).map((p) => p.replace(/\s+/g, ' ').trim()))
      expect(await page.title()).toBe(`Preview: ${PAYLOADS[0]}`)
      expect(await page.locator('img, iframe, foreignObject').count()).toBe(0)
      expect(await page.locator('image.content').count()).toBe(1)
      await context.close()
    }
  })

  it('gives well-formed standalone SVG (XML) for hostile text', async () => {
    const page = await browser.newPage()
    const svg = renderPageSvg(hostileDocument(), 1)
    const result = await page.evaluate((text: string) => {
      const parsed = new window.DOMParser().parseFromString(text, 'image/svg+xml')
      return {error: parsed.querySelector('parsererror')?.textContent ?? null, blocks: parsed.querySelectorAll('rect.block').length, scripts: parsed.querySelectorAll('script').length}
    }, svg)
    await page.close()
    expect(result).toEqual({error: null, blocks: PAYLOADS.length + 2, scripts: 0})
  })
})

describe('a long document in Chromium', () => {
  it('opens with pages drawn on demand; a list entry far down draws its page and highlights the block', async () => {
    const base = example()
    const pages = 120
    const doc: Document = {
      ...base,
      source: {...base.source, page_count: pages, page_sizes: Array.from({length: pages}, () => [8.5, 11] as [number, number])},
      pages: Array.from({length: pages}, (_, i) => {
        const source = base.pages[i % 3]!
        return {page: i + 1, blocks: source.blocks.map((b) => ({...b, id: `${b.id}-${i + 1}`, page: i + 1}))}
      })
    }
    const {page, context, requests, errors} = await open(renderPreviewHtml(doc))
    const drawnPages = () => page.locator('section.page svg rect.paper').count()
    // Pages are drawn by an observer after load: wait for the first to be drawn, never for a time.
    await page.waitForFunction(() => document.querySelectorAll('section.page svg rect.paper').length > 0)
    const before = await drawnPages()
    expect(before).toBeGreaterThan(0)
    expect(before).toBeLessThan(pages)
    // The list draws its entries as it scrolls, too.
    expect(await page.locator('.item').count()).toBeLessThan(pages * 11)
    await page.locator('aside').evaluate((aside: any) => aside.scrollTo(0, aside.scrollHeight))
    await page.click('#item-120-4 button')
    await expect.poll(() => page.locator('#blk-120-4.selected').count()).toBe(1)
    // Scrolled into view by the click: polled, as the scroll may land after the selection.
    const inView = () =>
      page.evaluate(() => {
        const r = document.getElementById('blk-120-4').getBoundingClientRect()
        return r.top >= 0 && r.bottom <= window.innerHeight
      })
    await expect.poll(inView).toBe(true)
    expect(await drawnPages()).toBeLessThan(pages)
    // A block clicked on a page whose list entries were never drawn: they are drawn, its entry selected.
    await page.locator('#page-60').scrollIntoViewIfNeeded()
    await page.locator('#blk-60-2').scrollIntoViewIfNeeded()
    await page.click('#blk-60-2')
    await expect.poll(() => page.locator('#item-60-2.selected').count()).toBe(1)
    expect(requests).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('words and order badges in Chromium', () => {
  it('badges of stacked small boxes do not overlap; the words inside a box stay inside it', async () => {
    const base = example()
    // Page 1 of the example, plus a pile of small boxes (a table's cells, a line of footnote marks).
    const pile = Array.from({length: 40}, (_, i) => ({
      ...base.pages[0]!.blocks[3]!,
      id: `pile-${i}`,
      text: `cell ${i} with a few words`,
      bbox: [0.62 + (i % 8) * 0.006, 0.7 + Math.floor(i / 8) * 0.004, 0.7 + (i % 8) * 0.006, 0.712 + Math.floor(i / 8) * 0.004] as [number, number, number, number],
      reading_order_index: 100 + i
    }))
    const doc: Document = {...base, pages: [{...base.pages[0]!, blocks: [...base.pages[0]!.blocks, ...pile]}]}
    const {page, context, errors} = await open(renderPreviewHtml(doc))
    const circles: Array<[number, number, number, number]> = await page.$$eval('#page-1 .om circle', (els) =>
      els.map((el: any) => {
        const r = el.getBoundingClientRect()
        return [r.left, r.top, r.right, r.bottom]
      })
    )
    expect(circles).toHaveLength(doc.pages[0]!.blocks.length)
    const overlapping: string[] = []
    for (let i = 0; i < circles.length; i++)
      for (let j = i + 1; j < circles.length; j++) {
        const [a, b] = [circles[i]!, circles[j]!]
        // Circles: apart when their centres are at least a diameter apart (less a hair for rounding).
        const d = Math.hypot((a[0] + a[2] - b[0] - b[2]) / 2, (a[1] + a[3] - b[1] - b[3]) / 2)
        if (d < a[2] - a[0] - 0.5) overlapping.push(`${i}/${j}: ${d.toFixed(1)}`)
      }
    expect(overlapping).toEqual([])
    // The estimate of a line's width is generous: the real text ends inside its box (its clip is a safety net).
    const spilled: string[] = await page.$$eval('#page-1 svg.words-box', (boxes) =>
      boxes
        .filter((box: any) => {
          const text = box.querySelector('text').getBBox()
          return text.x + text.width > box.width.baseVal.value + 0.5 || text.y + text.height > box.height.baseVal.value + 2
        })
        .map((box: any) => box.textContent)
    )
    expect(spilled).toEqual([])
    expect(await page.locator('#page-1 svg.words-box').count()).toBeGreaterThan(8)
    expect(errors).toEqual([])
    await context.close()
  })
})
