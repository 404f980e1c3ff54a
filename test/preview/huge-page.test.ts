// Page sizes are numbers from the document with no upper bound: a huge page must cost what its
// blocks cost, never memory or time in proportion to its size.
import {spawnSync} from 'node:child_process'
import {parseHTML} from 'linkedom'
import {describe, expect, it} from 'vitest'
import {type Document, parseDocument, renderPreviewHtml} from '../../src/index.js'
import {EXAMPLE, readJsonFile, repoPath} from '../helpers/paths.js'

const example = parseDocument(JSON.stringify(readJsonFile(EXAMPLE)))
const sized = (side: number): Document => ({...example, source: {...example.source, page_sizes: example.source.page_sizes.map(() => [side, side])}})

describe('renderPreviewHtml on huge pages', () => {
  it('draws a block’s words on as many lines as its text needs, not as its box holds (1e300 inches: no RangeError)', () => {
    const html = renderPreviewHtml(sized(1e300), {order: false})
    const {document} = parseHTML(html)
    const words = [...document.querySelectorAll('text.words')]
    expect(words.length).toBeGreaterThan(0)
    for (const text of words) expect(text.querySelectorAll('tspan').length).toBeLessThanOrEqual(text.textContent!.length + 1)
    expect(html).toContain('Quarterly Report: Q3 2026')
  })
})

describe('renderPreviewHtml on huge pages, in a child process killed after 20 s (the hang was a synchronous loop)', {timeout: 60_000}, () => {
  it('places the order numbers of blocks past 2⁵³ points (1e300 inches) and ends', () => {
    const script = `
      const {renderPreviewHtml, parseDocument} = await import(process.env.INDEX)
      const doc = parseDocument(process.env.DOC)
      const html = renderPreviewHtml(doc)
      console.log(html.match(/class="om"/g)?.length ?? 0)`
    const doc = JSON.stringify(sized(1e300))
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
      killSignal: 'SIGKILL',
      env: {INDEX: repoPath('dist/index.js'), DOC: doc}
    })
    expect(run.signal).toBe(null)
    expect(run.stderr).toBe('')
    expect(Number(run.stdout)).toBe(sized(1e300).pages.reduce((n, page) => n + page.blocks.length, 0))
  })
})
