import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {TEXT_BLOCK_TYPES, blocksInReadingOrder, parseDocument, render, renderMarkdown} from '../../src/index.js'
import {CORPUS, corpusPath, repoPath} from '../helpers/paths.js'

const root = repoPath('test/fixtures/render')

describe('render fixtures: input.json → output.md, byte for byte', () => {
  for (const name of readdirSync(root).sort())
    it(name, () => {
      const dir = `${root}/${name}`
      const options = existsSync(`${dir}/options.json`) ? JSON.parse(readFileSync(`${dir}/options.json`, 'utf8')) : {}
      expect(renderMarkdown(parseDocument(readFileSync(`${dir}/input.json`)), options)).toBe(readFileSync(`${dir}/output.md`, 'utf8'))
    })
})

describe('real documents of the corpus', () => {
  for (const name of CORPUS)
    it(`${name}: renders as its fixture (test/fixtures/corpus/*.md)`, () => {
      const markdown = renderMarkdown(parseDocument(readFileSync(corpusPath(name))))
      expect(markdown).toBe(readFileSync(corpusPath(name.replace(/\.json$/, '.md')), 'utf8'))
    })

  it('2305.03393v1.json: each figure’s caption once, numbered headings as deep as their numbers', () => {
    const doc = parseDocument(readFileSync(corpusPath('2305.03393v1.json')))
    const markdown = renderMarkdown(doc)
    const captions = blocksInReadingOrder(doc).filter((block) => block.type === 'caption')
    expect(captions.length).toBeGreaterThan(5)
    for (const caption of captions) {
      // The caption's first words (escapes aside) are written once.
      const start = String(caption.text).slice(0, 30)
      expect(markdown.replace(/\\/g, '').split(start).length - 1, start).toBe(1)
    }
    const headings = markdown.split('\n').filter((line) => /^#+ \d/.test(line))
    expect(headings).toContain('### 4.1 Language Definition')
    for (const line of headings) expect(line.indexOf(' '), line).toBe(line.split(' ')[1]!.split('.').length + 1)
    // The README shows pages 6–8 of it, headings and captions only.
    const pages = renderMarkdown({...doc, pages: doc.pages.filter((page) => page.page >= 6 && page.page <= 8)})
    const shown = pages.split('\n').filter((line) => /^(#|\*)/.test(line)).map((line) => line.slice(0, 80))
    const command = "$ docmodel render test/fixtures/corpus/2305.03393v1.json --pages 6-8 | grep -E '^(#|\\*)' | cut -c1-80\n"
    expect(readFileSync(repoPath('README.md'), 'utf8')).toContain(`${command}${shown.join('\n')}\n\`\`\``)
  })

  const norm = (text: string) => text.replace(/\s+/g, ' ').trim()
  // What the markdown shows of a text once its escapes are read: backslash escapes dropped.
  const shown = (markdown: string) => norm(markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1'))

  for (const name of CORPUS)
    it(`${name}: renders every text block, in reading order, without warnings`, () => {
      const doc = parseDocument(readFileSync(corpusPath(name)))
      const {markdown, warnings} = render(doc, {furniture: true})
      expect(warnings).toEqual([])
      const text = shown(markdown)
      let from = 0
      const textTypes: ReadonlySet<string> = new Set(TEXT_BLOCK_TYPES)
      for (const block of blocksInReadingOrder(doc)) {
        if (!textTypes.has(block.type) || block.type === 'list') continue
        const expected = norm(String(block.text))
        const at = text.indexOf(expected, from)
        expect(at, `${block.id} ${JSON.stringify(expected.slice(0, 60))}`).toBeGreaterThanOrEqual(0)
        from = at + expected.length
      }
    })
})
