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
