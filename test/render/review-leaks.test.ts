// Leaks an adversarial review found (2026-12-06), each through the whole render: document text a
// reader took as markup. Every reader's HTML is checked for what the text must not become.
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {renderMarkdown} from '../../src/index.js'
import {escapeText} from '../../src/render/escape.js'
import {expectEveryEscapeNeeded} from './minimality.js'
import {htmlOf, htmlishArb, lineStructureArb, readCommonmark, readMarkdownItTokens, readMicromark, tableHeaders} from '../helpers/readers.js'
import {doc} from '../helpers/render-checks.js'

/** Each reader's HTML of the render holds none of `forbidden`. */
function expectNone(blocks: Array<Record<string, unknown>>, forbidden: RegExp): string {
  const markdown = renderMarkdown(doc(blocks))
  for (const [reader, html] of Object.entries(htmlOf(markdown))) expect(html, `${reader}: ${JSON.stringify(markdown)}`).not.toMatch(forbidden)
  return markdown
}

describe('leaks found by review, closed', () => {
  it('markdown-it takes a tab or control character after a backslash into a link destination: no definition, link or image from it', () => {
    // (GFM readers link the URL itself, as text it is: not the reference `[1]`.)
    expectNone([{type: 'paragraph', text: '[1]: https://evil.example/x\\\tpath'}, {type: 'list', text: '- see [1]'}], /<a [^>]*>1<\/a>/)
    expectNone([{type: 'paragraph', text: 'See [the docs](https://evil.example/\\\tpage) now'}], /<a href="https:\/\/evil.example\/%5C%09/)
    expectNone([{type: 'paragraph', text: 'Logo ![x](https://tracker.example/p.gif\\\u000b1) end'}], /<img/)
    expect(escapeText('[a]: /u\\\tb')).toBe('\\[a]: /u\\\tb')
  })

  it('markdown-it trims a header line with JavaScript’s trim (NBSP, U+3000): no table from the cells it counts', () => {
    expectNone([{type: 'paragraph', text: 'Total|\u00a0\n|-'}], /<table/)
    expectNone([{type: 'paragraph', text: 'a|b\u3000\n-|\u00a0-'}], /<table/)
  })

  it('commonmark.js looks for a backtick in a fence’s info string only up to U+2028/U+2029: no fence swallowing what follows', () => {
    for (const separator of ['\u2028', '\u2029'])
      expectNone([{type: 'paragraph', text: '```' + separator + '`quoted` text'}, {type: 'heading', text: 'Next', role: 'section'}, {type: 'paragraph', text: 'More.'}], /<pre|<code/)
  })

  it('commonmark.js reads a table as a paragraph: no tag whose end is in a later cell (a live onerror)', () => {
    expectNone([{type: 'table', headers: ['Name', 'Note'], rows: [['<img src=x onerror="alert(1);', '">']]}], /<img|<!--|<\?/)
    expectNone([{type: 'table', headers: ['a', 'b'], rows: [['<!-- a', 'b -->'], ['<?x', '?>']]}], /<img|<!--|<\?/)
  })

  it('micromark takes a ( title with an unescaped ( inside: no definition from it', () => {
    expectNone([{type: 'paragraph', text: '[1]: https://evil.example (see (below)'}, {type: 'paragraph', text: 'Details in [1].'}], /title=|<a href="https:\/\/evil.example"[^>]*>1</)
    const markdown = escapeText('[a]: x (b(c)')
    expect(markdown).toBe('\\[a]: x (b(c)')
    expectEveryEscapeNeeded(markdown)
    // Both readings of a destination count: to micromark `x\` ends at the tab and `(a(b)` is a title
    // (a definition); to markdown-it the tab is part of the destination, whose `(` is unbalanced.
    expectNone([{type: 'paragraph', text: '[a]: x\\\t(a(b)'}, {type: 'paragraph', text: 'see [a]'}], /<a /)
    expect(escapeText('[a]: x\\\t(a(b)')).toBe('\\[a]: x\\\t(a(b)')
  })

  it('`<?` and `<!--` with no closer later are no HTML, but can be e-mail autolinks (`?`, `!`, `-` are address characters): no link', () => {
    // Found by chunk/literal's property (seed 678449216, in a CI check run): `<!--@x>` was a mailto: link in commonmark.js.
    expectNone([{type: 'paragraph', text: '<img src=x onerror=alert(1)><!--@x> Revenue grew.'}], /<a |<img/)
    expectNone([{type: 'paragraph', text: 'a <?@x.co> b <!--@y> c'}], /<a /)
    for (const [text, markdown] of [
      ['a <!--@x> b', 'a \\<!--@x> b'],
      ['a <?@x> b', 'a \\<?@x> b'],
      ['a <?b> <!--b>', 'a <?b> <!--b>']
    ] as const) {
      expect(escapeText(text)).toBe(markdown)
      expectEveryEscapeNeeded(markdown)
    }
  })
})

describe('leaks found by the second review (2026-12-06), closed', () => {
  /** A custom handler that puts a table block's cells in a table of its own, text as given. */
  const tableHandler = {
    table: (block: {headers?: string[]; rows: string[][]}) => [
      {
        type: 'table' as const,
        children: [block.headers ?? [], ...block.rows].map((cells) => ({
          type: 'tableRow' as const,
          children: cells.map((value) => ({type: 'tableCell' as const, children: [{type: 'text' as const, value}]}))
        }))
      }
    ]
  }

  it('a line ending in a custom tree’s table cell: no row cut short, no list from the `* |` it left (every reader)', () => {
    // Was `| h | x\n* |\n| - | - |\n| a | y |`: the cell's text escaped as a paragraph's continuation
    // line (an empty `*` cannot interrupt one), then ` |` after it made a list item in all three.
    for (const text of ['x\n*', 'x\n1.', 'x\n-', 'x\r\n+', 'x\r*']) {
      const markdown = renderMarkdown(doc([{type: 'table', headers: ['h', text], rows: [['a', 'y']]}]), {handlers: tableHandler as never})
      for (const [reader, html] of Object.entries(htmlOf(markdown))) expect(html, `${reader}: ${JSON.stringify(markdown)}`).not.toMatch(/<ul|<ol|<li/)
      // The header row keeps its two cells (the GFM readers).
      expect(tableHeaders(markdown).micromark, JSON.stringify(markdown)).toEqual([['h', text.replace(/\r\n|[\r\n]/, ' ')]])
    }
  })

  it('a blank line in a custom tree’s text starts a paragraph: no definition, list, HTML block there (every reader)', () => {
    // A natural custom handler: the block's text in one text node. Its lines after a blank line were
    // escaped as a paragraph's continuation lines, where a definition, a list of `2.` or an empty
    // item and micromark's HTML block of a lone tag cannot start: all three read them there.
    const handlers = {
      paragraph: (block: {text: string}) => [{type: 'paragraph', children: [{type: 'text', value: block.text}]}],
      list: (block: {text: string}) => [
        {type: 'list', children: [{type: 'listItem', children: [{type: 'paragraph', children: [{type: 'text', value: block.text}]}]}]}
      ],
      callout: (block: {text: string}) => [
        {type: 'blockquote', children: [{type: 'paragraph', children: [{type: 'text', value: block.text}]}]}
      ]
    }
    for (const type of ['paragraph', 'list', 'callout'])
      for (const text of [
        'Intro\n\n[x]: https://evil.example\n\nSee [x]',
        'a\n\n<img src=x onerror=alert(1) b=c="d">',
        'a\n\n2. b',
        'a\r\n\r\n*',
        'a\n\r1) b'
      ]) {
        const markdown = renderMarkdown(doc([{type, text}]), {handlers: handlers as never})
        for (const [reader, html] of Object.entries(htmlOf(markdown))) {
          expect(html, `${reader}: ${JSON.stringify(markdown)}`).not.toMatch(/<a [^>]*>(?!https:\/\/evil\.example<\/a>)|<ol|<img/)
          // (micromark links the URL as the text shows it: a GFM autolink literal.) The list handler's own item, no other.
          expect(html.split('<li').length - 1, `${reader}: ${JSON.stringify(markdown)}`).toBe(type === 'list' ? 1 : 0)
        }
      }
    expect(escapeText('Intro\n\n[x]: https://evil.example\n\nSee [x]')).toBe('Intro\n\n\\[x]: https://evil.example\n\nSee [x]')
    expect(escapeText('a\n\n2. b')).toBe('a\n\n2\\. b')
    // Decided again as written too: `_c\_` breaks the tag, so `<b _c\_>` is a destination.
    expect(escapeText('a\r\n\r\n[x]: <b _c_>')).toBe('a\r\n\r\n\\[x]: <b _c\\_>')
    expect(escapeText('a\n\r2) b')).toBe('a\n\r2\\) b')
    // A line after a line (no blank between) continues the paragraph: nothing needed there.
    expect(escapeText('a\n2. b')).toBe('a\n2. b')
  })

  it('a blank line closes every `[`: an autolink literal after one is broken as anywhere (micromark swallowed the backslash)', () => {
    // Was `[\n\nhttp://y\<img …>`: the literal taken for one inside an unclosed `[` (micromark starts
    // none there), but the blank line had ended that paragraph: micromark linked `http://y\` and
    // read the `<img>` after it as live HTML.
    const handlers = {paragraph: (block: {text: string}) => [{type: 'paragraph', children: [{type: 'text', value: block.text}]}]}
    for (const text of ['See [1\n\nhttp://y<img src=x onerror=alert(1)>', '[a\r\n\r\nwww.x.co<img src=x onerror=alert(1)>']) {
      const markdown = renderMarkdown(doc([{type: 'paragraph', text}]), {handlers: handlers as never})
      for (const [reader, html] of Object.entries(htmlOf(markdown))) expect(html, `${reader}: ${JSON.stringify(markdown)}`).not.toMatch(/<img/)
    }
    expect(escapeText('[\n\nhttp://y<e>')).toBe('[\n\nhttp\\://y\\<e>')
    // In one paragraph the `[` is still open: no literal starts, nothing to break.
    expect(escapeText('[\nhttp://y<e>')).toBe('[\nhttp://y\\<e>')
  })

  it('a CR in a custom tree’s block quote: every line keeps its `> ` (no lazy line a list can start)', () => {
    // Was `> a\r2) b`: the fast block quote prefixed only the lines after a LF, and markdown-it
    // ended the quote at the lazy line `2) b` with an ordered list.
    const handlers = {callout: (block: {text: string}) => [{type: 'blockquote', children: [{type: 'paragraph', children: [{type: 'text', value: block.text}]}]}]}
    for (const text of ['a\r2) b', 'a\r\n2) b', 'a\r-\r\r* b']) {
      const markdown = renderMarkdown(doc([{type: 'callout', text}]), {handlers: handlers as never})
      for (const [reader, html] of Object.entries(htmlOf(markdown))) expect(html, `${reader}: ${JSON.stringify(markdown)}`).not.toMatch(/<ol|<ul|<h2/)
    }
  })

  /** Custom handlers that put a block's text, as it is, in one text node of a paragraph, a list item, a block quote. */
  const textHandlers = {
    paragraph: (block: {text: string}) => [{type: 'paragraph', children: [{type: 'text', value: block.text}]}],
    list: (block: {text: string}) => [
      {type: 'list', children: [{type: 'listItem', children: [{type: 'paragraph', children: [{type: 'text', value: block.text}]}]}]}
    ],
    callout: (block: {text: string}) => [{type: 'blockquote', children: [{type: 'paragraph', children: [{type: 'text', value: block.text}]}]}]
  }
  const containers = ['paragraph', 'text', 'softbreak', 'list', 'listItem', 'item', 'bullet_list', 'list_item', 'blockquote', 'block_quote']
  test.prop(
    [
      fc.constantFrom('paragraph', 'list', 'callout'),
      fc.array(fc.tuple(fc.oneof(lineStructureArb, htmlishArb), fc.constantFrom('\n\n', '\r\n\r\n', '\n\r', '\r\r', '\n\n\n', '\n')), {minLength: 2, maxLength: 4})
    ],
    {numRuns: 300}
  )('a custom tree’s text with blank lines: nothing but its own containers in every reader, links only to the text shown', (type, parts) => {
    const text = parts.map(([line, separator]) => line + separator).join('')
    const markdown = renderMarkdown(doc([{type, text}]), {handlers: textHandlers as never})
    for (const [reader, reading] of Object.entries({micromark: readMicromark(markdown), commonmark: readCommonmark(markdown), markdownIt: readMarkdownItTokens(markdown)})) {
      expect(reading.types.filter((node) => !containers.includes(node) && !(reader === 'micromark' && node === 'link')), `${reader}: ${JSON.stringify(markdown)}`).toEqual([])
      for (const link of reading.links) expect([link.text, `http://${link.text}`, `mailto:${link.text}`], `${reader}: ${JSON.stringify(markdown)}`).toContain(link.url)
    }
  })

  it('an `xmpp:` address after a web literal that ends at a `<` or a `]` before `[`/`(`: no `xmpp:` link (remark-gfm’s transform reads it apart)', () => {
    // Were left as they are (the address taken to be inside the web literal's word, which the
    // transform would link whole): micromark's literal ends there, and remark-gfm linked the
    // address with its own scheme, `href="xmpp:a@b.c"`. Now the open `[` before it gets its
    // backslash, as anywhere (micromark's e-mail link, `mailto:`, splits it).
    for (const text of ['http://a.b<[xmpp:a@b.c', 'www.a.b<[xmpp:a@b.c', 'http://a.b][xmpp:a@b.c', 'http://a.b]([xmpp:a@b.c', '\\}<http://a.b><![CDATA[xmpp:a@b.c+**1'])
      expectNone([{type: 'paragraph', text}], /href="xmpp/)
    expect(escapeText('http://a.b<[xmpp:a@b.c')).toBe('http://a.b<\\[xmpp:a@b.c')
    expect(escapeText('http://a.b]([xmpp:a@b.c')).toBe('http://a.b](\\[xmpp:a@b.c')
    // In the literal's word the transform links the whole word (`http://…`): nothing to split.
    expect(escapeText('http://a.b/[xmpp:a@b.c')).toBe('http://a.b/[xmpp:a@b.c')
  })

  it('an `xmpp:` address in the word of a web literal the transform does not take (domain with `_`, after a letter, not http): no `xmpp:` link', () => {
    // The transform links such a word's address apart (`href="xmpp:a@b.c"`): it was taken to be
    // inside a web link because of the `://` or `www.` before it.
    for (const text of ['x http://a.b_/[xmpp:a@b.c', 'ahttp://a.b/[xmpp:a@b.c', 'ftp://a.b/[xmpp:a@b.c', 'www.a.b_>[xmpp:a@b.c', 'http://a.b_][xmpp:a@b.c'])
      expectNone([{type: 'paragraph', text}], /href="xmpp/)
    expect(escapeText('ahttp://a.b/[xmpp:a@b.c')).toBe('ahttp://a.b/\\[xmpp:a@b.c')
    expect(escapeText('HTTPS://a.b/[xmpp:a@b.c')).toBe('HTTPS://a.b/[xmpp:a@b.c')
  })
})
