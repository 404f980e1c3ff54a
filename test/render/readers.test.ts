import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {render} from '../../src/index.js'
import {textArb} from '../helpers/arbitraries.js'
import {HTML_KINDS, PROSE_KINDS, doc, hostileLatexArb, literalProblems, liveHtmlProblems} from '../helpers/render-checks.js'
import {htmlishArb, lineStructureArb} from '../helpers/readers.js'

// Each property runs a few hundred cases here; `npm run fuzz` runs 100,000+.
describe('literal in micromark, commonmark.js and markdown-it', () => {
  it('keeps the line structure of the cases that once broke it', () => {
    for (const text of ['-   \n- ', '-   \n- x', '- foo\n-\n- bar', '- foo\n-\n- bar\n', '1. a\n\n  2) b', '=\n-', '# x #'])
      for (const kind of ['paragraph', 'callout', 'caption', 'footnote', 'list', 'table_cell', 'image_alt'] as const)
        expect(literalProblems(kind, text), `${kind} ${JSON.stringify(text)}`).toEqual([])
  })

  it('keeps GFM autolink literals from taking an escape', () => {
    for (const text of ['www.<img src=x onerror=alert(1)>', 'a@b.co<img src=x>', 'http://x.y\\<b>', 'www.a.b_c', 'WWW.\\*x*'])
      for (const kind of PROSE_KINDS) expect(literalProblems(kind, text), `${kind} ${JSON.stringify(text)}`).toEqual([])
    expect(render(doc([{type: 'paragraph', text: 'www.<img src=x onerror=alert(1)>'}])).markdown).toBe(
      'www\\.\\<img src=x onerror=alert(1)>\n'
    )
  })

  // Where the readers part ways (the review of 2026-12-06): a backslash before a tab or control
  // character in a link destination (markdown-it), Unicode whitespace at a header line's edge
  // (markdown-it trims it), U+2028/U+2029 in a fence's info string (commonmark.js), a tag ending
  // in a later table cell (commonmark.js), a `(` inside a `(…)` title (micromark); `<?` and `<!--`
  // with no closer, which are no HTML but can open an e-mail autolink (`<!--@b.co>`).
  const quirkArb = fc
    .array(
      fc.constantFrom('[a]: ', '[1]: /u', '[b](', '/x', ')', '(t (', '\\', '\t', '\u000b', '\u00a0', '\u3000', '\u2028', '|', '-', ':-', '```', '`', 'q', ' ', '\n', '<img src=x o="', '">', '<!--', '<?', '@b.co>', '-->', '?>'),
      {maxLength: 10}
    )
    .map((parts) => parts.join(''))
  for (const kind of PROSE_KINDS)
    test.prop([quirkArb], {numRuns: 60})(`${kind}: where the readers part ways, text reads back as text`, (text) => {
      expect(literalProblems(kind, text)).toEqual([])
    })

  for (const kind of PROSE_KINDS)
    test.prop([fc.oneof(lineStructureArb, textArb)], {numRuns: 50})(
      `${kind}: lines that start block constructs read back as text`,
      (text) => {
        expect(literalProblems(kind, text)).toEqual([])
      }
    )
})

describe('no live HTML in markdown-it, remark → rehype (raw HTML kept) or commonmark.js', () => {
  for (const kind of HTML_KINDS)
    test.prop([kind === 'formula' ? fc.oneof(htmlishArb, hostileLatexArb) : htmlishArb], {numRuns: 30})(`${kind}`, (text) => {
      expect(liveHtmlProblems(kind, text)).toEqual([])
    })

  it('writes every formula as a fence (math, or latex when KaTeX refuses it), which no reader reads as HTML or links', () => {
    for (const latex of [
      '<img src=x onerror=alert(1)>',
      'x <svg onload=alert(1)>',
      'a\n\n<script>alert(1)</script>',
      '[a](javascript:alert(1))'
    ]) {
      const {markdown, warnings} = render(doc([{type: 'formula', latex}]))
      expect(/^```(math|latex)\n/.test(markdown), markdown).toBe(true)
      expect(warnings.every((warning) => warning.code === 'invalid_latex')).toBe(true)
      expect(liveHtmlProblems('formula', latex)).toEqual([])
    }
    expect(render(doc([{type: 'formula', latex: 'a < b'}])).markdown).toBe('```math\na < b\n```\n')
  })

  it('normalises line endings before KaTeX checks the LaTeX (a bare CR ends no comment for KaTeX)', () => {
    const {markdown, warnings} = render(doc([{type: 'formula', latex: 'x % c\r\\href{javascript:alert(1)}{y}'}]))
    expect(markdown).toBe('```latex\nx % c\n\\href{javascript:alert(1)}{y}\n```\n')
    expect(warnings.map((warning) => warning.code)).toEqual(['invalid_latex'])
  })
})
