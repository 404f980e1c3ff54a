// Escapes that earlier versions wrote as blanket rules and no reader needs in that place, each
// removed with a proof: exact strings, the minimality property (removing any one escape changes
// what micromark, commonmark.js or markdown-it reads) over generated texts in that place, and
// literalness (the text reads back as itself, nothing live).
import {fc, test} from '@fast-check/vitest'
import type {PhrasingContent, Root, RootContent} from 'mdast'
import {describe, expect, it} from 'vitest'
import {renderMarkdown, stringifyMarkdown} from '../../src/index.js'
import {countImages, htmlOf, liveHtml, readCommonmark, readMarkdownIt, readMicromark} from '../helpers/readers.js'
import {doc, literalProblems} from '../helpers/render-checks.js'
import {expectEveryEscapeNeeded} from './minimality.js'

const URL = 'https://example.com/a.png'
const imageMarkdown = (alt: string) => renderMarkdown(doc([{type: 'image', url: URL, alt}]))
const cell = (...children: PhrasingContent[]) => ({type: 'tableCell' as const, children})
/** A table of custom content (a custom handler's tree): `content` in the first body cell, `after` in the next. */
const tableWith = (content: PhrasingContent, after = 'x'): Root => ({
  type: 'root',
  children: [
    {
      type: 'table',
      align: [null, null],
      children: [
        {type: 'tableRow', children: [cell({type: 'text', value: 'h'}), cell({type: 'text', value: 'g'})]},
        {type: 'tableRow', children: [cell(content), cell({type: 'text', value: after})]}
      ]
    }
  ]
})
const paragraphWith = (...children: PhrasingContent[]): Root => ({type: 'root', children: [{type: 'paragraph', children} as RootContent]})

describe('`|` in an image’s alt or a link’s text: escaped only in a table cell', () => {
  it('leaves it alone outside a table (no delimiter row can come from the text), escapes it in a cell', () => {
    // Was `![a\\|b](…)` and `[c\\|d](v)`.
    expect(imageMarkdown('a|b | c')).toBe(`![a|b | c](${URL})\n`)
    expect(stringifyMarkdown(paragraphWith({type: 'link', url: 'v', children: [{type: 'text', value: 'c|d'}]}))).toBe('[c|d](v)\n')
    expect(stringifyMarkdown(paragraphWith({type: 'image', url: 'u', alt: 'a|b'}))).toBe('![a|b](u)\n')
    expect(stringifyMarkdown(tableWith({type: 'image', url: 'u', alt: 'a|b'}))).toBe('| h | g |\n| - | - |\n| ![a\\|b](u) | x |\n')
    expect(stringifyMarkdown(tableWith({type: 'link', url: 'v', children: [{type: 'text', value: 'c|d'}]}))).toBe(
      '| h | g |\n| - | - |\n| [c\\|d](v) | x |\n'
    )
    for (const markdown of [imageMarkdown('a|b | c'), '[c|d](v)\n']) {
      expect(readMarkdownIt(markdown)).not.toContain('<table')
      expect(readMicromark(markdown).types).not.toContain('table')
    }
    // Each backslash in the cell is needed: without it the cell splits.
    expectEveryEscapeNeeded('| h | g |\n| - | - |\n| ![a\\|b](u) | x |\n')
  })

  it('escapes an image’s alt in a table cell as a cell’s text: no tag that ends in a later cell (commonmark.js reads the table as one paragraph)', () => {
    // Was `![<img src=x onerror="alert(1); a\\|b](u) | "> |`: the alt escaped as a label alone, and
    // commonmark.js read a live `<img … onerror>` through the next cell.
    const markdown = stringifyMarkdown(tableWith({type: 'image', url: 'u', alt: '<img src=x onerror="alert(1); a|b'}, '">'))
    expect(markdown).toBe('| h | g |\n| - | - |\n| ![\\<img src=x onerror="alert(1); a\\|b](u) | "> |\n')
    for (const [reader, html] of Object.entries(htmlOf(markdown))) {
      // The image itself, and nothing else live.
      expect(countImages(html), reader).toBe(1)
      expect(liveHtml(html).filter((problem) => problem !== 'img[src=u]'), reader).toEqual([])
    }
  })

  // Alt texts of what the label rules look at, without the characters a label always escapes
  // (`[`, `]`, backticks, `$`: blanket rules there, the title after the text is read too).
  const altArb = fc
    .array(fc.constantFrom('|', '|', 'a', ' ', '-', ':', '*', '_', '~~', '\\', '&amp;', '<a>', '.', '\n'), {minLength: 1, maxLength: 10})
    .map((pieces) => pieces.join(''))
  // 200 runs: with `|` escaped everywhere (the old rule) the first fails within 3 runs (ten seeds).
  test.prop([altArb], {numRuns: 200})('an image’s alt outside a table: every escape needed by some reader', (alt) => {
    expectEveryEscapeNeeded(imageMarkdown(alt))
  })
  test.prop([altArb], {numRuns: 100})('an image’s alt reads back as itself in micromark, commonmark.js and markdown-it', (alt) => {
    expect(literalProblems('image_alt', alt)).toEqual([])
  })
})
